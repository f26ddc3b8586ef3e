"""Interactive network maps of Collective Impact initiatives (vis-network, offline).

:func:`build_map` turns a :class:`~cigraph.projection.PropertyGraph` into one
self-contained HTML page: the vis-network library that ships with pyvis is
inlined, so the page makes no network request and works with no connection.

What the page shows
-------------------
* **Views** (which part of the graph):

  ``collaboration``
      initiatives, their participants and backbone providers; membership edges
      (role in the tooltip) and the *works-with* ties of
      :func:`cigraph.analysis.network.collaboration_network`.
  ``activities``
      adds activities, priorities, working groups, outcomes and indicators,
      with the relationships between them (performs, serves, reinforces,
      coordinated by, measured by …).
  ``full``
      every entity of the initiatives; memberships are drawn as edges, sources
      go into the tooltips and shared vocabulary (roles, sectors, conditions,
      maturity levels, backbone functions) is shown by colour, not as nodes.

* **Overview**: with more than one initiative on the map, each initiative's
  own nodes start folded into one cluster (vis-network clustering) that opens
  on click; backbones and participants shared by several initiatives stay
  outside the clusters, so the backbone of every initiative is visible.
* **Encoding**: colour by sector, role, type, initiative or community; shape
  by node type; size by degree, betweenness or eigenvector centrality in the
  map's graph; backbones are stars with a gold ring and always labelled; gaps
  (:func:`cigraph.analysis.gaps.find_gaps`) get a red ring and their
  explanation in the tooltip; edges are styled by kind (membership, backbone,
  works-with, activity, coordination, structure).
* **Controls**: a search box, filters by initiative, sector and node type,
  expand/collapse, and click-to-focus (a click highlights the node's
  neighbourhood and dims the rest).
* **Layout**: computed here, seeded, so the same input gives the same page:
  one Fruchterman–Reingold layout (igraph) per initiative, the initiatives
  packed in rows, nodes shared by several initiatives placed between them.
  Above :data:`PHYSICS_THRESHOLD` nodes the browser's physics is off; below it
  a short, seeded relaxation runs from those positions and then stops.

Every string from the data reaches the page as JSON data (``<``, ``>`` and
``&`` escaped) and is put into the page with ``textContent`` or drawn on the
canvas, so a name such as ``<script>alert(1)</script>`` shows as text.
"""

from __future__ import annotations

import difflib
import html
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CigraphError, DataError

__all__ = [
    "VIEWS",
    "COLOR_BY",
    "SIZE_BY",
    "PHYSICS_THRESHOLD",
    "MapView",
    "map_view",
    "layout_positions",
    "build_map",
    "render_map",
    "write_map",
    "vis_assets",
]

VIEWS = ("collaboration", "full", "activities")
COLOR_BY = ("sector", "role", "type", "initiative", "community")
SIZE_BY = ("degree", "betweenness", "eigenvector")

#: Above this many nodes the browser's physics simulation is switched off and
#: the precomputed positions are final (see ``benchmarks/bench_map.py``).
PHYSICS_THRESHOLD = 200

CI = "https://w3id.org/cigraph#"

# Labels that never become nodes of a map: provenance goes into tooltips, shared
# vocabulary is encoded by colour, memberships are drawn as edges.
_NOT_NODES = frozenset({"SourceSection", "SourceDocument", "Role", "Sector", "Condition", "MaturityLevel",
                        "BackboneFunction", "Membership"})
_ACTIVITY_LABELS = ("Activity", "Priority", "WorkingGroup", "Outcome", "Indicator", "Target")
_PROVENANCE = frozenset({"WAS_DERIVED_FROM", "HAD_PRIMARY_SOURCE", "IS_PART_OF"})
# membership facts are drawn from the Membership nodes / scopes, not from these edges
_MEMBERSHIP_TYPES = frozenset({"MEMBER_OF", "HAS_BACKBONE", "HAS_MEMBERSHIP", "MEMBER", "ORGANIZATION", "ROLE"})

#: Edge kinds: relationship type -> kind. Unlisted types are "structure".
EDGE_KINDS = {
    **{t: "activity" for t in ("PERFORMS", "SERVES", "REINFORCES", "CAN_PRODUCE", "MEASURED_BY",
                               "INDICATOR_FOR", "FOR_PRIORITY", "SUB_PRIORITY_OF", "HAS_TARGET")},
    **{t: "coordination" for t in ("COORDINATED_BY", "HAS_MEMBER", "LED_BY", "FOCUSES_ON", "PROVIDED_BY",
                                   "HAS_STAFF", "EMPLOYED_BY", "HAS_BACKBONE_SUPPORT", "DEVELOPED_BY")},
}
# drawing order of precedence when two nodes are linked by several kinds
_KIND_RANK = {"backbone": 0, "membership": 1, "collaboration": 2, "coordination": 3, "activity": 4, "structure": 5}
EDGE_STYLE = {
    "backbone": {"color": "#b8860b", "width": 4, "dashes": False, "label": "backbone of the initiative"},
    "membership": {"color": "#8c96a8", "width": 1.6, "dashes": False, "label": "member of the initiative"},
    "collaboration": {"color": "#3a6ea5", "width": 2, "dashes": False,
                      "label": "works with (shared activities, working groups, leadership)"},
    "coordination": {"color": "#7b5ea7", "width": 1.4, "dashes": [2, 5], "label": "coordination (working groups, backbone)"},
    "activity": {"color": "#4f9a55", "width": 1.4, "dashes": [8, 5], "label": "activity (performs, serves, reinforces, measures)"},
    "structure": {"color": "#c8cdd6", "width": 0.8, "dashes": False, "label": "structure (part of, agenda, channels …)"},
}

PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7",
           "#86bcb6", "#8cd17d", "#a0cbe8", "#ffbe7d", "#d4a6c8", "#79706e", "#f1ce63", "#d7b5a6"]
NA_COLOR = "#d3d7dd"
GAP_COLOR = "#d62728"
ASK_COLOR = "#7b4fb8"   # a node whose only gaps are not recorded: questions to ask, not failures
BACKBONE_COLOR = "#b8860b"

