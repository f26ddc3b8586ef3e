//+ summary: Which priorities does no activity serve, directly or through a sub-priority?
//+ kind: gap
//+ params: initiative (optional)
// Same rule as the `uncovered_priority` gap of `cigraph gaps` and uncovered-priorities.rq;
// sub-priority chains are followed up to 10 levels (LadybugDB needs an upper bound).
MATCH (p:Priority)-[:PART_OF_INITIATIVE]->(i)
WHERE i.uri = coalesce($initiative, i.uri)
  AND NOT EXISTS { MATCH ()-[:SERVES]->(p) }
  AND NOT EXISTS { MATCH ()-[:SERVES]->(:Priority)-[:SUB_PRIORITY_OF*1..10]->(p) }
RETURN i.uri AS initiative, p.uri AS priority, p.name AS priority_name
ORDER BY initiative, priority
