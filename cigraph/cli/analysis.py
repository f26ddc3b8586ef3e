"""Analysis commands: gaps, centrality, scorecard, report, assess, profile.

Each builds settings, loads the PropertyGraph once (from the workspace, or from
``--data`` in memory) and calls one library function; output goes through
:func:`cigraph.render.tables.format_rows`. With ``-o FILE`` and no ``--format``
the format follows the file's suffix (.csv, .json, .md; else table).
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import data_option, emit, output_option, settings_from, workspace_option

__all__ = ["gaps_cmd", "centrality_cmd", "scorecard_cmd", "report_cmd", "assess_cmd", "profile_cmd",
           "load_graph"]

_FORMATS = ["table", "csv", "json", "md"]
#: the gap types of cigraph.analysis.gaps.GAP_TYPES (kept here so --help needs no heavy import; a test checks)
GAP_TYPE_CHOICES = ["uncovered_priority", "fragile_priority", "unmeasured_activity", "orphan_indicator",
                    "uncoordinated_activities", "isolated_partner", "missing_sector", "single_point_of_failure",
                    "weak_condition"]
_SUFFIX = {".csv": "csv", ".json": "json", ".md": "md", ".markdown": "md", ".txt": "table"}


def _format_opt(f):
    return click.option("--format", "fmt", type=click.Choice(_FORMATS), default=None,
                        help="Output format [default: from the -o suffix, else table].")(f)


def _initiative_opt(f):
    return click.option("--initiative", "-i", default=None, metavar="NAME|IRI",
                        help="Only this initiative (name, short name or IRI; case-insensitive).")(f)


def _fmt(fmt, output):
    if fmt:
        return fmt
    if output and output != "-":
        return _SUFFIX.get(Path(output).suffix.lower(), "table")
    return "table"


def load_graph(data_dirs, workspace, initiative=None):
    """The PropertyGraph of ``--data`` (built in memory) or of the workspace (its stored
    projection; with ``initiative``, only that initiative's subgraph, read through the index)."""
    from ..errors import DataError

    if data_dirs:
        from ..pipeline import build_dataset
        from ..projection import project

        pg = project(build_dataset(settings_from(data_dirs, workspace)))
    else:
        from ..projection_store import workspace_projection

        pg = workspace_projection(settings_from(None, workspace).workspace, initiative=initiative)
    if not pg.by_label("Initiative"):
        raise DataError("the graph has no initiative (no ci:Initiative node): nothing to analyse."
                        " Build from data that describes at least one initiative (`cigraph build --data DIR`).")
    return pg


def _sector(pg, ref: str) -> str:
    import difflib

    from ..errors import DataError

    want = ref.strip().lower()
    for n in pg.by_label("Sector"):
        local = n.id.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()
        if want in {n.id.lower(), local, f"ci:{local}", n.name.lower()}:
            return n.id
    names = [n.id.rsplit("#", 1)[-1] for n in pg.by_label("Sector")]
    raise DataError(f"unknown sector {ref!r}. Known sectors: {', '.join(names)}.",
                    suggestions=difflib.get_close_matches(ref, names, n=3, cutoff=0.4))


@click.command("gaps")
@data_option
@workspace_option
@_initiative_opt
@click.option("--type", "types", multiple=True, type=click.Choice(GAP_TYPE_CHOICES),
              help="Gap type to report (repeatable; default all).")
@click.option("--min-severity", type=click.Choice(["low", "medium", "high"]), default="low", show_default=True,
              help="Leave out gaps below this severity.")
@click.option("--min-maturity", type=click.IntRange(1, 3), default=2, show_default=True,
              help="weak_condition: a practice whose maturity rank is below this is weak (1 Planned .. 3 Established).")
@click.option("--require-evidence/--no-require-evidence", default=True, show_default=True,
              help="weak_condition: a practice without evidence is weak.")
@click.option("--expected-sector", "sectors", multiple=True, metavar="SECTOR",
              help="missing_sector: a sector every initiative should have (repeatable; IRI, ci:Name or name). "
                   "Default: public, non-profit, private, community.")
@click.option("--fragile-performers", type=click.IntRange(1), default=1, show_default=True,
              help="fragile_priority: a priority whose distinct performers number exactly this is fragile.")
@click.option("--basis", "bases", multiple=True, metavar="BASIS[,BASIS]",
              help="Keep gaps of these bases: stated, inferred, not-recorded (comma-separated or repeated;"
                   " default all). not-recorded gaps are questions to ask the initiative.")
@_format_opt
@output_option
def gaps_cmd(data_dirs, workspace, initiative, types, min_severity, min_maturity, require_evidence, sectors,
             fragile_performers, bases, fmt, output):
    """Gaps in mutually reinforcing activities, with evidence and a recommended action.

    Each gap says what it rests on (basis): stated, inferred, or not recorded.

    Example: cigraph gaps -o gaps.csv --min-severity medium --basis stated,inferred
    """
    from ..analysis.gaps import BASES, GAP_COLUMNS, Basis, GapConfig, basis_counts, find_gaps, gaps_to_rows
    from ..render.tables import format_rows

    from ..errors import DataError

    try:
        basis = tuple(Basis.parse(b) for arg in bases for b in arg.split(",") if b.strip()) or BASES
    except DataError as e:
        raise click.BadParameter(str(e), param_hint="--basis") from None
    pg = load_graph(data_dirs, workspace, initiative)
    kw = {"min_maturity": min_maturity, "require_evidence": require_evidence,
          "fragile_performers": fragile_performers, "min_severity": min_severity, "basis": basis}
    if types:
        kw["types"] = tuple(types)
    if sectors:
        kw["expected_sectors"] = tuple(_sector(pg, s) for s in sectors)
    config = GapConfig(**kw)
    gaps = find_gaps(pg, config, initiative=initiative)
    f = _fmt(fmt, output)
    counts = basis_counts(gaps)
    if f in ("md", "table"):
        emit(_gaps_text(gaps, f, counts), output)
        return
    emit(format_rows(gaps_to_rows(gaps), f, columns=GAP_COLUMNS,
                     kind="gaps", items=[g.to_dict() for g in gaps],
                     meta={"config": {"types": list(config.types), "expected_sectors": list(config.expected_sectors),
                                      "min_maturity": config.min_maturity,
                                      "require_evidence": config.require_evidence,
                                      "fragile_performers": config.fragile_performers,
                                      "min_severity": config.min_severity.value, "initiative": initiative,
                                      "basis": [b.value for b in config.basis]},
                           "basis_counts": counts}),
         output)


def _gaps_text(gaps, fmt: str, counts: dict) -> str:
    """Markdown or a terminal table: the gaps the record states or implies, then the not-recorded
    ones apart, as questions to ask the initiative, and a closing note with the counts per basis."""
    from ..analysis.gaps import Basis, gaps_to_rows
    from ..render.tables import format_rows

    found = [g for g in gaps if g.basis is not Basis.NOT_RECORDED]
    asks = [g for g in gaps if g.basis is Basis.NOT_RECORDED]
    md = fmt == "md"
    gap_cols = (("id", "severity", "basis", "type", "initiative", "subjects", "explanation", "action", "evidence")
                if md else ("severity", "basis", "type", "initiative", "subjects", "explanation"))
    ask_cols = (("id", "initiative", "question", "type", "subjects", "basis_reason") if md
                else ("initiative", "question", "type"))
    parts = []
    if found or not asks:
        parts += ["## Gaps (stated or inferred from the record)", ""] if md else []
        parts.append(format_rows(gaps_to_rows(found), fmt, columns=gap_cols).rstrip("\n"))
    if asks:
        parts += ["", "## Questions to ask the initiative (not recorded)", ""] if md else \
            ["", "Questions to ask the initiative (not recorded):"]
        parts.append(format_rows(gaps_to_rows(asks), fmt, columns=ask_cols).rstrip("\n"))
    note = (f"{len(gaps)} gap(s): {counts['stated']} stated, {counts['inferred']} inferred, "
            f"{counts['not recorded']} not recorded (questions, not failures).")
    parts += ["", f"_{note}_" if md else note]
    return "\n".join(parts) + "\n"


@click.command("centrality")
@data_option
@workspace_option
@_initiative_opt
@click.option("--view", type=click.Choice(["scores", "backbones", "network"]), default="scores", show_default=True,
              help="scores: every participant; backbones: backbone diagnostics; network: network-level figures.")
@click.option("--across", is_flag=True, help="scores: one network across all initiatives.")
@click.option("--rank-by", type=click.Choice(["degree", "strength", "betweenness", "closeness", "eigenvector",
                                              "pagerank", "two_step_reach"]),
              default="degree", show_default=True, help="Measure behind rank and percentile.")
@click.option("--runs", type=click.IntRange(0), default=100, show_default=True,
              help="backbones: random tie-drop runs for rank stability.")
@click.option("--drop", type=click.FloatRange(0, 1), default=0.1, show_default=True,
              help="backbones: share of ties dropped in each run.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for tie drops and sampled betweenness.")
@click.option("--k", "k", type=click.IntRange(1), default=100, show_default=True,
              help="Sources sampled for betweenness above --exact-threshold nodes.")
@click.option("--exact-threshold", type=click.IntRange(0), default=5000, show_default=True,
              help="Largest network whose betweenness is exact.")
@_format_opt
@output_option
def centrality_cmd(data_dirs, workspace, initiative, view, across, rank_by, runs, drop, seed, k, exact_threshold,
                   fmt, output):
    """Centrality of participants and how central each backbone really is.

    The betweenness method (exact or sampled) is in the `method` column.
    """
    from ..analysis.centrality import (SCORE_COLUMNS, backbone_diagnostics, centrality, network_diagnostics,
                                       scores_to_rows)
    from ..render.tables import format_rows

    pg = load_graph(data_dirs, workspace, None if across else initiative)
    f = _fmt(fmt, output)
    mopts = {"k": k, "seed": seed, "exact_threshold": exact_threshold}
    if view == "scores":
        scores = centrality(pg, initiative, across=across, rank_by=rank_by, **mopts)
        methods = sorted({s.method for s in scores})
        text = format_rows(scores_to_rows(scores), f, columns=SCORE_COLUMNS, kind="centrality",
                           items=[s.to_dict() for s in scores],
                           meta={"rank_by": rank_by, "betweenness_method": methods})
    elif view == "backbones":
        ds = backbone_diagnostics(pg, initiative, rank_by=rank_by, drop=drop, runs=runs, seed=seed, k=k,
                                  exact_threshold=exact_threshold)
        rows = [{"initiative": d.initiative_name, "backbone": d.name, "rank": d.rank, "of": d.of,
                 "percentile": round(d.percentile, 2), "constraint": d.constraint,
                 "effective_size": d.effective_size, "liaison": d.brokerage["liaison"],
                 "brokerage_total": d.brokerage["total"], "closeness_vitality": d.closeness_vitality,
                 "components_after_removal": d.removal["components_after"],
                 "largest_share_after_removal": d.removal["largest_share_after"],
                 "stability_mean_rank": d.stability["mean"], "stability_min": d.stability["min"],
                 "stability_max": d.stability["max"], "top_share": d.stability["top_share"]} for d in ds]
        text = format_rows(rows, f, kind="backbones", items=[d.to_dict() for d in ds],
                           meta={"rank_by": rank_by, "runs": runs, "drop": drop, "seed": seed})
    else:
        ds = network_diagnostics(pg, initiative, **mopts)
        rows = [{"initiative": d.initiative_name, "nodes": d.nodes, "edges": d.edges, "components": d.components,
                 "density": round(d.density, 4), "centralization": round(d.centralization, 4), "stage": d.stage,
                 "governance": d.governance, "function_coverage": round(d.function_coverage, 4),
                 "method": d.betweenness_method} for d in ds]
        text = format_rows(rows, f, kind="network", items=[d.to_dict() for d in ds])
    emit(text, output)


@click.command("scorecard")
@data_option
@workspace_option
@_initiative_opt
@_format_opt
@output_option
def scorecard_cmd(data_dirs, workspace, initiative, fmt, output):
    """Initiative x the five conditions: recorded maturity plus computed signals."""
    from ..analysis.scorecard import scorecard

    pg = load_graph(data_dirs, workspace, initiative)
    emit(scorecard(pg, initiative).to_table(_fmt(fmt, output)), output)


@click.command("report")
@data_option
@workspace_option
@_initiative_opt
@click.option("--format", "fmt", type=click.Choice(["md", "html", "pdf"]), default=None,
              help="Report format [default: from the -o suffix, else md]. pdf prints the HTML with headless Chromium.")
@click.option("--maps", "maps", metavar="DIR", default=None,
              help="Folder (relative to the report) holding the interactive maps overview.html and <initiative>.html"
                   " that the network pictures link to.")
@click.option("--runs", type=click.IntRange(0), default=100, show_default=True,
              help="Random tie-drop runs for backbone rank stability.")
@click.option("--seed", type=int, default=0, show_default=True)
@output_option
def report_cmd(data_dirs, workspace, initiative, fmt, maps, runs, seed, output):
    """The strategist's report, across initiatives or for one (--initiative), as HTML, PDF or Markdown.

    Example: cigraph report -o report.html --maps maps
    """
    from ..render.report import build_report, write_pdf

    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    if fmt is None:
        fmt = {".html": "html", ".htm": "html", ".pdf": "pdf"}.get(suffix, "md")
    if fmt == "pdf" and (not output or output == "-"):
        raise click.UsageError("a PDF report needs a file: pass -o report.pdf.")
    pg = load_graph(data_dirs, workspace, initiative)
    if fmt == "pdf":
        write_pdf(build_report(pg, "html", initiative=initiative, runs=runs, seed=seed, maps=maps), output)
        click.echo(f"wrote {output}", err=True)
        return
    emit(build_report(pg, fmt, initiative=initiative, runs=runs, seed=seed, maps=maps), output)


@click.command("assess")
@data_option
@workspace_option
@click.argument("initiative", required=False)
@click.option("--all", "every", is_flag=True, help="Assess every initiative.")
@_format_opt
@output_option
def assess_cmd(data_dirs, workspace, initiative, every, fmt, output):
    """Answer the Collective-Impact progress checklist for one initiative from the evidence.

    Each question gets yes / partly / no / not recorded, the facts behind the answer (with their source
    sections), what would change it, and where the record's stated maturity disagrees with the evidence.
    JSON follows the shipped JSON Schema (cigraph.analysis.schema("assessment")).

    Example: cigraph assess DCEC --format csv -o dcec-assessment.csv
    """
    from ..analysis.assess import ASSESS_COLUMNS, assess, assessment_rows
    from ..analysis.network import initiatives
    from ..errors import CigraphError
    from ..render.tables import format_rows

    if not initiative and not every:
        raise click.UsageError("name an initiative (cigraph assess DCEC) or pass --all.")
    pg = load_graph(data_dirs, workspace, None if every else initiative)
    ids = [n.id for n in initiatives(pg)] if every else [initiative]
    results = [assess(pg, i) for i in ids]
    kind = _fmt(fmt, output)
    if kind not in ("table", "csv", "json", "md"):
        raise CigraphError(f"unknown format {kind!r}")
    cols = ["initiative", "condition", "question", "answer", "to_change"] if kind == "table" else ASSESS_COLUMNS
    emit(format_rows(assessment_rows(results), kind, kind="assessment", columns=cols,
                     items=[a.to_dict() for a in results], max_width=0 if kind != "table" else 60), output)


@click.command("profile")
@data_option
@workspace_option
@click.argument("initiative")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder to write the initiative's pages into (created).")
@click.option("--pdf/--no-pdf", default=False, show_default=True, help="Also print the page to report.pdf.")
@click.option("--runs", type=click.IntRange(0), default=100, show_default=True,
              help="Random tie-drop runs for backbone rank stability.")
@click.option("--seed", type=int, default=0, show_default=True)
def profile_cmd(data_dirs, workspace, initiative, out_dir, pdf, runs, seed):
    """One initiative in one folder: its report page (index.html: profile, network, backbone, checklist, gaps),
    its interactive map (map.html), and its gaps, scorecard and checklist as CSV and JSON.

    Example: cigraph profile "Living SJ" -o living-sj/
    """
    from ..analysis.assess import ASSESS_COLUMNS, assess, assessment_rows
    from ..analysis.gaps import find_gaps, gaps_to_rows
    from ..analysis.network import resolve_initiative
    from ..analysis.scorecard import scorecard
    from ..render.map import write_map
    from ..render.report import build_report, write_pdf
    from ..render.tables import format_rows
    from ..util import atomic_write_text

    pg = load_graph(data_dirs, workspace, initiative)
    ini = resolve_initiative(pg, initiative)
    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    write_map(pg, d / "map.html", initiatives=[ini], view="activities", highlight_gaps=True, seed=seed)
    page = build_report(pg, "html", initiative=ini, runs=runs, seed=seed, map_href=lambda _: "map.html")
    atomic_write_text(d / "index.html", page)
    gaps = find_gaps(pg, initiative=ini)
    atomic_write_text(d / "gaps.csv", format_rows(gaps_to_rows(gaps), "csv"))
    atomic_write_text(d / "scorecard.csv", scorecard(pg, ini).to_table("csv"))
    a = assess(pg, ini)
    atomic_write_text(d / "assessment.csv", format_rows(assessment_rows([a]), "csv", columns=ASSESS_COLUMNS))
    atomic_write_text(d / "assessment.json", format_rows(assessment_rows([a]), "json", kind="assessment",
                                                         items=[a.to_dict()]))
    written = ["index.html", "map.html", "gaps.csv", "scorecard.csv", "assessment.csv", "assessment.json"]
    if pdf:
        write_pdf(page, d / "report.pdf")
        written.append("report.pdf")
    click.echo(f"wrote {', '.join(written)} in {d}", err=True)
