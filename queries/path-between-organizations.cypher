//+ summary: How are two organizations (or groups) connected through the initiatives they belong to and the networks those initiatives are part of?
//+ kind: explore
//+ params: a (IRI of a participant), b (IRI of another participant)
// Every node on a shortest chain (up to 6 hops) from a to b over MEMBER_OF and
// PART_OF_NETWORK in either direction, with its distance (step) from a; a and b are not
// listed; no rows: no chain. Written without shortestPath (Neo4j), * SHORTEST
// (LadybugDB) and list comprehensions (LadybugDB lacks them), and matching unwound path
// nodes again by uri (LadybugDB cannot use them in a pattern), so that it runs
// unchanged on both.
// Scale limit: variable-length matching enumerates every path up to 6 hops, which
// grows exponentially with shared organizations; on the synthetic benchmark graphs
// (>= 10 k triples, hubs in dozens of initiatives) LadybugDB ran past 6 GB. For large
// graphs use the SPARQL twin (`cigraph sparql path-between-organizations`), which
// expands DISTINCT frontiers instead (0.6 s on 350 k triples).
MATCH p = (x:Organization|StakeholderGroup {uri: $a})-[:MEMBER_OF|PART_OF_NETWORK*1..6]-(y:Organization|StakeholderGroup {uri: $b})
WITH x, y, min(length(p)) AS hops
MATCH p = (x)-[:MEMBER_OF|PART_OF_NETWORK*1..6]-(y)
WHERE length(p) = hops
UNWIND nodes(p) AS n
WITH DISTINCT x, y, hops, n.uri AS node, n.name AS node_name
WHERE node <> x.uri AND node <> y.uri
MATCH q = (x)-[:MEMBER_OF|PART_OF_NETWORK*1..6]-(m)
WHERE m.uri = node
RETURN x.uri AS a, y.uri AS b, hops, min(length(q)) AS step, node, node_name
ORDER BY step, node
