"""One report per run: scorecard, network diagnostics, backbones, centrality,
reinforcement and gaps, per initiative — as Markdown or self-contained HTML.

Every string that comes from the data is escaped (``html.escape`` in HTML, pipes
and line breaks in Markdown).

>>> from cigraph.projection import PropertyGraph, Node
>>> text = build_report(PropertyGraph([Node("i", ("Initiative",), {"name": "A <b> & C"})]), "html")
>>> "A &lt;b&gt; &amp; C" in text and "<b>" not in text.split("<body>")[1]
True
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

from ..errors import CigraphError

__all__ = ["REPORT_FORMATS", "report_sections", "build_report", "write_report"]

REPORT_FORMATS = ("md", "html")
_TOP = 10


def report_sections(pg, initiative: str | None = None, *, runs: int = 100, seed: int = 0) -> list[dict]:
    """The report's content as plain data: per initiative a dict with ``title``,
    ``facts`` (label, value pairs) and ``tables`` ``[(heading, columns, rows)]``."""
    from ..analysis.centrality import backbone_diagnostics, centrality, network_diagnostics, scores_to_rows
    from ..analysis.gaps import Basis, basis_counts, find_gaps, gaps_to_rows, reinforcement
    from ..analysis.network import initiatives, resolve_initiative
    from ..analysis.scorecard import scorecard
    from ..vocab import curie

    ids = [resolve_initiative(pg, initiative)] if initiative else [n.id for n in initiatives(pg)]
    out = []
    for ini in ids:
        node = pg.nodes[ini]
        nd = network_diagnostics(pg, ini)[0]
        facts = [("IRI", ini), ("Location", node.props.get("location") or ""),
                 ("Participants in the collaboration network", nd.nodes), ("Ties", nd.edges),
                 ("Components", nd.components), ("Density", round(nd.density, 4)),
                 ("Freeman degree centralization", round(nd.centralization, 4)),
                 ("Stage (Krebs & Holley)", f"{nd.stage} — {'; '.join(nd.notes)}"),
                 ("Governance (Provan & Kenis)", f"{nd.governance} — {nd.governance_reason}"),
                 ("Backbone functions covered", f"{len(nd.functions_covered)} of "
                  f"{len(nd.functions_covered) + len(nd.functions_missing)}"
                  + (f" (missing: {', '.join(pg.nodes[f].name for f in nd.functions_missing)})"
                     if nd.functions_missing else "")),
                 ("Betweenness", nd.betweenness_method)]
        tables = []
        sc = scorecard(pg, ini)
        tables.append(("Scorecard", ["condition", "maturity", "evidence", "signals"], sc.to_rows()))
        bds = backbone_diagnostics(pg, ini, runs=runs, seed=seed)
        tables.append(("Backbones", ["name", "rank", "of", "percentile", "constraint", "effective_size",
                                     "brokerage", "closeness_vitality", "removal", "stability"],
                       [{"name": d.name, "rank": d.rank, "of": d.of, "percentile": round(d.percentile, 1),
                         "constraint": d.constraint, "effective_size": d.effective_size,
                         "brokerage": {k: v for k, v in d.brokerage.items() if v},
                         "closeness_vitality": d.closeness_vitality,
                         "removal": f"{d.removal['components_before']} -> {d.removal['components_after']} "
                                    f"components, largest share {d.removal['largest_share_after']}",
                         "stability": f"rank mean {d.stability['mean']} (min {d.stability['min']}, max "
                                      f"{d.stability['max']}), top in {d.stability['top_share']:.0%} of "
                                      f"{d.stability['runs']} runs"} for d in bds]))
        scores = centrality(pg, ini)[:_TOP]
        tables.append((f"Centrality (top {_TOP}, by degree)",
                       ["rank", "name", "sector", "backbone", "degree", "betweenness", "closeness",
                        "eigenvector", "pagerank", "two_step_reach"], scores_to_rows(scores)))
        rr = [r for r in reinforcement(pg, ini) if r.pairs]
        tables.append(("Reinforcement by priority", ["priority", "participants", "pairs", "tied", "ratio",
                                                     "weaving opportunities"],
                       [{"priority": r.priority_name, "participants": len(r.participants), "pairs": r.pairs,
                         "tied": r.tied, "ratio": r.ratio,
                         "weaving opportunities": [f"{pg.nodes[a].name} + {pg.nodes[b].name}" for a, b in r.untied]}
                        for r in rr]))
        gaps = find_gaps(pg, initiative=ini)
        asks = [g for g in gaps if g.basis is Basis.NOT_RECORDED]
        found = [g for g in gaps if g.basis is not Basis.NOT_RECORDED]
        counts = basis_counts(gaps)
        facts.append(("Gaps by basis", f"{counts['stated']} stated, {counts['inferred']} inferred, "
                                       f"{counts['not recorded']} not recorded"))
        tables.append((f"Gaps ({len(found)})", ["severity", "basis", "type", "subjects", "explanation", "action"],
                       gaps_to_rows(found)))
        tables.append((f"Questions to ask the initiative: not recorded ({len(asks)})",
                       ["question", "type", "subjects", "basis_reason"], gaps_to_rows(asks)))
        out.append({"initiative": ini, "title": node.name, "facts": facts, "tables": tables,
                    "curie": curie(ini)})
    return out


def _md(sections, title) -> str:
    from .tables import cell, format_rows

    esc = lambda s: str(s).replace("\n", " ")  # noqa: E731
    lines = [f"# {esc(title)}", "", f"Generated {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by cigraph.", ""]
    for s in sections:
        lines += [f"## {esc(s['title'])}", ""]
        lines += [f"- **{k}**: {esc(cell(v))}" for k, v in s["facts"]] + [""]
        for heading, cols, rows in s["tables"]:
            lines += [f"### {esc(heading)}", ""]
            lines.append(format_rows(rows, "md", columns=cols) if rows else "_none_\n")
    return "\n".join(lines)


_CSS = """body{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}h2{border-bottom:2px solid #444;margin-top:2.5rem}dt{font-weight:600}"""


def _html(sections, title) -> str:
    from .tables import cell

    e = lambda s: html.escape(str(s), quote=True)  # noqa: E731
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{e(title)}</title>",
             f"<style>{_CSS}</style></head><body>", f"<h1>{e(title)}</h1>",
             f"<p>Generated {e(f'{datetime.now(timezone.utc):%Y-%m-%d %H:%M}')} UTC by cigraph.</p>"]
    if sections:
        parts.append("<nav><ul>" + "".join(f'<li><a href="#s{i}">{e(s["title"])}</a></li>'
                                           for i, s in enumerate(sections)) + "</ul></nav>")
    for i, s in enumerate(sections):
        parts.append(f'<section id="s{i}"><h2>{e(s["title"])}</h2><dl>')
        parts += [f"<dt>{e(k)}</dt><dd>{e(cell(v))}</dd>" for k, v in s["facts"]]
        parts.append("</dl>")
        for heading, cols, rows in s["tables"]:
            parts.append(f"<h3>{e(heading)}</h3>")
            if not rows:
                parts.append("<p><em>none</em></p>")
                continue
            parts.append("<table><thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in cols) + "</tr></thead><tbody>")
            parts += ["<tr>" + "".join(f"<td>{e(cell(r.get(c)))}</td>" for c in cols) + "</tr>" for r in rows]
            parts.append("</tbody></table>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def build_report(pg, fmt: str = "md", *, initiative: str | None = None, runs: int = 100, seed: int = 0,
                 title: str = "Collective Impact network report") -> str:
    """The report as Markdown (``md``) or HTML (``html``)."""
    if fmt not in REPORT_FORMATS:
        raise CigraphError(f"unknown report format {fmt!r}: use md or html (or an -o file ending in .md/.html).")
    sections = report_sections(pg, initiative, runs=runs, seed=seed)
    return _md(sections, title) if fmt == "md" else _html(sections, title)


def write_report(pg, path, *, fmt: str | None = None, **kw) -> str:
    """Write the report to ``path``; the format comes from ``fmt`` or the suffix."""
    from ..util import atomic_write_text

    path = Path(path)
    fmt = fmt or {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(path.suffix.lower())
    if fmt is None:
        raise CigraphError(f"cannot tell the report format from {path.name!r}: use a .md or .html file name.")
    text = build_report(pg, fmt, **kw)
    atomic_write_text(path, text)
    return fmt
