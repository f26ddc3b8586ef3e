"""Gaps in mutually reinforcing activities, found on the PropertyGraph.

Each rule below is exact (the README repeats them). "Serves" means a direct
``SERVES`` edge except where a rule says otherwise; an initiative's activities,
priorities, working groups, indicators and practices are those of
:func:`cigraph.analysis.network.scope`.

``uncovered_priority``
    a Priority that no Activity ``SERVES``, directly or via a sub-priority
    (``SUB_PRIORITY_OF``, transitively). Severity high.
``fragile_priority``
    a Priority served by at least one activity whose distinct performers
    (``PERFORMS``), over all activities serving it, number exactly one (an
    activity with no performer adds none). Severity medium.
``unmeasured_activity``
    an Activity with no ``MEASURED_BY`` edge. Medium if it serves a priority, else low.
``orphan_indicator``
    an Indicator with no incoming ``MEASURED_BY`` and no outgoing ``INDICATOR_FOR``. Low.
``uncoordinated_activities``
    two activities serving the same priority, performed by disjoint non-empty sets
    of participants, with no shared ``COORDINATED_BY`` working group and no
    ``REINFORCES`` edge in either direction. One gap per pair of activities,
    carrying for each priority they share the **reinforcement ratio** (tied pairs
    / all pairs of distinct participants performing activities that serve it;
    tied = an edge in the initiative's collaboration network) and, as weaving
    opportunities, the untied pairs of their performers. Medium.
``isolated_partner``
    a participant with ``MEMBER_OF`` the initiative that performs no activity of
    the initiative and sits on / leads no working group of it, OR has no edge to
    another member in the initiative's collaboration network. Medium when both
    hold, else low.
``missing_sector``
    an initiative with no member in one of the expected sectors (default public,
    non-profit, private, community; a member's sector counts for its ``BROADER``
    ancestors). One gap per missing sector. Medium.
``single_point_of_failure``
    an articulation point of the initiative's collaboration network, with the
    sizes of the pieces its component falls into when it is removed. High when it
    is a backbone or the largest piece keeps less than half of the component,
    else medium.
``weak_condition``
    a ConditionPractice whose MaturityLevel ``rank`` is below a threshold (default
    2, i.e. below Emerging; no maturity counts as below) or that has no
    ``evidence``. High when both, medium when only the maturity, low when only
    the evidence.

Every gap has a **basis** (:class:`Basis`), decided in this order by the rules
of ``gap_basis.csv`` and :mod:`cigraph.analysis.record` (docs/analysis.md
repeats them):

``stated``
    the record says so: the gap type's condition has a recorded maturity of
    Planned (rank 1) for the initiative, where the table marks the type
    ``stated_when_planned`` (unmeasured activities under a Planned shared
    measurement; uncovered priorities and uncoordinated activities under Planned
    mutually reinforcing activities); a ``weak_condition`` whose low maturity is
    recorded. Either only while the condition's record holds some fact (one of
    its parts in ``record_parts.csv``): a level recorded for a condition the
    record is silent on states nothing and counts as not recorded.
``not recorded``
    nothing in the record either way: none of the parts the gap type ``needs``
    has any fact for the initiative (no activity of the initiative is linked to
    an indicator, so no activity can be called unmeasured; no performer is
    recorded for any activity, so no member can be called idle); and, per type:
    a ``fragile_priority`` one of whose activities has no performer recorded, a
    ``missing_sector`` while some partner has no sector recorded, a
    ``weak_condition`` with no maturity, with a low maturity for a condition the
    record holds no facts on, or with only the evidence missing. These gaps
    carry a ``question`` to ask the initiative.
``inferred``
    otherwise: derived from what is recorded (and every gap outside an initiative).

Examples
--------
>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> pg = PropertyGraph(
...     [Node("i", ("Initiative",), {"name": "I"}), Node("p", ("Priority",), {"name": "Jobs"})],
...     [Edge("p", "i", "PART_OF_INITIATIVE")])
>>> [(g.type, g.severity.value, g.subjects[0][1], g.basis.value) for g in find_gaps(pg, types=["uncovered_priority"])]
[('uncovered_priority', 'high', 'Jobs', 'not recorded')]
>>> find_gaps(pg, types=["uncovered_priority"])[0].question
"Which activities serve the priority 'Jobs'?"
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import asdict, dataclass, field
from itertools import combinations

from ..errors import DataError
from ..vocab import curie
from .network import collaboration_network, resolve_initiative, scope, sector_ancestors

__all__ = ["GAP_TYPES", "Severity", "Basis", "BASES", "GapConfig", "Gap", "basis_counts", "PriorityReinforcement", "UnknownGapType",
           "find_gaps", "reinforcement", "cut_pieces", "gaps_to_rows", "gaps_to_dataframe", "GAP_COLUMNS"]

CI = "https://w3id.org/cigraph#"

#: Every gap type, in report order.
GAP_TYPES = ("uncovered_priority", "fragile_priority", "unmeasured_activity", "orphan_indicator",
             "uncoordinated_activities", "isolated_partner", "missing_sector", "single_point_of_failure",
             "weak_condition")

DEFAULT_SECTORS = (CI + "PublicSector", CI + "NonProfitSector", CI + "PrivateSector", CI + "CommunitySector")


class Severity(enum.Enum):
    """How urgent a gap is; ordered ``LOW < MEDIUM < HIGH``.

    >>> Severity.HIGH > Severity.LOW, Severity.parse("Medium")
    (True, <Severity.MEDIUM: 'medium'>)
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.value]

    def __lt__(self, other):
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other):
        return self == other or self < other

    def __gt__(self, other):
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other):
        return self == other or self > other

    @classmethod
    def parse(cls, value) -> "Severity":
        if isinstance(value, Severity):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise DataError(f"unknown severity {value!r}: use high, medium or low.") from None


