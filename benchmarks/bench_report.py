"""Report benchmark: generating every report for the case studies (the issue's target: under 10 s).

Stages, on the bundled case studies (built and projected once, outside the timing):

``reports: html``
    the across-initiatives HTML report plus one HTML report per initiative (what ``make demo`` writes:
    ``report.html`` and ``initiatives/*/index.html``), with the default 100 tie-drop runs.
``reports: pdf``
    the across-initiatives report printed to PDF by headless Chromium (skipped without Chromium).
``assess``
    the progress checklist for every initiative.

``run() -> list[dict]`` returns rows ``{stage, size, seconds, ...}`` for ``benchmarks/run.py``;
``python benchmarks/bench_report.py`` prints them. Small on purpose: nothing here is a large benchmark.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 10.0


def run(runs: int = 100) -> list[dict]:
    from cigraph.analysis.assess import assess
    from cigraph.analysis.network import initiatives
    from cigraph.pipeline import build_dataset
    from cigraph.projection import project
    from cigraph.render.browser import find_chromium
    from cigraph.render.report import build_report, write_pdf
    from cigraph.settings import Settings

    pg = project(build_dataset(Settings()))
    ids = [n.id for n in initiatives(pg)]
    rows = []
    t = time.perf_counter()
    html = build_report(pg, "html", runs=runs, maps="maps")
    for ini in ids:
        build_report(pg, "html", initiative=ini, runs=runs, map_href=lambda _: "map.html")
    secs = time.perf_counter() - t
    rows.append({"stage": "reports: html", "size": f"{len(ids)} initiatives ({len(ids) + 1} reports)",
                 "seconds": round(secs, 3), "engine": "cigraph.render.report",
                 "note": f"target < {TARGET_SECONDS:.0f} s: {'met' if secs < TARGET_SECONDS else 'missed'}"})
    if find_chromium():
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            n = write_pdf(html, Path(d) / "report.pdf")
            rows.append({"stage": "reports: pdf", "size": f"{len(ids)} initiatives", "seconds":
                         round(time.perf_counter() - t, 3), "engine": "headless Chromium Page.printToPDF",
                         "note": f"{n:,} bytes"})
    t = time.perf_counter()
    for ini in ids:
        assess(pg, ini)
    rows.append({"stage": "assess", "size": f"{len(ids)} initiatives", "seconds": round(time.perf_counter() - t, 3),
                 "engine": "cigraph.analysis.assess"})
    return rows


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
