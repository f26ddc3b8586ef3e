"""Helpers for tests/authoring: the case studies as one rdflib graph, and workbook cell edits."""

from __future__ import annotations


def case_graph():
    import rdflib

    from cigraph.resources import data_dir

    g = rdflib.Graph()
    for f in sorted(data_dir().glob("*.ttl")):
        g.parse(f)
    return g


def initiative_ids() -> list[str]:
    """Every initiative in data/ (whatever their number), as the local part of its IRI."""
    from rdflib import RDF, URIRef

    g = case_graph()
    return sorted(str(s).rsplit("/", 1)[-1]
                  for s in g.subjects(RDF.type, URIRef("https://w3id.org/cigraph#Initiative")))




def edit(path, changes):
    """Change cells of a workbook in place: {(sheet, row, header): value} (row 1 is the header row)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for (sheet, row, header), value in changes.items():
        ws = wb[sheet]
        col = [c.value for c in ws[1]].index(header) + 1
        ws.cell(row, col).value = value
    wb.save(path)


def find_row(path, sheet, header, value) -> int:
    """The spreadsheet row number of the first row whose ``header`` cell is ``value``."""
    from openpyxl import load_workbook

    ws = load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    col = list(rows[0]).index(header)
    for i, r in enumerate(rows[1:], start=2):
        if r[col] == value:
            return i
    raise AssertionError(f"{value!r} not in {sheet}/{header}")


SRC = {"source": "site", "title": "Example Partnership: about us", "URL": "https://example.org/about",
       "accessed": "2026-11-30"}


def small_initiative() -> dict:
    """A small initiative whose answers are known by hand: 3 organizations, 2 priorities, 2 activities."""
    s = {"source": "site"}
    return {
        "Sources": [SRC],
        "Initiative": [{"name": "Example Cradle to Career Partnership", "short name": "Example C2C",
                        "country": "US", "founded": 2014, **s}],
        "Common agenda": [{"vision": "Every child succeeds from cradle to career.", **s}],
        "Organizations": [{"name": "Example School District", "sector": "Education", **s},
                          {"name": "Example Community Foundation", "sector": "Philanthropy", **s},
                          {"name": "Example United Way", "sector": "Non-profit sector", **s}],
        "Memberships": [{"participant": "Example United Way", "role": "Backbone", **s},
                        {"participant": "Example School District", "role": "Member", **s},
                        {"participant": "Example Community Foundation", "role": "Funder | Member", **s}],
        "Priorities": [{"name": "Kindergarten readiness", **s}, {"name": "Early grade reading", **s}],
        "Activities": [{"name": "Summer reading", "performed by": "Example School District",
                        "serves": "Early grade reading", **s},
                       {"name": "Preschool outreach", "performed by": "Example United Way | Example School District",
                        "serves": "Kindergarten readiness", "reinforces": "Summer reading", **s}],
        "Backbone": [{"arrangement": "Dedicated backbone organization", "provided by": "Example United Way",
                      "functions": "Guide vision and strategy", "tasks": "Convenes the partners monthly.", **s}],
        "Conditions": [{"condition": c, "maturity": m, "evidence": "Stated on the web site.", **s}
                       for c, m in [("Common agenda", "Established"), ("Shared measurement", "Planned"),
                                    ("Mutually reinforcing activities", "Emerging"),
                                    ("Continuous communication", "Planned"), ("Backbone support", "Established")]],
    }
