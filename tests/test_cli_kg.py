"""End-to-end runs of the knowledge-graph commands, in process and as a real subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import rdflib
from click.testing import CliRunner

from cigraph.cli import cli
from cigraph.resources import data_dir
from casestudies import initiative_count

BAD = Path(__file__).parent / "data" / "bad"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_build_validate_stats_describe_export(tmp_path):
    ws = tmp_path / "ws"
    r = run("build", "-w", ws, "-q")
    assert r.exit_code == 0, r.output
    assert "conforms" in r.output
    r = run("validate", "-w", ws, "--format", "json")
    assert r.exit_code == 0, r.output
    rep = json.loads(r.output)
    assert rep["conforms"] is True and rep["violations"] == 0
    r = run("stats", "-w", ws, "--format", "json")
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    assert len(s["initiatives"]) == initiative_count() and s["classes"]["ci:Initiative"] == initiative_count()
    r = run("describe", "Youth Policy Institute", "-w", ws)
    assert r.exit_code == 0, r.output
    assert "member of: Los Angeles Promise Zone" in r.output and "has backbone" in r.output
    r = run("describe", "cgd:lapz", "-w", ws, "--format", "json")
    d = json.loads(r.output)
    assert d["label"] == "Los Angeles Promise Zone"
    assert any(f["predicate"].endswith("#hasBackbone") for f in d["outgoing"])
    assert any(f["predicate"].endswith("#hasParticipant") for f in d["outgoing"])
    out = tmp_path / "all.ttl"
    r = run("export", "-w", ws, "--format", "ttl", "-o", out)
    assert r.exit_code == 0, r.output
    g = rdflib.Graph().parse(out)
    assert 0 < len(g) <= s["triples"]  # triple formats merge the graphs (duplicates collapse)
    assert (rdflib.URIRef("https://w3id.org/cigraph/id/lapz"),
            rdflib.URIRef("https://w3id.org/cigraph#hasBackbone"),
            rdflib.URIRef("https://w3id.org/cigraph/id/org-youth-policy-institute")) in g
    for fmt in ("nt", "jsonld", "nq"):
        r = run("export", "-w", ws, "--format", fmt, "-o", tmp_path / f"all.{fmt}")
        assert r.exit_code == 0, r.output
    gj = rdflib.Graph().parse(tmp_path / "all.jsonld", format="json-ld")
    assert len(gj) == len(g)
    r = run("export", "-w", ws, "--format", "graphml", "-o", tmp_path / "pg.graphml")
    assert r.exit_code == 0, r.output
    import networkx as nx

    G = nx.read_graphml(tmp_path / "pg.graphml")
    assert G.nodes["https://w3id.org/cigraph/id/lapz"]["kind"] == "Initiative"


def test_describe_unknown_entity_suggests_names(workspace):
    r = run("describe", "Youth Polcy Institute", "-w", workspace)
    assert r.exit_code == 3
    assert "Youth Policy Institute" in r.output


def test_missing_workspace_exit_code(tmp_path):
    r = run("stats", "-w", tmp_path / "none")
    assert r.exit_code == 5 and "cigraph build" in r.output


def test_validate_data_with_violation_exit_1(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(data_dir(), d, ignore=shutil.ignore_patterns("*.md"))
    shutil.copy(BAD / "violation.ttl", d)
    r = run("validate", "--data", d)
    assert r.exit_code == 1
    assert "cgd:bad-m" in r.output and "org:member" in r.output


def test_build_malformed_exit_3_as_subprocess(tmp_path):
    """A real process: the message names file and line, the exit code is 3, no traceback."""
    d = tmp_path / "data"
    shutil.copytree(data_dir(), d, ignore=shutil.ignore_patterns("*.md"))
    shutil.copy(BAD / "malformed.ttl", d)
    p = subprocess.run([sys.executable, "-m", "cigraph.cli", "build", "--data", str(d), "-w", str(tmp_path / "ws")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 3, p.stderr
    assert "malformed.ttl:7" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "ws" / "current").exists()


def test_help_lists_commands():
    r = run("--help")
    assert r.exit_code == 0
    for c in ("build", "validate", "stats", "describe", "export"):
        assert c in r.output
