"""The query page (`cigraph serve`, GET /) in headless Chromium: YASGUI loads from the server itself,
a typed query runs and its rows show, the examples open, nothing is requested from any other
host, and the console stays clean."""

from __future__ import annotations

import urllib.parse

import pytest

from cigraph.render.browser import Chromium, find_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None,
                       reason="no Chromium: install the Debian package `chromium` (make system) to run the browser tests"),
]

READY = "document.body && document.body.dataset.ready === '1' && !!document.querySelector('.CodeMirror')"


@pytest.fixture(scope="module")
def served(workspace):
    from cigraph.server import start_in_thread

    srv, thread, url = start_in_thread(workspace, port=0, timeout=30, max_rows=1000, workers=1)
    yield url
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def chromium():
    with Chromium(width=1400, height=1000) as ch:
        yield ch


def _elsewhere(requests: list[str], base: str) -> list[str]:
    host = urllib.parse.urlsplit(base).netloc
    return [u for u in requests if urllib.parse.urlsplit(u).netloc != host and not u.startswith("data:")]


def _rows(page) -> list[list[str]]:
    return page.evaluate("""Array.from(document.querySelectorAll('.yasr table.dataTable tbody tr'))
        .map(tr => Array.from(tr.querySelectorAll('td')).map(td => td.innerText.trim()))""") or []


def _wait(page, expr: str, seconds: float = 60.0):
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        v = page.evaluate(expr)
        if v:
            return v
        time.sleep(0.1)
    return page.evaluate(expr)


def test_type_a_query_run_it_see_rows(served, chromium):
    query = ("PREFIX ci: <https://w3id.org/cigraph#>\n"
             "SELECT ?name WHERE { ?i a ci:Initiative ; ci:name ?name } ORDER BY ?name")
    with chromium.page(served, wait=READY, timeout=90) as page:
        assert page.ready, page.report().errors
        # type it into the editor as a person would (select all, then insert text)
        page.evaluate("(function(){var cm=document.querySelector('.CodeMirror').CodeMirror; cm.focus();"
                      " cm.execCommand('selectAll'); return true;})()")
        page.call("Input.insertText", {"text": query})
        assert page.evaluate("cigraphYasgui.getTab().getYasqe().getValue()") == query
        page.evaluate("cigraphYasgui.getTab().getYasqe().query().then(function(){return true}, function(){return true})")
        rows = _wait(page, "document.querySelectorAll('.yasr table.dataTable tbody tr').length >= 8 &&"
                           " document.querySelectorAll('.yasr table.dataTable tbody tr').length")
        assert rows == 8, _rows(page)
        names = [r[-1] for r in _rows(page)]
        assert "Los Angeles Promise Zone" in " ".join(names) and "Dufferin County Equity Collaborative" in names[0]
        # the editor's syntax check passed (ci: is declared), and no request went to another host
        assert page.evaluate("cigraphYasgui.getTab().getYasqe().queryValid") is True
        run = page.report()
        assert _elsewhere(run.requests, served) == [], run.requests
        assert run.errors == [], run.errors


def test_examples_open_with_prefixes_declared(served, chromium):
    from cigraph.queries import QueryLibrary

    lib = {q.id: q for q in QueryLibrary().all("sparql")}
    with chromium.page(served, wait=READY, timeout=90) as page:
        listed = page.evaluate("Array.from(document.querySelectorAll('#example-list button')).map(b => b.dataset.query)")
        assert sorted(listed) == sorted(lib)
        # the first query on the page already declares the prefixes: the editor's check passes
        assert "PREFIX ci: <https://w3id.org/cigraph#>" in page.evaluate("cigraphYasgui.getTab().getYasqe().getValue()")
        assert _wait(page, "cigraphYasgui.getTab().getYasqe().queryValid === true")
        page.evaluate("document.querySelector('#example-list button[data-query=\"backbones\"]').click()")
        text = _wait(page, "cigraphYasgui.getTab().getYasqe().getValue().indexOf('hasBackbone') >= 0 &&"
                           " cigraphYasgui.getTab().getYasqe().getValue()")
        assert text and lib["backbones"].text.strip() in text and "PREFIX cgd:" in text
        assert _wait(page, "cigraphYasgui.getTab().getYasqe().queryValid === true")
        page.evaluate("cigraphYasgui.getTab().getYasqe().query().then(function(){return true}, function(){return true})")
        n = _wait(page, "document.querySelectorAll('.yasr table.dataTable tbody tr').length")
        assert n == 6
        run = page.report()
        assert _elsewhere(run.requests, served) == [], run.requests
        assert run.errors == [], run.errors


def test_the_editor_check_does_flag_an_undeclared_prefix(served, chromium):
    """The control for the checks above: without its PREFIX line, a prefixed name is an error."""
    with chromium.page(served, wait=READY, timeout=90) as page:
        page.evaluate("cigraphYasgui.getTab().getYasqe().setValue('SELECT * WHERE { ?s undeclared:p ?o }')")
        assert _wait(page, "cigraphYasgui.getTab().getYasqe().queryValid === false")