class Basis(enum.Enum):
    """What a gap rests on: the record says so, it is derived, or the record is silent.

    >>> Basis.parse("not-recorded"), Basis.parse("Stated")
    (<Basis.NOT_RECORDED: 'not recorded'>, <Basis.STATED: 'stated'>)
    """

    STATED = "stated"
    INFERRED = "inferred"
    NOT_RECORDED = "not recorded"

    @classmethod
    def parse(cls, value) -> "Basis":
        if isinstance(value, Basis):
            return value
        key = str(value).strip().lower().replace("-", " ").replace("_", " ")
        try:
            return cls(key)
        except ValueError:
            raise DataError(f"unknown basis {value!r}: use stated, inferred or not-recorded.") from None


#: Every basis, in report order.
BASES = (Basis.STATED, Basis.INFERRED, Basis.NOT_RECORDED)


class UnknownGapType(DataError):
    """A gap type that :data:`GAP_TYPES` does not list."""

    def __init__(self, name: str):
        import difflib

        super().__init__(f"unknown gap type {name!r}. Known types: {', '.join(GAP_TYPES)}.",
                         suggestions=difflib.get_close_matches(name, GAP_TYPES, n=3))


@dataclass(frozen=True)
class GapConfig:
    """Thresholds and filters for :func:`find_gaps`.

    ``types``: the gap types to look for; ``expected_sectors``: sector IRIs every
    initiative should have at the table; ``min_maturity``: a practice whose
    maturity rank is below this is weak; ``require_evidence``: a practice without
    ``evidence`` is weak; ``fragile_performers``: a priority whose distinct
    performers number exactly this is fragile; ``initiative``, ``min_severity``,
    ``basis`` (the bases to keep): filters.
    """

    types: tuple[str, ...] = GAP_TYPES
    expected_sectors: tuple[str, ...] = DEFAULT_SECTORS
    min_maturity: int = 2
    require_evidence: bool = True
    fragile_performers: int = 1
    initiative: str | None = None
    min_severity: Severity | str = Severity.LOW
    basis: tuple = BASES

    def __post_init__(self):
        for t in self.types:
            if t not in GAP_TYPES:
                raise UnknownGapType(t)
        object.__setattr__(self, "min_severity", Severity.parse(self.min_severity))
        object.__setattr__(self, "types", tuple(self.types))
        object.__setattr__(self, "expected_sectors", tuple(self.expected_sectors))
        object.__setattr__(self, "basis", tuple(Basis.parse(b) for b in self.basis))


