//+ summary: How are two organizations (or groups) connected through the initiatives they belong to and the networks those initiatives are part of?
//+ kind: explore
//+ params: a (IRI of a participant), b (IRI of another participant)
// Finds the shortest chains (up to 6 hops) over MEMBER_OF and PART_OF_NETWORK and
// returns every node lying on one of them with its distance (step) from a; a and b
// themselves are not listed; no rows: no chain. Written without shortestPath (Neo4j),
// * SHORTEST (LadybugDB) and list comprehensions (LadybugDB lacks them), and matching
// unwound path nodes again by uri (LadybugDB cannot), so that it runs unchanged on both.
MATCH p = (a:Organization|StakeholderGroup {uri: $a})-[:MEMBER_OF|PART_OF_NETWORK*1..6]-(b:Organization|StakeholderGroup {uri: $b})
WITH a, b, min(length(p)) AS hops
MATCH p = (a)-[:MEMBER_OF|PART_OF_NETWORK*1..6]-(b)
WHERE length(p) = hops
UNWIND nodes(p) AS n
WITH DISTINCT a, hops, n.uri AS node, n.name AS node_name
WHERE node <> $a AND node <> $b
MATCH q = (a)-[:MEMBER_OF|PART_OF_NETWORK*1..6]-(m)
WHERE m.uri = node
RETURN hops, min(length(q)) AS step, node, node_name
ORDER BY step, node
