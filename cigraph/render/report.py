"""The strategist's report: one page per initiative and one across initiatives, as HTML (opens offline, prints
cleanly to PDF), PDF (headless Chromium's print) or Markdown.

What a page holds, per initiative: the five-conditions profile (stated maturity, what the evidence supports,
record completeness, and the change over time where several assessments exist), the collaboration network as
a static picture (the map's layout and colours) linking to the interactive map, backbone diagnostics as small
multiples (rank, brokerage, removal impact), the progress checklist answered from the evidence
(:mod:`cigraph.analysis.assess`) with its disagreements with the stated maturity, the gaps grouped by condition
and severity — each with its evidence and an action written for a person — and, apart, the questions to ask
where the record is silent. Across initiatives it starts with the scorecard heat map (sortable in the page) and
the network of every initiative.

The page is assembled from package files (``assets/report/report.html``, ``report.css``, ``report.js``,
``gap-wording.json``) and the charts of :mod:`cigraph.render.svg`; every string from the data goes through
:func:`cigraph.render.markup.h`.

>>> from cigraph.projection import PropertyGraph, Node
>>> text = build_report(PropertyGraph([Node("i", ("Initiative",), {"name": "A <b> & C"})]), "html", runs=0)
>>> "A &lt;b&gt; &amp; C" in text and "A <b>" not in text
True
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from ..errors import CigraphError
from .markup import h, slug

__all__ = ["REPORT_FORMATS", "report_data", "build_report", "write_report", "write_pdf", "initiative_slug",
           "person_gap"]

REPORT_FORMATS = ("md", "html", "pdf")
CI = "https://w3id.org/cigraph#"
CONDITIONS = ("CommonAgendaCondition", "SharedMeasurementCondition", "MutuallyReinforcingActivitiesCondition",
              "ContinuousCommunicationCondition", "BackboneSupportCondition")
_SEVERITIES = ("high", "medium", "low")


def initiative_slug(pg, iri: str) -> str:
    """The file name stem of an initiative's map and page: its short name (else its name) as a slug."""
    node = pg.nodes[iri]
    short = node.props.get("shortName")
    return slug(short if isinstance(short, str) and short else node.name)


def _wording() -> dict:
    from .static import asset

    return json.loads(asset("report/gap-wording.json"))


def _quote(name: str) -> str:
    return f"“{name}”"


def person_gap(pg, gap, wording: dict | None = None) -> dict:
    """A gap as a person reads it: condition, title, ``text: action``, evidence (plain facts with their sources),
    the question to ask, severity and basis. No internal names.

    >>> from cigraph.analysis.gaps import Gap, Severity
    >>> from cigraph.projection import PropertyGraph, Node
    >>> pg = PropertyGraph([Node("a", ("Activity",), {"name": "Action-planning survey"})])
    >>> g = Gap("x", "unmeasured_activity", Severity.MEDIUM, "i", "I", (("a", "Action-planning survey"),), "", (), "")
    >>> person_gap(pg, g)["sentence"]
    'No indicator tracks “Action-planning survey”: agree on one shared measure for it.'
    """
    from ..analysis.assess.measures import sources_of

    w = (wording or _wording())["types"].get(gap.type)
    names = [_quote(n) if pg.nodes.get(i) is None or "Sector" not in pg.nodes[i].labels else n.lower()
             for i, n in gap.subjects]
    if w is None:
        text, action, question, title = gap.explanation, gap.action, gap.explanation, gap.type.replace("_", " ")
        cond = None
    else:
        def fill(t):
            for k, n in enumerate(names):
                t = t.replace("{" + str(k) + "}", n)
            return t

        text, action, question, title = fill(w["text"]), fill(w["action"]), fill(w["question"]), w["title"]
        cond = w["condition"]
    if cond is None:   # weak_condition: its condition is a subject
        cond = next((i.rsplit("#", 1)[-1] for i, _ in gap.subjects if i.startswith(CI)), None)
    evidence = []
    for iri, name in gap.subjects:
        srcs = sources_of(pg, iri) if iri in pg.nodes else ()
        if srcs:
            evidence.append({"text": f"{name} — as the record describes it", "sources": list(srcs)})
    basis = getattr(gap, "basis", None) or "inferred"
    basis = getattr(basis, "value", basis)
    return {"id": gap.id, "type": gap.type, "severity": gap.severity.value, "condition": cond, "title": title,
            "sentence": f"{text}: {action}.", "question": question, "evidence": evidence, "basis": str(basis),
            "basis_reason": getattr(gap, "basis_reason", None) or ""}