@dataclass(frozen=True)
class Gap:
    """One gap. ``subjects`` are ``(iri, label)`` pairs; ``evidence`` the facts that
    produced it; ``reinforcement_ratio`` (uncoordinated activities only) maps each
    shared priority's IRI to its reinforcement ratio (None when fewer than two
    participants serve it); ``details`` holds rule-specific figures; ``basis``
    what the gap rests on, ``basis_reason`` why, and ``question`` (not-recorded
    gaps only) what to ask the initiative."""

    id: str
    type: str
    severity: Severity
    initiative: str | None
    initiative_name: str | None
    subjects: tuple[tuple[str, str], ...]
    explanation: str
    evidence: tuple[str, ...]
    action: str
    reinforcement_ratio: dict | None = field(default=None, hash=False)
    details: dict = field(default_factory=dict, hash=False)
    basis: Basis = Basis.INFERRED
    basis_reason: str = "derived from what is recorded"
    question: str | None = None

    def to_dict(self) -> dict:
        """Plain data (JSON-ready)."""
        d = asdict(self)
        d["severity"] = self.severity.value
        d["basis"] = self.basis.value
        d["subjects"] = [{"iri": i, "label": n} for i, n in self.subjects]
        d["evidence"] = list(self.evidence)
        return d


@dataclass(frozen=True)
class PriorityReinforcement:
    """The reinforcement ratio of one priority."""

    initiative: str | None
    priority: str
    priority_name: str
    participants: tuple[str, ...]
    pairs: int
    tied: int
    ratio: float | None
    untied: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict:
        return asdict(self)


def _gap_id(type_: str, initiative: str | None, subjects) -> str:
    h = hashlib.sha1("|".join([type_, initiative or "", *sorted(i for i, _ in subjects)]).encode()).hexdigest()
    return f"{type_}-{h[:10]}"


def _name(pg, iri: str) -> str:
    n = pg.nodes.get(iri)
    return n.name if n is not None else curie(iri)


def _c(iri: str) -> str:
    return curie(iri)


def _src(pg, nid, t):
    return [e.source for e in pg.in_edges(nid, t)]


def _tgt(pg, nid, t):
    return [e.target for e in pg.out_edges(nid, t)]


def basis_counts(gaps) -> dict[str, int]:
    """Gaps per basis, every basis listed.

    >>> basis_counts([])
    {'stated': 0, 'inferred': 0, 'not recorded': 0}
    """
    out = {b.value: 0 for b in BASES}
    for g in gaps:
        out[g.basis.value] += 1
    return out


def _recorded_levels(pg, practices) -> dict[str, tuple[str, int]]:
    """condition IRI -> (maturity name, rank) recorded for it (the lowest, if several)."""
    out: dict[str, tuple[str, int]] = {}
    for pr in _current_practices(pg, practices):
        for c in _tgt(pg, pr, "CONDITION"):
            for m in _tgt(pg, pr, "MATURITY"):
                rank = pg.nodes[m].props.get("rank") if m in pg.nodes else None
                if isinstance(rank, int) and (c not in out or rank < out[c][1]):
                    out[c] = (_name(pg, m), rank)
    return out


class _Maker:
    def __init__(self, pg, initiative, sc=None):
        from .record import gap_basis_rules, part_facts, parts

        self.pg, self.initiative = pg, initiative
        self.iname = _name(pg, initiative) if initiative else None
        self.rules = gap_basis_rules()
        self.labels = {p.id: p.label for p in parts()}
        self.facts = part_facts(pg, initiative, sc) if initiative and sc is not None else {}
        self.levels = _recorded_levels(pg, sc.practices) if initiative and sc is not None else {}
        if initiative and sc is not None:
            from .record import completeness

            self.complete = completeness(pg, initiative, facts=self.facts)
        else:
            self.complete = {}
        self.out: list[Gap] = []

    def silent_on(self, condition: str) -> bool:
        """True when none of the condition's parts has a fact for this initiative."""
        c = self.complete.get(condition)
        return c is not None and c.recorded == 0

    def basis(self, type_, *, not_recorded: str | None = None, stated: str | None = None,
              inferred: str | None = None) -> tuple[Basis, str]:
        """The basis of a gap of ``type_`` in this initiative, by the rules (module docstring);
        the keywords give a rule-specific reason that decides the basis at its rank."""
        if self.initiative is None:
            return Basis.INFERRED, "derived from what is recorded (outside any initiative)"
        rule = self.rules.get(type_)
        if stated:
            return Basis.STATED, stated
        if (rule and rule.stated_when_planned and rule.condition in self.levels
                and self.levels[rule.condition][1] == 1 and not self.silent_on(rule.condition)):
            return Basis.STATED, (f"the record assesses {_name(self.pg, rule.condition)} as "
                                  f"{self.levels[rule.condition][0]}")
        if inferred:
            return Basis.INFERRED, inferred
        if rule and rule.needs and all(not self.facts.get(p) for p in rule.needs):
            return Basis.NOT_RECORDED, (f"the record of {self.iname} has no "
                                        + " and no ".join(self.labels[p] for p in rule.needs))
        if not_recorded:
            return Basis.NOT_RECORDED, not_recorded
        if rule and rule.needs:
            return Basis.INFERRED, "derived from the recorded " + " and ".join(
                self.labels[p] for p in rule.needs if self.facts.get(p))
        return Basis.INFERRED, "derived from what is recorded"

    def __call__(self, type_, severity, subjects, explanation, evidence, action, *, why=None, **kw):
        subs = tuple((i, _name(self.pg, i)) for i in subjects)
        basis, reason = self.basis(type_, **(why or {}))
        question = None
        rule = self.rules.get(type_)
        if basis is Basis.NOT_RECORDED and rule and rule.question:
            names = {"subject": subs[0][1] if subs else "", "subject2": subs[1][1] if len(subs) > 1 else "",
                     "initiative": self.iname or ""}
            question = rule.question.format_map(names)
        self.out.append(Gap(_gap_id(type_, self.initiative, subs), type_, severity, self.initiative, self.iname,
                            subs, explanation, tuple(evidence), action, basis=basis, basis_reason=reason,
                            question=question, **kw))


