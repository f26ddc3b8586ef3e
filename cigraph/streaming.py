"""Write a query's answer as it comes, batch by batch, with bounded memory (``cigraph sparql``).

A :class:`Answer` is what a running query yields: its ``kind`` (``select``, ``ask``,
``graph``), the ``variables`` (SELECT) or ``boolean`` (ASK), and ``batches``: SPARQL JSON
results documents of at most a few thousand rows (SELECT) or N-Triples chunks (CONSTRUCT,
DESCRIBE). The same shape comes from this process (:func:`local_answer`) and from a worker
process (:meth:`cigraph.sparql.QueryWorker.stream`), so the writers do not care where the
query ran. :func:`write_answer` writes one in a format: CSV, TSV, JSON lines, SPARQL JSON
and XML, N-Triples and Turtle stream (one batch in memory at a time); the text table,
RDF/XML and JSON-LD need the whole answer, so they collect it (bounded by ``--limit``).

>>> import io, pyoxigraph as ox
>>> store = ox.Store()
>>> for i in range(3):
...     store.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://e/p"), ox.Literal(str(i))))
>>> out = io.BytesIO()
>>> a = local_answer(store, "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o", batch=2)
>>> write_answer(a, "csv", out); out.getvalue().decode().splitlines()
3
['s,o', 'http://e/0,0', 'http://e/1,1', 'http://e/2,2']
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Iterator

__all__ = ["Answer", "local_answer", "write_answer", "STREAMING_FORMATS", "BATCH"]

#: rows (or triples) per batch
BATCH = 2000
#: formats written batch by batch (the others collect the answer first)
STREAMING_FORMATS = {"csv", "tsv", "jsonl", "json", "xml", "nt", "ttl"}


@dataclass
class Answer:
    """A running query's answer (see the module docstring). ``count`` and ``truncated`` are
    known once ``batches`` is exhausted."""

    kind: str
    variables: list[str] = field(default_factory=list)
    boolean: bool | None = None
    batches: Iterator[bytes] = field(default_factory=lambda: iter(()))
    count: int = 0
    truncated: bool = False
    limit: int | None = None


def local_answer(store, text: str, subs: dict | None = None, prefixes: dict | None = None, *,
                 limit: int | None = None, offset: int = 0, batch: int = BATCH) -> Answer:
    """Run a query in this process; its answer in batches (SERVICE refused, as everywhere)."""
    from .sparql import open_query

    kind, head, items = open_query(store, text, subs, prefixes)
    if kind == "ask":
        return Answer("ask", boolean=head)
    ans = Answer(kind, head if kind == "select" else [], limit=limit)
    ans.batches = _batches(ans, items, limit, offset, batch)
    return ans


def _batches(ans: Answer, items, limit: int | None, offset: int, size: int) -> Iterator[bytes]:
    import pyoxigraph as ox

    from .sparql import _solutions_json

    if offset:
        items = itertools.islice(items, offset, None)
    while True:
        want = size if limit is None else min(size, limit - ans.count)
        chunk = list(itertools.islice(items, want)) if want > 0 else []
        if limit is not None and ans.count + len(chunk) >= limit:
            ans.truncated = next(items, None) is not None   # one more row says the limit cut
        if not chunk:
            return
        ans.count += len(chunk)
        if ans.kind == "select":
            yield _solutions_json(ans.variables, chunk)
        else:
            yield ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)
        if ans.truncated or len(chunk) < want:
            return


# --------------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------------

def write_answer(ans: Answer, fmt: str, out: BinaryIO, *, prefixes: dict | None = None) -> int:
    """Write the answer to ``out`` (binary) in ``fmt``; returns the number of rows or triples."""
    from .errors import QueryError
    from .sparql import GRAPH_FORMATS, RESULT_FORMATS

    if ans.kind == "ask":
        _write_ask(ans, fmt, out)
        return 1
    if ans.kind == "graph":
        if fmt not in GRAPH_FORMATS and fmt != "table":
            raise QueryError(f"a CONSTRUCT/DESCRIBE result is RDF: use --format {' or '.join(GRAPH_FORMATS)},"
                             f" not {fmt}.")
        _write_graph(ans, fmt, out, prefixes)
        return ans.count
    if fmt not in RESULT_FORMATS and fmt not in ("table", "jsonl"):
        raise QueryError(f"a SELECT result is a table: use --format table, jsonl, {', '.join(RESULT_FORMATS)},"
                         f" not {fmt}.")
    {"csv": _write_delimited, "tsv": _write_delimited, "json": _write_json, "xml": _write_xml,
     "jsonl": _write_jsonl, "table": _write_table}[fmt](ans, fmt, out, prefixes)
    return ans.count


def _write_ask(ans: Answer, fmt: str, out: BinaryIO) -> None:
    from .errors import QueryError
    from .sparql import RESULT_FORMATS, Result, serialize

    if fmt == "jsonl":
        out.write(json.dumps({"boolean": bool(ans.boolean)}).encode() + b"\n")
        return
    if fmt not in RESULT_FORMATS and fmt != "table":
        raise QueryError(f"an ASK result is a boolean: use --format table, jsonl or {', '.join(RESULT_FORMATS)},"
                         f" not {fmt}.")
    data = serialize(Result("ask", boolean=ans.boolean), fmt)
    out.write(data if fmt != "table" else data + b"\n")


def _parsed(batch: bytes):
    import pyoxigraph as ox

    return ox.parse_query_results(batch, ox.QueryResultsFormat.JSON)


def _empty_doc(variables: list[str]) -> bytes:
    from .sparql import _solutions_json

    return _solutions_json(variables, [])


def _write_delimited(ans: Answer, fmt: str, out: BinaryIO, prefixes) -> None:
    """CSV / TSV via Oxigraph's writers, one batch at a time; the header line once."""
    import pyoxigraph as ox

    from .render.csvout import neutralise_csv

    qf = ox.QueryResultsFormat.CSV if fmt == "csv" else ox.QueryResultsFormat.TSV
    first = True
    for batch in ans.batches:
        data = _parsed(batch).serialize(format=qf)
        if fmt == "csv":  # spreadsheet formulas in the data neutralised, as every CSV cigraph writes
            data = neutralise_csv(data)
        if not first:
            data = data.split(b"\n", 1)[1] if b"\n" in data else b""
        out.write(data)
        first = False
    if first:  # no rows: the header alone
        out.write(_parsed(_empty_doc(ans.variables)).serialize(format=qf))


