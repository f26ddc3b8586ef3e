"""Graphs for analysis, built only from the :class:`~cigraph.projection.PropertyGraph`.

Two graphs, both plain networkx objects:

* :func:`full_graph` — the heterogeneous graph (every node and relationship of
  the projection, or the part that belongs to one initiative), a
  ``networkx.MultiDiGraph``.
* :func:`collaboration_network` — the **collaboration network** of participants
  (organizations and stakeholder groups), a weighted undirected
  ``networkx.Graph``, for one initiative or across initiatives.

Collaboration weights, counted inside one initiative (across initiatives the
weights of every initiative are added up):

=====  ==========================================================================
+1     per activity of the initiative both participants perform (``PERFORMS``)
+1     per working group of the initiative both sit on or lead (``HAS_MEMBER`` / ``LED_BY``)
+1     per ``REINFORCES`` link from an activity one performs to an activity the other performs
+0.5   per working group that coordinates (``COORDINATED_BY``) an activity each of them performs
+0.5   once, when both hold a leadership role in the initiative: backbone
       (``HAS_BACKBONE`` or the backbone role), co-chair, lead agency, governing body
=====  ==========================================================================

Every edge carries ``weight`` and ``basis`` (the facts behind the weight, as
``(kind, iri, amount)`` tuples), and ``initiatives`` (the initiatives the tie
belongs to). Nodes carry ``name``, ``label``, ``sectors`` (sector IRIs),
``group`` (the top-level sector, used for brokerage), ``member`` (has
``MEMBER_OF`` the initiative), ``backbone``, ``roles`` and ``initiatives``.

Examples
--------
>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> pg = PropertyGraph(
...     [Node("i", ("Initiative",), {"name": "I"}), Node("a", ("Organization", "Participant")),
...      Node("b", ("Organization", "Participant")), Node("x", ("Activity",))],
...     [Edge("a", "i", "MEMBER_OF"), Edge("b", "i", "MEMBER_OF"), Edge("x", "i", "PART_OF_INITIATIVE"),
...      Edge("a", "x", "PERFORMS"), Edge("b", "x", "PERFORMS")])
>>> G = collaboration_network(pg, "i")
>>> sorted(G.edges(data="weight"))
[('a', 'b', 1.0)]
"""

from __future__ import annotations

import difflib
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from ..errors import DataError

__all__ = [
    "WEIGHTS",
    "LEADERSHIP_ROLES",
    "PROVENANCE_TYPES",
    "UnknownInitiative",
    "Scope",
    "initiatives",
    "resolve_initiative",
    "scope",
    "collaboration_network",
    "full_graph",
    "sector_ancestors",
    "top_sector",
]

CI = "https://w3id.org/cigraph#"

#: Weight added per fact; see the module docstring.
WEIGHTS = {
    "activity": 1.0,
    "working_group": 1.0,
    "reinforces": 1.0,
    "coordination": 0.5,
    "leadership": 0.5,
}

#: Roles that count as leading an initiative (the 0.5 "leadership" weight).
LEADERSHIP_ROLES = frozenset({CI + "BackboneRole", CI + "CoChairRole", CI + "LeadAgencyRole",
                              CI + "GoverningBodyRole"})

#: Provenance relationships, left out of the per-initiative full graph.
PROVENANCE_TYPES = frozenset({"WAS_DERIVED_FROM", "HAD_PRIMARY_SOURCE", "IS_PART_OF"})

# labels where a walk through the full graph stops (shared vocabulary and other initiatives)
_BOUNDARY = frozenset({"Initiative", "Network", "Role", "Sector", "Condition", "MaturityLevel",
                       "BackboneFunction", "Participant", "SourceSection", "SourceDocument"})


