//+ summary: How mature is each initiative in each of the five conditions of Collective Impact?
//+ kind: cq
//+ params: initiative (optional)
// ci:condition is stored as HAS_CONDITION (it would clash with the Condition label).
MATCH (i:Initiative)-[:HAS_PRACTICE]->(cp:ConditionPractice)-[:HAS_CONDITION]->(c:Condition)
WHERE i.uri = coalesce($initiative, i.uri) AND i.name IS NOT NULL
MATCH (cp)-[:MATURITY]->(m:MaturityLevel)
RETURN i.uri AS initiative, i.name AS initiative_name, c.uri AS condition, m.uri AS maturity,
       m.rank AS maturity_rank
ORDER BY initiative_name, c.rank
