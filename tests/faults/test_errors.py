"""Fault catalogue, error cases (docs/faults.md, E-rows): each failure is one plain line with
the documented exit code, never a traceback, never 1."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from faults.helpers import assert_clean_failure, cigraph
from faults.mounts import du_kb, read_only, small_disk


def _meta(ws: Path) -> Path:
    return ws / "current" / "meta.json"


def test_a_50mb_literal_is_reported_not_a_memoryerror(ws_copy, tmp_path):
    big = tmp_path / "big.ttl"
    with open(big, "w") as f:
        f.write('@prefix ci: <https://w3id.org/cigraph#> .\n<https://w3id.org/cigraph/id/x> ci:description "')
        f.write("x" * (50 * 1024 * 1024))
        f.write('" .\n')
    before = os.readlink(ws_copy / "current")
    p = cigraph("build", "-q", "-w", ws_copy, "--data", big)
    assert_clean_failure(p, 3, says="larger than the RDF parser's limit")
    assert "big.ttl" in p.stderr and "MemoryError" not in p.stderr
    assert os.readlink(ws_copy / "current") == before


def test_corrupt_meta_json_says_rebuild(ws_copy):
    _meta(ws_copy).write_text("{ not json")
    p = cigraph("stats", "-w", ws_copy)
    assert_clean_failure(p, 5, says="run `cigraph build`")
    assert "meta.json is damaged" in p.stderr
    # and build repairs it
    assert cigraph("build", "-q", "-w", ws_copy).returncode == 0
    assert cigraph("stats", "-w", ws_copy).returncode == 0


def test_corrupt_store_says_rebuild(ws_copy):
    store = ws_copy / "current" / "store"
    for f in store.iterdir():
        if f.is_file():
            f.write_bytes(b"\x00garbage" * 8)
    p = cigraph("sparql", "backbones", "-w", ws_copy)
    assert_clean_failure(p, 5, says="run `cigraph build`")
    assert "damaged" in p.stderr


def test_metadata_from_a_newer_cigraph_is_refused(ws_copy):
    meta = json.loads(_meta(ws_copy).read_text())
    meta["cigraph_version"] = "99.1.0"
    _meta(ws_copy).write_text(json.dumps(meta))
    p = cigraph("stats", "-w", ws_copy)
    assert_clean_failure(p, 5, says="built by cigraph 99.1.0")
    assert "upgrade cigraph" in p.stderr


def test_a_file_where_builds_should_be(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "builds").write_text("not a folder")
    p = cigraph("build", "-q", "-w", ws)
    assert_clean_failure(p, 5, says="is in the way")
    assert (ws / "builds").read_text() == "not a folder"


def test_a_file_where_the_workspace_should_be(tmp_path):
    ws = tmp_path / "ws"
    ws.write_text("oops")
    assert_clean_failure(cigraph("build", "-q", "-w", ws), {2, 5})
    assert_clean_failure(cigraph("stats", "-w", ws), {2, 5})


def test_read_only_workspace_builds_and_loads_refuse_reads_work(ws_copy, tmp_path):
    with read_only(ws_copy, tmp_path / "ro") as ro:
        p = cigraph("build", "-q", "-w", ro)
        assert_clean_failure(p, 5, says="not writable")
        assert "Read-only file system" in p.stderr
        assert_clean_failure(cigraph("load", "-q", "-w", ro), 5, says="not writable")
        q = cigraph("sparql", "backbones", "-w", ro, "--format", "csv")
        assert q.returncode == 0 and "Youth Policy Institute" in q.stdout, q.stderr


def test_full_disk_during_build_keeps_the_previous_build(built_workspace, tmp_path):
    need = du_kb(built_workspace)
    with small_disk(tmp_path / "disk", need + need // 3) as disk:  # room for one build, not two
        ws = disk / "ws"
        shutil.copytree(built_workspace, ws, symlinks=True)
        before = os.readlink(ws / "current")
        p = cigraph("build", "-q", "-w", ws)
        assert_clean_failure(p, 5, says="no space left")
        assert os.readlink(ws / "current") == before
        assert [d.name for d in (ws / "builds").iterdir()] == [os.path.basename(before)]  # nothing half-written
        assert cigraph("sparql", "backbones", "-w", ws).returncode == 0


def test_full_disk_during_load_keeps_the_previous_graph(built_workspace, tmp_path):
    need = du_kb(built_workspace)
    with small_disk(tmp_path / "disk", need + 256) as disk:  # the build fits, the graph (~13 MB) does not
        ws = disk / "ws"
        shutil.copytree(built_workspace, ws, symlinks=True)
        p = cigraph("load", "-q", "-w", ws)
        assert_clean_failure(p, 5, says="no space left")
        assert not list(ws.glob(".graph.lbdb.*")), list(ws.iterdir())


def _full_device(tmp_path) -> Path:
    """A private /dev/full (same device numbers) when root may make one, so a writer that wrongly
    renames over its target destroys only this node; else the real /dev/full (which only root
    could replace)."""
    import stat

    node = tmp_path / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        return node
    except (OSError, AttributeError):
        if not Path("/dev/full").exists():
            pytest.skip("no /dev/full")
        return Path("/dev/full")


def test_full_disk_for_an_output_file(built_workspace, tmp_path):
    full = _full_device(tmp_path)
    for args in (["sparql", "backbones"], ["export", "--format", "ttl"], ["gaps"]):
        p = cigraph(*args, "-w", built_workspace, "-o", full)
        assert_clean_failure(p, 5, says="no space left")
        assert full.is_char_device(), f"cigraph {args[0]} -o replaced the device by a regular file"
    with small_disk(tmp_path / "disk", 64) as disk:
        p = cigraph("export", "--format", "ttl", "-w", built_workspace, "-o", disk / "all.ttl")
        assert_clean_failure(p, 5, says="no space left")
        assert not list(disk.iterdir()), "no half-written output or temporary file stays"
