"""Every kind of bad input, each in a deliberately broken workbook: the message names the sheet,
row and column, all problems come out in one run (exit 3), and the previous workspace is kept."""

from __future__ import annotations

import shutil

import pytest
from authoring_helpers import edit, find_row
from click.testing import CliRunner

from cigraph.authoring import WorkbookError, export_workbook, import_workbook
from cigraph.cli import cli


@pytest.fixture(scope="module")
def good(cases, tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "lapz.xlsx"
    export_workbook(cases, "lapz", path)
    return path


@pytest.fixture
def wb(good, tmp_path):
    path = tmp_path / "broken.xlsx"
    shutil.copy(good, path)
    return path


def problems(path) -> list:
    with pytest.raises(WorkbookError) as e:
        import_workbook(path)
    return e.value.problems


def only(path):
    ps = problems(path)
    assert len(ps) == 1, [str(p) for p in ps]
    return ps[0]


def test_unknown_list_value_lists_the_allowed_ones(wb):
    row = find_row(wb, "Memberships", "participant", "City of Los Angeles")
    edit(wb, {("Memberships", row, "role"): "Boss"})
    p = only(wb)
    assert (p.file, p.sheet, p.row, p.column) == ("broken.xlsx", "Memberships", row, "role")
    assert "unknown value 'Boss'" in p.message and "Lead agency" in p.message and "Backbone" in p.message
    assert str(p).startswith(f'broken.xlsx · Sheet "Memberships" · row {row} · column "role": ')


def test_unknown_name_suggests_the_closest(wb):
    row = find_row(wb, "Memberships", "participant", "Youth Policy Institute")
    edit(wb, {("Memberships", row, "participant"): "Youth Policy Institut"})
    p = only(wb)
    assert (p.sheet, p.row, p.column) == ("Memberships", row, "participant")
    assert "unknown name 'Youth Policy Institut'" in p.message and "closest: 'Youth Policy Institute'" in p.message


def test_unknown_name_in_a_multi_value_cell(wb):
    row = find_row(wb, "Activities", "name", "Carry out working-group action strategies")
    edit(wb, {("Activities", row, "serves"): "Job creation | Public saftey"})
    p = only(wb)
    assert (p.sheet, p.row, p.column) == ("Activities", row, "serves")
    assert "'Public saftey'" in p.message and "'Public safety'" in p.message


def test_missing_required_value(wb):
    row = find_row(wb, "Priorities", "name", "Affordable housing")
    edit(wb, {("Priorities", row, "source"): None})
    p = only(wb)
    assert (p.sheet, p.row, p.column) == ("Priorities", row, "source")
    assert p.message.startswith("missing value")


def test_malformed_date(wb):
    edit(wb, {("Initiative", 2, "founded"): "spring 2014"})
    p = only(wb)
    assert (p.sheet, p.row, p.column) == ("Initiative", 2, "founded")
    assert "'spring 2014' is not a year, month or date" in p.message


def test_impossible_month(wb):
    edit(wb, {("Initiative", 2, "founded"): "2014-13"})
    assert only(wb).column == "founded"


def test_malformed_number(wb):
    edit(wb, {("Initiative", 2, "member count"): "about fifty"})
    p = only(wb)
    assert (p.sheet, p.row, p.column) == ("Initiative", 2, "member count")
    assert "is not a whole number" in p.message


def test_malformed_url(wb):
    edit(wb, {("Sources", 2, "URL"): "www.example.org/report"})
    p = only(wb)
    assert (p.sheet, p.row, p.column) == ("Sources", 2, "URL") and "http://" in p.message


def test_unknown_source(wb):
    edit(wb, {("Initiative", 2, "source"): "the-annual-report"})
    p = only(wb)
    assert (p.sheet, p.column) == ("Initiative", "source") and 'sheet "Sources"' in p.message


def test_duplicate_name(wb):
    row = find_row(wb, "Priorities", "name", "Affordable housing")
    first = find_row(wb, "Priorities", "name", "Job creation")
    edit(wb, {("Priorities", row, "name"): "Job creation", ("Priorities", row, "id"): None})
    dup = [p for p in problems(wb) if "already used" in p.message]
    assert len(dup) == 1 and dup[0].sheet == "Priorities" and dup[0].column == "name"
    # reported on the later of the two rows, naming the earlier one
    assert dup[0].row == max(row, first) and f"row {min(row, first)}" in dup[0].message


def test_unknown_kind(wb):
    edit(wb, {("Organizations", 2, "kind"): "Company"})
    p = only(wb)
    assert (p.sheet, p.row, p.column) == ("Organizations", 2, "kind")
    assert "Group of people" in p.message


def test_all_problems_in_one_run_exit_3_and_workspace_kept(wb, tmp_path):
    """Five problems on four sheets: one run reports them all, exit 3, no workspace written."""
    ws = tmp_path / "ws"
    m = find_row(wb, "Memberships", "participant", "City of Los Angeles")
    p = find_row(wb, "Priorities", "name", "Affordable housing")
    edit(wb, {("Memberships", m, "role"): "Boss", ("Initiative", 2, "founded"): "spring",
              ("Initiative", 2, "member count"): "many", ("Priorities", p, "source"): None,
              ("Organizations", 2, "sector"): "Martian sector"})
    r = CliRunner().invoke(cli, ["build", "-q", "--data", str(wb), "-w", str(ws)])
    assert r.exit_code == 3, r.output
    for where in (f'Sheet "Memberships" · row {m} · column "role"', 'Sheet "Initiative" · row 2 · column "founded"',
                  'Sheet "Initiative" · row 2 · column "member count"',
                  f'Sheet "Priorities" · row {p} · column "source"', 'Sheet "Organizations" · row 2 · column "sector"'):
        assert where in r.output
    assert "5 problem(s)" in r.output and "Traceback" not in r.output
    assert not (ws / "current").exists()


def test_shacl_violation_is_mapped_to_its_row(wb, tmp_path):
    """The network column names an organization that is not a network: SHACL's sh:class fails on the
    initiative, and the message points to the Initiative row and its "part of network" column; exit 1,
    and an earlier good workspace stays as it was."""
    ws = tmp_path / "ws"
    good = CliRunner().invoke(cli, ["build", "-q", "--no-bundled", "--data", str(wb), "-w", str(ws)])
    assert good.exit_code == 0, good.output
    before = (ws / "current").resolve()
    edit(wb, {("Initiative", 2, "part of network"): "Youth Policy Institute"})
    r = CliRunner().invoke(cli, ["build", "-q", "--no-bundled", "--data", str(wb), "-w", str(ws)])
    assert r.exit_code == 1, r.output
    assert 'broken.xlsx · Sheet "Initiative" · row 2 · column "part of network": ci:partOfNetwork must point' in r.output
    assert (ws / "current").resolve() == before


def test_csv_folder_errors_point_to_the_cell(wb, tmp_path):
    import csv

    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(wb))
    folder = tmp_path / "my-initiative"
    folder.mkdir()
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        if name == "Memberships":
            rows[1][rows[0].index("role")] = "Boss"
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    p = only(folder)
    assert (p.file, p.sheet, p.row, p.column) == ("my-initiative", "Memberships", 2, "role")


