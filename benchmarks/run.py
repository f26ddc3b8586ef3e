"""Benchmarks of the whole pipeline on synthetic data, each stage next to a baseline.

    python benchmarks/run.py [--sizes 10k,100k,1m] [--quick] [--with-10m] [--baseline-timeout S]

For each size (triples of synthetic data, ``cigraph synth`` with 50
organizations per initiative) every stage runs in a fresh process
(:mod:`bench_pipeline`), timed, with its peak resident memory (``ru_maxrss`` of
that process: interpreter and imports included). Baselines run in the same
invocation, so their ratio holds on a noisy machine:

=====================  ===========================================  ===========================================
stage                  cigraph                                      baseline
=====================  ===========================================  ===========================================
synth                  streamed N-Triples                           —
parse                  pyoxigraph ``Store.load``                    rdflib in-memory ``Graph.parse``
validate               SHACL compiled to SPARQL in Oxigraph          pySHACL
build                  ``cigraph build`` (parse, infer, validate,    —
                       write the workspace)
load                   projection + LadybugDB bulk ``COPY``          row-by-row ``MERGE`` (``bench_load.py``)
gaps, centrality       :mod:`cigraph.analysis` per initiative        —
betweenness (across)   igraph exact; networkx sampled k=100          networkx exact
sparql                 canned ``queries/*.rq`` on Oxigraph           the same queries in rdflib
cypher                 canned ``queries/*.cypher`` on LadybugDB      —
map                    ``render_map`` of ~5,000 nodes                ``bench_map.py`` if present
=====================  ===========================================  ===========================================

Writes ``benchmarks/results/latest.json`` and ``benchmarks/RESULTS.md``
(machine, table, where each target of issue 7 stands). Scratch data goes to
``benchmarks/out/`` (git-ignored). Stages whose module is not written yet are
reported as "not available". Ctrl-C stops after writing what was measured.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import platform
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from bench_pipeline import run_stage  # noqa: E402

OUT = HERE / "out"
RESULTS = HERE / "results"
ORGS = 50
RDFLIB_QUERY_TIMEOUT = 20.0   # per query, in the rdflib baseline

TARGETS = [
    # id, description, how measured
    ("build", "1M triples through `cigraph build` (validated) ≤ 60 s", 60.0),
    ("load", "`cigraph load` (embedded) of 1M triples ≤ 30 s", 30.0),
    ("analysis", "gap analysis + centrality on 1M triples ≤ 60 s", 60.0),
    ("queries", "every canned query on 1M triples ≤ 1 s", 1.0),
    ("map", "a 5,000-node map generated ≤ 5 s", 5.0),
    ("memory", "peak memory for 10M triples ≤ 12 GB", 12 * 1024.0),
]


def parse_size(s: str) -> int:
    s = s.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(s[-1:], 1)
    return int(float(s[:-1] if s[-1:] in "km" else s) * mult)


def label(n: int) -> str:
    return f"{n // 1_000_000}m" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k"


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    libs = {}
    for lib in ("pyoxigraph", "rdflib", "pyshacl", "networkx", "igraph", "ladybug", "pyarrow", "pyvis"):
        try:
            libs[lib] = version(lib)
        except PackageNotFoundError:
            libs[lib] = "not installed"
    info["libraries"] = libs
    return info


def _row(size_label, triples, stage, res, *, engine, baseline=None, base=None, note=""):
    row = {"size": size_label, "triples": triples, "stage": stage, "engine": engine,
           "status": res.get("status", "ok"), "seconds": res.get("seconds"), "peak_rss_mb": res.get("peak_rss_mb"),
           "baseline": baseline, "baseline_status": None, "baseline_seconds": None, "baseline_peak_rss_mb": None,
           "ratio": None, "note": note or res.get("note", ""), "details": res}
    if base is not None:
        row["baseline_status"] = base.get("status", "ok")
        row["baseline_seconds"] = base.get("seconds")
        row["baseline_peak_rss_mb"] = base.get("peak_rss_mb")
        row["baseline_details"] = base
        if row["seconds"] and row["baseline_seconds"] and base.get("max_is_lower_bound"):
            row["ratio_lower_bound"] = row["baseline_seconds"] / row["seconds"]
        elif row["seconds"] and row["baseline_seconds"]:
            row["ratio"] = row["baseline_seconds"] / row["seconds"]
        elif row["seconds"] and base.get("status") == "timeout":
            row["ratio_lower_bound"] = base["wall_seconds"] / row["seconds"]
    return row


def _say(msg):
    print(msg, file=sys.stderr, flush=True)


def _fmt_res(r):
    if r.get("status") != "ok":
        return r.get("status")
    return f"{r['seconds']:.2f} s, {r.get('peak_rss_mb', 0):.0f} MB"


#: a 10M stage may pass the default memory limit: its peak is what is measured (the machine has 23 GB)
BIG_MAX_RSS_MB = 18_000
#: and a whole-network command at 10M is stopped after 10 minutes (reported as not finished)
BIG_COMMAND_TIMEOUT = 600.0

ALL_STAGES = ("synth", "parse", "validate", "build", "stats", "load", "gaps", "centrality", "betweenness", "sparql",
              "cypher", "map", "commands")


_ROW_KEYS = {"betweenness, across-initiative network": "betweenness", "SPARQL canned queries (slowest)": "sparql",
             "Cypher canned queries (slowest)": "cypher"}


def _stage_key(stage_name) -> str:
    if str(stage_name).startswith("command: "):
        return "commands"
    return _ROW_KEYS.get(stage_name, stage_name)


def bench_size(target: int, tpi: int, *, quick: bool, baseline_timeout: float, rows: list,
               query_timeout: float = 60.0, stages=ALL_STAGES, max_rss_mb: float = 10_000,
               command_timeout: float = 1200.0) -> None:
    lab = label(target)
    n_ini = max(1, round(target / tpi))
    base_dir = OUT / lab
    data, ws = base_dir / "data", base_dir / "ws"
    if base_dir.exists():   # always start from fresh synthetic data
        shutil.rmtree(base_dir)
    data.mkdir(parents=True)
    big = target >= int(os.environ.get("BENCH_BIG_FROM", 5_000_000))    # (set lower to try the 10M plan)
    if big:
        # the 10M run measures the end-to-end path of issue 15 (synth -> build -> load -> gaps + centrality
        # -> one initiative's commands -> the across-network report) as whole processes, and the queries for
        # one initiative; the in-process analysis stages, the across-network betweenness (hours of igraph on
        # 150k participants), whole-network listings and the map are not run at this size
        stages = tuple(x for x in stages if x in ("synth", "build", "stats", "load", "sparql", "cypher", "commands"))
        max_rss_mb = max(max_rss_mb, BIG_MAX_RSS_MB)     # measure the peak instead of stopping at it
    kw = dict(data=data, ws=ws, initiatives=n_ini, orgs=ORGS, max_rss_mb=max_rss_mb)

    def stage(name, timeout=None, **extra):
        _say(f"[{lab}] {name} …")
        r = run_stage(name, timeout=timeout, **kw, **extra)
        _say(f"[{lab}] {name}: {_fmt_res(r)}")
        return r

    syn = stage("synth")
    triples = syn.get("triples", 0)
    rows.append(_row(lab, triples, "synth", syn, engine="cigraph.synth (streamed N-Triples)",
                     note=f"{n_ini} initiatives, {syn.get('organizations')} organizations"))
    bt = baseline_timeout

    if "parse" in stages:
        ox = stage("parse_oxigraph")
        rd = stage("parse_rdflib", timeout=bt) if not big else {"status": "skipped", "note": "not run above 5M"}
        rows.append(_row(lab, triples, "parse", ox, engine="pyoxigraph", baseline="rdflib in-memory", base=rd))

    if "validate" in stages:
        vs = stage("validate_sparql")
        vp = (stage("validate_pyshacl", timeout=bt) if not big
              else {"status": "skipped", "note": "not run above 5M"})
        rows.append(_row(lab, triples, "validate", vs, engine="SHACL→SPARQL (Oxigraph)", baseline="pySHACL", base=vp,
                         note=f"on {vs.get('triples')} triples after inference; {vs.get('violations')} violations"))

    b = stage("build")   # every later stage reads the workspace
    rows.append(_row(lab, triples, "build", b, engine=f"cigraph build (validation engine {b.get('engine')})",
                     note=", ".join(f"{k[:-8]} {v:.1f} s" for k, v in b.items()
                                    if k.endswith("_seconds") and k != "wall_seconds" and v is not None)))
    if b.get("status") != "ok":
        _say(f"[{lab}] build failed ({b.get('note')}); later stages skipped")
        return

    if "stats" in stages:
        sts = stage("stats")
        rows.append(_row(lab, triples, "stats", sts, engine="cigraph stats (one grouped count per column)",
                         note=f"{sts.get('initiatives')} initiatives; target under 2 s at 1M"
                         if sts.get("status") == "ok" else ""))

    if "load" in stages:
        ld = stage("load")
        rows.append(_row(lab, triples, "load", ld, engine="projection + LadybugDB COPY",
                         note=(f"project {ld['project_seconds']:.1f} s + COPY {ld['copy_seconds']:.1f} s; "
                               f"{ld['nodes']} nodes, {ld['relationships']} relationships")
                         if ld.get("status") == "ok" else ""))

    if "gaps" in stages:
        gp = stage("gaps")
        rows.append(_row(lab, triples, "gaps", gp, engine="cigraph.analysis.gaps",
                         note=(f"{gp.get('gaps')} gaps; precision {gp.get('precision', float('nan')):.3f}, "
                               f"recall {gp.get('recall', float('nan')):.3f} against the planted gaps"
                               + "; projection not included") if gp.get("status") == "ok" else ""))
    if "centrality" in stages:
        ce = stage("centrality")
        rows.append(_row(lab, triples, "centrality", ce, engine="cigraph.analysis.centrality (per initiative)",
                         note="projection not included"))

    if "betweenness" in stages:
        ig = stage("bc_igraph")
        nxe = stage("bc_nx_exact", timeout=bt)
        nxs = stage("bc_nx_sampled", timeout=bt)
        n_nodes = ig.get("nodes")
        rows.append(_row(lab, triples, "betweenness, across-initiative network", ig, engine="igraph exact",
                         baseline="networkx exact", base=nxe,
                         note=f"{n_nodes} participants, {ig.get('edges')} ties"))
        rows.append(_row(lab, triples, "betweenness, across-initiative network", nxs,
                         engine=f"networkx sampled k={nxs.get('k')}", baseline="networkx exact", base=nxe,
                         note=(f"top-20 overlap with exact: {nxs.get('top20_overlap')}/20"
                               if nxs.get("status") == "ok" else "")))

    if "sparql" in stages:
        sq = queries_stage(lab, kw, "sparql", timeout=query_timeout, one_only=big)
        sr = (stage("sparql_rdflib", timeout=bt + 25 * RDFLIB_QUERY_TIMEOUT, query_timeout=RDFLIB_QUERY_TIMEOUT)
              if not big else {"status": "skipped", "note": "not run above 5M"})
        if sr.get("status") == "ok":
            sr = dict(sr, total_seconds=sr["seconds"], seconds=sr["max_seconds"])
        note = ""
        if sq.get("status") == "ok":
            note = f"{sq.get('queries')} queries, slowest {sq.get('slowest')}, all {sq.get('total_seconds', 0):.2f} s"
            if sq.get("failed"):
                note += "; FAILED: " + "; ".join(f"{k} ({v})" for k, v in sorted(sq["failed"].items()))
        if sr.get("status") == "ok":
            note += f"; rdflib slowest {sr.get('slowest')}"
            if sr.get("failed"):
                note += f" (stopped at {RDFLIB_QUERY_TIMEOUT:.0f} s: {', '.join(sorted(sr['failed']))})"
            note += f", plus {sr.get('load_seconds', 0):.1f} s to copy the dataset into rdflib"
        rows.append(_row(lab, triples, "SPARQL canned queries (slowest)", sq, engine="pyoxigraph",
                         baseline="rdflib in-memory", base=sr, note=note))
    if "cypher" in stages:
        cy = queries_stage(lab, kw, "cypher", timeout=query_timeout, one_only=big)
        rows.append(_row(lab, triples, "Cypher canned queries (slowest)", cy, engine="LadybugDB",
                         note=(f"{cy.get('queries')} queries, slowest {cy.get('slowest')}, all "
                               f"{cy.get('total_seconds', 0):.2f} s"
                               + (f"; FAILED: {'; '.join(f'{k} ({v})' for k, v in sorted(cy['failed'].items()))}"
                                  if cy.get("failed") else ""))
                         if cy.get("status") == "ok" else ""))
    if "commands" in stages:
        commands_stage(lab, triples, data, ws, rows, timeout=min(command_timeout, BIG_COMMAND_TIMEOUT) if big
                       else command_timeout, whole_network=True, big=big)
    if "map" in stages:
        mp = stage("map", timeout=max(bt, 600))
        rows.append(_row(lab, triples, "map", mp, engine="cigraph.render.map (layout + HTML)",
                         note=(f"{mp.get('nodes')} nodes from {mp.get('initiatives')} initiatives, "
                               f"{mp.get('html_mb')} MB of HTML") if mp.get("status") == "ok" else ""))


def commands_stage(lab, triples, data, ws, rows, *, timeout, whole_network=True, big=False) -> None:
    """Whole-process rows (``bench_commands``): what a user waits for, per command. At 10M
    (``big``) the build and load stages' workspace is reused (they are whole processes too), one
    scoped command keeps its no-index baseline, and the whole-network commands are those of the
    issue's end-to-end path."""
    from bench_commands import run_commands

    from cigraph.synth import initiative_iri

    extra = dict(rebuild=False, baselines=("gaps -i ONE",), whole=("gaps", "centrality", "report")) if big else {}
    got = run_commands(data, ws, initiative=initiative_iri(0), timeout=timeout, whole_network=whole_network,
                       say=lambda m: _say(f"[{lab}]{m}"), **extra)
    base = {r["baseline_of"]: r for r in got if r.get("baseline_of")}
    for r in got:
        if r.get("baseline_of"):
            continue
        b = base.get(r["command"])
        note = {"floor": "process start (and imports) only: the floor under every command",
                "scoped": "one initiative; baseline: the same command reading the whole graph "
                          "(CIGRAPH_SCOPED_READ=0)",
                "whole": ""}.get(r["kind"], "")
        if r.get("work_seconds") is not None:
            note = (note + "; " if note else "") + f"work (wall − imports floor) {r['work_seconds']:.2f} s"
        rows.append(_row(lab, triples, f"command: {r['command']}", r, engine="whole process (wall, ru_maxrss)",
                         baseline="without the index" if b else None, base=b, note=note))


