"""The one mapping from the RDF dataset to a labelled property graph.

Every consumer — the embedded store, Neo4j, networkx analysis, pyvis maps —
reads the same :class:`PropertyGraph`, so they cannot disagree.

The rules (also a table in the README):

* **Nodes**: every IRI with an ``rdf:type`` in the ``ci:`` namespace (data
  instances and the ontology's named individuals: conditions, roles, sectors,
  maturity levels, backbone functions). ``Node.id`` is the IRI (the ``uri``
  property in the stores).
* **Labels**: the primary label is the local name of the node's most specific
  ``ci:`` class (one with no ``ci:`` subclass among the node's types; ties
  broken alphabetically); the other ``ci:`` classes follow in ``labels``.
  Every type, ``ci:`` or not, is kept as a CURIE in the ``types`` property.
* **Relationships**: a triple whose object is another node becomes an edge
  typed by the predicate's local name in UPPER_SNAKE_CASE (``ci:hasBackbone``
  -> ``HAS_BACKBONE``). Asserted triples and the derived shortcut facts
  (``memberOf``, ``hasBackbone``, ``hasMembership``) are projected; of each
  ``owl:inverseOf`` pair only the direction that is *not* declared as the
  inverse (``performs``, not ``performedBy``) becomes an edge. Subclass and
  subproperty closures are not projected.
* **Properties**: literals become properties keyed by the predicate's local
  name (``prefix__local`` if two predicates share it). Functional properties
  and ``rdfs:label``, ``skos:prefLabel``, ``skos:definition``, ``dcterms:title``
  are single values; every other property is a sorted list. Numbers stay
  numbers, booleans booleans, everything else is a string.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .vocab import (CI_NS, GRAPH_DATA, GRAPH_DERIVED, GRAPH_ENTAILED, GRAPH_ONTOLOGY, curie, local_name)

__all__ = ["Node", "Edge", "PropertyGraph", "project", "rel_type", "ontology_rules", "labels_for_types",
           "property_keys"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SINGLE = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://purl.org/dc/terms/title",
}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INT = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                           "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong")}
_FLOAT = {_XSD + t for t in ("decimal", "double", "float")}


@dataclass(frozen=True)
class Node:
    id: str
    labels: tuple[str, ...]
    props: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def label(self) -> str:
        """The primary label."""
        return self.labels[0]

    @property
    def name(self) -> str:
        """A human-readable name: ``name``, else ``label``, else the IRI's local name."""
        return str(self.props.get("name") or self.props.get("label") or local_name(self.id))


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    type: str
    props: dict = field(default_factory=dict, hash=False, compare=False)


