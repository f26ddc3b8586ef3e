"""The example workbooks in examples/ are up to date with the case studies and the mapping."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from cigraph.authoring import import_workbook, load_mapping

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("examples_generate", ROOT / "examples" / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name", sorted(_generator().EXAMPLES.values()))
def test_example_workbook_is_up_to_date(name, tmp_path):
    shipped = ROOT / "examples" / name
    assert shipped.exists(), f"{shipped} is missing: run `make examples`"
    fresh = _generator().main(tmp_path)
    fresh = next(p for p in fresh if p.name == name)
    assert import_workbook(shipped).triples == import_workbook(fresh).triples, "run `make examples`"
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(shipped))
    for sheet in load_mapping().sheets:
        headers = book.get_sheet_by_name(sheet.name).to_python()[0]
        assert headers == [c.header for c in sheet.columns], f"{name}: sheet {sheet.name}: run `make examples`"
