//+ summary: Which participants provide backbone support to each initiative?
//+ kind: cq
//+ params: initiative (optional)
// HAS_BACKBONE is inferred by `cigraph build` from memberships with ci:BackboneRole.
// The roles each backbone holds: backbone-roles.
MATCH (i:Initiative)-[:HAS_BACKBONE]->(b)
WHERE i.uri = coalesce($initiative, i.uri)
  AND i.name IS NOT NULL AND b.name IS NOT NULL
RETURN i.uri AS initiative, i.name AS initiative_name, b.uri AS backbone, b.name AS backbone_name
ORDER BY initiative_name, backbone_name, backbone
