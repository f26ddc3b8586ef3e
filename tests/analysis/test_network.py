"""The collaboration network and the full graph, on hand-built graphs and the case studies."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from cigraph.errors import CigraphError

from cigraph.analysis.network import (UnknownInitiative, collaboration_network, full_graph, resolve_initiative,
                                      scope)
from cigraph.projection import PropertyGraph
from cigraph.render.network_export import export_network

CI = "https://w3id.org/cigraph#"
CGD = "https://w3id.org/cigraph/id/"


def weights(G):
    return {tuple(sorted((u, v))): d["weight"] for u, v, d in G.edges(data=True)}


def test_each_weight_rule(builder):
    b = builder
    b.initiative("i")
    for p in "ABCDEF":
        b.member(p, "i")
    b.activity("x", "i", performers="AB")                         # A-B +1 shared activity
    b.activity("y", "i", performers="C", coordinated_by=["w"])    # C and D: +0.5 via w coordinating both
    b.activity("z", "i", performers="D", coordinated_by=["w"])
    b.working_group("v", "i", members="E", led_by="A")            # A-E +1 working group (member + lead)
    b.activity("r1", "i", performers="E", reinforces=["r2"])      # E-F +1 reinforces
    b.activity("r2", "i", performers="F")
    G = collaboration_network(b.pg(), "i")
    assert weights(G) == {("A", "B"): 1.0, ("C", "D"): 0.5, ("A", "E"): 1.0, ("E", "F"): 1.0}
    assert [f[0] for f in G["C"]["D"]["basis"]] == ["coordination"]


def test_leadership_and_sums(builder):
    b = builder
    b.initiative("i")
    b.member("A", "i", roles=["BackboneRole"])
    b.member("B", "i", roles=["CoChairRole"])
    b.member("C", "i", roles=["FunderRole"])                      # funder is not a leadership role
    b.activity("x", "i", performers="AB")
    b.activity("y", "i", performers="AB")
    G = collaboration_network(b.pg(), "i")
    # 2 shared activities + 0.5 for both leading
    assert weights(G) == {("A", "B"): 2.5}
    assert set(G) == {"A", "B", "C"}
    assert G.nodes["A"]["backbone"] and not G.nodes["B"]["backbone"]


def test_across_initiatives_adds_weights_and_merges_nodes(builder):
    b = builder
    b.initiative("i")
    b.initiative("j")
    for ini in "ij":
        b.member("A", ini, roles=["LeadAgencyRole"])
        b.member("B" + ini, ini, roles=["BackboneRole"])
    b.member("B", "i")
    b.member("B", "j")
    b.activity("x", "i", performers=["A", "B"])
    b.activity("y", "j", performers=["A", "B"])
    G = collaboration_network(b.pg())
    assert weights(G) == {("A", "B"): 2.0, ("A", "Bi"): 0.5, ("A", "Bj"): 0.5}
    assert G.nodes["A"]["initiatives"] == ["i", "j"]
    assert sorted(G["A"]["B"]["initiatives"]) == ["i", "j"]
    assert nx.articulation_points(G) and "A" in set(nx.articulation_points(G))


def test_scope_collects_via_agenda_subpriority_and_working_group(builder):
    b = builder
    b.initiative("i")
    b.node("ag", "CommonAgenda")
    b.edge("i", "ag", "HAS_COMMON_AGENDA")
    b.node("p", "Priority")
    b.edge("ag", "p", "HAS_PRIORITY")
    b.node("sub", "Priority")
    b.edge("sub", "p", "SUB_PRIORITY_OF")
    b.node("a", "Activity")
    b.edge("a", "sub", "SERVES")                 # no PART_OF_INITIATIVE: belongs via its priority
    b.node("w", "WorkingGroup")
    b.edge("a", "w", "COORDINATED_BY")
    s = scope(b.pg(), "i")
    assert s.priorities == {"p", "sub"} and s.activities == {"a"} and s.working_groups == {"w"}


def test_full_graph_stops_at_shared_vocabulary_and_other_initiatives(builder):
    b = builder
    b.initiative("i")
    b.initiative("j")
    b.member("A", "i", sector="EducationSector")
    b.member("A", "j")
    b.activity("x", "i", performers="A")
    b.activity("y", "j", performers="A")
    H = full_graph(b.pg(), "i")
    assert "x" in H and "y" not in H and "j" not in H
    assert CI + "EducationSector" in H and CI + "PublicSector" not in H   # included, not walked through
    assert len(full_graph(b.pg())) == len(b.pg().nodes)


def test_resolve_initiative_by_name_short_name_iri_and_local_name(pg):
    for ref in ("Los Angeles Promise Zone", "la promise zone", CGD + "lapz", "LAPZ"):
        assert resolve_initiative(pg, ref) == CGD + "lapz"
    with pytest.raises(UnknownInitiative) as e:
        resolve_initiative(pg, "SLATE Z")
    assert "SLATE-Z" in e.value.suggestions and "Known initiatives" in str(e.value)
    assert e.value.exit_code == 3


def test_empty_graph():
    G = collaboration_network(PropertyGraph())
    assert len(G) == 0
    with pytest.raises(UnknownInitiative, match="no initiative"):
        collaboration_network(PropertyGraph(), "anything")


# --- case studies (source 003, "What is Collective Impact?", section on Los Angeles) ----------------

def test_city_of_los_angeles_is_lead_agency_of_both_la_promise_zones(pg):
    """Both LA Promise Zones name the City of Los Angeles as lead agency: one node, two initiatives."""
    city = CGD + "org-city-of-los-angeles"
    for ini in ("lapz", "slatez"):
        assert CI + "LeadAgencyRole" in scope(pg, CGD + ini).roles[city]
    G = collaboration_network(pg)
    assert G.nodes[city]["initiatives"] == [CGD + "lapz", CGD + "slatez"]
    # the lead agency and each backbone both lead their initiative: the city bridges the two backbones
    assert G.has_edge(city, CGD + "org-youth-policy-institute")
    assert G.has_edge(city, CGD + "org-los-angeles-trade-technical-college")
    assert city in set(nx.articulation_points(G))


def test_backbones_of_the_case_studies(pg):
    """Backbones named in the sources: YPI (LA Promise Zone), LA Trade Technical College (SLATE-Z),
    the Winnipeg Poverty Reduction Council (TRC92), the two DCEC co-chairs."""
    expect = {"lapz": {"org-youth-policy-institute"}, "slatez": {"org-los-angeles-trade-technical-college"},
              "wprc": {"org-winnipeg-poverty-reduction-council"},
              "dcec": {"org-dufferin-county-community-services", "org-public-health-dufferin"}}
    for ini, bbs in expect.items():
        G = collaboration_network(pg, CGD + ini)
        assert {v[len(CGD):] for v, d in G.nodes(data=True) if d["backbone"]} == bbs


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
@pytest.mark.parametrize("network", ["collaboration", "full"])
def test_export_round_trips(pg, tmp_path, fmt, network):
    path = tmp_path / f"net.{fmt}"
    if fmt == "gexf" and network == "full":
        with pytest.raises(CigraphError, match="graphml"):
            export_network(pg, fmt, path, network=network)
        return
    stats = export_network(pg, fmt, path, network=network, initiative="TRC92" if network == "collaboration" else None)
    H = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(path)
    assert (H.number_of_nodes(), H.number_of_edges()) == (stats["nodes"], stats["edges"])
    if network == "collaboration":
        # the file holds the collaboration map: the initiative, its participants (with their measures)
        # and whoever provides its backbone
        G = collaboration_network(pg, "TRC92")
        assert set(G) <= set(H) and CGD + "wprc" in H
        v = CGD + "wprc-sg-corporate-employers"
        assert H.nodes[v]["label"] == G.nodes[v]["name"]
        assert H.nodes[v]["degree_count"] == G.degree(v) and "betweenness" in H.nodes[v]


def test_kumu_blueprint(pg, tmp_path):
    path = tmp_path / "net.json"
    export_network(pg, "kumu", path)
    doc = json.loads(path.read_text())
    ids = [e["id"] for e in doc["elements"]]
    assert len(ids) == len(set(ids))                                  # connections name their ends by id
    assert all(c["from"] in ids and c["to"] in ids for c in doc["connections"])
    G = collaboration_network(pg)
    assert set(G) <= set(ids)
    ties = [c for c in doc["connections"] if c["Kind"] == "collaboration"]
    assert len(ties) == G.number_of_edges()
    ypi = next(e for e in doc["elements"] if e["id"] == CGD + "org-youth-policy-institute")
    assert "backbone" in ypi["tags"] and "Pagerank" in ypi