"""n10s naming: the graph as neosemantics (n10s) would import the same RDF, for ``cigraph load --naming n10s``.

n10s with ``handleVocabUris: "SHORTEN"`` (its default) and ``handleMultival: "ARRAY"``
writes every IRI resource as a ``:Resource`` node with a unique ``uri`` (constraint
``n10s_unique_uri``), each ``rdf:type`` as a label, each literal-valued predicate as
a property and each IRI-valued predicate as a relationship, all three named
``prefix__localName`` (``ci__Initiative``, ``ci__name``, ``ci__hasBackbone``,
``org__member``, ``prov__wasDerivedFrom``). The prefixes are kept on one
``_NsPrefDef`` node and the settings on one ``_GraphConfig`` node, where n10s looks
for them, so ``n10s.rdf.export`` and queries written for an n10s import work
on this graph. A namespace with no known prefix gets ``ns0``, ``ns1``… in order of
first use, as n10s names them.

Compared with cigraph's own naming (the default: ``:Resource:Initiative``,
``HAS_BACKBONE``, ``name``), the projection is the same (same nodes, same edges,
inferred shortcuts included); only the names change, and the ``labels``/``types``
list properties are not written (n10s has the labels). The queries in
``queries/*.cypher`` use cigraph's naming.

Names are generated from IRIs in the data, so they are always written in backticks
(a backtick in a name doubled): no IRI can change a statement.

>>> naming = N10sNaming.from_predicates(["https://w3id.org/cigraph#hasBackbone",
...                                      "https://w3id.org/cigraph#name", "http://example.org/v#score"])
>>> naming.rel("HAS_BACKBONE"), naming.prop("name"), naming.prop("score"), naming.label("ci:Initiative")
('ci__hasBackbone', 'ci__name', 'ns0__score', 'ci__Initiative')
>>> naming.prefixes["ns0"]
'http://example.org/v#'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DataError

__all__ = ["N10S_CONSTRAINT", "N10sNaming", "quote", "n10s_node_statement", "n10s_rel_statement",
           "n10s_statements", "N10S_PREFIXES", "N10S_CONFIG", "GRAPH_CONFIG"]

#: The uniqueness constraint ``n10s.graphconfig.init`` asks for.
N10S_CONSTRAINT = "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE"
#: Where n10s keeps the namespace prefixes and its settings.
N10S_PREFIXES = "MERGE (p:_NsPrefDef) SET p = $prefixes"
N10S_CONFIG = "MERGE (c:_GraphConfig) SET c = $config"
GRAPH_CONFIG = {"_handleVocabUris": "SHORTEN", "_handleMultival": "ARRAY", "_handleRDFTypes": "LABELS",
                "_keepLangTag": False, "_keepCustomDataTypes": False, "_applyNeo4jNaming": False}

_SKIP = {"uri", "labels", "types"}  # cigraph's own properties; n10s has none of them


def quote(name: str) -> str:
    """A label, type or property name as a Cypher identifier in backticks.

    >>> quote("ci__Initiative"), quote("a`b")
    ('`ci__Initiative`', '`a``b`')
    """
    if not isinstance(name, str) or not name or "\x00" in name:
        raise DataError(f"cannot use {name!r} as a name in Cypher.")
    return "`" + name.replace("`", "``") + "`"


def _split(iri: str) -> tuple[str, str]:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1], iri[cut + 1:]


@dataclass
class N10sNaming:
    """Names for one projection: ``prefixes`` (prefix -> namespace) and the maps from
    cigraph's relationship types and property keys to the predicates' IRIs."""

    predicates: dict[str, str] = field(default_factory=dict)  # REL_TYPE or prop key -> IRI
    prefixes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_predicates(cls, iris) -> "N10sNaming":
        """Built from the predicate IRIs of the dataset (``SELECT DISTINCT ?p``)."""
        from ..projection import rel_type
        from ..vocab import curie, local_name

        naming = cls()
        by_local: dict[str, list[str]] = {}
        for p in sorted(set(iris)):
            by_local.setdefault(local_name(p), []).append(p)
            naming.predicates.setdefault(rel_type(p), p)
        for ln, ps in by_local.items():
            for p in ps:  # the projection's property keys: the local name, or prefix__local when shared
                naming.predicates.setdefault(ln if len(ps) == 1 else curie(p).replace(":", "__"), p)
        return naming

    def shorten(self, iri: str) -> str:
        """``prefix__local`` for an IRI, as n10s SHORTEN names it."""
        from ..vocab import PREFIXES

        ns, local = _split(iri)
        if not local:
            raise DataError(f"cannot name {iri!r} the n10s way: it has no local name after its last / or #.")
        for prefix, known in self.prefixes.items():
            if known == ns:
                return f"{prefix}__{local}"
        prefix = next((p for p, known in PREFIXES.items() if known == ns), None)
        if prefix is None:
            prefix = f"ns{sum(1 for p in self.prefixes if p.startswith('ns') and p[2:].isdigit())}"
        self.prefixes[prefix] = ns
        return f"{prefix}__{local}"

    def label(self, type_curie_or_iri: str) -> str:
        from ..vocab import PREFIXES

        prefix, _, local = type_curie_or_iri.partition(":")
        if prefix in PREFIXES and not local.startswith("//"):
            return self.shorten(PREFIXES[prefix] + local)
        return self.shorten(type_curie_or_iri)

    def rel(self, edge_type: str) -> str:
        iri = self.predicates.get(edge_type)
        if iri is None:
            raise DataError(f"no predicate of the dataset projects to relationship type {edge_type}:"
                            " rebuild the workspace (`cigraph build`) and load again.")
        return self.shorten(iri)

    def prop(self, key: str) -> str | None:
        """The n10s property name for a projection key (None for cigraph's own ``uri``/``labels``/``types``)."""
        if key in _SKIP:
            return None
        iri = self.predicates.get(key)
        return self.shorten(iri) if iri else key


def n10s_node_statement(labels: tuple[str, ...]) -> str:
    """MERGE a batch of resources that share one label set (``$rows``: ``{uri, props}``)."""
    extra = "".join(f":{quote(lab)}" for lab in labels)
    return "UNWIND $rows AS r MERGE (n:Resource {uri: r.uri}) SET n = r.props" + (f" SET n{extra}" if extra else "")


def n10s_rel_statement(rel: str) -> str:
    """MERGE a batch of relationships of one type (``$rows``: ``{s, t}``)."""
    return ("UNWIND $rows AS r MATCH (a:Resource {uri: r.s}) MATCH (b:Resource {uri: r.t}) "
            f"MERGE (a)-[:{quote(rel)}]->(b)")


def n10s_rows(pg, naming: N10sNaming):
    """``({label set: [{uri, props}]}, {type: [{s, t}]})`` for the n10s load."""
    nodes: dict[tuple, list[dict]] = {}
    for n in pg.nodes.values():
        labels = tuple(sorted({naming.label(t) for t in n.props.get("types") or ()}))
        props = {"uri": n.id}
        for k, v in n.props.items():
            name = naming.prop(k)
            if name is not None and v is not None and v != []:
                props[name] = v
        nodes.setdefault(labels, []).append({"uri": n.id, "props": props})
    rels: dict[str, list[dict]] = {}
    for e in pg.edges:
        rels.setdefault(naming.rel(e.type), []).append({"s": e.source, "t": e.target})
    return nodes, rels


def n10s_statements(pg, naming: N10sNaming) -> list[tuple[str, dict]]:
    """Every distinct statement the n10s load sends for ``pg``, with example parameters (for the lint)."""
    nodes, rels = n10s_rows(pg, naming)
    out: list[tuple[str, dict]] = [(N10S_CONSTRAINT, {}), (N10S_PREFIXES, {"prefixes": dict(naming.prefixes)}),
                                   (N10S_CONFIG, {"config": GRAPH_CONFIG})]
    out += [(n10s_node_statement(ls), {"rows": [{"uri": "u", "props": {"uri": "u"}}]}) for ls in sorted(nodes)]
    out += [(n10s_rel_statement(t), {"rows": [{"s": "a", "t": "b"}]}) for t in sorted(rels)]
    return out
