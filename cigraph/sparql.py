"""Run SPARQL on a cigraph dataset and format the answers.

``run_sparql(ds, query, params=..., timeout=..., limit=...)`` runs a SELECT,
ASK, CONSTRUCT or DESCRIBE over the union of the dataset's named graphs and
returns a :class:`Result`; :func:`serialize` writes it as SPARQL 1.1 JSON, XML,
CSV or TSV results (SELECT/ASK) or as Turtle, N-Triples, RDF/XML or JSON-LD
(CONSTRUCT/DESCRIBE), or as a text table.

Parameters are bound by the engine (Oxigraph's substitutions, SEP-0007), never
formatted into the query text. A bound variable must appear in the SELECT
clause (or the query must be ``SELECT *``). Because Oxigraph plans a query
before it substitutes, the bound values are also given to its planner as a
``VALUES`` row (terms written by pyoxigraph) at the start of the WHERE group
and of each subquery that SELECTs them (:func:`query_store`): the answer is
the substitution's, the plan starts from the bound value.

Time limit
----------
pyoxigraph has no way to cancel a running query, and an aggregate (``COUNT``,
``GROUP BY``, ``ORDER BY``) computes everything inside one call that neither
returns to Python nor sees Ctrl-C. A thread that "stops waiting" would leave
that work burning a core. So a query with a time limit runs in a **worker
process** (``python -m cigraph.sparql``) that opens the workspace store
read-only (or, for an in-memory dataset, loads an N-Quads dump of it); the
parent waits with a deadline and, when it passes, kills the worker. That
really stops the work, and the store cannot be harmed: the worker only ever
holds a read-only handle. The cost is a process start (~0.1 s) per
:func:`run_sparql` call; the endpoint keeps a small :class:`WorkerPool` of warm
workers instead and replaces the one it had to kill. Without a time limit the
query runs in this process.

Result-size limit
-----------------
``limit=N`` keeps the first N rows (or triples) and sets ``Result.truncated``;
rows are pulled lazily, so a streaming query stops computing after N+1 rows.

>>> from cigraph.dataset import Dataset
>>> import pyoxigraph as ox
>>> ds = Dataset.in_memory()
>>> ds.store.add(ox.Quad(ox.NamedNode("https://w3id.org/cigraph/id/x"), ox.NamedNode("https://w3id.org/cigraph#name"),
...                      ox.Literal("X"), ox.NamedNode("https://w3id.org/cigraph/graph/data")))
>>> r = run_sparql(ds, "SELECT ?e ?n WHERE { ?e ci:name ?n } ORDER BY ?n", params={"e": "cgd:x"})
>>> r.records()
[{'e': 'https://w3id.org/cigraph/id/x', 'n': 'X'}]
>>> serialize(r, "csv").decode().splitlines()
['e,n', 'https://w3id.org/cigraph/id/x,X']
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import QueryError, StoreError

__all__ = [
    "Result", "QueryTimeout", "run_sparql", "serialize", "render_table", "python_value", "to_term",
    "looks_like_update", "uses_service", "names_dataset", "check_query", "open_query", "syntax_error",
    "QueryRefused",
    "QueryWorker", "WorkerPool", "stream_sparql", "RESULT_FORMATS", "GRAPH_FORMATS", "FORMATS",
]

#: SELECT/ASK formats: name -> media type
RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: CONSTRUCT/DESCRIBE formats: name -> media type
GRAPH_FORMATS = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
FORMATS = ["table", *RESULT_FORMATS, *GRAPH_FORMATS]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RDF_DIRLANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
_WORKER_START_SECONDS = 30.0


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"the query ran longer than the time limit of {seconds:g} s and was stopped."
                         " Make it more selective (more specific patterns, LIMIT) or raise --timeout.")


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------

@dataclass
class Result:
    """The answer to one query.

    ``kind`` is ``"select"`` (``variables`` and ``rows`` of pyoxigraph terms,
    ``None`` where unbound), ``"ask"`` (``boolean``) or ``"graph"`` (``triples``,
    for CONSTRUCT and DESCRIBE). ``truncated`` is true when the result-size
    limit cut the answer.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    truncated: bool = False
    limit: int | None = None
    seconds: float = 0.0

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.triples)
        return 1

    def records(self) -> list[dict[str, Any]]:
        """SELECT rows as dicts of plain Python values: IRIs as strings, numbers as numbers,
        other literals as their lexical form, blank nodes as ``_:id``, unbound as ``None``."""
        if self.kind != "select":
            raise QueryError(f"records() needs a SELECT result, not {self.kind}.")
        return [{v: python_value(t) for v, t in zip(self.variables, row)} for row in self.rows]


def python_value(term) -> Any:
    """A pyoxigraph term as a plain Python value (see :meth:`Result.records`; IRIs as plain ``str``,
    otherwise as :func:`cigraph.results.to_python`)."""
    from .results import IRI, to_python

    v = to_python(term)
    return str(v) if isinstance(v, IRI) else v


def _json_term(t) -> dict | None:
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        dt = t.datatype.value
        if t.language:
            d["xml:lang"] = t.language
            if getattr(t, "direction", None) is not None:
                d["its:dir"] = str(t.direction.value if hasattr(t.direction, "value") else t.direction).lower()
        elif dt not in (_XSD + "string", _RDF_LANGSTRING, _RDF_DIRLANGSTRING):
            d["datatype"] = dt
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    raise TypeError(f"not an RDF term: {t!r}")


def _solutions_json(variables: list[str], rows: list[tuple]) -> bytes:
    """SPARQL 1.1 JSON results for rows of terms (the one hand-written serializer; every other
    results format is produced by Oxigraph from this)."""
    bindings = []
    for row in rows:
        b = {}
        for v, t in zip(variables, row):
            j = _json_term(t)
            if j is not None:
                b[v] = j
        bindings.append(b)
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _rows_from_json(data: bytes) -> tuple[list[str], list[tuple]]:
    import pyoxigraph as ox

    sols = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    variables = [v.value for v in sols.variables]
    return variables, [tuple(s[i] for i in range(len(variables))) for s in sols]