class UnknownInitiative(DataError):
    """No initiative matches the name, short name or IRI given."""

    def __init__(self, ref: str, known: list[tuple[str, str | None]]):
        names = {}
        for name, short in known:
            names[name.lower()] = name
            if short:
                names[short.lower()] = short
        close = difflib.get_close_matches(ref.lower(), list(names), n=3, cutoff=0.5)
        listing = "; ".join(sorted(f"{n} ({s})" if s else n for n, s in known)) or "none: the graph has no initiative"
        super().__init__(f"unknown initiative {ref!r}. Known initiatives: {listing}. "
                         "Pass a name, short name or IRI (case-insensitive).",
                         suggestions=[names[c] for c in close])
        self.ref = ref


def initiatives(pg) -> list:
    """The graph's initiatives (``Initiative`` nodes), sorted by IRI."""
    return pg.by_label("Initiative")


def resolve_initiative(pg, ref: str | None) -> str | None:
    """The IRI of the initiative ``ref`` names (name, short name, label, alternative name
    ``skos:altLabel``, IRI or its local name; case-insensitive). ``None`` passes through.

    Raises
    ------
    UnknownInitiative
        When nothing matches; ``suggestions`` holds close names.

    Examples
    --------
    >>> from cigraph.projection import PropertyGraph, Node
    >>> pg = PropertyGraph([Node("https://x.org/id/lapz", ("Initiative",),
    ...                          {"name": "Los Angeles Promise Zone", "shortName": "LA Promise Zone"})])
    >>> resolve_initiative(pg, "la promise zone")
    'https://x.org/id/lapz'
    >>> resolve_initiative(pg, "Atlantis")
    Traceback (most recent call last):
    ...
    cigraph.analysis.network.UnknownInitiative: unknown initiative 'Atlantis'. Known initiatives: Los Angeles Promise Zone (LA Promise Zone). Pass a name, short name or IRI (case-insensitive).
    """
    if ref is None:
        return None
    exact = pg.nodes.get(ref)
    if exact is not None and "Initiative" in exact.labels:
        return ref
    want = ref.strip().lower()
    inits = initiatives(pg)
    for n in inits:
        keys = {n.id.lower(), n.id.rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower(), n.name.lower()}
        for k in ("name", "shortName", "label", "altLabel"):
            v = n.props.get(k)
            for s in (v if isinstance(v, (list, tuple)) else [v]):
                if isinstance(s, str):
                    keys.add(s.lower())
        if want in keys:
            return n.id
    known = [(n.name, n.props.get("shortName") if isinstance(n.props.get("shortName"), str) else None)
             for n in inits]
    raise UnknownInitiative(ref, known)


@dataclass
class Scope:
    """What belongs to one initiative, as sets of node IRIs."""

    initiative: str
    members: set[str] = field(default_factory=set)        # MEMBER_OF the initiative
    participants: set[str] = field(default_factory=set)   # members + performers + working-group members/leads
    backbones: set[str] = field(default_factory=set)      # HAS_BACKBONE targets
    leaders: set[str] = field(default_factory=set)        # hold a leadership role
    roles: dict[str, set[str]] = field(default_factory=dict)  # participant -> role IRIs
    activities: set[str] = field(default_factory=set)
    working_groups: set[str] = field(default_factory=set)
    priorities: set[str] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)
    indicators: set[str] = field(default_factory=set)
    practices: set[str] = field(default_factory=set)


_SCOPES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
#: collaboration networks built per graph and initiative, shared by gaps, centrality, scorecard and report
_NETWORKS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _targets(pg, nid, type_):
    return [e.target for e in pg.out_edges(nid, type_)]


def _sources(pg, nid, type_):
    return [e.source for e in pg.in_edges(nid, type_)]


