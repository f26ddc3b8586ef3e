"""Write the collaboration network (with its centrality measures) or the full graph
for Gephi (GEXF, GraphML) or Kumu (JSON blueprint).

Attributes are flattened to strings, numbers and booleans (lists joined with
``"; "``), since GEXF and GraphML hold nothing else; a node's ``label`` is its
name (what Gephi shows) and its primary label is ``kind``. The Kumu blueprint is
``{"elements": [...], "connections": [...]}``: every element has a unique
``label`` (a name shared by two nodes gets the IRI's local name appended),
``type``, ``description``, ``tags`` and the IRI as ``id``; connections name
their ends by label.

>>> import json, tempfile, pathlib
>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> P = ("Organization", "Participant")
>>> pg = PropertyGraph([Node("i", ("Initiative",), {"name": "I"}), Node("a", P, {"name": "A"}),
...                     Node("b", P, {"name": "B"}), Node("x", ("Activity",))],
...                    [Edge("a", "i", "MEMBER_OF"), Edge("b", "i", "MEMBER_OF"), Edge("x", "i", "PART_OF_INITIATIVE"),
...                     Edge("a", "x", "PERFORMS"), Edge("b", "x", "PERFORMS")])
>>> out = pathlib.Path(tempfile.mkdtemp()) / "net.json"
>>> stats = export_network(pg, "kumu", out)
>>> doc = json.loads(out.read_text())
>>> [e["label"] for e in doc["elements"]], doc["connections"][0]["from"], doc["connections"][0]["strength"]
(['A', 'B'], 'A', 1.0)
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import CigraphError

__all__ = ["EXPORT_FORMATS", "NETWORKS", "export_network", "collaboration_with_measures"]

EXPORT_FORMATS = ("gexf", "graphml", "kumu")
NETWORKS = ("collaboration", "full")


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

    G = collaboration_network(pg, initiative)
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


def _kumu(G, directed: bool) -> dict:
    names: dict[str, list[str]] = {}
    for v, d in G.nodes(data=True):
        names.setdefault(str(d.get("name") or v), []).append(v)
    label = {}
    for nm, vs in names.items():
        for v in vs:
            label[v] = nm if len(vs) == 1 else f"{nm} ({v.rsplit('/', 1)[-1].rsplit('#', 1)[-1]})"
    elements = []
    for v, d in sorted(G.nodes(data=True), key=lambda x: label[x[0]]):
        el = {"label": label[v], "id": v, "type": str(d.get("label") or ""),
              "description": str(d.get("description") or "")}
        tags = []
        if d.get("backbone"):
            tags.append("backbone")
        if d.get("group_name"):
            tags.append(str(d["group_name"]))
        el["tags"] = tags
        for k, x in d.items():
            if k not in ("name", "label", "labels", "description") and k not in el:
                el[k] = _flat(x)
        elements.append(el)
    conns = []
    if G.is_multigraph():
        it = ((u, v, d) for u, v, _k, d in G.edges(keys=True, data=True))
    else:
        it = G.edges(data=True)
    for u, v, d in it:
        c = {"from": label[u], "to": label[v], "type": str(d.get("type") or "collaboration"),
             "direction": "directed" if directed else "undirected"}
        if "weight" in d:
            c["strength"] = float(d["weight"])
        if "basis" in d and not G.is_multigraph():
            c["basis"] = "; ".join(f"{kind} {iri} (+{amt:g})" for kind, iri, amt in d["basis"])
        if "initiatives" in d:
            c["initiatives"] = _flat(d["initiatives"])
        conns.append(c)
    conns.sort(key=lambda c: (c["from"], c["to"], c["type"]))
    return {"elements": elements, "connections": conns}


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
    if network == "collaboration":
        G = collaboration_with_measures(pg, initiative)
    else:
        from ..analysis.network import full_graph

        G = full_graph(pg, initiative)
        for v in G:
            G.nodes[v]["name"] = pg.nodes[v].name
    path = Path(path)
    with atomic_path(path) as tmp:
        if fmt == "kumu":
            tmp.write_text(json.dumps(_kumu(G, directed=G.is_directed()), indent=1, ensure_ascii=False) + "\n",
                           encoding="utf-8")
        else:
            H = _flatten_graph(G)
            (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(H, tmp)
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "format": fmt, "network": network,
            "path": str(path)}