def serialize(result: Result, fmt: str, *, prefixes: dict[str, str] | None = None) -> bytes:
    """Write a result in ``fmt``: ``json``, ``xml``, ``csv``, ``tsv`` (SELECT/ASK), ``ttl``, ``nt``,
    ``rdfxml``, ``jsonld`` (CONSTRUCT/DESCRIBE) or ``table`` (any; a graph result as Turtle)."""
    import pyoxigraph as ox

    if fmt == "table":
        return render_table(result, prefixes=prefixes).encode("utf-8")
    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE result is RDF: use --format {' or '.join(GRAPH_FORMATS)},"
                             f" not {fmt}.")
        rf = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
              "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        if prefixes is None and fmt != "nt":
            prefixes = _used_prefixes(result.triples)
        triples = sorted(result.triples, key=str) if fmt == "nt" else result.triples
        return ox.serialize(triples, format=rf, prefixes=prefixes if fmt != "nt" else None)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"a {result.kind.upper()} result is a table: use --format "
                         f"{', '.join(['table', *RESULT_FORMATS])}, not {fmt}.")
    qf = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
          "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[fmt]
    if result.kind == "ask":
        data = json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode()
    else:
        data = _solutions_json(result.variables, result.rows)
    if fmt == "json":
        return data
    out = ox.parse_query_results(data, ox.QueryResultsFormat.JSON).serialize(format=qf)
    if fmt == "csv" and result.kind != "ask":  # spreadsheet formulas in the data neutralised (render.csvout)
        from .render.csvout import neutralise_csv

        out = neutralise_csv(out)
    return out


def _default_prefixes() -> dict[str, str]:
    from .vocab import PREFIXES

    return dict(PREFIXES)


def _used_prefixes(triples) -> dict[str, str]:
    """The known prefixes whose namespace some IRI in the triples starts with."""
    import pyoxigraph as ox

    known = _default_prefixes()
    iris = set()
    for t in triples:
        for x in (t.subject, t.predicate, t.object):
            if isinstance(x, ox.NamedNode):
                iris.add(x.value)
            elif isinstance(x, ox.Literal):
                iris.add(x.datatype.value)
    return {p: ns for p, ns in known.items() if any(i.startswith(ns) for i in iris)}


def _display(term, prefixes: dict[str, str]) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = ""
        name = ""
        for p, ns in prefixes.items():
            if term.value.startswith(ns) and len(ns) > len(best):
                best, name = ns, p
        return f"{name}:{term.value[len(best):]}" if best else term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def render_table(result: Result, *, prefixes: dict[str, str] | None = None, max_width: int = 80) -> str:
    """A plain-text table (IRIs shortened to CURIEs, long cells cut at ``max_width``)."""
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    if result.kind == "graph":
        return serialize(result, "ttl", prefixes=prefixes).decode("utf-8")
    prefixes = _default_prefixes() if prefixes is None else prefixes

    def cell(t) -> str:
        s = " ".join(_display(t, prefixes).split())
        return s if len(s) <= max_width else s[: max_width - 1] + "…"

    head = list(result.variables)
    body = [[cell(t) for t in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(head)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(head), line(["-" * w for w in widths])] + [line(r) for r in body]
    n = len(result.rows)
    foot = f"({n} row{'s' if n != 1 else ''}"
    foot += f"; cut at the limit of {result.limit})" if result.truncated else ")"
    return "\n".join(out + [foot]) + "\n"


# --------------------------------------------------------------------------------------------------
# Parameters, errors, update detection
# --------------------------------------------------------------------------------------------------

def to_term(value, prefixes: dict[str, str] | None = None):
    """A parameter value as an RDF term.

    ``<iri>``, ``http(s)://…`` and ``urn:…`` become IRIs, and so does a CURIE with a known
    prefix (``cgd:lapz``); N-Triples literal syntax (``"5"^^<…#integer>``, ``"x"@en``) is
    parsed; Python ``bool``/``int``/``float`` become typed literals; anything else is a
    plain string literal.

    >>> to_term("cgd:lapz")
    <NamedNode value=https://w3id.org/cigraph/id/lapz>
    >>> to_term('"Los Angeles"@en')
    <Literal value=Los Angeles language=en>
    >>> to_term('"5"^^xsd:integer')
    <Literal value=5 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    >>> to_term("Youth Policy Institute")
    <Literal value=Youth Policy Institute datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    import pyoxigraph as ox

    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "double"))
    s = str(value)
    if s.startswith("<") and s.endswith(">"):
        return _iri(s[1:-1], s)
    m = _NT_LITERAL.fullmatch(s)
    if m:
        dt = m.group(1)
        if dt and not dt.startswith("<"):  # CURIE datatype: "5"^^xsd:integer
            p, _, local = dt.partition(":")
            prefixes = _default_prefixes() if prefixes is None else prefixes
            if p in prefixes:
                s = s[: m.start(1)] + f"<{prefixes[p]}{local}>"
        try:
            return _term_from_nt(s)
        except QueryError:
            pass  # not a literal after all: plain text
    if re.match(r"^(https?|urn|mailto|file):", s):
        return _iri(s, s)
    m = re.fullmatch(r"([A-Za-z][\w.-]*):([^\s]*)", s)
    if m:
        prefixes = _default_prefixes() if prefixes is None else prefixes
        if m.group(1) in prefixes:
            return ox.NamedNode(prefixes[m.group(1)] + m.group(2))
    return ox.Literal(s)


def _iri(iri: str, written: str):
    import pyoxigraph as ox

    try:
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
            raise ValueError("no scheme")
        return ox.NamedNode(iri)
    except ValueError as e:
        raise QueryError(f"{written!r} is not a valid IRI ({e}): write an absolute IRI such as"
                         " <https://w3id.org/cigraph/id/lapz>, or a CURIE such as cgd:lapz.") from None


_NT_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(<[^<>\s]+>|[A-Za-z][\w.-]*:\S*))?')


def _term_from_nt(text: str):
    """Parse one term written in N-Triples syntax."""
    import pyoxigraph as ox

    try:
        quads = list(ox.parse(f"<urn:x-cigraph:s> <urn:x-cigraph:p> {text} .\n", ox.RdfFormat.N_TRIPLES))
    except SyntaxError as e:
        raise QueryError(f"parameter value {text} is not a valid RDF term ({e}); write an IRI as"
                         ' <https://…> or a CURIE, a literal as "text", "text"@en or "5"^^<…#integer>.') from None
    return quads[0].object


_SYNTAX = re.compile(r"error at (\d+):(\d+)(?:-\d+:\d+)?:?\s*(.*)", re.S)
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


_LEXEMES = re.compile(
    r"\\[_~.\-!$&'()*+,;=/?#@%]"             # escapes in prefixed names (ex:a\#b is no comment)
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'          # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'                    # strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'              # IRIs
    r"|#[^\n]*",                               # comments
    re.S)


def _code_only(text: str) -> str:
    """The query with comments removed and strings and IRIs emptied, for keyword checks.

    >>> _code_only('SELECT ?s # SERVICE\\nWHERE { ?s ci:note "uses SERVICE <x>" ; ?p <http://e/#a> }')
    'SELECT ?s  \\nWHERE { ?s ci:note "" ; ?p <> }'
    """
    def blank(m):
        tok = m.group(0)
        return " " if tok[0] == "#" else "_" if tok[0] == "\\" else '""' if tok[0] in "\"'" else "<>"

    return _LEXEMES.sub(blank, text)


def looks_like_update(text: str) -> bool:
    """Whether the text is a SPARQL Update request rather than a query.

    >>> looks_like_update("PREFIX ex: <http://e/> # comment\\nINSERT DATA { ex:a ex:b ex:c }")
    True
    >>> looks_like_update("SELECT * WHERE { ?s ?p ?o }")
    False
    """
    return bool(_UPDATE.match(_code_only(text)))


_SERVICE_WORD = re.compile(r"service", re.I)
_FROM_WORD = re.compile(r"(?<![\w?$:.\\-])from(?![\w:-])", re.I)


@functools.lru_cache(maxsize=256)
def _parse_tree(text: str):
    """rdflib's parse tree of a query (``None`` when rdflib cannot parse it).

    Used as a gate (is there a SERVICE? does the query name a dataset?), never to run the query.
    """
    try:
        from rdflib.plugins.sparql.parser import parseQuery
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return None
    try:
        return parseQuery(text)
    except Exception as e:  # noqa: BLE001 - pyparsing raises several types; any of them means "cannot tell"
        if len(_PARSE_ERRORS) > 256:
            _PARSE_ERRORS.clear()
        _PARSE_ERRORS[text] = " ".join(str(e).split())[:200]
        return None


_PARSE_ERRORS: dict[str, str] = {}


def _tree_has(tree, names: tuple[str, ...]) -> bool:
    """Whether a parse tree holds a node named one of ``names`` anywhere (filters and subqueries too)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        x = stack.pop()
        if isinstance(x, CompValue):
            if x.name in names:
                return True
            stack.extend(x.values())
        elif isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)) or type(x).__name__ == "ParseResults":
            stack.extend(x)
    return False


