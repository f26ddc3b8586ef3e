"""Maps in a real browser: headless Chromium driven over the DevTools pipe.

Checks that vis-network drew every node, that the console stayed clean, that
no request left the page, that clusters open and a click dims the rest, and
that a name like <script>alert(1)</script> shows as text.
"""

from __future__ import annotations

import json

import pytest

from cigraph.render.browser import Chromium, find_chromium
from cigraph.render.map import render_map

from test_maps import EVIL, EVIL2, synthetic_graph, toy_graph

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None,
                       reason="no Chromium: install the Debian package `chromium` (make system) to run the browser tests"),
]

DRAWN = "document.body && document.body.getAttribute('data-drawn') === '1'"
# block dialogs from an injected script, and record them
NO_DIALOGS = "window.alert = function () { window.__alerted = (window.__alerted || 0) + 1; };"


@pytest.fixture(scope="module")
def chromium():
    with Chromium(width=1400, height=900) as ch:
        yield ch


def write(tmp_path, name, pg, **kw):
    page, data = render_map(pg, **kw)
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return path, data


def dom_xy(page, node_id) -> tuple[float, float]:
    return tuple(page.evaluate(
        "(function(){var p=cigraphNetwork.canvasToDOM(cigraphNetwork.getPosition(%s));"
        "var r=document.getElementById('net').getBoundingClientRect();return [p.x+r.left,p.y+r.top];})()"
        % json.dumps(node_id)))


def assert_clean(run):
    assert run.ready, "the network was drawn"
    assert run.errors == [], run.errors
    assert run.requests == [], f"the page made network requests: {run.requests}"


def test_overview_draws_every_node_offline(chromium, pg, tmp_path):
    path, data = write(tmp_path, "overview.html", pg)
    with chromium.page(path, wait=DRAWN, timeout=60) as page:
        assert page.evaluate("cigraphNetwork.body.data.nodes.length") == len(data["nodes"])
        assert page.evaluate("cigraphNetwork.body.data.edges.length") == len(data["edges"])
        # the folded overview: clusters plus the nodes left outside them
        outside = sum(1 for n in data["nodes"] if "cid" not in n)
        visible = page.evaluate("cigraphNetwork.body.nodeIndices.length")
        assert visible == outside + len(data["clusters"])
        # a click on a cluster opens it
        cid = "cluster:%d" % data["clusters"][0]["cid"]
        x, y = dom_xy(page, cid)
        page.mouse("click", x, y)
        page.evaluate("new Promise(function(r){setTimeout(r,150)})")
        assert page.evaluate("cigraphNetwork.body.nodes[%s] === undefined" % json.dumps(cid))
        assert page.evaluate("cigraphNetwork.body.nodeIndices.length") == visible - 1 + data["clusters"][0]["n"]
        # legend and filters are filled in
        assert page.evaluate("document.querySelectorAll('#legend .row').length") > 10
        assert page.evaluate("document.querySelectorAll('#f-ini input').length") == len(data["filters"]["initiatives"])
        run = page.report()
    assert_clean(run)


def test_click_dims_all_but_the_neighbourhood(chromium, pg, tmp_path):
    path, data = write(tmp_path, "dcec.html", pg, initiatives=["DCEC"], view="activities")
    ini = next(n["id"] for n in data["nodes"] if n["t"] == "Activity")
    by_id = {n["id"]: n for n in data["nodes"]}
    with chromium.page(path, wait=DRAWN, timeout=60) as page:
        page.evaluate("cigraphNetwork.stopSimulation(), cigraphNetwork.setOptions({physics:{enabled:false}})")
        x, y = dom_xy(page, ini)
        page.mouse("click", x, y)
        page.evaluate("new Promise(function(r){setTimeout(r,150)})")
        state = page.evaluate("""(function(){
            var net = cigraphNetwork, ds = net.body.data.nodes, keep = {};
            keep[%d] = 1; net.getConnectedNodes(%d).forEach(function(n){ keep[n] = 1; });
            var dim = 0, lit = 0, wrong = 0;
            ds.forEach(function(n){ var o = n.opacity === undefined ? 1 : n.opacity;
                if (keep[n.id]) { lit++; if (o !== 1) wrong++; } else { dim++; if (o >= 1) wrong++; } });
            return {dim: dim, lit: lit, wrong: wrong, info: document.getElementById('info').textContent};
        })()""" % (ini, ini))
        assert state["wrong"] == 0 and state["dim"] > 0 and state["lit"] > 1
        assert by_id[ini]["label"] in state["info"]
        # a click on the background restores every node
        page.mouse("click", 1390, 890)
        page.evaluate("new Promise(function(r){setTimeout(r,150)})")
        assert page.evaluate("cigraphNetwork.body.data.nodes.get().filter(function(n){"
                             "return n.opacity !== undefined && n.opacity < 1}).length") == 0
        run = page.report()
    assert_clean(run)


