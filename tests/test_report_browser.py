"""The report in a real browser and on paper: headless Chromium opens the HTML (charts present with the counts
the data implies, no console error, no request leaves the page, the heat map sorts), and its print to PDF
has one page-starting section per initiative, each initiative's name in its text (pdftotext)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from cigraph.analysis.network import initiatives
from cigraph.render.browser import Chromium, find_chromium
from cigraph.render.report import build_report, write_pdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None,
                       reason="no Chromium: install the Debian package `chromium` (make system) to run the browser tests"),
]
READY = "document.body && document.body.dataset.reportReady === '1'"


@pytest.fixture(scope="module")
def html(pg):
    return build_report(pg, "html", runs=5, maps="maps")


@pytest.fixture(scope="module")
def page_path(html, tmp_path_factory):
    p = tmp_path_factory.mktemp("report") / "report.html"
    p.write_text(html, encoding="utf-8")
    return p


def test_charts_offline_and_clean(pg, page_path):
    n = len(initiatives(pg))
    with Chromium(width=1100, height=900) as ch:
        run = ch.open(page_path, wait=READY, timeout=60, evaluate={
            "cells": "document.querySelectorAll('svg.heatmap rect.hm-cell').length",
            "rows": "document.querySelectorAll('svg.heatmap g.hm-row').length",
            "profiles": "document.querySelectorAll('svg.profile').length",
            "maturity": "document.querySelectorAll('svg.profile rect.pf-maturity').length",
            "networks": "document.querySelectorAll('svg.network').length",
            "netnodes": "document.querySelectorAll('svg.network g.net-node').length",
            "width": "document.querySelector('svg.heatmap').getBoundingClientRect().width",
        })
    assert run.ready and run.errors == [] and run.requests == [], (run.errors, run.requests)
    v = run.values
    assert (v["cells"], v["rows"], v["profiles"], v["maturity"]) == (n * 5, n, n, n * 5)
    assert v["networks"] == n + 1 and v["netnodes"] > n and v["width"] > 300


def test_heat_map_sorts(pg, page_path):
    names = sorted(i.name for i in initiatives(pg))
    order = ("Array.from(document.querySelectorAll('svg.heatmap g.hm-row')).sort(function(a,b){"
             "return a.transform.baseVal[0].matrix.f - b.transform.baseVal[0].matrix.f})"
             ".map(function(g){return g.dataset.name})")
    with Chromium(width=1100, height=900) as ch, ch.page(page_path, wait=READY, timeout=60) as page:
        assert page.evaluate(order) == [i.name for i in initiatives(pg)]
        page.evaluate("var s=document.getElementById('hm-sort'); s.value='name'; s.dispatchEvent(new Event('change'))")
        assert page.evaluate(order) == names
        page.evaluate("var s=document.getElementById('hm-sort'); s.value='total'; s.dispatchEvent(new Event('change'))")
        totals = page.evaluate("Array.from(document.querySelectorAll('svg.heatmap g.hm-row')).sort(function(a,b){"
                               "return a.transform.baseVal[0].matrix.f - b.transform.baseVal[0].matrix.f})"
                               ".map(function(g){return +g.dataset.total})")
        assert totals == sorted(totals, reverse=True)
        assert page.report().errors == []


@pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                    reason="poppler-utils missing: bash .ci/system-packages.sh")
def test_pdf_pages_and_text(pg, html, tmp_path):
    pdf = tmp_path / "report.pdf"
    assert write_pdf(html, pdf) > 10_000
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    names = [i.name for i in initiatives(pg)]
    # every initiative's section starts a page (CSS break-before): find the pages whose first heading is a name
    starts = []
    for k in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = [line.strip() for line in text.splitlines() if line.strip()][:2]
        heading = " ".join(lines)                 # a long name wraps onto a second line
        starts += [n for n in names if lines and heading.startswith(n) and n.startswith(lines[0])]
    assert starts == names                      # one section per initiative, in order, each on a fresh page
    assert pages >= len(names) + 2              # the across-initiatives pages before, the sources after
    whole = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for name in names:
        assert name in whole
    assert "Progress checklist" in whole and "Sources" in whole


def test_map_search_finds_an_alternative_name(tmp_path):
    """skos:altLabel reaches the map's search box: typing an alternative name lists the node under its name."""
    from cigraph.projection import Edge, Node, PropertyGraph
    from cigraph.render.map import render_map

    pg = PropertyGraph([Node("https://x.org/id/i", ("Initiative",), {"name": "Round Table"}),
                        Node("https://x.org/id/o", ("Organization", "Participant"),
                             {"name": "Community Services", "altLabel": ["DCCS"]})],
                       [Edge("https://x.org/id/o", "https://x.org/id/i", "MEMBER_OF")])
    path = tmp_path / "map.html"
    path.write_text(render_map(pg)[0], encoding="utf-8")
    with Chromium(width=1100, height=800) as ch, ch.page(
            path, wait="document.body && document.body.getAttribute('data-drawn') === '1'", timeout=60) as page:
        page.evaluate("var s=document.getElementById('search'); s.value='dccs'; s.dispatchEvent(new Event('input'))")
        hits = page.evaluate("Array.from(document.querySelectorAll('#results li')).map(function(l){return l.textContent})")
        assert hits == ["Community Services (DCCS)"]
        assert page.report().errors == []
