//+ summary: Who takes part in each initiative, in which role?
//+ kind: cq
//+ params: initiative (optional)
// One row per membership (a participant with two roles appears twice). org:organization
// and org:role are stored as HAS_ORGANIZATION and HAS_ROLE (they would clash with labels).
MATCH (m:Membership)-[:HAS_ORGANIZATION]->(i)
WHERE i.uri = coalesce($initiative, i.uri)
MATCH (m)-[:MEMBER]->(p)
MATCH (m)-[:HAS_ROLE]->(r)
WHERE p.name IS NOT NULL
RETURN i.uri AS initiative, r.uri AS role, p.uri AS participant, p.name AS participant_name
ORDER BY initiative, role, participant_name, participant
