//+ summary: Which evaluation methods and tools does each initiative use, and where do they stand?
//+ kind: cq
//+ params: initiative (optional)
// Who developed each method: add OPTIONAL MATCH (e)-[:DEVELOPED_BY]->(d).
MATCH (e:EvaluationMethod)-[:PART_OF_INITIATIVE]->(i)
WHERE i.uri = coalesce($initiative, i.uri)
RETURN i.uri AS initiative, e.uri AS method, e.name AS method_name, e.status AS status
ORDER BY initiative, method
