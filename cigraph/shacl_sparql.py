"""A SHACL validator that compiles shapes into SPARQL and runs them inside Oxigraph.

pySHACL copies the dataset into rdflib and walks it in Python; above ~10^5
triples that takes minutes. This module compiles the SHACL Core subset that
``ontology/shapes.ttl`` uses into one SPARQL query per constraint and runs
them on the Oxigraph store, where they take seconds on millions of triples.
It returns the same :class:`~cigraph.shacl.ValidationResult` set as the
``pyshacl`` engine (``tests/test_validate_engines.py`` checks this on the case
studies and on one invalid graph per constraint kind).

Supported (anything else in the shapes raises :class:`UnsupportedShape`):

* node shapes with ``sh:targetClass`` (instances are found with ``rdf:type`` in
  the union graph, which already holds the ``rdfs:subClassOf`` closure);
* ``sh:property`` with a ``sh:path`` (an IRI or a SHACL property path:
  ``sh:inversePath``, a sequence list, ``sh:alternativePath``,
  ``sh:zeroOrMorePath``, ``sh:oneOrMorePath``, ``sh:zeroOrOnePath``, compiled
  to the SPARQL 1.1 property path of :func:`sparql_path`) and ``sh:minCount``, ``sh:maxCount``,
  ``sh:class``, ``sh:datatype`` (the literal must also be well formed for
  xsd:integer, decimal, boolean, date, dateTime, gYear, gYearMonth, like pySHACL),
  ``sh:nodeKind``, ``sh:or`` of shapes holding only ``sh:datatype`` /
  ``sh:nodeKind``, ``sh:severity``, ``sh:message``; ``sh:name``,
  ``sh:description``, ``sh:order`` and ``sh:group`` are ignored (non-validating);
* node-level ``sh:sparql`` constraints with ``sh:select`` using ``$this``,
  ``sh:message`` templates ``{?var}`` / ``{$var}``.

Known differences from pySHACL, outside what the shapes use: Oxigraph stores
well-formed numbers in canonical form, so a reported ``value`` ``"007"`` reads
``"7"``; blank-node focus nodes get Oxigraph's identifiers, not rdflib's.

>>> from cigraph.pipeline import build_dataset
>>> from cigraph.settings import Settings
>>> results = validate_sparql(build_dataset(Settings()), None)
>>> any(r.severity.value == "Violation" for r in results)
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CigraphError
from .shacl import Severity, ValidationResult

__all__ = ["validate_sparql", "compile_shapes", "sparql_path", "Check", "UnsupportedShape"]

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# lexical forms pySHACL (via rdflib's ill_typed) accepts, per datatype; others are not checked
_TZ = r"(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])?"
_LEXICAL = {
    XSD + "integer": r"^[+-]?[0-9]+$",
    XSD + "decimal": r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$",
    XSD + "boolean": r"^(true|false|1|0)$",
    XSD + "gYear": r"^-?[0-9]{4,}" + _TZ + "$",
    XSD + "gYearMonth": r"^-?[0-9]{4,}-(0[1-9]|1[0-2])" + _TZ + "$",
    XSD + "date": r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TZ + "$",
    XSD + "dateTime": (r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]"
                       r":[0-5][0-9](\\.[0-9]+)?|24:00:00(\\.0+)?)" + _TZ + "$"),
}
_NODE_KIND = {
    SH + "IRI": "isIRI({v})",
    SH + "Literal": "isLiteral({v})",
    SH + "BlankNode": "isBlank({v})",
    SH + "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    SH + "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    SH + "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}
# predicates allowed on each kind of shape node (non-sh: predicates such as rdfs:comment are ignored)
_IGNORED = {SH + p for p in ("name", "description", "order", "group")}
_NODE_SHAPE_KEYS = {SH + p for p in ("targetClass", "property", "sparql", "severity", "message")} | _IGNORED
_PROPERTY_KEYS = {SH + p for p in ("path", "minCount", "maxCount", "class", "datatype", "nodeKind", "or",
                                   "severity", "message")} | _IGNORED
_OR_MEMBER_KEYS = {SH + "datatype", SH + "nodeKind"}
_SPARQL_KEYS = {SH + "select", SH + "message"}


class UnsupportedShape(CigraphError):
    """The shapes use a SHACL feature this engine does not compile."""

    exit_code = 6


@dataclass
class Check:
    """One compiled constraint: a query whose rows are results."""

    kind: str                   # minCount, maxCount, sparql, or value constraints joined by "+"
    shape: str
    query: str
    severity: Severity
    message: str
    path: str | None = None
    focus_query: str | None = None  # sparql checks: the shape's focus nodes
    value_from_row: bool = True
    extra: dict = field(default_factory=dict)


def _iri(t) -> str:
    return f"<{t}>"


def _targets_values(classes: list[str]) -> str:
    return "VALUES ?_tc { " + " ".join(_iri(c) for c in classes) + " } ?this a ?_tc ."


def _datatype_test(dt: str, v: str = "?_v") -> str:
    if dt == XSD + "string":
        return f"(isLiteral({v}) && datatype({v}) = <{dt}>)"
    if dt == RDF + "langString":
        return f"(isLiteral({v}) && lang({v}) != \"\")"
    test = f"(isLiteral({v}) && datatype({v}) = <{dt}>"
    if dt in _LEXICAL:
        test += f' && REGEX(STR({v}), "{_LEXICAL[dt]}")'
    return test + ")"


def _one(g, s, p, what: str, shape_id: str):
    vals = list(g.objects(s, p))
    if len(vals) > 1:
        raise UnsupportedShape(f"{shape_id}: more than one {what}; the SPARQL engine expects one."
                               " Split the constraint or use --engine pyshacl.")
    return vals[0] if vals else None


_PATH_OPS = {"zeroOrMorePath": "*", "oneOrMorePath": "+", "zeroOrOnePath": "?"}


def sparql_path(g, node, *, top: bool = True) -> str:
    """A SHACL property path (``node`` in rdflib graph ``g``) as SPARQL 1.1 path text.

    An IRI path is the IRI itself (as pySHACL reports it); any other path is
    SPARQL syntax with bracketed IRIs, so both engines report the same string:

    >>> from rdflib import Graph, URIRef
    >>> g = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix : <urn:x:> .
    ... :s sh:path ( [ sh:inversePath :a ] [ sh:alternativePath ( :b [ sh:oneOrMorePath :c ] ) ] ) .''',
    ...                      format="turtle")
    >>> sparql_path(g, g.value(URIRef("urn:x:s"), URIRef(SH + "path")))
    '^<urn:x:a>/(<urn:x:b>|<urn:x:c>+)'
    """
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF as R

    if isinstance(node, URIRef):
        return str(node) if top else f"<{node}>"
    if not isinstance(node, BNode):
        raise UnsupportedShape(f"sh:path {node!r} is neither an IRI nor a SHACL property path.")
    if (node, R.first, None) in g:
        items = [sparql_path(g, x, top=False) for x in Collection(g, node)]
        if len(items) < 2:
            raise UnsupportedShape("a sequence sh:path needs at least two members.")
        text = "/".join(items)
        return text if top else f"({text})"
    keys = {str(p) for p in g.predicates(node, None)}
    if len(keys) != 1:
        raise UnsupportedShape(f"a SHACL property path node must have exactly one of sh:inversePath,"
                               f" sh:alternativePath, sh:zeroOrMorePath, … (found {sorted(keys)}).")
    key = keys.pop()
    inner = g.value(node, URIRef(key))
    local = key[len(SH):] if key.startswith(SH) else key
    if local == "inversePath":
        return "^" + sparql_path(g, inner, top=False)
    if local == "alternativePath":
        items = [sparql_path(g, x, top=False) for x in Collection(g, inner)]
        if len(items) < 2:
            raise UnsupportedShape("sh:alternativePath needs a list of at least two paths.")
        text = "|".join(items)
        return text if top else f"({text})"
    if local in _PATH_OPS:
        return sparql_path(g, inner, top=False) + _PATH_OPS[local]
    raise UnsupportedShape(f"unknown SHACL path operator {key}.")


def compile_shapes(shapes_path) -> list[Check]:
    """Read a shapes file and compile every constraint into a :class:`Check`."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF as R

    g = Graph().parse(str(shapes_path))
    shp = lambda local: URIRef(SH + local)  # noqa: E731
    checks: list[Check] = []

    shapes = sorted(set(g.subjects(R.type, shp("NodeShape"))), key=str)
    for s in g.subjects(R.type, shp("PropertyShape")):
        if not list(g.subjects(shp("property"), s)):
            raise UnsupportedShape(f"{s}: standalone sh:PropertyShape with its own targets is not supported.")
    for s in shapes:
        sid = str(s)
        keys = {str(p) for p in g.predicates(s, None) if str(p).startswith(SH)}
        bad = keys - _NODE_SHAPE_KEYS
        if bad:
            raise UnsupportedShape(f"{sid}: unsupported SHACL feature(s) {sorted(bad)} on a node shape;"
                                   " use --engine pyshacl or extend cigraph.shacl_sparql.")
        if (s, shp("deactivated"), None) in g:
            raise UnsupportedShape(f"{sid}: sh:deactivated is not supported.")
        classes = sorted(str(c) for c in g.objects(s, shp("targetClass")))
        if not classes:
            raise UnsupportedShape(f"{sid}: a node shape without sh:targetClass is not supported.")
        if (s, shp("message"), None) in g and not list(g.objects(s, shp("sparql"))):
            raise UnsupportedShape(f"{sid}: node-level sh:message without sh:sparql is not supported.")
        node_sev = _one(g, s, shp("severity"), "sh:severity", sid)
        node_sev = Severity.from_iri(str(node_sev)) if node_sev is not None else Severity.VIOLATION
        target = _targets_values(classes)
        focus_sub = f"{{ SELECT DISTINCT ?this WHERE {{ {target} }} }}"

        for ps in sorted(g.objects(s, shp("property")), key=lambda n: sorted(map(str, g.predicate_objects(n)))):
            pid = f"{sid} / property {ps if not isinstance(ps, BNode) else '[]'}"
            pkeys = {str(p) for p in g.predicates(ps, None) if str(p).startswith(SH)}
            bad = pkeys - _PROPERTY_KEYS
            if bad:
                raise UnsupportedShape(f"{pid}: unsupported SHACL feature(s) {sorted(bad)};"
                                       " use --engine pyshacl or extend cigraph.shacl_sparql.")
            path_node = _one(g, ps, shp("path"), "sh:path", pid)
            if path_node is None:
                raise UnsupportedShape(f"{pid}: a property shape needs a sh:path.")
            try:
                path = sparql_path(g, path_node)
            except UnsupportedShape as e:
                raise UnsupportedShape(f"{pid}: {e}") from None
            p = _iri(path) if isinstance(path_node, URIRef) else f"({path})"
            sev = _one(g, ps, shp("severity"), "sh:severity", pid)
            sev = Severity.from_iri(str(sev)) if sev is not None else Severity.VIOLATION
            msgs = sorted(str(m) for m in g.objects(ps, shp("message")))
            msg = msgs[0] if msgs else ""
            base = dict(shape=sid, severity=sev, path=str(path))

            def add(kind, query, value=True, default=""):
                checks.append(Check(kind, query=query, message=msg or default, value_from_row=value, **base))

            # value constraints as boolean SPARQL expressions on ?_v: (kind, expression, default message)
            tests: list[tuple[str, str, str]] = []
            for c in sorted(g.objects(ps, shp("class")), key=str):
                tests.append(("class", f"EXISTS {{ ?_v a {_iri(c)} }}", f"Value does not have class {c}"))
            for dt in sorted(g.objects(ps, shp("datatype")), key=str):
                tests.append(("datatype", _datatype_test(str(dt)), f"Value is not Literal with datatype {dt}"))
            for nk in g.objects(ps, shp("nodeKind")):
                if str(nk) not in _NODE_KIND:
                    raise UnsupportedShape(f"{pid}: unknown sh:nodeKind {nk}.")
                tests.append(("nodeKind", _NODE_KIND[str(nk)].format(v="?_v"), f"Value is not of Node Kind {nk}"))
            for lst in g.objects(ps, shp("or")):
                alts = []
                for member in Collection(g, lst):
                    mkeys = {str(x) for x in g.predicates(member, None)}
                    if not mkeys or mkeys - _OR_MEMBER_KEYS - {str(R.type)}:
                        raise UnsupportedShape(f"{pid}: sh:or members may hold only sh:datatype or sh:nodeKind"
                                               f" (found {sorted(mkeys)}).")
                    parts = [_datatype_test(str(d)) for d in g.objects(member, shp("datatype"))]
                    for nk in g.objects(member, shp("nodeKind")):
                        if str(nk) not in _NODE_KIND:
                            raise UnsupportedShape(f"{pid}: unknown sh:nodeKind {nk}.")
                        parts.append(_NODE_KIND[str(nk)].format(v="?_v"))
                    alts.append("(" + " && ".join(parts) + ")")
                tests.append(("or", "(" + " || ".join(alts) + ")", "Value does not conform to any shape in sh:or"))

            mn = _one(g, ps, shp("minCount"), "sh:minCount", pid)
            n_min = int(mn) if mn is not None else 0
            # With a message of its own, every result of the property shape reads the same, so all
            # value constraints (and a minCount of 1) are checked in one pass over the focus nodes;
            # a value failing two constraints gives two equal results, which the report merges.
            fuse = bool(msg) or len(tests) <= 1
            if fuse and tests:
                ok = " && ".join(t for _k, t, _d in tests)
                if n_min == 1:
                    q = (f"SELECT DISTINCT ?this ?_v WHERE {{ {target} OPTIONAL {{ ?this {p} ?_v }}"
                         f" FILTER (!BOUND(?_v) || !({ok})) }}")
                    n_min = 0
                else:
                    q = f"SELECT DISTINCT ?this ?_v WHERE {{ {target} ?this {p} ?_v . FILTER (!({ok})) }}"
                add("+".join(k for k, _t, _d in tests), q, default=tests[0][2])
            else:
                for kind, test, default in tests:
                    q = f"SELECT DISTINCT ?this ?_v WHERE {{ {target} ?this {p} ?_v . FILTER (!{test}) }}"
                    add(kind, q, default=default)
            if n_min == 1:
                # OPTIONAL + !BOUND, not FILTER NOT EXISTS: Oxigraph evaluates a NOT EXISTS over a path
                # of two steps without the bound ?this (36 s at 1 M triples for ^org:organization/org:member,
                # 0.2 s this way); the two forms have the same answers
                q = f"SELECT DISTINCT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?_v }} FILTER (!BOUND(?_v)) }}"
                add("minCount", q, False, f"Less than 1 values on {path}")
            elif n_min > 1:
                q = (f"SELECT ?this WHERE {{ {focus_sub} OPTIONAL {{ ?this {p} ?_v }} }}"
                     f" GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) < {n_min})")
                add("minCount", q, False, f"Less than {n_min} values on {path}")
            mx = _one(g, ps, shp("maxCount"), "sh:maxCount", pid)
            if mx is not None:
                q = (f"SELECT ?this WHERE {{ {focus_sub} ?this {p} ?_v }}"
                     f" GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) > {int(mx)})")
                add("maxCount", q, False, f"More than {int(mx)} values on {path}")

        for sc in g.objects(s, shp("sparql")):
            ckeys = {str(x) for x in g.predicates(sc, None) if str(x).startswith(SH)}
            bad = ckeys - _SPARQL_KEYS
            if bad:
                raise UnsupportedShape(f"{sid}: unsupported key(s) {sorted(bad)} on an sh:sparql constraint"
                                       " (sh:prefixes is not supported: write PREFIX lines in sh:select).")
            sel = _one(g, sc, shp("select"), "sh:select", sid)
            if not isinstance(sel, Literal):
                raise UnsupportedShape(f"{sid}: sh:sparql needs an sh:select string.")
            text = str(sel)
            if re.search(r"\$(shapesGraph|currentShape|value|path)\b", text):
                raise UnsupportedShape(f"{sid}: only $this may be pre-bound in sh:select.")
            q = re.sub(r"\$this\b", "?this", text)
            msgs = sorted(str(m) for m in g.objects(sc, shp("message")))
            checks.append(Check("sparql", sid, q, node_sev, msgs[0] if msgs else "SPARQL constraint not met",
                                path=None, focus_query=f"SELECT DISTINCT ?this WHERE {{ {target} }}"))
    return checks


def _text(term) -> str:
    return term.value


def _fill(template: str, row, names: list[str]) -> str:
    def sub(m):
        name = m.group(1)
        if name in names and row[name] is not None:
            return _text(row[name])
        return m.group(0)

    return re.sub(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}", sub, template)


def validate_sparql(dataset, shapes_path) -> list[ValidationResult]:
    """Validate ``dataset`` (a :class:`~cigraph.dataset.Dataset`) against ``shapes_path``
    (default: the bundled shapes) with SPARQL queries run inside Oxigraph."""
    from .resources import shapes_file

    checks = compile_shapes(Path(shapes_path) if shapes_path else shapes_file())
    out: list[ValidationResult] = []
    for c in checks:
        rows = dataset.query(c.query, prefixes=False, raw=True)
        if c.kind != "sparql":
            for r in rows:
                v = r["_v"] if c.value_from_row else None   # unbound in a fused minCount row
                out.append(ValidationResult(c.severity, r["this"].value, c.path, c.message,
                                            None if v is None else _text(v)))
            continue
        focus = {r["this"] for r in dataset.query(c.focus_query, prefixes=False, raw=True)}
        names = [v.value for v in rows.variables]
        for r in rows:
            this = r["this"]
            if this is None or this not in focus:
                continue
            value = r["value"] if "value" in names and r["value"] is not None else this
            path = r["path"].value if "path" in names and r["path"] is not None else None
            out.append(ValidationResult(c.severity, this.value, path, _fill(c.message, r, names), _text(value)))
    return out