def reinforcement(pg, initiative: str | None = None, *, _G=None, _scope=None) -> list[PriorityReinforcement]:
    """Per priority, the reinforcement ratio: tied pairs / all pairs of distinct
    participants performing activities that directly serve it (tied = an edge in
    the initiative's collaboration network). ``ratio`` is None with fewer than two
    participants.

    Examples
    --------
    >>> from cigraph.projection import PropertyGraph, Node, Edge
    >>> P = ("Organization", "Participant")
    >>> pg = PropertyGraph(
    ...     [Node("i", ("Initiative",)), Node("p", ("Priority",)), Node("x", ("Activity",)),
    ...      Node("y", ("Activity",)), Node("a", P), Node("b", P), Node("c", P)],
    ...     [Edge("p", "i", "PART_OF_INITIATIVE"), Edge("x", "p", "SERVES"), Edge("y", "p", "SERVES"),
    ...      Edge("a", "x", "PERFORMS"), Edge("b", "x", "PERFORMS"), Edge("c", "y", "PERFORMS")])
    >>> r = reinforcement(pg, "i")[0]
    >>> r.pairs, r.tied, round(r.ratio, 3), r.untied
    (3, 1, 0.333, (('a', 'c'), ('b', 'c')))
    """
    out = []
    ids = [resolve_initiative(pg, initiative)] if initiative else [n.id for n in pg.by_label("Initiative")]
    for ini in ids:
        sc = _scope or scope(pg, ini)
        G = _G if _G is not None else collaboration_network(pg, ini)
        for p in sorted(sc.priorities):
            perf = sorted({q for a in _src(pg, p, "SERVES") for q in _src(pg, a, "PERFORMS")})
            pairs = list(combinations(perf, 2))
            untied = tuple((a, b) for a, b in pairs if not G.has_edge(a, b))
            ratio = (len(pairs) - len(untied)) / len(pairs) if pairs else None
            out.append(PriorityReinforcement(ini, p, _name(pg, p), tuple(perf), len(pairs),
                                             len(pairs) - len(untied), ratio, untied))
    return out


