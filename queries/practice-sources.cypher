//+ summary: Which source section supports each condition practice (initiative, condition, maturity)?
//+ kind: explore
//+ params: initiative (optional)
MATCH (i:Initiative)-[:HAS_PRACTICE]->(cp:ConditionPractice)-[:HAS_CONDITION]->(c:Condition)
WHERE i.uri = coalesce($initiative, i.uri)
MATCH (cp)-[:MATURITY]->(m)
MATCH (cp)-[:WAS_DERIVED_FROM]->(s:SourceSection)-[:IS_PART_OF]->(d)
WHERE s.sectionTitle IS NOT NULL
RETURN i.uri AS initiative, c.uri AS condition, m.uri AS maturity, cp.uri AS practice, s.uri AS section,
       s.sectionTitle AS section_title, d.uri AS document
ORDER BY initiative, c.rank, section
