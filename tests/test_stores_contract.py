"""One contract for every property-graph store.

The embedded store (LadybugDB) always runs; Neo4j runs only when NEO4J_URI is set
(a real server: `docker run -p7687:7687 -e NEO4J_AUTH=neo4j/<password> neo4j:5`,
then NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=<password>). No mocks.

The small graph below is built by hand so that every answer is known.
"""

from __future__ import annotations

import os

import pytest

from cigraph.errors import DataError, QueryError, StoreError
from cigraph.projection import Edge, Node, PropertyGraph
from cigraph.stores import GraphStore, LoadStats, open_store

X = "urn:test:"


def small_graph() -> PropertyGraph:
    """Two initiatives, three participants (one multi-labelled group), a membership with a role."""
    nodes = [
        Node(X + "i1", ("Initiative",), {"name": "Alpha", "memberCount": 3, "note": ["b", "a"],
                                         "types": ["ci:Initiative"]}),
        Node(X + "i2", ("Initiative",), {"name": "Beta", "types": ["ci:Initiative"]}),
        Node(X + "o1", ("Organization", "Participant"), {"name": "Org One", "verified": True,
                                                          "types": ["ci:Organization", "ci:Participant"]}),
        Node(X + "o2", ("Organization", "Participant"), {"name": "Org Two", "score": 1.5,
                                                          "types": ["ci:Organization", "ci:Participant"]}),
        Node(X + "g1", ("StakeholderGroup", "Participant"), {"name": "Group", "score": 2,
                                                              "types": ["ci:StakeholderGroup"]}),
        Node(X + "m1", ("Membership",), {"label": "Org One in Alpha", "types": ["ci:Membership"]}),
        Node(X + "r1", ("Role",), {"label": "Backbone", "rank": 1, "types": ["ci:Role"]}),
    ]
    edges = [
        Edge(X + "o1", X + "i1", "MEMBER_OF"), Edge(X + "o1", X + "i2", "MEMBER_OF"),
        Edge(X + "o2", X + "i1", "MEMBER_OF"), Edge(X + "g1", X + "i2", "MEMBER_OF"),
        Edge(X + "i1", X + "o1", "HAS_BACKBONE"),
        Edge(X + "m1", X + "o1", "MEMBER"), Edge(X + "m1", X + "i1", "ORGANIZATION"),
        Edge(X + "m1", X + "r1", "ROLE"),
    ]
    return PropertyGraph(nodes, edges)


def subset_graph() -> PropertyGraph:
    """small_graph without o2 and g1 (and their edges), and Alpha renamed."""
    g = small_graph()
    keep = {k: v for k, v in g.nodes.items() if k not in (X + "o2", X + "g1")}
    keep[X + "i1"] = Node(X + "i1", ("Initiative",), {"name": "Alpha 2", "types": ["ci:Initiative"]})
    return PropertyGraph(keep.values(), [e for e in g.edges if e.source in keep and e.target in keep])


def _targets():
    yield pytest.param("embedded", id="embedded")
    yield pytest.param("neo4j", id="neo4j", marks=[
        pytest.mark.neo4j,
        pytest.mark.skipif(not os.environ.get("NEO4J_URI"),
                           reason="set NEO4J_URI (and NEO4J_PASSWORD) to run the contract against a Neo4j server")])


@pytest.fixture(params=list(_targets()))
def store(request, tmp_path):
    if request.param == "embedded":
        s = open_store("embedded", path=tmp_path / "graph.lbdb")
    else:
        s = open_store("neo4j", batch_size=3)  # small batches: several UNWIND batches per type
    yield s
    s.close()


def nodes_and_rels(store):
    n = store.run("MATCH (n) WHERE n.uri STARTS WITH $p RETURN count(n) AS n", p=X)[0]["n"]
    r = store.run("MATCH (a)-[r]->(b) WHERE a.uri STARTS WITH $p RETURN count(r) AS n", p=X)[0]["n"]
    return n, r


def test_store_is_a_graphstore(store):
    assert isinstance(store, GraphStore)


def test_load_returns_verified_counts(store):
    stats = store.load(small_graph(), replace=True)
    assert isinstance(stats, LoadStats) and stats.verified
    assert (stats.nodes, stats.relationships) == (7, 8)
    assert stats.labels == {"Initiative": 2, "Membership": 1, "Organization": 2, "Role": 1, "StakeholderGroup": 1}
    assert stats.types["MEMBER_OF"] == 4 and stats.types["HAS_ROLE"] == 1
    assert nodes_and_rels(store) == (7, 8)


