"""The workbook step of ``cigraph build``: import a workbook or CSV folder into the data graph."""

from __future__ import annotations

from pathlib import Path

from .importer import import_workbook
from .problems import Problem, WorkbookError

__all__ = ["load_workbook", "locate", "violation_lines"]


def load_workbook(store, path: Path, graph: str, origins: dict, warn=None) -> list[Problem]:
    """Add the workbook's triples to ``graph``; return its problems (empty when it imported cleanly).

    ``origins`` collects node IRI -> (file, sheet, row) so that SHACL results can be reported
    against the cells they came from.
    """
    import pyoxigraph as ox

    try:
        res = import_workbook(path)
    except WorkbookError as e:
        return list(e.problems)
    for w in res.warnings:
        if warn:
            warn(f"warning: {w}")
    store.load(res.to_ntriples().encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    for node, (sheet, row) in res.origins.items():
        origins[node] = (res.file, sheet, row)
    return []


def locate(origins: dict, node: str, path: str | None) -> str | None:
    """``FILE · Sheet "S" · row N · column "C"`` for a SHACL result, when the node came from a workbook."""
    from .mapping import load_mapping

    where = origins.get(node)
    if where is None:
        return None
    file, sheet, row = where
    header = None
    if path:
        for c in load_mapping().sheet(sheet).columns:
            if c.iri == path:
                header = c.header
                break
    return str(Problem(file, sheet, row, header, "")).rstrip(": ")


def violation_lines(report, origins: dict | None = None, *, limit: int | None = 20) -> list[str]:
    """The report's violations as lines, each pointing to its workbook cell when it has one.

    All of them when ``limit`` is None, else the first ``limit`` and a count of the rest.
    """
    from ..shacl import Severity, ValidationResult
    from ..vocab import curie

    origins = origins or {}
    vs = sorted((r for r in report.results if r.severity is Severity.VIOLATION), key=ValidationResult.sort_key)
    lines = []
    for r in vs[:limit] if limit else vs:
        where = locate(origins, r.focus_node, r.path)
        value = f" (value: {curie(r.value)})" if r.value else ""
        if where:
            lines.append(f"  {where}: {r.message}{value}  [{curie(r.focus_node)}]")
        else:
            path = f" {curie(r.path)}" if r.path else ""
            lines.append(f"  {curie(r.focus_node)}{path}: {r.message}{value}")
    if limit and len(vs) > limit:
        lines.append(f"  … and {len(vs) - limit} more (`cigraph validate --limit 0` lists all)")
    return lines
