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
