//+ summary: Who funds each initiative's backbone, with how much and when?
//+ kind: cq
//+ coverage: hand-made test data only (tests/data/ontology-0.2; the case-study sources give no such facts)
//+ params: initiative (optional)
// Same rule as backbone-funders.rq: a grant that FUNDS the initiative's backbone support.
MATCH (i:Initiative)-[:HAS_BACKBONE_SUPPORT]->(b:BackboneSupport)<-[:FUNDS]-(g:Grant)-[:FUNDER]->(f)
WHERE i.uri = coalesce($initiative, i.uri)
RETURN i.uri AS initiative, f.uri AS funder, f.name AS funder_name, g.uri AS grant, g.amount AS amount,
       g.currency AS currency, g.startYear AS start_year, g.endYear AS end_year
ORDER BY initiative, start_year, funder_name, grant
