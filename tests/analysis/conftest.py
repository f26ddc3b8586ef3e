"""A small builder for hand-made PropertyGraphs (ids are short strings; shared
vocabulary uses the real ontology IRIs so the rules see what they see in data)."""

from __future__ import annotations

import pytest

from cigraph.projection import Edge, Node, PropertyGraph

CI = "https://w3id.org/cigraph#"
SECTORS = {"PublicSector": None, "NonProfitSector": None, "PrivateSector": None, "CommunitySector": None,
           "EducationSector": "PublicSector", "HealthSector": "PublicSector",
           "PhilanthropySector": "NonProfitSector", "IndigenousCommunity": "CommunitySector"}
MATURITY = {"Planned": 1, "Emerging": 2, "Established": 3}


class Builder:
    def __init__(self):
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        for s, broader in SECTORS.items():
            self.node(CI + s, "Sector", name=s)
            if broader:
                self.edge(CI + s, CI + broader, "BROADER")
        for r in ("MemberRole", "BackboneRole", "CoChairRole", "LeadAgencyRole", "FunderRole", "GoverningBodyRole"):
            self.node(CI + r, "Role", name=r)
        for m, r in MATURITY.items():
            self.node(CI + m, "MaturityLevel", name=m, rank=r)

    def node(self, nid, label, **props):
        labels = (label, "Participant") if label in ("Organization", "StakeholderGroup") else (label,)
        props.setdefault("name", nid)
        self.nodes[nid] = Node(nid, labels, props)
        return nid

    def edge(self, s, t, type_):
        self.edges.append(Edge(s, t, type_))

    def initiative(self, nid, name=None, short=None):
        props = {"name": name or nid}
        if short:
            props["shortName"] = short
        return self.node(nid, "Initiative", **props)

    def member(self, p, ini, sector=None, roles=(), label="Organization"):
        if p not in self.nodes:
            self.node(p, label)
        self.edge(p, ini, "MEMBER_OF")
        if sector:
            self.edge(p, CI + sector, "IN_SECTOR")
        for r in roles or ("MemberRole",):
            m = self.node(f"m-{p}-{ini}-{r}", "Membership")
            self.edge(ini, m, "HAS_MEMBERSHIP")
            self.edge(m, p, "MEMBER")
            self.edge(m, ini, "ORGANIZATION")
            self.edge(m, CI + r, "ROLE")
            if r == "BackboneRole":
                self.edge(ini, p, "HAS_BACKBONE")
        return p

    def priority(self, p, ini, sub_of=None):
        self.node(p, "Priority")
        self.edge(p, ini, "PART_OF_INITIATIVE")
        if sub_of:
            self.edge(p, sub_of, "SUB_PRIORITY_OF")
        return p

    def activity(self, a, ini, performers=(), serves=(), coordinated_by=(), measured_by=(), reinforces=()):
        self.node(a, "Activity")
        self.edge(a, ini, "PART_OF_INITIATIVE")
        for p in performers:
            self.edge(p, a, "PERFORMS")
        for p in serves:
            self.edge(a, p, "SERVES")
        for w in coordinated_by:
            if w not in self.nodes:
                self.working_group(w, ini)
            self.edge(a, w, "COORDINATED_BY")
        for i in measured_by:
            if i not in self.nodes:
                self.node(i, "Indicator")
            self.edge(a, i, "MEASURED_BY")
        for b in reinforces:
            self.edge(a, b, "REINFORCES")
        return a

    def working_group(self, w, ini, members=(), led_by=()):
        if w not in self.nodes:
            self.node(w, "WorkingGroup")
            self.edge(w, ini, "PART_OF_INITIATIVE")
        for p in members:
            self.edge(w, p, "HAS_MEMBER")
        for p in led_by:
            self.edge(w, p, "LED_BY")
        return w

    def practice(self, pr, ini, condition="CommonAgendaCondition", maturity="Established", evidence="seen"):
        if CI + condition not in self.nodes:
            self.node(CI + condition, "Condition")
        props = {"evidence": evidence} if evidence else {}
        self.node(pr, "ConditionPractice", **props)
        self.edge(ini, pr, "HAS_PRACTICE")
        self.edge(pr, CI + condition, "CONDITION")
        if maturity:
            self.edge(pr, CI + maturity, "MATURITY")
        return pr

    def pg(self) -> PropertyGraph:
        return PropertyGraph(self.nodes.values(), self.edges)


@pytest.fixture
def builder():
    return Builder()