SHAPES = {
    "Initiative": "hexagon",
    "Organization": "dot",
    "StakeholderGroup": "triangle",
    "WorkingGroup": "square",
    "Activity": "diamond",
    "Priority": "triangleDown",
    "Outcome": "triangleDown",
    "Target": "triangleDown",
}
OTHER_SHAPE = "dot"  # drawn with a dashed border, see _node_record
BACKBONE_SHAPE = "star"

# facts shown in tooltips, in this order, when the node has them
_FACT_KEYS = ("shortName", "location", "country", "foundedYear", "foundedOn", "memberCount", "status", "goalStatement",
              "vision", "backboneModel", "evidence", "channelType", "cadence", "audience", "documentType",
              "year", "staffCount", "timeCommitment", "targetValue", "targetUnit", "description")
_FACT_NAMES = {"shortName": "short name", "foundedYear": "founded", "foundedOn": "founded on", "memberCount": "members",
               "goalStatement": "goal", "backboneModel": "backbone model", "channelType": "channel",
               "documentType": "document", "staffCount": "staff", "timeCommitment": "time",
               "targetValue": "target", "targetUnit": "unit"}
_MAX_TEXT = 320


# ---------------------------------------------------------------------------
# seams to the analysis layer (one line each to switch)
# ---------------------------------------------------------------------------

def _find_gaps(pg, initiatives=None) -> list:
    """Gaps from :func:`cigraph.analysis.gaps.find_gaps` (only of ``initiatives``, if given)."""
    try:
        from ..analysis.gaps import find_gaps
    except ModuleNotFoundError as e:  # pragma: no cover - only while the analysis layer is missing
        raise CigraphError("gap analysis (cigraph.analysis.gaps) is not available in this install;"
                           " run the map without --highlight-gaps.") from e
    if initiatives is None:
        return list(find_gaps(pg))
    return [g for ini in initiatives for g in find_gaps(pg, initiative=ini)]


def _scopes(pg) -> dict:
    """initiative IRI -> :class:`cigraph.analysis.network.Scope`."""
    from ..analysis.network import initiatives, scope

    only = getattr(pg, "restricted_to", None)   # a scoped read: the other initiatives are not all there
    return {n.id: scope(pg, n.id) for n in initiatives(pg) if only is None or n.id in only}


def _all_initiatives(pg) -> list:
    from ..analysis.network import initiatives

    only = getattr(pg, "restricted_to", None)
    return [n for n in initiatives(pg) if only is None or n.id in only]


def _resolve_initiative(pg, ref: str) -> str:
    from ..analysis.network import resolve_initiative

    return resolve_initiative(pg, ref)


def _collaboration_ties(pg, initiatives=None) -> list[tuple[str, str, float, list]]:
    """(p, q, weight, basis) ties of the collaboration network of ``initiatives`` (default: all),
    weights added up across them as :func:`~cigraph.analysis.network.collaboration_network` does."""
    from ..analysis.network import collaboration_network

    if initiatives is None:
        G = collaboration_network(pg)
        return sorted((min(p, q), max(p, q), float(d["weight"]), list(d.get("basis", ())))
                      for p, q, d in G.edges(data=True))
    ties: dict[tuple[str, str], list] = {}
    for ini in initiatives:
        for p, q, d in collaboration_network(pg, ini).edges(data=True):
            t = ties.setdefault((min(p, q), max(p, q)), [0.0, []])
            t[0] += float(d["weight"])
            t[1].extend(d.get("basis", ()))
    return sorted((p, q, w, b) for (p, q), (w, b) in ties.items())


def _centrality(ids: list[str], pairs: list[tuple[int, int]], measure: str) -> list[float]:
    """Centrality of each node of the map's (undirected, simple) graph."""
    n = len(ids)
    if measure == "degree":
        deg = [0] * n
        for a, b in pairs:
            deg[a] += 1
            deg[b] += 1
        return [float(d) for d in deg]
    import igraph as ig

    g = ig.Graph(n=n, edges=pairs, directed=False)
    if measure == "betweenness":
        return [float(v) for v in g.betweenness(directed=False)]
    if measure == "eigenvector":
        # per connected part (each scaled to a maximum of 1): on a map of separate
        # initiatives the whole-graph vector would be zero outside the largest part
        out = [0.0] * n
        for comp in g.connected_components():
            if len(comp) < 2:
                continue
            sub = g.induced_subgraph(comp)
            for i, v in zip(comp, sub.eigenvector_centrality(scale=True)):
                out[i] = float(v)
        return out
    raise ValueError(f"unknown size measure {measure!r}; choose one of {', '.join(SIZE_BY)}")


def _communities(ids: list[str], pairs: list[tuple[int, int]], seed: int) -> list[int]:
    """Community (Louvain, seeded) of each node of the map's graph."""
    import igraph as ig

    with _seeded_igraph(seed):
        g = ig.Graph(n=len(ids), edges=pairs, directed=False)
        parts = g.community_multilevel()
    return list(parts.membership)


class _seeded_igraph:
    """Run igraph with its own seeded random generator, then restore the default."""

    def __init__(self, seed: int):
        import random

        self.rng = random.Random(seed)

    def __enter__(self):
        import random

        import igraph as ig

        ig.set_random_number_generator(self.rng)
        self._default = random
        return self.rng

    def __exit__(self, *exc):
        import igraph as ig

        ig.set_random_number_generator(self._default)
        return False


# ---------------------------------------------------------------------------
# the map's graph
# ---------------------------------------------------------------------------

@dataclass
class MapEdge:
    source: str
    target: str
    kind: str
    types: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    weight: float = 1.0
    basis: list = field(default_factory=list)


@dataclass
class MapView:
    """The nodes and edges one map draws, before layout and styling."""

    view: str
    nodes: list[str]                          # node IRIs, sorted
    edges: list[MapEdge]                      # one per unordered pair, sorted
    home: dict[str, tuple[str, ...]]          # node -> initiatives it belongs to (sorted)
    initiatives: list[str]                    # initiatives on the map, sorted
    backbones: dict[str, set[str]]            # initiative -> backbone nodes on the map
    roles: dict[str, dict[str, set[str]]]     # participant -> initiative -> role IRIs
    focus: str | None = None


def _name(pg, iri: str) -> str:
    n = pg.nodes.get(iri)
    return n.name if n is not None else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _short(pg, iri: str) -> str:
    n = pg.nodes.get(iri)
    if n is None:
        return _name(pg, iri)
    s = n.props.get("shortName")
    return s if isinstance(s, str) and s else n.name