def _profile_rows(pg, ini, card_rows, assessment) -> list[dict]:
    verdict = {v.condition: v for v in assessment.verdicts}
    answered = {}
    for a in assessment.answers:
        n, k = answered.get(a.condition, (0, 0))
        answered[a.condition] = (n + (a.answer != "not recorded"), k + 1)
    history: dict[str, list] = {}
    for pr in sorted(e.target for e in pg.out_edges(ini, "HAS_PRACTICE")):
        node = pg.nodes.get(pr)
        when = node and (node.props.get("assessedOn") or node.props.get("date"))
        cond = [e.target for e in pg.out_edges(pr, "CONDITION")]
        mat = [pg.nodes[e.target].props.get("rank") for e in pg.out_edges(pr, "MATURITY") if e.target in pg.nodes]
        if when and cond:
            history.setdefault(cond[0], []).append((str(when), mat[0] if mat else None))
    rows = []
    for r in card_rows:
        v = verdict.get(r.condition)
        comp = getattr(r, "completeness", None)          # the scorecard's record completeness (parts with facts)
        if isinstance(comp, dict):
            comp = comp.get("share")
        if comp is None and r.condition in answered:      # else: the share of the checklist the record can answer
            n, k = answered[r.condition]
            comp = n / k if k else None
        stated = v.stated_rank if v is not None and v.stated_rank is not None else r.maturity_rank  # the latest
        rows.append({"name": r.condition_name, "condition": r.condition, "stated": stated,
                     "evidence": v.evidence_rank if v else None, "completeness": comp,
                     "history": sorted(history.get(r.condition, []))})
    return rows


def report_data(pg, initiative: str | None = None, *, runs: int = 100, seed: int = 0,
                maps: str | None = None, map_href=None, figures: bool = True) -> dict:
    """Everything the report shows, as plain data. ``maps`` is the folder (relative to the page) holding the
    interactive maps ``overview.html`` and ``<slug>.html``; ``map_href(iri)`` overrides the link per initiative.
    ``figures=False`` leaves out what only the HTML page draws (each network's drawing, the overview and the
    backbone panels: ``network``, ``overview`` and ``backbones`` are then None), which the Markdown report
    does not show: across a national network they are most of the work."""
    from ..analysis.assess import assess
    from ..analysis.centrality import backbone_diagnostics, network_diagnostics
    from ..analysis.gaps import find_gaps
    from ..analysis.network import initiatives, resolve_initiative
    from ..analysis.scorecard import scorecard
    from .map import render_map

    ids = [resolve_initiative(pg, initiative)] if initiative else [n.id for n in initiatives(pg)]
    wording = _wording()
    card = scorecard(pg, initiative) if initiative else scorecard(pg)
    by_ini: dict[str, list] = {}
    for r in card.rows:
        by_ini.setdefault(r.initiative, []).append(r)
    prefix = (maps.rstrip("/") + "/") if maps else None
    out = {"initiatives": [], "conditions": [], "overview": None,
           "overview_href": f"{prefix}overview.html" if prefix else None}
    for ini in ids:
        node = pg.nodes[ini]
        nd = network_diagnostics(pg, ini)[0]
        a = assess(pg, ini)
        rows = by_ini.get(ini, [])
        if not out["conditions"]:
            out["conditions"] = [r.condition_name for r in rows]
        profile = _profile_rows(pg, ini, rows, a)
        gaps = [person_gap(pg, g, wording) for g in find_gaps(pg, initiative=ini)]
        bds = backbone_diagnostics(pg, ini, runs=runs, seed=seed) if figures else None
        net = None
        if figures:
            try:
                net = render_map(pg, initiatives=[ini], view="collaboration", highlight_gaps=False, seed=seed)[1]
            except CigraphError:
                net = {"nodes": [], "edges": []}
        href = map_href(ini) if map_href else (f"{prefix}{initiative_slug(pg, ini)}.html" if prefix else None)
        out["initiatives"].append({
            "iri": ini, "name": node.name, "anchor": "i-" + initiative_slug(pg, ini),
            "location": node.props.get("location") or "",
            "facts": [("Participants", nd.nodes), ("Collaboration ties", nd.edges),
                      ("Network stage", nd.stage), ("Governance", nd.governance),
                      ("Backbone functions in evidence", f"{len(nd.functions_covered)} of "
                       f"{len(nd.functions_covered) + len(nd.functions_missing)}"),
                      ("Gaps by basis", ", ".join(f"{sum(g['basis'] == b for g in gaps)} {b}"
                                                  for b in ("stated", "inferred", "not recorded")))],
            "profile": profile,
            "ranks": [p["stated"] for p in profile],
            "assessment": a, "gaps": gaps, "network": net, "map_href": href,
            "backbones": [{"name": d.name, "rank": d.rank, "of": d.of, "percentile": d.percentile,
                           "brokerage": d.brokerage, "removal": d.removal} for d in bds] if figures else None,
        })
    if len(ids) > 1 and figures:
        try:
            out["overview"] = render_map(pg, view="collaboration", seed=seed)[1]
        except CigraphError:
            out["overview"] = None
    return out


