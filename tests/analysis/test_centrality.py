"""Centrality and backbone diagnostics on well-known small graphs, answers by hand."""

from __future__ import annotations

import json

import jsonschema
import networkx as nx
import pytest

from cigraph.analysis import schema
from cigraph.analysis.centrality import (backbone_diagnostics, brokerage, centrality, closeness_vitality,
                                         degree_centralization, governance_mode, measures, network_diagnostics,
                                         network_stage, pagerank, rank_stability, removal_effect)
from cigraph.errors import DataError
from cigraph.projection import PropertyGraph
from cigraph.render.tables import to_json

CGD = "https://w3id.org/cigraph/id/"


def test_krackhardt_kite():
    """Kite (0 Andre .. 9 Jane). Diane (3) has 6 ties: 6/9. Heather (7) is on every shortest
    path from Ike (8) and Jane (9) to the other seven: 14 pairs / C(9,2)=36."""
    m, method = measures(nx.krackhardt_kite_graph())
    assert method == "exact (igraph)"
    assert m[3]["degree"] == pytest.approx(6 / 9)
    assert m[7]["betweenness"] == pytest.approx(14 / 36)
    assert max(m, key=lambda v: m[v]["betweenness"]) == 7
    # Fernando (5): distances 1,1,1,1,1,2,2,1,2 to the others -> 9 / 14
    assert m[5]["closeness"] == pytest.approx(9 / 14)
    # Jane reaches Ike (1) and Heather (2): 2 of 9
    assert m[9]["two_step_reach"] == pytest.approx(2 / 9)


def test_star_measures_and_centralization():
    G = nx.star_graph(4)                   # hub 0, leaves 1..4
    m, _ = measures(G)
    assert m[0]["betweenness"] == 1.0 and m[1]["betweenness"] == 0.0
    assert m[1]["two_step_reach"] == 1.0
    assert degree_centralization(G) == 1.0 and degree_centralization(nx.complete_graph(5)) == 0.0
    # eigenvector of a star: hub / leaf = sqrt(4) = 2
    assert m[0]["eigenvector"] / m[1]["eigenvector"] == pytest.approx(2.0)


def _hand_built():
    kite = nx.krackhardt_kite_graph()
    two = nx.Graph([(0, 1)])
    lone = nx.Graph()
    lone.add_node("x")
    split = nx.Graph([(0, 1), (1, 2), (3, 4)])
    split.add_node(5)
    bridge = nx.barbell_graph(4, 2)
    return {"kite": kite, "star": nx.star_graph(5), "path": nx.path_graph(6), "cycle": nx.cycle_graph(7),
            "complete": nx.complete_graph(5), "two nodes": two, "one node": lone, "disconnected": split,
            "barbell": bridge, "petersen": nx.petersen_graph()}


@pytest.mark.parametrize("name", list(_hand_built()))
def test_igraph_is_the_default_and_equals_networkx_on_hand_built_graphs(name):
    """igraph computes every betweenness and closeness; networkx stays the reference (1e-9)."""
    G = _hand_built()[name]
    a, ma = measures(G, engine="networkx")
    b, mb = measures(G)
    assert (ma, mb) == ("exact (networkx)", "exact (igraph)")
    for v in G:
        for key in ("betweenness", "closeness"):
            assert b[v][key] == pytest.approx(a[v][key], abs=1e-9), (name, v, key)


def test_kite_betweenness_and_closeness_by_hand_in_both_engines():
    """Heather (7): 14/36; Ike (8): 8/36 (Jane's 8 paths to the others); Fernando's closeness 9/14."""
    G = nx.krackhardt_kite_graph()
    for engine in ("networkx", "igraph"):
        m, _ = measures(G, engine=engine)
        assert m[7]["betweenness"] == pytest.approx(14 / 36, abs=1e-12)
        assert m[8]["betweenness"] == pytest.approx(8 / 36, abs=1e-12)
        assert m[9]["betweenness"] == 0.0
        assert m[5]["closeness"] == pytest.approx(9 / 14, abs=1e-12)


