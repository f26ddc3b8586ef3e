//+ summary: Which organizations are subsidiaries, spin-offs, fiscal sponsors, evaluators or predecessors of others, and since when?
//+ kind: cq
//+ params: initiative (optional: relations with the initiative or one of its participants at either end)
// Same rules as organization-relations.rq. The relation kinds' ci:directProperty is not in the
// property graph (it points at ontology properties), so the five shortcut edge types are
// matched by name, each paired with its kind. The ORDER BY sorts the second part of the UNION
// (the dated relation nodes); the undated shortcuts come first.
MATCH (i:Initiative)
WHERE i.uri = coalesce($initiative, i.uri)
MATCH (a)-[:SUBSIDIARY_OF|SPUN_OUT_OF|FISCAL_SPONSOR_OF|EVALUATOR_FOR|PRECEDED_BY]->(b)
WHERE a = i OR b = i OR EXISTS { MATCH (a)-[:MEMBER_OF]->(i) } OR EXISTS { MATCH (b)-[:MEMBER_OF]->(i) }
MATCH (k:RelationKind)
WHERE (k.uri = 'https://w3id.org/cigraph#SubsidiaryRelation' AND EXISTS { MATCH (a)-[:SUBSIDIARY_OF]->(b) })
   OR (k.uri = 'https://w3id.org/cigraph#SpinOffRelation' AND EXISTS { MATCH (a)-[:SPUN_OUT_OF]->(b) })
   OR (k.uri = 'https://w3id.org/cigraph#FiscalSponsorRelation' AND EXISTS { MATCH (a)-[:FISCAL_SPONSOR_OF]->(b) })
   OR (k.uri = 'https://w3id.org/cigraph#EvaluatorRelation' AND EXISTS { MATCH (a)-[:EVALUATOR_FOR]->(b) })
   OR (k.uri = 'https://w3id.org/cigraph#PredecessorRelation' AND EXISTS { MATCH (a)-[:PRECEDED_BY]->(b) })
WITH DISTINCT i, a, b, k
WHERE NOT EXISTS { MATCH (a)<-[:FROM_ORGANIZATION]-(r:OrganizationRelation)-[:TO_ORGANIZATION]->(b), (r)-[:RELATION_KIND]->(k) }
RETURN i.uri AS initiative, a.uri AS from, a.name AS from_name, k.uri AS kind, k.prefLabel AS kind_name,
       b.uri AS to, b.name AS to_name, CASE WHEN false THEN 0 ELSE NULL END AS start_year,
       CASE WHEN false THEN 0 ELSE NULL END AS end_year, CASE WHEN false THEN '' ELSE NULL END AS relation
UNION
MATCH (i:Initiative)
WHERE i.uri = coalesce($initiative, i.uri)
MATCH (a)<-[:FROM_ORGANIZATION]-(r:OrganizationRelation)-[:TO_ORGANIZATION]->(b), (r)-[:RELATION_KIND]->(k:RelationKind)
WHERE a = i OR b = i OR EXISTS { MATCH (a)-[:MEMBER_OF]->(i) } OR EXISTS { MATCH (b)-[:MEMBER_OF]->(i) }
RETURN i.uri AS initiative, a.uri AS from, a.name AS from_name, k.uri AS kind, k.prefLabel AS kind_name,
       b.uri AS to, b.name AS to_name, r.startYear AS start_year, r.endYear AS end_year, r.uri AS relation
ORDER BY initiative, from_name, kind, to_name, start_year
