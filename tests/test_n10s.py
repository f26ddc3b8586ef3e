"""`cigraph load --naming n10s`: the names neosemantics (n10s, handleVocabUris SHORTEN) would give
the same RDF, checked on the case-study projection and linted with Neo4j's own parser
(tools/cypher-lint) — the loader statements, and queries written the n10s way."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cigraph.stores.n10s import N10sNaming, n10s_rows, n10s_statements

LINT = Path(__file__).resolve().parent.parent / "tools" / "cypher-lint"

#: queries as an n10s user writes them (also shown in docs/property-graph.md)
N10S_QUERIES = [
    "MATCH (i:ci__Initiative)-[:ci__hasBackbone]->(b:Resource) "
    "RETURN i.ci__name AS initiative, b.ci__name AS backbone ORDER BY initiative, backbone",
    "MATCH (m:ci__Membership)-[:org__member]->(p:Resource), (m)-[:org__role]->(r:ci__Role) "
    "RETURN p.ci__name AS participant, r.uri AS role ORDER BY participant, role",
    "MATCH (n:Resource)-[:prov__wasDerivedFrom]->(s:ci__SourceSection) RETURN s.uri AS section, count(n) AS facts "
    "ORDER BY facts DESC, section",
]


@pytest.fixture(scope="module")
def naming(dataset):
    preds = sorted({q.predicate.value for q in dataset.store})
    return N10sNaming.from_predicates(preds)


@pytest.fixture(scope="module")
def rows(pg, naming):
    return n10s_rows(pg, naming)


def test_names_follow_n10s_shorten(pg, naming, rows):
    nodes, rels = rows
    labels = {lab for ls in nodes for lab in ls}
    assert {"ci__Initiative", "ci__Organization", "ci__Membership", "org__Membership"} <= labels
    assert {"ci__hasBackbone", "org__member", "org__organization", "org__role", "prov__wasDerivedFrom"} <= set(rels)
    props = {k for rs in nodes.values() for r in rs for k in r["props"]}
    assert {"uri", "ci__name", "rdfs__label"} <= props
    assert not props & {"labels", "types", "name"}, "cigraph's own names do not appear"
    assert naming.prefixes["ci"] == "https://w3id.org/cigraph#" and naming.prefixes["org"] == "http://www.w3.org/ns/org#"
    # same projection: every node and edge, nothing more
    assert sum(len(v) for v in nodes.values()) == len(pg.nodes)
    assert sum(len(v) for v in rels.values()) == len(pg.edges)


def test_an_iri_cannot_change_a_statement():
    from cigraph.stores.n10s import n10s_node_statement

    naming = N10sNaming.from_predicates([])
    evil = naming.label("http://x.example/v#A`) DETACH DELETE n RETURN (`x")
    assert evil == "ns0__A`) DETACH DELETE n RETURN (`x"
    assert n10s_node_statement((evil,)).endswith("SET n:`ns0__A``) DETACH DELETE n RETURN (``x`")


def test_unknown_namespaces_are_numbered_in_order():
    naming = N10sNaming.from_predicates([])
    assert [naming.shorten(i) for i in ("http://a.example/x", "http://b.example#y", "http://a.example/z")] == \
        ["ns0__x", "ns1__y", "ns0__z"]


def test_naming_n10s_is_for_neo4j_only(workspace):
    from cigraph.cli import cli

    result = CliRunner().invoke(cli, ["load", "--naming", "n10s", "--workspace", str(workspace)])
    assert result.exit_code == 2, result.output
    assert "--naming n10s is for --target neo4j" in result.output


@pytest.mark.skipif(shutil.which("node") is None or not (LINT / "node_modules" / "@neo4j-cypher").is_dir(),
                    reason="tools/cypher-lint is not installed (make node)")
def test_n10s_statements_and_queries_pass_neo4j_analysis(pg, naming, rows):
    nodes, rels = rows
    labels = sorted({lab for ls in nodes for lab in ls} | {"Resource", "_NsPrefDef", "_GraphConfig"})
    keys = sorted({k for rs in nodes.values() for r in rs for k in r["props"]})
    loader_schema = {"labels": labels, "relationshipTypes": sorted(rels)}
    schema = {**loader_schema, "propertyKeys": keys}
    statements = [{"id": f"loader:{i}", "query": q, "parameters": p, "schema": loader_schema}
                  for i, (q, p) in enumerate(n10s_statements(pg, naming))]
    statements += [{"id": f"query:{i}", "query": q} for i, q in enumerate(N10S_QUERIES)]
    # not vacuous: cigraph's own names are unknown in an n10s graph
    statements.append({"id": "must-fail", "query": "MATCH (i:Initiative)-[:HAS_BACKBONE]->(b) RETURN b.name AS n"})
    proc = subprocess.run(["node", str(LINT / "lint.mjs")], capture_output=True, text=True, timeout=300,
                          input=json.dumps({"statements": statements, "schema": schema}))
    assert proc.returncode in (0, 1), proc.stderr
    results = {r["id"]: r["diagnostics"] for r in json.loads(proc.stdout)["results"]}
    problems = {k: d for k, d in results.items() if d and k != "must-fail"}
    assert not problems, problems
    assert len([k for k in results if k.startswith("loader:")]) > 20
    assert any("Initiative is not present" in d["message"] for d in results["must-fail"]), results["must-fail"]
