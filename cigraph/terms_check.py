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

_Q = f"""
SELECT ?t ?s (SAMPLE(?isType) AS ?asType) WHERE {{
  {{ SELECT DISTINCT ?t ?s ?isType WHERE {{
    GRAPH <{GRAPH_DATA}> {{
      {{ ?s ?t ?o BIND(false AS ?isType) }} UNION
      {{ ?s a ?t BIND(true AS ?isType) }}
    }}
    FILTER(isIRI(?t) && STRSTARTS(STR(?t), "{CI_NS}"))
  }} }}
  FILTER NOT EXISTS {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?t ?p ?x }} }}
}} GROUP BY ?t ?s ORDER BY ?t ?s"""

_DECLARED = f"""
SELECT DISTINCT ?t WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?t ?p ?x }} FILTER(STRSTARTS(STR(?t), "{CI_NS}")) }}"""


def closest(name: str, names) -> str | None:
    """The closest of ``names`` to ``name`` (case-insensitive), or None."""
    lowered = {n.casefold(): n for n in names}
    hit = difflib.get_close_matches(name.casefold(), list(lowered), n=1, cutoff=0.6)
    return lowered[hit[0]] if hit else None


def unknown_terms(dataset) -> list:
    """One Violation per (node, unknown ``ci:`` term) in the data graph."""
    from .shacl import Severity, ValidationResult

    store = dataset.store
    declared = [r["t"].value[len(CI_NS):] for r in store.query(_DECLARED)]
    classes = [n for n in declared if n[:1].isupper()]
    props = [n for n in declared if n[:1].islower()]
    out = []
    for r in store.query(_Q):
        term = r["t"].value
        local = term[len(CI_NS):]
        as_type = r["asType"] is not None and r["asType"].value == "true"
        kind = "class" if as_type else "property"
        best = closest(local, classes if as_type else props) or closest(local, declared)
        hint = f"; did you mean ci:{best}?" if best else "; see ontology/cigraph.ttl for the terms"
        out.append(ValidationResult(
            severity=Severity.VIOLATION,
            focus_node=r["s"].value,
            path="http://www.w3.org/1999/02/22-rdf-syntax-ns#type" if as_type else term,
            message=f"unknown {kind} ci:{local}: the cigraph ontology does not declare it{hint}",
            value=term if as_type else None,
            shape="cigraph:unknown-term",
        ))
    return out