def _backbone_providers(pg, ini: str) -> set[str]:
    out = set()
    for e in pg.out_edges(ini, "HAS_BACKBONE_SUPPORT"):
        out.update(x.target for x in pg.out_edges(e.target, "PROVIDED_BY") if x.target in pg.nodes)
    return out


def map_view(pg, *, initiatives=None, view: str = "collaboration", focus: str | None = None,
             depth: int = 1, scopes: dict | None = None) -> MapView:
    """Select the nodes and edges of a map (see the module docstring for the views).

    ``initiatives``: names, short names or IRIs (unknown ones raise
    :class:`~cigraph.errors.DataError` with close names). ``focus``: a node's
    name, short name, label or IRI; the map keeps the nodes within ``depth``
    steps of it.
    """
    if view not in VIEWS:
        raise DataError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}.")
    scopes = scopes if scopes is not None else _scopes(pg)
    chosen = sorted({_resolve_initiative(pg, r) for r in initiatives}) if initiatives else sorted(scopes)

    # what each initiative owns, by view
    home: dict[str, set[str]] = defaultdict(set)
    backbones: dict[str, set[str]] = {}
    roles: dict[str, dict[str, set[str]]] = defaultdict(dict)
    # what the map keeps is intersected with the chosen initiatives, so the others' ownership
    # only matters to the full view (its walk stops at nodes other initiatives hold): leaving
    # them out makes one initiative's map cost its own size, not the network's (the report
    # draws one per initiative: quadratic before)
    owners = scopes if view == "full" else {i: scopes[i] for i in chosen if i in scopes}
    for ini, sc in owners.items():
        own = {ini} | set(sc.participants) | set(sc.backbones)
        bb = set(sc.backbones) | _backbone_providers(pg, ini)
        own |= bb
        if view != "collaboration":
            own |= set(sc.activities) | set(sc.working_groups) | set(sc.priorities) | set(sc.outcomes)
            own |= set(sc.indicators)
        if view == "full":
            own |= set(sc.practices)
        for n in own:
            home[n].add(ini)
        backbones[ini] = bb
        for p, rs in sc.roles.items():
            roles[p][ini] = set(rs)
        for p in bb:
            roles[p].setdefault(ini, set()).add(CI + "BackboneRole")

    if view == "full":
        _attach_rest(pg, home)
    elif view == "activities":
        # targets hang off priorities; keep them with their initiative
        for n in list(home):
            for e in pg.out_edges(n, "HAS_TARGET"):
                home[e.target] |= home[n]

    keep = {n for n, inis in home.items() if n in pg.nodes and inis & set(chosen)
            and not set(pg.nodes[n].labels) & _NOT_NODES}
    edges = _view_edges(pg, keep, view, scopes, chosen, backbones)

    focus_id = None
    if focus is not None:
        focus_id = _resolve_node(pg, focus, keep)
        keep = _ego(focus_id, keep, edges, depth)
        edges = [e for e in edges if e.source in keep and e.target in keep]

    homes = {n: tuple(sorted(home[n] & set(chosen))) for n in keep}
    present = sorted(i for i in chosen if i in keep)
    return MapView(view=view, nodes=sorted(keep), edges=edges, home=homes, initiatives=present,
                   backbones={i: backbones.get(i, set()) & keep for i in present},
                   roles={p: {i: r for i, r in d.items() if i in chosen} for p, d in roles.items() if p in keep},
                   focus=focus_id)


def _attach_rest(pg, home: dict[str, set[str]]) -> None:
    """Full view: give nodes outside every scope (agendas, channels, documents,
    backbone support, staff, endorsements, networks …) the initiatives of their
    neighbours, walking outwards from what the scopes already placed."""
    frontier = sorted(home)
    while frontier:
        nxt = set()
        for n in frontier:
            node = pg.nodes.get(n)
            if node is None or (set(node.labels) & {"Participant", "Network"} and node.label != "Initiative"):
                continue  # do not walk through shared participants or networks
            for e in pg.out_edges(n) + pg.in_edges(n):
                if e.type in _PROVENANCE or e.type in _MEMBERSHIP_TYPES:
                    continue
                other = e.target if e.source == n else e.source
                o = pg.nodes.get(other)
                if o is None or set(o.labels) & _NOT_NODES:
                    continue
                if other in home and (o.label == "Initiative" or not home[n] - home[other]):
                    continue
                if o.label == "Initiative" or (other in home and set(pg.nodes[other].labels) & {"Participant"}):
                    continue
                before = len(home[other])
                home[other] |= home[n]
                if len(home[other]) != before:
                    nxt.add(other)
        frontier = sorted(nxt)


def _view_edges(pg, keep, view, scopes, chosen, backbones) -> list[MapEdge]:
    pairs: dict[tuple[str, str], MapEdge] = {}

    def add(s, t, kind, type_=None, roles=(), weight=None, basis=()):
        if s == t or s not in keep or t not in keep:
            return
        a, b = (s, t) if s < t else (t, s)
        e = pairs.get((a, b))
        if e is None:
            e = pairs[(a, b)] = MapEdge(s, t, kind)
        elif _KIND_RANK[kind] < _KIND_RANK[e.kind]:
            e.kind, e.source, e.target = kind, s, t
        if type_ and type_ not in e.types:
            e.types.append(type_)
        for r in roles:
            if r not in e.roles:
                e.roles.append(r)
        if weight is not None:
            e.weight = weight
        e.basis.extend(basis)

    for ini in chosen:
        sc = scopes[ini]
        for p in sorted(sc.members | sc.backbones):
            kind = "backbone" if p in backbones[ini] else "membership"
            add(p, ini, kind, "MEMBER_OF", sorted(sc.roles.get(p, ())))
        for p in sorted(backbones[ini] - sc.members):
            add(p, ini, "backbone", "PROVIDES_BACKBONE", [CI + "BackboneRole"])
        for p in sorted(set(sc.participants) - sc.members - backbones[ini]):
            if view == "collaboration":  # takes part (performs, sits on a working group) without a membership
                add(p, ini, "membership", "TAKES_PART")

    if view == "collaboration":
        subset = None if set(chosen) >= set(scopes) else chosen
        for p, q, w, basis in _collaboration_ties(pg, subset):
            add(p, q, "collaboration", "WORKS_WITH", weight=w, basis=basis)
    else:
        for e in pg.edges:
            if e.type in _PROVENANCE or e.type in _MEMBERSHIP_TYPES:
                continue
            if e.source in keep and e.target in keep:
                add(e.source, e.target, EDGE_KINDS.get(e.type, "structure"), e.type)
    return [pairs[k] for k in sorted(pairs)]