def find_gaps(pg, config: GapConfig | None = None, *, initiative: str | None = None, types=None,
              min_severity=None, basis=None) -> list[Gap]:
    """Find gaps by the rules in the module docstring.

    Parameters
    ----------
    pg : PropertyGraph
    config : GapConfig, optional
        Thresholds and filters; the keyword arguments override its filters.
    initiative : str, optional
        Name, short name or IRI of one initiative.
    types : iterable of str, optional
        Gap types to report (default: ``config.types``).
    min_severity : Severity or str, optional
        Leave out gaps below this severity.
    basis : iterable of Basis or str, optional
        Keep only gaps of these bases (default: ``config.basis``, all).

    Returns
    -------
    list of Gap
        Sorted by severity (high first), initiative, type order and id.

    Raises
    ------
    UnknownInitiative, UnknownGapType, DataError
    """
    config = config or GapConfig()
    types = tuple(types) if types else config.types
    for t in types:
        if t not in GAP_TYPES:
            raise UnknownGapType(t)
    floor = Severity.parse(min_severity if min_severity is not None else config.min_severity)
    keep = {Basis.parse(b) for b in (basis if basis is not None else config.basis)}
    want = initiative if initiative is not None else config.initiative
    ini_ids = [n.id for n in pg.by_label("Initiative")]
    selected = [resolve_initiative(pg, want)] if want is not None else ini_ids

    gaps: list[Gap] = []
    scopes = {i: scope(pg, i) for i in (ini_ids if want is None else selected)}
    for ini in selected:
        gaps.extend(_initiative_gaps(pg, ini, scopes[ini], config, types))
    if want is None:
        gaps.extend(_unscoped_gaps(pg, scopes.values(), config, types))

    seen, unique = set(), []
    for g in gaps:
        if g.id not in seen and g.severity >= floor and g.basis in keep:
            seen.add(g.id)
            unique.append(g)
    order = {t: k for k, t in enumerate(GAP_TYPES)}
    unique.sort(key=lambda g: (-g.severity.rank, g.initiative or "~", order[g.type], g.id))
    return unique


def _covered(pg, prio: str, seen=None) -> bool:
    seen = seen if seen is not None else set()
    if prio in seen:
        return False
    seen.add(prio)
    if pg.in_edges(prio, "SERVES"):
        return True
    return any(_covered(pg, child, seen) for child in _src(pg, prio, "SUB_PRIORITY_OF"))


def _priority_gaps(pg, mk: _Maker, prios, config, types):
    for p in sorted(prios):
        if "uncovered_priority" in types and not _covered(pg, p):
            subs = _src(pg, p, "SUB_PRIORITY_OF")
            ev = [f"no Activity SERVES {_c(p)}"]
            if subs:
                ev.append(f"nor any of its sub-priorities ({', '.join(_c(s) for s in sorted(subs))})")
            mk("uncovered_priority", Severity.HIGH, [p],
               f"No activity serves the priority '{_name(pg, p)}'.", ev,
               "Agree which partner activities will advance this priority, or drop it from the agenda.")
        acts = sorted(_src(pg, p, "SERVES"))
        if "fragile_priority" in types and acts:
            perf = sorted({q for a in acts for q in _src(pg, a, "PERFORMS")})
            if len(perf) == config.fragile_performers:
                idle = [a for a in acts if not pg.in_edges(a, "PERFORMS")]
                why = {"not_recorded": f"no performer is recorded for {len(idle)} of the {len(acts)}"
                                       " activities serving it"} if idle else None
                ev = [f"{_c(a)} SERVES {_c(p)}" for a in acts]
                ev += [f"{_c(q)} PERFORMS {_c(a)}" for a in acts for q in sorted(_src(pg, a, "PERFORMS"))]
                mk("fragile_priority", Severity.MEDIUM, [p, *perf],
                   f"Only {_name(pg, perf[0])} performs the activities serving '{_name(pg, p)}'."
                   if len(perf) == 1 else
                   f"Only {len(perf)} participants perform the activities serving '{_name(pg, p)}'.",
                   ev, "Bring a second partner into this priority's work so it does not rest on one organization.",
                   why=why)


def _activity_gaps(pg, mk: _Maker, acts, types):
    if "unmeasured_activity" not in types:
        return
    for a in sorted(acts):
        if not pg.out_edges(a, "MEASURED_BY"):
            serves = sorted(_tgt(pg, a, "SERVES"))
            ev = [f"no MEASURED_BY edge from {_c(a)}"] + [f"{_c(a)} SERVES {_c(p)}" for p in serves]
            mk("unmeasured_activity", Severity.MEDIUM if serves else Severity.LOW, [a],
               f"No indicator measures the activity '{_name(pg, a)}'.", ev,
               "Choose a shared indicator for this activity and link it (MEASURED_BY).")