def queries_stage(lab: str, kw: dict, language: str, *, timeout: float, one_only: bool = False) -> dict:
    """Every canned query of ``language``, each in its own process with a time and memory limit;
    the time is the query's own (store already open), ``seconds`` the slowest query's. With
    ``one_only`` (the 10M run), only the queries that take an initiative, asked for one."""
    from cigraph.queries import QueryLibrary

    qs = QueryLibrary(ROOT / "queries").all(language)
    if not qs:
        return {"status": "not available", "note": f"no {language} queries in queries/ yet"}
    per, failed, peak, skipped = {}, {}, 0.0, 0
    # the sample (three whole-network queries, minutes at 10M) is computed once per build, here,
    # and not inside the first query's time limit
    run_stage("sample", **kw)
    if one_only:
        os.environ["BENCH_ONE_ONLY"] = "1"
    try:
        results = [(q, run_stage(f"{language}_one", timeout=timeout, query=q.id, **dict(kw, max_rss_mb=6000)))
                   for q in qs]
    finally:
        os.environ.pop("BENCH_ONE_ONLY", None)
    for q, r in results:
        if r.get("status") == "skipped":
            skipped += 1
            continue
        if r.get("status") == "ok":
            per[q.id] = {k: r[k] for k in ("seconds", "rows", "one_initiative_seconds", "one_initiative_rows")
                         if k in r}
            peak = max(peak, r.get("peak_rss_mb") or 0)
        elif r.get("status") == "not available":
            return r
        else:
            failed[q.id] = f"{r.get('status')}: {r.get('note', '')}"[:200]
        _say(f"[{lab}] {language} {q.id}: {_fmt_res(r)}")
    if not per:
        return {"status": "error", "note": "every Cypher query failed", "failed": failed}
    slowest = max(per, key=lambda k: per[k]["seconds"])
    one = {k: v["one_initiative_seconds"] for k, v in per.items() if "one_initiative_seconds" in v}
    extra = {}
    if one:
        worst = max(one, key=one.get)
        extra = {"one_initiative_max_seconds": one[worst], "one_initiative_slowest": worst,
                 "one_initiative_queries": len(one)}
    return {"status": "ok", **extra, "seconds": per[slowest]["seconds"], "total_seconds": sum(v["seconds"] for v in per.values()),
            "slowest": slowest, "queries": len(per), "per_query": per, "failed": failed, "peak_rss_mb": peak,
            "one_only": one_only, "skipped": skipped}