def uses_service(text: str) -> bool:
    """Whether the query may call another endpoint (``SERVICE``), which Oxigraph would fetch over HTTP.

    Decided on the parsed query: any ``ServiceGraphPattern`` in rdflib's parse tree (in a
    subquery, an ``EXISTS``, an ``OPTIONAL``…; with an IRI, a prefixed name, a BASE-relative
    IRI or a variable) counts. The check fails closed: a query that mentions the word
    ``service`` anywhere (after ``\\u`` escapes) and that rdflib cannot parse counts too. A
    query without the word cannot hold the keyword, so it is not parsed at all.

    >>> uses_service("SELECT * WHERE { ?s ?p ?o .SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT ?service WHERE { ?service ci:note "SERVICE <x>" } # SERVICE <y>')
    False
    """
    if not _SERVICE_WORD.search(text) and not _SERVICE_WORD.search(_unescape_codepoints(text)):
        return False
    tree = _parse_tree(text)
    if tree is None:
        return True  # cannot tell: refuse rather than guess
    return _tree_has(tree, ("ServiceGraphPattern",)) or bool(_SERVICE_KEYWORD.search(_code_only(text)))


# A second, lexical line of defence (the parse tree decides; this catches a query rdflib would
# read differently from Oxigraph, e.g. a keyword rdflib takes for part of a string).
_SERVICE_KEYWORD = re.compile(r"(?<![\w?$:.\\-])SERVICE(?=\s*(?:SILENT\b|<|[?$]|[A-Za-z_][\w.-]*:|:))", re.I)


