//+ summary: How mature is each initiative in each of the five conditions of Collective Impact?
//+ kind: cq
//+ params: initiative (optional)
// ci:condition is stored as HAS_CONDITION (it would clash with the Condition label).
// The current assessment of each condition, by the rule of condition-assessments.
MATCH (i:Initiative)-[:HAS_PRACTICE]->(cp:ConditionPractice)-[:HAS_CONDITION]->(c:Condition)
WHERE i.uri = coalesce($initiative, i.uri) AND i.name IS NOT NULL
MATCH (cp)-[:MATURITY]->(m:MaturityLevel)
OPTIONAL MATCH (cp)-[:ASSESSMENT_KIND]->(k:AssessmentKind)
WITH i, c, cp, m, coalesce(k.rank, 3) AS kind_rank, coalesce(cp.assessedYear, -1) AS y
OPTIONAL MATCH (i)-[:HAS_PRACTICE]->(other:ConditionPractice)-[:HAS_CONDITION]->(c)
WHERE other.uri <> cp.uri
OPTIONAL MATCH (other)-[:ASSESSMENT_KIND]->(ok:AssessmentKind)
WITH i, c, cp, m, kind_rank, y, other, coalesce(other.assessedYear, -1) AS oy, coalesce(ok.rank, 3) AS orank
WITH i, c, cp, m,
     sum(CASE WHEN other IS NOT NULL AND (oy > y OR (oy = y AND (orank > kind_rank
              OR (orank = kind_rank AND other.uri > cp.uri)))) THEN 1 ELSE 0 END) AS later
WHERE later = 0
RETURN i.uri AS initiative, i.name AS initiative_name, c.uri AS condition, m.uri AS maturity,
       m.rank AS maturity_rank
ORDER BY initiative_name, c.rank