def test_pagerank_by_hand():
    """P3 a-b-c: b = 0.05 + 0.85 * 2 * a, a = 0.05 + 0.85 * b / 2 -> b = 0.135 / 0.2775."""
    pr = pagerank(nx.path_graph(3))
    assert pr[1] == pytest.approx(0.135 / 0.2775, abs=1e-9)
    assert sum(pr.values()) == pytest.approx(1.0)


def test_igraph_agrees_with_networkx():
    G = nx.gnm_random_graph(150, 350, seed=7)
    G.add_nodes_from(range(150, 155))                                # isolates
    for u, v in G.edges():
        G[u][v]["weight"] = 1.0 + (u + v) % 3
    a, ma = measures(G, engine="networkx")
    b, mb = measures(G, engine="igraph")
    assert (ma, mb) == ("exact (networkx)", "exact (igraph)")
    for v in G:
        assert a[v]["betweenness"] == pytest.approx(b[v]["betweenness"], abs=1e-9)
        assert a[v]["closeness"] == pytest.approx(b[v]["closeness"], abs=1e-9)
    import igraph

    g = igraph.Graph(n=len(G), edges=list(G.edges()))
    g.es["weight"] = [G[u][v]["weight"] for u, v in G.edges()]
    ipr = g.pagerank(weights="weight")
    for v in G:
        assert a[v]["pagerank"] == pytest.approx(ipr[v], abs=1e-6)


def test_sampled_betweenness_above_threshold_is_seeded_and_stated():
    G = nx.barabasi_albert_graph(200, 2, seed=1)
    m1, method = measures(G, exact_threshold=100, k=50, seed=4)
    m2, _ = measures(G, exact_threshold=100, k=50, seed=4)
    assert method == "sampled k=50 seed=4 (igraph)"
    assert all(m1[v]["betweenness"] == m2[v]["betweenness"] for v in G)


def test_brokerage_roles_by_hand():
    """Broker b (group X) with unconnected neighbours a1 (X), a5 (X), a2 (Y), a3 (Y), a4 (Z).
    Ordered pairs: a1/a5 -> coordinator x2; X->Y or Z from a1, a5 -> representative 2*3=6, and
    the reverse gatekeeper 6; a2,a3 (both Y) itinerant x2; Y-Z pairs (a2,a4),(a3,a4) liaison x4."""
    G = nx.star_graph(["b", "a1", "a2", "a3", "a4", "a5"])
    nx.set_node_attributes(G, {"b": "X", "a1": "X", "a5": "X", "a2": "Y", "a3": "Y", "a4": "Z"}, "group")
    assert brokerage(G, "b") == {"coordinator": 2, "itinerant": 2, "representative": 6, "gatekeeper": 6,
                                 "liaison": 4, "total": 20}
    G.add_edge("a2", "a4")                      # tied neighbours broker nothing
    assert brokerage(G, "b")["liaison"] == 2


def test_constraint_vitality_removal_and_stage():
    G = nx.star_graph(3)
    nx.set_edge_attributes(G, 1.0, "weight")
    assert nx.constraint(G, [0], weight="weight")[0] == pytest.approx(3 * (1 / 3) ** 2)
    assert nx.effective_size(G, [0], weight="weight")[0] == pytest.approx(3.0)
    # C4: distances sum 4*1 + 2*2 = 8; without a node P3: 1 + 1 + 2 = 4
    assert closeness_vitality(nx.cycle_graph(4), 0) == 4.0
    assert closeness_vitality(nx.path_graph(3), 1) is None          # its removal disconnects
    assert removal_effect(G, 0)["components_after"] == 3
    assert network_stage(nx.star_graph(6))[0] == "single hub"
    assert network_stage(nx.empty_graph(5))[0] == "fragmented"
    two_hubs = nx.union(nx.star_graph(4), nx.star_graph(4), rename=("a", "b"))
    two_hubs.add_edge("a0", "b0")               # centralization 32/72 < 0.5, a tree: no 2-core
    assert network_stage(two_hubs)[0] == "multi-hub"
    cp = nx.complete_graph(4)                   # K4 core with 6 pendants (2, 2, 1, 1)
    for i, c in enumerate([0, 0, 1, 1, 2, 3]):
        cp.add_edge(c, f"p{i}")
    assert degree_centralization(cp) == pytest.approx(26 / 72)
    assert network_stage(cp)[0] == "core-periphery"