def test_filters_and_search(chromium, pg, tmp_path):
    path, data = write(tmp_path, "full.html", pg, view="full")
    with chromium.page(path, wait=DRAWN, timeout=60) as page:
        page.evaluate("document.querySelector('#f-ini input').click()")
        visible = int(page.evaluate("document.body.getAttribute('data-visible-count')"))
        first = data["filters"]["initiatives"][0][0]
        only_first = sum(1 for n in data["nodes"] if n["ini"] == [first])
        assert visible == len(data["nodes"]) - only_first
        page.evaluate("document.querySelector('#reset').click()")
        page.evaluate("var s=document.getElementById('search'); s.value='youth policy';"
                      "s.dispatchEvent(new Event('input'))")
        hits = page.evaluate("Array.from(document.querySelectorAll('#results li')).map(function(l){"
                             "return l.textContent})")
        assert hits == ["Youth Policy Institute"]
        page.evaluate("document.querySelector('#results li').click()")
        assert page.evaluate("cigraphNetwork.getSelectedNodes().length") == 1
        # a node folded inside a cluster: the search opens its cluster and selects it
        page.evaluate("document.querySelector('#reset').click()")
        labels = [n["label"] for n in data["nodes"]]
        inner = next(n for n in data["nodes"] if "cid" in n and labels.count(n["label"]) == 1
                     and not any(n["label"].lower() in m.lower() for m in labels if m != n["label"]))
        assert page.evaluate("cigraphNetwork.clustering.findNode(%d).length" % inner["id"]) == 2
        page.evaluate("var s=document.getElementById('search'); s.value=%s; s.dispatchEvent(new Event('input'));"
                      "document.querySelector('#results li').click()" % json.dumps(inner["label"]))
        assert page.evaluate("cigraphNetwork.clustering.findNode(%d).length" % inner["id"]) == 1
        assert page.evaluate("cigraphNetwork.getSelectedNodes()") == [inner["id"]]
        run = page.report()
    assert_clean(run)


def test_escaped_names_render_as_text(chromium, tmp_path):
    pg = toy_graph(names=(EVIL, EVIL2, "Gamma Org"))
    path, data = write(tmp_path, "evil.html", pg)
    evil = next(n["id"] for n in data["nodes"] if n["label"] == EVIL)
    with chromium.page(path, wait=DRAWN, timeout=60, init_script=NO_DIALOGS) as page:
        page.evaluate("cigraphNetwork.stopSimulation(), cigraphNetwork.setOptions({physics:{enabled:false}})")
        assert page.evaluate("document.querySelectorAll('script').length") == 3
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        # the tooltip shows the name as text
        x, y = dom_xy(page, evil)
        page.mouse("move", x + 40, y + 40)
        page.mouse("hover", x, y)
        page.evaluate("new Promise(function(r){setTimeout(r,600)})")
        tip = page.evaluate("(function(){var t=document.querySelector('.vis-tooltip');"
                            "return t ? [t.style.visibility, t.textContent, t.querySelectorAll('script,img').length]"
                            " : null})()")
        assert tip is not None and tip[0] != "hidden", "the tooltip opened on hover"
        assert EVIL in tip[1] and tip[2] == 0
        # search results and the info panel show it as text as well
        page.evaluate("var s=document.getElementById('search'); s.value='alert';s.dispatchEvent(new Event('input'))")
        assert page.evaluate("Array.from(document.querySelectorAll('#results li')).map(function(l){"
                             "return l.textContent})") == sorted([EVIL, EVIL2], key=lambda n: [d["label"] for d in data["nodes"]].index(n))
        page.evaluate("document.querySelector('#results li').click()")
        assert EVIL in page.evaluate("document.getElementById('info').textContent")
        assert page.evaluate("document.querySelectorAll('script').length") == 3
        assert page.evaluate("window.__alerted || 0") == 0
        run = page.report()
    assert_clean(run)


def test_big_map_draws_quickly(chromium, tmp_path):
    pg = synthetic_graph(25, 80)
    path, data = write(tmp_path, "big.html", pg, view="activities")
    assert data["physics"] is False and len(data["nodes"]) > 2000
    with chromium.page(path, wait=DRAWN, timeout=60) as page:
        assert page.evaluate("cigraphNetwork.body.data.nodes.length") == len(data["nodes"])
        page.evaluate("document.getElementById('expand').click()")
        page.evaluate("new Promise(function(r){requestAnimationFrame(function(){requestAnimationFrame(r)})})")
        assert page.evaluate("cigraphNetwork.body.nodeIndices.length") == len(data["nodes"])
        run = page.report()
    assert_clean(run)
    assert run.seconds < 30
