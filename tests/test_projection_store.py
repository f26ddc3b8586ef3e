"""The stored projection (project once, read many) and the initiative index.

* the projection a build stores equals a fresh projection of the same dataset
  (nodes, labels, props, edges), on the case studies and on synthetic data;
* a stale or missing projection is recomputed and stored again;
* scoped reads (one initiative's subgraph, through the index) give the analysis
  the same answers as the whole graph restricted to that initiative.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cigraph.analysis.network import initiatives
from cigraph.pipeline import build
from cigraph.dataset import Workspace
from cigraph.projection import Edge, Node, PropertyGraph, project
from cigraph.projection_store import (PROJECTION_VERSION, is_fresh, open_projection, projection_dir,
                                      read_projection, workspace_projection, write_projection)
from cigraph.settings import Settings


def _same(a: PropertyGraph, b: PropertyGraph):
    assert list(a.nodes) == list(b.nodes)
    for nid, n in a.nodes.items():
        m = b.nodes[nid]
        assert (n.labels, n.props) == (m.labels, m.props), nid
    assert [(e.source, e.target, e.type, e.props) for e in a.edges] == \
        [(e.source, e.target, e.type, e.props) for e in b.edges]


@pytest.fixture(scope="module")
def synth_ws(tmp_path_factory):
    """A built workspace of 6 synthetic initiatives sharing organizations."""
    from cigraph.synth import synthesize

    d = tmp_path_factory.mktemp("synth")
    synthesize(d / "data", initiatives=6, orgs_per_initiative=12, seed=3)
    ws = d / "ws"
    build(Settings(data_dirs=(d / "data",), workspace=ws), engine="sparql")
    return ws


def test_build_stores_the_projection_equal_to_a_fresh_one(workspace):
    ds = Workspace(workspace).open()
    path = projection_dir(ds.path)
    assert is_fresh(path)
    assert json.loads((path / "meta.json").read_text())["version"] == PROJECTION_VERSION
    assert ds.meta["projection"]["nodes"] == len(read_projection(path).nodes)
    _same(read_projection(path), project(ds))


def test_stored_equals_fresh_on_synthetic_data(synth_ws):
    ds = Workspace(synth_ws).open()
    _same(workspace_projection(synth_ws), project(ds))


def test_round_trip_keeps_types_of_values(tmp_path):
    props = {"n": 3, "x": 1.5, "ok": True, "s": "a|b \"q\" é", "many": [1, 2, 3], "none": None, "strs": ["a", "b"]}
    pg = PropertyGraph([Node("b", ("Organization", "Participant"), props), Node("a", ("Initiative",))],
                       [Edge("b", "a", "MEMBER_OF"), Edge("a", "b", "HAS_BACKBONE"), Edge("b", "a", "FUNDS", {"w": 2})])
    write_projection(pg, tmp_path / "p")
    back = read_projection(tmp_path / "p")
    assert list(back.nodes) == ["a", "b"]
    assert back.nodes["b"].props == props and back.nodes["b"].labels == ("Organization", "Participant")
    assert sorted((e.source, e.target, e.type, tuple(e.props.items())) for e in back.edges) == \
        [("a", "b", "HAS_BACKBONE", ()), ("b", "a", "FUNDS", (("w", 2),)), ("b", "a", "MEMBER_OF", ())]


def test_missing_or_stale_projection_is_recomputed(synth_ws):
    ds = Workspace(synth_ws).open()
    path = projection_dir(ds.path)
    meta = json.loads((path / "meta.json").read_text())
    (path / "meta.json").write_text(json.dumps({**meta, "version": "0-older-code"}))
    assert not is_fresh(path)
    pg = open_projection(ds)
    assert is_fresh(path)
    _same(pg, read_projection(path))
    import shutil

    shutil.rmtree(path)
    _same(workspace_projection(synth_ws), project(ds))
    assert is_fresh(path)


def test_unknown_initiative_in_a_scoped_read_names_the_known_ones(synth_ws):
    from cigraph.analysis.network import UnknownInitiative

    with pytest.raises(UnknownInitiative, match="Known initiatives"):
        workspace_projection(synth_ws, initiative="Atlantis")


def test_the_subgraph_is_the_initiatives_walk_and_excludes_other_initiatives(synth_ws):
    from cigraph.analysis.network import full_graph

    whole = workspace_projection(synth_ws)
    ids = [n.id for n in initiatives(whole)]
    for ini in ids:
        sub = workspace_projection(synth_ws, initiative=ini)
        assert sub.restricted_to == (ini,)
        assert set(full_graph(whole, ini, provenance=True).nodes) <= set(sub.nodes)
        others = [o for o in ids if o != ini]
        # no activity of another initiative came along
        assert not any(e.type == "PART_OF_INITIATIVE" and e.target in others for e in sub.edges)
        assert len(sub.nodes) < len(whole.nodes)
        # every edge of the whole graph between two nodes of the subgraph is in it
        keep = set(sub.nodes)
        assert sorted((e.source, e.target, e.type) for e in whole.edges if e.source in keep and e.target in keep) \
            == sorted((e.source, e.target, e.type) for e in sub.edges)


def _plain(x):
    from dataclasses import asdict, is_dataclass

    if is_dataclass(x):
        x = asdict(x)
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    return x


def _close(a, b, where="") -> None:
    """Equal, floats to 1e-9 (ARPACK's eigenvector differs by an ulp from run to run)."""
    import math

    if isinstance(a, float) or isinstance(b, float):
        assert isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), (where, a, b)
    elif isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), (where, a, b)
        for k in a:
            _close(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), (where, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            _close(x, y, f"{where}[{i}]")
    else:
        assert a == b, (where, a, b)


def _answers(pg, ini):
    from cigraph.analysis.centrality import backbone_diagnostics, centrality, network_diagnostics
    from cigraph.analysis.gaps import find_gaps, reinforcement
    from cigraph.analysis.scorecard import scorecard
    from cigraph.render.report import build_report

    return _plain({
        "gaps": [g.to_dict() for g in find_gaps(pg, initiative=ini)],
        "centrality": [s.to_dict() for s in centrality(pg, ini)],
        "backbones": [d.to_dict() for d in backbone_diagnostics(pg, ini, runs=5)],
        "network": [d.to_dict() for d in network_diagnostics(pg, ini)],
        "reinforcement": reinforcement(pg, ini),
        "scorecard": scorecard(pg, ini).to_rows(),
        "report": build_report(pg, "md", initiative=ini, runs=5),
        "assess": _assess(pg, ini),
    })


def _assess(pg, ini):
    try:
        from cigraph.analysis.assess import assess
    except ImportError:         # the assessment is another module's; compare it when it is there
        return None
    return assess(pg, ini).to_dict()


@pytest.mark.parametrize("source", ["case studies", "synthetic"])
def test_scoped_reads_give_the_same_answers(source, workspace, synth_ws):
    ws = workspace if source == "case studies" else synth_ws
    whole = workspace_projection(ws)
    for n in initiatives(whole):
        sub = workspace_projection(ws, initiative=n.id)
        _close(_answers(sub, n.id), _answers(whole, n.id), n.id)


@pytest.mark.parametrize("view", ["collaboration", "activities", "full"])
def test_scoped_map_is_the_same_map(view, synth_ws):
    from cigraph.render.map import render_map

    whole = workspace_projection(synth_ws)
    for n in initiatives(whole)[:3]:
        sub = workspace_projection(synth_ws, initiative=n.id)
        a = render_map(whole, initiatives=[n.id], view=view, highlight_gaps=True)[1]
        b = render_map(sub, initiatives=[n.id], view=view, highlight_gaps=True)[1]
        assert a == b, (n.id, view)


def test_cli_scoped_commands_match_the_whole_graph(synth_ws):
    """End to end: `--initiative` reads the subgraph; the output equals the library's answer on the whole graph."""
    from cigraph.analysis.gaps import find_gaps
    from cigraph.cli import cli as main

    whole = workspace_projection(synth_ws)
    ini = initiatives(whole)[1]
    r = CliRunner().invoke(main, ["gaps", "--workspace", str(synth_ws), "--initiative", ini.id, "--format", "json"])
    assert r.exit_code == 0, r.output
    got = json.loads(r.output)
    items = got["items"] if isinstance(got, dict) else got
    assert [g["id"] for g in items] == [g.id for g in find_gaps(whole, initiative=ini.id)]
    for cmd in (["centrality"], ["scorecard"], ["report"]):
        r = CliRunner().invoke(main, [*cmd, "--workspace", str(synth_ws), "--initiative", ini.id])
        assert r.exit_code == 0, r.output


# --- the column-wise projection the build runs equals the reference, on edge cases -------------

_EDGE_CASES = """
@prefix ci: <https://w3id.org/cigraph#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:i a ci:Initiative ; ci:name "I", "I bis" ;                     # a functional property given twice
     ci:memberCount 12, "012"^^xsd:integer ;                     # two literals, one number
     rdfs:label "same"@en, "same" ;                              # a tagged and a plain string, one value
     ex:name "a second predicate with local name 'name'" ;       # shared local name -> prefix__local
     ex:flag true, "1"^^xsd:boolean ; ex:ratio 0.5, "2.0"^^xsd:decimal, 1e3 .
ex:o a ci:Organization ; ci:name "O" ; ex:knows ex:not-a-node, [ ex:x 1 ] .   # non-node objects: no edge
ex:m a org:Membership ; org:member ex:o ; org:organization ex:i ; org:role ci:BackboneRole .
ex:s a ci:StakeholderGroup ; ci:name "S" ; ci:memberOf ex:i .    # the inverse (hasParticipant) is derived
ex:plain ex:label "not a node: no ci: type" ; ex:rel ex:i .
_:b a ci:Organization ; ci:name "a blank node is not projected" .
"""


def test_column_wise_projection_equals_the_reference_on_edge_cases(tmp_path):
    from cigraph.pipeline import build_dataset
    from cigraph.projection_columns import project_columns
    from cigraph.projection_store import write_columns

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "edge.ttl").write_text(_EDGE_CASES)
    ds = build_dataset(Settings(data_dirs=(tmp_path / "d",)))
    ref = project(ds)
    write_columns(project_columns(ds), tmp_path / "cols")
    _same(read_projection(tmp_path / "cols"), ref)
    i = ref.nodes["http://example.org/i"]
    # what the reference says about the cases (so the equality above is about something)
    assert i.props["ci__name"] == "I"          # two predicates named 'name': both keyed by their CURIE
    assert i.props["http__//example.org/name"] == ["a second predicate with local name 'name'"]
    assert i.props["memberCount"] == 12 and i.props["label"] == "same"     # functional: one value
    assert i.props["flag"] == [True] and i.props["ratio"] == [0.5, 1000.0, 2]  # floats sort before ints
    assert "http://example.org/plain" not in ref.nodes
    assert {(e.source, e.type) for e in ref.edges if e.target == "http://example.org/i"} >= {
        ("http://example.org/o", "MEMBER_OF"), ("http://example.org/s", "MEMBER_OF")}
    assert not [e for e in ref.edges if e.type == "HAS_PARTICIPANT"]      # the declared inverse side