def _indicator_gaps(pg, mk: _Maker, inds, types):
    if "orphan_indicator" not in types:
        return
    for i in sorted(inds):
        if not pg.in_edges(i, "MEASURED_BY") and not pg.out_edges(i, "INDICATOR_FOR"):
            mk("orphan_indicator", Severity.LOW, [i],
               f"The indicator '{_name(pg, i)}' is tied to no activity, outcome or priority.",
               [f"no MEASURED_BY edge into {_c(i)}", f"no INDICATOR_FOR edge from {_c(i)}"],
               "Link the indicator to the activity it measures or the outcome it tracks, or retire it.")


def _practice_gaps(pg, mk: _Maker, practices, config, types):
    if "weak_condition" not in types:
        return
    for pr in sorted(practices):
        node = pg.nodes[pr]
        levels = _tgt(pg, pr, "MATURITY")
        rank = min((pg.nodes[m].props.get("rank") for m in levels
                    if isinstance(pg.nodes[m].props.get("rank"), int)), default=None)
        low = rank is None or rank < config.min_maturity
        no_ev = config.require_evidence and not str(node.props.get("evidence") or "").strip()
        if not (low or no_ev):
            continue
        conds = _tgt(pg, pr, "CONDITION")
        cname = _name(pg, conds[0]) if conds else node.name
        ev = []
        if levels:
            ev += [f"{_c(pr)} MATURITY {_c(m)} (rank {pg.nodes[m].props.get('rank')})" for m in sorted(levels)]
        else:
            ev.append(f"no MATURITY edge from {_c(pr)}")
        if no_ev:
            ev.append(f"no evidence on {_c(pr)}")
        sev = Severity.HIGH if low and no_ev else Severity.MEDIUM if low else Severity.LOW
        what = []
        if low:
            what.append("no maturity level" if rank is None else f"maturity rank {rank} < {config.min_maturity}")
        if no_ev:
            what.append("no evidence")
        silent = bool(conds) and mk.silent_on(conds[0])
        by_rule = CI + "RuleAssessment" in _tgt(pg, pr, "ASSESSMENT_KIND")
        if low and rank is not None and by_rule:
            why = {"inferred": f"{cname} was assessed by a cigraph rule, not by the record"}
        elif low and rank is not None and not silent:
            lvl = next(m for m in sorted(levels) if pg.nodes[m].props.get("rank") == rank)
            why = {"stated": f"the record assesses {cname} as {_name(pg, lvl)}"}
        elif low and rank is not None:
            why = {"not_recorded": f"the record holds no facts on {cname}: its low maturity rests on no"
                                   " recorded evidence"}
        elif low:
            why = {"not_recorded": f"no maturity is recorded for {cname}"}
        else:
            why = {"not_recorded": f"no evidence is recorded for the {cname} assessment"}
        mk("weak_condition", sev, [pr, *conds],
           f"The condition '{cname}' is weak: {', '.join(what)}.", ev,
           "Strengthen this condition (see the scorecard signals) and record the evidence for it.", why=why)


