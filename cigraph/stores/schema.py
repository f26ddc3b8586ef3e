"""The store schema: node and relationship tables, typed columns, and every
Cypher statement the stores send, generated in one place.

The schema is derived from a :class:`~cigraph.projection.PropertyGraph` (the
labels, relationship types and property types present in the data) together
with the bundled ontology: every ``ci:`` class becomes a node table, every
object property with a declared domain and range a relationship table, and
every ``ci:`` datatype property a column of every node table (typed by its
range), even when the data has none yet. LadybugDB refuses a query that names
a table or property it does not have, where Neo4j returns nothing or null; the
declarations make the same queries return the same answers on both stores.

Labels, relationship types and property names are the only names written into
statement text; each one comes from the projection or the ontology and is
checked against :data:`IDENT` first. Values are always passed as parameters.

**One naming rule added at the store boundary.** LadybugDB (like Kùzu) keeps
node and relationship tables in one case-insensitive catalog, so a relationship
type that equals a label up to case (``org:role`` -> ``ROLE`` next to the
``Role`` label; likewise ``CONDITION``, ``ORGANIZATION``) cannot be created.
Such a type is stored as ``HAS_<TYPE>`` (``HAS_ROLE``, ``HAS_CONDITION``,
``HAS_ORGANIZATION``) in *both* stores, so the same Cypher runs on either.
:meth:`GraphSchema.rel_name` applies it; it is the identity for every other type.

>>> from cigraph.projection import Node, Edge, PropertyGraph
>>> pg = PropertyGraph([Node("urn:m", ("Membership",), {"types": ["ci:Membership"]}),
...                     Node("urn:r", ("Role",), {"types": ["ci:Role"], "rank": 1})],
...                    [Edge("urn:m", "urn:r", "ROLE")])
>>> s = build_schema(pg, ontology=False)
>>> s.rel_name("ROLE")
'HAS_ROLE'
>>> s.nodes["Role"]["rank"]
'INT64'
>>> sorted(s.rels["HAS_ROLE"].pairs)
[('Membership', 'Role')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import DataError

__all__ = ["IDENT", "check_ident", "GraphSchema", "RelTable", "build_schema", "ontology_declarations",
           "RESERVED", "COMMON_PROPS", "neo4j_statements", "NEO4J_CONSTRAINT"]

#: A label, relationship type or property name that may be written into Cypher text.
IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,127}$")

#: Properties every node table has (the store adds ``uri`` and ``labels``; the
#: others are declared everywhere so ``n.name`` binds on any label).
COMMON_PROPS = {"uri": "STRING", "labels": "STRING[]", "types": "STRING[]",
                "name": "STRING", "label": "STRING", "description": "STRING"}
RESERVED = {"uri", "labels"}

#: The uniqueness constraint of the Neo4j store (the neosemantics convention).
NEO4J_CONSTRAINT = ("CREATE CONSTRAINT cigraph_resource_uri IF NOT EXISTS "
                    "FOR (n:Resource) REQUIRE n.uri IS UNIQUE")


def check_ident(name: str, what: str) -> str:
    """Return ``name`` if it is safe to write into Cypher text, else raise :class:`DataError`.

    >>> check_ident("HAS_BACKBONE", "relationship type")
    'HAS_BACKBONE'
    >>> check_ident("x`) DETACH DELETE n //", "label")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cigraph.errors.DataError: cannot use 'x`) DETACH DELETE n //' as a label in Cypher: ...
    """
    if not isinstance(name, str) or not IDENT.match(name):
        raise DataError(f"cannot use {name!r} as a {what} in Cypher: names must match {IDENT.pattern}."
                        " Rename the class or property in the ontology or data.")
    return name


@dataclass
class RelTable:
    name: str
    pairs: set[tuple[str, str]] = field(default_factory=set)
    props: dict[str, str] = field(default_factory=dict)


@dataclass
class GraphSchema:
    """Node tables (label -> {property: type}) and relationship tables (name -> RelTable).

    Types are LadybugDB column types: ``STRING``, ``INT64``, ``DOUBLE``,
    ``BOOLEAN`` and their list forms (``STRING[]``...).
    """

    nodes: dict[str, dict[str, str]]
    rels: dict[str, RelTable]
    renamed: dict[str, str] = field(default_factory=dict)

    def rel_name(self, edge_type: str) -> str:
        """The table / relationship type a projection edge type is stored as."""
        return self.renamed.get(edge_type, edge_type)

    @property
    def labels(self) -> list[str]:
        return sorted(self.nodes)

    @property
    def rel_types(self) -> list[str]:
        return sorted(self.rels)

    @property
    def property_keys(self) -> list[str]:
        keys = {k for props in self.nodes.values() for k in props}
        keys |= {k for r in self.rels.values() for k in r.props}
        return sorted(keys)


# -- typing ------------------------------------------------------------------

def _scalar_type(kinds: set[type]) -> str:
    if not kinds:
        return "STRING"
    if kinds == {bool}:
        return "BOOLEAN"
    if kinds == {int}:
        return "INT64"
    if kinds <= {int, float}:
        return "DOUBLE"
    return "STRING"


def _infer(values) -> str:
    """Column type for the values of one property across one table."""
    is_list = False
    kinds: set[type] = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, (list, tuple)):
            is_list = True
            kinds.update(type(x) for x in v if x is not None)
        else:
            kinds.add(type(v))
    t = _scalar_type(kinds)
    return t + "[]" if is_list else t


def convert(value, col_type: str):
    """A Python value coerced to a column type (lists wrap scalars; strings for mixed values)."""
    if value is None:
        return None
    if col_type.endswith("[]"):
        base = col_type[:-2]
        items = value if isinstance(value, (list, tuple)) else [value]
        return [convert(x, base) for x in items if x is not None]
    if isinstance(value, (list, tuple)):  # a list where a scalar is declared: keep the first
        return convert(value[0], col_type) if value else None
    if col_type == "STRING":
        return value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    if col_type == "DOUBLE":
        return float(value)
    if col_type == "INT64":
        return int(value)
    if col_type == "BOOLEAN":
        return bool(value)
    return value


# -- the ontology's declarations ---------------------------------------------------

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RANGE_TYPES = {**{_XSD + t: "INT64" for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                                 "positiveInteger", "unsignedInt")},
                **{_XSD + t: "DOUBLE" for t in ("decimal", "double", "float")}, _XSD + "boolean": "BOOLEAN"}


@lru_cache(maxsize=4)
def ontology_declarations(path: str | None = None) -> tuple[frozenset, frozenset, tuple]:
    """``(labels, rel_pairs, properties)`` declared by the ontology: the local names of
    the ``ci:`` classes; ``(TYPE, from_label, to_label)`` for each projected object
    property with a domain and a range (subclasses included); and ``(key, type)`` for
    each ``ci:`` datatype property (typed by its range; a list unless functional)."""
    import pyoxigraph as ox

    from ..projection import rel_type
    from ..resources import ontology_file
    from ..vocab import CI_NS, local_name

    store = ox.Store()
    store.load(path=str(path or ontology_file()), format=ox.RdfFormat.TURTLE)
    RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    OWL = "http://www.w3.org/2002/07/owl#"
    RDFS = "http://www.w3.org/2000/01/rdf-schema#"
    subs: dict[str, set[str]] = defaultdict(set)
    classes, obj_props, inverse_side, data_props, functional = set(), set(), set(), set(), set()
    domain: dict[str, set[str]] = defaultdict(set)
    rng: dict[str, set[str]] = defaultdict(set)
    for q in store:
        s, p, o = q.subject, q.predicate.value, q.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == RDF_TYPE and o.value == OWL + "Class":
            classes.add(s.value)
        elif p == RDF_TYPE and o.value == OWL + "ObjectProperty":
            obj_props.add(s.value)
        elif p == RDF_TYPE and o.value == OWL + "DatatypeProperty":
            data_props.add(s.value)
        elif p == RDF_TYPE and o.value == OWL + "FunctionalProperty":
            functional.add(s.value)
        elif p == RDFS + "subClassOf" and isinstance(o, ox.NamedNode):
            subs[o.value].add(s.value)
        elif p == OWL + "inverseOf":
            inverse_side.add(s.value)
        elif p == RDFS + "domain":
            domain[s.value] |= _class_members(store, o)
        elif p == RDFS + "range":
            rng[s.value] |= _class_members(store, o)

    def ci_closure(cs: set[str]) -> set[str]:
        out, todo = set(), list(cs)
        while todo:
            c = todo.pop()
            if c in out:
                continue
            out.add(c)
            todo.extend(subs.get(c, ()))
        return {local_name(c) for c in out if c.startswith(CI_NS)}

    labels = frozenset(local_name(c) for c in classes if c.startswith(CI_NS))
    pairs = set()
    for p in obj_props:
        if p in inverse_side or not (domain.get(p) and rng.get(p)):
            continue
        for a in ci_closure(domain[p]):
            for b in ci_closure(rng[p]):
                pairs.add((rel_type(p), a, b))
    props = []
    for p in sorted(data_props):
        if not p.startswith(CI_NS):
            continue
        t = "STRING"
        for r in rng.get(p, ()):
            t = _RANGE_TYPES.get(r, t)
        props.append((local_name(p), t if p in functional else t + "[]"))
    return labels, frozenset(pairs), tuple(props)


def _class_members(store, cls) -> set[str]:
    """The named classes a domain or range stands for: itself, or the members of an
    ``owl:unionOf`` list (ontology 0.2 declares e.g. ``ci:funds`` with the range
    ``ci:BackboneSupport or ci:Activity or ci:Initiative``)."""
    import pyoxigraph as ox

    if isinstance(cls, ox.NamedNode):
        return {cls.value}
    RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    out: set[str] = set()
    for q in store.quads_for_pattern(cls, ox.NamedNode("http://www.w3.org/2002/07/owl#unionOf"), None):
        node, seen = q.object, set()
        while isinstance(node, ox.BlankNode) and node not in seen:
            seen.add(node)
            first = next(iter(store.quads_for_pattern(node, ox.NamedNode(RDF + "first"), None)), None)
            if first is not None and isinstance(first.object, ox.NamedNode):
                out.add(first.object.value)
            rest = next(iter(store.quads_for_pattern(node, ox.NamedNode(RDF + "rest"), None)), None)
            node = rest.object if rest is not None else None
    return out


# -- building the schema -----------------------------------------------------

def build_schema(pg, *, ontology: bool = True) -> GraphSchema:
    """The store schema for a projection (plus the ontology's declarations if ``ontology``)."""
    values: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    labels: set[str] = set()
    for n in pg.nodes.values():
        for lab in n.labels:
            check_ident(lab, "label")
        labels.add(n.label)
        for k, v in n.props.items():
            if k in RESERVED:
                raise DataError(f"node {n.id} has a property named {k!r}, which the stores reserve"
                                " for the IRI and the label list. Rename the predicate.")
            values[n.label][k].append(v)
    edge_types: set[str] = set()
    pairs: set[tuple[str, str, str]] = set()
    rel_values: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    groups = getattr(pg.edges, "groups", None)
    if groups is not None and not pg.edges.has_props:
        # edges kept as columns (a stored projection): the (type, labels) combinations, no Edge objects
        for t, a, b, _src, _dst in groups():
            check_ident(t, "relationship type")
            edge_types.add(t)
            pairs.add((t, a, b))
    for e in (pg.edges if groups is None or pg.edges.has_props else ()):
        check_ident(e.type, "relationship type")
        s, t = pg.nodes.get(e.source), pg.nodes.get(e.target)
        if s is None or t is None:
            raise DataError(f"edge {e.type} from {e.source} to {e.target} names a node the projection"
                            " does not have.")
        edge_types.add(e.type)
        pairs.add((e.type, s.label, t.label))
        for k, v in e.props.items():
            rel_values[e.type][k].append(v)
    o_props: tuple = ()
    if ontology:
        o_labels, o_pairs, o_props = ontology_declarations()
        labels |= set(o_labels)
        pairs |= set(o_pairs)
        edge_types |= {p[0] for p in o_pairs}

    nodes: dict[str, dict[str, str]] = {}
    for lab in sorted(labels):
        cols = dict(COMMON_PROPS)
        declared = dict(o_props)
        cols.update((k, t) for k, t in o_props if k not in cols)
        for k, vs in sorted(values.get(lab, {}).items()):
            check_ident(k, "property name")
            t = _infer(vs)
            if not (t.startswith("INT64") and declared.get(k, "").startswith("DOUBLE")):
                cols[k] = t  # the data's type wins, except that an int may stay a declared decimal
            else:
                cols[k] = declared[k]
        _check_case(cols, f"table {lab}")
        nodes[lab] = cols

    upper_labels = {lab.upper() for lab in nodes}
    renamed = {}
    for t in sorted(edge_types):
        if t.upper() in upper_labels:
            new = "HAS_" + t
            while new.upper() in upper_labels or new in edge_types:
                new += "_REL"
            renamed[t] = new
    rels: dict[str, RelTable] = {}
    for t, a, b in sorted(pairs):
        name = renamed.get(t, t)
        rt = rels.setdefault(name, RelTable(name))
        rt.pairs.add((a, b))
    for t, kv in rel_values.items():
        rt = rels[renamed.get(t, t)]
        for k, vs in sorted(kv.items()):
            check_ident(k, "relationship property name")
            rt.props[k] = _infer(vs)
    return GraphSchema(nodes, rels, renamed)


def _check_case(cols: dict, where: str) -> None:
    seen: dict[str, str] = {}
    for k in cols:
        if k.lower() in seen and seen[k.lower()] != k:
            raise DataError(f"{where} has properties {seen[k.lower()]!r} and {k!r}, which differ only in"
                            " case; LadybugDB cannot keep both. Rename one of the predicates.")
        seen[k.lower()] = k


# -- Neo4j statements ---------------------------------------------------------

def neo4j_node_statement(labels: tuple[str, ...]) -> str:
    """MERGE a batch of nodes that share one label set (``$rows``: ``{uri, props}``)."""
    extra = "".join(f":{check_ident(lab, 'label')}" for lab in labels)
    return ("UNWIND $rows AS r MERGE (n:Resource {uri: r.uri}) "
            f"SET n = r.props SET n{extra}")


def neo4j_rel_statement(rel: str) -> str:
    """MERGE a batch of relationships of one type (``$rows``: ``{s, t, props}``)."""
    check_ident(rel, "relationship type")
    return ("UNWIND $rows AS r MATCH (a:Resource {uri: r.s}) MATCH (b:Resource {uri: r.t}) "
            f"MERGE (a)-[x:{rel}]->(b) SET x = r.props")


NEO4J_DELETE_BATCH = ("MATCH (n:Resource) WITH n LIMIT $limit DETACH DELETE n "
                      "RETURN count(*) AS deleted")
NEO4J_CHECK_NODES = ("UNWIND $rows AS r MATCH (n:Resource {uri: r.uri}) "
                     "WHERE all(l IN r.labels WHERE l IN labels(n)) RETURN count(n) AS found")
NEO4J_CHECK_RELS = ("UNWIND $rows AS r MATCH (a:Resource {uri: r.s})-[x]->(b:Resource {uri: r.t}) "
                    "WHERE type(x) = r.type RETURN count(x) AS found")
NEO4J_COUNT_ALL = "MATCH (n:Resource) RETURN count(n) AS nodes"


def neo4j_statements(pg, schema: GraphSchema | None = None) -> list[tuple[str, dict]]:
    """Every distinct statement the Neo4j loader sends for ``pg``, with the parameters
    it declares (for the offline Cypher lint)."""
    schema = schema or build_schema(pg, ontology=False)
    out: list[tuple[str, dict]] = [(NEO4J_CONSTRAINT, {})]
    label_sets = sorted({n.labels for n in pg.nodes.values()})
    row = {"rows": [{"uri": "u", "props": {"uri": "u"}}]}
    out += [(neo4j_node_statement(ls), row) for ls in label_sets]
    out += [(neo4j_rel_statement(schema.rel_name(t)), {"rows": [{"s": "a", "t": "b", "props": {}}]})
            for t in sorted({e.type for e in pg.edges})]
    out += [(NEO4J_DELETE_BATCH, {"limit": 1}),
            (NEO4J_CHECK_NODES, {"rows": [{"uri": "u", "labels": ["L"]}]}),
            (NEO4J_CHECK_RELS, {"rows": [{"s": "a", "t": "b", "type": "T"}]}),
            (NEO4J_COUNT_ALL, {})]
    return out
