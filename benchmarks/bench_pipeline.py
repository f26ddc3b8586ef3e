"""Pipeline stages for the benchmarks, each run in its own process.

``python benchmarks/bench_pipeline.py STAGE --data DIR --ws WS [...]`` runs one
stage and prints one line ``BENCH {json}`` with its timings and the process's
peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``: includes
the interpreter and imports, ~60–150 MB). :func:`run_stage` starts that process
with a time limit and returns the parsed dict, or a status of ``timeout``,
``not available`` (a module the stage needs is not written yet) or ``error``.

Stages read what earlier ones wrote: ``synth`` -> DIR, ``build`` -> WS,
``load`` -> WS/graph.lbdb (for ``cypher``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MISSING = "__MODULE_NOT_AVAILABLE__"


# --- helpers run in the child -----------------------------------------------------------

def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _files(data: Path) -> list[Path]:
    return sorted(p for p in Path(data).iterdir() if p.suffix == ".nt")


def _open(ws):
    from cigraph.dataset import open_dataset

    return open_dataset(ws)


def _pg(ws):
    """The workspace's property graph as the commands read it: the stored projection (equal to
    a fresh ``project()``, tests/test_projection_store.py)."""
    from cigraph.projection_store import workspace_projection

    return workspace_projection(ws)


def _queries(language: str):
    from cigraph.queries import QueryLibrary

    return QueryLibrary(ROOT / "queries").all(language)


def _params_for(q, sample: dict) -> dict:
    """Values for a query's required parameters, from a sample of the data."""
    out = {}
    for p in q.params:
        if p.optional:
            continue
        if p.name in sample:
            out[p.name] = sample[p.name]
        else:
            raise RuntimeError(f"query {q.id}: no sample value for required parameter {p.name}")
    return q.check_params(out)   # optional parameters bound to None, as the CLI does


def _sample(ws) -> dict:
    """The initiative and organizations the queries are asked about (the first by IRI, the two
    best connected), computed once per workspace build and kept next to it: at 10M the three
    queries take longer than most canned queries (setup, outside the timed part)."""
    cache = Path(ws).parent / f"sample-{_build_id(ws)}.json"
    if cache.is_file():
        return json.loads(cache.read_text())
    out = _compute_sample(ws)
    cache.write_text(json.dumps(out))
    return out


def _build_id(ws) -> str:
    try:
        return Path(os.readlink(Path(ws) / "current")).name
    except OSError:
        return "none"


def _compute_sample(ws) -> dict:
    ds = _open(ws)
    rows = list(ds.query("SELECT ?i WHERE { ?i a ci:Initiative } ORDER BY ?i LIMIT 1"))
    ini = str(rows[0]["i"])
    org = str(list(ds.query("SELECT ?o WHERE { ?o a ci:Organization } ORDER BY ?o LIMIT 1"))[0]["o"])
    orgs = [str(r["o"]) for r in ds.query(
        "SELECT ?o WHERE { ?o a ci:Organization ; ci:memberOf ?i } GROUP BY ?o ORDER BY DESC(COUNT(?i)) ?o LIMIT 2")]
    return {"initiative": ini, "entity": ini, "organization": org, "org": org, "iri": ini,
            "a": orgs[0], "b": orgs[-1]}


# --- stages -------------------------------------------------------------------------------

def st_synth(a):
    from cigraph.synth import synthesize

    t = time.perf_counter()
    r = synthesize(a.data, initiatives=a.initiatives, orgs_per_initiative=a.orgs, seed=a.seed)
    return {"seconds": time.perf_counter() - t, "triples": r.triples, "organizations": r.organizations,
            "files": len(r.files), "planted": len(r.planted), "max_initiatives_per_org": r.max_initiatives_per_org}


def st_parse_oxigraph(a):
    import pyoxigraph as ox

    from cigraph.pipeline import load_file

    store = ox.Store()
    t = time.perf_counter()
    for f in _files(a.data):
        load_file(store, f, "https://w3id.org/cigraph/graph/data")
    return {"seconds": time.perf_counter() - t, "triples": len(store)}


def st_parse_rdflib(a):
    import rdflib

    g = rdflib.Graph()
    t = time.perf_counter()
    for f in _files(a.data):
        g.parse(str(f), format="nt")
    return {"seconds": time.perf_counter() - t, "triples": len(g)}


def _dataset(a):
    from cigraph.pipeline import build_dataset
    from cigraph.settings import Settings

    secs: dict = {}
    ds = build_dataset(Settings(data_dirs=(Path(a.data),)), seconds=secs)
    return ds, secs


