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