# -- HTML ----------------------------------------------------------------------------------------------------

def _src_anchor(iri: str) -> str:
    return "src-" + slug(iri.rsplit("/", 1)[-1])


def _sources_html(sources, used: dict) -> str:
    if not sources:
        return ""
    links = []
    for iri, title in sources:
        used[iri] = title
        links.append(f'<a href="#{h(_src_anchor(iri))}">{h(title)}</a>')
    return f' <span class="src">({"; ".join(links)})</span>'


def _answer_badge(answer: str) -> str:
    return f'<span class="badge {h(answer.replace(" ", "-"))}">{h(answer)}</span>'


def _assessment_html(a, used: dict, *, h_level: int = 3) -> str:
    from ..analysis.assess import checklist

    refs = checklist()["references"]
    parts = [f'<h{h_level}>Progress checklist, answered from the evidence</h{h_level}>',
             '<p class="note">Each answer comes from the record: <b>yes</b>, <b>partly</b>, <b>no</b>, or '
             '<b>not recorded</b> when the record says nothing either way (a question to ask, not a failure). '
             "Questions are cigraph's own wording, with the public checklists as reference: "
             + "; ".join(f'<a href="{h(r["url"])}">{h(r["title"])}</a> ({h(r["publisher"])})'
                         for r in refs.values()) + ".</p>"]
    counts = a.counts()
    parts.append('<p class="counts">' + " · ".join(f"{_answer_badge(k)} {v}" for k, v in counts.items()) + "</p>")
    for v in a.verdicts:
        if v.disagreement:
            parts.append(f'<p class="callout disagreement"><b>{h(v.condition_name)}</b>: {h(v.disagreement)}'
                         f'{_sources_html(v.stated_sources, used)}</p>')
    parts.append('<table class="answers"><thead><tr><th>Condition</th><th>Question</th><th>Answer</th>'
                 "<th>Why, and what would change it</th></tr></thead><tbody>")
    for q in a.answers:
        facts = "".join(f"<li>{h(f.text)}{_sources_html(f.sources, used)}</li>" for f in q.facts[:6])
        more = f"<li>… and {len(q.facts) - 6} more facts</li>" if len(q.facts) > 6 else ""
        why = f'<ul class="fact-list">{facts}{more}</ul>' if facts else ""
        change = f'<p class="change">{h(q.to_change)}</p>' if q.to_change else ""
        parts.append(f'<tr class="answer" data-answer="{h(q.answer)}" data-question="{h(q.id)}">'
                     f"<td>{h(q.condition_name)}</td><td>{h(q.question)}</td><td>{_answer_badge(q.answer)}</td>"
                     f"<td>{why}{change}</td></tr>")
    parts.append("</tbody></table>")
    return "\n".join(parts)