def external(module: str, sizes: list[int], rows: list) -> None:
    """Rows from another engineer's benchmark module (``run(sizes) -> list[dict]``), when present."""
    if not (HERE / f"{module}.py").is_file():
        rows.append({"size": "-", "stage": module, "status": "not available",
                     "note": f"benchmarks/{module}.py is not written yet"})
        return
    try:
        import inspect

        mod = importlib.import_module(module)
        params = list(inspect.signature(mod.run).parameters.values())
        # their sizes are their own (e.g. map nodes): use their defaults when they have them
        got = mod.run() if params and params[0].default is not inspect.Parameter.empty else mod.run(sizes)
    except Exception as e:  # another engineer's module: report, don't fail the run
        rows.append({"size": "-", "stage": module, "status": "error", "note": f"{type(e).__name__}: {e}"[:300]})
        return
    for r in got:
        r = dict(r)
        r.setdefault("status", "ok")
        r["source"] = module
        rows.append(r)


# --- report -----------------------------------------------------------------------------------

def _s(v, digits=2):
    if v is None:
        return "–"
    if isinstance(v, (int, float)):
        if v >= 100:
            return f"{v:,.0f}"
        return f"{v:.{digits}f}"
    return str(v)


def _cell(row, which):
    st = row.get("status" if which == "" else "baseline_status")
    secs = row.get("seconds" if which == "" else "baseline_seconds")
    if st in (None, "ok"):
        d = row.get("baseline_details" if which else "details") or {}
        return ("≥ " if d.get("max_is_lower_bound") else "") + _s(secs)
    if st == "timeout":
        d = row.get("baseline_details" if which else "details") or {}
        return f"> {d.get('wall_seconds', 0):.0f} (timeout)"
    return st


