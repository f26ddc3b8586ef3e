"""Fault catalogue, workspace cases (docs/faults.md, W-rows): concurrent runs, interrupts,
leftovers. Real subprocesses throughout; interrupts land at named instants of the real
commit sequence (``CIGRAPH_FAULT_AT``, see cigraph/journal.py)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from faults.helpers import assert_clean_failure, cigraph, spawn


def _current(ws: Path) -> str:
    return os.path.basename(os.readlink(ws / "current"))


def assert_intact(ws: Path, *, pinned_ok: bool = False) -> str:
    """The workspace is one complete build: current -> a build with its meta and a store that
    opens and holds what the meta says; no leftovers. ``pinned_ok``: older complete builds that
    a reader held while the last build pruned may remain (the next build removes them)."""
    import pyoxigraph as ox

    cur = _current(ws)
    meta = json.loads((ws / "builds" / cur / "meta.json").read_text())
    store = ox.Store.read_only(str(ws / "builds" / cur / "store"))
    assert len(store) == meta["triples"] > 1000
    del store
    names = sorted(p.name for p in (ws / "builds").iterdir())
    if pinned_ok:
        assert cur in names and all((ws / "builds" / n / "meta.json").is_file() for n in names), names
    else:
        assert names == [cur], f"leftover builds: {names}"
    assert not list(ws.glob(".current-*")) and not list(ws.glob(".graph.lbdb.*"))
    return cur



def _build_in_process(ws: Path) -> str:
    from cigraph.pipeline import build
    from cigraph.settings import Settings

    result = build(Settings(workspace=ws), validate_data=False)
    result.dataset.close()
    return result.path.name


def _load_in_process(ws: Path) -> str:
    """What `cigraph load` does, without a new interpreter (set-up only; the faults run as processes)."""
    from cigraph.dataset import open_dataset
    from cigraph.projection import project
    from cigraph.stores.embedded import EmbeddedStore

    ds = open_dataset(ws)
    EmbeddedStore(workspace=ws).load(project(ds), source={"build": ds.path.name})
    ds.close()
    return ds.path.name


# -- locks ---------------------------------------------------------------------------

def test_second_build_is_refused_then_waits(ws_copy):
    from cigraph.locks import WriterLock

    before = _current(ws_copy)
    with WriterLock(ws_copy / ".build.lock", "build"):
        p = cigraph("build", "-q", "-w", ws_copy)
        assert_clean_failure(p, 5, says=f"another build is running on {ws_copy} (pid {os.getpid()})")
        assert "--wait" in p.stderr
        waiting = spawn("build", "-q", "--wait", "-w", ws_copy)
        time.sleep(1.5)
        assert waiting.poll() is None, "a --wait build must queue behind the lock"
        assert _current(ws_copy) == before
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert _current(ws_copy) != before
    assert_intact(ws_copy)


def _concurrent(ws: Path, builds: int, loads: int, queries: int) -> dict:
    procs = []
    for i in range(builds):
        procs.append(("build", spawn("build", "-q", "-w", ws, *(["--wait"] if i % 2 else []))))
        if i < loads:
            procs.append(("load", spawn("load", "-q", "-w", ws, *(["--wait"] if i % 2 else []))))
        if i < queries:
            procs.append(("query", spawn("sparql", "backbones", "-w", ws, "--format", "csv")))
    results = {"build": [], "load": [], "query": []}
    for kind, p in procs:
        out, err = p.communicate(timeout=600)
        results[kind].append((p.returncode, out, err))
    for kind, rows in results.items():
        for code, out, err in rows:
            assert "Traceback" not in out + err, err
            assert "Corruption" not in err and "MANIFEST" not in err, err
            if kind == "query":
                assert code == 0, err
                assert "Youth Policy Institute" in out
            else:
                assert code in (0, 5), err
                if code == 5:
                    assert f"another {kind} is running" in err, err
    assert sum(code == 0 for code, _o, _e in results["build"]) >= builds // 2  # every --wait build completes
    return results


def test_concurrent_builds_and_loads_leave_one_intact_build(ws_copy):
    """20 writers at once (12 builds, 8 loads; half of each with --wait) and 6 queries."""
    _concurrent(ws_copy, builds=12, loads=8, queries=4)
    assert_intact(ws_copy, pinned_ok=True)
    p = cigraph("cypher", "backbones", "-w", ws_copy, "--format", "csv")
    assert p.returncode == 0 and "Youth Policy Institute" in p.stdout, p.stderr
    # builds that readers held during the storm go with the next build
    assert cigraph("build", "-q", "-w", ws_copy).returncode == 0
    assert_intact(ws_copy)


@pytest.mark.soak
@pytest.mark.parametrize("trial", range(5))
def test_concurrent_builds_and_loads_soak(ws_copy, trial):
    _concurrent(ws_copy, builds=16, loads=10, queries=10)
    assert_intact(ws_copy, pinned_ok=True)
    assert cigraph("build", "-q", "-w", ws_copy).returncode == 0
    assert_intact(ws_copy)


def test_queries_racing_builds_never_report_corruption(ws_copy):
    """Three builds queue on the lock while queries run: every query answers, none says Corruption."""
    builders = [spawn("build", "-q", "--wait", "-w", ws_copy) for _ in range(3)]
    runs = 0
    while any(b.poll() is None for b in builders) or runs < 3:
        p = cigraph("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-w", ws_copy, "--format", "csv")
        runs += 1
        assert p.returncode == 0, p.stderr
        assert "Corruption" not in p.stderr and "Traceback" not in p.stderr
    for b in builders:
        assert b.wait(timeout=300) == 0, b.stderr.read()
    assert_intact(ws_copy, pinned_ok=True)


def test_prune_spares_a_build_a_reader_holds(ws_copy):
    from cigraph.dataset import Workspace

    ds = Workspace(ws_copy).open()
    held = ds.path.name
    assert cigraph("build", "-q", "-w", ws_copy).returncode == 0
    assert _current(ws_copy) != held and (ws_copy / "builds" / held / "store").is_dir()
    assert len(list(ds.query("SELECT * WHERE { ?s ?p ?o } LIMIT 3"))) == 3  # still readable
    ds.close()
    assert cigraph("build", "-q", "-w", ws_copy).returncode == 0
    assert not (ws_copy / "builds" / held).exists()
    assert_intact(ws_copy)


# -- interrupts: the message and the metadata tell the truth at every instant ----------

@pytest.mark.parametrize("point,replaced", [
    ("build:written", False), ("build:before-commit", False),
    ("build:committed", True), ("build:after-commit", True)])
def test_interrupted_build_says_what_it_did(ws_copy, point, replaced):
    before = _current(ws_copy)
    p = cigraph("build", "-q", "-w", ws_copy, env={"CIGRAPH_FAULT_AT": point})
    assert_clean_failure(p, 130)
    now = _current(ws_copy)
    if replaced:
        assert now != before and "now holds build " + now in p.stderr, p.stderr
        assert "kept" not in p.stderr
    else:
        assert now == before and "the previous good state was kept" in p.stderr, p.stderr
    # the live build is complete, with the metadata it claims; no temporary build is left (after a
    # commit, the old build may stay until the next build prunes it)
    assert_intact(ws_copy, pinned_ok=replaced)


@pytest.mark.parametrize("point,replaced", [("load:before-commit", False), ("load:committed", True),
                                            ("load:after-commit", True)])
def test_interrupted_load_says_what_it_did(ws_copy, point, replaced):
    from cigraph.stores.embedded import read_meta

    graph = ws_copy / "graph.lbdb"
    first = _load_in_process(ws_copy)
    second = _build_in_process(ws_copy)
    p = cigraph("load", "-q", "-w", ws_copy, env={"CIGRAPH_FAULT_AT": point})
    assert_clean_failure(p, 130)
    meta = read_meta(graph)
    q = cigraph("cypher", "backbones", "-w", ws_copy)
    assert q.returncode == 0, q.stderr
    if replaced:
        assert meta["build"] == second and "embedded graph" in p.stderr and "now holds" in p.stderr, p.stderr
        assert "warning" not in q.stderr
    else:
        assert meta["build"] == first and "the previous good state was kept" in p.stderr, p.stderr
        assert f"loaded from build {first}" in q.stderr  # the stale warning tells the truth too
    assert not list(ws_copy.glob(".graph.lbdb.*"))


# -- leftovers of killed runs ---------------------------------------------------------

def test_killed_build_leftovers_are_removed_by_the_next_build(ws_copy):
    before = _current(ws_copy)
    p = cigraph("build", "-q", "-w", ws_copy, env={"CIGRAPH_FAULT_AT": "build:written!kill"})
    assert p.returncode == -9
    left = [d.name for d in (ws_copy / "builds").iterdir() if d.suffix == ".tmp"]
    assert len(left) == 1 and _current(ws_copy) == before
    assert cigraph("sparql", "backbones", "-w", ws_copy).returncode == 0  # readers are not bothered
    assert cigraph("build", "-q", "-w", ws_copy).returncode == 0
    assert_intact(ws_copy)


def test_killed_load_leftovers_are_removed_by_the_next_load(ws_copy):
    _load_in_process(ws_copy)
    p = cigraph("load", "-q", "-w", ws_copy, env={"CIGRAPH_FAULT_AT": "load:before-commit!kill"})
    assert p.returncode == -9
    assert list(ws_copy.glob(".graph.lbdb.*.tmp"))
    assert cigraph("cypher", "backbones", "-w", ws_copy).returncode == 0
    assert cigraph("load", "-q", "-w", ws_copy).returncode == 0
    assert not list(ws_copy.glob(".graph.lbdb.*"))


def test_a_live_runs_files_are_not_touched(ws_copy):
    """While a build or load holds its lock, another run of the command removes nothing."""
    from cigraph.locks import WriterLock

    live_build = ws_copy / "builds" / "20990101T000000-live.tmp"
    live_build.mkdir()
    live_load = ws_copy / ".graph.lbdb.live.tmp"
    live_load.write_bytes(b"in progress")
    with WriterLock(ws_copy / ".build.lock", "build"), WriterLock(ws_copy / "graph.lbdb.lock", "load"):
        assert_clean_failure(cigraph("build", "-q", "-w", ws_copy), 5, says="another build is running")
        assert_clean_failure(cigraph("load", "-q", "-w", ws_copy), 5, says="another load is running")
        assert live_build.is_dir() and live_load.is_file()
    assert cigraph("build", "-q", "-w", ws_copy).returncode == 0
    assert cigraph("load", "-q", "-w", ws_copy).returncode == 0
    assert not live_build.exists() and not live_load.exists()