def _gaps_html(ini: dict, cond_names: dict, used: dict) -> str:
    shown = [g for g in ini["gaps"] if g["basis"] != "not recorded"]
    parts = [f"<h3>Gaps ({len(shown)})</h3>"]
    if not shown:
        parts.append("<p>No gap found in the record.</p>")
    for c in CONDITIONS:
        mine = [g for g in shown if g["condition"] == c]
        if not mine:
            continue
        parts.append(f'<div class="gap-group" data-condition="{h(c)}"><h4>{h(cond_names.get(CI + c, c))} '
                     f'<span class="count">({len(mine)})</span></h4>')
        for sev in _SEVERITIES:
            for g in (x for x in mine if x["severity"] == sev):
                ev = "".join(f"<li>{h(e['text'])}{_sources_html(e['sources'], used)}</li>" for e in g["evidence"][:3])
                parts.append(f'<div class="gap {h(sev)}" data-severity="{h(sev)}" data-type="{h(g["type"])}">'
                             f'<span class="sev {h(sev)}">{h(sev)}</span>{h(g["sentence"])}'
                             + (f'<ul class="fact-list">{ev}</ul>' if ev else "") + "</div>")
        parts.append("</div>")
    return "\n".join(parts)


def _questions_html(ini: dict) -> str:
    qs = [g["question"] for g in ini["gaps"] if g["basis"] == "not recorded"]
    qs += [q.question for q in ini["assessment"].answers if q.answer == "not recorded"]
    if not qs:
        return ""
    items = "".join(f"<li>{h(q)}</li>" for q in dict.fromkeys(qs))
    return (f'<h3>Questions to ask {h(ini["name"])}</h3><p class="note">The record is silent on these: they are '
            f'not failures, but what to find out next.</p><ul class="questions">{items}</ul>')


def _initiative_html(ini: dict, cond_names: dict, used: dict, max_broker: int) -> str:
    from . import svg

    parts = [f'<section class="initiative" id="{h(ini["anchor"])}" data-iri="{h(ini["iri"])}">',
             f"<h2>{h(ini['name'])}</h2>"]
    if ini["location"]:
        parts.append(f'<p class="meta">{h(ini["location"])}</p>')
    parts.append('<ul class="facts">' + "".join(f"<li><b>{h(k)}:</b> {h(v)}</li>" for k, v in ini["facts"]) + "</ul>")
    parts.append("<h3>The five conditions</h3>" + svg.legend())
    parts.append(svg.profile(ini["profile"]))
    parts.append("<h3>Who works with whom</h3>")
    parts.append(svg.network(ini["network"], href=ini["map_href"], label=f"collaboration network of {ini['name']}"))
    if ini["map_href"]:
        parts.append(f'<p class="figure-link"><a href="{h(ini["map_href"])}">Open the interactive map</a></p>')
    parts.append("<h3>Backbone</h3>")
    if ini["backbones"]:
        for d in ini["backbones"]:
            parts.append(f"<h4>{h(d['name'])}</h4>" + svg.backbone_panel(d, max_broker=max_broker))
    else:
        parts.append("<p>No participant is recorded as the backbone.</p>")
    parts.append(_assessment_html(ini["assessment"], used))
    parts.append(_gaps_html(ini, cond_names, used))
    parts.append(_questions_html(ini))
    parts.append("</section>")
    return "\n".join(parts)