def _common_queries(row):
    """(cigraph total, baseline total, n) over the canned queries both engines finished."""
    mine = (row.get("details") or {}).get("per_query") or {}
    base = (row.get("baseline_details") or {}).get("per_query") or {}
    both = [q for q in mine if q in base and base[q].get("seconds") is not None
            and mine[q].get("seconds") is not None]
    if not both:
        return None
    return sum(mine[q]["seconds"] for q in both), sum(base[q]["seconds"] for q in both), len(both)


def _ratio(row):
    common = _common_queries(row) if "queries" in str(row.get("stage")) else None
    if common and common[0] > 0:
        return f"{common[1] / common[0]:.0f}× (same {common[2]} queries, total)"
    if row.get("ratio"):
        return f"{row['ratio']:.1f}×"
    if row.get("ratio_lower_bound"):
        return f"> {row['ratio_lower_bound']:.0f}×"
    return "–"


def targets(rows: list[dict]) -> list[tuple[str, str, str]]:
    """(target, status, evidence) for each target of issue 7."""
    by = {}
    for r in rows:
        by.setdefault((r.get("size"), r.get("stage")), r)
    out = []

    def get(size, stage):
        r = by.get((size, stage))
        return r if r and r.get("status") == "ok" and r.get("seconds") is not None else None

    def verdict(value, limit, unit="s"):
        if value <= limit:
            return "met", f"{value:.1f} {unit} (limit {limit:g} {unit}, {100 * value / limit:.0f} % of it)"
        return "missed", f"{value:.1f} {unit}: over the {limit:g} {unit} limit by {value - limit:.1f} {unit} " \
                         f"({value / limit:.2f}×)"

    size = "1m"
    for tid, text, limit in TARGETS:
        if tid == "build":
            r = get(size, "build")
            if r:
                st, ev = verdict(r["seconds"], limit)
                out.append((text, st, ev + f"; {r['note']}"))
            else:
                out.append((text, "not measured", "no 1M run in this report"))
        elif tid == "load":
            r = get(size, "load")
            if r:
                st, ev = verdict(r["seconds"], limit)
                out.append((text, st, ev + f"; {r['note']}"))
            else:
                out.append((text, "not measured", (by.get((size, "load")) or {}).get("note") or "no 1M run"))
        elif tid == "analysis":
            g, c, ld = get(size, "gaps"), get(size, "centrality"), get(size, "load")
            if g and c:
                proj = (ld or {}).get("details", {}).get("project_seconds", 0.0)
                total = g["seconds"] + c["seconds"] + proj
                st, ev = verdict(total, limit)
                out.append((text, st, ev + f" = projection {proj:.1f} + gaps {g['seconds']:.1f} + centrality "
                                           f"{c['seconds']:.1f} s"))
            else:
                out.append((text, "not measured", "no 1M run"))
        elif tid == "queries":
            s, c = get(size, "SPARQL canned queries (slowest)"), get(size, "Cypher canned queries (slowest)")
            parts, worst = [], 0.0
            def over(r):
                per = r["details"].get("per_query") or {}
                n = sum(1 for v in per.values() if v.get("seconds", 0) > limit)
                return f"{n} of {len(per)} over {limit:g} s"

            def per_ini(r):
                d = r["details"]
                if d.get("one_initiative_max_seconds") is None:
                    return ""
                return (f"; with `initiative` set, the slowest of the {d['one_initiative_queries']} queries that take "
                        f"it: {d['one_initiative_max_seconds']:.2f} s ({d['one_initiative_slowest']})")

            if s:
                parts.append(f"SPARQL slowest {s['seconds']:.2f} s ({s['details'].get('slowest')}), {over(s)}"
                             + per_ini(s))
                worst = max(worst, s["seconds"])
            if c:
                failed = c["details"].get("failed") or {}
                parts.append(f"Cypher slowest {c['seconds']:.2f} s ({c['details'].get('slowest')}), {over(c)}"
                             + (f", did not finish: {', '.join(sorted(failed))}" if failed else "") + per_ini(c))
                worst = max(worst, c["seconds"])
            else:
                parts.append("Cypher: " + ((by.get((size, "Cypher canned queries (slowest)")) or {}).get("note")
                                           or "not measured"))
            if s:
                st, _ = verdict(worst, limit)
                out.append((text, st + ("" if c else " (SPARQL only)"), "; ".join(parts)))
            else:
                out.append((text, "not measured", "no 1M run"))
        elif tid == "map":
            def nodes(r):
                return (r.get("details") or {}).get("nodes") or (r.get("size") if r.get("source") else None)

            cands = [r for r in rows if r.get("stage") == "map" and r.get("status") == "ok"
                     and r.get("seconds") is not None and isinstance(nodes(r), int)]
            # the map's own graph (bench_map.py) and a map cut from the whole 1M-triple graph (this run)
            alone = [r for r in cands if r.get("source")]
            cut = [r for r in cands if not r.get("source")]
            parts, verdicts = [], []
            for group, where in ((alone, "a graph of the map's size, `bench_map.py`"),
                                 (cut, "initiatives cut from the whole synthetic graph")):
                if group:
                    r = min(group, key=lambda r: abs(nodes(r) - 5000))
                    st, ev = verdict(r["seconds"], limit)
                    verdicts.append(st)
                    extra = f", size {r['size']}" if not r.get("source") else ""
                    parts.append(f"{st}: {ev} for {nodes(r)} nodes ({where}{extra})")
            if parts:
                st = verdicts[0] if len(set(verdicts)) == 1 else "met / missed"
                out.append((text, st, "; ".join(parts) + "; layout and HTML included"))
            else:
                out.append((text, "not measured", "map stage not available"))
        elif tid == "memory":
            ten = [r for r in rows if r.get("size") == "10m" and r.get("peak_rss_mb")]
            if ten:
                worst = max(ten, key=lambda r: r["peak_rss_mb"])
                st, ev = verdict(worst["peak_rss_mb"] / 1024, limit / 1024, "GB")
                measured = ", ".join(f"{r['stage']} {r['peak_rss_mb'] / 1024:.1f} GB" for r in ten)
                missing = [k for k in ALL_STAGES if k not in {_stage_key(r["stage"]) for r in ten}]
                out.append((text, st, ev + f"; measured at 10M: {measured}"
                            + (f"; not run at 10M: {', '.join(missing)}" if missing else "")))
            else:
                one = [r for r in rows if r.get("size") == "1m" and r.get("peak_rss_mb")]
                if one:
                    worst = max(one, key=lambda r: r["peak_rss_mb"])
                    est = worst["peak_rss_mb"] * 10 / 1024
                    out.append((text, "not measured (estimate)",
                                f"largest stage at 1M: {worst['stage']} {worst['peak_rss_mb']:.0f} MB; "
                                f"×10 linear ≈ {est:.1f} GB ({'within' if est <= 12 else 'over'} the limit)."
                                " Run with --with-10m to measure."))
                else:
                    out.append((text, "not measured", "run with --with-10m"))
    return out


