//+ summary: Which indicators does each initiative use, and which activity, outcome or priority does each track?
//+ kind: cq
//+ params: initiative (optional)
// An indicator tracks what it is INDICATOR_FOR and the activities MEASURED_BY it; the
// pattern is undirected because Neo4j cannot give each type its own direction in one
// pattern (the ontology's domains make the directions unambiguous). An indicator that
// tracks nothing yet appears once with a null `tracks`.
MATCH (n:Indicator)-[:PART_OF_INITIATIVE]->(i)
WHERE i.uri = coalesce($initiative, i.uri)
OPTIONAL MATCH (n)-[:INDICATOR_FOR|MEASURED_BY]-(x)
RETURN i.uri AS initiative, n.uri AS indicator, n.name AS indicator_name, x.uri AS tracks
ORDER BY initiative, indicator, tracks