def _html(pg, data: dict, title: str) -> str:
    from . import svg
    from .static import asset, fill

    cond_names = {CI + c: n for c, n in zip(CONDITIONS, data["conditions"])}
    used: dict[str, str] = {}
    body = []
    inis = data["initiatives"]
    max_broker = max([1] + [int(v or 0) for i in inis for d in i["backbones"] for v in d["brokerage"].values()])
    if len(inis) > 1:
        body.append('<section class="across"><h2>Across initiatives</h2>')
        body.append("<h3>Scorecard: stated maturity per condition</h3>" + svg.legend())
        body.append('<p class="sortbar"><label for="hm-sort">Sort by </label><select id="hm-sort">'
                    '<option value="name">name</option><option value="total">overall maturity</option>'
                    + "".join(f'<option value="c{j}">{h(c)}</option>' for j, c in enumerate(data["conditions"]))
                    + "</select> (or click a condition)</p>")
        rows = [(i["name"], i["anchor"], i["ranks"], [p["completeness"] for p in i["profile"]]) for i in inis]
        body.append(svg.heatmap(rows, data["conditions"]))
        body.append('<p class="note">The green line under a cell is the record\'s completeness for that '
                    "condition: the share of its parts the record holds any fact about (the scorecard's "
                    "record column).</p>")
        if data["overview"]:
            body.append("<h3>The collaboration network of every initiative</h3>")
            body.append(svg.network(data["overview"], width=900, height=560, href=data["overview_href"],
                                    label="collaboration network of every initiative"))
            if data["overview_href"]:
                body.append(f'<p class="figure-link"><a href="{h(data["overview_href"])}">Open the interactive '
                            "map</a></p>")
        body.append("<h3>Initiatives</h3><ul>" + "".join(
            f'<li><a href="#{h(i["anchor"])}">{h(i["name"])}</a></li>' for i in inis) + "</ul></section>")
    for ini in inis:
        body.append(_initiative_html(ini, cond_names, used, max_broker))
    if used:
        items = []
        for iri, t in sorted(used.items(), key=lambda kv: kv[1]):
            doc = next((pg.nodes[e.target] for e in pg.out_edges(iri, "IS_PART_OF") if e.target in pg.nodes), None)
            dtitle = str(doc.props.get("title") or doc.name) if doc is not None else ""
            url = doc.props.get("url") if doc is not None else None
            link = f' <a href="{h(url)}">{h(url)}</a>' if isinstance(url, str) and url.startswith("http") else ""
            items.append(f'<li id="{h(_src_anchor(iri))}">{h(t)}' + (f" — <i>{h(dtitle)}</i>" if dtitle else "")
                         + f"{link}</li>")
        body.append('<section class="sources-section"><h2>Sources</h2><ol class="sources">'
                    + "".join(items) + "</ol></section>")
    meta = (f"Generated {datetime.now(timezone.utc):%Y-%m-%d} by cigraph from the record of "
            f"{len(inis)} initiative{'s' if len(inis) != 1 else ''}. Every fact cites its source section.")
    return fill(asset("report/report.html"), TITLE=h(title), META=h(meta),
                STYLES=f"<style>{asset('report/report.css')}</style>", BODY="\n".join(body),
                SCRIPTS=f"<script>{asset('report/report.js')}</script>")


# -- Markdown ------------------------------------------------------------------------------------------------

def _md_text(s) -> str:
    """Markdown-safe text through the one escaper (:func:`cigraph.render.markdown.md_escape`): HTML, links,
    emphasis, code spans, pipes and line breaks from the data all render as the characters they are."""
    from .markdown import md_escape

    return md_escape(s)


