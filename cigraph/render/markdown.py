"""The one Markdown escaper: every string from the data goes through :func:`md_escape`.

``report.md``, ``gaps.md``, ``scorecard.md`` and the ``--format md`` tables are
rendered by GitHub, GitLab and static-site generators, which pass raw HTML
through (``<script>``, ``<img src=x onerror=...>``) and turn ``[text](url)``
into links. A name in a case study must show as the text it is, so
:func:`md_escape`

* writes ``&``, ``<`` and ``>`` as the entities ``&amp;``, ``&lt;``, ``&gt;``
  (no HTML tag, comment or autolink can open; an entity in the data shows as written);
* puts a backslash before the characters that make inline Markdown
  (`````, ``*``, ``_``, ``[``, ``]``, ``~``, ``|``, ``\\``) — no emphasis,
  code span, link, image or table cell boundary comes from the data;
* writes every line break as a space, so a value never starts a block
  (heading, list, fence, HTML block) and a table row stays one line.

CommonMark renders the escaped text exactly as the original characters.

>>> md_escape('<img src=x onerror="alert(1)"> & [click](javascript:alert(1)) | *x*')
'&lt;img src=x onerror="alert(1)"&gt; &amp; \\\\[click\\\\](javascript:alert(1)) \\\\| \\\\*x\\\\*'
>>> md_escape("Living SJ (Saint John)\\nsecond line")
'Living SJ (Saint John) second line'
"""

from __future__ import annotations

import re

__all__ = ["md_escape", "md_table"]

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SPECIAL = re.compile(r"[\\`*_\[\]~|&<>]")
_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")


def _sub(m: re.Match) -> str:
    c = m.group()
    return _ENTITIES.get(c) or "\\" + c


def md_escape(value) -> str:
    """``value`` (any object; ``None`` -> ``""``) as inline Markdown text that renders as itself."""
    if value is None:
        return ""
    return _SPECIAL.sub(_sub, _BREAK.sub(" ", str(value)))


def md_table(columns, rows) -> str:
    """A GitHub-flavoured Markdown table; ``rows`` are sequences of cell texts (escaped here)."""
    lines = ["| " + " | ".join(md_escape(c) for c in columns) + " |",
             "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(md_escape(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