def test_loading_twice_gives_the_same_graph(store):
    store.load(small_graph(), replace=True)
    q = ("MATCH (p)-[:MEMBER_OF]->(i:Initiative) RETURN i.name AS initiative, p.name AS participant "
         "ORDER BY initiative, participant")
    first = store.run(q)
    store.load(small_graph())
    assert store.run(q) == first
    assert nodes_and_rels(store) == (7, 8)
    assert first == [{"initiative": "Alpha", "participant": "Org One"},
                     {"initiative": "Alpha", "participant": "Org Two"},
                     {"initiative": "Beta", "participant": "Group"},
                     {"initiative": "Beta", "participant": "Org One"}]


def test_replace_removes_what_the_new_graph_lacks(store):
    store.load(small_graph(), replace=True)
    stats = store.load(subset_graph(), replace=True)
    assert stats.replaced
    assert nodes_and_rels(store) == (5, 6)
    assert store.run("MATCH (i:Initiative {uri: $u}) RETURN i.name AS name, i.memberCount AS mc",
                     u=X + "i1") == [{"name": "Alpha 2", "mc": None}]


def test_property_types_survive(store):
    store.load(small_graph(), replace=True)
    row = store.run("MATCH (i:Initiative {uri: $u}) RETURN i.memberCount AS mc, i.note AS note, i.types AS t",
                    u=X + "i1")[0]
    assert row == {"mc": 3, "note": ["b", "a"], "t": ["ci:Initiative"]}
    rows = store.run("MATCH (o:Organization) RETURN o.uri AS uri, o.verified AS v, o.score AS s ORDER BY uri")
    assert rows == [{"uri": X + "o1", "v": True, "s": None}, {"uri": X + "o2", "v": None, "s": 1.5}]
    # an int column next to a float in the same table stays comparable as a number
    assert store.run("MATCH (g:StakeholderGroup) RETURN g.score AS s")[0]["s"] == 2


def test_every_label_is_kept(store):
    """A multi-typed node is found by its primary label; `labels` lists all of them (the
    embedded store has one table per node, Neo4j has all the labels as well)."""
    store.load(small_graph(), replace=True)
    rows = store.run("MATCH (p:Organization|StakeholderGroup) WHERE 'Participant' IN p.labels "
                     "RETURN p.uri AS uri, p.labels AS labels ORDER BY uri")
    assert [r["uri"] for r in rows] == [X + "g1", X + "o1", X + "o2"]
    assert rows[0]["labels"] == ["StakeholderGroup", "Participant"]


def test_types_that_clash_with_labels_get_has_prefix(store):
    stats = store.load(small_graph(), replace=True)
    assert "ROLE stored as HAS_ROLE" in stats.notes
    rows = store.run("MATCH (m:Membership)-[:HAS_ROLE]->(r:Role) MATCH (m)-[:HAS_ORGANIZATION]->(i) "
                     "RETURN r.label AS role, i.name AS initiative ORDER BY role")
    assert rows == [{"role": "Backbone", "initiative": "Alpha"}]


def test_parameters_are_bound_not_formatted(store):
    store.load(small_graph(), replace=True)
    q = "MATCH (i:Initiative) WHERE i.name = $name RETURN i.uri AS uri ORDER BY uri"
    assert store.run(q, name="Beta") == [{"uri": X + "i2"}]
    assert store.run(q, name="x' OR 1=1 OR i.name = 'y") == []
    # an optional parameter left out (None) through coalesce, as the query library writes it
    q2 = "MATCH (i:Initiative) WHERE i.uri = coalesce($initiative, i.uri) RETURN i.name AS n ORDER BY n"
    assert store.run(q2, initiative=None) == [{"n": "Alpha"}, {"n": "Beta"}]
    assert store.run(q2, initiative=X + "i1") == [{"n": "Alpha"}]


def test_nodes_come_back_as_plain_dicts(store):
    store.load(small_graph(), replace=True)
    row = store.run("MATCH (r:Role) RETURN r AS role")[0]
    assert row["role"]["uri"] == X + "r1" and row["role"]["rank"] == 1
    assert row["role"]["labels"] == ["Role"]
    row = store.run("MATCH p = (m:Membership)-[x:HAS_ROLE]->(r:Role) RETURN x AS rel, p AS path")[0]
    assert row["rel"] == {"type": "HAS_ROLE"}
    assert [n["uri"] for n in row["path"]["nodes"]] == [X + "m1", X + "r1"]
    assert row["path"]["relationships"] == [{"type": "HAS_ROLE"}]


def test_bad_query_is_a_query_error(store):
    store.load(small_graph(), replace=True)
    with pytest.raises(QueryError):
        store.run("MATCH (n:Initiative RETURN n")


def test_queries_cannot_write(store):
    store.load(small_graph(), replace=True)
    with pytest.raises(QueryError, match="read-only"):
        store.run("CREATE (n:Initiative {uri: 'urn:test:new'})")
    assert nodes_and_rels(store) == (7, 8)


