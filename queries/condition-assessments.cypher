//+ summary: Every assessment of each initiative's five conditions over time, and which one is current
//+ kind: cq
//+ params: initiative (optional)
// Same rules as condition-assessments.rq. A practice without ASSESSMENT_KIND is a curator's
// assessment (rank 3); undated assessments sort first (year -1).
MATCH (i:Initiative)-[:HAS_PRACTICE]->(cp:ConditionPractice)-[:HAS_CONDITION]->(c:Condition)
WHERE i.uri = coalesce($initiative, i.uri)
MATCH (cp)-[:MATURITY]->(m:MaturityLevel)
OPTIONAL MATCH (cp)-[:ASSESSMENT_KIND]->(k:AssessmentKind)
OPTIONAL MATCH (cp)-[:ASSESSED_BY]->(by)
WITH i, c, cp, m, coalesce(k.uri, 'https://w3id.org/cigraph#CuratorAssessment') AS kind,
     coalesce(k.rank, 3) AS kind_rank, coalesce(cp.assessedYear, -1) AS y, by
OPTIONAL MATCH (i)-[:HAS_PRACTICE]->(other:ConditionPractice)-[:HAS_CONDITION]->(c)
WHERE other.uri <> cp.uri
OPTIONAL MATCH (other)-[:ASSESSMENT_KIND]->(ok:AssessmentKind)
WITH i, c, cp, m, kind, kind_rank, y, by, other, coalesce(other.assessedYear, -1) AS oy, coalesce(ok.rank, 3) AS orank
WITH i, c, cp, m, kind, kind_rank, y, by,
     sum(CASE WHEN other IS NOT NULL AND (oy > y OR (oy = y AND (orank > kind_rank
              OR (orank = kind_rank AND other.uri > cp.uri)))) THEN 1 ELSE 0 END) AS later
RETURN i.uri AS initiative, c.uri AS condition, cp.uri AS practice, m.uri AS maturity, m.rank AS maturity_rank,
       kind, cp.assessedYear AS assessed_year, by.uri AS assessed_by, later = 0 AS current
ORDER BY initiative, c.rank, y, kind_rank, practice