def st_validate_sparql(a):
    from cigraph.shacl import validate

    ds, secs = _dataset(a)
    t = time.perf_counter()
    rep = validate(ds, engine="sparql")
    return {"seconds": time.perf_counter() - t, "parse_infer_seconds": secs["parse"] + secs["infer"],
            "triples": len(ds), "violations": rep.count("Violation"), "warnings": rep.count("Warning")}


def st_validate_pyshacl(a):
    from cigraph.shacl import validate

    ds, secs = _dataset(a)
    t = time.perf_counter()
    rep = validate(ds, engine="pyshacl")
    return {"seconds": time.perf_counter() - t, "parse_infer_seconds": secs["parse"] + secs["infer"],
            "triples": len(ds), "violations": rep.count("Violation"), "warnings": rep.count("Warning")}


def st_build(a):
    from cigraph.pipeline import build
    from cigraph.settings import Settings

    t = time.perf_counter()
    r = build(Settings(data_dirs=(Path(a.data),), workspace=Path(a.ws)))
    total = time.perf_counter() - t
    out = {"seconds": total, "triples": len(r.dataset), "engine": r.report.engine if r.report else None}
    out.update({f"{k}_seconds": v for k, v in r.seconds.items()})
    return out


def st_project(a):
    from cigraph.projection import project

    ds = _open(a.ws)
    t = time.perf_counter()
    pg = project(ds)
    return {"seconds": time.perf_counter() - t, "nodes": len(pg.nodes), "edges": len(pg.edges)}


def st_load(a):
    """`cigraph load` (embedded): projection + bulk COPY into LadybugDB."""
    try:
        from cigraph.stores.embedded import EmbeddedStore
    except ImportError:
        return {"status": "not available", "note": "cigraph.stores.embedded is not written yet"}
    from cigraph.projection_store import open_projection

    ds = _open(a.ws)
    t = time.perf_counter()
    pg = open_projection(ds, lazy_edges=True)     # what `cigraph load` reads: the stored projection
    tp = time.perf_counter() - t
    store = EmbeddedStore(workspace=a.ws)
    t1 = time.perf_counter()
    stats = store.load(pg, replace=True)
    store.close()
    tl = time.perf_counter() - t1
    return {"seconds": tp + tl, "project_seconds": tp, "copy_seconds": tl, "nodes": stats.nodes,
            "relationships": stats.relationships, "verified": stats.verified}


def st_gaps(a):
    from cigraph.analysis.gaps import find_gaps

    pg = _pg(a.ws)
    t = time.perf_counter()
    gaps = find_gaps(pg)
    sec = time.perf_counter() - t
    out = {"seconds": sec, "gaps": len(gaps)}
    sidecar = Path(a.data) / "planted-gaps.json"
    if sidecar.is_file():   # correctness at scale: found vs planted
        truth = json.loads(sidecar.read_text())["gaps"]
        planted = {(g["type"], g["initiative"], frozenset(g["subjects"])) for g in truth}
        found = {(g.type, g.initiative, frozenset(i for i, _ in g.subjects)) for g in gaps}
        tp = len(found & planted)
        out.update(precision=tp / len(found) if found else 1.0, recall=tp / len(planted) if planted else 1.0)
    return out


def st_stats(a):
    """`cigraph stats` (separate grouped counts; target under 2 s at 1 M triples)."""
    from cigraph.describe import stats

    ds = _open(a.ws)
    t = time.perf_counter()
    s = stats(ds)
    return {"seconds": time.perf_counter() - t, "initiatives": len(s["initiatives"])}


def st_centrality(a):
    from cigraph.analysis.centrality import centrality

    pg = _pg(a.ws)
    t = time.perf_counter()
    scores = centrality(pg)
    return {"seconds": time.perf_counter() - t, "scores": len(scores)}


def _across(a):
    from cigraph.analysis.network import collaboration_network

    pg = _pg(a.ws)
    t = time.perf_counter()
    G = collaboration_network(pg)
    return G, time.perf_counter() - t


