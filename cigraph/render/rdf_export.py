"""Export the whole dataset (ontology, data, inferences) as RDF, or the property graph as GraphML."""

from __future__ import annotations

from pathlib import Path

__all__ = ["RDF_FORMATS", "export_rdf", "export_graphml"]

#: format name -> (pyoxigraph format attribute, keeps named graphs?)
RDF_FORMATS = {
    "ttl": ("TURTLE", False),
    "nt": ("N_TRIPLES", False),
    "jsonld": ("JSON_LD", False),
    "nq": ("N_QUADS", True),
    "trig": ("TRIG", True),
}


def export_rdf(ds, fmt: str, path: str | Path, *, graphs: tuple[str, ...] | None = None) -> int:
    """Write the dataset in ``fmt``; triple formats merge the named graphs. Returns triples written.

    ``jsonld`` is compacted with the ontology's context (:mod:`cigraph.render.jsonld`).
    """
    import pyoxigraph as ox

    from ..dataset import GRAPHS
    from ..util import atomic_path
    from ..vocab import PREFIXES

    if fmt == "jsonld":
        from .jsonld import write_jsonld

        return write_jsonld(ds, path, graphs=graphs)
    attr, quads = RDF_FORMATS[fmt]
    rdf_format = getattr(ox.RdfFormat, attr)
    names = graphs or tuple(GRAPHS)
    seen = set()
    items = []
    for name in names:
        for q in ds.quads(GRAPHS[name]):
            if quads:
                items.append(q)
            else:
                t = ox.Triple(q.subject, q.predicate, q.object)
                if t not in seen:
                    seen.add(t)
                    items.append(t)
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            kw = {}
            if fmt in ("ttl", "trig"):
                kw["prefixes"] = PREFIXES
            ox.serialize(items, f, rdf_format, **kw)
    return len(items)


def export_graphml(pg, path: str | Path) -> tuple[int, int]:
    """The full property graph as GraphML (list properties joined with ``|``)."""
    import networkx as nx

    from ..util import atomic_path

    G = nx.MultiDiGraph()
    for n in pg.nodes.values():
        attrs = {}
        for k, v in n.props.items():
            attrs[k] = "|".join(map(str, v)) if isinstance(v, list) else v
        attrs.update(labels="|".join(n.labels), kind=n.label)
        G.add_node(n.id, **{k: v for k, v in attrs.items() if v is not None})
    for e in pg.edges:
        G.add_edge(e.source, e.target, key=e.type, type=e.type)
    with atomic_path(path) as tmp:
        nx.write_graphml(G, tmp)
    return G.number_of_nodes(), G.number_of_edges()