def _keys_of(node) -> set[str]:
    keys = {node.id.lower(), node.id.rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower(), node.name.lower()}
    for k in ("name", "shortName", "label", "prefLabel", "altLabel"):
        v = node.props.get(k)
        for s in (v if isinstance(v, (list, tuple)) else [v]):
            if isinstance(s, str):
                keys.add(s.lower())
    return keys


def _alt_names(node) -> list[str]:
    """Other names a person may search for: short name and alternative names (``skos:altLabel``)."""
    out = []
    for k in ("shortName", "altLabel"):
        v = node.props.get(k)
        out += [s for s in (v if isinstance(v, (list, tuple)) else [v]) if isinstance(s, str) and s != node.name]
    return sorted(set(out))


def _resolve_node(pg, ref: str, candidates) -> str:
    want = ref.strip().lower()
    hits = sorted(n for n in candidates if want in _keys_of(pg.nodes[n]))
    if hits:
        return hits[0]
    names = sorted({pg.nodes[n].name for n in candidates})
    close = difflib.get_close_matches(ref, names, n=5, cutoff=0.5)
    if not close:
        low = {x.lower(): x for x in names}
        close = [low[c] for c in difflib.get_close_matches(want, list(low), n=5, cutoff=0.4)]
    if not close:
        close = [x for x in names if want and want in x.lower()][:5]
    raise DataError(f"no node named {ref!r} on this map (focus). Pass a name, short name or IRI of a node"
                    " the chosen view shows; `cigraph describe` lists entities.", suggestions=close)


def _ego(center: str, keep: set[str], edges: list[MapEdge], depth: int) -> set[str]:
    adj: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        adj[e.source].add(e.target)
        adj[e.target].add(e.source)
    seen, frontier = {center}, [center]
    for _ in range(max(0, depth)):
        frontier = sorted({m for n in frontier for m in adj[n]} - seen)
        seen.update(frontier)
    return seen & keep


# ---------------------------------------------------------------------------
# layout
# ---------------------------------------------------------------------------

SPACING = 70.0  # pixels of room per node side at zoom 1
BACKBONE_OFFSET = SPACING * 1.6  # backbones sit above their initiative, stacked
BACKBONE_STEP = 88.0


def layout_positions(nodes: list[str], pairs: list[tuple[int, int]], groups: list[str | None],
                     *, seed: int = 42, anchors: dict[int, list[str]] | None = None,
                     hubs: dict[str, int] | None = None,
                     min_radius: dict[str, float] | None = None) -> list[tuple[float, float]]:
    """Seeded positions for a map: one Fruchterman–Reingold layout (igraph, grid
    variant for big groups) per group, groups packed in rows, biggest first.

    ``groups[i]`` is node i's group (its initiative) or None for nodes shared by
    several groups; ``anchors[i]`` lists the groups a shared node sits between.
    ``hubs[group]`` is the node kept at the group's centre (the initiative).
    Runs in well under a second for 5,000 nodes.

    >>> pos = layout_positions(["a", "b", "c"], [(0, 1), (1, 2)], ["g", "g", "g"], seed=1)
    >>> pos == layout_positions(["a", "b", "c"], [(0, 1), (1, 2)], ["g", "g", "g"], seed=1)
    True
    """
    import random

    anchors = anchors or {}
    hubs = hubs or {}
    members: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        if g is not None:
            members[g].append(i)
        elif not anchors.get(i):
            members["\0other"].append(i)
    adj: dict[int, list[int]] = defaultdict(list)
    for a, b in pairs:
        adj[a].append(b)
        adj[b].append(a)

    pos: list[tuple[float, float]] = [(0.0, 0.0)] * len(nodes)
    local: dict[str, list[tuple[int, float, float]]] = {}
    radius: dict[str, float] = {}
    for g in sorted(members):
        idx = members[g]
        pts = _group_layout(idx, adj, seed, hubs.get(g))
        r = SPACING * math.sqrt(len(idx) / math.pi) * 1.25 + SPACING * 0.6
        local[g] = [(i, x * r, y * r) for i, (x, y) in zip(idx, pts)]
        radius[g] = max(r, (min_radius or {}).get(g, 0.0))

    # pack group discs in rows (largest first, then by key), centred rows
    order = _group_order(members, groups, anchors, pairs)
    gap = SPACING * 1.0
    total = sum((2 * radius[g] + gap) ** 2 for g in order)
    width = max(math.sqrt(total) * 1.15, max((2 * radius[g] + gap for g in order), default=0))
    rows: list[list[str]] = [[]]
    used = 0.0
    for g in order:
        w = 2 * radius[g] + gap
        if rows[-1] and used + w > width:
            rows.append([])
            used = 0.0
        rows[-1].append(g)
        used += w
    centre: dict[str, tuple[float, float]] = {}
    y = 0.0
    for row in rows:
        h = max(2 * radius[g] + gap for g in row)
        row_w = sum(2 * radius[g] + gap for g in row)
        x = -row_w / 2
        for g in row:
            w = 2 * radius[g] + gap
            centre[g] = (x + w / 2, y + h / 2)
            x += w
        y += h
    # centre the whole drawing on the origin
    cy = y / 2
    centre = {g: (cx, c_y - cy) for g, (cx, c_y) in centre.items()}
    for g, pts in local.items():
        cx, c_y = centre[g]
        for i, x, yy in pts:
            pos[i] = (cx + x, c_y + yy)

    # shared nodes: between the groups they belong to, spread on a small circle
    rng = random.Random(seed)
    for i in sorted(anchors):
        gs = [g for g in anchors[i] if g in centre]
        if groups[i] is not None or not gs:
            continue
        mx = sum(centre[g][0] for g in gs) / len(gs)
        my = sum(centre[g][1] for g in gs) / len(gs)
        ang = rng.uniform(0, 2 * math.pi)
        rad = rng.uniform(0.3, 1.0) * SPACING * (1 + math.log1p(len(anchors)) / 2)
        pos[i] = (mx + rad * math.cos(ang), my + rad * math.sin(ang))
    return [(round(x, 1), round(y, 1)) for x, y in pos]


