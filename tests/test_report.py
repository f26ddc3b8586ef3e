"""The strategist's report: content, charts and escaping (no browser), the profile command, alternative names."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from cigraph.analysis.network import initiatives, resolve_initiative
from cigraph.cli import cli
from cigraph.projection import Edge, Node, PropertyGraph
from cigraph.render.report import build_report, person_gap, report_data

CI = "https://w3id.org/cigraph#"
INTERNAL = re.compile(r"\b[A-Z]{3,}_[A-Z_]{2,}\b|cgd:|https://w3id\.org/cigraph")


class _Text(HTMLParser):
    """Visible text (outside <script>/<style>/<title> in SVG) and a tag-balance check."""

    def __init__(self):
        super().__init__()
        self.text, self.stack, self.errors, self._skip = [], [], 0, 0

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br"):
            self.stack.append(tag)
        self._skip += tag in ("script", "style")

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")
        self.errors += not self.stack or self.stack.pop() != tag

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _parse(html: str) -> _Text:
    p = _Text()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def report_html(pg):
    return build_report(pg, "html", runs=5, maps="maps")


def test_charts_have_one_cell_per_initiative_and_condition(pg, report_html):
    n = len(initiatives(pg))
    assert report_html.count('class="hm-cell"') == n * 5
    assert report_html.count('class="hm-row"') == n
    assert report_html.count('class="pf-maturity"') == n * 5
    assert report_html.count('class="pf-complete"') == n * 5
    assert report_html.count('<section class="initiative"') == n


def test_the_page_is_well_formed_and_readable(report_html):
    p = _parse(report_html)
    assert (p.errors, p.stack) == (0, [])
    text = " ".join(p.text)
    assert not INTERNAL.findall(text), INTERNAL.findall(text)[:5]
    # a gap the record states (Sault Ste. Marie: indicators are still being established) reads as an action ...
    assert "No indicator tracks “Community consultations”: agree on one shared measure for it." in text
    # ... one the record is silent on (Dufferin names no indicator at all) as a question to ask
    assert "How do the partners follow the results of “Action-planning survey”?" in text


def test_the_page_is_self_contained(report_html):
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?//""", report_html)
    assert "Content-Security-Policy" in report_html and "default-src 'none'" in report_html
    assert report_html.count("<script>") == 1
    # links to the interactive maps, relative to the page
    assert 'href="maps/overview.html"' in report_html and 'href="maps/dcec.html"' in report_html


def test_every_source_link_has_its_target(report_html):
    targets = set(re.findall(r'href="#(src-[^"]+)"', report_html))
    assert targets
    assert targets <= set(re.findall(r'id="(src-[^"]+)"', report_html))


def test_gaps_are_grouped_by_condition_and_severity(pg):
    data = report_data(pg, "TRC92", runs=0)
    ini = data["initiatives"][0]
    html = build_report(pg, "html", initiative="TRC92", runs=0)
    order = {"high": 0, "medium": 1, "low": 2}
    for group in re.findall(r'<div class="gap-group".*?</div>\s*</div>', html, flags=re.S):
        sev = re.findall(r'data-severity="(\w+)"', group)
        assert sev == sorted(sev, key=order.get)
    assert {g["condition"] for g in ini["gaps"]} <= {c.rsplit("#", 1)[-1] for c in (
        CI + "CommonAgendaCondition", CI + "SharedMeasurementCondition",
        CI + "MutuallyReinforcingActivitiesCondition", CI + "ContinuousCommunicationCondition",
        CI + "BackboneSupportCondition")}
    shown = [g for g in ini["gaps"] if g["basis"] != "not recorded"]
    asks = [g for g in ini["gaps"] if g["basis"] == "not recorded"]
    assert html.count('class="gap ') == len(shown) and shown and asks
    questions = html.split("Questions to ask", 1)[1]
    for g in asks:
        assert g["question"].replace("“", "&ldquo;") in questions or g["question"] in questions


def test_not_recorded_becomes_a_question_to_ask(pg):
    html = build_report(pg, "html", initiative="LA Promise Zone", runs=0)
    block = html.split("Questions to ask", 1)[1]
    assert "Have the partners chosen shared indicators to follow their progress?" in block


def test_a_hostile_name_is_escaped_everywhere():
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    pg = PropertyGraph([Node("i", ("Initiative",), {"name": evil, "location": evil}),
                        Node("o", ("Organization", "Participant"), {"name": evil}),
                        Node("b", ("Organization", "Participant"), {"name": "B"}),
                        Node("a", ("Activity",), {"name": evil}), Node("p", ("Priority",), {"name": evil})],
                       [Edge("o", "i", "MEMBER_OF"), Edge("b", "i", "MEMBER_OF"), Edge("i", "b", "HAS_BACKBONE"),
                        Edge("a", "p", "SERVES"), Edge("p", "i", "PART_OF_INITIATIVE"),
                        Edge("o", "a", "PERFORMS"), Edge("b", "a", "PERFORMS")])
    for fmt in ("html", "md"):
        out = build_report(pg, fmt, runs=2)
        assert "<script>alert" not in out and "<img" not in out and "onerror=alert(2)>" not in out
    html = build_report(pg, "html", runs=2)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_person_gap_never_shows_internal_names(pg):
    from cigraph.analysis.gaps import find_gaps

    for g in find_gaps(pg):
        p = person_gap(pg, g)
        assert not INTERNAL.findall(p["sentence"] + p["question"] + p["title"]), (g.type, p["sentence"])
        assert p["condition"] is not None


