"""The authoring workbook: its sheets, dropdowns from the ontology's schemes, header notes, and the
mapping table that everything reads."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cigraph.authoring.mapping import expand, load_mapping
from cigraph.cli import cli


@pytest.fixture(scope="module")
def new_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("new") / "c2c.xlsx"
    r = CliRunner().invoke(cli, ["new", "Cradle to Career Partnership", "-o", str(path)])
    assert r.exit_code == 0, r.output
    return load_workbook(path)


def scheme_labels(scheme: str) -> list[str]:
    """The scheme's concepts read straight from the ontology file with rdflib (independently of cigraph)."""
    import rdflib
    from rdflib.namespace import SKOS

    from cigraph.resources import ontology_file

    g = rdflib.Graph().parse(ontology_file())
    return sorted(str(g.value(c, SKOS.prefLabel)) for c in g.subjects(SKOS.inScheme, rdflib.URIRef(expand(scheme))))


def test_one_sheet_per_kind_of_thing(new_book):
    names = new_book.sheetnames
    for s in ("Instructions", "Initiative", "Organizations", "Memberships", "Priorities", "Activities",
              "Indicators", "Working groups", "Channels and meetings", "Backbone", "Conditions", "Sources"):
        assert s in names
    assert new_book["Lists"].sheet_state == "hidden"
    assert new_book["Initiative"]["A2"].value == "Cradle to Career Partnership"


def test_closed_lists_come_from_the_ontology_schemes(new_book):
    lists = new_book["Lists"]
    columns = {c[0].value: [v.value for v in c[1:] if v.value is not None] for c in lists.iter_cols()}
    for scheme in ("ci:RoleScheme", "ci:SectorScheme", "ci:MaturityScheme", "ci:ConditionScheme",
                   "ci:BackboneFunctionScheme"):
        assert sorted(columns[scheme]) == scheme_labels(scheme), scheme
    assert columns["ci:MaturityScheme"] == ["Planned", "Emerging", "Established"]   # in rank order


def _validation(ws, header):
    col = [c.value for c in ws[1]].index(header)
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(col + 1)
    for dv in ws.data_validations.dataValidation:
        if any(str(r).startswith(f"{letter}2:") for r in dv.sqref.ranges):
            return dv
    return None


def test_dropdowns_reference_ranges(new_book):
    role = _validation(new_book["Memberships"], "role")
    assert role.type == "list" and role.formula1.startswith("=Lists!$")
    participant = _validation(new_book["Memberships"], "participant")
    assert participant.formula1 == "='Organizations'!$A$2:$A$1001" and participant.errorStyle in (None, "stop")
    performed = _validation(new_book["Activities"], "performed by")
    assert performed.formula1.startswith("='Organizations'!$A$2") and performed.errorStyle == "warning"
    maturity = _validation(new_book["Conditions"], "maturity")
    assert maturity.type == "list" and maturity.formula1.startswith("=Lists!")


def test_headers_are_words_with_the_term_in_a_note(new_book):
    ws = new_book["Activities"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["name", "performed by", "serves"]
    note = ws["B1"].comment.text
    assert "Ontology term: ci:performedBy" in note and "separated by |" in note


def test_conditions_sheet_asks_the_worksheet_questions(new_book):
    ws = new_book["Conditions"]
    rows = list(ws.iter_rows(min_row=2, max_row=6, values_only=True))
    assert [r[0] for r in rows] == ["Common agenda", "Shared measurement", "Mutually reinforcing activities",
                                    "Continuous communication", "Backbone support"]
    assert all(r[1] and r[1].endswith("?") for r in rows)


def test_every_mapped_term_is_in_the_ontology_or_a_known_vocabulary():
    from cigraph.authoring.lists import Vocabulary

    v = Vocabulary.load()
    external = {"rdf:type", "rdfs:label", "skos:altLabel", "org:member", "org:role", "org:organization",
                "dcterms:title", "dcterms:creator", "dcterms:publisher", "dcterms:date", "foaf:page"}
    m = load_mapping()
    for sheet in m.sheets:
        for k in sheet.kinds:
            assert k.cls_iri in v.terms, k.cls
        for _s, p, _o in sheet.links:
            assert expand(p) in v.terms, p
        for c in sheet.columns:
            if c.term and c.term not in external:
                assert c.iri in v.terms, f"{sheet.name}/{c.header}: {c.term}"
            if c.type == "list":
                assert v.labels(c.values), c.values
            if c.type in ("ref", "source"):
                assert c.targets and all(t in m.names for t in c.targets), c.targets


def test_new_refuses_to_overwrite(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("keep me")
    r = CliRunner().invoke(cli, ["new", "X", "-o", str(path)])
    assert r.exit_code == 3 and "--force" in r.output and path.read_text() == "keep me"


def test_cells_are_data_never_formulas(tmp_path):
    """A value that starts with = is written as text and comes back as the same text."""
    from cigraph.authoring import import_workbook
    from cigraph.authoring.writer import write_workbook
    from authoring_helpers import small_initiative

    rows = small_initiative()
    rows["Organizations"][0]["description"] = '=HYPERLINK("http://evil.example","click")'
    write_workbook(tmp_path / "f.xlsx", rows)
    ws = load_workbook(tmp_path / "f.xlsx")["Organizations"]
    col = [c.value for c in ws[1]].index("description") + 1
    assert ws.cell(2, col).data_type == "s"
    t = import_workbook(tmp_path / "f.xlsx").triples
    assert any(o == ("lit", '=HYPERLINK("http://evil.example","click")', None) for _s, _p, o in t)


def test_unknown_columns_are_reported_not_silently_dropped(tmp_path):
    from cigraph.authoring import import_workbook
    from cigraph.authoring.writer import write_workbook
    from authoring_helpers import edit, small_initiative

    write_workbook(tmp_path / "u.xlsx", small_initiative())
    wb = load_workbook(tmp_path / "u.xlsx")
    ws = wb["Activities"]
    ws.cell(1, ws.max_column + 1).value = "my comments"
    wb.save(tmp_path / "u.xlsx")
    edit(tmp_path / "u.xlsx", {})
    res = import_workbook(tmp_path / "u.xlsx")
    assert [str(w) for w in res.warnings] == [
        'u.xlsx · Sheet "Activities" · row 1 · column "my comments": column not in the cigraph layout;'
        " its values were ignored"]
    r = CliRunner().invoke(cli, ["import", str(tmp_path / "u.xlsx")])
    assert r.exit_code == 0 and "column not in the cigraph layout" in r.output
