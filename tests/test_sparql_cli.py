"""`cigraph sparql` and `cigraph queries` on a built workspace of the case studies."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cigraph.cli import cli
from casestudies import initiative_count

YPI = "https://w3id.org/cigraph/id/org-youth-policy-institute"
LAPZ = "https://w3id.org/cigraph/id/lapz"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def _backbone_pairs(pg) -> int:
    return sum(1 for e in pg.edges if e.type == "HAS_BACKBONE")


def test_library_query_as_table(workspace, pg):
    r = run("sparql", "backbones", "-w", str(workspace))
    assert r.exit_code == 0, r.output
    assert "Youth Policy Institute" in r.output and "cgd:lapz" in r.output
    assert f"({_backbone_pairs(pg)} rows)" in r.output


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "xml"])
def test_result_formats(workspace, fmt):
    r = run("sparql", "backbones", "--param", "initiative=cgd:lapz", "--format", fmt, "-w", str(workspace))
    assert r.exit_code == 0, r.output
    out = r.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["head"]["vars"][:2] == ["initiative", "initiative_name"]
        assert [b["backbone"]["value"] for b in data["results"]["bindings"]] == [YPI]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(row["initiative"], row["backbone"]) for row in rows] == [(LAPZ, YPI)]
    elif fmt == "tsv":
        lines = out.splitlines()
        assert lines[0].startswith("?initiative\t?initiative_name") and f"<{YPI}>" in lines[1]
    else:
        import xml.etree.ElementTree as ET

        root = ET.fromstring(out)
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert [u.text for u in root.iter(f"{ns}uri") if u.text == YPI] == [YPI]


def test_inline_query_file_and_output(workspace, tmp_path):
    q = tmp_path / "names.rq"
    q.write_text("SELECT ?i ?n WHERE { ?i a ci:Initiative ; ci:name ?n } ORDER BY ?n")
    out = tmp_path / "names.csv"
    r = run("sparql", "-f", str(q), "--format", "csv", "-o", str(out), "-w", str(workspace))
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == initiative_count() and rows[0]["n"] == "Dufferin County Equity Collaborative"
    r = run("sparql", "SELECT ?n WHERE { cgd:lapz ci:name ?n } ORDER BY ?n", "--format", "csv",
            "-w", str(workspace))
    assert r.exit_code == 0 and r.stdout.splitlines()[1] == "Los Angeles Promise Zone"


def test_query_from_stdin(workspace):
    r = run("sparql", "-f", "-", "--format", "csv", "-w", str(workspace),
            input="ASK { cgd:lapz ci:hasBackbone cgd:org-youth-policy-institute }")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "true"


def test_construct_and_describe(workspace, pg):
    import pyoxigraph as ox

    r = run("sparql", "CONSTRUCT { ?i ci:hasBackbone ?b } WHERE { ?i ci:hasBackbone ?b }", "-w", str(workspace))
    assert r.exit_code == 0, r.output
    triples = list(ox.parse(r.stdout, ox.RdfFormat.TURTLE))
    assert len(triples) == _backbone_pairs(pg) and "@prefix ci:" in r.stdout
    r = run("sparql", "DESCRIBE cgd:lapz", "--format", "nt", "-w", str(workspace))
    assert r.exit_code == 0, r.output
    assert all(line.startswith(f"<{LAPZ}>") for line in r.stdout.splitlines() if line)
    r = run("sparql", "DESCRIBE cgd:lapz", "--format", "csv", "-w", str(workspace))
    assert r.exit_code == 4 and "ttl" in r.output


def test_syntax_error_exit_4_with_line_and_column(workspace):
    r = run("sparql", "SELECT ?s\nWHERE { ?s ci:name }", "-w", str(workspace))
    assert r.exit_code == 4
    assert "line 2, column" in r.output and "WHERE { ?s ci:name }" in r.output


def test_update_refused(workspace):
    r = run("sparql", "INSERT DATA { cgd:a cgd:b cgd:c }", "-w", str(workspace))
    assert r.exit_code == 4 and "SPARQL Update" in r.output


def test_unknown_id_and_parameters(workspace):
    r = run("sparql", "backbone", "-w", str(workspace))
    assert r.exit_code == 4 and "backbones" in r.output          # did you mean
    r = run("sparql", "facts-about", "-w", str(workspace))
    assert r.exit_code == 4 and "--param entity" in r.output
    r = run("sparql", "backbones", "--param", "initiative", "-w", str(workspace))
    assert r.exit_code == 2 and "NAME=VALUE" in r.output


def test_missing_workspace_exit_5(tmp_path):
    r = run("sparql", "backbones", "-w", str(tmp_path / "nowhere"))
    assert r.exit_code == 5
    assert "cigraph build" in r.output


def test_time_limit_exit_4(workspace):
    r = run("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
            "--timeout", "1", "-w", str(workspace))
    assert r.exit_code == 4 and "time limit of 1 s" in r.output


def test_no_time_limit_runs_in_process(workspace):
    r = run("sparql", "condition-maturity", "--timeout", "0", "--format", "csv", "-w", str(workspace))
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 1 + 5 * initiative_count()


def test_limit_and_offset(workspace):
    full = run("sparql", "members-by-role", "--format", "csv", "--limit", "0", "-w", str(workspace))
    assert full.exit_code == 0 and "cut" not in full.stderr
    rows = full.stdout.splitlines()
    r = run("sparql", "members-by-role", "--limit", "3", "--format", "csv", "-w", str(workspace))
    assert r.exit_code == 0
    assert r.stdout.splitlines() == rows[:4] and "cut at --limit 3" in r.stderr and "--offset 3" in r.stderr
    r = run("sparql", "members-by-role", "--limit", "3", "--offset", "3", "--format", "csv", "-w", str(workspace))
    assert r.stdout.splitlines() == rows[:1] + rows[4:7]
    r = run("sparql", "members-by-role", "--max-rows", "2", "--format", "csv", "-w", str(workspace))  # old name
    assert r.stdout.splitlines() == rows[:3]
    r = run("sparql", "members-by-role", "--limit", "-1", "-w", str(workspace))
    assert r.exit_code == 2


def test_default_limit_is_stated_and_applied(workspace):
    from cigraph.cli.sparql import DEFAULT_LIMIT

    r = run("sparql", "--help")
    assert f"default: {DEFAULT_LIMIT}" in " ".join(r.output.split())
    q = "SELECT ?s ?t WHERE { ?s ?p ?o . ?t a owl:Class }"  # 200 k rows; pulled lazily, cut at the limit
    r = run("sparql", q, "--format", "tsv", "-w", str(workspace))
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == DEFAULT_LIMIT + 1
    assert f"cut at --limit {DEFAULT_LIMIT}" in r.stderr


def test_streamed_formats_equal_the_whole_answer(workspace):
    """Written batch by batch (several batches here), each format says the same as the one-piece writer."""
    import pyoxigraph as ox

    from cigraph.dataset import open_dataset
    from cigraph.sparql import run_sparql, serialize

    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    whole = run_sparql(open_dataset(workspace), q)
    assert len(whole) > 4000  # more than two batches
    for fmt, timeout in (("csv", "0"), ("tsv", "0"), ("json", "0"), ("xml", "0"), ("csv", "120"), ("json", "120")):
        r = run("sparql", q, "--format", fmt, "--limit", "0", "--timeout", timeout, "-w", str(workspace))
        assert r.exit_code == 0, r.output
        qf = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON,
              "xml": ox.QueryResultsFormat.XML}[fmt]
        if fmt in ("json", "xml"):
            got = list(ox.parse_query_results(r.stdout_bytes, qf))
            assert [tuple(s) for s in got] == [tuple(row) for row in whole.rows], fmt
        else:
            assert r.stdout_bytes == serialize(whole, fmt), fmt
    r = run("sparql", q, "--format", "jsonl", "--limit", "0", "--timeout", "0", "-w", str(workspace))
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert lines == [json.loads(json.dumps({k: v for k, v in rec.items() if v is not None}, default=str))
                     for rec in whole.records()]  # dates as ISO text
    g = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    for fmt in ("nt", "ttl"):
        r = run("sparql", g, "--format", fmt, "--limit", "0", "--timeout", "120", "-w", str(workspace))
        triples = {q.triple for q in ox.parse(r.stdout_bytes, ox.RdfFormat.N_TRIPLES if fmt == "nt"
                                             else ox.RdfFormat.TURTLE)}
        assert triples == set(run_sparql(open_dataset(workspace), g).triples), fmt


def test_output_file_is_written_whole_or_not_at_all(workspace, tmp_path):
    out = tmp_path / "rows.csv"
    r = run("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1",
            "--format", "csv", "-o", str(out), "-w", str(workspace))
    assert r.exit_code == 4 and not out.exists() and list(tmp_path.iterdir()) == []


def test_check_query_with_rows_exits_1(tmp_path):
    """A `check` query that finds rows fails the command, so it can gate a pipeline."""
    from cigraph.pipeline import build
    from cigraph.resources import data_dir
    from cigraph.settings import Settings

    extra = tmp_path / "uncited.ttl"
    extra.write_text("@prefix ci: <https://w3id.org/cigraph#> . @prefix cgd: <https://w3id.org/cigraph/id/> .\n"
                     'cgd:test-uncited a ci:Activity ; ci:name "Uncited" ; ci:partOfInitiative cgd:lapz .\n')
    ws = tmp_path / "ws"
    build(Settings(data_dirs=(data_dir(), extra), workspace=ws), validate_data=False)
    r = run("sparql", "provenance-gaps", "-w", str(ws))
    assert r.exit_code == 1
    assert "cgd:test-uncited" in r.stdout and "check 'provenance-gaps' failed" in r.stderr


def test_queries_command():
    r = run("queries")
    assert r.exit_code == 0, r.output
    assert "backbones" in r.output and "sparql" in r.output and "facts-about" in r.output
    r = run("queries", "--language", "sparql", "--format", "json")
    data = json.loads(r.stdout)
    by_id = {q["id"]: q for q in data}
    assert all(q["language"] == "sparql" for q in data)
    assert by_id["facts-about"]["params"] == [{"name": "entity", "optional": False}]
    assert by_id["provenance-gaps"]["kind"] == "check"


def test_real_subprocess(workspace):
    """The installed entry point, end to end, in its own process."""
    exe = Path(sys.executable).with_name("cigraph")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cigraph.cli"]
    p = subprocess.run(cmd + ["sparql", "shared-organizations", "--format", "csv", "-w", str(workspace)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert [r["organization_name"] for r in rows] == ["City of Los Angeles"]
    p = subprocess.run(cmd + ["sparql", "SELECT * WHERE { ?s ?p }", "-w", str(workspace)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 4 and "line 1, column" in p.stderr


def test_serve_without_workspace_exit_5(tmp_path):
    r = run("serve", "-w", str(tmp_path / "nowhere"), "--port", "0")
    assert r.exit_code == 5 and "cigraph build" in r.output


def test_serve_port_in_use_exit_5(workspace):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run("serve", "-w", str(workspace), "--port", str(port))
    assert r.exit_code == 5 and "--port" in r.output


def test_from_narrows_the_dataset(workspace):
    """FROM / FROM NAMED in the query narrow the dataset, in process and in the worker (issue 12.1)."""
    import pyoxigraph as ox

    from cigraph.dataset import open_dataset

    store = open_dataset(workspace).store
    data = "https://w3id.org/cigraph/graph/data"
    in_data = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(data)))
    for timeout in ("0", "30"):
        r = run("sparql", f"SELECT (COUNT(*) AS ?c) FROM <{data}> WHERE {{ ?s ?p ?o }}", "--format", "csv",
                "--timeout", timeout, "-w", str(workspace))
        assert r.exit_code == 0, r.output
        assert r.stdout.splitlines()[1] == str(in_data)
        r = run("sparql", f"SELECT DISTINCT ?g FROM NAMED <{data}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                "--format", "csv", "--timeout", timeout, "-w", str(workspace))
        assert r.stdout.splitlines()[1:] == [data]


def test_select_star_column_order(workspace):
    r = run("sparql", "SELECT * WHERE { ?zeta ci:hasBackbone ?alpha } ORDER BY ?zeta ?alpha", "--format", "csv",
            "-w", str(workspace))
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == "zeta,alpha"