def scope(pg, initiative: str) -> Scope:
    """Collect the participants, activities, working groups, priorities, outcomes,
    indicators and condition practices of one initiative (by IRI).

    An activity belongs to the initiative by ``PART_OF_INITIATIVE``, or by serving
    one of its priorities, or by being coordinated by one of its working groups;
    a priority by ``PART_OF_INITIATIVE``, by the agenda's ``HAS_PRIORITY``, or as a
    sub-priority of one of them; an indicator by ``PART_OF_INITIATIVE``, by
    measuring one of its activities or being an indicator for one of its
    priorities or outcomes.
    """
    cache = _SCOPES.setdefault(pg, {})
    key = (initiative, len(pg.edges), len(pg.nodes))
    if key in cache:
        return cache[key]
    s = Scope(initiative)
    part = set(_sources(pg, initiative, "PART_OF_INITIATIVE"))

    def labelled(ids, label):
        return {i for i in ids if i in pg.nodes and label in pg.nodes[i].labels}

    s.members = set(_sources(pg, initiative, "MEMBER_OF"))
    s.backbones = set(_targets(pg, initiative, "HAS_BACKBONE"))
    for m in _targets(pg, initiative, "HAS_MEMBERSHIP"):
        for p in _targets(pg, m, "MEMBER"):
            s.roles.setdefault(p, set()).update(_targets(pg, m, "ROLE"))
    for b in s.backbones:
        s.roles.setdefault(b, set()).add(CI + "BackboneRole")
    s.leaders = {p for p, rs in s.roles.items() if rs & LEADERSHIP_ROLES}

    prios = labelled(part, "Priority")
    for agenda in _targets(pg, initiative, "HAS_COMMON_AGENDA"):
        prios.update(_targets(pg, agenda, "HAS_PRIORITY"))
    stack = list(prios)
    while stack:
        p = stack.pop()
        for child in _sources(pg, p, "SUB_PRIORITY_OF"):
            if child not in prios:
                prios.add(child)
                stack.append(child)
    s.priorities = prios
    s.working_groups = labelled(part, "WorkingGroup") | {
        w for p in prios for w in _sources(pg, p, "FOCUSES_ON")}
    acts = labelled(part, "Activity")
    acts |= {a for p in prios for a in _sources(pg, p, "SERVES")}
    acts |= {a for w in s.working_groups for a in _sources(pg, w, "COORDINATED_BY")}
    s.activities = acts
    s.working_groups |= {w for a in acts for w in _targets(pg, a, "COORDINATED_BY")}
    s.outcomes = labelled(part, "Outcome") | {o for p in prios for o in _sources(pg, p, "FOR_PRIORITY")}
    s.indicators = labelled(part, "Indicator") | {i for a in acts for i in _targets(pg, a, "MEASURED_BY")}
    s.indicators |= {i for t in prios | s.outcomes for i in _sources(pg, t, "INDICATOR_FOR")}
    s.practices = set(_targets(pg, initiative, "HAS_PRACTICE"))

    s.participants = set(s.members) | s.backbones
    for a in acts:
        s.participants.update(_sources(pg, a, "PERFORMS"))
    for w in s.working_groups:
        s.participants.update(_targets(pg, w, "HAS_MEMBER"))
        s.participants.update(t for t in _targets(pg, w, "LED_BY") if "Participant" in pg.nodes[t].labels)
    s.participants = {p for p in s.participants if p in pg.nodes}
    cache[key] = s
    return s


def sector_ancestors(pg, sector: str) -> list[str]:
    """The sector and its ``BROADER`` ancestors, nearest first.

    >>> from cigraph.projection import PropertyGraph, Node, Edge
    >>> pg = PropertyGraph([Node("edu", ("Sector",)), Node("pub", ("Sector",))], [Edge("edu", "pub", "BROADER")])
    >>> sector_ancestors(pg, "edu")
    ['edu', 'pub']
    """
    out, stack = [], [sector]
    while stack:
        s = stack.pop(0)
        if s in out:
            continue
        out.append(s)
        stack.extend(sorted(_targets(pg, s, "BROADER")))
    return out


def top_sector(pg, participant: str) -> str | None:
    """The top-level sector (no ``BROADER``) of a participant's first sector, or None."""
    secs = sorted(_targets(pg, participant, "IN_SECTOR"))
    if not secs:
        return None
    return sector_ancestors(pg, secs[0])[-1]


