"""``cigraph queries``: list the query library (SPARQL and Cypher)."""

from __future__ import annotations

import json

import click

from .options import emit, format_option, output_option


def _params(q) -> str:
    return ", ".join(p.name + (" (optional)" if p.optional else "") for p in q.params)


@click.command("queries")
@click.option("--language", type=click.Choice(["sparql", "cypher"]), default=None,
              help="Only queries in this language (default: both).")
@format_option(["table", "json"], "table")
@output_option
def queries_cmd(language, fmt, output):
    """List the canned researcher questions: id, language, kind, summary, parameters.

    Run one with `cigraph sparql ID` or `cigraph cypher ID`; the same id in both
    languages asks the same question (and a test checks they agree).
    """
    from ..queries import QueryLibrary

    qs = sorted(QueryLibrary().all(language), key=lambda q: (q.id, q.language))
    if fmt == "json":
        emit(json.dumps([{"id": q.id, "language": q.language, "kind": q.kind, "summary": q.summary,
                          "params": [{"name": p.name, "optional": p.optional} for p in q.params],
                          "file": q.path.name if q.path else None} for q in qs], indent=2), output)
        return
    if not qs:
        emit("no queries found.", output)
        return
    rows = [(q.id, q.language, q.kind, _params(q), q.summary) for q in qs]
    head = ("id", "language", "kind", "params", "summary")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head[:-1])]
    fmt_row = lambda r: "  ".join(c.ljust(w) for c, w in zip(r[:-1], widths)) + "  " + r[-1]  # noqa: E731
    lines = [fmt_row(head), fmt_row(tuple("-" * len(h) for h in head))] + [fmt_row(r) for r in rows]
    emit("\n".join(lines), output)
