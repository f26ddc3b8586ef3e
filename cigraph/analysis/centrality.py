"""Centrality on the collaboration network, and diagnostics of each backbone.

Measures (per participant, on one initiative's collaboration network unless
``across=True``; see the README for sources):

* ``degree`` — Freeman degree centrality, ties / (n − 1); ``degree_count`` the
  number of ties; ``strength`` the sum of tie weights.
* ``betweenness`` — Freeman (1977/1979) betweenness on hop distance (weights
  ignored), normalised by (n − 1)(n − 2)/2. Exact up to ``exact_threshold``
  nodes; above it, estimated from ``k`` sampled sources with a fixed ``seed``
  (networkx's estimator, same numbers). Computed in igraph (C), at every size;
  ``engine="networkx"`` runs networkx instead, the reference the tests compare
  igraph with (equal to 1e-9). ``Score.method`` says which.
* ``closeness`` — hop-distance closeness with the Wasserman–Faust correction for
  disconnected graphs (networkx's ``wf_improved``).
* ``eigenvector`` — weighted eigenvector centrality (unit Euclidean norm; igraph,
  checked against numpy in the tests).
* ``pagerank`` — weighted PageRank, damping 0.85 (power iteration in numpy).
* ``two_step_reach`` — share of the other participants within two steps.
* ``rank`` / ``percentile`` — by ``rank_by`` (default ``degree``): competition
  rank (1 + number with a strictly higher score) and the share of the other
  participants with a strictly lower score, in percent.

Backbone diagnostics (:func:`backbone_diagnostics`): rank and percentile, Burt's
(1992) constraint and effective size (weighted), Gould & Fernandez (1989)
brokerage roles with the top-level sector as the group, closeness vitality,
the effect of removing it, and the stability of its rank when ties are dropped
at random. Network diagnostics (:func:`network_diagnostics`): density, Freeman
degree centralization, Krebs & Holley stage, Provan & Kenis governance mode and
coverage of the six backbone functions (Turner et al. 2012).

Examples
--------
The Krackhardt kite: Diane has the highest degree, Heather the highest betweenness.

>>> import networkx as nx
>>> G = nx.krackhardt_kite_graph()
>>> m, method = measures(G)
>>> max(m, key=lambda v: m[v]["degree"]), max(m, key=lambda v: m[v]["betweenness"]), method
(3, 7, 'exact (igraph)')
"""

from __future__ import annotations

import math
import random
import weakref
from dataclasses import asdict, dataclass, field, fields

from ..errors import DataError
from .network import collaboration_network, initiatives, resolve_initiative, scope

__all__ = ["MEASURES", "Score", "BackboneDiagnostic", "NetworkDiagnostic", "measures", "centrality",
           "pagerank", "brokerage", "structural_holes", "degree_centralization", "network_stage", "governance_mode",
           "backbone_functions", "removal_effect", "rank_stability", "closeness_vitality",
           "backbone_diagnostics", "network_diagnostics", "scores_to_rows", "to_dataframe", "SCORE_COLUMNS"]

CI = "https://w3id.org/cigraph#"
MEASURES = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "two_step_reach")
BROKERAGE_ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")

# per frozen network (the shared collaboration networks cannot change): its igraph copy, and its
# measures per set of options, computed once per run however many callers ask (centrality,
# scorecard, backbone diagnostics, the report)
_IGRAPH: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_MEASURES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _frozen(G) -> bool:
    """True when neither ``G`` nor the graph it is a view of can change (``networkx.freeze``)."""
    while G is not None:
        if not getattr(G, "frozen", False):
            return False
        G = getattr(G, "_graph", None)
    return True


@dataclass(frozen=True)
class Score:
    """Centrality of one participant in one network."""

    initiative: str | None
    initiative_name: str | None
    participant: str
    name: str
    sector: str
    member: bool
    backbone: bool
    degree_count: int
    degree: float
    strength: float
    betweenness: float
    closeness: float
    eigenvector: float
    pagerank: float
    two_step_reach: float
    rank: int
    percentile: float
    rank_by: str
    method: str

    def to_dict(self) -> dict:
        # every field is a scalar: no deep copy needed (``asdict`` was a tenth of ``cigraph centrality``)
        return {f: getattr(self, f) for f in _SCORE_FIELDS}


_SCORE_FIELDS = tuple(f.name for f in fields(Score))


