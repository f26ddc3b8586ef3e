//+ summary: Which organizations take part in more than one initiative?
//+ kind: cq
//+ params: none
// One organization is one node across initiatives; MEMBER_OF is inferred from memberships.
MATCH (o:Organization)-[:MEMBER_OF]->(i:Initiative)
WHERE o.name IS NOT NULL
WITH o, count(DISTINCT i) AS initiatives
WHERE initiatives > 1
RETURN o.uri AS organization, o.name AS organization_name, initiatives
ORDER BY initiatives DESC, organization_name, organization
