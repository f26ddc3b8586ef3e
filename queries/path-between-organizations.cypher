//+ summary: How are two organizations (or groups) connected through the initiatives they belong to and the networks those initiatives are part of?
//+ kind: explore
//+ params: a (IRI of a participant), b (IRI of another participant)
// Every node on a shortest chain (up to 6 hops) from a to b over MEMBER_OF and
// PART_OF_NETWORK in either direction, with its distance (step) from a; a and b are not
// listed; no rows: no chain.
// Bounded in memory: breadth-first search, one block per step. Each row is a node and its
// distance; a step adds every neighbour at distance + 1 and keeps, per node, the least
// distance (min), so the rows never exceed the nodes reached and the work grows with the
// relationships reached, not with the number of walks (variable-length matching
// enumerated every path up to 6 hops and ran past 6 GB at 10 k synthetic triples).
// First from a alone, six steps: hops = the distance to b. Then from both ends at once
// (side 0 from a, side 1 from b), five steps: a node lies on a shortest chain when its
// distance from a (step) plus its distance from b (back) is hops. Written in the Cypher both stores speak:
// no shortestPath (Neo4j) or * SHORTEST (LadybugDB), no CALL {}, no list indexing
// (0-based in Neo4j, 1-based in LadybugDB), nodes re-matched by uri between steps.
MATCH (x:Organization|StakeholderGroup {uri: $a})
MATCH (y:Organization|StakeholderGroup {uri: $b})
WITH x, y, x.uri AS u, 0 AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, u, min(d) AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, u, min(d) AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, u, min(d) AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, u, min(d) AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, u, min(d) AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, u, min(d) AS d
WITH x, y, max(CASE WHEN u = y.uri THEN d END) AS hops
WHERE hops IS NOT NULL
UNWIND [0, 1] AS side
WITH x, y, hops, side, CASE WHEN side = 0 THEN x.uri ELSE y.uri END AS u, 0 AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, hops, side, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, hops, side, u, min(d) AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, hops, side, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, hops, side, u, min(d) AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, hops, side, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, hops, side, u, min(d) AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, hops, side, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, hops, side, u, min(d) AS d
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
OPTIONAL MATCH (n)-[:MEMBER_OF|PART_OF_NETWORK]-(m)
UNWIND [0, 1] AS i
WITH x, y, hops, side, CASE WHEN i = 0 THEN n.uri ELSE m.uri END AS u, d + i AS d
WHERE u IS NOT NULL
WITH x, y, hops, side, u, min(d) AS d
WITH x, y, hops, u, max(CASE WHEN side = 0 THEN d END) AS step, max(CASE WHEN side = 1 THEN d END) AS back
WHERE step + back = hops AND u <> x.uri AND u <> y.uri
MATCH (n:Organization|StakeholderGroup|Initiative|Network {uri: u})
RETURN x.uri AS a, y.uri AS b, hops, step, u AS node, n.name AS node_name
ORDER BY step, node
