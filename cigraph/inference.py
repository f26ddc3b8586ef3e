"""The inferences queries rely on, as targeted SPARQL rules (not full OWL-RL).

Each rule writes into a named graph of its own, so the projection can tell an
asserted fact from a derived one:

* ``derived``: shortcut facts and inverse closure — ``ci:memberOf`` /
  ``ci:hasParticipant`` / ``ci:hasMembership`` from ``org:Membership``,
  ``ci:hasBackbone`` from memberships with ``ci:BackboneRole``, and both
  directions of every ``owl:inverseOf`` pair.
* ``entailed``: ``rdf:type`` closure over ``rdfs:subClassOf`` and triple closure
  over ``rdfs:subPropertyOf``.

Full OWL-RL (``owlrl``) would add ~10x more triples (every ``owl:sameAs`` and
``owl:Thing`` triple) and take minutes on a million triples; these rules are the
subset the queries and analysis need, run inside Oxigraph.
"""

from __future__ import annotations

from .vocab import GRAPH_DATA, GRAPH_DERIVED, GRAPH_ENTAILED, GRAPH_ONTOLOGY

__all__ = ["RULES", "apply_rules"]

_P = """PREFIX ci: <https://w3id.org/cigraph#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_ASSERTED = f"VALUES ?g {{ <{GRAPH_DATA}> <{GRAPH_DERIVED}> }}"

RULES: list[tuple[str, str]] = [
    ("memberships", _P + f"""
INSERT {{ GRAPH <{GRAPH_DERIVED}> {{ ?x ci:memberOf ?i . ?i ci:hasMembership ?m . }} }}
WHERE {{ GRAPH <{GRAPH_DATA}> {{ ?m org:member ?x ; org:organization ?i . }} }}"""),
    ("backbones", _P + f"""
INSERT {{ GRAPH <{GRAPH_DERIVED}> {{ ?i ci:hasBackbone ?x . }} }}
WHERE {{ GRAPH <{GRAPH_DATA}> {{ ?m org:member ?x ; org:organization ?i ; org:role ci:BackboneRole . }} }}"""),
    ("inverses", _P + f"""
INSERT {{ GRAPH <{GRAPH_DERIVED}> {{ ?o ?q ?s . }} }}
WHERE {{
  {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?p owl:inverseOf ?q }} }} UNION {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?q owl:inverseOf ?p }} }}
  {_ASSERTED}
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH <{GRAPH_DATA}> {{ ?o ?q ?s }} }}
}}"""),
    ("subproperties", _P + f"""
INSERT {{ GRAPH <{GRAPH_ENTAILED}> {{ ?s ?sup ?o . }} }}
WHERE {{
  {{ SELECT DISTINCT ?p ?sup WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?p rdfs:subPropertyOf+ ?sup }} }} }}
  {_ASSERTED}
  GRAPH ?g {{ ?s ?p ?o }}
}}"""),
    ("types", _P + f"""
INSERT {{ GRAPH <{GRAPH_ENTAILED}> {{ ?s a ?sup . }} }}
WHERE {{
  {{ SELECT DISTINCT ?c ?sup WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?c rdfs:subClassOf+ ?sup }} FILTER(isIRI(?sup)) }} }}
  VALUES ?g {{ <{GRAPH_DATA}> <{GRAPH_ONTOLOGY}> }}
  GRAPH ?g {{ ?s a ?c }}
}}"""),
]


def apply_rules(store, progress=None) -> dict[str, int]:
    """Run every rule once, in order, on an Oxigraph store; return triples added per rule.

    The order makes one pass enough: memberships and backbones before inverses
    (so ``ci:hasParticipant`` follows from ``ci:memberOf``), all of them before
    the subproperty and type closures.
    """
    added: dict[str, int] = {}
    for name, update in RULES:
        # each rule writes one graph and only adds, so the store's size tells what it added
        # (counted in Oxigraph, not by iterating the graph's quads in Python: ~3 s at 1 M triples)
        before = len(store)
        store.update(update)
        added[name] = len(store) - before
        if progress:
            progress(name, added[name])
    return added
