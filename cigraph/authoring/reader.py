"""Read a workbook (.xlsx) or a folder of CSV files (one per sheet) into rows.

Reading uses python-calamine (Rust): on a 5,000-row workbook it is several
times faster than openpyxl (see ``benchmarks/bench_workbook.py``).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, WorkbookError

__all__ = ["Table", "read_tables", "is_workbook", "is_csv_folder"]


@dataclass
class Table:
    """One sheet: its headers and its non-empty rows as (spreadsheet row number, {header: value})."""

    name: str
    headers: list[str]
    rows: list[tuple[int, dict]]


def is_workbook(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() == ".xlsx" and not path.name.startswith("~$")


def is_csv_folder(path: Path) -> bool:
    return path.is_dir() and any(_norm(p.stem) == "initiative" for p in path.glob("*.csv"))


def _norm(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _clean(v):
    if v is None:
        return None
    if isinstance(v, str):
        v = v.strip()
        return v or None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        return v.date()
    return v


def _table(name: str, grid: list[list]) -> Table:
    if not grid:
        return Table(name, [], [])
    headers = [str(h).strip() if h is not None else "" for h in grid[0]]
    rows = []
    for i, raw in enumerate(grid[1:], start=2):
        cells = {h: _clean(v) for h, v in zip(headers, raw) if h}
        if any(v is not None for v in cells.values()):
            rows.append((i, cells))
    return Table(name, headers, rows)


def read_tables(path: Path, sheet_names: list[str]) -> dict[str, Table]:
    """The sheets named in the mapping that the file has (others are ignored)."""
    path = Path(path)
    if path.is_dir():
        return _read_csv_folder(path, sheet_names)
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own error types for damaged files
        raise WorkbookError([Problem(str(path), None, None, None,
                                     f"cannot read the workbook ({e}); save it again as .xlsx")]) from None
    out = {}
    for name in sheet_names:
        if name in wb.sheet_names:
            out[name] = _table(name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
    return out


def _read_csv_folder(path: Path, sheet_names: list[str]) -> dict[str, Table]:
    files = {_norm(p.stem): p for p in path.glob("*.csv")}
    out = {}
    for name in sheet_names:
        p = files.get(_norm(name))
        if p is None:
            continue
        with p.open(newline="", encoding="utf-8-sig") as f:
            out[name] = _table(name, [list(r) for r in csv.reader(f)])
    return out
