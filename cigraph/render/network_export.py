"""Network files for Gephi (GEXF), Kumu (JSON blueprint) and yEd/Cytoscape (GraphML).

``collaboration`` and ``activities`` are the networks the map draws
(:func:`cigraph.render.map_network.map_network`): the same nodes and edges,
readable attributes (labels, several joined with ``" | "``), and the map's
colours, sizes and positions, so the file opens looking like the map and no
participant the map connects to its initiative is left isolated. ``full``
(GraphML only) is every node and relationship of the property graph.

The Kumu blueprint is ``{"elements": [...], "connections": [...]}``
(Kumu's documented JSON import): elements with ``id`` (the IRI), ``label``,
``type``, ``description``, ``tags`` and custom fields; connections with their
own ``id`` and ``from``/``to`` naming element ids.

>>> import json, tempfile, pathlib
>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> P = ("Organization", "Participant")
>>> pg = PropertyGraph([Node("i", ("Initiative",), {"name": "I"}), Node("a", P, {"name": "A", "description": "d"}),
...                     Node("b", P, {"name": "B"}), Node("x", ("Activity",))],
...                    [Edge("a", "i", "MEMBER_OF"), Edge("b", "i", "MEMBER_OF"), Edge("x", "i", "PART_OF_INITIATIVE"),
...                     Edge("a", "x", "PERFORMS"), Edge("b", "x", "PERFORMS")])
>>> out = pathlib.Path(tempfile.mkdtemp()) / "net.json"
>>> stats = export_network(pg, "kumu", out)
>>> doc = json.loads(out.read_text())
>>> [(e["label"], e["type"], e["description"]) for e in doc["elements"]]
[('A', 'Organization', 'd'), ('B', 'Organization', ''), ('I', 'Initiative', '')]
>>> sorted((c["from"], c["to"], c["type"]) for c in doc["connections"])
[('a', 'b', 'works with'), ('a', 'i', 'member of the initiative'), ('b', 'i', 'member of the initiative')]
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import CigraphError
from .map_network import SEP

__all__ = ["EXPORT_FORMATS", "NETWORKS", "export_network", "collaboration_with_measures", "kumu_blueprint"]

EXPORT_FORMATS = ("gexf", "graphml", "kumu")
NETWORKS = ("collaboration", "activities", "full")


def _flat(v):
    if v is None:
        return ""
    if isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (list, tuple, set)):
        return "; ".join(str(_flat(x)) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}={_flat(x)}" for k, x in v.items())
    return str(v)


def collaboration_with_measures(pg, initiative: str | None = None):
    """The collaboration network with every centrality measure as node attributes
    (on the network exported: one initiative's, or the one across initiatives)."""
    from ..analysis.centrality import measures
    from ..analysis.network import collaboration_network

    G = collaboration_network(pg, initiative).copy()    # the shared network is frozen
    m, method = measures(G)
    for v, vals in m.items():
        G.nodes[v].update(vals)
    G.graph["betweenness_method"] = method
    return G


def _flatten_graph(G):
    import networkx as nx

    H = nx.MultiDiGraph() if G.is_multigraph() else nx.Graph()
    for v, d in G.nodes(data=True):
        attrs = {k: _flat(x) for k, x in d.items() if x is not None}
        # Gephi shows the "label" attribute: make it the name, keep the node label as "kind"
        attrs["kind"] = attrs.pop("label", "")
        attrs["label"] = attrs.get("name", v)
        H.add_node(v, **attrs)
    if G.is_multigraph():
        for u, v, k, d in G.edges(keys=True, data=True):
            H.add_edge(u, v, key=k, **{a: _flat(x) for a, x in d.items()})
    else:
        for u, v, d in G.edges(data=True):
            dd = dict(d)
            if "basis" in dd:
                dd["basis"] = "; ".join(f"{kind} {iri} (+{amt:g})" for kind, iri, amt in d["basis"])
            H.add_edge(u, v, **{a: _flat(x) for a, x in dd.items()})
    H.graph.update({k: _flat(x) for k, x in G.graph.items() if isinstance(x, (str, int, float, bool))})
    return H


_KUMU_FIELDS = {"sectors": "Sector", "roles": "Roles", "initiatives": "Initiatives", "backbone": "Backbone",
                "iri": "IRI"}


def _kumu_field(key: str) -> str:
    return _KUMU_FIELDS.get(key) or key.replace("_", " ").capitalize()


def kumu_blueprint(net) -> dict:
    """Kumu's JSON import ("blueprint") of a :class:`~cigraph.render.map_network.MapNetwork`.

    Elements carry Kumu's own fields (``label``, ``type``, ``description``,
    ``tags``) and custom fields with readable names and values; several values
    are joined with ``" | "``, as Kumu splits them. Every element has an ``id``
    (its IRI) and connections name their ends by id, since two elements may
    share a label; connection ids (``c1``, ``c2`` …) never clash with element ids.
    """
    elements = []
    for n in net.nodes:
        a = n.attrs
        tags = [t for t in (a.get("sectors") or "").split(SEP) if t]
        if a.get("backbone"):
            tags.insert(0, "backbone")
        el = {"id": n.id, "label": str(a.get("name") or n.id), "type": str(a.get("kind") or ""),
              "description": str(a.get("description") or ""), "tags": tags}
        for k, x in a.items():
            if k in ("name", "kind", "description") or x is None or x == "":
                continue
            el[_kumu_field(k)] = x
        elements.append(el)
    connections = []
    for i, e in enumerate(net.edges, 1):
        a = e.attrs
        c = {"id": f"c{i}", "from": e.source, "to": e.target, "type": str(a.get("label") or a.get("kind")),
             "direction": "directed" if e.directed else "undirected", "strength": float(a.get("weight", 1.0))}
        for k in ("kind", "relations", "roles", "basis"):
            if a.get(k):
                c[_kumu_field(k)] = a[k]
        connections.append(c)
    return {"elements": elements, "connections": connections}


def export_network(pg, fmt: str, path, *, network: str = "collaboration", initiative: str | None = None) -> dict:
    """Write a network to ``path`` as ``gexf`` | ``graphml`` | ``kumu``.

    Parameters
    ----------
    pg : PropertyGraph
    fmt : str
    path : str or Path
    network : str
        ``collaboration`` (participants, weighted ties, centrality measures as
        node attributes) or ``full`` (every node and relationship).
    initiative : str, optional
        Name, short name or IRI: only that initiative's network.

    Returns
    -------
    dict
        ``{"nodes": n, "edges": m, "format": fmt, "network": network, "path": str}``.
    """
    import networkx as nx

    from ..util import atomic_path

    if fmt not in EXPORT_FORMATS:
        raise CigraphError(f"unknown network format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}.")
    if network not in NETWORKS:
        raise CigraphError(f"unknown network {network!r}: use one of {', '.join(NETWORKS)}.")
    path = Path(path)
    if network == "full":
        if fmt != "graphml":
            raise CigraphError(f"--format {fmt} holds a map's network (collaboration or activities), not the"
                               " full property graph: use --format graphml for that.")
        from ..analysis.network import full_graph

        G = full_graph(pg, initiative)
        for v in G:
            G.nodes[v]["name"] = pg.nodes[v].name
        with atomic_path(path) as tmp:
            nx.write_graphml(_flatten_graph(G), tmp)
        return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "format": fmt, "network": network,
                "path": str(path)}

    from .map_network import map_network

    net = map_network(pg, initiative=initiative, view=network)
    if fmt == "gexf":
        from .gexf import write_gexf

        write_gexf(net, path)
    elif fmt == "kumu":
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(kumu_blueprint(net), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        with atomic_path(path) as tmp:
            nx.write_graphml(_graphml_of(net), tmp)
    return {"nodes": len(net.nodes), "edges": len(net.edges), "format": fmt, "network": network,
            "path": str(path), "description": net.description}


def _graphml_of(net):
    """A map network as a networkx graph for GraphML: the readable attributes plus the map's look
    (``x``, ``y``, ``size``, ``color``), which yEd and Cytoscape can map."""
    import networkx as nx

    G = nx.DiGraph() if net.directed else nx.Graph()
    G.graph["description"] = net.description
    for n in net.nodes:
        G.add_node(n.id, label=str(n.attrs.get("name") or n.id), **{k: x for k, x in n.attrs.items() if x != ""},
                   x=n.x, y=n.y, size=n.size, color=n.color)
    for e in net.edges:
        G.add_edge(e.source, e.target, **{k: x for k, x in e.attrs.items() if x != ""}, color=e.color)
    return G