def _unescape_codepoints(text: str) -> str:
    r"""The text with SPARQL codepoint escapes (``\u0053``, ``\U00000053``) replaced."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def names_dataset(text: str) -> bool:
    """Whether the query says its own dataset (``FROM`` / ``FROM NAMED``).

    >>> names_dataset("SELECT * FROM <https://w3id.org/cigraph/graph/data> WHERE { ?s ?p ?o }")
    True
    >>> names_dataset('SELECT ?from WHERE { ?from ci:name "from" } # FROM <x>')
    False
    """
    if not _FROM_WORD.search(_code_only(_unescape_codepoints(text))):
        return False    # not in the code (a comment or a string may say "from"): no need to parse
    tree = _parse_tree(text)
    if tree is not None:
        return bool(dict.get(tree[1], "datasetClause"))
    # rdflib cannot parse it (an Oxigraph extension?): FROM is a keyword only in a dataset clause
    return bool(re.search(r"(?<![\w?$:.\\-])FROM\b", _code_only(text), re.I))


_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)")
_SELECT_STAR = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<>|BASE\s+<>)\s*)*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*",
                          re.I)


def _star_order(text: str, variables: list[str]) -> list[int] | None:
    """For ``SELECT *``: the permutation putting the variables in the order they first appear in the
    query (Oxigraph sorts them by name). ``None`` when nothing is to be done.

    >>> _star_order("SELECT * WHERE { ?zeta ?alpha ?mid }", ["alpha", "mid", "zeta"])
    [2, 0, 1]
    """
    code = _code_only(text)
    if not _SELECT_STAR.match(code):
        return None
    first: dict[str, int] = {}
    for m in _VARIABLE.finditer(code):
        first.setdefault(m.group(1), m.start())
    order = sorted(range(len(variables)), key=lambda i: (first.get(variables[i], len(code)), i))
    return None if order == list(range(len(variables))) else order


def syntax_error(message: str, text: str) -> QueryError:
    """A ``QueryError`` from the parser's message, naming line and column and showing the line."""
    m = _SYNTAX.match(message.strip())
    if not m:
        return QueryError(f"SPARQL syntax error: {message}")
    line, col, what = int(m.group(1)), int(m.group(2)), m.group(3).strip()
    if "Prefix not found" in what:
        what = ("unknown prefix: declare it with PREFIX, or use a predeclared one"
                " (ci:, cgd:, org:, prov:, skos:, dcterms:, foaf:, cids:, owl:, rdf:, rdfs:, xsd:)")
    lines = text.splitlines() or [""]
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * (len(str(line)) + 3 + max(col - 1, 0)) + "^"
    err = QueryError(f"SPARQL syntax error at line {line}, column {col}: {what}\n"
                     f"  {line} | {src}\n  {caret}")
    err.line, err.column = line, col
    return err


def _update_refused() -> QueryError:
    return QueryError("this is a SPARQL Update; cigraph runs queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
                      " and never changes the workspace. Change data/*.ttl and run `cigraph build` instead.")


# --------------------------------------------------------------------------------------------------
# Running a query
# --------------------------------------------------------------------------------------------------

def _query_text_and_params(query, params: dict | None) -> tuple[str, dict]:
    from .queries import Query

    params = dict(params or {})
    if isinstance(query, Query):
        if query.params or params:
            params = {k: v for k, v in query.check_params(params).items() if v is not None}
        return query.text, params
    return str(query), params


class QueryRefused(QueryError):
    """The query asks for something cigraph never does: a federated query (``SERVICE``)."""

    def __init__(self, message: str | None = None):
        super().__init__(message or (
            "federated queries (SERVICE) are not allowed: they would make cigraph fetch other URLs"
            " (on the endpoint, on behalf of any web page). Query the other endpoint directly and"
            " combine the answers, or load its data into data/ and run `cigraph build`."))


def check_query(text: str) -> None:
    """Refuse what cigraph never runs, decided on the parsed query: SERVICE (:class:`QueryRefused`)."""
    if uses_service(text):
        if _parse_tree(text) is None:
            why = _PARSE_ERRORS.pop(text, "")
            raise QueryRefused(
                "this query mentions SERVICE and cigraph could not check it (its checker, rdflib's SPARQL"
                f" parser, cannot read it{': ' + why if why else ''}), so it is not run: federated queries"
                " are not allowed. If the word is only in a string or a name, check the query's syntax.")
        raise QueryRefused()


def _dataset_kw(text: str, default_graph, named_graphs) -> dict:
    """The dataset keywords for ``Store.query``.

    The protocol's lists (``default-graph-uri`` / ``named-graph-uri``) win; otherwise the
    query's own ``FROM`` / ``FROM NAMED`` (Oxigraph honours them only when the union
    default graph is off); otherwise the union of all graphs is the default graph.
    """
    import pyoxigraph as ox

    if default_graph is not None or named_graphs is not None:
        return {"default_graph": [graph_iri(g, "default-graph-uri") for g in default_graph or []],
                "named_graphs": [graph_iri(g, "named-graph-uri") for g in named_graphs or []]}
    if names_dataset(text):
        return {}
    return {"use_default_graph_as_union": True}


def graph_iri(value, what: str = "graph IRI"):
    """A graph name as a ``NamedNode``; :class:`QueryError` naming ``what`` when it is not an absolute IRI.

    >>> graph_iri("https://w3id.org/cigraph/graph/data")
    <NamedNode value=https://w3id.org/cigraph/graph/data>
    >>> graph_iri("not an iri", "default-graph-uri")
    Traceback (most recent call last):
    ...
    cigraph.errors.QueryError: default-graph-uri 'not an iri' is not an absolute IRI: give one such as https://w3id.org/cigraph/graph/data.
    """
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode):
        return value
    s = str(value)
    try:
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", s):
            raise ValueError(s)
        return ox.NamedNode(s)
    except ValueError:
        raise QueryError(f"{what} {s!r} is not an absolute IRI: give one such as"
                         " https://w3id.org/cigraph/graph/data.") from None


def _query_error(e: Exception, text: str) -> Exception:
    if isinstance(e, SyntaxError):
        if looks_like_update(text):
            return _update_refused()
        return syntax_error(str(e.msg if hasattr(e, "msg") and e.msg else e), text)
    if isinstance(e, RuntimeError):
        msg = str(e)
        if "SELECT projection" in msg:
            return QueryError(f"{msg}: a bound parameter must be a variable the query SELECTs"
                              " (add it to the SELECT clause).")
        return QueryError(f"the query failed: {msg}")
    return StoreError(f"could not read the store: {e}")


_KEYWORD = re.compile(r"(?<![\w?$:.\\-])(SELECT|CONSTRUCT|DESCRIBE|ASK|WHERE)(?![\w:-])", re.I)