def _collab_edges(pg, sc: Scope):
    """(p, q) -> list of (kind, iri, amount) for one initiative, p < q."""
    basis: dict[tuple[str, str], list] = defaultdict(list)

    def clique(members, kind, iri):
        # members sorted and distinct: every pair comes out ordered (p < q); one fact tuple shared by all
        fact = (kind, iri, WEIGHTS[kind])
        for pq in combinations(members, 2):
            basis[pq].append(fact)

    performers = {a: sorted(set(_sources(pg, a, "PERFORMS"))) for a in sc.activities}
    for a in sorted(sc.activities):
        clique(performers[a], "activity", a)
    for w in sorted(sc.working_groups):
        seats = {t for t in _targets(pg, w, "HAS_MEMBER") + _targets(pg, w, "LED_BY") if t in sc.participants}
        clique(sorted(seats), "working_group", w)
        coord = sorted({p for a in _sources(pg, w, "COORDINATED_BY") if a in performers for p in performers[a]})
        clique(coord, "coordination", w)
    amount = WEIGHTS["reinforces"]
    for a in sorted(sc.activities):
        for e in pg.out_edges(a, "REINFORCES"):
            b = e.target
            fact = ("reinforces", f"{a} -> {b}", amount)
            for p in performers.get(a, ()):
                for q in performers.get(b, ()):
                    if p != q:
                        basis[(p, q) if p < q else (q, p)].append(fact)
    clique(sorted(sc.leaders), "leadership", sc.initiative)
    return basis


def _node_attrs(pg, p: str) -> dict:
    n = pg.nodes[p]
    group = top_sector(pg, p)
    return {"name": n.name, "label": n.label, "sectors": sorted(_targets(pg, p, "IN_SECTOR")),
            "group": group or "unknown", "group_name": pg.nodes[group].name if group in pg.nodes else "unknown"}


def collaboration_network(pg, initiative: str | None = None):
    """The weighted, undirected collaboration network of participants.

    Parameters
    ----------
    pg : PropertyGraph
    initiative : str, optional
        An initiative's IRI, name or short name. ``None``: every initiative, with
        the weights of the initiatives added up (a participant of two initiatives
        is one node).

    Returns
    -------
    networkx.Graph
        Nodes are participants; see the module docstring for attributes and weights.
        Built once per graph and initiative and shared by every caller (gaps,
        centrality, scorecard, report, maps): the graph is frozen; ``G.copy()``
        before changing it.

    Examples
    --------
    Two leaders of one initiative are tied by 0.5:

    >>> from cigraph.projection import PropertyGraph, Node, Edge
    >>> pg = PropertyGraph(
    ...     [Node("i", ("Initiative",)), Node("a", ("Organization", "Participant")),
    ...      Node("b", ("Organization", "Participant")), Node("c", ("Organization", "Participant"))],
    ...     [Edge("a", "i", "MEMBER_OF"), Edge("b", "i", "MEMBER_OF"), Edge("c", "i", "MEMBER_OF"),
    ...      Edge("i", "a", "HAS_BACKBONE"), Edge("i", "b", "HAS_BACKBONE")])
    >>> G = collaboration_network(pg, "i")
    >>> sorted(G.nodes), sorted(G.edges(data="weight"))
    (['a', 'b', 'c'], [('a', 'b', 0.5)])
    """
    import networkx as nx

    ids = [resolve_initiative(pg, initiative)] if initiative is not None else [n.id for n in initiatives(pg)]
    cache = _NETWORKS.setdefault(pg, {})
    key = (ids[0] if initiative is not None else None, len(pg.edges), len(pg.nodes))
    if key in cache:
        return cache[key]
    G = nx.Graph()
    G.graph["initiative"] = ids[0] if initiative is not None else None
    G.graph["weights"] = dict(WEIGHTS)
    if initiative is None:
        # the network across initiatives adds up the per-initiative networks (each built once and
        # shared), so asking for both never computes an initiative's ties twice
        for ini in ids:
            Gi = collaboration_network(pg, ini)
            for p, di in Gi.nodes(data=True):
                if p not in G:
                    G.add_node(p, **{k: v for k, v in di.items() if k not in ("initiatives", "roles")},
                               roles=[], initiatives=[])
                d = G.nodes[p]
                d["initiatives"].append(ini)
                d["member"] = d["member"] or di["member"]
                d["backbone"] = d["backbone"] or di["backbone"]
                d["roles"] = sorted(set(d["roles"]) | set(di["roles"]))
            for p, q, di in Gi.edges(data=True):
                if G.has_edge(p, q):
                    G[p][q]["basis"].extend(di["basis"])
                    G[p][q]["weight"] += di["weight"]
                    G[p][q]["initiatives"].append(ini)
                else:
                    G.add_edge(p, q, weight=di["weight"], basis=list(di["basis"]), initiatives=[ini])
        cache[key] = nx.freeze(G)
        return G
    for ini in ids:
        sc = scope(pg, ini)
        for p in sorted(sc.participants):
            if p not in G:
                G.add_node(p, **_node_attrs(pg, p), member=False, backbone=False, roles=[], initiatives=[])
            d = G.nodes[p]
            d["initiatives"].append(ini)
            d["member"] = d["member"] or p in sc.members
            d["backbone"] = d["backbone"] or p in sc.backbones
            d["roles"] = sorted(set(d["roles"]) | sc.roles.get(p, set()))
        ties = _collab_edges(pg, sc)
        if G.number_of_edges() == 0:    # one initiative (the usual case): every tie is new
            G.add_edges_from((p, q, {"weight": sum(f[2] for f in facts), "basis": facts, "initiatives": [ini]})
                             for (p, q), facts in ties.items())
            continue
        for (p, q), facts in ties.items():
            if G.has_edge(p, q):
                G[p][q]["basis"].extend(facts)
                G[p][q]["weight"] += sum(f[2] for f in facts)
                G[p][q]["initiatives"].append(ini)
            else:
                G.add_edge(p, q, weight=sum(f[2] for f in facts), basis=list(facts), initiatives=[ini])
    cache[key] = nx.freeze(G)
    return G


