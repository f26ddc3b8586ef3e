#!/usr/bin/env node
// Checks Cypher statements with Neo4j's own parser and semantic analysis
// (@neo4j-cypher/language-support, offline: no server needed).
//
// stdin: JSON, either a list of query strings or
//   {"statements": [{"id": "...", "query": "...", "parameters": {...}, "schema": {...}}, ...],
//    "schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]}}
// "parameters" declares the $parameters a statement uses (values only show their type);
// "schema", when given, makes unknown labels, types and properties warnings; a statement's
// own "schema" replaces the common one for that statement.
// Functions are checked against Neo4j's function registry shipped with the package
// (testData.mockSchema, CYPHER 5), so a function Neo4j lacks (e.g. label()) is an error.
//
// stdout: JSON {"results": [{"id", "ms", "diagnostics": [{"severity", "message", "line", "column",
//   "start", "end"}]}], "errors": N, "warnings": N, "ms": {"warmup": N, "total": N}}
// exit code: 0 no errors, 1 some statement has errors, 2 bad input.
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function lineCol(text, offset) {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

const input = await readStdin();
let payload;
try {
  payload = JSON.parse(input);
} catch (e) {
  process.stderr.write(`lint.mjs: stdin is not JSON: ${e.message}\n`);
  process.exit(2);
}
const statements = (Array.isArray(payload) ? payload : payload.statements || []).map((s, i) =>
  typeof s === 'string' ? { id: String(i), query: s, parameters: {} } : { id: String(s.id ?? i), parameters: {}, ...s });
const schema = Array.isArray(payload) ? {} : payload.schema || {};
const functions = testData.mockSchema.functions;

const t0 = performance.now();
lintCypherQuery('RETURN 1', { functions }); // warm-up (loads the parser)
const t1 = performance.now();
let errors = 0;
let warnings = 0;
const results = statements.map((s) => {
  const dbSchema = { ...(s.schema || schema), functions, parameters: s.parameters || {} };
  const started = performance.now();
  const { diagnostics } = lintCypherQuery(s.query, dbSchema);
  return {
    id: s.id,
    ms: Math.round(performance.now() - started),
    diagnostics: diagnostics.map((d) => {
      const sev = SEVERITY[d.severity] || String(d.severity);
      if (sev === 'error') errors += 1;
      if (sev === 'warning') warnings += 1;
      return { severity: sev, message: d.message, ...lineCol(s.query, d.offsets.start),
        start: d.offsets.start, end: d.offsets.end };
    }),
  };
});
const t2 = performance.now();
process.stdout.write(JSON.stringify({ results, errors, warnings,
  ms: { warmup: Math.round(t1 - t0), total: Math.round(t2 - t1) } }) + '\n');
process.exit(errors ? 1 : 0);
