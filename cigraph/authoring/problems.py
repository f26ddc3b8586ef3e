"""Problems found in a workbook, each pointing to its cell.

>>> p = Problem("my.xlsx", "Activities", 14, "performed by", "unknown name 'Youth Policy Institut'")
>>> str(p)
'my.xlsx · Sheet "Activities" · row 14 · column "performed by": unknown name \\'Youth Policy Institut\\''
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import DataError

__all__ = ["Problem", "WorkbookError"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f'Sheet "{self.sheet}"')
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f'column "{self.column}"')
        return " · ".join(where) + f": {self.message}"


class WorkbookError(DataError):
    """A workbook (or CSV folder) has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.sheet or "", p.row or 0, p.column or "",
                                                            p.message))
        n = len(self.problems)
        lines = [f"{n} problem(s) in the workbook; fix them and run the command again"
                 " (the workspace was not changed):"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines), file=self.problems[0].file if self.problems else None)