def _group_order(members, groups, anchors, pairs) -> list[str]:
    """Groups in packing order: biggest first, then greedily the group most tied to
    the one just placed (edges between them, nodes they share), so that related
    initiatives end up side by side and their shared nodes sit between them."""
    nbrs: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    def link(a, b, w):
        if a is not None and b is not None and a != b:
            nbrs[a][b] += w
            nbrs[b][a] += w

    for a, b in pairs:
        link(groups[a], groups[b], 1.0)
    for i, gs in anchors.items():
        gs = sorted(g for g in gs if g in members)
        for x in range(len(gs)):
            for y in range(x + 1, len(gs)):
                link(gs[x], gs[y], 3.0 / (len(gs) - 1))
    left = sorted(members, key=lambda g: (g == "\0other", -len(members[g]), g))
    rank = {g: k for k, g in enumerate(left)}
    to_placed: dict[str, float] = defaultdict(float)   # tie to every placed group
    order: list[str] = []
    remaining = set(left)

    def place(g):
        order.append(g)
        remaining.discard(g)
        for h, w in nbrs.get(g, {}).items():
            to_placed[h] += w

    if left:
        place(left[0])
    while remaining:
        last = order[-1]
        tied = [g for g in nbrs.get(last, {}) if g in remaining] or [g for g in to_placed if g in remaining]
        if tied:
            best = max(tied, key=lambda g: (g != "\0other", nbrs[last].get(g, 0.0) * 2 + to_placed[g],
                                            len(members[g]), -rank[g]))
        else:
            best = min(remaining, key=rank.__getitem__)
        place(best)
    return order


def _group_layout(idx: list[int], adj, seed: int, hub: int | None) -> list[tuple[float, float]]:
    """Unit-disc positions for one group's nodes (seeded)."""
    import random

    n = len(idx)
    if n == 1:
        return [(0.0, 0.0)]
    if n <= 4:
        out = []
        for k, i in enumerate(idx):
            if i == hub:
                out.append((0.0, 0.0))
            else:
                a = 2 * math.pi * k / n - math.pi / 2
                out.append((0.8 * math.cos(a), 0.8 * math.sin(a)))
        return out
    import igraph as ig

    local = {i: k for k, i in enumerate(idx)}
    es = sorted({(min(local[i], local[j]), max(local[i], local[j])) for i in idx for j in adj[i]
                 if j in local and j != i})
    rng = random.Random(seed * 7919 + n)
    init = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in idx]
    with _seeded_igraph(seed + n):
        g = ig.Graph(n=n, edges=es, directed=False)
        lay = g.layout_fruchterman_reingold(seed=init, niter=500 if n <= 100 else 300, grid=n > 800)
    pts = [tuple(c) for c in lay.coords]
    if hub is not None and hub in local:
        hx, hy = pts[local[hub]]
    else:
        hx = sum(p[0] for p in pts) / n
        hy = sum(p[1] for p in pts) / n
    pts = [(x - hx, y - hy) for x, y in pts]
    # scale so that 95% of the nodes fall inside the unit disc; squash outliers
    ds = sorted(math.hypot(x, y) for x, y in pts)
    r95 = ds[min(n - 1, int(0.95 * n))] or 1.0
    out = []
    for x, y in pts:
        x, y = x / r95, y / r95
        d = math.hypot(x, y)
        if d > 1.0:
            f = (1.0 + math.log(d) * 0.3) / d
            x, y = x * f, y * f
        out.append((x, y))
    return out


# ---------------------------------------------------------------------------
# styling and page
# ---------------------------------------------------------------------------

def _clip(v) -> str:
    s = str(v)
    return s if len(s) <= _MAX_TEXT else s[: _MAX_TEXT - 1].rstrip() + "…"


def _fmt(v) -> str:
    if isinstance(v, list):
        return "; ".join(_clip(x) for x in v)
    return _clip(v)


def _sources(pg, iri: str) -> list[str]:
    out = []
    for e in sorted(pg.out_edges(iri, "WAS_DERIVED_FROM"), key=lambda e: e.target):
        sec = pg.nodes.get(e.target)
        if sec is None:
            continue
        title = sec.props.get("sectionTitle") or sec.name
        docs = [pg.nodes[d.target] for d in pg.out_edges(e.target, "IS_PART_OF") if d.target in pg.nodes]
        doc = docs[0].name if docs else None
        out.append(f"{doc} — {title}" if doc else str(title))
    if not out:
        for e in sorted(pg.out_edges(iri, "HAD_PRIMARY_SOURCE"), key=lambda e: e.target):
            if e.target in pg.nodes:
                out.append(pg.nodes[e.target].name)
    return out


def _sectors(pg, iri: str) -> list[str]:
    return sorted(e.target for e in pg.out_edges(iri, "IN_SECTOR") if e.target in pg.nodes)


_ROLE_ORDER = ["BackboneRole", "LeadAgencyRole", "CoChairRole", "GoverningBodyRole", "FunderRole",
               "FinancialStewardRole", "WorkingGroupLeadRole", "EvaluatorRole", "MemberRole", "EndorserRole"]


def _role_rank(role_iri: str) -> int:
    ln = role_iri.rsplit("#", 1)[-1]
    return _ROLE_ORDER.index(ln) if ln in _ROLE_ORDER else len(_ROLE_ORDER)