def _masked(text: str) -> str:
    """The query with comments, strings and IRIs replaced by spaces of the same length (positions kept)."""
    return _LEXEMES.sub(lambda m: " " * len(m.group(0)), text)


def _value_braces(text: str, names: set[str]) -> dict[int, set[str]]:
    """Where a ``VALUES`` row for the variables ``names`` may open a WHERE group: ``{position of
    the "{": the variables}``, read on the query's tokens (comments, strings and IRIs masked).

    The outermost WHERE group takes every variable; a subquery's WHERE group takes those of its
    parent's that it SELECTs as plain variables (or all, for ``SELECT *``): its answer is joined
    on them with a parent in which they hold the bound value, so restricting it first changes
    nothing. A subquery that does not SELECT a variable has its own, unrelated one, and nothing
    inside a SELECT expression or a CONSTRUCT template takes a row.

    >>> q = 'SELECT ?i ?n (EXISTS { ?i ?p "WHERE {" } AS ?e) # WHERE {\\nWHERE { ?i ?p ?o { SELECT ?i (1 AS ?n) WHERE { ?i ?q ?r } } { SELECT ?o WHERE { ?i ?q ?o } } }'
    >>> {q[k:k + 8]: sorted(v) for k, v in _value_braces(q, {"i", "n"}).items()}
    {'{ ?i ?p ': ['i', 'n'], '{ ?i ?q ': ['i']}
    >>> q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    >>> [q[k:] for k in _value_braces(q, {"s"})]
    ['{ ?s ?p ?o }']
    >>> _value_braces("ASK { ?s ?p ?o }", {"s"})
    {4: {'s'}}
    """
    code = _masked(text)
    out: dict[int, set[str]] = {}
    stack: list[set[str]] = []     # per open "{": the variables a row there may bind
    parens = 0
    select = None                  # a SELECT clause being read: [its plain variables, SELECT *, its paren depth]
    form = False                   # the outermost query form has been read
    template = False               # the next "{" opens a CONSTRUCT template
    i, n = 0, len(code)
    while i < n:
        c = code[i]
        if c == "(":
            parens += 1
        elif c == ")":
            parens -= 1
        elif c == "{":
            where = False
            if select is not None and parens == select[2]:      # the WHERE group of a SELECT
                where = True
                take = set(names) if not stack else set(stack[-1]) if select[1] else stack[-1] & select[0]
                select = None
            elif template or select is not None:                 # a template, or inside a SELECT expression
                take, template = set(), False
            elif not stack and form:                             # ASK, DESCRIBE, CONSTRUCT WHERE
                where, take = True, set(names)
            else:                                                # a group inside a group
                take = set(stack[-1]) if stack else set()
            if where and take:
                out[i] = take
            stack.append(take)
        elif c == "}":
            if stack:
                stack.pop()
        elif select is not None and parens == select[2] and c == "*":
            select[1] = True
        elif select is not None and parens == select[2] and c in "?$":
            m = _VARIABLE.match(code, i)
            if m:
                select[0].add(m.group(1))
                i = m.end()
                continue
        elif c.isalpha():
            m = _KEYWORD.match(code, i)         # (not after ?, $, : or a name character: its look-behind)
            if m:
                word = m.group(1).upper()
                if word == "SELECT":
                    select = [set(), False, parens]
                elif word != "WHERE" and not stack:
                    template = word == "CONSTRUCT" and not _next_is_where(code, m.end())
                if word != "WHERE" and not stack:
                    form = True
                i = m.end()
                continue
            while i < n and (code[i].isalnum() or code[i] in "_:.-"):
                i += 1
            continue
        i += 1
    return out


def _next_is_where(code: str, at: int) -> bool:
    m = _KEYWORD.match(code, len(code) - len(code[at:].lstrip()))
    return bool(m) and m.group(1).upper() == "WHERE"


def _planned(text: str, subs: dict | None) -> str | None:
    """The query with its bound parameters also given as a ``VALUES`` row at the start of the
    outermost WHERE group and of the subqueries that SELECT them (:func:`_value_braces`), or
    ``None`` when there is nothing to add.

    Oxigraph applies substitutions when it evaluates, after it has planned the query, so a pattern
    such as ``?x ci:partOfInitiative ?initiative`` is planned as a scan of every initiative's links
    and filtered afterwards; a ``VALUES`` row is a constant the planner starts from (4.5 s -> 20 ms
    for one initiative's channels at 10 M triples). The substitutions stay: the answer is theirs,
    the row is the same value joined once, which changes nothing in it. Terms are written by
    pyoxigraph (a validated IRI or an escaped literal), never from the caller's text; blank
    nodes, which VALUES cannot hold, are left to the substitution alone.
    """
    import pyoxigraph as ox

    if not subs:
        return None
    names = {m.group(1) for m in _VARIABLE.finditer(_masked(text))}
    pairs = [(v.value, str(t)) for v, t in subs.items()
             if v.value in names and isinstance(t, (ox.NamedNode, ox.Literal))]
    if not pairs:
        return None
    at = _value_braces(text, {v for v, _ in pairs})
    if not at:
        return None
    term = dict(pairs)
    for k in sorted(at, reverse=True):
        vs = [v for v, _ in pairs if v in at[k]]
        row = f" VALUES (?{' ?'.join(vs)}) {{ ({' '.join(term[v] for v in vs)}) }} "
        text = text[:k + 1] + row + text[k + 1:]
    return text


def query_store(store, text: str, subs: dict | None, prefixes: dict | None, **kw):
    """``store.query`` with the bound parameters given to the planner too (:func:`_planned`); the
    query as written when the planned text does not parse (e.g. a ``BIND`` to a bound variable).
    Errors are pyoxigraph's, for the query as written."""
    planned = _planned(text, subs)
    if planned is not None:
        try:
            return store.query(planned, prefixes=prefixes or None, substitutions=subs, **kw)
        except SyntaxError:
            pass
    return store.query(text, prefixes=prefixes or None, substitutions=subs or None, **kw)


