"""Write an authoring workbook (.xlsx) with openpyxl: one sheet per kind of thing, dropdowns, header notes.

The closed lists come from the ontology's SKOS schemes (:class:`Vocabulary`)
and sit on a hidden "Lists" sheet that the dropdowns reference by range (an
inline list is limited to 255 characters); a column that refers to names on
another sheet gets a dropdown over that sheet's name column.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .lists import Vocabulary
from .mapping import Mapping, load_mapping, prompts

__all__ = ["write_workbook", "new_rows", "LISTS_SHEET"]

LISTS_SHEET = "Lists"
_SPAN = 1000            # rows below the header that get validations in an empty sheet
_HEADER_FILL = "DCE6F1"
_REQUIRED_FILL = "F8CBAD"


def new_rows(name: str) -> dict[str, list[dict]]:
    """The rows of a fresh workbook: the initiative's name and the five conditions with their questions."""
    vocab = Vocabulary.load()
    qs = prompts()
    conditions = [{"condition": label, "question": qs.get(iri)} for label, iri in vocab.concepts("ci:ConditionScheme")]
    return {"Initiative": [{"name": name}], "Conditions": conditions}


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _validation(c, sheet, list_ranges: dict, key_ranges: dict):
    """The dropdown (or number check) of a column, or None."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = None
    if c.type == "list":
        dv = DataValidation(type="list", formula1=f"={list_ranges[c.values]}", allow_blank=True)
    elif c.type == "kind":
        dv = DataValidation(type="list", formula1=f"={list_ranges[f'kinds:{sheet.name}']}", allow_blank=True)
    elif c.type in ("ref", "source") and len(c.targets) == 1 and c.targets[0] in key_ranges:
        dv = DataValidation(type="list", formula1=f"={key_ranges[c.targets[0]]}", allow_blank=True)
    elif c.type == "boolean":
        dv = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    elif c.type in ("integer", "year"):
        lo, hi = (1000, 2200) if c.type == "year" else (0, 10**9)
        dv = DataValidation(type="whole", operator="between", formula1=str(lo), formula2=str(hi), allow_blank=True)
        dv.error = "A whole number" + (" (a year, e.g. 2019)" if c.type == "year" else "")
    if dv is None:
        return None
    if c.many:
        # several values separated by | are not in the list: warn, don't refuse
        dv.errorStyle = "warning"
        dv.error = "Not a single value from the list: fine if you separated several values by |."
    elif dv.type == "list":
        dv.error = "Choose a value from the list (or add the name on its own sheet first)."
    dv.errorTitle = c.header[:32]
    dv.prompt, dv.promptTitle = c.help[:255], c.header[:32]
    dv.showErrorMessage = dv.showInputMessage = True
    return dv


def write_workbook(path, rows: dict[str, list[dict]] | None = None, *, mapping: Mapping | None = None) -> Path:
    """Write the workbook to ``path`` (atomically) and return the path."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    from ..util import atomic_path

    m = mapping or load_mapping()
    vocab = Vocabulary.load()
    rows = rows or {}
    # write-only mode streams the rows (5,000 rows: ~4x faster than the normal mode)
    wb = Workbook(write_only=True)
    ins = wb.create_sheet("Instructions")

    # the closed lists: one column per scheme (or set of kinds), on a hidden sheet written last
    wanted: list[tuple[str, list[str]]] = []
    for sheet in m.sheets:
        for c in sheet.columns:
            if c.type == "list" and c.values not in dict(wanted):
                wanted.append((c.values, vocab.labels(c.values)))
            if c.type == "kind" and f"kinds:{sheet.name}" not in dict(wanted):
                wanted.append((f"kinds:{sheet.name}", [k.name for k in sheet.kinds]))
    list_ranges = {key: f"{LISTS_SHEET}!${_letter(i)}$2:${_letter(i)}${max(2, len(values) + 1)}"
                   for i, (key, values) in enumerate(wanted, start=1)}

    key_ranges: dict[str, str] = {}
    for sheet in m.sheets:
        if sheet.key is not None:
            i = sheet.columns.index(sheet.key) + 1
            span = max(_SPAN, len(rows.get(sheet.name, [])) + _SPAN)
            key_ranges[sheet.name] = f"'{sheet.name}'!${_letter(i)}$2:${_letter(i)}${span + 1}"

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {True: PatternFill("solid", fgColor=_REQUIRED_FILL), False: PatternFill("solid", fgColor=_HEADER_FILL)}
    for sheet in m.sheets:
        ws = wb.create_sheet(sheet.name)
        data = rows.get(sheet.name, [])
        last = max(_SPAN, len(data) + _SPAN) + 1
        header = []
        for j, c in enumerate(sheet.columns, start=1):
            cell = WriteOnlyCell(ws, value=c.header)
            cell.font, cell.alignment, cell.fill = bold, wrap, fills[c.required]
            note = Comment(c.describe(), "cigraph")
            note.width, note.height = 320, 160
            cell.comment = note
            header.append(cell)
            width = max([len(c.header) + 4] + [min(60, len(str(r.get(c.header) or ""))) for r in data[:200]])
            ws.column_dimensions[_letter(j)].width = max(12, min(50, width))
            dv = _validation(c, sheet, list_ranges, key_ranges)
            if dv is not None:
                ws.data_validations.append(dv)
                dv.add(f"{_letter(j)}2:{_letter(j)}{last}")
        ws.freeze_panes = "B2"
        ws.append(header)
        for r in data:
            values = [r.get(c.header) for c in sheet.columns]
            for j, v in enumerate(values):
                if isinstance(v, str) and v.startswith("="):
                    cell = WriteOnlyCell(ws, value=v)
                    cell.data_type = "s"          # data, never a formula
                    values[j] = cell
            ws.append(values)

    # instructions: plain words, then one line per sheet
    ins.column_dimensions["A"].width = 24
    ins.column_dimensions["B"].width = 110
    text = resources.files(__package__).joinpath("instructions.txt").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(text, start=1):
        cell = WriteOnlyCell(ins, value=line)
        if i in (1, len(text)):
            cell.font = bold
        ins.append([cell])
    for sheet in m.sheets:
        name = WriteOnlyCell(ins, value=sheet.name)
        name.font = bold
        ins.append([name, sheet.help])

    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    height = max((len(v) for _k, v in wanted), default=0)
    lists.append([k for k, _v in wanted])
    for i in range(height):
        lists.append([v[i] if i < len(v) else None for _k, v in wanted])

    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