def _gap_index(gaps, mv: MapView) -> dict[str, list[dict]]:
    """node -> gap records (subjects on the map, else the gap's initiative)."""
    out: dict[str, list[dict]] = defaultdict(list)
    on_map = set(mv.nodes)
    for g in gaps:
        ini = getattr(g, "initiative", None)
        if isinstance(ini, (tuple, list)):
            ini = ini[0] if ini else None
        rec = {"type": str(getattr(g, "type", "gap")), "severity": str(getattr(getattr(g, "severity", ""), "value",
                                                                             getattr(g, "severity", ""))),
               "explanation": _clip(getattr(g, "explanation", "")), "action": _clip(getattr(g, "action", "") or "")}
        basis = getattr(getattr(g, "basis", None), "value", None)
        if basis:
            rec["basis"] = basis
        if basis == "not recorded":
            rec["ask"] = 1
            rec["question"] = _clip(getattr(g, "question", "") or "")
        targets = []
        for s in getattr(g, "subjects", ()) or ():
            iri = s[0] if isinstance(s, (tuple, list)) else s
            if iri in on_map:
                targets.append(iri)
        if not targets and ini in on_map:
            targets = [ini]
        for t in dict.fromkeys(targets):
            out[t].append(rec)
    return out


def _category(pg, mv: MapView, iri: str, color_by: str, community: dict[str, int]) -> str | None:
    node = pg.nodes[iri]
    if color_by == "type":
        return node.label
    if color_by == "initiative":
        h = mv.home.get(iri, ())
        if len(h) == 1:
            return _short(pg, h[0])
        return "several initiatives" if h else None
    if color_by == "community":
        c = community.get(iri)
        return None if c is None else f"community {c + 1}"
    if color_by == "sector":
        secs = _sectors(pg, iri)
        return pg.nodes[secs[0]].name if secs else None
    if color_by == "role":
        rs = {r for d in mv.roles.get(iri, {}).values() for r in d}
        if not rs:
            return None
        best = min(rs, key=lambda r: (_role_rank(r), r))
        return _name(pg, best)
    raise DataError(f"unknown colour scheme {color_by!r}; choose one of {', '.join(COLOR_BY)}.")


def vis_assets() -> tuple[str, str]:
    """The vis-network JavaScript and CSS that ship with pyvis (for inlining)."""
    import importlib.resources

    import pyvis  # noqa: F401  (the assets are package data of pyvis)

    base = importlib.resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S*", "", js)
    css = re.sub(r"/\*# sourceMappingURL=\S*\s*\*/", "", css)
    return js, css


def _inline_js(js: str) -> str:
    """JavaScript that cannot end or open a <script> element early (the only
    occurrences in vis-network are inside string literals, where \\x3c is '<')."""
    return js.replace("</script", "<\\/script").replace("<script", "\\x3cscript").replace("<!--", "\\x3c!--")


def _script_json(obj) -> str:
    """JSON that is safe inside a <script> element."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def build_map(pg, **kwargs) -> str:
    """An interactive, self-contained HTML map of ``pg``: the page of :func:`render_map`."""
    return render_map(pg, **kwargs)[0]


def render_map(pg, *, initiatives=None, view: str = "collaboration", color_by: str = "sector",
               size_by: str = "degree", highlight_gaps: bool = False, focus: str | None = None,
               depth: int = 1, seed: int = 42, gaps=None, title: str | None = None) -> tuple[str, dict]:
    """The HTML page of a map of ``pg`` and the data it draws (see the module docstring).

    Parameters
    ----------
    pg : PropertyGraph
    initiatives : list of str, optional
        Names, short names or IRIs of the initiatives to draw (default: all).
    view : {"collaboration", "full", "activities"}
    color_by : {"sector", "role", "type", "initiative", "community"}
    size_by : {"degree", "betweenness", "eigenvector"}
    highlight_gaps : bool
        Mark the gaps of :func:`cigraph.analysis.gaps.find_gaps` (red ring,
        explanation in the tooltip). ``gaps`` passes a ready list instead.
    focus, depth : str, int
        Keep only the nodes within ``depth`` steps of the node ``focus`` names.
    seed : int
        Seeds the layout (and community detection): same input, same page.

    Raises
    ------
    DataError
        Unknown initiative or focus node (with close names as suggestions),
        unknown view, colour scheme or size measure.
    """
    if color_by not in COLOR_BY:
        raise DataError(f"unknown colour scheme {color_by!r}; choose one of {', '.join(COLOR_BY)}.")
    if size_by not in SIZE_BY:
        raise DataError(f"unknown size measure {size_by!r}; choose one of {', '.join(SIZE_BY)}.")
    if isinstance(initiatives, str):
        initiatives = [initiatives]
    mv = map_view(pg, initiatives=initiatives, view=view, focus=focus, depth=depth)
    if highlight_gaps and gaps is None:
        everything = len(mv.initiatives) >= len(_all_initiatives(pg))
        gaps = _find_gaps(pg, None if everything else mv.initiatives)
    gap_at = _gap_index(gaps or (), mv) if (highlight_gaps or gaps) else {}
    data = _page_data(pg, mv, color_by=color_by, size_by=size_by, gap_at=gap_at, seed=seed)
    if title is None:
        if len(mv.initiatives) == 1:
            title = f"{_name(pg, mv.initiatives[0])}: {view} map"
        else:
            title = f"Collective Impact initiatives: {view} map"
        if mv.focus:
            title += f" around {_name(pg, mv.focus)}"
    data["title"] = title
    from .static import asset, fill

    js, css = vis_assets()
    vis_css = css.replace("</", "<\\/")
    page = fill(asset("map/map.html"), TITLE=html.escape(title),
                STYLES=f"<style>{vis_css}</style>\n<style>{asset('map/map.css')}</style>",
                SCRIPTS=(f'<script type="application/json" id="cigraph-data">{_script_json(data)}</script>\n'
                         f"<script>{_inline_js(js)}</script>\n<script>{asset('map/map.js')}</script>"))
    return page, data


def write_map(pg, path, **kwargs) -> Path:
    """Write :func:`build_map`'s page to ``path`` (atomically); returns the path."""
    from ..util import atomic_write_text

    text = build_map(pg, **kwargs)
    atomic_write_text(path, text)
    return Path(path)


def _colors(categories: list[str | None]) -> tuple[dict[str, str], list[list]]:
    counts: dict[str, int] = defaultdict(int)
    for c in categories:
        if c is not None:
            counts[c] += 1
    order = sorted(counts, key=lambda c: (-counts[c], c))
    cmap = {c: PALETTE[k % len(PALETTE)] for k, c in enumerate(order)}
    legend = [[c, cmap[c], counts[c]] for c in order]
    return cmap, legend