def open_query(store, text: str, subs: dict | None, prefixes: dict | None, default_graph=None, named_graphs=None):
    """Start a query on an open pyoxigraph store: ``("ask", bool, None)``, ``("select", variables,
    rows)`` or ``("graph", None, triples)``, the rows and triples as lazy iterators (rows are tuples
    of terms, ``None`` where unbound; ``SELECT *`` columns in the order the query names them).

    Every query goes through here: SERVICE is refused first (:func:`check_query`).
    """
    import pyoxigraph as ox

    check_query(text)
    kw = _dataset_kw(text, default_graph, named_graphs)
    try:
        res = query_store(store, text, subs, prefixes, **kw)
    except (SyntaxError, RuntimeError, OSError) as e:
        raise _query_error(e, text) from None
    if isinstance(res, ox.QueryBoolean):
        return "ask", bool(res), None
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        order = _star_order(text, variables)
        if order is not None:
            variables = [variables[i] for i in order]
        return "select", variables, _rows(res, text, len(variables), order)
    return "graph", None, _guarded(iter(res), text)


def _rows(res, text: str, n: int, order):
    idx = order if order is not None else range(n)
    try:
        for sol in res:
            yield tuple(sol[i] for i in idx)
    except (RuntimeError, OSError) as e:
        raise _query_error(e, text) from None


def _guarded(it, text: str):
    try:
        yield from it
    except (RuntimeError, OSError) as e:
        raise _query_error(e, text) from None


def _execute(store, text: str, subs: dict | None, prefixes: dict, limit: int | None,
             default_graph=None, named_graphs=None, offset: int = 0) -> Result:
    """Run a query on an open pyoxigraph store (in this process); keep ``limit`` rows after ``offset``."""
    import itertools

    t0 = time.perf_counter()
    kind, head, items = open_query(store, text, subs, prefixes, default_graph, named_graphs)
    if kind == "ask":
        return Result("ask", boolean=head, seconds=time.perf_counter() - t0)
    if offset:
        items = itertools.islice(items, offset, None)
    out, truncated = [], False
    for x in items:
        if limit is not None and len(out) >= limit:
            truncated = True
            break
        out.append(x)
    seconds = time.perf_counter() - t0
    if kind == "select":
        return Result("select", head, out, truncated=truncated, limit=limit, seconds=seconds)
    return Result("graph", triples=out, truncated=truncated, limit=limit, seconds=seconds)


def run_sparql(ds, query, *, params: dict | None = None, timeout: float | None = None,
               limit: int | None = None, offset: int = 0) -> Result:
    """Run a SPARQL query over the union of the dataset's graphs.

    ``query`` is SPARQL text or a :class:`cigraph.queries.Query` (whose declared parameters
    are checked). ``params`` maps variable names (without ``?``) to values (see
    :func:`to_term`); they are bound by the engine. ``timeout`` (seconds) runs the query in
    a worker process that is killed when the time is up (:class:`QueryTimeout`); ``limit``
    caps the rows or triples returned (``Result.truncated`` tells), after skipping ``offset``.
    For answers too large to hold, :func:`stream_sparql` hands them over in batches.
    """
    from .vocab import PREFIXES

    text, params = _query_text_and_params(query, params)
    if looks_like_update(text):
        raise _update_refused()
    check_query(text)
    if limit is not None and limit < 0 or offset < 0:
        raise QueryError("the result-size limit and the offset must be 0 or more.")
    subs = _substitutions(params)
    if not timeout:
        return _execute(ds.store, text, subs, PREFIXES, limit, offset=offset)
    store_path = Path(ds.path) / "store" if ds.path is not None else None
    if store_path is not None and store_path.is_dir():
        with QueryWorker(store_path=store_path) as w:
            return w.run(text, params, limit=limit, timeout=timeout, offset=offset)
    import tempfile

    import pyoxigraph as ox

    with tempfile.TemporaryDirectory(prefix="cigraph-sparql-") as tmp:
        dump = Path(tmp) / "dataset.nq"
        ds.store.dump(str(dump), format=ox.RdfFormat.N_QUADS)
        with QueryWorker(nquads_path=dump) as w:
            return w.run(text, params, limit=limit, timeout=timeout, offset=offset)


@contextlib.contextmanager
def stream_sparql(ds, query, *, params: dict | None = None, timeout: float | None = None,
                  limit: int | None = None, offset: int = 0):
    """Run a query and yield its answer in batches (a :class:`cigraph.streaming.Answer`), with
    bounded memory whatever its size; write it with :func:`cigraph.streaming.write_answer`.

    With a ``timeout`` the query runs in a worker process (killed past the limit, which
    covers the whole answer); without one (or for an in-memory dataset), in this process.
    """
    from .streaming import local_answer
    from .vocab import PREFIXES

    text, params = _query_text_and_params(query, params)
    if looks_like_update(text):
        raise _update_refused()
    check_query(text)
    if limit is not None and limit < 0 or offset < 0:
        raise QueryError("--limit and --offset must be 0 or more.")
    subs = _substitutions(params)
    store_path = Path(ds.path) / "store" if ds.path is not None else None
    if not timeout or store_path is None or not store_path.is_dir():
        # no time limit, or an in-memory dataset (no store a worker could open): in this process
        yield local_answer(ds.store, text, subs, PREFIXES, limit=limit, offset=offset)
        return
    with QueryWorker(store_path=store_path) as w:
        yield w.stream(text, params, limit=limit, offset=offset, timeout=timeout)


def _substitutions(params: dict) -> dict:
    import pyoxigraph as ox

    out = {}
    for k, v in params.items():
        name = k[1:] if k.startswith(("?", "$")) else k
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"parameter name {k!r} is not a SPARQL variable name.")
        try:
            out[ox.Variable(name)] = to_term(v)
        except QueryError as e:
            raise QueryError(f"parameter {name}: {e}") from None
    return out


# --------------------------------------------------------------------------------------------------
# Worker processes
# --------------------------------------------------------------------------------------------------

