"""The network a map draws, as plain records for network files (GEXF, Kumu).

Gephi and Kumu users should open a file that looks like the map: the same
nodes (initiatives, participants, backbone providers; activities, priorities,
working groups … in the ``activities`` view), the same edges (membership,
backbone, works-with ties, activity and coordination links), the same colours,
sizes and positions. :func:`map_network` computes that once, from
:func:`cigraph.render.map.map_view` and the map's own layout and styling, and
adds readable attributes:

* ``kind`` — the node's type ("Organization", "Stakeholder group", …);
* ``sectors``, ``roles``, ``initiatives`` — labels, several joined with
  ``" | "`` (Kumu splits on ``|``), never IRIs;
* ``backbone``, ``description``, ``iri``;
* for participants, every measure of
  :func:`cigraph.analysis.centrality.measures` on the collaboration network of
  the same scope (one initiative's, or the one across initiatives).

>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> P = ("Organization", "Participant")
>>> pg = PropertyGraph([Node("i", ("Initiative",), {"name": "I"}), Node("a", P, {"name": "A"}),
...                     Node("b", P, {"name": "B"}), Node("c", P, {"name": "C"}), Node("x", ("Activity",))],
...                    [Edge("a", "i", "MEMBER_OF"), Edge("b", "i", "MEMBER_OF"), Edge("c", "i", "MEMBER_OF"),
...                     Edge("x", "i", "PART_OF_INITIATIVE"), Edge("a", "x", "PERFORMS"), Edge("b", "x", "PERFORMS")])
>>> net = map_network(pg)
>>> [n.attrs["name"] for n in net.nodes]
['A', 'B', 'C', 'I']
>>> sorted((e.attrs["kind"], net.node(e.source).attrs["name"], net.node(e.target).attrs["name"]) for e in net.edges)
[('collaboration', 'A', 'B'), ('membership', 'A', 'I'), ('membership', 'B', 'I'), ('membership', 'C', 'I')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["NetNode", "NetEdge", "MapNetwork", "map_network", "SEP", "NETWORK_VIEWS"]

#: Several values in one attribute (Kumu's convention, also readable in Gephi).
SEP = " | "
#: The map views a network file can hold.
NETWORK_VIEWS = ("collaboration", "activities")

_MEASURES = ("degree_count", "degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank",
             "two_step_reach")


@dataclass
class NetNode:
    id: str                       # the IRI
    attrs: dict                   # readable attributes (str, int, float, bool)
    color: str                    # "#rrggbb", the map's fill colour
    size: float                   # the map's node size
    x: float
    y: float                      # map coordinates (screen: y grows downwards)
    shape: str                    # the map's vis-network shape


@dataclass
class NetEdge:
    source: str
    target: str
    attrs: dict
    color: str
    width: float
    directed: bool


@dataclass
class MapNetwork:
    """Nodes and edges as one map draws them; ``description`` says which network this is."""

    view: str
    title: str
    description: str
    nodes: list[NetNode] = field(default_factory=list)
    edges: list[NetEdge] = field(default_factory=list)
    directed: bool = False

    def node(self, iri: str) -> NetNode:
        return self._index()[iri]

    def _index(self) -> dict[str, NetNode]:
        if getattr(self, "_by_id", None) is None or len(self._by_id) != len(self.nodes):
            self._by_id = {n.id: n for n in self.nodes}
        return self._by_id


def _words(label: str) -> str:
    """``StakeholderGroup`` -> ``Stakeholder group``."""
    parts = re.findall(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+|\d+", label) or [label]
    return " ".join([parts[0]] + [p.lower() if not p.isupper() else p for p in parts[1:]])


def _join(values) -> str:
    return SEP.join(dict.fromkeys(str(v) for v in values if v not in (None, "")))


def map_network(pg, *, initiative: str | None = None, view: str = "collaboration", color_by: str = "sector",
                seed: int = 42) -> MapNetwork:
    """The network the map of ``initiative`` (default: all) draws in ``view``.

    Parameters
    ----------
    pg : PropertyGraph
    initiative : str, optional
        Name, short name or IRI of one initiative.
    view : {"collaboration", "activities"}
    color_by : str
        The map's colour scheme (see :data:`cigraph.render.map.COLOR_BY`).
    seed : int
        The map's layout seed: the same input gives the same positions.

    Raises
    ------
    DataError
        Unknown initiative (with close names) or view.
    """
    from ..analysis.centrality import measures
    from ..analysis.network import collaboration_network
    from ..errors import DataError
    from . import map as m

    if view not in NETWORK_VIEWS:
        raise DataError(f"unknown view {view!r} for a network file; choose one of {', '.join(NETWORK_VIEWS)}.")
    mv = m.map_view(pg, initiatives=[initiative] if initiative else None, view=view)
    data = m._page_data(pg, mv, color_by=color_by, size_by="degree", gap_at={}, seed=seed)

    G = collaboration_network(pg, mv.initiatives[0] if initiative else None)
    scores, _method = measures(G) if G.number_of_nodes() else ({}, None)

    ini_names = {i: m._name(pg, i) for i in mv.initiatives}
    if len(mv.initiatives) == 1:
        scope = ini_names[mv.initiatives[0]]
    else:
        scope = f"{len(mv.initiatives)} initiatives"
    what = ("initiatives, their participants and backbone providers; edges: membership, backbone and works-with"
            " ties (weight = the collaboration network's tie strength)") if view == "collaboration" else (
            "initiatives, participants, activities, priorities, working groups, outcomes and indicators; edges:"
            " membership, backbone, activity (performs, serves, reinforces, measured by) and coordination links")
    net = MapNetwork(view=view, title=f"{scope}: {view} map",
                     description=f"The {view} map of {scope} as cigraph draws it. Nodes: {what}. Colours: {color_by};"
                                 " sizes: degree on the map; positions: the map's layout.",
                     directed=view != "collaboration")

    for rec, iri in zip(data["nodes"], mv.nodes):
        node = pg.nodes[iri]
        roles = sorted({r for d in mv.roles.get(iri, {}).values() for r in d}, key=lambda r: (m._role_rank(r), r))
        attrs = {
            "name": node.name,
            "kind": _words(node.label),
            "sectors": _join(pg.nodes[s].name for s in m._sectors(pg, iri)),
            "roles": _join(m._name(pg, r) for r in roles),
            "initiatives": _join(ini_names.get(i) or m._name(pg, i) for i in mv.home.get(iri, ())),
            "backbone": bool(rec.get("bb")),
            "description": str(node.props.get("description") or ""),
            "iri": iri,
        }
        if iri in scores:
            for k in _MEASURES:
                if k in scores[iri]:
                    attrs[k] = scores[iri][k]
        net.nodes.append(NetNode(iri, attrs, rec["color"]["background"], float(rec["size"]),
                                 float(rec["x"]), float(rec["y"]), rec["shape"]))

    for e, rec in zip(mv.edges, data["edges"]):
        style = m.EDGE_STYLE[e.kind]
        attrs = {"kind": e.kind, "label": style["label"].split(" (")[0],
                 "relations": _join(t.replace("_", " ").lower() for t in e.types),
                 "roles": _join(m._name(pg, r) for r in sorted(e.roles, key=lambda r: (m._role_rank(r), r))),
                 "weight": float(e.weight)}
        if e.basis:
            attrs["basis"] = _join(f"{kind.replace('_', ' ')}: {m._name(pg, iri) if iri in pg.nodes else iri}"
                                   f" (+{amount:g})" for kind, iri, amount in e.basis)
        net.edges.append(NetEdge(e.source, e.target, attrs, style["color"], float(rec["width"]),
                                 directed=view != "collaboration"))
    return net