def exponents(rows: list[dict]) -> list[tuple[str, str, float, float, float]]:
    """(stage, "a → b", seconds at a, seconds at b, exponent) for each stage measured at two or more
    sizes: exponent = log(t_b / t_a) / log(n_b / n_a) between consecutive sizes (1 = linear)."""
    by: dict[str, list[dict]] = {}
    for r in rows:
        if r.get("source") or r.get("status") != "ok" or not r.get("seconds") or not r.get("triples"):
            continue
        by.setdefault(r["stage"], []).append(r)
    out = []
    for stage, rs in by.items():
        rs = sorted(rs, key=lambda r: r["triples"])
        for a, b in zip(rs, rs[1:]):
            if b["triples"] > a["triples"] and a["seconds"] > 0:
                e = math.log(b["seconds"] / a["seconds"]) / math.log(b["triples"] / a["triples"])
                out.append((stage, f"{a['size']} → {b['size']}", a["seconds"], b["seconds"], e))
    return out


#: issue 15: one initiative under a second of work; whole-network commands linear; 10 M end to end
SCOPED_LIMIT = 1.0
E2E_LIMIT_S, E2E_LIMIT_GB = 600.0, 8.0
E2E_COMMANDS = ("build", "load", "gaps", "centrality", "map -i ONE", "report -i ONE", "report")
QUERY_ONE_LIMIT = 0.1


