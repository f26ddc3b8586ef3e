"""Authoring workbooks: write one (``cigraph new``), read it into RDF (``build --data``, ``import``),
and write any initiative back as one (``export --format xlsx``).

The mapping from sheets and columns to ontology terms is data (``sheets.csv``,
``columns.csv``), read by all three; see ``docs/authoring.md``.
"""

from __future__ import annotations

from .importer import ImportResult, import_workbook, slug
from .mapping import load_mapping
from .problems import Problem, WorkbookError

__all__ = ["import_workbook", "ImportResult", "load_mapping", "slug", "Problem", "WorkbookError",
           "new_workbook", "export_workbook"]


def new_workbook(name: str, path):
    """Write an empty authoring workbook for the initiative ``name``."""
    from .writer import new_rows, write_workbook

    return write_workbook(path, new_rows(name))


def export_workbook(graph, initiative: str, path):
    """Write ``initiative`` (a name, short name or IRI) of an rdflib graph as a workbook; returns its IRI."""
    from .exporter import export_rows, find_initiative
    from .writer import write_workbook

    iri = find_initiative(graph, initiative)
    write_workbook(path, export_rows(graph, iri))
    return iri
