//+ summary: Which of the six backbone functions does each initiative's backbone perform, on the sources' evidence?
//+ kind: cq
//+ params: initiative (optional)
// The functions without evidence, initiative by initiative: backbone-function-gaps.
MATCH (i)-[:HAS_BACKBONE_SUPPORT]->(s)-[:PERFORMS_FUNCTION]->(f:BackboneFunction)
WHERE i.uri = coalesce($initiative, i.uri) AND f.prefLabel IS NOT NULL
RETURN i.uri AS initiative, f.uri AS function, f.prefLabel AS function_name
ORDER BY initiative, f.rank
