//+ summary: Which sectors sit at each initiative's table, and with how many participants?
//+ kind: cq
//+ params: initiative (optional)
// The sector a participant is assigned in the data (IN_SECTOR), not its broader sectors.
MATCH (p)-[:MEMBER_OF]->(i:Initiative)
WHERE i.uri = coalesce($initiative, i.uri) AND i.name IS NOT NULL
MATCH (p)-[:IN_SECTOR]->(s:Sector)
WHERE s.prefLabel IS NOT NULL
RETURN i.uri AS initiative, i.name AS initiative_name, s.uri AS sector, s.prefLabel AS sector_name,
       count(DISTINCT p) AS participants
ORDER BY initiative_name, sector_name, initiative, sector
