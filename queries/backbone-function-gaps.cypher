//+ summary: Which of the six backbone functions has each initiative no evidence for?
//+ kind: gap
//+ params: initiative (optional)
MATCH (i:Initiative), (f:BackboneFunction)
WHERE i.uri = coalesce($initiative, i.uri)
  AND NOT EXISTS { MATCH (i)-[:HAS_BACKBONE_SUPPORT]->(:BackboneSupport)-[:PERFORMS_FUNCTION]->(f) }
RETURN i.uri AS initiative, i.name AS initiative_name, f.uri AS function, f.prefLabel AS function_name,
       f.rank AS function_rank
ORDER BY initiative, function_rank
