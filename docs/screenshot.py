"""Regenerate the screenshots in docs/: the overview map (map.png), a report page (report.png) and the
progress checklist (assessment.png), in headless Chromium.

    .venv/bin/python docs/screenshot.py [--only map|report] [-o docs/map.png] [--view collaboration]

Builds the bundled case studies, writes the overview map (as `cigraph map`
does), opens it in headless Chromium over the DevTools pipe, waits until
vis-network has drawn it, and saves a 1400×900 screenshot. (The DevTools
screenshot is used rather than `chromium --screenshot`, which fires on the load
event, before vis-network draws.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default=str(ROOT / "docs" / "map.png"))
    ap.add_argument("--view", default="collaboration")
    ap.add_argument("--color-by", default="sector")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--only", choices=["map", "report"], default=None)
    ap.add_argument("--initiative", default="TRC92", help="the initiative of the report screenshots")
    a = ap.parse_args(argv)

    from cigraph.pipeline import build_dataset
    from cigraph.projection import project
    from cigraph.render.browser import Chromium, find_chromium
    from cigraph.render.map import render_map
    from cigraph.settings import Settings

    if find_chromium() is None:
        print("no Chromium: install the Debian package `chromium` (make system)", file=sys.stderr)
        return 1
    pg = project(build_dataset(Settings()))
    if a.only != "map":
        rc = report_shots(pg, a.initiative)
        if rc or a.only == "report":
            return rc
    page, data = render_map(pg, view=a.view, color_by=a.color_by)
    with tempfile.TemporaryDirectory(prefix="cigraph-shot-") as d:
        html = Path(d) / "map.html"
        html.write_text(page, encoding="utf-8")
        with Chromium(width=a.width, height=a.height) as ch:
            with ch.page(html, wait="document.body && document.body.getAttribute('data-drawn') === '1'",
                         timeout=60) as tab:
                time.sleep(0.5)
                png = tab.screenshot()
                run = tab.report()
    if not run.ready or run.errors or run.requests:
        print(f"the map did not draw cleanly: errors {run.errors}, requests {run.requests}", file=sys.stderr)
        return 1
    Path(a.output).write_bytes(png)
    print(f"wrote {a.output} ({len(data['nodes'])} nodes, {len(data['clusters'])} clusters)")
    return 0


def _clip_shot(tab, selector: str, height: int | None = None) -> bytes:
    import base64

    r = tab.evaluate("(function(){var r=document.querySelector(%r).getBoundingClientRect();"
                     "return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];})()" % selector)
    x, y, w, h = r
    clip = {"x": max(0, x - 12), "y": max(0, y - 12), "width": w + 24, "height": (height or h) + 24, "scale": 1}
    return base64.b64decode(tab.call("Page.captureScreenshot", {"format": "png", "clip": clip,
                                                                "captureBeyondViewport": True})["data"])


def report_shots(pg, initiative: str) -> int:
    """docs/report.png (the top of one initiative's page) and docs/assessment.png (its checklist)."""
    from cigraph.render.browser import Chromium
    from cigraph.render.report import build_report

    page = build_report(pg, "html", initiative=initiative, runs=20)
    with tempfile.TemporaryDirectory(prefix="cigraph-shot-") as d:
        html = Path(d) / "report.html"
        html.write_text(page, encoding="utf-8")
        with Chromium(width=1000, height=1200) as ch:
            with ch.page(html, wait="document.body && document.body.dataset.reportReady", timeout=60) as tab:
                report_png = _clip_shot(tab, "section.initiative", height=1150)
                checklist_png = _clip_shot(tab, "table.answers", height=900)
                run = tab.report()
    if not run.ready or run.errors or run.requests:
        print(f"the report did not open cleanly: errors {run.errors}, requests {run.requests}", file=sys.stderr)
        return 1
    (ROOT / "docs" / "report.png").write_bytes(report_png)
    (ROOT / "docs" / "assessment.png").write_bytes(checklist_png)
    print("wrote docs/report.png and docs/assessment.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