def _tint(hex_color: str, f: float) -> str:
    """Mix a colour with white (f = share of white)."""
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(v + (255 - v) * f) for v in (r, g, b)]
    return "#" + "".join(f"{v:02x}" for v in mix)


def _page_data(pg, mv: MapView, *, color_by: str, size_by: str, gap_at: dict, seed: int) -> dict:
    ids = mv.nodes
    index = {n: i for i, n in enumerate(ids)}
    pairs = sorted({(min(index[e.source], index[e.target]), max(index[e.source], index[e.target]))
                    for e in mv.edges})
    metric = _centrality(ids, pairs, size_by)

    def failing(n) -> bool:
        """A gap the record states or implies (not only not-recorded questions) sits on ``n``."""
        return any(not g.get("ask") for g in gap_at.get(n, ()))

    community = {}
    if color_by == "community":
        community = dict(zip(ids, _communities(ids, pairs, seed)))

    # groups for layout and clustering
    is_backbone = {n for bb in mv.backbones.values() for n in bb}
    groups = [mv.home[n][0] if len(mv.home[n]) == 1 else None for n in ids]
    anchors = {i: list(mv.home[n]) for i, n in enumerate(ids) if len(mv.home[n]) > 1}
    hubs = {ini: index[ini] for ini in mv.initiatives if ini in index}
    n_bb: dict[str, int] = defaultdict(int)
    for i, n in enumerate(ids):
        if n in is_backbone and groups[i] is not None:
            n_bb[groups[i]] += 1
    room = {g: BACKBONE_OFFSET + k * BACKBONE_STEP + SPACING * 0.8 for g, k in n_bb.items()}
    pos = layout_positions(ids, pairs, groups, seed=seed, anchors=anchors, hubs=hubs, min_radius=room)
    pos = _clear_backbones(ids, pos, groups, hubs, is_backbone)

    cats = [None if pg.nodes[n].label == "Initiative" else _category(pg, mv, n, color_by, community)
            for n in ids]
    cmap, color_legend = _colors(cats)
    ini_colors = {ini: PALETTE[k % len(PALETTE)] for k, ini in enumerate(mv.initiatives)}

    vmax = max(metric) if metric else 0.0
    participants = [i for i, n in enumerate(ids) if "Participant" in pg.nodes[n].labels]
    k_top = min(15, max(5, len(participants) // 10))
    top = set(sorted(participants, key=lambda i: (-metric[i], ids[i]))[:k_top]) if vmax > 0 else set()

    clustered = len(mv.initiatives) > 1 and mv.focus is None
    nodes = []
    types_seen: dict[str, int] = defaultdict(int)
    for i, n in enumerate(ids):
        node = pg.nodes[n]
        backbone = n in is_backbone
        t = node.label
        types_seen[t] += 1
        cat = cats[i]
        color = cmap.get(cat, NA_COLOR) if cat is not None else NA_COLOR
        size = 9 + 26 * math.sqrt(metric[i] / vmax) if vmax > 0 else 12
        if backbone:
            size = max(size, 24)
        if t == "Initiative":
            size = max(size, 36)
        key = backbone or t == "Initiative" or i in top or n == mv.focus
        gaps = gap_at.get(n, [])
        rec = {
            "id": i, "x": pos[i][0], "y": pos[i][1], "label": node.name,
            "shape": BACKBONE_SHAPE if backbone else SHAPES.get(t, OTHER_SHAPE),
            "size": round(size, 1),
            "color": {"background": color, "border": "#555b66",
                      "highlight": {"background": color, "border": "#111111"},
                      "hover": {"background": color, "border": "#111111"}},
            "borderWidth": 1,
            "font": {"size": (28 if clustered else 16) if key else 9, "strokeWidth": 4 if key else 2, "strokeColor": "#ffffff",
                     "color": "#1d232b" if key else "#39404a"},
            "t": t, "bb": 1 if backbone else 0, "ini": [index[h] for h in mv.home[n] if h in index],
            "sec": [pg.nodes[s].name for s in _sectors(pg, n)],
        }
        alt = _alt_names(node)
        if alt:
            rec["alt"] = alt
        if t == "Initiative" and n in ini_colors:
            c = ini_colors[n]
            rec["font"]["size"] = 34 if clustered else 22
            rec["color"] = {"background": _tint(c, 0.55), "border": c,
                            "highlight": {"background": _tint(c, 0.35), "border": c},
                            "hover": {"background": _tint(c, 0.35), "border": c}}
            rec["borderWidth"] = 3
        if backbone:
            rec["color"]["border"] = BACKBONE_COLOR
            rec["borderWidth"] = 3
            rec["font"]["bold"] = True
        if SHAPES.get(t) is None and not backbone:
            rec["shapeProperties"] = {"borderDashes": [3, 3]}
            rec["borderWidth"] = 1.5
        if any(not g.get("ask") for g in gaps):
            rec["color"]["border"] = GAP_COLOR
            rec["color"]["highlight"]["border"] = GAP_COLOR
            rec["borderWidth"] = 5
            rec["gap"] = 1
        elif gaps:   # only not-recorded gaps: a question ring, not a failure
            rec["color"]["border"] = ASK_COLOR
            rec["color"]["highlight"]["border"] = ASK_COLOR
            rec["borderWidth"] = 4
            rec["ask"] = 1
        if clustered and groups[i] is not None and not backbone:
            rec["cid"] = index[groups[i]] if groups[i] in index else -1
        rec["tip"] = _tooltip(pg, mv, n, node, metric[i], size_by, gaps)
        nodes.append(rec)

    edges = []
    kinds_seen: dict[str, int] = defaultdict(int)
    for k, e in enumerate(mv.edges):
        st = EDGE_STYLE[e.kind]
        kinds_seen[e.kind] += 1
        rec = {"id": k, "from": index[e.source], "to": index[e.target], "k": e.kind,
               "color": {"color": st["color"], "highlight": st["color"], "hover": st["color"], "opacity": 0.9},
               "width": st["width"] if e.kind != "collaboration" else round(1 + min(e.weight, 6), 1),
               "dashes": st["dashes"]}
        if e.kind == "activity":
            rec["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.5}}
        lines = [_edge_line(pg, e)]
        if e.basis:
            lines += [f"{kind.replace('_', ' ')}: {_name(pg, iri) if iri in pg.nodes else _pair_name(pg, iri)}"
                      f" (+{amount:g})" for kind, iri, amount in e.basis[:8]]
        rec["tip"] = lines
        edges.append(rec)

    clusters = []
    if clustered:
        counts: dict[int, int] = defaultdict(int)
        for rec in nodes:
            if "cid" in rec:
                counts[rec["cid"]] += 1
        for ini in mv.initiatives:
            ci = index[ini]
            if counts.get(ci, 0) < 2:
                for rec in nodes:
                    if rec.get("cid") == ci:
                        del rec["cid"]
                continue
            c = ini_colors[ini]
            r = 30 + 6 * math.sqrt(counts[ci])
            clusters.append({
                "cid": ci, "label": f"{_short(pg, ini)}\n({counts[ci]} inside)",
                "name": _name(pg, ini), "n": counts[ci], "size": round(r, 1),
                "x": pos[ci][0], "y": pos[ci][1],
                "color": {"background": _tint(c, 0.55), "border": GAP_COLOR if failing(ini) else c,
                          "highlight": {"background": _tint(c, 0.35), "border": c}},
                "borderWidth": 6 if failing(ini) else 3,
                "font": {"size": round(34 + 2 * math.sqrt(counts[ci]), 1), "strokeWidth": 5,
                         "strokeColor": "#ffffff", "color": "#1d232b", "multi": False},
                "colorKey": c,
            })

    legend = {
        "colorBy": color_by,
        "colors": color_legend[:16] + ([[f"… {len(color_legend) - 16} more", NA_COLOR, 0]]
                                       if len(color_legend) > 16 else []),
        "na": NA_COLOR if any(c is None for c in cats) else None,
        "shapes": [[t, SHAPES.get(t, "other"), types_seen[t]] for t in sorted(types_seen)],
        "sizeBy": size_by,
        "sizes": _size_legend(metric, vmax),
        "edges": [[kd, EDGE_STYLE[kd]["label"], EDGE_STYLE[kd]["color"], EDGE_STYLE[kd]["width"],
                   bool(EDGE_STYLE[kd]["dashes"]), kinds_seen[kd]] for kd in _KIND_RANK if kinds_seen.get(kd)],
        "backbones": len(is_backbone),
        "gaps": sum(1 for r in nodes if r.get("gap")),
        "asks": sum(1 for r in nodes if r.get("ask")),
        "initiatives": [[index[i], _short(pg, i), ini_colors[i]] for i in mv.initiatives],
    }
    filters = {
        "initiatives": [[index[i], _name(pg, i)] for i in mv.initiatives],
        "sectors": sorted({s for r in nodes for s in r["sec"]}),
        "types": sorted(types_seen),
    }
    return {
        "nodes": nodes, "edges": edges, "clusters": clusters, "legend": legend, "filters": filters,
        "physics": len(nodes) <= PHYSICS_THRESHOLD and not clusters, "seed": seed, "view": mv.view,
        "counts": {"nodes": len(nodes), "edges": len(edges)},
    }


def _pair_name(pg, text: str) -> str:
    if " -> " in text:
        a, b = text.split(" -> ", 1)
        return f"{_name(pg, a)} → {_name(pg, b)}"
    return text


def _edge_line(pg, e: MapEdge) -> str:
    a, b = _name(pg, e.source), _name(pg, e.target)
    if e.kind in ("membership", "backbone"):
        roles = ", ".join(_name(pg, r) for r in sorted(e.roles, key=lambda r: (_role_rank(r), r))) or "takes part"
        return f"{a} — {roles} — {b}"
    if e.kind == "collaboration":
        return f"{a} works with {b} (weight {e.weight:g})"
    types = ", ".join(t.lower().replace("_", " ") for t in e.types)
    return f"{a} — {types} → {b}"


def _size_legend(metric: list[float], vmax: float) -> list[list]:
    if vmax <= 0:
        return [[12, 0]]
    out = []
    for q in (0.1, 0.5, 1.0):
        v = vmax * q
        out.append([round(9 + 26 * math.sqrt(v / vmax), 1), round(v, 3)])
    return out


def _clear_backbones(ids, pos, groups, hubs, is_backbone):
    """Put a group's backbones on an arc above its initiative, clear of the cluster
    node and its label, so every backbone can be found at the overview."""
    out = list(pos)
    per_group: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(ids):
        if n in is_backbone and groups[i] is not None and groups[i] in hubs:
            per_group[groups[i]].append(i)
    for g, idx in per_group.items():
        hx, hy = pos[hubs[g]]
        for j, i in enumerate(sorted(idx, key=lambda i: ids[i])):
            dx = 0.0 if j == 0 else (SPACING * 0.35 if j % 2 else -SPACING * 0.35)
            out[i] = (round(hx + dx, 1), round(hy - BACKBONE_OFFSET - j * BACKBONE_STEP, 1))
    return out


def _tooltip(pg, mv: MapView, iri: str, node, value: float, size_by: str, gaps: list[dict]) -> dict:
    facts: list[list[str]] = [["type", " / ".join(node.labels)]]
    inis = mv.home.get(iri, ())
    if inis and node.label != "Initiative":
        facts.append(["initiative" if len(inis) == 1 else "initiatives", ", ".join(_name(pg, i) for i in inis)])
    rl = mv.roles.get(iri)
    if rl:
        parts = []
        for ini in sorted(rl):
            names = ", ".join(_name(pg, r) for r in sorted(rl[ini], key=lambda r: (_role_rank(r), r)))
            parts.append(f"{names} ({_short(pg, ini)})")
        facts.append(["roles", "; ".join(parts)])
    secs = _sectors(pg, iri)
    if secs:
        facts.append(["sector", ", ".join(_name(pg, s) for s in secs)])
    p = node.props
    for k in _FACT_KEYS:
        if k in p and p[k] not in (None, "", []):
            v = p[k]
            if k == "memberCount" and p.get("memberCountQualifier") not in (None, "exact"):
                v = f"{p['memberCountQualifier']} {v}"
            facts.append([_FACT_NAMES.get(k, k), _fmt(v)])
    facts.append([size_by, f"{value:.3g}"])
    return {"name": node.name, "facts": facts, "sources": _sources(pg, iri), "iri": iri, "gaps": gaps}