def test_typos_in_turtle_name_the_closest_term(tmp_path):
    """ci:inSecter and ci:Organisation: violations naming the closest real term, printed by build itself."""
    (tmp_path / "typo.ttl").write_text(
        "@prefix ci: <https://w3id.org/cigraph#> .\n@prefix cgd: <https://w3id.org/cigraph/id/> .\n"
        "cgd:org-youth-policy-institute ci:inSecter ci:NonProfitSector .\n"
        "cgd:org-new a ci:Organisation .\n")
    r = CliRunner().invoke(cli, ["build", "-q", "--data", str(tmp_path / "typo.ttl"), "-w", str(tmp_path / "ws")])
    assert r.exit_code == 1, r.output
    assert "unknown property ci:inSecter" in r.output and "did you mean ci:inSector?" in r.output
    assert "unknown class ci:Organisation" in r.output and "did you mean ci:Organization?" in r.output
    assert "cgd:org-youth-policy-institute" in r.output


def test_build_prints_the_first_20_violations_and_a_count(tmp_path):
    lines = "".join(f"cgd:org-x{i} ci:inSecter{i} ci:NonProfitSector .\n" for i in range(25))
    (tmp_path / "many.ttl").write_text("@prefix ci: <https://w3id.org/cigraph#> .\n"
                                       "@prefix cgd: <https://w3id.org/cigraph/id/> .\n" + lines)
    r = CliRunner().invoke(cli, ["build", "-q", "--data", str(tmp_path / "many.ttl"), "-w", str(tmp_path / "ws")])
    assert r.exit_code == 1
    assert r.output.count("unknown property") == 20 and "and 5 more" in r.output
