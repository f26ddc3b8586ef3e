"""Every Cypher statement cigraph sends to Neo4j passes Neo4j's own parser and semantic
analysis, offline: the loader statements generated for the case-study graph and every
queries/*.cypher file, checked by @neo4j-cypher/language-support (tools/cypher-lint,
installed by `make node`) against the labels, relationship types and property keys of
the store schema, and Neo4j's function registry. One Node process lints everything
(the parser takes about a second to warm up, then ~60 ms a statement).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from cigraph.queries import QueryLibrary

ROOT = Path(__file__).resolve().parent.parent
LINT = ROOT / "tools" / "cypher-lint"
CY = {q.id: q for q in QueryLibrary().all("cypher")}
#: a hint, not an error: intended where a query pairs every initiative with every function
CARTESIAN = "cartesian product"

#: statements Neo4j refuses, to show the lint is not vacuous: (query, expected message)
MUST_FAIL = [
    ("MATCH ()-[r]->() RETURN label(r)", "Function label is not present"),  # LadybugDB's, not Neo4j's
    ("CREATE NODE TABLE T (uri STRING, PRIMARY KEY (uri))", "Invalid input"),  # LadybugDB DDL
    ("MATCH p = (a)-[* SHORTEST 1..5]-(b) RETURN p", "Invalid input"),  # LadybugDB shortest path
    ("MATCH (n:Initiative) RETURN m.name", "Variable `m` not defined"),
    ("MATCH (n:Initiative) RETURN n.nmae AS x", "nmae is not present"),  # a typo in a property
    ("MATCH (n:Initiatve) RETURN n.name AS x", "Initiatve is not present"),  # a typo in a label
]

pytestmark = [
    pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed (needed for tools/cypher-lint)"),
    pytest.mark.skipif(not (LINT / "node_modules" / "@neo4j-cypher" / "language-support").is_dir(),
                       reason="tools/cypher-lint/node_modules is missing: run `make node` (npm ci)"),
]


@contextmanager
def _locked(path: Path):
    import fcntl

    with open(path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="module")
def linted(pg, tmp_path_factory):
    """id -> (statement, diagnostics) for the queries, the loader statements and MUST_FAIL.

    Linted once per test run: pytest-xdist workers share the answer through a file in
    the run's common temporary folder (the Node process is the slowest part of the suite)."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    cache = root / "cigraph-cypher-lint.json"
    with _locked(root / "cigraph-cypher-lint.lock"):
        if not cache.is_file():
            cache.write_text(json.dumps(_lint_everything(pg)))
        return json.loads(cache.read_text())


def _lint_everything(pg) -> dict:
    from cigraph.stores.schema import build_schema, neo4j_statements

    schema = build_schema(pg)
    full = {"labels": schema.labels, "relationshipTypes": schema.rel_types, "propertyKeys": schema.property_keys}
    # loader rows are maps ({uri, props}, {s, t, props}), not graph properties: no property keys
    loader = {"labels": schema.labels + ["Resource"], "relationshipTypes": schema.rel_types}
    statements = [{"id": f"query:{q.id}", "query": q.text, "parameters": {p.name: "x" for p in q.params}}
                  for q in CY.values()]
    stmts = neo4j_statements(pg, schema)
    statements += [{"id": f"loader:{i}", "query": s, "parameters": p, "schema": loader}
                   for i, (s, p) in enumerate(stmts)]
    statements += [{"id": f"must-fail:{i}", "query": q} for i, (q, _) in enumerate(MUST_FAIL)]
    proc = subprocess.run(["node", str(LINT / "lint.mjs")], input=json.dumps({"statements": statements,
                          "schema": full}), capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    out = json.loads(proc.stdout)
    texts = {s["id"]: s["query"] for s in statements}
    return {r["id"]: (texts[r["id"]], r["diagnostics"]) for r in out["results"]}


def _show(problems):
    return "\n".join(f"{text.splitlines()[0][:100]}…\n  line {d['line']}:{d['column']} {d['severity']}: "
                     f"{d['message']}" for text, d in problems)


@pytest.mark.parametrize("qid", sorted(CY))
def test_query_passes_neo4j_analysis(linted, qid):
    text, diagnostics = linted[f"query:{qid}"]
    problems = [(text, d) for d in diagnostics if CARTESIAN not in d["message"]]
    assert not problems, _show(problems)


def test_loader_statements_pass_neo4j_analysis(linted):
    loader = {k: v for k, v in linted.items() if k.startswith("loader:")}
    assert len(loader) > 40  # constraint, a MERGE per label set and per type, delete, checks
    assert any("CREATE CONSTRAINT" in text for text, _ in loader.values())
    problems = [(text, d) for text, ds in loader.values() for d in ds]
    assert not problems, _show(problems)


@pytest.mark.parametrize("i", range(len(MUST_FAIL)), ids=[q for q, _ in MUST_FAIL])
def test_the_lint_catches_what_neo4j_would_refuse(linted, i):
    _, diagnostics = linted[f"must-fail:{i}"]
    messages = [d["message"] for d in diagnostics]
    assert any(MUST_FAIL[i][1] in m for m in messages), messages
