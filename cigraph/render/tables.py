"""Rows of results as a text table, CSV, JSON or Markdown — one formatter every command can reuse.

``rows`` are flat dicts (strings, numbers, booleans, None; lists are joined
with ``"; "`` in table, CSV and Markdown). JSON wraps the items in an envelope
with ``"schema_version": 1`` and a ``kind``; pass ``items`` to put richer
objects in the JSON than in the flat forms.

>>> rows = [{"name": "YPI", "rank": 1}, {"name": "City of LA", "rank": 2}]
>>> print(format_rows(rows, "md"), end="")
| name | rank |
| --- | --- |
| YPI | 1 |
| City of LA | 2 |
>>> print(format_rows(rows, "csv").strip())
name,rank
YPI,1
City of LA,2
"""

from __future__ import annotations

import enum
import json
import math

from ..errors import CigraphError

__all__ = ["FORMATS", "SCHEMA_VERSION", "format_rows", "to_json", "cell"]

FORMATS = ("table", "csv", "json", "md")
SCHEMA_VERSION = 1


def cell(value, *, digits: int = 4) -> str:
    """One value as text: None -> "", floats rounded, lists joined with "; "."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return f"{round(value, digits):g}" if abs(value) < 1e6 else f"{value:.6g}"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(cell(v, digits=digits) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={cell(v, digits=digits)}" for k, v in value.items())
    return str(value)


def _clean(obj):
    """JSON-safe copy: NaN and infinities become None, tuples lists, sets sorted lists."""
    if isinstance(obj, float) and (math.isnan(obj) or math.isinf(obj)):
        return None
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, set):
        return [_clean(v) for v in sorted(obj, key=str)]
    if isinstance(obj, enum.Enum):
        return obj.value
    return obj


def to_json(items, *, kind: str, meta: dict | None = None) -> str:
    """The JSON envelope: ``{"schema_version": 1, "kind": ..., **meta, "items": [...]}``."""
    doc = {"schema_version": SCHEMA_VERSION, "kind": kind, **(meta or {}), "items": items}
    return json.dumps(_clean(doc), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def format_rows(rows: list[dict], fmt: str, *, columns=None, kind: str = "rows", items=None,
                meta: dict | None = None, max_width: int = 60) -> str:
    """Format ``rows`` as ``table`` | ``csv`` | ``json`` | ``md``.

    Parameters
    ----------
    rows : list of dict
        Flat rows; ``columns`` picks and orders the keys (default: the first row's).
    fmt : str
    kind : str
        Names the JSON document's content (``gaps``, ``centrality``...).
    items : list, optional
        What the JSON holds instead of ``rows``.
    max_width : int
        Cells longer than this are cut in the text table (only there); 0: never cut.
    """
    if fmt not in FORMATS:
        raise CigraphError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
    if fmt == "json":
        return to_json(items if items is not None else rows, kind=kind, meta=meta)
    cols = list(columns) if columns else (list(rows[0]) if rows else [])
    if fmt == "csv":
        from .csvout import rows_to_csv  # formulas neutralised (OWASP); numbers stay numbers

        return rows_to_csv(cols, ([cell(r.get(c)) for c in cols] for r in rows))
    if fmt == "md":
        from .markdown import md_table  # HTML and inline Markdown from the data escaped

        return md_table(cols, ([cell(r.get(c)) for c in cols] for r in rows))
    # plain text table
    if not rows:
        return "(no rows)\n"

    def cut(s: str) -> str:
        s = s.replace("\n", " ")
        return s if not max_width or len(s) <= max_width else s[: max_width - 1] + "…"

    body = [[cut(cell(r.get(c))) for c in cols] for r in rows]
    widths = [max(len(c), *(len(b[i]) for b in body)) for i, c in enumerate(cols)]
    fmt_line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [fmt_line(cols), fmt_line(["-" * w for w in widths])] + [fmt_line(b) for b in body]
    return "\n".join(out) + "\n"
