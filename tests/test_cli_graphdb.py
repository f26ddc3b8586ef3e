"""`cigraph load` and `cigraph cypher` through click's CliRunner, and one real process."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cigraph.cli import cli
from casestudies import initiative_count

CGD = "https://w3id.org/cigraph/id/"
SECRET = "pw-that-must-not-show"


@pytest.fixture(scope="module")
def ws(workspace, tmp_path_factory):
    """A copy of the built workspace, loaded into the embedded store by `cigraph load`,
    once per test run (pytest-xdist workers share it through the run's common folder)."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    copy = root / "cli-ws"
    with open(root / "cli-ws.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "cli-ws.load-output").is_file():
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(workspace, copy, symlinks=True)
            result = CliRunner().invoke(cli, ["load", "--workspace", str(copy)])
            assert result.exit_code == 0, result.output
            (root / "cli-ws.load-output").write_text(result.output)
    return copy


def load_output(ws) -> str:
    return (ws.parent / "cli-ws.load-output").read_text()


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def test_load_reports_verified_counts(ws, pg):
    output = load_output(ws)
    assert f"loaded {len(pg.nodes)} nodes and {len(pg.edges)} relationships into embedded" in output
    assert "counts verified" in output and "ROLE stored as HAS_ROLE" in output
    assert "… nodes: " in output and "… relationships: " in output  # progress lines on stderr
    assert (ws / "graph.lbdb").is_file()
    assert sorted(p.name for p in ws.iterdir() if "lbdb" in p.name) == ["graph.lbdb", "graph.lbdb.json", "graph.lbdb.lock"]


def test_cypher_library_query_as_table(ws):
    result = run("cypher", "backbones", "--workspace", ws)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["initiative", "initiative_name", "backbone", "backbone_name"]
    assert any("Youth Policy Institute" in line and CGD + "lapz" in line for line in lines)
    assert "rows)" in result.output  # the row count goes to stderr


def test_cypher_param_curie_and_json(ws):
    result = run("cypher", "initiative-overview", "-p", "initiative=cgd:lapz", "--format", "json", "--workspace", ws)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["name"], r["member_count"], r["priorities"]) for r in rows] == [("Los Angeles Promise Zone", 50, 4)]


def test_cypher_inline_query_to_csv_file(ws, tmp_path):
    out = tmp_path / "cities.csv"
    q = "MATCH (o:Organization)-[:MEMBER_OF]->(i:Initiative) WHERE o.uri = $org RETURN i.uri AS initiative ORDER BY initiative"
    result = run("cypher", q, "-p", "org=cgd:org-city-of-los-angeles", "--format", "csv", "-o", out, "--workspace", ws)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows == [{"initiative": CGD + "lapz"}, {"initiative": CGD + "slatez"}]


def test_cypher_from_file(ws, tmp_path):
    f = tmp_path / "q.cypher"
    f.write_text("//+ summary: count initiatives\n//+ params: none\nMATCH (i:Initiative) RETURN count(i) AS n ORDER BY n\n")
    result = run("cypher", "-f", f, "--format", "json", "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": initiative_count()}]


@pytest.mark.parametrize("args, code, message", [
    (["cypher", "path-between-organizations", "-p", "a=cgd:org-youth-policy-institute"], 4, "--param b=VALUE"),
    (["cypher", "backbone"], 4, "Did you mean"),
    (["cypher", "backbones", "-p", "initiatve=cgd:lapz"], 4, "has no parameter initiatve"),
    (["cypher", "MATCH (n:Initiative RETURN n"], 4, "rejected the query"),
    (["cypher", "MATCH (n:Initiative) DETACH DELETE n"], 4, "read-only"),
    (["cypher", "backbones", "-p", "novalue"], 2, "NAME=VALUE"),
])
def test_cypher_errors(ws, args, code, message):
    result = run(*args, "--workspace", ws)
    assert result.exit_code == code, result.output
    assert message in result.output


def test_cypher_before_load_says_what_to_do(workspace, tmp_path):
    result = run("cypher", "backbones", "--workspace", workspace, "--graph", tmp_path / "none.lbdb")
    assert result.exit_code == 5, result.output
    assert "run `cigraph load` first" in result.output


def test_load_without_a_build_says_what_to_do(tmp_path):
    result = run("load", "--workspace", tmp_path / "nothing")
    assert result.exit_code == 5, result.output
    assert "cigraph build" in result.output


@pytest.mark.parametrize("uri, message", [
    ("bolt://127.0.0.1:1", "cannot reach Neo4j at bolt://127.0.0.1:1"),
    ("localhost:7687", "bad Neo4j URI"),
    (f"bolt://neo4j:{SECRET}@127.0.0.1:1", "carries a user name or password"),
])
def test_load_into_unreachable_neo4j_exits_5_without_the_password(ws, uri, message):
    result = run("load", "--target", "neo4j", "--uri", uri, "--workspace", ws, env={"NEO4J_PASSWORD": SECRET})
    assert result.exit_code == 5, result.output
    assert message in result.output
    assert SECRET not in result.output


def test_cypher_on_neo4j_reads_uri_from_environment():
    result = run("cypher", "backbones", "--target", "neo4j",
                 env={"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": SECRET})
    assert result.exit_code == 5, result.output
    assert "docker run" in result.output and SECRET not in result.output


def test_real_process_exit_code_and_clean_stdout(ws):
    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": SECRET}
    p = subprocess.run([sys.executable, "-m", "cigraph", "load", "--target", "neo4j", "--workspace", str(ws)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 5, p.stderr
    assert p.stdout == "" and "cannot reach Neo4j" in p.stderr
    assert SECRET not in p.stderr


def test_help_lists_both_commands():
    result = run("--help")
    assert result.exit_code == 0, result.output
    assert "load" in result.output and "cypher" in result.output
    result = run("cypher", "--help")
    assert result.exit_code == 0 and "--param" in result.output and "NEO4J_URI" in result.output


def test_cypher_warns_when_the_workspace_was_rebuilt_after_the_load(ws):
    from cigraph.stores.embedded import read_meta

    meta = ws / "graph.lbdb.json"
    saved = meta.read_text()
    recorded = read_meta(ws / "graph.lbdb")
    assert recorded["build"] == (ws / "current").resolve().name and recorded["nodes"] > 300
    result = run("cypher", "shared-organizations", "--workspace", ws)
    assert result.exit_code == 0 and "warning" not in result.output
    doc = json.loads(saved)
    doc["files"] = {k: {**v, "build": "20200101T000000-older"} for k, v in doc["files"].items()}
    meta.write_text(json.dumps(doc))
    try:
        result = run("cypher", "shared-organizations", "--workspace", ws)
        assert result.exit_code == 0, result.output
        assert "was loaded from build 20200101T000000-older" in result.output
        assert "City of Los Angeles" in result.stdout and "warning" not in result.stdout
    finally:
        meta.write_text(saved)


def test_no_rows_still_gives_the_header(ws):
    result = run("cypher", "channels", "-p", "initiative=cgd:lapz", "--format", "csv", "--workspace", ws)
    assert result.exit_code == 0, result.output
    assert result.stdout == "initiative,channel,channel_name,channel_type,cadence,audience\n"
