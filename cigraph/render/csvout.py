"""The one way cigraph writes CSV: cells that a spreadsheet would run as a formula are neutralised.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``,
``-2+3+cmd|' /C calc'!A0``): data from a case study, a workbook or a SPARQL
answer must not be able to do that to whoever opens ``gaps.csv``. As the OWASP
"CSV Injection" page recommends, such a cell is written with a leading single
quote (``'=1+2``), which spreadsheets show as text, and every cell is quoted as
the ``csv`` module needs (embedded quotes doubled, separators and line breaks
inside quotes).

Numbers stay numbers. A value the writer *knows* is a number (an ``int`` or
``float``, not a ``bool``) is written as it is, ``-0.5`` included; so is a
string that is entirely one decimal number (``-0.5``, ``+3``, ``1e-3``: the
text of a number, as the tables and SPARQL results hold it), since a
spreadsheet reads it as that number and nothing can run from it. Anything
else that starts with one of the six characters gets the quote
(``-0.5 + A1`` included).

Every CSV cigraph writes — ``gaps``/``centrality``/``scorecard`` ``--format csv``,
``cigraph cypher --format csv``, ``cigraph sparql --format csv`` — goes through
:func:`csv_writer` (or :func:`rows_to_csv`, built on it).

>>> rows_to_csv(["name", "score"], [["=HYPERLINK(\\"http://x\\")", -0.5], ["@SUM(A1)", "-0.25"]])
'name,score\\n"\\'=HYPERLINK(""http://x"")",-0.5\\n\\'@SUM(A1),-0.25\\n'
>>> safe_cell("-2+3+cmd|' /C calc'!A0")
"'-2+3+cmd|' /C calc'!A0"
>>> safe_cell("+31 20 555 0100"), safe_cell("-7"), safe_cell(True)
("'+31 20 555 0100", '-7', 'true')
"""

from __future__ import annotations

import csv
import io
import re

__all__ = ["FORMULA_START", "safe_cell", "csv_writer", "rows_to_csv", "neutralise_csv"]

#: First characters that make a spreadsheet evaluate a cell (OWASP "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value):
    """``value`` as a CSV cell that no spreadsheet runs as a formula.

    ``None`` -> ``""``; booleans -> ``true``/``false``; ints and floats unchanged;
    any other value as text, with a leading ``'`` if it starts with one of
    :data:`FORMULA_START` and is not just the text of a number.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class _SafeWriter:
    """A ``csv.writer`` whose every cell goes through :func:`safe_cell`."""

    def __init__(self, stream, **fmtparams):
        fmtparams.setdefault("lineterminator", "\n")
        self._w = csv.writer(stream, **fmtparams)
        # csv quotes a field only for the characters of *its* line terminator: with "\n" a bare
        # "\r" would go out unquoted and end the row for most readers; such rows are quoted whole
        self._quote_all = csv.writer(stream, **{**fmtparams, "quoting": csv.QUOTE_ALL})
        self._unquoted_breaks = [ch for ch in "\r\n" if ch not in fmtparams["lineterminator"]]

    def writerow(self, row):
        cells = [safe_cell(v) for v in row]
        if any(isinstance(c, str) and ch in c for c in cells for ch in self._unquoted_breaks):
            return self._quote_all.writerow(cells)
        return self._w.writerow(cells)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **fmtparams) -> _SafeWriter:
    """A CSV writer on a text ``stream`` (``csv.writer`` options; ``\\n`` line ends by default)
    that neutralises formulas in every cell, header included. Use it for streaming output."""
    return _SafeWriter(stream, **fmtparams)


def rows_to_csv(columns, rows, **fmtparams) -> str:
    """A header and ``rows`` (sequences of values) as CSV text."""
    buf = io.StringIO()
    w = csv_writer(buf, **fmtparams)
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue()


def neutralise_csv(data: bytes, *, lineterminator: str = "\r\n") -> bytes:
    r"""CSV written by another library (Oxigraph's SPARQL CSV writer), rewritten cell by cell
    through :func:`safe_cell` (UTF-8; RFC 4180 line ends, as SPARQL 1.1 CSV has them).

    >>> neutralise_csv(b'n\r\n=1+2\r\n"a,b"\r\n-0.5\r\n')
    b'n\r\n\'=1+2\r\n"a,b"\r\n-0.5\r\n'
    """
    if not data:
        return data
    buf = io.StringIO()
    w = csv_writer(buf, lineterminator=lineterminator)
    w.writerows(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return buf.getvalue().encode("utf-8")