def _initiative_gaps(pg, ini, sc, config, types):
    mk = _Maker(pg, ini, sc)
    _priority_gaps(pg, mk, sc.priorities, config, types)
    _activity_gaps(pg, mk, sc.activities, types)
    _indicator_gaps(pg, mk, sc.indicators, types)
    need_net = {"uncoordinated_activities", "isolated_partner", "single_point_of_failure"} & set(types)
    G = collaboration_network(pg, ini) if need_net else None

    if "uncoordinated_activities" in types:
        ratios = {r.priority: r for r in reinforcement(pg, ini, _G=G, _scope=sc)}
        pairs: dict[tuple[str, str], list[str]] = {}
        perf, coord, reinf = {}, {}, {}

        def facts(a):
            if a not in perf:
                perf[a] = frozenset(_src(pg, a, "PERFORMS"))
                coord[a] = frozenset(_tgt(pg, a, "COORDINATED_BY"))
                reinf[a] = frozenset(_tgt(pg, a, "REINFORCES"))
            return a

        for p in sorted(sc.priorities):
            acts = sorted(facts(a) for a in _src(pg, p, "SERVES"))
            acts = [a for a in acts if perf[a]]
            for a, b in combinations(acts, 2):
                if perf[a] & perf[b] or coord[a] & coord[b] or b in reinf[a] or a in reinf[b]:
                    continue
                pairs.setdefault((a, b), []).append(p)
        for (a, b), prios in sorted(pairs.items()):
            pa, pb = sorted(set(_src(pg, a, "PERFORMS"))), sorted(set(_src(pg, b, "PERFORMS")))
            weave = sorted({tuple(sorted((x, y))) for x in pa for y in pb if not G.has_edge(x, y)})
            ev = [f"{_c(x)} SERVES {_c(p)}" for p in prios for x in (a, b)]
            ev += [f"{_c(q)} PERFORMS {_c(a)}" for q in pa] + [f"{_c(q)} PERFORMS {_c(b)}" for q in pb]
            ev += [f"no shared COORDINATED_BY working group for {_c(a)} and {_c(b)}",
                   f"no REINFORCES edge between {_c(a)} and {_c(b)}"]
            rr = {p: ratios[p].ratio for p in prios}
            mk("uncoordinated_activities", Severity.MEDIUM, [a, b, *prios],
               f"'{_name(pg, a)}' and '{_name(pg, b)}' serve '{_name(pg, prios[0])}' with different partners "
               "and nothing ties them together (duplication risk).", ev,
               "Have a working group coordinate both activities, or agree how one reinforces the other; "
               "introduce the partners listed as weaving opportunities.",
               reinforcement_ratio=rr,
               details={"weaving_opportunities": [
                   {"participants": [x, y], "names": [_name(pg, x), _name(pg, y)]} for x, y in weave],
                   "priorities": {p: {"pairs": ratios[p].pairs, "tied": ratios[p].tied} for p in prios}})

    if "isolated_partner" in types:
        busy = {q for a in sc.activities for q in _src(pg, a, "PERFORMS")}
        busy |= {q for w in sc.working_groups for t in ("HAS_MEMBER", "LED_BY") for q in _tgt(pg, w, t)}
        for m in sorted(sc.members):
            works = m in busy
            tied = m in G and any(n in sc.members and n != m for n in G.neighbors(m))
            if works and tied:
                continue
            ev = []
            if not works:
                ev.append(f"{_c(m)} PERFORMS no activity of {_c(ini)} and sits on or leads none of its working groups")
            if not tied:
                ev.append(f"{_c(m)} has no edge to another member in the collaboration network of {_c(ini)}")
            why = {"inferred": "it takes part in recorded work but has no recorded tie to another member"} \
                if works else None
            mk("isolated_partner", Severity.MEDIUM if not (works or tied) else Severity.LOW, [m],
               f"{_name(pg, m)} is a member but "
               + ("takes part in no activity or working group." if not works else "is tied to no other member."),
               ev, "Invite this partner into an activity or working group that matches its strengths.", why=why)

    if "missing_sector" in types:
        have = set()
        for m in sc.members:
            for s in _tgt(pg, m, "IN_SECTOR"):
                have.update(sector_ancestors(pg, s))
        unknown = sorted(m for m in sc.members if not _tgt(pg, m, "IN_SECTOR"))
        why = {"not_recorded": f"no sector is recorded for {len(unknown)} of the {len(sc.members)} partners"} \
            if unknown else None
        for s in config.expected_sectors:
            if s not in have:
                mk("missing_sector", Severity.MEDIUM, [s],
                   f"{_name(pg, ini)} has no member from the sector '{_name(pg, s)}'.",
                   [f"no member of {_c(ini)} is IN_SECTOR {_c(s)} or a narrower sector",
                    f"{len(sc.members)} member(s) checked"],
                   f"Recruit a partner from the sector '{_name(pg, s)}'.", why=why)

    if "single_point_of_failure" in types:
        for v, (comp_size, pieces) in sorted(cut_pieces(G).items()):
            share = pieces[0] / (comp_size - 1) if pieces else 0.0
            is_bb = v in sc.backbones
            mk("single_point_of_failure", Severity.HIGH if is_bb or share < 0.5 else Severity.MEDIUM, [v],
               f"Removing {_name(pg, v)} splits the collaboration network into {len(pieces)} pieces "
               f"of sizes {pieces}.",
               [f"{_c(v)} is an articulation point of the collaboration network of {_c(ini)}",
                f"its component has {comp_size} participants; without it: {pieces}"],
               "Build direct ties between the partners that only connect through this participant.",
               details={"component_sizes": pieces, "largest_share": round(share, 4), "backbone": is_bb})

    _practice_gaps(pg, mk, _current_practices(pg, sc.practices), config, types)
    return mk.out


