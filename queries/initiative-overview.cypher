//+ summary: One line per initiative: country, network, stated member count, and how many participants, priorities, activities and working groups the graph holds
//+ kind: explore
//+ params: initiative (optional)
MATCH (i:Initiative)
WHERE i.uri = coalesce($initiative, i.uri) AND i.name IS NOT NULL
OPTIONAL MATCH (i)-[:PART_OF_NETWORK]->(n)
RETURN i.uri AS initiative, i.name AS name, i.country AS country, n.uri AS network,
       i.memberCount AS member_count,
       COUNT { MATCH (p)-[:MEMBER_OF]->(i) } AS participants,
       COUNT { MATCH (pr:Priority)-[:PART_OF_INITIATIVE]->(i) } AS priorities,
       COUNT { MATCH (a:Activity)-[:PART_OF_INITIATIVE]->(i) } AS activities,
       COUNT { MATCH (w:WorkingGroup)-[:PART_OF_INITIATIVE]->(i) } AS working_groups
ORDER BY name, initiative, network
