//+ summary: Who led each initiative's backbone, and when (in YEAR, if given)?
//+ kind: cq
//+ coverage: hand-made test data only (tests/data/ontology-0.2; the case-study sources give no such facts)
//+ params: initiative (optional), year (optional: an integer; only holdings that cover that year)
// Same rules as backbone-leaders.rq: a post role ci:LeadershipPost or narrower (BROADER up to
// 3 levels), held in a backbone organization (HELD_IN to HAS_BACKBONE or PROVIDED_BY) or as a
// staff position of the backbone support (OF_POST to HAS_STAFF); years from startYear / endYear.
MATCH (i:Initiative)
WHERE i.uri = coalesce($initiative, i.uri)
MATCH (h:PostHolding)-[:HOLDER]->(p:Person)
MATCH (h)-[:OF_POST|HELD_IN]->(place)
WHERE EXISTS { MATCH (i)-[:HAS_BACKBONE_SUPPORT]->(:BackboneSupport)-[:HAS_STAFF]->(place) }
   OR EXISTS { MATCH (i)-[:HAS_BACKBONE]->(place) }
   OR EXISTS { MATCH (i)-[:HAS_BACKBONE_SUPPORT]->(:BackboneSupport)-[:PROVIDED_BY]->(place) }
MATCH (h)-[:POST_ROLE|OF_POST*1..2]->(r:PostRole)
WHERE r.uri = 'https://w3id.org/cigraph#LeadershipPost'
   OR EXISTS { MATCH (r)-[:BROADER*1..3]->(top:PostRole) WHERE top.uri = 'https://w3id.org/cigraph#LeadershipPost' }
WITH DISTINCT i, p, r, place, h, h.startYear AS start_year, h.endYear AS end_year, coalesce($year, -1) AS y
WHERE y = -1
   OR ((start_year IS NOT NULL OR end_year IS NOT NULL)
       AND coalesce(start_year, y) <= y AND coalesce(end_year, y) >= y)
   OR (start_year IS NULL AND end_year IS NULL AND y IN coalesce(h.inYear, []))
RETURN i.uri AS initiative, p.uri AS person, p.name AS person_name, r.uri AS role, place.uri AS held_in,
       start_year, end_year, coalesce(h.acting, false) AS acting, $year AS year
ORDER BY initiative, start_year, person_name, role