def targets_scale(rows: list[dict]) -> list[tuple[str, str, str]]:
    """(target, status, evidence) for the targets of issue 15 (whole-process figures)."""
    cmd = {}
    for r in rows:
        if str(r.get("stage", "")).startswith("command: "):
            cmd[(r["size"], r["stage"][9:])] = r
    out = []
    sizes = sorted({k[0] for k in cmd}, key=lambda x: parse_size(x))
    scoped = sorted({k[1] for k, r in cmd.items() if "scoped" in str(r.get("note", "")) or k[1].endswith("ONE")})
    for size in ("1m", "10m"):
        if size not in sizes:
            out.append((f"one initiative's commands under {SCOPED_LIMIT:g} s of work at {size.upper()}",
                        "not measured", f"no {size} run" + (" (BENCH_10M=1)" if size == "10m" else "")))
            continue
        parts, worst = [], 0.0
        for name in scoped:
            r = cmd.get((size, name))
            if not r or r.get("status") != "ok":
                parts.append(f"{name}: {r.get('status') if r else 'not run'}")
                worst = float("inf")
                continue
            work = r["details"].get("work_seconds", r["seconds"])
            worst = max(worst, work)
            b = r.get("baseline_seconds")
            parts.append(f"{name} {work:.2f} s" + (f" (no index: {b:.1f} s wall)" if b else ""))
        st = "met" if worst <= SCOPED_LIMIT else "missed"
        out.append((f"one initiative's commands under {SCOPED_LIMIT:g} s of work at {size.upper()} "
                    "(wall − imports floor)", st, "; ".join(parts)))
    if len(sizes) >= 2:
        a, b = sizes[-2], sizes[-1]
        parts, bad = [], []
        for name in ("build", "load", "gaps", "centrality", "scorecard", "report", "stats"):
            ra, rb = cmd.get((a, name)), cmd.get((b, name))
            if ra and rb and ra.get("seconds") and rb.get("seconds"):
                e = math.log(rb["seconds"] / ra["seconds"]) / math.log(rb["triples"] / ra["triples"])
                parts.append(f"{name} {e:.2f}")
                if e > 1.15:
                    bad.append(name)
        out.append((f"whole-network commands linear in size (exponent ≤ 1.15, {a} → {b}, wall)",
                    ("missed: " + ", ".join(bad)) if bad else ("met" if parts else "not measured"),
                    ", ".join(parts) or "–"))
    def stage_as_command(size, name):
        """A build or load stage row as a whole-process figure (the 10M run reuses its workspace)."""
        r = next((r for r in rows if r.get("size") == size and r.get("stage") == name and not r.get("source")), None)
        if not r:
            return None
        d = r.get("details") or {}
        return dict(r, seconds=d.get("wall_seconds") or r.get("seconds"))

    for size in ("10m",):
        parts, worst = [], None
        for stg, lang in (("SPARQL canned queries (slowest)", "SPARQL"), ("Cypher canned queries (slowest)", "Cypher")):
            r = next((r for r in rows if r.get("size") == size and r.get("stage") == stg), None)
            d = (r or {}).get("details") or {}
            if d.get("one_initiative_max_seconds") is not None:
                v = d["one_initiative_max_seconds"]
                worst = v if worst is None else max(worst, v)
                over = sorted(k for k, q in (d.get("per_query") or {}).items()
                              if (q.get("one_initiative_seconds") or 0) > QUERY_ONE_LIMIT)
                parts.append(f"{lang}: slowest {v * 1000:.0f} ms ({d['one_initiative_slowest']}) of "
                             f"{d['one_initiative_queries']}" + (f"; over: {', '.join(over)}" if over else "")
                             + (f"; did not finish: {', '.join(sorted(d['failed']))}" if d.get("failed") else ""))
        text = f"every canned query for one initiative under {QUERY_ONE_LIMIT * 1000:.0f} ms at {size.upper()}"
        if worst is None:
            out.append((text, "not measured", "run with BENCH_10M=1"))
        else:
            out.append((text, "met" if worst <= QUERY_ONE_LIMIT else "missed", "; ".join(parts)))
    if "10m" in sizes:
        got = [cmd.get(("10m", n)) or (stage_as_command("10m", n) if n in ("build", "load") else None)
               for n in E2E_COMMANDS]
        synth = next((r for r in rows if r.get("size") == "10m" and r.get("stage") == "synth"), None)
        if all(g and g.get("status") == "ok" for g in got):
            total = sum(g["seconds"] for g in got) + ((synth or {}).get("seconds") or 0)
            peak = max(g["peak_rss_mb"] for g in got) / 1024
            st = "met" if total <= E2E_LIMIT_S and peak <= E2E_LIMIT_GB else "missed"
            out.append((f"10M end to end (synth, {', '.join(E2E_COMMANDS)}) under {E2E_LIMIT_S / 60:.0f} min "
                        f"and {E2E_LIMIT_GB:g} GB", st, f"{total:.0f} s, peak {peak:.1f} GB ("
                        + ", ".join(f"{n} {g['seconds']:.0f} s" for n, g in zip(E2E_COMMANDS, got)) + ")"))
        else:
            out.append((f"10M end to end under {E2E_LIMIT_S / 60:.0f} min and {E2E_LIMIT_GB:g} GB", "missed",
                        "; ".join(f"{n}: {g.get('status') if g else 'not run'}" for n, g in zip(E2E_COMMANDS, got)
                                  if not g or g.get("status") != "ok")))
    else:
        out.append((f"10M end to end under {E2E_LIMIT_S / 60:.0f} min and {E2E_LIMIT_GB:g} GB", "not measured",
                    "run with BENCH_10M=1"))
    cy = next((r for r in rows if r.get("size") == "1m" and r.get("stage") == "Cypher canned queries (slowest)"),
              None)
    if cy and cy.get("details"):
        per = cy["details"].get("per_query") or {}
        failed = cy["details"].get("failed") or {}
        q = "path-between-organizations"
        if q in per:
            v = per[q]["seconds"]
            out.append(("Cypher path-between-organizations bounded in memory, under 1 s at 1M",
                        "met" if v <= 1 else "missed", f"{v:.2f} s, peak of the query processes "
                        f"{cy.get('peak_rss_mb') or 0:.0f} MB"))
        elif q in failed:
            out.append(("Cypher path-between-organizations bounded in memory, under 1 s at 1M", "missed", failed[q]))
    return out


