// Reads a GEXF file with graphology-gexf and prints what a GEXF client sees, as JSON:
// node and edge counts, the graph's type, and each node's attributes (viz values included).
// Usage: node read.mjs FILE.gexf
import { readFileSync } from "node:fs";
import Graph from "graphology";
import gexf from "graphology-gexf";

const text = readFileSync(process.argv[2], "utf8");
const graph = gexf.parse(Graph, text, { allowUndeclaredAttributes: false });
const nodes = {};
graph.forEachNode((key, attrs) => { nodes[key] = attrs; });
const edges = [];
graph.forEachEdge((key, attrs, source, target) => { edges.push({ source, target, ...attrs }); });
process.stdout.write(JSON.stringify({ type: graph.type, order: graph.order, size: graph.size,
                                      meta: graph.getAttributes(), nodes, edges }));
