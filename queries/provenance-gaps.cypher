//+ summary: Which entities in the data cite no source section? (should return no rows)
//+ kind: check
//+ params: none
// Every node of the case studies (IRIs under https://w3id.org/cigraph/id/) must have
// WAS_DERIVED_FROM a SourceSection; the sources themselves are exempt. One row per label
// of an offending node (the property graph keeps entailed types too, so a node can show
// more types than provenance-gaps.rq lists).
MATCH (n)
WHERE n.uri STARTS WITH 'https://w3id.org/cigraph/id/'
  AND NOT 'SourceDocument' IN n.labels AND NOT 'SourceSection' IN n.labels
  AND NOT EXISTS { MATCH (n)-[:WAS_DERIVED_FROM]->(:SourceSection) }
UNWIND n.labels AS t
RETURN n.uri AS entity, 'https://w3id.org/cigraph#' + t AS type
ORDER BY entity, type