def test_column_wise_projection_equals_the_reference_on_the_case_studies(tmp_path):
    from cigraph.pipeline import build_dataset
    from cigraph.projection_columns import project_columns
    from cigraph.projection_store import write_columns

    ds = build_dataset(Settings())
    write_columns(project_columns(ds), tmp_path / "cols")
    _same(read_projection(tmp_path / "cols"), project(ds))


def test_lazy_edges_are_the_same_edges_and_group_as_the_load_groups_them(synth_ws):
    """``cigraph load`` reads the edges as Arrow columns (EdgeColumns): the same edges, in the
    same order, and grouped by (type, source label, target label) as the row-wise load did."""
    ds = Workspace(synth_ws).open()
    path = projection_dir(ds.path)
    full, lazy = read_projection(path), read_projection(path, lazy_edges=True)
    assert list(lazy.edges) == full.edges and len(lazy.edges) == len(full.edges)
    assert lazy.edges[3] == full.edges[3] and lazy.edges[-1] == full.edges[-1]
    expected: dict = {}
    for e in full.edges:
        expected.setdefault((e.type, full.nodes[e.source].label, full.nodes[e.target].label), []).append(
            (e.source, e.target))
    got = {(t, a, b): list(zip(src.to_pylist(), dst.to_pylist())) for t, a, b, src, dst in lazy.edges.groups()}
    assert got == expected and len(got) > 5