def _ordered(rows: list[dict]) -> list[dict]:
    """This run's rows by size then pipeline order (stable), other modules' rows after them."""
    order = {k: i for i, k in enumerate(ALL_STAGES)}
    mine = [r for r in rows if not r.get("source")]
    mine.sort(key=lambda r: (r.get("triples") or 0, order.get(_stage_key(r.get("stage")), 99)))
    return mine + [r for r in rows if r.get("source")]


def write_report(rows, info, args, started, path_json, path_md, notes_md: str = "", finished=None) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = _ordered(rows)
    doc = {"schema_version": 1, "started": started,
           "finished": finished or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "machine": info, "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
           "rows": rows, "targets": targets(rows), "targets_scale": targets_scale(rows),
           "exponents": exponents(rows)}
    path_json.write_text(json.dumps(doc, indent=1, default=str))
    lib = ", ".join(f"{k} {v}" for k, v in info["libraries"].items())
    md = ["# Benchmarks", "",
          "Generated by `python benchmarks/run.py` (`make bench`); numbers from one run, "
          f"{started} → {doc['finished']} (UTC). Raw data: `benchmarks/results/latest.json`.", "",
          "## Machine", "",
          f"- {info.get('nproc')} CPUs: {info.get('cpu', '?')}",
          f"- RAM: {info.get('ram_gb', '?')} GB",
          f"- Python {info['python']} on {info['platform']}",
          f"- {lib}", "",
          "## How it is measured", "",
          "Sizes are triples of synthetic data (`cigraph synth`, 50 organizations per initiative, about "
          f"{args.tpi} triples per initiative); inference adds about 60 % in the workspace. Every stage runs in "
          "a fresh process: *seconds* is the stage's own work (imports and reading the inputs excluded), "
          "*peak MB* the process's `ru_maxrss` (interpreter, imports and inputs included, so ~100 MB is the "
          "floor). Baselines run in the same invocation; *speed-up* = baseline seconds / cigraph seconds. "
          f"Baselines are stopped after {args.baseline_timeout:.0f} s (shown as `> N (timeout)`).", "",
          "## Results", "",
          "| size | stage | cigraph | s | peak MB | baseline | baseline s | baseline MB | speed-up | notes |",
          "|---|---|---|---:|---:|---|---:|---:|---:|---|"]
    for r in rows:
        if r.get("source"):
            size = (f"{r.get('size')} nodes" if r["source"] == "bench_map"
                    else f"{r.get('size'):,} rows" if isinstance(r.get("size"), int) else r.get("size"))
            if r["source"] == "bench_load":
                r = dict(r, stage=f"load: {r.get('stage')}", engine=r.get("engine") or "LadybugDB COPY (bench_load)",
                         baseline=r.get("baseline") or "UNWIND … MERGE")
            md.append(f"| {size} | {r.get('stage')} | {r.get('engine', r['source'])} | "
                      f"{_s(r.get('seconds'))} | {_s(r.get('peak_rss_mb'), 0)} | {r.get('baseline', '')} | "
                      f"{_s(r.get('baseline_seconds'))} | – | "
                      f"{_s(r.get('ratio'), 1) + '×' if r.get('ratio') else '–'} | {r.get('note', '')} |")
            continue
        if r.get("status") == "not available" and "triples" not in r:
            md.append(f"| – | {r['stage']} | – | not available | – | – | – | – | – | {r.get('note', '')} |")
            continue
        md.append(f"| {r['size']} ({r['triples']:,}) | {r['stage']} | {r['engine']} | {_cell(r, '')} | "
                  f"{_s(r.get('peak_rss_mb'), 0)} | {r.get('baseline') or '–'} | "
                  f"{_cell(r, 'b') if r.get('baseline') else '–'} | {_s(r.get('baseline_peak_rss_mb'), 0)} | "
                  f"{_ratio(r)} | {str(r.get('note', '')).replace('|', '/')} |")
    md += ["", "## Targets (issue 7)", "", "| target | status | evidence |", "|---|---|---|"]
    for text, st, ev in doc["targets"]:
        md.append(f"| {text} | **{st}** | {ev} |")
    md += ["", "## Targets (issue 15: as users run the commands)", "",
           "Whole processes (`benchmarks/bench_commands.py`): wall time from start to exit and peak RSS; "
           "*work* subtracts the floor of a process that only imports the analysis stack.", "",
           "| target | status | evidence |", "|---|---|---|"]
    for text, st, ev in doc["targets_scale"]:
        md.append(f"| {text} | **{st}** | {ev} |")
    ex = exponents(rows)
    if ex:
        md += ["", "## Scaling exponents", "",
               "log(t_b / t_a) / log(n_b / n_a) between consecutive sizes: 1 is linear, 2 quadratic "
               "(small sizes are dominated by fixed costs, so exponents below 1 there mean little).", "",
               "| stage | sizes | s at a | s at b | exponent |", "|---|---|---:|---:|---:|"]
        for stage, span, ta, tb, e in ex:
            md.append(f"| {stage} | {span} | {_s(ta)} | {_s(tb)} | {e:.2f} |")
    if notes_md:
        md += ["", notes_md.strip()]
    path_md.write_text("\n".join(md) + "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default=None, help="comma-separated triple counts (default 100k,1m; "
                                                  "BENCH_10M=1 or --with-10m adds 10m)")
    ap.add_argument("--quick", action="store_true", help="10k only, baselines stopped after 60 s")
    ap.add_argument("--with-10m", action="store_true", help="add a 10M-triple run (long; ~20 GB disk)")
    ap.add_argument("--baseline-timeout", type=float, default=None,
                    help="seconds after which a baseline is stopped (default 300, --quick 60)")
    ap.add_argument("--notes", type=Path, default=HERE / "NOTES.md",
                    help="Markdown appended to RESULTS.md (analysis of the numbers), if the file exists")
    ap.add_argument("--json", type=Path, default=RESULTS / "latest.json")
    ap.add_argument("--md", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--stages", default=",".join(ALL_STAGES),
                    help=f"comma-separated subset of {','.join(ALL_STAGES)} (synth and build always run)")
    ap.add_argument("--command-timeout", type=float, default=1200.0,
                    help="seconds after which one whole-process command (commands stage) is stopped (default 1200)")
    ap.add_argument("--max-rss-mb", type=float, default=10_000,
                    help="stop a stage whose resident memory passes this (default 10000)")
    ap.add_argument("--merge", action="store_true",
                    help="keep the rows of other sizes from the existing results JSON (replace only these sizes)")
    ap.add_argument("--from-json", type=Path, default=None,
                    help="only re-render RESULTS.md (and NOTES.md) from a results JSON file")
    args = ap.parse_args(argv)
    if args.from_json:
        doc = json.loads(args.from_json.read_text())
        for k, v in doc["args"].items():
            if k not in ("notes", "md", "json", "from_json"):
                setattr(args, k, v)
        notes = args.notes.read_text() if args.notes and args.notes.is_file() else ""
        write_report(doc["rows"], doc["machine"], args, doc["started"], args.from_json, args.md, notes,
                     finished=doc.get("finished"))
        return 0
    sizes = [parse_size(s) for s in (args.sizes or ("10k" if args.quick else "100k,1m")).split(",")]
    if (args.with_10m or os.environ.get("BENCH_10M") == "1") and 10_000_000 not in sizes:
        sizes.append(10_000_000)
    if args.baseline_timeout is None:
        args.baseline_timeout = 60.0 if args.quick else 300.0

    from cigraph.synth import triples_per_initiative

    args.tpi = triples_per_initiative(ORGS)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    info = machine()
    rows: list[dict] = []
    stages = tuple(x.strip() for x in args.stages.split(",") if x.strip())
    bad = set(stages) - set(ALL_STAGES)
    if bad:
        ap.error(f"unknown stage(s) {', '.join(sorted(bad))}; choose from {', '.join(ALL_STAGES)}")
    kept_external: list[dict] = []
    if args.merge and args.json.is_file():
        old = json.loads(args.json.read_text())
        kept_external = [r for r in old["rows"] if r.get("source")]
        labels = {label(n) for n in sizes}
        keys = set(stages) | {"synth", "build"}
        rows = [r for r in old["rows"] if not r.get("source")
                and not (r.get("size") in labels and _stage_key(r.get("stage")) in keys)]
        started = old.get("started", started)
    notes = args.notes.read_text() if args.notes and args.notes.is_file() else ""
    try:
        for n in sizes:
            bench_size(n, args.tpi, quick=args.quick, baseline_timeout=args.baseline_timeout, rows=rows,
                       stages=stages, max_rss_mb=args.max_rss_mb,
                       command_timeout=getattr(args, "command_timeout", 1200.0))
            write_report(rows, info, args, started, args.json, args.md, notes)   # keep partial results
        if set(stages) == set(ALL_STAGES) or not args.merge:
            for module in ("bench_load", "bench_map", "bench_report"):
                external(module, sizes, rows)
        else:   # keep their earlier rows
            rows += kept_external
    except KeyboardInterrupt:
        _say("interrupted: writing what was measured")
    write_report(rows, info, args, started, args.json, args.md, notes)
    _say(f"wrote {args.md.relative_to(ROOT) if args.md.is_relative_to(ROOT) else args.md} and {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
