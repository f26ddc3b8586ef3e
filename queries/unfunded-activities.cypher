//+ summary: Which activities does no recorded grant fund?
//+ kind: gap
//+ params: initiative (optional)
// Same rule as unfunded-activities.rq.
MATCH (a:Activity)-[:PART_OF_INITIATIVE]->(i:Initiative)
WHERE i.uri = coalesce($initiative, i.uri)
  AND NOT EXISTS { MATCH (:Grant)-[:FUNDS]->(a) }
RETURN i.uri AS initiative, a.uri AS activity, a.name AS activity_name
ORDER BY initiative, activity