def test_markdown_report(pg):
    md = build_report(pg, "md", initiative="LA Promise Zone", runs=0)
    assert md.startswith("# ") and "## Los Angeles Promise Zone" in md and "### Gaps" in md
    assert "### Progress checklist" in md


def test_report_command_formats(workspace, tmp_path):
    r = CliRunner().invoke(cli, ["report", "-w", str(workspace), "--runs", "2", "-o", str(tmp_path / "r.html")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    r = CliRunner().invoke(cli, ["report", "-w", str(workspace), "--format", "pdf"])
    assert r.exit_code == 2 and "-o report.pdf" in r.output


def test_profile_writes_one_folder(workspace, tmp_path):
    out = tmp_path / "living-sj"
    r = CliRunner().invoke(cli, ["profile", "Living SJ", "-w", str(workspace), "--runs", "2", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["assessment.csv", "assessment.json", "gaps.csv", "index.html",
                                                    "map.html", "scorecard.csv"]
    page = (out / "index.html").read_text()
    assert 'href="map.html"' in page and page.count('<section class="initiative"') == 1
    assert "Living SJ" in page and page.count('class="hm-cell"') == 0
    r = CliRunner().invoke(cli, ["profile", "Atlantis", "-w", str(workspace), "-o", str(tmp_path / "x")])
    assert r.exit_code == 3 and "Atlantis" in r.output


def test_alternative_names_resolve_an_initiative_and_a_map_node():
    from cigraph.render.map import render_map

    pg = PropertyGraph([Node("https://x.org/id/ssm", ("Initiative",),
                             {"name": "Sault Ste. Marie Poverty Round Table",
                              "altLabel": ["Poverty Roundtable", "SSM PRT"]}),
                        Node("o", ("Organization", "Participant"), {"name": "Org", "altLabel": ["The Org"]})],
                       [Edge("o", "https://x.org/id/ssm", "MEMBER_OF")])
    assert resolve_initiative(pg, "ssm prt") == "https://x.org/id/ssm"
    assert resolve_initiative(pg, "Poverty Roundtable") == "https://x.org/id/ssm"
    page, data = render_map(pg, initiatives=["SSM PRT"], focus="The Org")
    alts = {n["label"]: n.get("alt") for n in data["nodes"]}
    assert alts["Org"] == ["The Org"]


def test_describe_finds_an_entity_by_its_alternative_name(tmp_path):
    from cigraph.pipeline import build_dataset
    from cigraph.describe import resolve_entity
    from cigraph.settings import Settings, data_dir

    data = tmp_path / "data"
    data.mkdir()
    for f in Path(data_dir()).glob("*.ttl"):
        (data / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (data / "zz-alt.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://w3id.org/cigraph/id/dcec> skos:altLabel \"Dufferin Equity Table\"@en .\n", encoding="utf-8")
    ds = build_dataset(Settings(data_dirs=(data,)))
    assert resolve_entity(ds, "dufferin equity table") == "https://w3id.org/cigraph/id/dcec"


def test_maturity_over_time_is_drawn_when_several_dated_assessments_exist():
    cond = CI + "SharedMeasurementCondition"
    nodes = [Node("i", ("Initiative",), {"name": "I"}), Node(cond, ("Condition",), {"name": "Shared measurement"}),
             Node("m1", ("MaturityLevel",), {"name": "Planned", "rank": 1}),
             Node("m2", ("MaturityLevel",), {"name": "Emerging", "rank": 2}),
             Node("p1", ("ConditionPractice",), {"assessedOn": "2016-05-01", "evidence": "x"}),
             Node("p2", ("ConditionPractice",), {"assessedOn": "2019-03-01", "evidence": "y"})]
    edges = [Edge("i", "p1", "HAS_PRACTICE"), Edge("i", "p2", "HAS_PRACTICE"),
             Edge("p1", cond, "CONDITION"), Edge("p2", cond, "CONDITION"),
             Edge("p1", "m1", "MATURITY"), Edge("p2", "m2", "MATURITY")]
    pg = PropertyGraph(nodes, edges)
    html = build_report(pg, "html", runs=0)
    assert html.count('class="pf-history"') == 2
    assert "2016-05-01: Planned" in html and "2019-03-01: Emerging" in html
    from cigraph.analysis.assess import assess

    v = next(v for v in assess(pg, "I").verdicts if v.condition == cond)
    assert v.stated == "Emerging"                   # the latest assessment is the stated maturity
    assert 'class="pf-maturity" data-rank="2"' in html    # the profile shows the latest assessment too