class PropertyGraph:
    """Nodes and edges with id, label and adjacency indexes; the hand-off from RDF to
    every consumer.

    ``restricted_to`` is ``None`` for a whole graph, or the initiative IRIs whose
    subgraphs a scoped read returned (:func:`cigraph.projection_store.read_projection`).
    """

    def __init__(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = ()):
        self.nodes: dict[str, Node] = {}
        for n in nodes:
            self.nodes[n.id] = n
        self.edges: list[Edge] = list(edges)
        self.restricted_to: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        return f"PropertyGraph({len(self.nodes)} nodes, {len(self.edges)} edges)"

    def __contains__(self, node_id: str) -> bool:
        return node_id in self.nodes

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def by_label(self, label: str) -> list[Node]:
        """Nodes carrying ``label`` (primary or secondary), sorted by id (an index built
        once, in one pass over the nodes, and rebuilt when the node count changes)."""
        idx = getattr(self, "_labels", None)
        if idx is None or self._labels_n != len(self.nodes):
            idx = defaultdict(list)
            for nid in sorted(self.nodes):
                n = self.nodes[nid]
                for lab in dict.fromkeys(n.labels):
                    idx[lab].append(n)
            self._labels, self._labels_n = idx, len(self.nodes)
        return list(idx.get(label, ()))

    def edges_of_type(self, *types: str) -> list[Edge]:
        ts = set(types)
        return [e for e in self.edges if e.type in ts]

    def out_edges(self, node_id: str, type: str | None = None) -> list[Edge]:
        idx = self._out_index()
        return [e for e in idx.get(node_id, ()) if type is None or e.type == type]

    def in_edges(self, node_id: str, type: str | None = None) -> list[Edge]:
        idx = self._in_index()
        return [e for e in idx.get(node_id, ()) if type is None or e.type == type]

    def _out_index(self):
        if getattr(self, "_out", None) is None or self._out_n != len(self.edges):
            self._out = defaultdict(list)
            for e in self.edges:
                self._out[e.source].append(e)
            self._out_n = len(self.edges)
        return self._out

    def _in_index(self):
        if getattr(self, "_in", None) is None or self._in_n != len(self.edges):
            self._in = defaultdict(list)
            for e in self.edges:
                self._in[e.target].append(e)
            self._in_n = len(self.edges)
        return self._in

    def label_counts(self) -> dict[str, int]:
        c: dict[str, int] = defaultdict(int)
        for n in self.nodes.values():
            c[n.label] += 1
        return dict(sorted(c.items()))

    def type_counts(self) -> dict[str, int]:
        c: dict[str, int] = defaultdict(int)
        for e in self.edges:
            c[e.type] += 1
        return dict(sorted(c.items()))

    def to_networkx(self):
        """A ``networkx.MultiDiGraph``: node attributes are the props (``label`` is the
        rdfs:label) plus ``labels`` (tuple) and ``kind`` (the primary label); edge keys and
        the ``type`` attribute are the relationship types."""
        import networkx as nx

        G = nx.MultiDiGraph()
        for n in self.nodes.values():
            G.add_node(n.id, **n.props, labels=n.labels, kind=n.label)
        for e in self.edges:
            G.add_edge(e.source, e.target, key=e.type, type=e.type, **e.props)
        return G


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def rel_type(predicate_iri: str) -> str:
    """Relationship type for a predicate.

    >>> rel_type("https://w3id.org/cigraph#hasBackbone")
    'HAS_BACKBONE'
    >>> rel_type("http://www.w3.org/ns/prov#wasDerivedFrom")
    'WAS_DERIVED_FROM'
    """
    return _CAMEL.sub("_", local_name(predicate_iri)).upper().replace("-", "_")


def _py(lit):
    dt = lit.datatype.value if lit.datatype is not None else None
    v = lit.value
    try:
        if dt in _INT:
            return int(v)
        if dt in _FLOAT:
            f = float(v)
            return int(f) if dt == _XSD + "decimal" and f.is_integer() and "." not in v else f
        if dt == _XSD + "boolean":
            return v in ("true", "1")
    except ValueError:
        pass
    return v


def ontology_rules(store):
    """What the ontology graph tells the projection: ``(sub_of, inverse_side, functional)``
    — direct superclasses per class, the predicates declared as the inverse side of an
    ``owl:inverseOf`` pair (not projected), and the single-valued properties."""
    import pyoxigraph as ox

    sub_of: dict[str, set[str]] = defaultdict(set)
    inverse_side: set[str] = set()
    functional: set[str] = set(_SINGLE)
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_ONTOLOGY)):
        p = q.predicate.value
        if p == "http://www.w3.org/2000/01/rdf-schema#subClassOf" and isinstance(q.object, ox.NamedNode):
            sub_of[q.subject.value].add(q.object.value)
        elif p == "http://www.w3.org/2002/07/owl#inverseOf":
            inverse_side.add(q.subject.value)
        elif p == RDF_TYPE and q.object.value == "http://www.w3.org/2002/07/owl#FunctionalProperty":
            functional.add(q.subject.value)
    return sub_of, inverse_side, functional


