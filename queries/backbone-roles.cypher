//+ summary: Which organizations or groups are the backbone of each initiative, and which roles do they hold there?
//+ kind: cq
//+ params: initiative (optional)
// A backbone is a participant with the Backbone role (HAS_BACKBONE) or one that provides
// the initiative's backbone support (PROVIDED_BY; staff positions and committees that
// provide it are left out). One row per backbone and role held in the initiative; role
// is null for a provider without a membership.
// Plan (LadybugDB, 1 M triples): the candidates are walked from the initiative (one or two hops)
// and then checked, instead of testing every organization (whole network 1.49 -> 0.22 s).
MATCH (i:Initiative)
WHERE i.uri = coalesce($initiative, i.uri)
MATCH (i)-[:HAS_BACKBONE|HAS_BACKBONE_SUPPORT|PROVIDED_BY*1..2]->(p:Organization|StakeholderGroup)
WHERE EXISTS { MATCH (i)-[:HAS_BACKBONE]->(p) }
   OR EXISTS { MATCH (i)-[:HAS_BACKBONE_SUPPORT]->(:BackboneSupport)-[:PROVIDED_BY]->(p) }
WITH DISTINCT i, p
OPTIONAL MATCH (i)-[:HAS_MEMBERSHIP]->(m:Membership)-[:MEMBER]->(p)
OPTIONAL MATCH (m)-[:HAS_ROLE]->(r:Role)
RETURN DISTINCT i.uri AS initiative, i.name AS initiative_name, p.uri AS backbone, p.name AS backbone_name,
       r.uri AS role, r.label AS role_name
ORDER BY initiative, backbone, role