def _write_json(ans: Answer, fmt: str, out: BinaryIO, prefixes) -> None:
    """SPARQL 1.1 JSON results, written as the bindings come."""
    out.write(b'{"head":{"vars":' + json.dumps(ans.variables, separators=(",", ":")).encode()
              + b'},"results":{"bindings":[')
    first = True
    for batch in ans.batches:
        for b in json.loads(batch)["results"]["bindings"]:
            out.write((b"" if first else b",") + json.dumps(b, ensure_ascii=False, separators=(",", ":")).encode())
            first = False
    out.write(b"]}}\n")


def _write_xml(ans: Answer, fmt: str, out: BinaryIO, prefixes) -> None:
    """SPARQL XML results: Oxigraph writes each batch; its <result> elements are spliced into one document."""
    import pyoxigraph as ox

    head = _parsed(_empty_doc(ans.variables)).serialize(format=ox.QueryResultsFormat.XML)
    cut = head.find(b"<results")
    out.write(head[:cut] + b"<results>")
    for batch in ans.batches:
        data = _parsed(batch).serialize(format=ox.QueryResultsFormat.XML)
        start, end = data.find(b"<result>"), data.rfind(b"</results>")
        if start >= 0 and end > start:
            out.write(data[start:end])
    out.write(b"</results></sparql>\n")


def _plain(binding: dict) -> Any:
    import pyoxigraph as ox

    from .sparql import python_value

    t, v = binding.get("type"), binding.get("value")
    if t == "uri":
        return v
    if t == "bnode":
        return f"_:{v}"
    if t in ("literal", "typed-literal"):
        if binding.get("xml:lang"):
            return v
        if binding.get("datatype"):
            return python_value(ox.Literal(v, datatype=ox.NamedNode(binding["datatype"])))
        return v
    return v


def _write_jsonl(ans: Answer, fmt: str, out: BinaryIO, prefixes) -> None:
    """One JSON object per row: variable -> plain value (IRIs and text as strings, numbers as numbers,
    booleans as booleans, dates as ISO text; unbound variables are left out)."""
    for batch in ans.batches:
        for b in json.loads(batch)["results"]["bindings"]:
            row = {v: _plain(b[v]) for v in ans.variables if v in b}
            out.write(json.dumps(row, ensure_ascii=False, default=str).encode() + b"\n")


def _write_table(ans: Answer, fmt: str, out: BinaryIO, prefixes) -> None:
    from .sparql import Result, _rows_from_json, render_table

    rows: list = []
    for batch in ans.batches:
        rows.extend(_rows_from_json(batch)[1])
    r = Result("select", ans.variables, rows, truncated=ans.truncated, limit=ans.limit)
    out.write(render_table(r, prefixes=prefixes).encode("utf-8"))


def _write_graph(ans: Answer, fmt: str, out: BinaryIO, prefixes) -> None:
    import pyoxigraph as ox

    from .sparql import Result, _used_prefixes, serialize

    if fmt == "nt":
        for batch in ans.batches:
            out.write(batch)
        return
    if fmt in ("ttl", "table"):
        # Turtle allows a prefix to be declared again: each batch is a complete Turtle chunk
        for batch in ans.batches:
            triples = [q.triple for q in ox.parse(batch, ox.RdfFormat.N_TRIPLES)]
            out.write(ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                   prefixes=prefixes if prefixes is not None else _used_prefixes(triples)))
        return
    triples = [q.triple for batch in ans.batches for q in ox.parse(batch, ox.RdfFormat.N_TRIPLES)]
    out.write(serialize(Result("graph", triples=triples), fmt, prefixes=prefixes))
