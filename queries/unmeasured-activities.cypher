//+ summary: Which activities does no indicator measure?
//+ kind: gap
//+ params: initiative (optional)
// Same rule as the `unmeasured_activity` gap of `cigraph gaps`: no MEASURED_BY
// (asserted ci:measuredBy, or inferred from ci:measures).
MATCH (a:Activity)-[:PART_OF_INITIATIVE]->(i)
WHERE i.uri = coalesce($initiative, i.uri)
  AND NOT EXISTS { MATCH (a)-[:MEASURED_BY]->() }
RETURN i.uri AS initiative, a.uri AS activity, a.name AS activity_name
ORDER BY initiative, activity
