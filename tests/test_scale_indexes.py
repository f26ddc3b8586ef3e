"""Indexes, not scans; compute once per run (issue 15, item 5).

* ``PropertyGraph.by_label`` answers from an index, equal to a scan;
* the collaboration network is built once per initiative per graph and shared by
  gaps, centrality, scorecard and report (counted with a spy on the builder).
"""

from __future__ import annotations

import networkx as nx
import pytest

from cigraph.analysis import network
from cigraph.analysis.network import collaboration_network, initiatives


def test_by_label_equals_a_scan(pg):
    labels = {lab for n in pg.nodes.values() for lab in n.labels}
    for lab in labels:
        scan = sorted((n for n in pg.nodes.values() if lab in n.labels), key=lambda n: n.id)
        assert [n.id for n in pg.by_label(lab)] == [n.id for n in scan]
    assert pg.by_label("NoSuchLabel") == []


def test_by_label_index_follows_added_nodes():
    from cigraph.projection import Node, PropertyGraph

    g = PropertyGraph([Node("b", ("Initiative",))])
    assert [n.id for n in g.by_label("Initiative")] == ["b"]
    g.nodes["a"] = Node("a", ("Initiative",))
    assert [n.id for n in g.by_label("Initiative")] == ["a", "b"]


def test_collaboration_network_is_shared_and_frozen(pg):
    ini = initiatives(pg)[0].id
    G = collaboration_network(pg, ini)
    assert collaboration_network(pg, ini) is G
    assert nx.is_frozen(G)
    with pytest.raises(nx.NetworkXError):
        G.add_edge("x", "y")
    H = G.copy()
    H.add_edge("x", "y")                        # a copy can be changed
    assert not G.has_edge("x", "y")


def test_network_built_once_per_initiative_per_run(workspace, monkeypatch):
    from cigraph.analysis.centrality import centrality
    from cigraph.analysis.gaps import find_gaps
    from cigraph.analysis.scorecard import scorecard
    from cigraph.projection_store import workspace_projection
    from cigraph.render.report import build_report

    pg = workspace_projection(workspace)        # a graph no other test has touched
    calls = []
    real = network._collab_edges

    def spy(g, sc):
        calls.append(sc.initiative)
        return real(g, sc)

    monkeypatch.setattr(network, "_collab_edges", spy)
    find_gaps(pg)
    centrality(pg)
    scorecard(pg)
    build_report(pg, "md", runs=2)
    ids = [n.id for n in initiatives(pg)]
    assert sorted(calls) == sorted(ids)         # once each, whatever ran after


def test_measures_computed_once_per_shared_network_and_equal_to_a_fresh_computation(pg, monkeypatch):
    import importlib

    c = importlib.import_module("cigraph.analysis.centrality")   # the package exports a function of that name
    G = collaboration_network(pg, initiatives(pg)[0].id)
    fresh, fresh_method = c.measures(G.copy())          # a copy is not frozen: computed, not cached
    calls = []
    real = c._measures
    monkeypatch.setattr(c, "_measures", lambda *a: calls.append(1) or real(*a))
    m1, method = c.measures(G)
    m1[next(iter(m1))]["degree"] = -1.0                 # callers get their own copy
    m2, _ = c.measures(G)
    assert len(calls) <= 1 and method == fresh_method
    assert m2 == m1 | {next(iter(m1)): m2[next(iter(m1))]} and m2[next(iter(m2))]["degree"] >= 0

    def close(a, b):     # ARPACK's eigenvector moves in the last bit from one call to the next
        return a.keys() == b.keys() and all(a[v] == pytest.approx(b[v], rel=1e-12, abs=1e-15) for v in a)

    assert close(m2, fresh)
    assert close(c.measures(G, seed=1)[0], fresh) and len(calls) <= 2   # other options: computed once more


def test_two_step_reach_from_igraph_equals_the_networkx_walk():
    from cigraph.analysis.centrality import _two_step

    for G in (nx.krackhardt_kite_graph(), nx.path_graph(5), nx.star_graph(4),
              nx.disjoint_union(nx.cycle_graph(4), nx.path_graph(3))):
        G = nx.relabel_nodes(G, {v: f"n{v}" for v in G})
        assert _two_step(nx.freeze(G.copy())) == _two_step(G)   # frozen: igraph; else the networkx walk


def test_markdown_report_skips_the_figures_and_says_the_same(pg):
    from cigraph.render.report import _md, build_report, report_data

    full = report_data(pg, runs=2)
    lean = report_data(pg, runs=2, figures=False)
    assert full["overview"] is not None and lean["overview"] is None
    assert all(i["network"] is None and i["backbones"] is None for i in lean["initiatives"])
    assert _md(pg, full, "t") == _md(pg, lean, "t") == _md(pg, report_data(pg, runs=2, figures=False), "t")
    assert build_report(pg, "md", runs=2).endswith(_md(pg, full, "t").split("\n", 3)[3])