def test_rank_stability_is_seeded():
    G = nx.barabasi_albert_graph(60, 2, seed=2)
    a = rank_stability(G, 0, runs=30, seed=5)
    assert a == rank_stability(G, 0, runs=30, seed=5)
    assert a["min"] <= a["mean"] <= a["max"] and 0 <= a["top_share"] <= 1
    assert rank_stability(nx.star_graph(9), 0, runs=20)["top_share"] == 1.0


def _three_modes(builder):
    b = builder
    for ini in ("nao", "lead", "shared"):
        b.initiative(ini)
    b.member("N", "nao", roles=["BackboneRole"])
    b.member("x", "nao")
    b.member("L", "lead", roles=["BackboneRole", "CoChairRole"])
    b.member("S1", "shared", roles=["BackboneRole"])
    b.member("S2", "shared", roles=["BackboneRole"])
    return b.pg()


def test_governance_modes(builder):
    pg = _three_modes(builder)
    assert governance_mode(pg, "nao")[0] == "network administrative organization"
    assert governance_mode(pg, "lead")[0] == "lead organization"
    assert governance_mode(pg, "shared")[0] == "shared"


def test_centrality_star_initiative_and_backbone(builder):
    b = builder
    b.initiative("i", "Star")
    b.member("H", "i", roles=["BackboneRole"])
    for leaf in "abc":
        b.member(leaf, "i")
        b.activity("x" + leaf, "i", performers=["H", leaf])
    pg = b.pg()
    scores = centrality(pg, "star")
    assert [(s.participant, s.rank) for s in scores][:1] == [("H", 1)]
    assert scores[0].percentile == 100.0 and scores[0].backbone
    (d,) = backbone_diagnostics(pg, runs=10)
    assert (d.rank, d.of, d.effective_size) == (1, 4, pytest.approx(3.0))
    assert d.removal == {"components_before": 1, "components_after": 3, "largest_share_before": 1.0,
                         "largest_share_after": 0.3333}
    assert d.stability["top_share"] == 1.0
    (n,) = network_diagnostics(pg)
    # the backbone also performs activities: lead organization
    assert (n.stage, n.governance, n.centralization) == ("single hub", "lead organization", 1.0)


def test_bad_input():
    with pytest.raises(DataError, match="rank by"):
        centrality(PropertyGraph(), rank_by="fame")
    assert centrality(PropertyGraph()) == []
    with pytest.raises(DataError, match="undirected"):
        measures(nx.DiGraph([(1, 2)]))


# --- case studies ----------------------------------------------------------------------------

def test_case_study_backbones(pg):
    diags = {d.backbone[len(CGD):]: d for d in backbone_diagnostics(pg, runs=20)}
    # LA Promise Zone: YPI and the lead agency (City of LA) both lead it, the only two participants recorded
    ypi = diags["org-youth-policy-institute"]
    assert (ypi.initiative_name, ypi.rank, ypi.of) == ("Los Angeles Promise Zone", 1, 2)
    assert "org-los-angeles-trade-technical-college" in diags
    assert "org-winnipeg-poverty-reduction-council" in diags
    for d in diags.values():
        assert 1 <= d.stability["min"] <= d.stability["mean"] <= d.stability["max"] <= d.of
    doc = json.loads(to_json([d.to_dict() for d in diags.values()], kind="backbones"))
    jsonschema.validate(doc, schema("backbones"))


