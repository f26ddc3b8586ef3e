"""The commands as users run them: whole processes, wall time and peak resident memory.

:func:`run_commands` runs ``cigraph`` commands one after the other on a synthetic
data folder, each as its own process, and measures what a user waits for: wall
time from start to exit (interpreter start, imports and reading the workspace
included) and the process's peak resident memory (``ru_maxrss`` from
``os.wait4``). Two floors are measured first and reported separately: ``cigraph
--version`` (interpreter + CLI start) and a process importing the analysis
stack (networkx, igraph, numpy, pyarrow); *work* = wall − the imports floor.

With ``NEO4J_URI`` (and ``NEO4J_USER``/``NEO4J_PASSWORD``) in the environment,
``cigraph load --target neo4j --replace`` is measured too, against that server.

Scoped commands (``--initiative``) run twice: as shipped (reading only the
initiative's subgraph through the stored index) and with ``CIGRAPH_SCOPED_READ=0``
(the same command reading the whole graph, the baseline without the index).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

IMPORTS = ("import cigraph.cli, cigraph.projection_store, cigraph.analysis.gaps, cigraph.analysis.centrality, "
           "networkx, igraph, numpy, pyarrow, pyarrow.ipc")


def cigraph_exe() -> list[str]:
    exe = Path(sys.executable).with_name("cigraph")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cigraph"]


def timed(cmd: list[str], *, timeout: float, env: dict | None = None, cwd=None) -> dict:
    """Run ``cmd``; wall seconds and peak RSS (MB) of the process, or a timeout/error status."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    deadline = t + timeout
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            p.kill()
            os.wait4(p.pid, 0)
            return {"status": "timeout", "seconds": None, "wall_seconds": time.perf_counter() - t,
                    "note": f"stopped after {timeout:.0f} s"}
        time.sleep(0.02)
    wall = time.perf_counter() - t
    err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    out = {"seconds": wall, "wall_seconds": wall, "peak_rss_mb": ru.ru_maxrss / 1024.0, "exit_code": code}
    if code not in (0,):
        out.update(status="error", note=f"exit {code}: " + " | ".join(err.strip().splitlines()[-2:])[-300:])
    else:
        out["status"] = "ok"
    return out


def has_command(name: str) -> bool:
    p = subprocess.run(cigraph_exe() + ["--help"], capture_output=True, text=True)
    return f" {name} " in p.stdout or f"\n  {name}\n" in p.stdout


def run_commands(data: Path, ws: Path, *, initiative: str, timeout: float = 1200.0,
                 whole_network: bool = True, say=print, rebuild: bool = True, baselines=None,
                 whole=None) -> list[dict]:
    """Rows ``{"command", "status", "seconds", "peak_rss_mb", "work_seconds", ...}``.

    ``rebuild=False`` uses the workspace as built (no ``build``/``load`` rows); ``baselines``
    (names of scoped commands) limits which run again without the index, ``whole`` which
    whole-network commands run (default: all)."""
    c = cigraph_exe()
    out_dir = ws.parent / "cmd-out"
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    env = dict(os.environ)
    base = dict(env, CIGRAPH_SCOPED_READ="0")
    w = ["--workspace", str(ws)]
    i = ["--initiative", initiative]
    rows: list[dict] = []

    def run(name, cmd, *, kind, env_=None, baseline_of=None):
        say(f"  command {name} …")
        r = timed(cmd, timeout=timeout, env=env_ or env, cwd=str(ROOT))
        r.update(command=name, kind=kind)
        if baseline_of:
            r["baseline_of"] = baseline_of
        say(f"  command {name}: {r.get('status')} {r.get('seconds') or 0:.2f} s, {r.get('peak_rss_mb') or 0:.0f} MB")
        rows.append(r)
        return r

    run("cigraph --version", c + ["--version"], kind="floor")
    run("python -c 'import the analysis stack'", [sys.executable, "-c", IMPORTS], kind="floor")
    if rebuild:
        run("build", c + ["build", "--data", str(data), "--no-bundled"] + w, kind="whole")
        run("load", c + ["load"] + w, kind="whole")
    if os.environ.get("NEO4J_URI"):        # a Neo4j server (or Aura): the same projection in UNWIND batches
        run("load --target neo4j", c + ["load", "--target", "neo4j", "--replace"] + w, kind="whole")
    scoped = [("gaps -i ONE", ["gaps"]), ("centrality -i ONE", ["centrality"]),
              ("scorecard -i ONE", ["scorecard"]),
              ("report -i ONE", ["report", "-o", str(out_dir / "one.md")]),
              ("map -i ONE", ["map", "--view", "activities", "-o", str(out_dir / "one.html")])]
    if has_command("assess"):
        scoped.append(("assess ONE", None))
    for name, args in scoped:
        if args is None:
            cmd = c + ["assess", initiative] + w
        else:
            cmd = c + args[:1] + w + i + args[1:]
        run(name, cmd, kind="scoped")
        if baselines is None or name in baselines:
            run(name + " (no index)", cmd, kind="scoped baseline", env_=base, baseline_of=name)
    if whole is None or "sparql who-measures-what" in whole:
        run("sparql who-measures-what", c + ["sparql", "who-measures-what"] + w
            + ["--format", "csv", "-o", str(out_dir / "wmw.csv")], kind="whole")
    if whole_network:
        for name, args in (("gaps", ["-o", str(out_dir / "gaps.csv")]),
                           ("centrality", ["-o", str(out_dir / "centrality.csv")]),
                           ("scorecard", ["-o", str(out_dir / "scorecard.md")]),
                           ("report", ["-o", str(out_dir / "report.md")]), ("stats", [])):
            if whole is None or name in whole:
                run(name, c + [name] + w + args, kind="whole")
    floor = next((r["seconds"] for r in rows if r["command"].startswith("python -c") and r.get("seconds")), 0.0)
    for r in rows:
        if r.get("seconds") is not None and r["kind"] != "floor":
            r["work_seconds"] = max(0.0, r["seconds"] - floor)
    return rows
