//+ summary: Which working groups does each initiative have, and how many activities does each coordinate?
//+ kind: cq
//+ params: initiative (optional)
// What each one coordinates and focuses on, by name: working-group-focus.
MATCH (w:WorkingGroup)-[:PART_OF_INITIATIVE]->(i)
WHERE i.uri = coalesce($initiative, i.uri) AND w.name IS NOT NULL
OPTIONAL MATCH (a)-[:COORDINATED_BY]->(w)
RETURN i.uri AS initiative, w.uri AS working_group, w.name AS working_group_name,
       count(DISTINCT a) AS activities
ORDER BY initiative, working_group_name, working_group