@dataclass(frozen=True)
class BackboneDiagnostic:
    """How central one backbone is in its initiative's collaboration network."""

    initiative: str
    initiative_name: str
    backbone: str
    name: str
    rank: int
    of: int
    percentile: float
    rank_by: str
    constraint: float | None
    effective_size: float | None
    brokerage: dict
    closeness_vitality: float | None
    removal: dict
    stability: dict

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class NetworkDiagnostic:
    """Network-level figures of one initiative's collaboration network."""

    initiative: str
    initiative_name: str
    nodes: int
    edges: int
    components: int
    density: float
    centralization: float
    stage: str
    governance: str
    governance_reason: str
    backbones: list
    functions_covered: list
    functions_missing: list
    function_coverage: float
    betweenness_method: str
    notes: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


# --- measures on a graph ------------------------------------------------------

def pagerank(G, alpha: float = 0.85, weight: str = "weight", tol: float = 1e-10, max_iter: int = 1000) -> dict:
    """Weighted PageRank by power iteration (dangling nodes jump uniformly).

    >>> import networkx as nx
    >>> pr = pagerank(nx.path_graph(3))
    >>> round(pr[1], 4), round(sum(pr.values()), 6)
    (0.4865, 1.0)
    """
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    idx = {v: i for i, v in enumerate(nodes)}
    W = np.zeros((n, n)) if n <= 3000 else None
    if W is None:
        return _pagerank_sparse(G, nodes, idx, alpha, weight, tol, max_iter)
    for u, v, d in G.edges(data=True):
        w = float(d.get(weight, 1.0))
        W[idx[u], idx[v]] += w
        if u != v:
            W[idx[v], idx[u]] += w
    out = W.sum(axis=1)
    dangling = out == 0
    P = np.divide(W, out[:, None], out=np.zeros_like(W), where=out[:, None] > 0)
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = alpha * (x @ P + x[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(new - x).sum() < n * tol:
            x = new
            break
        x = new
    return {v: float(x[i]) for v, i in idx.items()}


def _pagerank_sparse(G, nodes, idx, alpha, weight, tol, max_iter):
    import numpy as np

    n = len(nodes)
    src, dst, w = [], [], []
    for u, v, d in G.edges(data=True):
        ww = float(d.get(weight, 1.0))
        src += [idx[u], idx[v]]
        dst += [idx[v], idx[u]]
        w += [ww, ww]
    src, dst, w = np.array(src, dtype=int), np.array(dst, dtype=int), np.array(w)
    out = np.bincount(src, weights=w, minlength=n)
    dangling = out == 0
    share = w / out[src]
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = alpha * (np.bincount(dst, weights=x[src] * share, minlength=n) + x[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(new - x).sum() < n * tol:
            x = new
            break
        x = new
    return {v: float(x[i]) for v, i in idx.items()}


def _eigenvector(G, weight="weight", engine: str = "auto"):
    """Leading eigenvector of the weighted adjacency matrix, unit norm, absolute values
    (igraph/ARPACK; ``engine="numpy"``: dense ``eigh``, for checking)."""
    import networkx as nx
    import numpy as np

    if G.number_of_edges() == 0:
        return {v: 0.0 for v in G}
    if engine != "numpy":
        import warnings

        ig, nodes = _to_igraph(G)
        with warnings.catch_warnings():   # "nearly zero" on disconnected graphs: expected, as with numpy
            warnings.simplefilter("ignore", RuntimeWarning)
            x = np.abs(np.array(ig.eigenvector_centrality(weights="weight", scale=False)))
    else:
        nodes = list(G)
        vals, vecs = np.linalg.eigh(nx.to_numpy_array(G, nodelist=nodes, weight=weight))
        x = np.abs(vecs[:, int(np.argmax(vals))])
    x = x / (np.linalg.norm(x) or 1.0)
    return {v: float(x[i]) for i, v in enumerate(nodes)}


def _to_igraph(G):
    """(igraph.Graph, nodes): the network in igraph, nodes sorted by id; built once per frozen
    network (callers only read it)."""
    if _frozen(G):
        got = _IGRAPH.get(G)
        if got is None:
            got = _IGRAPH[G] = _build_igraph(G)
        return got
    return _build_igraph(G)


def _build_igraph(G):
    import igraph

    # a canonical order (nodes by id, edges by their ends): the same network gives the same
    # floating-point answers however it was assembled (ARPACK's eigenvector moved in the 12th digit
    # between a scoped and a whole-graph build, and swapped tied ranks)
    nodes = sorted(G, key=str)
    idx = {v: i for i, v in enumerate(nodes)}
    edges = sorted(((min(idx[u], idx[v]), max(idx[u], idx[v])), float(d.get("weight", 1.0)))
                   for u, v, d in G.edges(data=True))
    g = igraph.Graph(n=len(nodes), edges=[e for e, _w in edges])
    g.es["weight"] = [w for _e, w in edges]
    return g, nodes


def _two_step(G):
    """Share of the other nodes within two steps of each node."""
    n = len(G)
    if _frozen(G) and n > 1:     # a shared network: its igraph copy is there already
        g, nodes = _to_igraph(G)
        return {v: (size - 1) / (n - 1) for v, size in zip(nodes, g.neighborhood_size(order=2))}
    out = {}
    for v in G:
        reach = set(G[v])
        for u in G[v]:
            reach.update(G[u])
        reach.discard(v)
        out[v] = len(reach) / (n - 1) if n > 1 else 0.0
    return out


def measures(G, *, k: int = 100, seed: int = 0, exact_threshold: int = 5000, igraph_threshold: int = 0,
             engine: str = "auto") -> tuple[dict, str]:
    """Every centrality measure of every node of an undirected graph.

    Parameters
    ----------
    G : networkx.Graph
    k, seed : int
        Sources sampled, and the seed, for betweenness above ``exact_threshold`` nodes.
    exact_threshold : int
        Largest graph whose betweenness is computed exactly.
    igraph_threshold : int
        From this many nodes up (default: always), betweenness and closeness run in
        igraph (``engine="auto"``); ``engine`` may force ``"networkx"`` (the
        reference) or ``"igraph"``.

    Returns
    -------
    (dict, str)
        node -> {measure: value}, and a description of the betweenness method.
    """
    if G.is_directed() or G.is_multigraph():
        raise DataError("centrality needs a simple undirected graph (the collaboration network).")
    if not _frozen(G):
        return _measures(G, k, seed, exact_threshold, igraph_threshold, engine)
    cache = _MEASURES.setdefault(G, {})
    key = (k, seed, exact_threshold, igraph_threshold, engine)
    if key not in cache:
        cache[key] = _measures(G, k, seed, exact_threshold, igraph_threshold, engine)
    m, method = cache[key]
    return {v: dict(d) for v, d in m.items()}, method


def _measures(G, k, seed, exact_threshold, igraph_threshold, engine):
    import networkx as nx

    n = len(G)
    if n == 0:
        return {}, "none (empty graph)"
    use_ig = engine == "igraph" or (engine == "auto" and n >= igraph_threshold)
    if n > exact_threshold:
        if use_ig:
            bet, clo = _sampled_betweenness_igraph(G, min(k, n), seed), _closeness_igraph(G)
            method = f"sampled k={min(k, n)} seed={seed} (igraph)"
        else:
            bet = nx.betweenness_centrality(G, k=min(k, n), seed=seed, normalized=True)
            clo = nx.closeness_centrality(G)
            method = f"sampled k={min(k, n)} seed={seed} (networkx)"
    elif use_ig:
        bet, clo = _betweenness_igraph(G), _closeness_igraph(G)
        method = "exact (igraph)"
    else:
        bet, clo = nx.betweenness_centrality(G, normalized=True), nx.closeness_centrality(G)
        method = "exact (networkx)"
    deg = nx.degree_centrality(G) if n > 1 else {v: 0.0 for v in G}
    eig = _eigenvector(G)
    pr = pagerank(G)
    reach = _two_step(G)
    out = {}
    for v in G:
        out[v] = {"degree_count": G.degree(v), "degree": deg[v], "strength": float(G.degree(v, weight="weight")),
                  "betweenness": bet[v], "closeness": clo[v], "eigenvector": eig[v], "pagerank": pr[v],
                  "two_step_reach": reach[v]}
    return out, method


def _betweenness_igraph(G):
    g, nodes = _to_igraph(G)
    n = len(nodes)
    raw = g.betweenness(directed=False)
    scale = (n - 1) * (n - 2) / 2 if n > 2 else 1.0
    return {v: (raw[i] / scale if n > 2 else 0.0) for i, v in enumerate(nodes)}


def _sampled_betweenness_igraph(G, k: int, seed: int):
    """Betweenness estimated from ``k`` sources drawn as networkx draws them
    (``random.Random(seed).sample(list(G), k)``) and scaled as networkx 3.6 scales
    them (sources by 1/((k − 1)(n − 2)), the others by 1/(k(n − 2))), so the two
    engines give the same numbers; computed in igraph on the graph with each tie
    as two arcs."""
    g, nodes = _to_igraph(G)
    n = len(nodes)
    sources = random.Random(seed).sample(list(G), k)      # networkx's draw, in networkx's node order
    chosen = set(sources)
    idx = {v: i for i, v in enumerate(nodes)}
    raw = g.as_directed("mutual").betweenness(directed=True, sources=[idx[s] for s in sources])
    if n <= 2:
        return {v: 0.0 for v in nodes}
    return {v: (raw[i] / ((k - 1) * (n - 2)) if v in chosen else raw[i] / (k * (n - 2))) if (k > 1 or v not in chosen)
            else 0.0 for i, v in enumerate(nodes)}


def _closeness_igraph(G):
    g, nodes = _to_igraph(G)
    n = len(nodes)
    comp = g.connected_components().membership
    sizes: dict[int, int] = {}
    for c in comp:
        sizes[c] = sizes.get(c, 0) + 1
    raw = g.closeness(normalized=True)
    out = {}
    for i, v in enumerate(nodes):
        r = sizes[comp[i]]
        c = raw[i]
        out[v] = 0.0 if (c is None or math.isnan(c) or r <= 1 or n <= 1) else c * (r - 1) / (n - 1)
    return out


def _ranks(values: dict, node) -> tuple[int, float]:
    me = values[node]
    higher = sum(1 for v in values.values() if v > me + 1e-12)
    lower = sum(1 for v in values.values() if v < me - 1e-12)
    n = len(values)
    return 1 + higher, (100.0 * lower / (n - 1) if n > 1 else 100.0)


# --- per initiative -------------------------------------------------------------

def _networks(pg, initiative, across):
    if across:
        return [(None, None, collaboration_network(pg))]
    ids = [resolve_initiative(pg, initiative)] if initiative else [n.id for n in initiatives(pg)]
    return [(i, pg.nodes[i].name, collaboration_network(pg, i)) for i in ids]


def centrality(pg, initiative: str | None = None, *, across: bool = False, rank_by: str = "degree",
               **measure_options) -> list[Score]:
    """Centrality of every participant, per initiative (or across initiatives).

    Parameters
    ----------
    pg : PropertyGraph
    initiative : str, optional
        Name, short name or IRI; default every initiative, each on its own network.
    across : bool
        Use the network across all initiatives (``Score.initiative`` is None).
    rank_by : str
        The measure ``rank`` and ``percentile`` are computed on.
    **measure_options
        Passed to :func:`measures` (``k``, ``seed``, ``exact_threshold``, ``engine``...).

    Returns
    -------
    list of Score
        Sorted by initiative, then rank, then name.

    Examples
    --------
    A star: the hub ranks first.

    >>> from cigraph.projection import PropertyGraph, Node, Edge
    >>> P = ("Organization", "Participant")
    >>> nodes = [Node("i", ("Initiative",), {"name": "I"}), Node("x", ("Activity",))]
    >>> nodes += [Node(p, P, {"name": p.upper()}) for p in "habc"]
    >>> edges = [Edge(p, "i", "MEMBER_OF") for p in "habc"]
    >>> for p in "abc":
    ...     nodes.append(Node("x" + p, ("Activity",)))
    ...     edges += [Edge("x" + p, "i", "PART_OF_INITIATIVE"), Edge("h", "x" + p, "PERFORMS"),
    ...               Edge(p, "x" + p, "PERFORMS")]
    >>> [(s.name, s.rank, s.degree) for s in centrality(PropertyGraph(nodes, edges))][:2]
    [('H', 1, 1.0), ('A', 2, 0.3333333333333333)]
    """
    if rank_by not in MEASURES:
        raise DataError(f"unknown measure {rank_by!r} to rank by: use one of {', '.join(MEASURES)}.")
    out = []
    for ini, iname, G in _networks(pg, initiative, across):
        m, method = measures(G, **measure_options)
        values = {v: m[v][rank_by] for v in G}
        for v in G:
            rank, pct = _ranks(values, v)
            d = G.nodes[v]
            out.append(Score(ini, iname, v, d["name"], d["group_name"], bool(d["member"]), bool(d["backbone"]),
                             m[v]["degree_count"], m[v]["degree"], m[v]["strength"], m[v]["betweenness"],
                             m[v]["closeness"], m[v]["eigenvector"], m[v]["pagerank"], m[v]["two_step_reach"],
                             rank, pct, rank_by, method))
    out.sort(key=lambda s: (s.initiative or "", s.rank, s.name, s.participant))
    return out


# --- structure and brokerage ---------------------------------------------------

def brokerage(G, node, group: str = "group") -> dict[str, int]:
    """Gould & Fernandez (1989) brokerage roles of ``node``.

    The undirected tie is read both ways, so every ordered pair (a, c) of
    neighbours that are not tied to each other is one brokered path a → node → c,
    classified by the groups of a, node and c: coordinator (all one group),
    itinerant (a and c share a group, node another), representative (a shares
    node's group, c does not), gatekeeper (c shares node's group, a does not),
    liaison (three groups). Counts are over ordered pairs, so representative and
    gatekeeper are equal and the other counts even.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "public", "b": "nonprofit", "c": "private"}, "group")
    >>> brokerage(G, "b")
    {'coordinator': 0, 'itinerant': 0, 'representative': 0, 'gatekeeper': 0, 'liaison': 2, 'total': 2}
    """
    roles = dict.fromkeys(BROKERAGE_ROLES, 0)
    gb = G.nodes[node].get(group)
    nbrs = [u for u in G[node] if u != node]
    for a in nbrs:
        ga = G.nodes[a].get(group)
        for c in nbrs:
            if c == a or G.has_edge(a, c):
                continue
            gc = G.nodes[c].get(group)
            if ga == gb == gc:
                roles["coordinator"] += 1
            elif ga == gc:
                roles["itinerant"] += 1
            elif ga == gb:
                roles["representative"] += 1
            elif gc == gb:
                roles["gatekeeper"] += 1
            else:
                roles["liaison"] += 1
    roles["total"] = sum(roles.values())
    return roles


def structural_holes(G, node, weight: str = "weight") -> tuple[float, float]:
    """Burt's (1992) constraint and effective size of ``node`` on a weighted
    undirected graph — the same numbers as networkx's ``constraint`` and
    ``effective_size`` with ``weight``, computed once per neighbour instead of
    once per pair (networkx re-normalises every mutual weight it uses).

    With p(i, j) = w(i, j) / Σ_k w(i, k) and m(j, q) = w(j, q) / max_k w(j, k):
    constraint = Σ_j (p(i, j) + Σ_q p(i, q) p(q, j))², effective size =
    Σ_j (1 − Σ_q p(i, q) m(j, q)), over neighbours j and q ≠ j of i. NaN for
    an isolate.

    >>> import networkx as nx
    >>> G = nx.star_graph(3)
    >>> nx.set_edge_attributes(G, 1.0, "weight")
    >>> structural_holes(G, 0)
    (0.3333333333333333, 3.0)
    """
    nbrs = [u for u in G[node] if u != node]
    if not nbrs:
        return math.nan, math.nan

    def w(a, b):
        d = G[a].get(b)
        return float(d.get(weight, 1.0)) if d is not None else 0.0

    tot, top = {}, {}
    for a in [node, *nbrs]:
        ws = [float(d.get(weight, 1.0)) for b, d in G[a].items() if b != a]
        tot[a], top[a] = sum(ws), max(ws, default=0.0)
    p_i = {q: (w(node, q) / tot[node] if tot[node] else 0.0) for q in nbrs}
    con = eff = 0.0
    for j in nbrs:
        indirect = sum(p_i[q] * (w(q, j) / tot[q] if tot[q] else 0.0) for q in nbrs if q != j and q in G[j])
        con += (p_i[j] + indirect) ** 2
        redundancy = sum(p_i[q] * (w(j, q) / top[j] if top[j] else 0.0) for q in nbrs if q != j and q in G[j])
        eff += 1 - redundancy
    return con, eff


def degree_centralization(G) -> float:
    """Freeman (1979) degree centralization: sum of (max degree − degree) over
    (n − 1)(n − 2); 1 for a star, 0 for a regular graph.

    >>> import networkx as nx
    >>> degree_centralization(nx.star_graph(4)), degree_centralization(nx.cycle_graph(5))
    (1.0, 0.0)
    """
    n = len(G)
    if n < 3:
        return 0.0
    degs = [d for _, d in G.degree()]
    top = max(degs)
    return sum(top - d for d in degs) / ((n - 1) * (n - 2))


def network_stage(G) -> tuple[str, str]:
    """The network's stage after Krebs & Holley, with the reason.

    Rules, in order: *fragmented* when fewer than 3 participants, no ties, or the
    largest component holds under half of the participants; *single hub* when
    Freeman degree centralization ≥ 0.5; *core-periphery* when the innermost
    k-core (k ≥ 2) has 3 or more participants but at most half of them, its density
    is ≥ 0.5 and ≥ 80 % of the other participants of the largest component are
    tied to it; otherwise *multi-hub*.

    >>> import networkx as nx
    >>> network_stage(nx.star_graph(5))[0], network_stage(nx.empty_graph(4))[0]
    ('single hub', 'fragmented')
    """
    import networkx as nx

    n = len(G)
    if n < 3 or G.number_of_edges() == 0:
        return "fragmented", f"{n} participants, {G.number_of_edges()} ties"
    largest = max(nx.connected_components(G), key=len)
    if len(largest) / n < 0.5:
        return "fragmented", f"largest component holds {len(largest)} of {n} participants"
    cz = degree_centralization(G)
    if cz >= 0.5:
        return "single hub", f"degree centralization {cz:.2f} >= 0.5"
    H = nx.Graph(G.subgraph(largest))
    H.remove_edges_from(nx.selfloop_edges(H))
    cores = nx.core_number(H)
    kmax = max(cores.values())
    core = {v for v, c in cores.items() if c == kmax}
    if kmax >= 2 and 3 <= len(core) <= n / 2:
        dens = nx.density(H.subgraph(core))
        rest = set(H) - core
        attached = sum(1 for v in rest if any(u in core for u in H[v]))
        if dens >= 0.5 and (not rest or attached / len(rest) >= 0.8):
            return "core-periphery", f"{len(core)}-participant {kmax}-core, density {dens:.2f}"
    return "multi-hub", f"degree centralization {cz:.2f} < 0.5, no dense core"


def governance_mode(pg, initiative: str) -> tuple[str, str]:
    """Governance mode after Provan & Kenis (2008), with the reason.

    Rule: take the backbones (``HAS_BACKBONE``), or, if none, the participants
    that provide the backbone support (``HAS_BACKBONE_SUPPORT``/``PROVIDED_BY``).
    *shared* (participant-governed) when there are two or more of them or the
    one is a stakeholder group; *lead organization* when the one holds another
    role in the initiative (lead agency, co-chair, member, funder, ...) or
    performs one of its activities; *network administrative organization* when
    it is a separate entity whose only role is backbone. With no participant
    backbone: *lead organization* if a member is lead agency, *network
    administrative organization* if dedicated staff provide the support and no
    working group does, else *shared*.
    """
    sc = scope(pg, initiative)
    bbs = sorted(sc.backbones)
    supports = [e.target for e in pg.out_edges(initiative, "HAS_BACKBONE_SUPPORT")]
    providers = sorted({e.target for s in supports for e in pg.out_edges(s, "PROVIDED_BY")})
    if not bbs:
        bbs = [p for p in providers if "Participant" in pg.nodes[p].labels]
    name = lambda i: pg.nodes[i].name  # noqa: E731
    if len(bbs) >= 2:
        return "shared", f"{len(bbs)} participants share the backbone: {', '.join(map(name, bbs))}"
    if len(bbs) == 1:
        b = bbs[0]
        if "StakeholderGroup" in pg.nodes[b].labels:
            return "shared", f"the backbone is a group of participants ({name(b)})"
        other = sorted(pg.nodes[r].name for r in sc.roles.get(b, set()) - {CI + "BackboneRole"} if r in pg.nodes)
        acts = [a for a in sc.activities if any(e.source == b for e in pg.in_edges(a, "PERFORMS"))]
        if other or acts:
            why = f"roles {', '.join(other)}" if other else f"performs {len(acts)} activit(ies)"
            return "lead organization", f"the backbone {name(b)} also takes part ({why})"
        return "network administrative organization", f"{name(b)}'s only role is backbone"
    lead = [p for p, rs in sc.roles.items() if CI + "LeadAgencyRole" in rs]
    if lead:
        return "lead organization", f"no backbone; lead agency {', '.join(sorted(map(name, lead)))}"
    labels = {pg.nodes[p].label for p in providers}
    if "StaffPosition" in labels and "WorkingGroup" not in labels:
        return "network administrative organization", "backbone support is dedicated staff"
    if providers:
        return "shared", "backbone support is provided by a working group of the participants"
    return "shared", "no backbone recorded"


def backbone_functions(pg, initiative: str) -> tuple[list[str], list[str]]:
    """(covered, missing) backbone functions (Turner et al. 2012) as IRIs, by
    ``HAS_BACKBONE_SUPPORT`` / ``PERFORMS_FUNCTION``."""
    allf = [n.id for n in sorted(pg.by_label("BackboneFunction"), key=lambda n: (n.props.get("rank", 99), n.id))]
    done = {e.target for s in pg.out_edges(initiative, "HAS_BACKBONE_SUPPORT")
            for e in pg.out_edges(s.target, "PERFORMS_FUNCTION")}
    return [f for f in allf if f in done], [f for f in allf if f not in done]


def removal_effect(G, node) -> dict:
    """Components and largest-component share of the network without ``node``.

    >>> import networkx as nx
    >>> removal_effect(nx.star_graph(3), 0)
    {'components_before': 1, 'components_after': 3, 'largest_share_before': 1.0, 'largest_share_after': 0.3333}
    """
    import networkx as nx

    def stats(H):
        if len(H) == 0:
            return 0, 0.0
        comps = list(nx.connected_components(H))
        return len(comps), round(max(map(len, comps)) / len(H), 4)

    H = G.copy()
    H.remove_node(node)
    cb, sb = stats(G)
    ca, sa = stats(H)
    return {"components_before": cb, "components_after": ca, "largest_share_before": sb, "largest_share_after": sa}


def closeness_vitality(G, node) -> float | None:
    """Closeness vitality (Brandes & Erlebach 2005) of ``node`` within its component:
    the drop in the sum of all hop distances when it is removed. None when its
    removal disconnects the component (the vitality is −∞).

    >>> import networkx as nx
    >>> closeness_vitality(nx.cycle_graph(4), 0), closeness_vitality(nx.path_graph(3), 1)
    (4.0, None)
    """
    import networkx as nx

    comp = nx.node_connected_component(G, node)
    if len(comp) == 1:
        return 0.0
    H = G.subgraph(comp)
    if len(comp) < 50:
        v = nx.closeness_vitality(H, node=node, weight=None)
        return None if v is None or math.isinf(v) or math.isnan(v) else float(v)
    rest = H.subgraph(comp - {node})
    if not nx.is_connected(rest):
        return None
    return float(_wiener_igraph(H) - _wiener_igraph(rest))


def _wiener_igraph(G) -> float:
    """Sum of hop distances over unordered pairs of a connected graph (igraph)."""
    g, nodes = _to_igraph(G)
    n = len(nodes)
    return g.average_path_length(directed=False) * n * (n - 1) / 2 if n > 1 else 0.0


def rank_stability(G, node, *, drop: float = 0.1, runs: int = 100, seed: int = 0, rank_by: str = "degree",
                   **measure_options) -> dict:
    """Rank of ``node`` when a share ``drop`` of the ties is removed at random,
    ``runs`` times with a seeded generator: mean, min and max rank, the share of
    runs in which it ranks first, and the share keeping its full-network rank.

    >>> import networkx as nx
    >>> st = rank_stability(nx.star_graph(9), 0, runs=20)
    >>> st["min"], st["max"], st["top_share"]
    (1, 1, 1.0)
    """
    if rank_by not in MEASURES:
        raise DataError(f"unknown measure {rank_by!r}: use one of {', '.join(MEASURES)}.")
    rng = random.Random(seed)
    edges = sorted(G.edges(data="weight", default=1.0), key=lambda e: (str(e[0]), str(e[1])))
    k = int(round(drop * len(edges)))
    if rank_by in ("degree", "strength"):        # no copy: subtract the dropped ties
        base_vals = dict(G.degree()) if rank_by == "degree" else dict(G.degree(weight="weight"))
        base = _ranks(base_vals, node)[0]
        ranks = []
        for _ in range(runs):
            vals = dict(base_vals)
            for u, v, w in rng.sample(edges, k):
                amount = 1 if rank_by == "degree" else w
                vals[u] -= amount
                vals[v] -= amount
            ranks.append(_ranks(vals, node)[0])
        return _stability(ranks, base, runs, drop, seed, rank_by)
    edges = [(u, v) for u, v, _ in edges]
    full, _ = measures(G, seed=seed, **measure_options)
    base = _rank_of(G, node, rank_by, full)
    ranks = []
    for _ in range(runs):
        H = G.copy()
        H.remove_edges_from(rng.sample(edges, k))
        ranks.append(_rank_of(H, node, rank_by, None, seed=seed, **measure_options))
    return _stability(ranks, base, runs, drop, seed, rank_by)


def _stability(ranks, base, runs, drop, seed, rank_by):
    n = len(ranks) or 1
    return {"runs": runs, "drop": drop, "seed": seed, "rank_by": rank_by, "rank": base,
            "mean": round(sum(ranks) / n, 3) if ranks else float(base), "min": min(ranks, default=base),
            "max": max(ranks, default=base), "top_share": round(sum(r == 1 for r in ranks) / n, 3),
            "keep_share": round(sum(r == base for r in ranks) / n, 3)}


def _rank_of(G, node, rank_by, m=None, **measure_options):
    if rank_by == "degree":
        values = dict(G.degree())
    elif rank_by == "strength":
        values = dict(G.degree(weight="weight"))
    else:
        m = m or measures(G, **measure_options)[0]
        values = {v: m[v][rank_by] for v in G}
    return _ranks(values, node)[0]


def backbone_diagnostics(pg, initiative: str | None = None, *, rank_by: str = "degree", drop: float = 0.1,
                         runs: int = 100, seed: int = 0, **measure_options) -> list[BackboneDiagnostic]:
    """Diagnostics of every backbone (``HAS_BACKBONE``) in its initiative's network.

    Examples
    --------
    >>> from cigraph.projection import PropertyGraph, Node, Edge
    >>> P = ("Organization", "Participant")
    >>> nodes = [Node("i", ("Initiative",), {"name": "I"})] + [Node(p, P, {"name": p}) for p in "babc"]
    >>> edges = [Edge(p, "i", "MEMBER_OF") for p in "abc"] + [Edge("i", "b", "HAS_BACKBONE")]
    >>> for p in "ac":
    ...     nodes.append(Node("x" + p, ("Activity",)))
    ...     edges += [Edge("x" + p, "i", "PART_OF_INITIATIVE"), Edge("b", "x" + p, "PERFORMS"),
    ...               Edge(p, "x" + p, "PERFORMS")]
    >>> d = backbone_diagnostics(PropertyGraph(nodes, edges), runs=10)[0]
    >>> d.name, d.rank, d.removal["components_after"], d.closeness_vitality
    ('b', 1, 2, None)
    """
    import networkx as nx

    out = []
    for ini, iname, G in _networks(pg, initiative, False):
        sc = scope(pg, ini)
        if not sc.backbones:
            continue
        m, _ = measures(G, seed=seed, **measure_options)
        values = {v: m[v][rank_by] for v in G}
        for b in sorted(sc.backbones):
            if b not in G:
                continue
            rank, pct = _ranks(values, b)
            con, eff = structural_holes(G, b)
            out.append(BackboneDiagnostic(
                ini, iname, b, G.nodes[b]["name"], rank, len(G), pct, rank_by,
                None if math.isnan(con) else float(con), None if math.isnan(eff) else float(eff),
                brokerage(G, b), closeness_vitality(G, b), removal_effect(G, b),
                rank_stability(G, b, drop=drop, runs=runs, seed=seed, rank_by=rank_by, **measure_options)))
    return out


def network_diagnostics(pg, initiative: str | None = None, **measure_options) -> list[NetworkDiagnostic]:
    """Density, Freeman degree centralization, stage, governance mode and
    backbone-function coverage of each initiative's collaboration network.

    >>> from cigraph.projection import PropertyGraph, Node, Edge
    >>> pg = PropertyGraph([Node("i", ("Initiative",), {"name": "I"})])
    >>> d = network_diagnostics(pg)[0]
    >>> d.nodes, d.stage, d.governance
    (0, 'fragmented', 'shared')
    """
    import networkx as nx

    out = []
    for ini, iname, G in _networks(pg, initiative, False):
        stage, why = network_stage(G)
        gov, gwhy = governance_mode(pg, ini)
        cov, miss = backbone_functions(pg, ini)
        total = len(cov) + len(miss)
        method = _method(G, **measure_options) if len(G) else "none (empty graph)"
        out.append(NetworkDiagnostic(
            ini, iname, len(G), G.number_of_edges(), nx.number_connected_components(G) if len(G) else 0,
            nx.density(G) if len(G) > 1 else 0.0, degree_centralization(G), stage, gov, gwhy,
            sorted(scope(pg, ini).backbones), cov, miss, len(cov) / total if total else 0.0, method, [why]))
    return out


def _method(G, *, k=100, seed=0, exact_threshold=5000, igraph_threshold=0, engine="auto"):
    n = len(G)
    lib = "igraph" if engine == "igraph" or (engine == "auto" and n >= igraph_threshold) else "networkx"
    if n > exact_threshold:
        return f"sampled k={min(k, n)} seed={seed} ({lib})"
    return f"exact ({lib})"


#: Columns of the flat form of a score.
SCORE_COLUMNS = ("initiative", "rank", "name", "sector", "backbone", "degree_count", "degree", "strength",
                 "betweenness", "closeness", "eigenvector", "pagerank", "two_step_reach", "percentile",
                 "participant", "method")


def scores_to_rows(scores: list[Score], digits: int = 4) -> list[dict]:
    """Flat rows for tables and CSV (floats rounded)."""
    rows = []
    for s in scores:
        d = s.to_dict()
        d["initiative"] = s.initiative_name or "(all initiatives)"
        rows.append({c: round(d[c], digits) if isinstance(d[c], float) else d[c] for c in SCORE_COLUMNS})
    return rows


def to_dataframe(scores: list[Score]):
    """A pandas DataFrame of the scores (needs pandas)."""
    import pandas as pd

    return pd.DataFrame([s.to_dict() for s in scores])
