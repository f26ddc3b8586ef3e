"""Regenerate docs/authoring.png: a sheet of the example workbook with a dropdown open (``make docs``).

    .venv/bin/python docs/authoring_screenshot.py [-o docs/authoring.png] [--sheet Memberships --column role]

Reads ``examples/dufferin-county-equity-collaborative.xlsx`` with openpyxl — its header row, header
notes, first rows and the data validation of one column, resolved to the values it offers (the hidden
"Lists" sheet, or the names column of another sheet) — draws it as a spreadsheet grid with that
column's dropdown open (template ``docs/authoring-sheet.html``), and saves a headless-Chromium screenshot.
A spreadsheet program's own dropdown exists only while someone clicks a cell, so no file-to-image
converter (LibreOffice's PDF export included) can show it; every value in the picture comes from the file.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _range_values(wb, formula: str) -> list[str]:
    m = re.fullmatch(r"='?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    if not m:
        return []
    ws = wb[m.group(1)]
    cells = ws[f"{m.group(2)}{m.group(3)}:{m.group(4)}{min(int(m.group(5)), int(m.group(3)) + 40)}"]
    return [str(r[0].value) for r in cells if r[0].value is not None]


def page(book: Path, sheet: str, column: str, rows: int = 9) -> str:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    wb = load_workbook(book)
    ws = wb[sheet]
    headers = [c.value for c in ws[1]]
    j = headers.index(column)
    letter = get_column_letter(j + 1)
    dv = next(d for d in ws.data_validations.dataValidation
              if any(str(r).startswith(f"{letter}2:") for r in d.sqref.ranges))
    options = _range_values(wb, dv.formula1)
    shown = [h for h in headers if h not in ("id", "label")]
    data = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_row=rows + 1)]
    sel_row = 3
    out = ['<table><tr><th class="rn"></th>'
           + "".join(f'<th class="col">{get_column_letter(headers.index(h) + 1)}</th>' for h in shown) + "</tr>"]
    required = {c.value for c in ws[1] if c.fill is not None and c.fill.fgColor.rgb in ("00F8CBAD", "FFF8CBAD")}
    out.append('<tr><td class="rn">1</td>' + "".join(
        f'<td class="h{" req" if h in required else ""}">{html.escape(h)}</td>' for h in shown) + "</tr>")
    for i, r in enumerate(data, start=2):
        cells = []
        for h in shown:
            v = r[headers.index(h)]
            text = html.escape("" if v is None else str(v))
            if i == sel_row and h == column:
                dd = "".join(f'<div class="{"hl" if o == v else ""}">{html.escape(o)}</div>' for o in options)
                cells.append(f'<td class="sel">{text}<span class="arrow">&#9660;</span>'
                             f'<div class="dd" style="top: 100%; left: -2px;">{dd}</div></td>')
            else:
                cells.append(f"<td>{text}</td>")
        out.append(f'<tr><td class="rn">{i}</td>' + "".join(cells) + "</tr>")
    out.append("</table>")
    grid = "\n".join(out).replace('<td class="sel">', '<td class="sel" style="overflow: visible;">')
    tabs = "".join(f'<span class="{"on" if n == sheet else ""}">{html.escape(n)}</span>'
                   for n in wb.sheetnames if wb[n].sheet_state != "hidden")
    note = html.escape(ws.cell(1, j + 1).comment.text if ws.cell(1, j + 1).comment else "")
    title = (f"<b>{html.escape(book.name)}</b> · sheet <b>{html.escape(sheet)}</b> · the dropdown of column "
             f"<b>{html.escape(column)}</b> ({len(options)} values from the ontology) · header note: {note}")
    template = (ROOT / "docs" / "authoring-sheet.html").read_text(encoding="utf-8")
    return template.replace("{{TITLE}}", title.replace("\n", " ")).replace("{{GRID}}", grid).replace("{{TABS}}", tabs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default=str(ROOT / "docs" / "authoring.png"))
    ap.add_argument("--book", default=str(ROOT / "examples" / "dufferin-county-equity-collaborative.xlsx"))
    ap.add_argument("--sheet", default="Memberships")
    ap.add_argument("--column", default="role")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=560)
    a = ap.parse_args(argv)
    from cigraph.render.browser import Chromium, find_chromium

    if find_chromium() is None:
        print("no Chromium: install the Debian package `chromium` (make system)", file=sys.stderr)
        return 1
    text = page(Path(a.book), a.sheet, a.column)
    with tempfile.TemporaryDirectory(prefix="cigraph-shot-") as d:
        f = Path(d) / "sheet.html"
        f.write_text(text, encoding="utf-8")
        with Chromium(width=a.width, height=a.height) as ch:
            with ch.page(f, wait="document.readyState === 'complete'", timeout=30) as tab:
                time.sleep(0.3)
                png = tab.screenshot()
    Path(a.output).write_bytes(png)
    print(f"wrote {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