def full_graph(pg, initiative: str | None = None, *, provenance: bool = False):
    """The heterogeneous graph as a ``networkx.MultiDiGraph`` (see
    :meth:`PropertyGraph.to_networkx`).

    With ``initiative``, only the part reachable from the initiative without
    passing through shared vocabulary (roles, sectors, conditions, maturity levels,
    backbone functions), participants, networks, sources or another initiative —
    those are included but not walked through (a participant adds only its
    sectors). Provenance relationships are
    left out unless ``provenance=True`` (always kept when ``initiative`` is None).

    >>> from cigraph.projection import PropertyGraph, Node, Edge
    >>> pg = PropertyGraph([Node("i", ("Initiative",)), Node("j", ("Initiative",)), Node("x", ("Activity",)),
    ...                     Node("y", ("Activity",))],
    ...                    [Edge("x", "i", "PART_OF_INITIATIVE"), Edge("y", "j", "PART_OF_INITIATIVE")])
    >>> sorted(full_graph(pg, "i").nodes)
    ['i', 'x']
    """
    G = pg.to_networkx()
    if initiative is None:
        return G
    ini = resolve_initiative(pg, initiative)
    keep, stack = {ini}, [ini]
    while stack:
        n = stack.pop()
        node = pg.nodes.get(n)
        if n != ini and (node is None or set(node.labels) & _BOUNDARY):
            if node is not None and "Participant" in node.labels:   # a participant brings its sectors only
                keep.update(e.target for e in pg.out_edges(n, "IN_SECTOR"))
            continue
        for e in pg.out_edges(n) + pg.in_edges(n):
            if e.type in PROVENANCE_TYPES and not provenance:
                continue
            other = e.target if e.source == n else e.source
            if other not in keep:
                keep.add(other)
                stack.append(other)
    H = G.subgraph(keep).copy()
    if not provenance:
        H.remove_edges_from([(u, v, k) for u, v, k in H.edges(keys=True) if k in PROVENANCE_TYPES])
    H.graph["initiative"] = ini
    return H