def st_bc_igraph(a):
    import igraph as ig

    G, tn = _across(a)
    t = time.perf_counter()
    idx = {v: i for i, v in enumerate(G)}
    h = ig.Graph(n=len(idx), edges=[(idx[u], idx[v]) for u, v in G.edges()])
    bc = h.betweenness(directed=False)
    return {"seconds": time.perf_counter() - t, "network_seconds": tn, "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(), "checksum": round(sum(bc), 3)}


def st_bc_nx_exact(a):
    import networkx as nx

    G, tn = _across(a)
    t = time.perf_counter()
    nx.betweenness_centrality(G, normalized=False)
    return {"seconds": time.perf_counter() - t, "network_seconds": tn, "nodes": G.number_of_nodes()}


def st_bc_nx_sampled(a):
    import networkx as nx

    G, tn = _across(a)
    t = time.perf_counter()
    k = min(100, len(G))
    bc = nx.betweenness_centrality(G, k=k, seed=0, normalized=False)
    out = {"seconds": time.perf_counter() - t, "network_seconds": tn, "nodes": G.number_of_nodes(), "k": k}
    # agreement with the exact ranking (igraph, exact) on the top 20
    try:
        import igraph as ig

        idx = {v: i for i, v in enumerate(G)}
        h = ig.Graph(n=len(idx), edges=[(idx[u], idx[v]) for u, v in G.edges()])
        exact = dict(zip(idx, h.betweenness(directed=False)))
        top = lambda d: {v for v, _ in sorted(d.items(), key=lambda kv: -kv[1])[:20]}  # noqa: E731
        out["top20_overlap"] = len(top(exact) & top(bc))
    except ImportError:
        pass
    return out


def st_sample(a):
    """Compute (and cache) the sample the queries are asked about, outside any query's time limit."""
    t = time.perf_counter()
    out = _sample(a.ws)
    return {"seconds": time.perf_counter() - t, "initiative": out["initiative"]}


def st_sparql_one(a):
    """One canned SPARQL query on the workspace (run.py runs each in its own process, with a time limit)."""
    from cigraph.sparql import run_sparql

    q = next(q for q in _queries("sparql") if q.id == a.query)
    one_only = os.environ.get("BENCH_ONE_ONLY") == "1"
    if one_only and not any(p.name == "initiative" for p in q.params):
        return {"status": "skipped", "note": "a whole-network listing: not run at this size"}
    params = _params_for(q, _sample(a.ws))
    ds = _open(a.ws)
    if one_only:        # only the question for one initiative (the target at 10M)
        one = dict(params, initiative=_sample(a.ws)["initiative"])
        list(ds.query("SELECT (COUNT(*) AS ?n) WHERE { ?i a ci:Initiative }"))   # open the store first
        t = time.perf_counter()
        res = run_sparql(ds, q, params=one)
        d = time.perf_counter() - t
        return {"seconds": d, "rows": len(res.rows or []), "one_initiative_seconds": d,
                "one_initiative_rows": len(res.rows or [])}
    t = time.perf_counter()
    list(ds.query("SELECT (COUNT(*) AS ?n) WHERE { ?i a ci:Initiative }"))   # open the store first
    opened = time.perf_counter() - t
    t = time.perf_counter()
    res = run_sparql(ds, q, params=params)
    out = {"seconds": time.perf_counter() - t, "rows": len(res.rows or res.triples or []), "open_seconds": opened}
    if any(p.name == "initiative" for p in q.params) and params.get("initiative") is None:
        # the same question for one initiative, as a strategist would ask it
        one = dict(params, initiative=_sample(a.ws)["initiative"])
        t = time.perf_counter()
        res = run_sparql(ds, q, params=one)
        out.update(one_initiative_seconds=time.perf_counter() - t, one_initiative_rows=len(res.rows or []))
    return out


def st_sparql(a):
    from cigraph.sparql import run_sparql

    qs = _queries("sparql")
    if not qs:
        return {"status": "not available", "note": "no queries/*.rq"}
    sample = _sample(a.ws)
    ds = _open(a.ws)
    per = {}
    for q in qs:
        t = time.perf_counter()
        res = run_sparql(ds, q, params=_params_for(q, sample))
        rows = len(getattr(res, "rows", []) or [])
        per[q.id] = {"seconds": time.perf_counter() - t, "rows": rows}
    slowest = max(per, key=lambda k: per[k]["seconds"])
    return {"seconds": sum(v["seconds"] for v in per.values()), "max_seconds": per[slowest]["seconds"],
            "slowest": slowest, "queries": len(per), "per_query": per}


def st_sparql_rdflib(a):
    """Baseline: the same canned queries in rdflib, on an in-memory copy of the workspace."""
    from cigraph.vocab import PREFIXES

    qs = _queries("sparql")
    if not qs:
        return {"status": "not available", "note": "no queries/*.rq"}
    import pyoxigraph as ox
    import rdflib

    sample = _sample(a.ws)
    ds = _open(a.ws)
    t = time.perf_counter()
    # the same four named graphs, queried as their union (like Oxigraph's use_default_graph_as_union)
    g = rdflib.Dataset(default_union=True)
    g.parse(data=ds.store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    to_rdflib = time.perf_counter() - t

    import signal

    def alarm(_sig, _frame):
        raise TimeoutError

    signal.signal(signal.SIGALRM, alarm)
    per, failed = {}, {}
    ns = {k: rdflib.Namespace(v) for k, v in PREFIXES.items()}
    for q in qs:
        binds = {k: rdflib.URIRef(v) for k, v in _params_for(q, sample).items() if v is not None}
        t = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, a.query_timeout)   # rdflib is Python: the alarm stops it
        try:
            rows = len(list(g.query(q.text, initNs=ns, initBindings=binds)))
        except TimeoutError:
            failed[q.id] = f"timeout after {a.query_timeout:.0f} s"
            per[q.id] = {"seconds": None, "rows": None, "timeout": a.query_timeout}
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        per[q.id] = {"seconds": time.perf_counter() - t, "rows": rows}
    done = {k: v for k, v in per.items() if v["seconds"] is not None}
    if failed:   # a lower bound: the slowest query took at least the time limit
        slowest = sorted(failed)[0]
        return {"seconds": sum(v["seconds"] for v in done.values()) + a.query_timeout * len(failed),
                "max_seconds": a.query_timeout, "max_is_lower_bound": True, "slowest": slowest,
                "queries": len(per), "load_seconds": to_rdflib, "per_query": per, "failed": failed,
                "triples": len(g)}
    slowest = max(per, key=lambda k: per[k]["seconds"])
    return {"seconds": sum(v["seconds"] for v in per.values()), "max_seconds": per[slowest]["seconds"],
            "slowest": slowest, "queries": len(per), "load_seconds": to_rdflib, "per_query": per,
            "triples": len(g)}


def st_cypher_one(a):
    """One canned Cypher query (run.py runs each in its own process, with a time limit)."""
    try:
        from cigraph.stores.embedded import EmbeddedStore
    except ImportError:
        return {"status": "not available", "note": "cigraph.stores.embedded is not written yet"}
    q = next(q for q in _queries("cypher") if q.id == a.query)
    params = _params_for(q, _sample(a.ws))
    one_only = os.environ.get("BENCH_ONE_ONLY") == "1"
    if one_only and "initiative" not in params:
        return {"status": "skipped", "note": "a whole-network listing: not run at this size"}
    store = EmbeddedStore(workspace=a.ws)
    try:
        if one_only:
            store.run("MATCH (i:Initiative) RETURN count(i) AS n")
            one = dict(params, initiative=_sample(a.ws)["initiative"])
            t = time.perf_counter()
            rows = store.run(q.text, **one)
            d = time.perf_counter() - t
            return {"seconds": d, "rows": len(rows), "one_initiative_seconds": d, "one_initiative_rows": len(rows)}
        t = time.perf_counter()
        store.run("MATCH (i:Initiative) RETURN count(i) AS n")   # open the database first
        opened = time.perf_counter() - t
        t = time.perf_counter()
        rows = store.run(q.text, **params)
        out = {"seconds": time.perf_counter() - t, "rows": len(rows), "open_seconds": opened, "params": params}
        if "initiative" in params and params["initiative"] is None:
            one = dict(params, initiative=_sample(a.ws)["initiative"])
            t = time.perf_counter()
            rows = store.run(q.text, **one)
            out.update(one_initiative_seconds=time.perf_counter() - t, one_initiative_rows=len(rows))
        return out
    finally:
        store.close()


def st_cypher(a):
    qs = _queries("cypher")
    if not qs:
        return {"status": "not available", "note": "no queries/*.cypher yet"}
    try:
        from cigraph.stores.embedded import EmbeddedStore
    except ImportError:
        return {"status": "not available", "note": "cigraph.stores.embedded is not written yet"}
    sample = _sample(a.ws)
    store = EmbeddedStore(workspace=a.ws)
    per, failed = {}, {}
    try:
        for q in qs:
            t = time.perf_counter()
            try:
                rows = store.run(q.text, **_params_for(q, sample))
            except Exception as e:   # report the query, keep timing the others
                failed[q.id] = f"{type(e).__name__}: {e}"[:300]
                continue
            per[q.id] = {"seconds": time.perf_counter() - t, "rows": len(rows)}
    finally:
        store.close()
    if not per:
        return {"status": "error", "note": "every Cypher query failed", "failed": failed}
    slowest = max(per, key=lambda k: per[k]["seconds"])
    return {"seconds": sum(v["seconds"] for v in per.values()), "max_seconds": per[slowest]["seconds"],
            "slowest": slowest, "queries": len(per), "per_query": per, "failed": failed}


def _map_initiatives(pg, target_nodes: int):
    from cigraph.analysis.network import initiatives, scope

    chosen, people = [], set()
    for n in initiatives(pg):
        if chosen and len(people) + len(chosen) >= target_nodes:
            break
        chosen.append(n.id)
        people |= scope(pg, n.id).participants
    return chosen


def st_map(a):
    try:
        from cigraph.render.map import render_map
    except ImportError:
        return {"status": "not available", "note": "cigraph.render.map is not written yet"}
    pg = _pg(a.ws)
    chosen = _map_initiatives(pg, a.map_nodes)
    out_path = Path(a.ws) / "bench-map.html"
    t = time.perf_counter()
    page, data = render_map(pg, initiatives=chosen, highlight_gaps=True)
    out_path.write_text(page, encoding="utf-8")
    nodes = len(data.get("nodes", [])) if isinstance(data, dict) else None
    return {"seconds": time.perf_counter() - t, "initiatives": len(chosen), "nodes": nodes,
            "html_mb": round(len(page) / 1e6, 2)}


STAGES = {name[3:]: fn for name, fn in list(globals().items()) if name.startswith("st_")}


# --- parent side ---------------------------------------------------------------------------

def run_stage(stage: str, *, data, ws, timeout: float | None = None, initiatives: int = 0, orgs: int = 50,
              seed: int = 0, map_nodes: int = 5000, profile: str | None = None, query: str | None = None,
              max_rss_mb: float = 10_000, query_timeout: float = 60.0) -> dict:
    """Run one stage in a fresh Python process; returns its result dict (with ``status``)."""
    cmd = [sys.executable]
    if profile:
        cmd += ["-m", "cProfile", "-o", profile]
    cmd += [str(Path(__file__).resolve()), stage, "--data", str(data), "--ws", str(ws),
            "--initiatives", str(initiatives), "--orgs", str(orgs), "--seed", str(seed),
            "--map-nodes", str(map_nodes), "--max-rss-mb", str(max_rss_mb), "--query-timeout", str(query_timeout)]
    if query:
        cmd += ["--query", query]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=str(ROOT))
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": None, "wall_seconds": time.perf_counter() - t,
                "note": f"stopped after {timeout:.0f} s"}
    for line in p.stdout.splitlines()[::-1]:
        if line.startswith("BENCH "):
            out = json.loads(line[6:])
            out.setdefault("status", "ok")
            out["wall_seconds"] = time.perf_counter() - t
            return out
    err = (p.stderr or "").strip().splitlines()
    if MISSING in (p.stderr or ""):
        return {"status": "not available", "seconds": None, "note": err[-1] if err else ""}
    if RSS_LIMIT in (p.stderr or ""):
        line = next(x for x in err if RSS_LIMIT in x)
        return {"status": "memory limit", "seconds": None, "wall_seconds": time.perf_counter() - t,
                "note": line.split(": ", 1)[1]}
    return {"status": "error", "seconds": None, "note": " | ".join(err[-3:])[-400:]}