def _md(pg, data: dict, title: str) -> str:
    from .tables import format_rows

    lines = [f"# {_md_text(title)}", "", f"Generated {datetime.now(timezone.utc):%Y-%m-%d} by cigraph.", ""]
    cond_names = {CI + c: n for c, n in zip(CONDITIONS, data["conditions"])}
    for ini in data["initiatives"]:
        lines += [f"## {_md_text(ini['name'])}", ""]
        lines += [f"- **{_md_text(k)}**: {_md_text(v)}" for k, v in ini["facts"]] + [""]
        lines += ["### Scorecard", ""]
        prof = [{"condition": p["name"], "stated": {1: "Planned", 2: "Emerging", 3: "Established"}.get(p["stated"], ""),
                 "evidence says": {1: "Planned", 2: "Emerging", 3: "Established"}.get(p["evidence"], ""),
                 "completeness": "" if p["completeness"] is None else f"{p['completeness']:.0%}"}
                for p in ini["profile"]]
        lines.append(format_rows(prof, "md", columns=["condition", "stated", "evidence says", "completeness"]))
        lines += ["### Progress checklist", ""]
        for v in ini["assessment"].verdicts:
            if v.disagreement:
                lines += [f"> **{_md_text(v.condition_name)}**: {_md_text(v.disagreement)}", ""]
        for q in ini["assessment"].answers:
            lines.append(f"- **{_md_text(q.answer)}** — {_md_text(q.question)}"
                         + (f" {_md_text(q.to_change)}" if q.to_change else ""))
        shown = [g for g in ini["gaps"] if g["basis"] != "not recorded"]
        lines += ["", f"### Gaps ({len(shown)})", ""]
        for c in CONDITIONS:
            mine = [g for g in shown if g["condition"] == c]
            if mine:
                lines += [f"#### {_md_text(cond_names.get(CI + c, c))}", ""]
                lines += [f"- **{g['severity']}** {_md_text(g['sentence'])}"
                          for sev in _SEVERITIES for g in mine if g["severity"] == sev]
                lines.append("")
        if not shown:
            lines += ["_none_", ""]
        asks = list(dict.fromkeys([g["question"] for g in ini["gaps"] if g["basis"] == "not recorded"]
                                  + [q.question for q in ini["assessment"].answers if q.answer == "not recorded"]))
        lines += [f"### Questions to ask the initiative: not recorded ({len(asks)})", ""]
        lines += [f"- {_md_text(q)}" for q in asks] + ([""] if asks else ["_none_", ""])
    return "\n".join(lines) + "\n"


# -- entry points --------------------------------------------------------------------------------------------

def build_report(pg, fmt: str = "md", *, initiative: str | None = None, runs: int = 100, seed: int = 0,
                 maps: str | None = None, map_href=None, title: str | None = None) -> str:
    """The report as Markdown (``md``) or HTML (``html``); see :func:`write_pdf` for PDF."""
    if fmt not in ("md", "html"):
        raise CigraphError(f"unknown report format {fmt!r}: use md or html (or write_pdf for pdf).")
    data = report_data(pg, initiative, runs=runs, seed=seed, maps=maps, map_href=map_href, figures=fmt == "html")
    if title is None:
        title = (f"{data['initiatives'][0]['name']}: Collective Impact report" if initiative and data["initiatives"]
                 else "Collective Impact initiatives: report")
    return _md(pg, data, title) if fmt == "md" else _html(pg, data, title)


def write_pdf(html_text: str, path, *, timeout: float = 120.0) -> int:
    """Print an HTML report to PDF with headless Chromium (A4, backgrounds, no header or footer); the page
    loads from a private temporary file and may make no request. Returns the number of bytes written."""
    import base64
    import os
    import tempfile

    from ..util import atomic_write_bytes
    from .browser import Chromium, find_chromium

    if not find_chromium():
        raise CigraphError("PDF needs Chromium: install the Debian package `chromium` (bash .ci/system-packages.sh)"
                           " or set CHROMIUM; or write HTML (-o report.html) and print it from a browser.")
    fd, tmp = tempfile.mkstemp(suffix=".html", prefix="cigraph-report-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(html_text)
        with Chromium() as ch, ch.page(tmp, wait="document.body && document.body.dataset.reportReady",
                                       timeout=timeout) as page:
            if not page.ready:
                raise CigraphError("Chromium did not finish laying out the report; try again, or write HTML.")
            pdf = page.call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True,
                                                "displayHeaderFooter": False}, timeout=timeout)
        data = base64.b64decode(pdf["data"])
    except (OSError, TimeoutError, RuntimeError) as e:
        raise CigraphError(f"printing the report to PDF failed: {e}") from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    atomic_write_bytes(path, data)
    return len(data)


def write_report(pg, path, *, fmt: str | None = None, **kw) -> str:
    """Write the report to ``path``; the format comes from ``fmt`` or the suffix (.md, .html, .pdf)."""
    from ..util import atomic_write_text

    path = Path(path)
    fmt = fmt or {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}.get(
        path.suffix.lower())
    if fmt is None:
        raise CigraphError(f"cannot tell the report format from {path.name!r}: use a .md, .html or .pdf file name.")
    if fmt == "pdf":
        write_pdf(build_report(pg, "html", **kw), path)
    else:
        atomic_write_text(path, build_report(pg, fmt, **kw))
    return fmt