class QueryWorker:
    """A child process holding a read-only store; runs one query at a time, killed on timeout.

    Protocol (one request at a time): the parent writes a JSON line ``{"query", "params",
    "limit", "prefixes"}`` (params as N-Triples terms); the worker answers with a JSON header
    line and ``size`` bytes of payload (SPARQL JSON results or N-Triples).
    """

    def __init__(self, *, store_path: str | Path | None = None, nquads_path: str | Path | None = None):
        if (store_path is None) == (nquads_path is None):
            raise ValueError("give exactly one of store_path and nquads_path")
        args = ["--store", str(store_path)] if store_path is not None else ["--nquads", str(nquads_path)]
        env = dict(os.environ)
        pkg_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = pkg_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen([sys.executable, "-m", "cigraph.sparql", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, start_new_session=False)
        # bounded: when the consumer of a streamed answer is slow, the reader stops reading the pipe,
        # the worker blocks writing it, and neither side holds more than a few batches
        self._inbox: queue.Queue = queue.Queue(maxsize=4)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._started = False
        self.dead = False

    def _read(self) -> None:
        out = self.proc.stdout
        try:
            while True:
                line = out.readline()
                if not line:
                    break
                header = json.loads(line)
                payload = out.read(header.get("size", 0)) if header.get("size") else b""
                if not self._put((header, payload)):
                    return
        except (OSError, ValueError):
            pass
        self._put(None)

    def _put(self, item) -> bool:
        while True:
            try:
                self._inbox.put(item, timeout=0.5)
                return True
            except queue.Full:
                if self.dead:
                    return False

    def _get(self, timeout: float | None):
        item = self._inbox.get(timeout=timeout)
        if item is None:
            self.dead = True
            code = self.proc.wait()
            raise StoreError(f"the query worker stopped unexpectedly (exit code {code}); see the messages above."
                             " If the workspace is missing or being rebuilt, run `cigraph build` and retry.")
        return item

    def start(self, timeout: float = _WORKER_START_SECONDS) -> "QueryWorker":
        """Wait until the worker has opened the store."""
        if not self._started:
            try:
                header, _ = self._get(timeout)
            except queue.Empty:
                self.kill()
                raise StoreError(f"the query worker did not start within {timeout:g} s.") from None
            if not header.get("ok"):
                self.kill()
                raise StoreError(header.get("message", "the query worker could not open the store."))
            self._started = True
        return self

    def run(self, text: str, params: dict | None = None, *, limit: int | None = None,
            timeout: float | None = None, default_graph: list[str] | None = None,
            named_graphs: list[str] | None = None, offset: int = 0) -> Result:
        """Run one query; kill the worker and raise :class:`QueryTimeout` past ``timeout`` seconds."""
        from .vocab import PREFIXES

        if self.dead:
            raise StoreError("this query worker was stopped; start a new one.")
        self.start()
        t0 = time.perf_counter()
        req = {"query": text, "limit": limit, "prefixes": PREFIXES,
               "params": {k: str(to_term(v)) for k, v in (params or {}).items()},
               "default_graph": default_graph, "named_graphs": named_graphs, "offset": offset}
        try:
            self.proc.stdin.write(json.dumps(req).encode("utf-8") + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self.dead = True
            raise StoreError("the query worker is gone; start a new one.") from None
        try:
            header, payload = self._get(timeout)
        except queue.Empty:
            self.kill()
            raise QueryTimeout(timeout) from None
        _raise_if_failed(header)
        return _decode(header, payload, time.perf_counter() - t0)

    def stream(self, text: str, params: dict | None = None, *, limit: int | None = None, offset: int = 0,
               timeout: float | None = None, batch: int | None = None):
        """Run one query and hand its answer over in batches (a :class:`cigraph.streaming.Answer`).

        The time limit covers the whole answer, its reading included: past it the worker is
        killed and :class:`QueryTimeout` raised, from here or from the batch iterator.
        """
        from .streaming import BATCH, Answer
        from .vocab import PREFIXES

        if self.dead:
            raise StoreError("this query worker was stopped; start a new one.")
        self.start()
        deadline = None if timeout is None else time.monotonic() + timeout
        req = {"query": text, "limit": limit, "offset": offset, "prefixes": PREFIXES, "stream": True,
               "batch": batch or BATCH, "params": {k: str(to_term(v)) for k, v in (params or {}).items()}}
        try:
            self.proc.stdin.write(json.dumps(req).encode("utf-8") + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self.dead = True
            raise StoreError("the query worker is gone; start a new one.") from None

        def next_item():
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                header, payload = self._get(left)
            except queue.Empty:
                self.kill()
                raise QueryTimeout(timeout) from None
            _raise_if_failed(header)
            return header, payload

        header, _ = next_item()
        if header["kind"] == "ask":
            return Answer("ask", boolean=header["boolean"])
        ans = Answer(header["kind"], header.get("variables") or [], limit=limit)

        def batches():
            while True:
                h, payload = next_item()
                if h.get("end"):
                    ans.count, ans.truncated = h["count"], h["truncated"]
                    return
                yield payload

        ans.batches = batches()
        return ans

    def kill(self) -> None:
        """Stop the worker now (whatever it is doing)."""
        self.dead = True
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass

    def close(self) -> None:
        """Ask the worker to exit (end of input), and kill it if it does not."""
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def __enter__(self) -> "QueryWorker":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        # on an error (Ctrl-C included) do not wait for a query that may never end
        self.kill() if exc_type is not None else self.close()


def _raise_if_failed(header: dict) -> None:
    if header.get("ok"):
        return
    if header.get("error") == "store":
        raise StoreError(header.get("message"))
    if header.get("error") == "refused":
        raise QueryRefused(header.get("message"))
    err = QueryError(header.get("message", "the query failed."))
    if header.get("line"):
        err.line, err.column = header["line"], header["column"]
    raise err


def _decode(header: dict, payload: bytes, seconds: float) -> Result:
    import pyoxigraph as ox

    kind = header["kind"]
    if kind == "ask":
        return Result("ask", boolean=header["boolean"], seconds=seconds)
    if kind == "select":
        variables, rows = _rows_from_json(payload)
        return Result("select", variables, rows, truncated=header["truncated"], limit=header.get("limit"),
                      seconds=seconds)
    triples = [q.triple for q in ox.parse(payload, ox.RdfFormat.N_TRIPLES)] if payload else []
    return Result("graph", triples=triples, truncated=header["truncated"], limit=header.get("limit"),
                  seconds=seconds)


class WorkerPool:
    """A few warm :class:`QueryWorker` s over one store; a worker killed on timeout is replaced.

    ``run`` waits for a free worker for at most the query's time limit.
    """

    def __init__(self, store_path: str | Path, size: int = 2):
        self.store_path = Path(store_path)
        self.size = max(1, size)
        self._idle: queue.Queue = queue.Queue()
        self._busy: set[QueryWorker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(self.size):
            self._idle.put(QueryWorker(store_path=self.store_path))
        # open the stores now so the first request is fast and a broken store fails at start-up
        ws = [self._idle.get() for _ in range(self.size)]
        try:
            for w in ws:
                w.start()
        finally:
            for w in ws:
                self._idle.put(w)

    def run(self, text: str, params: dict | None = None, *, limit: int | None = None,
            timeout: float | None = None, **kw) -> Result:
        if self._closed:
            raise StoreError("the worker pool is closed.")
        t0 = time.perf_counter()
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(timeout) from None
        remaining = None if timeout is None else max(0.01, timeout - (time.perf_counter() - t0))
        with self._lock:
            self._busy.add(w)
        try:
            return w.run(text, params, limit=limit, timeout=remaining, **kw)
        except QueryTimeout:
            raise QueryTimeout(timeout) from None
        finally:
            with self._lock:
                self._busy.discard(w)
                closed = self._closed
            if closed:
                w.close()
            else:
                self._idle.put(QueryWorker(store_path=self.store_path) if w.dead else w)

    def close(self, *, kill_busy: bool = True) -> None:
        """Stop the workers: idle ones are asked to exit; busy ones are killed, or with
        ``kill_busy=False`` left to finish their query and exit then."""
        with self._lock:
            self._closed = True
            busy = list(self._busy)
        for w in busy if kill_busy else ():
            w.kill()
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                break

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _stream_reply(store, text: str, subs: dict, req: dict, reply) -> None:
    """In the worker: answer a ``stream`` request with a header, the batches, and an end line."""
    from .streaming import local_answer

    ans = local_answer(store, text, subs, req.get("prefixes") or {}, limit=req.get("limit"),
                       offset=req.get("offset") or 0, batch=req.get("batch") or 2000)
    if ans.kind == "ask":
        reply({"ok": True, "kind": "ask", "boolean": ans.boolean})
        return
    reply({"ok": True, "kind": ans.kind, "variables": ans.variables, "stream": True})
    for b in ans.batches:  # a QueryError/StoreError here is answered by the caller's handlers
        reply({"ok": True, "batch": True}, b)
    reply({"ok": True, "end": True, "count": ans.count, "truncated": ans.truncated})


def _worker_main(argv: list[str]) -> int:
    """The worker process: open the store read-only, then answer requests from stdin."""
    import signal

    import pyoxigraph as ox

    # Ctrl-C is the parent's business (it kills us). If the parent dies without killing us,
    # a watchdog ends this process even in the middle of a query (pyoxigraph releases the
    # GIL while it evaluates). Not PR_SET_PDEATHSIG: that fires when the *thread* that
    # started us ends, and the endpoint starts replacement workers from request threads.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watchdog() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watchdog, daemon=True).start()
    out = sys.stdout.buffer
    inp = sys.stdin.buffer

    def reply(header: dict, payload: bytes = b"") -> None:
        header["size"] = len(payload)
        out.write(json.dumps(header).encode("utf-8") + b"\n")
        if payload:
            out.write(payload)
        out.flush()

    try:
        if argv[0] == "--store":
            store = ox.Store.read_only(argv[1])
        else:
            store = ox.Store()
            store.bulk_load(path=argv[1], format=ox.RdfFormat.N_QUADS)
    except (OSError, SyntaxError, IndexError) as e:
        reply({"ok": False, "error": "store", "message": f"the query worker cannot open the store: {e}"})
        return 1
    reply({"ok": True, "ready": True})
    for line in inp:
        if not line.strip():
            continue
        req = json.loads(line)
        text = req["query"]
        try:
            subs = {ox.Variable(k): _term_from_nt(v) for k, v in (req.get("params") or {}).items()}
            dg, ng = req.get("default_graph"), req.get("named_graphs")
            if req.get("stream"):
                _stream_reply(store, text, subs, req, reply)
                continue
            r = _execute(store, text, subs, req.get("prefixes") or {}, req.get("limit"), dg, ng,
                         offset=req.get("offset") or 0)
        except StoreError as e:
            reply({"ok": False, "error": "store", "message": str(e)})
            continue
        except QueryError as e:
            reply({"ok": False, "error": "refused" if isinstance(e, QueryRefused) else "query", "message": str(e),
                   "line": getattr(e, "line", None), "column": getattr(e, "column", None)})
            continue
        head = {"ok": True, "kind": r.kind, "truncated": r.truncated, "limit": r.limit, "seconds": r.seconds}
        if r.kind == "ask":
            reply({**head, "boolean": r.boolean})
        elif r.kind == "select":
            reply(head, _solutions_json(r.variables, r.rows))
        else:
            reply(head, ox.serialize(r.triples, format=ox.RdfFormat.N_TRIPLES) if r.triples else b"")
    return 0


if __name__ == "__main__":  # pragma: no cover - runs in the worker process
    sys.exit(_worker_main(sys.argv[1:]))