RSS_LIMIT = "__RSS_LIMIT__"


def _watchdog(limit_mb: float) -> None:
    """A thread that ends the process when its resident memory passes ``limit_mb``."""
    import threading

    page = os.sysconf("SC_PAGE_SIZE")

    def watch():
        while True:
            try:
                with open("/proc/self/statm") as f:
                    rss = int(f.read().split()[1]) * page / 2**20
            except OSError:
                return
            if rss > limit_mb:
                print(f"{RSS_LIMIT}: resident memory {rss:.0f} MB passed {limit_mb:.0f} MB", file=sys.stderr,
                      flush=True)
                os._exit(9)
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("stage", choices=sorted(STAGES))
    ap.add_argument("--data", required=True)
    ap.add_argument("--ws", required=True)
    ap.add_argument("--initiatives", type=int, default=0)
    ap.add_argument("--orgs", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--map-nodes", type=int, default=5000)
    ap.add_argument("--query", default=None, help="query id (sparql_one, cypher_one)")
    ap.add_argument("--query-timeout", type=float, default=60.0, help="per-query limit (sparql_rdflib)")
    ap.add_argument("--max-rss-mb", type=float, default=10_000,
                    help="stop the stage when its resident memory passes this (protects the machine)")
    a = ap.parse_args(argv)
    _watchdog(a.max_rss_mb)
    try:
        out = STAGES[a.stage](a)
    except ModuleNotFoundError as e:
        if e.name and e.name.startswith("cigraph"):
            print(f"{MISSING}: {e.name} is not written yet", file=sys.stderr)
            return 3
        raise
    out["peak_rss_mb"] = round(_peak_mb(), 1)
    print("BENCH " + json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
