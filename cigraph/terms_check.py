"""Typos in Turtle: a ``ci:`` class or property the ontology does not declare is a violation.

SHACL cannot see them (``ci:inSecter`` simply matches no shape), so the data would pass
while the fact it meant to state is lost. This check names the term and the closest
real one.

>>> closest("inSecter", ["inSector", "memberOf"])
'inSector'
"""

from __future__ import annotations

import difflib

from .vocab import CI_NS, GRAPH_DATA, GRAPH_ONTOLOGY

__all__ = ["unknown_terms", "closest"]

# the ci: terms the data uses, as predicates and as types: two scans that keep only the distinct
# terms (a few dozen), instead of one DISTINCT over every (term, subject) pair (2 s at 1 M triples)
_USED = f"""
SELECT DISTINCT ?t ?isType WHERE {{
  GRAPH <{GRAPH_DATA}> {{ {{ ?s ?t ?o BIND(false AS ?isType) }} UNION {{ ?s a ?t BIND(true AS ?isType) }} }}
  FILTER(isIRI(?t) && STRSTARTS(STR(?t), "{CI_NS}"))
}}"""

_DECLARED = f"""
SELECT DISTINCT ?t WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?t ?p ?x }} FILTER(STRSTARTS(STR(?t), "{CI_NS}")) }}"""

# the nodes that use one unknown term (run only for the terms found unknown)
# (the term is an IRI read from the store, so it is well formed between < >)
_AS_PREDICATE = f"SELECT DISTINCT ?s WHERE {{{{ GRAPH <{GRAPH_DATA}> {{{{ ?s <{{term}}> ?o }}}} }}}}"
_AS_TYPE = f"SELECT DISTINCT ?s WHERE {{{{ GRAPH <{GRAPH_DATA}> {{{{ ?s a <{{term}}> }}}} }}}}"


def closest(name: str, names) -> str | None:
    """The closest of ``names`` to ``name`` (case-insensitive), or None."""
    lowered = {n.casefold(): n for n in names}
    hit = difflib.get_close_matches(name.casefold(), list(lowered), n=1, cutoff=0.6)
    return lowered[hit[0]] if hit else None


def unknown_terms(dataset) -> list:
    """One Violation per (node, unknown ``ci:`` term) in the data graph."""
    from .shacl import Severity, ValidationResult

    store = dataset.store
    declared_iris = {r["t"].value for r in store.query(_DECLARED)}
    declared = sorted(t[len(CI_NS):] for t in declared_iris)
    classes = [n for n in declared if n[:1].isupper()]
    props = [n for n in declared if n[:1].islower()]
    used = {(r["t"].value, r["isType"].value == "true") for r in store.query(_USED)}
    # a term used both ways is reported once per node, as a class where it is a type (as before)
    unknown = sorted((t, as_type) for t, as_type in used if t not in declared_iris)
    hits: dict[tuple[str, str], bool] = {}
    for term, as_type in unknown:
        q = (_AS_TYPE if as_type else _AS_PREDICATE).format(term=term)
        for r in store.query(q):
            key = (term, r["s"].value)
            hits[key] = hits.get(key, False) or as_type
    out = []
    for (term, subject), as_type in sorted(hits.items()):
        local = term[len(CI_NS):]
        kind = "class" if as_type else "property"
        best = closest(local, classes if as_type else props) or closest(local, declared)
        hint = f"; did you mean ci:{best}?" if best else "; see ontology/cigraph.ttl for the terms"
        out.append(ValidationResult(
            severity=Severity.VIOLATION,
            focus_node=subject,
            path="http://www.w3.org/1999/02/22-rdf-syntax-ns#type" if as_type else term,
            message=f"unknown {kind} ci:{local}: the cigraph ontology does not declare it{hint}",
            value=term if as_type else None,
            shape="cigraph:unknown-term",
        ))
    return out
