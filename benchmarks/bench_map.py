"""Map benchmark: how long `cigraph map` takes to lay out, write and draw big maps.

Maps of synthetic initiatives (``cigraph.synth``, built and projected like real
data; the *activities* view, about 180 nodes per initiative) at each size, and
three stages, each against a baseline measured in the same run:

``layout``
    cigraph's seeded per-initiative Fruchterman–Reingold layout (igraph) vs
    ``networkx.spring_layout`` on the same graph (skipped above
    ``--baseline-max`` nodes: 61 s at 5,000 nodes on these machines).
``map``
    the whole page, layout included (``render_map``) vs the same page with
    ``networkx.spring_layout`` in place of cigraph's layout.
``draw``
    headless Chromium, navigation until vis-network has drawn the page:
    precomputed positions with physics off (what cigraph writes above
    ``PHYSICS_THRESHOLD`` nodes) vs physics on from random positions with
    vis-network's default 1,000 stabilisation iterations (pyvis's default;
    skipped above ``--draw-baseline-max`` nodes).

``run(sizes) -> list[dict]`` returns rows ``{stage, size, seconds,
baseline_seconds, ratio, ...}`` (``ratio`` = baseline / cigraph; None when the
baseline was skipped); ``python benchmarks/bench_map.py [SIZE ...]`` prints them.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NODES_PER_INITIATIVE = 178  # activities view of one synthetic initiative (50 organizations)
DEFAULT_SIZES = (500, 5000)
VIEW = "activities"


def synthetic_graph(size: int, seed: int = 0):
    """A PropertyGraph whose activities view has about ``size`` nodes."""
    from cigraph.pipeline import build_dataset
    from cigraph.projection import project
    from cigraph.settings import Settings
    from cigraph.synth import synthesize

    n = max(1, round(size / NODES_PER_INITIATIVE))
    with tempfile.TemporaryDirectory(prefix="cigraph-bench-map-") as d:
        synthesize(d, initiatives=n, orgs_per_initiative=50, seed=seed)
        return project(build_dataset(Settings(data_dirs=[d])))


def _layout_inputs(pg, data):
    """The layout's inputs for the map's graph (as render_map computes them)."""
    ids = list(range(len(data["nodes"])))
    pairs = sorted({(min(e["from"], e["to"]), max(e["from"], e["to"])) for e in data["edges"]})
    return ids, pairs


def _spring(ids, pairs, seed=42):
    """Seconds of ``networkx.spring_layout`` (its dense Fruchterman–Reingold when
    scipy, which its sparse path needs from 500 nodes, is not installed)."""
    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from(ids)
    G.add_edges_from(pairs)
    t = time.perf_counter()
    try:
        nx.spring_layout(G, seed=seed)
    except ModuleNotFoundError:  # no scipy: the same algorithm, dense
        import numpy as np
        from networkx.drawing.layout import _fruchterman_reingold

        t = time.perf_counter()
        _fruchterman_reingold(nx.to_numpy_array(G), seed=np.random.RandomState(seed))
    return time.perf_counter() - t


def _time_layout(pg, seed=42):
    """Seconds of cigraph's layout alone (inside render_map)."""
    import cigraph.render.map as m

    spent = []
    real = m.layout_positions

    def timed(*a, **k):
        t = time.perf_counter()
        out = real(*a, **k)
        spent.append(time.perf_counter() - t)
        return out

    m.layout_positions = timed
    try:
        t = time.perf_counter()
        page, data = m.render_map(pg, view=VIEW, seed=seed)
        total = time.perf_counter() - t
    finally:
        m.layout_positions = real
    return spent[0], total, page, data


def _physics_page(page: str, data: dict) -> str:
    """The same page with physics on from random positions and no clusters (pyvis's default)."""
    from cigraph.render.map import _script_json

    d = json.loads(json.dumps(data))
    for n in d["nodes"]:
        n.pop("x", None)
        n.pop("y", None)
        n.pop("cid", None)
    d["clusters"], d["physics"], d["stabilization"] = [], True, 1000
    start = page.index('<script type="application/json" id="cigraph-data">') + len(
        '<script type="application/json" id="cigraph-data">')
    end = page.index("</script>", start)
    return page[:start] + _script_json(d) + page[end:]


def _draw(path: Path, physics: bool, timeout: float):
    from cigraph.render.browser import Chromium

    wait = "document.body && document.body.getAttribute('data-drawn') === '1'"
    if physics:
        wait += " && document.body.getAttribute('data-stabilized') === '1'"
    with Chromium() as ch:
        run = ch.open(path, wait=wait, timeout=timeout,
                      evaluate={"nodes": "window.cigraphNetwork ? cigraphNetwork.body.data.nodes.length : -1"})
    return run


