//+ summary: What does each working group coordinate (activities) and focus on (priorities)?
//+ kind: cq
//+ params: initiative (optional)
// One row per working group and activity or priority; relation is "coordinates" or
// "focuses on", and null (with target) for a working group with neither.
MATCH (w:WorkingGroup)-[:PART_OF_INITIATIVE]->(i:Initiative)
WHERE i.uri = coalesce($initiative, i.uri)
OPTIONAL MATCH (w)-[:COORDINATED_BY|FOCUSES_ON]-(x:Activity|Priority)
RETURN i.uri AS initiative, i.name AS initiative_name, w.uri AS working_group, w.name AS working_group_name,
       CASE WHEN x IS NULL THEN NULL WHEN 'Activity' IN x.labels THEN 'coordinates' ELSE 'focuses on' END
         AS relation,
       x.uri AS target, x.name AS target_name
ORDER BY initiative, working_group, relation, target