def test_case_study_governance(pg):
    """DCEC: the two co-chairs provide the backbone together (shared); LA Promise Zone: YPI is a
    separate backbone organization beside the lead agency (NAO by our rule)."""
    assert governance_mode(pg, CGD + "dcec")[0] == "shared"
    assert governance_mode(pg, CGD + "lapz")[0] == "network administrative organization"


def test_case_study_outputs_validate(pg):
    s = centrality(pg)
    jsonschema.validate(json.loads(to_json([x.to_dict() for x in s], kind="centrality")), schema("centrality"))
    n = network_diagnostics(pg)
    assert len(n) == len(pg.by_label("Initiative"))
    jsonschema.validate(json.loads(to_json([x.to_dict() for x in n], kind="network")), schema("network"))
    across = centrality(pg, across=True)
    city = next(x for x in across if x.participant == CGD + "org-city-of-los-angeles")
    assert city.betweenness > 0          # the lead agency bridges the two LA Promise Zones


def test_eigenvector_engines_agree():
    from cigraph.analysis.centrality import _eigenvector

    G = nx.connected_watts_strogatz_graph(120, 4, 0.2, seed=3)
    for u, v in G.edges():
        G[u][v]["weight"] = 1.0 + (u * v) % 2
    a, b = _eigenvector(G, engine="numpy"), _eigenvector(G, engine="igraph")
    assert all(a[v] == pytest.approx(b[v], abs=1e-6) for v in G)


def test_sampled_betweenness_igraph_equals_networkx():
    G = nx.barabasi_albert_graph(300, 2, seed=1)
    G.add_nodes_from(range(300, 303))
    a, ma = measures(G, exact_threshold=100, k=40, seed=3, engine="networkx")
    b, mb = measures(G, exact_threshold=100, k=40, seed=3, engine="igraph")
    assert (ma, mb) == ("sampled k=40 seed=3 (networkx)", "sampled k=40 seed=3 (igraph)")
    assert all(a[v]["betweenness"] == pytest.approx(b[v]["betweenness"], abs=1e-12) for v in G)


def test_rank_stability_degree_shortcut_equals_dropping_ties():
    import random

    G = nx.barabasi_albert_graph(80, 2, seed=4)
    got = rank_stability(G, 5, runs=15, seed=9, drop=0.2)
    rng = random.Random(9)
    edges = sorted(G.edges(), key=lambda e: (str(e[0]), str(e[1])))
    ranks = []
    for _ in range(15):
        H = G.copy()
        H.remove_edges_from(rng.sample(edges, round(0.2 * len(edges))))
        deg = dict(H.degree())
        ranks.append(1 + sum(d > deg[5] for d in deg.values()))
    assert (got["min"], got["max"], got["mean"]) == (min(ranks), max(ranks), round(sum(ranks) / 15, 3))


def test_closeness_vitality_large_component_uses_igraph_and_agrees():
    G = nx.connected_watts_strogatz_graph(120, 4, 0.1, seed=2)
    H = G.copy()
    expect = nx.wiener_index(H) - nx.wiener_index(H.subgraph(set(H) - {0}))
    assert closeness_vitality(G, 0) == pytest.approx(expect)


def test_structural_holes_equal_networkx():
    from cigraph.analysis.centrality import structural_holes

    G = nx.gnm_random_graph(40, 120, seed=5)
    for u, v in G.edges():
        G[u][v]["weight"] = [0.5, 1.0, 2.5][(u + v) % 3]
    con = nx.constraint(G, weight="weight")
    eff = nx.effective_size(G, weight="weight")
    for v in G:
        c, e = structural_holes(G, v)
        if G.degree(v) == 0:
            continue
        assert c == pytest.approx(con[v]) and e == pytest.approx(eff[v])