def test_case_studies_load_with_the_mapping_counts(store, pg):
    stats = store.load(pg, replace=True)
    assert stats.verified
    assert stats.nodes == len(pg.nodes) and stats.relationships == len(pg.edges)
    assert stats.labels == pg.label_counts()
    renamed = {"ROLE": "HAS_ROLE", "CONDITION": "HAS_CONDITION", "ORGANIZATION": "HAS_ORGANIZATION"}
    assert stats.types == {renamed.get(t, t): n for t, n in pg.type_counts().items()}
    by_label = {r["label"]: r["n"] for r in store.run(
        "MATCH (n:Initiative|Organization|Membership) UNWIND n.labels AS label WITH label, n "
        "WHERE label IN ['Initiative', 'Organization', 'Membership'] RETURN label, count(n) AS n ORDER BY label")}
    assert by_label == {k: pg.label_counts()[k] for k in ("Initiative", "Membership", "Organization")}


# -- embedded only ------------------------------------------------------------------

def test_embedded_interrupted_load_keeps_the_previous_graph(tmp_path):
    path = tmp_path / "graph.lbdb"
    s = open_store("embedded", path=path)
    s.load(small_graph())
    before = s.run("MATCH (i:Initiative) RETURN i.name AS n ORDER BY n")

    def interrupt(stage, done, total):
        if stage == "relationships":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        s.load(subset_graph(), progress=interrupt)
    assert s.run("MATCH (i:Initiative) RETURN i.name AS n ORDER BY n") == before == [{"n": "Alpha"}, {"n": "Beta"}]
    # no temporary file left; the metadata and the lock file of the first load stay
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.lbdb", "graph.lbdb.json", "graph.lbdb.lock"]
    s.close()


def test_embedded_refuses_unsafe_names_before_writing(tmp_path):
    bad = PropertyGraph([Node(X + "a", ("Bad`) DETACH DELETE n //",), {})])
    s = open_store("embedded", path=tmp_path / "graph.lbdb")
    with pytest.raises(DataError, match="label"):
        s.load(bad)
    assert not (tmp_path / "graph.lbdb").exists()


def test_embedded_missing_graph_says_run_load(tmp_path):
    s = open_store("embedded", path=tmp_path / "nothing.lbdb")
    with pytest.raises(StoreError, match="cigraph load"):
        s.run("MATCH (n) RETURN n")


def test_unknown_store_name():
    with pytest.raises(StoreError, match="embedded, neo4j"):
        open_store("sqlite")


# -- Neo4j errors that need no server -------------------------------------------------

def test_neo4j_without_uri_says_how_to_start_one(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(StoreError, match="docker run"):
        open_store("neo4j")


@pytest.mark.parametrize("uri, expected", [
    ("bolt://127.0.0.1:1", "cannot reach Neo4j"),
    ("localhost:7687", "bad Neo4j URI"),
    ("bolt://neo4j:s3cret-pw@127.0.0.1:1", "carries a user name or password"),
    ("http://127.0.0.1:7474", "unsupported Neo4j URI scheme 'http'"),
])
def test_neo4j_connection_errors_are_clear_and_hide_the_password(uri, expected):
    with pytest.raises(StoreError, match=expected) as err:
        s = open_store("neo4j", uri=uri, password="s3cret-pw", connection_timeout=2)
        assert "s3cret-pw" not in repr(s)
        s.load(small_graph())
    assert "s3cret-pw" not in str(err.value)
    assert err.value.exit_code == 5


def test_embedded_refuses_a_directory_in_the_way(tmp_path):
    (tmp_path / "graph.lbdb").mkdir()
    s = open_store("embedded", path=tmp_path / "graph.lbdb")
    with pytest.raises(StoreError, match="is a directory"):
        s.load(small_graph())


def test_parameters_may_be_named_like_the_arguments(store):
    store.load(small_graph(), replace=True)
    rows = store.run("MATCH (i:Initiative) WHERE i.name = $query OR i.name = $self RETURN i.name AS n ORDER BY n",
                     query="Alpha", self="Beta")
    assert rows == [{"n": "Alpha"}, {"n": "Beta"}]


def test_column_names_are_known_without_rows(store):
    store.load(small_graph(), replace=True)
    rows = store.run("MATCH (i:Initiative) WHERE i.name = $n RETURN i.uri AS uri, i.name AS name ORDER BY uri",
                     n="nobody")
    assert rows == [] and rows.columns == ["uri", "name"]


def test_embedded_omitted_parameter_is_null(tmp_path):
    """A parameter the query names but the caller leaves out is null, not a silent empty answer."""
    s = open_store("embedded", path=tmp_path / "graph.lbdb")
    try:
        s.load(small_graph())
        q = ("// $commented is not a parameter\n"
             "MATCH (i:Initiative) WHERE i.uri = coalesce($initiative, i.uri) RETURN i.name AS n ORDER BY n")
        assert s.run(q) == [{"n": "Alpha"}, {"n": "Beta"}]
    finally:
        s.close()