def run(sizes=DEFAULT_SIZES, *, baseline_max: int = 1500, draw: bool = True, draw_baseline_max: int = 1000,
        draw_timeout: float = 120.0, seed: int = 42, progress=None) -> list[dict]:
    """Benchmark rows for each size (see the module docstring)."""
    say = progress or (lambda msg: None)
    rows: list[dict] = []
    # warm the imports so the first size does not pay for them
    import igraph  # noqa: F401
    import networkx  # noqa: F401

    import cigraph.analysis.network  # noqa: F401
    import cigraph.render.map  # noqa: F401

    for size in sizes:
        say(f"synthetic graph for {size} map nodes")
        pg = synthetic_graph(size)
        layout_s, map_s, page, data = _time_layout(pg, seed)
        n, m = len(data["nodes"]), len(data["edges"])
        base = {"size": n, "requested_size": size, "edges": m, "view": VIEW,
                "physics": data["physics"], "clusters": len(data["clusters"])}
        spring = None
        if n <= baseline_max:
            say(f"networkx spring_layout at {n} nodes")
            spring = _spring(*_layout_inputs(pg, data))
        rows.append({"stage": "layout", **base, "seconds": round(layout_s, 3),
                     "baseline": "networkx.spring_layout",
                     "baseline_seconds": None if spring is None else round(spring, 3),
                     "ratio": None if spring is None else round(spring / layout_s, 1)})
        map_base = None if spring is None else map_s - layout_s + spring
        rows.append({"stage": "map", **base, "seconds": round(map_s, 3),
                     "baseline": "same page with networkx.spring_layout",
                     "baseline_seconds": None if map_base is None else round(map_base, 3),
                     "ratio": None if map_base is None else round(map_base / map_s, 1),
                     "html_mb": round(len(page.encode("utf-8")) / 1e6, 2)})
        if draw:
            from cigraph.render.browser import find_chromium

            if find_chromium() is None:
                say("no Chromium: draw stage skipped")
            else:
                with tempfile.TemporaryDirectory(prefix="cigraph-bench-draw-") as d:
                    p = Path(d) / "map.html"
                    p.write_text(page, encoding="utf-8")
                    say(f"Chromium draw at {n} nodes")
                    mine = _draw(p, data["physics"], draw_timeout)
                    bl = None
                    if n <= draw_baseline_max:
                        q = Path(d) / "physics.html"
                        q.write_text(_physics_page(page, data), encoding="utf-8")
                        say(f"Chromium draw with physics at {n} nodes")
                        bl = _draw(q, True, draw_timeout)
                    rows.append({"stage": "draw", **base, "seconds": round(mine.seconds, 3), "drawn": mine.ready,
                                 "nodes_in_page": mine.values.get("nodes"), "errors": len(mine.errors),
                                 "baseline": "physics on, vis-network default stabilisation",
                                 "baseline_seconds": None if bl is None else round(bl.seconds, 3),
                                 "baseline_drawn": None if bl is None else bl.ready,
                                 "ratio": None if bl is None else round(bl.seconds / mine.seconds, 1)})
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=list(DEFAULT_SIZES), help="map sizes (nodes)")
    ap.add_argument("--baseline-max", type=int, default=1500, help="largest size for networkx.spring_layout")
    ap.add_argument("--draw-baseline-max", type=int, default=1000, help="largest size for the physics-on draw")
    ap.add_argument("--no-draw", action="store_true", help="skip the Chromium stage")
    ap.add_argument("--json", action="store_true", help="print rows as JSON lines")
    a = ap.parse_args(argv)
    rows = run(a.sizes, baseline_max=a.baseline_max, draw=not a.no_draw, draw_baseline_max=a.draw_baseline_max,
               progress=lambda msg: print(f"… {msg}", file=sys.stderr))
    if a.json:
        for r in rows:
            print(json.dumps(r))
        return 0
    print(f"{'stage':<8}{'nodes':>8}{'edges':>8}{'seconds':>10}{'baseline s':>12}{'ratio':>8}  baseline")
    for r in rows:
        b = "—" if r["baseline_seconds"] is None else f"{r['baseline_seconds']:.2f}"
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:g}×"
        print(f"{r['stage']:<8}{r['size']:>8}{r['edges']:>8}{r['seconds']:>10.2f}{b:>12}{ratio:>8}  {r['baseline']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
