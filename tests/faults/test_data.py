"""Fault catalogue, data cases (docs/faults.md, D-rows): bad or missing input data."""

from __future__ import annotations

import os
from pathlib import Path

from faults.helpers import assert_clean_failure, cigraph

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"


def _current(ws: Path) -> str:
    return os.readlink(ws / "current")


def test_malformed_turtle_names_file_and_line(ws_copy):
    before = _current(ws_copy)
    p = cigraph("build", "-q", "-w", ws_copy, "--data", BAD / "malformed.ttl")
    assert_clean_failure(p, 3, says="malformed.ttl:7:16")
    assert p.stderr.strip().count("\n") == 0, p.stderr
    assert _current(ws_copy) == before


def test_empty_data_folder_is_refused(ws_copy, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.ttl").write_text("# nothing yet\n@prefix ci: <https://w3id.org/cigraph#> .\n")
    before = _current(ws_copy)
    # (--data adds to the bundled case studies; --no-bundled makes this folder the only data)
    p = cigraph("build", "-q", "-w", ws_copy, "--no-bundled", "--data", empty)
    assert_clean_failure(p, 3, says=f"no data")
    assert str(empty) in p.stderr
    assert _current(ws_copy) == before
    # a folder with no RDF file at all: the same refusal, with or without the bundled data
    (empty / "blank.ttl").unlink()
    assert_clean_failure(cigraph("build", "-q", "-w", ws_copy, "--no-bundled", "--data", empty), 3,
                         says="no data files in")
    assert_clean_failure(cigraph("build", "-q", "-w", ws_copy, "--data", empty), 3, says="no data files in")
    assert _current(ws_copy) == before
    # asked for explicitly, an ontology-only workspace is built
    (empty / "blank.ttl").write_text("")
    p = cigraph("build", "-q", "-w", ws_copy, "--no-bundled", "--data", empty, "--allow-empty")
    assert p.returncode == 0, p.stderr
    assert _current(ws_copy) != before


def test_query_ids_are_not_paths(built_workspace, tmp_path):
    """A query id that climbs out of queries/ is not read as a file (the id is looked up, never opened)."""
    secret = tmp_path / "secret"
    (secret.parent / "secret.rq").write_text('SELECT ("LEAKED" AS ?x) WHERE {}\n')
    (secret.parent / "secret.cypher").write_text('RETURN "LEAKED" AS x\n')
    climb = "../" * 12 + str(secret).lstrip("/")
    for cmd in ("sparql", "cypher"):
        p = cigraph(cmd, climb, "-w", built_workspace)
        assert_clean_failure(p, {4, 5})  # cypher: 5 when no graph is loaded yet; never reads the file
        assert "LEAKED" not in p.stdout + p.stderr