def labels_for_types(ts: set[str], sub_of: dict[str, set[str]]) -> tuple[str, ...]:
    """The labels of a node with the types ``ts``: the most specific ``ci:`` class first
    (no other ci: class of the node is a transitive subclass of it; ties alphabetical),
    then the other ci: classes, as local names."""
    ci = sorted(t for t in ts if t.startswith(CI_NS))

    def supers(c, seen=None):
        seen = seen if seen is not None else set()
        for s in sub_of.get(c, ()):
            if s not in seen:
                seen.add(s)
                supers(s, seen)
        return seen
    all_supers = set()
    for c in ci:
        all_supers |= supers(c)
    specific = [c for c in ci if c not in all_supers] or ci
    primary = specific[0]
    rest = [c for c in ci if c != primary]
    return tuple(local_name(c) for c in [primary, *rest])


def property_keys(preds) -> dict[str, str]:
    """Property key per predicate: its local name, or ``prefix__local`` when two
    predicates share a local name."""
    by_local: dict[str, list[str]] = defaultdict(list)
    for p in preds:
        by_local[local_name(p)].append(p)
    key_of = {}
    for ln, ps in by_local.items():
        for p in ps:
            key_of[p] = ln if len(ps) == 1 else curie(p).replace(":", "__")
    return key_of


def project(dataset) -> PropertyGraph:
    """Project a :class:`~cigraph.dataset.Dataset` onto a :class:`PropertyGraph`.

    This is the reference statement of the rules, one quad at a time;
    :func:`cigraph.projection_columns.project_columns` computes the same projection
    column-wise for the build (and is tested equal to this)."""
    import pyoxigraph as ox

    store = dataset.store
    g_ont, g_data = ox.NamedNode(GRAPH_ONTOLOGY), ox.NamedNode(GRAPH_DATA)
    g_der, g_ent = ox.NamedNode(GRAPH_DERIVED), ox.NamedNode(GRAPH_ENTAILED)

    # ontology facts needed by the rules
    sub_of, inverse_side, functional = ontology_rules(store)

    # node set and types (asserted + entailed), in ontology and data graphs
    types: dict[str, set[str]] = defaultdict(set)
    rdf_type = ox.NamedNode(RDF_TYPE)
    for g in (g_ont, g_data, g_ent):
        for q in store.quads_for_pattern(None, rdf_type, None, g):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                types[q.subject.value].add(q.object.value)
    node_ids = {s for s, ts in types.items() if any(t.startswith(CI_NS) for t in ts)}

    props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    edges: set[tuple[str, str, str]] = set()
    graphs = (g_ont, g_data, g_der)

    def quads() -> Iterator:
        for g in graphs:
            yield from store.quads_for_pattern(None, None, None, g)

    for q in quads():
        s = q.subject
        if not isinstance(s, ox.NamedNode) or s.value not in node_ids:
            continue
        p = q.predicate.value
        if p == RDF_TYPE:
            continue
        o = q.object
        if isinstance(o, ox.Literal):
            props[s.value][p].append(_py(o))
        elif isinstance(o, ox.NamedNode) and o.value in node_ids:
            if p in inverse_side:
                continue
            edges.add((s.value, o.value, p))

    key_of = property_keys({p for d in props.values() for p in d})

    nodes = []
    type_cache: dict[frozenset, tuple] = {}
    for nid in sorted(node_ids):
        ts = types[nid]
        d: dict = {}
        for p, vals in sorted(props.get(nid, {}).items()):      # keys in predicate order: deterministic
            uniq = vals if len(vals) == 1 else sorted(set(vals), key=_value_key)
            if p in functional:
                d[key_of[p]] = _prefer(uniq)
            else:
                d[key_of[p]] = list(uniq)
        key = frozenset(ts)
        if key not in type_cache:
            type_cache[key] = (labels_for_types(ts, sub_of), sorted(curie(t) for t in ts))
        node_labels, d["types"] = type_cache[key][0], list(type_cache[key][1])
        nodes.append(Node(nid, node_labels, d))
    types_of = {p: rel_type(p) for p in {p for _s, _o, p in edges}}
    edge_list = [Edge(s, o, types_of[p]) for s, o, p in sorted(edges)]
    return PropertyGraph(nodes, edge_list)


def _value_key(v):
    return (str(type(v)), v)


def _prefer(values: list):
    """One value of a single-valued property: the first in sorted order."""
    return values[0] if values else None