def _current_practices(pg, practices) -> set[str]:
    """Per condition, only the current assessment (ontology 0.2 allows several, dated)."""
    from .over_time import current_assessment

    by_cond: dict = {}
    for pr in practices:
        for c in _tgt(pg, pr, "CONDITION") or [None]:
            by_cond.setdefault(c, []).append(pr)
    out = set()
    for c, prs in by_cond.items():
        if c is None:
            out.update(prs)
        else:
            cur = current_assessment(pg, prs)
            out.add(cur.practice if cur else prs[0])
    return out


def cut_pieces(G) -> dict:
    """Articulation points of an undirected graph, each with the size of its
    component and the sizes of the pieces that component falls into without it
    (largest first) — one iterative depth-first search (Hopcroft & Tarjan 1973),
    linear in the size of the graph.

    >>> import networkx as nx
    >>> cut_pieces(nx.path_graph(4))
    {1: (4, [2, 1]), 2: (4, [2, 1])}
    >>> cut_pieces(nx.star_graph(3))
    {0: (4, [1, 1, 1])}
    """
    disc, low, size = {}, {}, {}
    pieces: dict = {}
    out = {}
    t = 0
    for root in G:
        if root in disc:
            continue
        disc[root] = low[root] = t
        t += 1
        size[root] = 1
        members = [root]
        stack = [(root, None, iter(G[root]))]
        while stack:
            v, parent, it = stack[-1]
            advanced = False
            for w in it:
                if w == v:
                    continue
                if w not in disc:
                    disc[w] = low[w] = t
                    t += 1
                    size[w] = 1
                    members.append(w)
                    stack.append((w, v, iter(G[w])))
                    advanced = True
                    break
                if w != parent:
                    low[v] = min(low[v], disc[w])
            if advanced:
                continue
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[v])
                size[parent] += size[v]
                if low[v] >= disc[parent]:
                    pieces.setdefault(parent, []).append(size[v])
        n = len(members)
        for v in members:
            ps = pieces.get(v)
            if not ps:
                continue
            if v == root:
                if len(ps) >= 2:
                    out[v] = (n, sorted(ps, reverse=True))
            else:
                rest = n - 1 - sum(ps)
                out[v] = (n, sorted(ps + ([rest] if rest > 0 else []), reverse=True))
    return out


def _unscoped_gaps(pg, scopes, config, types):
    """Gaps on items that belong to no initiative (initiative None)."""
    mk = _Maker(pg, None)
    seen_p, seen_a, seen_i, seen_pr = set(), set(), set(), set()
    for sc in scopes:
        seen_p |= sc.priorities
        seen_a |= sc.activities
        seen_i |= sc.indicators
        seen_pr |= sc.practices
    _priority_gaps(pg, mk, {n.id for n in pg.by_label("Priority")} - seen_p, config, types)
    _activity_gaps(pg, mk, {n.id for n in pg.by_label("Activity")} - seen_a, types)
    _indicator_gaps(pg, mk, {n.id for n in pg.by_label("Indicator")} - seen_i, types)
    _practice_gaps(pg, mk, {n.id for n in pg.by_label("ConditionPractice")} - seen_pr, config, types)
    return mk.out


#: Columns of the flat (table/CSV) form of a gap.
GAP_COLUMNS = ("id", "severity", "basis", "type", "initiative", "subjects", "explanation", "action", "evidence",
               "reinforcement_ratio", "basis_reason", "question")


def gaps_to_rows(gaps: list[Gap]) -> list[dict]:
    """Flat rows (strings and numbers) for tables and CSV."""
    rows = []
    for g in gaps:
        rr = ""
        if g.reinforcement_ratio:
            rr = "; ".join(f"{curie(p)}={'' if r is None else f'{r:.2f}'}"
                           for p, r in sorted(g.reinforcement_ratio.items()))
        rows.append({"id": g.id, "severity": g.severity.value, "basis": g.basis.value, "type": g.type,
                     "initiative": g.initiative_name or "", "subjects": "; ".join(n for _, n in g.subjects),
                     "explanation": g.explanation, "action": g.action, "evidence": "; ".join(g.evidence),
                     "reinforcement_ratio": rr, "basis_reason": g.basis_reason, "question": g.question or ""})
    return rows


def gaps_to_dataframe(gaps: list[Gap]):
    """A pandas DataFrame of :func:`gaps_to_rows` (needs pandas)."""
    import pandas as pd

    return pd.DataFrame(gaps_to_rows(gaps), columns=list(GAP_COLUMNS))
