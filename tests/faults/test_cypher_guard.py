"""Fault catalogue 14.2, 14.14 (Cypher read-only, time limit) on the embedded store, end to end.

A small graph is loaded into a LadybugDB file; every attack runs through `cigraph cypher` as a
user would type it. Each must exit 4 with a "refused" line, no traceback, and leave no trace
(no file written, no file content read back)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cigraph.cli import cli


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    from cigraph.projection import Node, PropertyGraph
    from cigraph.stores.embedded import EmbeddedStore

    path = tmp_path_factory.mktemp("cy") / "g.lbdb"
    pg = PropertyGraph([Node("urn:a", ("Initiative",), {"name": "COPY (x) TO 'y'; LOAD FROM z"}),
                        Node("urn:b", ("Initiative",), {"name": "Plain"})], [])
    with EmbeddedStore(path) as s:
        s.load(pg)
    return path


def cypher(graph, query, *extra):
    return CliRunner().invoke(cli, ["cypher", "--graph", str(graph), "--workspace", str(graph.parent / "no-ws"),
                                    *extra, query])


def refused(result):
    assert result.exit_code == 4, result.output
    assert "Traceback" not in result.output
    assert "refused" in result.output and "read-only" in result.output, result.output


ATTACKS = {
    "copy_to": "COPY (MATCH (i:Initiative) RETURN i.name) TO '{out}'",
    "copy_to_lower": "copy (match (i:Initiative) return i.name) to '{out}'",
    "copy_to_comment_first": "// harmless\n/* still harmless */ CoPy (MATCH (i) RETURN i.uri) TO '{out}'",
    "export_database": "EXPORT DATABASE '{out}'",
    "load_from": "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *",
    "load_from_mid_query": "MATCH (i:Initiative) WITH i LOAD FROM '/etc/passwd' (file_format='csv', header=false,"
                           " delim=':') RETURN *",
    "load_after_comma": "MATCH (i:Initiative) WITH i, LOAD FROM '/etc/passwd' RETURN *",
    "load_after_comment": "MATCH (i) WITH i /* */LOAD/**/FROM '/etc/passwd' (file_format='csv') RETURN *",
    "load_after_string": "UNWIND ['a'] AS x WITH x, 'LOAD' AS y\nLOAD FROM '/etc/passwd' (file_format='csv') RETURN *",
    "install": "INSTALL httpfs",
    "load_extension": "LOAD EXTENSION httpfs",
    "second_statement": "RETURN 1 AS x; COPY (RETURN 1) TO '{out}'",
    "call_setting": "CALL timeout=0",
    "call_table_function": "CALL read_csv('/etc/passwd') RETURN *",
    "attach": "ATTACH '{out}' AS x (dbtype lbug)",
    "create": "CREATE (:Initiative {uri: 'urn:x'})",
    "set": "MATCH (i:Initiative) SET i.name = 'x' RETURN i.uri",
    "neo4j_load_csv": "LOAD CSV FROM 'http://127.0.0.1:9/x' AS r RETURN r",
    "neo4j_subquery_write": "CALL { CREATE (n) } RETURN 1",
    "neo4j_apoc": "CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value",
    "neo4j_foreach": "MATCH (i) FOREACH (x IN [1] | CREATE (:Initiative))",
    "explain_copy": "EXPLAIN COPY (RETURN 1) TO '{out}'",
    "union_load": "RETURN 'a' AS x UNION LOAD FROM '/etc/passwd' (file_format='csv') RETURN *",
    "union_all_load": "RETURN 'a' AS x UNION ALL LOAD WITH HEADERS (x STRING) FROM '/etc/passwd' RETURN *",
    "optional_load": "MATCH (i) OPTIONAL LOAD FROM '/etc/passwd' RETURN *",
    "subquery_load": "MATCH (i) WHERE EXISTS { LOAD FROM '/etc/passwd' RETURN * } RETURN i",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_cypher_attacks_are_refused(graph, tmp_path, name):
    out = tmp_path / "out.csv"
    result = cypher(graph, ATTACKS[name].replace("{out}", str(out)))
    refused(result)
    assert not out.exists()
    assert "root:" not in result.output and "/bin/" not in result.output


READS = {
    "keywords_in_strings": ("MATCH (i:Initiative) WHERE i.name <> 'COPY (x) TO y; INSTALL httpfs; LOAD FROM z'"
                            " RETURN i.name AS name ORDER BY name", "COPY (x) TO 'y'; LOAD FROM z"),
    "keywords_as_backtick_names": ("MATCH (i:Initiative) RETURN i.name AS `LOAD FROM`, i.uri AS `copy` ORDER BY `copy`",
                                   "LOAD FROM"),
    "keywords_in_comments": ("MATCH (i:Initiative) // COPY (x) TO 'y'\n/* INSTALL httpfs */ RETURN i.uri AS uri"
                             " ORDER BY uri", "urn:a"),
    "variable_named_copy": ("MATCH (copy:Initiative) RETURN copy.uri AS uri ORDER BY uri", "urn:b"),
    "catalogue_call": ("CALL show_tables() RETURN name ORDER BY name", "Initiative"),
    "exists_subquery": ("MATCH (i:Initiative) WHERE NOT EXISTS { MATCH (i)-[]->() } RETURN count(i) AS n", "2"),
    "trailing_semicolon": ("RETURN 'ok' AS x;", "ok"),
    "union": ("RETURN 'a' AS x UNION ALL RETURN 'b' AS x", '"b"'),
    "optional_match": ("MATCH (i:Initiative) OPTIONAL MATCH (i)-[]->(m) RETURN i.uri AS u, count(m) AS n ORDER BY u",
                       "urn:b"),
}


@pytest.mark.parametrize("name", sorted(READS))
def test_cypher_reads_still_run(graph, name):
    query, expect = READS[name]
    result = cypher(graph, query, "--format", "json")
    assert result.exit_code == 0, result.output
    assert expect in result.output


def test_cypher_timeout_stops_a_cartesian_product(graph):
    result = cypher(graph, "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a * b AS s"
                           " WHERE s % 7 = 3 RETURN sum(s) AS total", "--timeout", "0.5")
    assert result.exit_code == 4, result.output
    assert "Traceback" not in result.output
    assert "took longer than 0.5 s (--timeout)" in result.output
