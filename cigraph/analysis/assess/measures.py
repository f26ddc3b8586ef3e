"""What the checklist's questions look at: one function per ``measure`` name of ``checklist.json``.

Each measure reads one initiative of the :class:`~cigraph.projection.PropertyGraph` and returns a
:class:`Measure`: the **items** the question is about (a priority, an activity, a sector, a
channel …), each ``yes``, ``partly`` or ``no`` with the facts behind it, and whether the record
holds **any fact of that kind** at all. The answer rules (``all`` / ``any``) live in
:func:`cigraph.analysis.assess.answer`, once, for every question.

A measure never invents an absence: when the initiative's record has nothing of the kind a
question needs (no indicator at all, no target at all), ``recorded`` is False and the answer is
*not recorded* — a question to ask the initiative, not a failure.

>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> pg = PropertyGraph([Node("i", ("Initiative",), {"name": "I"}), Node("p", ("Priority",), {"name": "Jobs"}),
...                     Node("a", ("Activity",), {"name": "Fair"})],
...                    [Edge("p", "i", "PART_OF_INITIATIVE"), Edge("a", "p", "SERVES")])
>>> m = MEASURES["priorities_served"](pg, "i")
>>> m.recorded, [(it.label, it.state) for it in m.items]
(True, [('Jobs', 'yes')])
>>> MEASURES["shared_indicators"](pg, "i").recorded
False
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..network import scope, sector_ancestors

__all__ = ["Fact", "Item", "Measure", "MEASURES", "sources_of"]

CI = "https://w3id.org/cigraph#"
EXPECTED_SECTORS = (("PublicSector", "public"), ("NonProfitSector", "non-profit"), ("PrivateSector", "private"),
                    ("CommunitySector", "community / lived experience"))
_PARTLY_STATUS = {"planned", "in development", "proposed", "being developed", "draft"}
_ONE_OFF = {"one-off", "once"}


@dataclass(frozen=True)
class Fact:
    """One fact of the record, in plain words, with the source sections it cites ``(iri, title)``."""

    subject: str
    text: str
    sources: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict:
        return {"subject": self.subject, "text": self.text,
                "sources": [{"iri": i, "title": t} for i, t in self.sources]}


@dataclass(frozen=True)
class Item:
    """One thing a question is about, and how it stands."""

    subject: str
    label: str
    state: str                      # yes | partly | no
    facts: tuple[Fact, ...] = ()


@dataclass
class Measure:
    items: list[Item] = field(default_factory=list)
    recorded: bool = False


def sources_of(pg, iri: str) -> tuple[tuple[str, str], ...]:
    """The source sections a node cites (``WAS_DERIVED_FROM``), as ``(iri, title)``, sorted."""
    out = []
    for e in pg.out_edges(iri, "WAS_DERIVED_FROM"):
        n = pg.nodes.get(e.target)
        if n is not None:
            out.append((e.target, str(n.props.get("sectionTitle") or n.name)))
    return tuple(sorted(set(out)))


def _name(pg, iri):
    n = pg.nodes.get(iri)
    return n.name if n is not None else iri.rsplit("/", 1)[-1]


def _fact(pg, iri, text) -> Fact:
    return Fact(iri, text, sources_of(pg, iri))


def _status(node) -> str:
    s = node.props.get("status")
    return str(s).strip().lower() if s else ""


def _by_status(pg, iri, what: str) -> Item:
    node = pg.nodes[iri]
    st = _status(node)
    text = f"{what} “{node.name}”" + (f" ({st})" if st else "")
    return Item(iri, node.name, "partly" if st in _PARTLY_STATUS else "yes", (_fact(pg, iri, text),))


def _targets(pg, nid, t):
    return sorted(e.target for e in pg.out_edges(nid, t))


def _sources(pg, nid, t):
    return sorted(e.source for e in pg.in_edges(nid, t))


def _agendas(pg, ini):
    return _targets(pg, ini, "HAS_COMMON_AGENDA")


def _channels(pg, ini):
    return [c for c in _targets(pg, ini, "HAS_CHANNEL") if c in pg.nodes]


def _supports(pg, ini):
    return _targets(pg, ini, "HAS_BACKBONE_SUPPORT")


# -- common agenda ---------------------------------------------------------------------------------------------

def sectors_at_table(pg, ini) -> Measure:
    sc = scope(pg, ini)
    sector_of: dict[str, list[str]] = {}
    for m in sorted(sc.members):
        for s in _targets(pg, m, "IN_SECTOR"):
            for a in sector_ancestors(pg, s):
                sector_of.setdefault(a, []).append(m)
    items = []
    for local, words in EXPECTED_SECTORS:
        who = sorted(set(sector_of.get(CI + local, [])))
        facts = tuple(_fact(pg, m, f"{_name(pg, m)} takes part ({words} sector)") for m in who[:3])
        items.append(Item(CI + local, f"{words} sector", "yes" if who else "no", facts))
    return Measure(items, recorded=bool(sc.members))


def problem_and_vision(pg, ini) -> Measure:
    items, recorded = [], False
    for key, words in (("problemDefinition", "a shared definition of the problem"), ("vision", "a written vision")):
        facts = []
        for a in _agendas(pg, ini):
            v = pg.nodes[a].props.get(key) if a in pg.nodes else None
            if v:
                recorded = True
                text = v[0] if isinstance(v, list) else v
                facts.append(_fact(pg, a, f"{words[0].upper() + words[1:]}: “{_clip(text)}”"))
        items.append(Item(f"{ini}#{key}", words, "yes" if facts else "no", tuple(facts)))
    return Measure(items, recorded)


def priorities_with_targets(pg, ini) -> Measure:
    sc = scope(pg, ini)
    prios = sorted(sc.priorities)
    with_t = {p: _targets(pg, p, "HAS_TARGET") for p in prios}
    items = [Item(p, _name(pg, p), "yes" if t else "no",
                  tuple(_fact(pg, x, f"“{_name(pg, p)}” has the target “{_name(pg, x)}”") for x in t))
             for p, t in with_t.items()]
    return Measure(items, recorded=bool(prios) and any(with_t.values()))


def plan_endorsed(pg, ini) -> Measure:
    docs = sorted({d for x in [ini, *_agendas(pg, ini)] for d in _targets(pg, x, "HAS_STRATEGY_DOCUMENT")})
    ends = _targets(pg, ini, "HAS_ENDORSEMENT")
    items = [_by_status(pg, d, "Strategy document") for d in docs if d in pg.nodes]
    items += [_by_status(pg, e, "Endorsement") for e in ends if e in pg.nodes]
    return Measure(items, recorded=bool(items))


# -- shared measurement ----------------------------------------------------------------------------------------

def shared_indicators(pg, ini) -> Measure:
    sc = scope(pg, ini)
    items = [_by_status(pg, i, "Indicator") for i in sorted(sc.indicators)]
    return Measure(items, recorded=bool(items))


def _indicator_state(pg, indicators) -> str:
    """yes when one of the indicators is in use (or has no status), partly when all are still being built."""
    if not indicators:
        return "no"
    return "yes" if any(_status(pg.nodes[i]) not in _PARTLY_STATUS for i in indicators if i in pg.nodes) else "partly"


def activities_measured(pg, ini) -> Measure:
    sc = scope(pg, ini)
    items = []
    for a in sorted(sc.activities):
        inds = _targets(pg, a, "MEASURED_BY")
        items.append(Item(a, _name(pg, a), _indicator_state(pg, inds),
                          tuple(_fact(pg, i, f"“{_name(pg, a)}” is tracked by “{_name(pg, i)}”") for i in inds)))
    return Measure(items, recorded=bool(sc.activities) and bool(sc.indicators))


def priorities_measured(pg, ini) -> Measure:
    sc = scope(pg, ini)
    items = []
    for p in sorted(sc.priorities):
        inds = set(_sources(pg, p, "INDICATOR_FOR"))
        facts = [_fact(pg, i, f"“{_name(pg, i)}” is an indicator for “{_name(pg, p)}”")
                 for i in _sources(pg, p, "INDICATOR_FOR")]
        for o in _sources(pg, p, "FOR_PRIORITY"):
            inds.update(_sources(pg, o, "INDICATOR_FOR"))
            facts += [_fact(pg, i, f"“{_name(pg, i)}” tracks the outcome “{_name(pg, o)}”")
                      for i in _sources(pg, o, "INDICATOR_FOR")]
        for a in _sources(pg, p, "SERVES"):
            inds.update(_targets(pg, a, "MEASURED_BY"))
            facts += [_fact(pg, i, f"“{_name(pg, i)}” tracks “{_name(pg, a)}”, which serves it")
                      for i in _targets(pg, a, "MEASURED_BY")]
        items.append(Item(p, _name(pg, p), _indicator_state(pg, sorted(inds)), tuple(facts)))
    return Measure(items, recorded=bool(sc.priorities) and bool(sc.indicators))


def evaluation_in_use(pg, ini) -> Measure:
    items = [_by_status(pg, m, "Evaluation") for m in _targets(pg, ini, "USES_METHOD") if m in pg.nodes]
    return Measure(items, recorded=bool(items))


# -- mutually reinforcing activities ---------------------------------------------------------------------------

def who_does_what(pg, ini) -> Measure:
    sc = scope(pg, ini)
    items = []
    for a in sorted(sc.activities):
        who = _sources(pg, a, "PERFORMS")
        items.append(Item(a, _name(pg, a), "yes" if who else "no",
                          tuple(_fact(pg, a, f"{_name(pg, w)} carries out “{_name(pg, a)}”") for w in who)))
    return Measure(items, recorded=bool(sc.activities))


def _served(pg, p, seen=None) -> list[str]:
    seen = seen if seen is not None else set()
    if p in seen:
        return []
    seen.add(p)
    out = _sources(pg, p, "SERVES")
    for child in _sources(pg, p, "SUB_PRIORITY_OF"):
        out += _served(pg, child, seen)
    return out


def priorities_served(pg, ini) -> Measure:
    sc = scope(pg, ini)
    items = []
    for p in sorted(sc.priorities):
        acts = sorted(set(_served(pg, p)))
        items.append(Item(p, _name(pg, p), "yes" if acts else "no",
                          tuple(_fact(pg, a, f"“{_name(pg, a)}” serves “{_name(pg, p)}”") for a in acts[:4])))
    return Measure(items, recorded=bool(sc.priorities) and bool(sc.activities))


def activities_coordinated(pg, ini) -> Measure:
    sc = scope(pg, ini)
    reinforces = any(pg.out_edges(a, "REINFORCES") for a in sc.activities)
    items = []
    for a in sorted(sc.activities):
        facts = [_fact(pg, w, f"“{_name(pg, a)}” is coordinated by {_name(pg, w)}")
                 for w in _targets(pg, a, "COORDINATED_BY")]
        facts += [_fact(pg, a, f"“{_name(pg, a)}” reinforces “{_name(pg, b)}”") for b in _targets(pg, a, "REINFORCES")]
        facts += [_fact(pg, b, f"“{_name(pg, b)}” reinforces “{_name(pg, a)}”") for b in _sources(pg, a, "REINFORCES")]
        items.append(Item(a, _name(pg, a), "yes" if facts else "no", tuple(facts)))
    return Measure(items, recorded=bool(sc.activities) and (bool(sc.working_groups) or reinforces))


def shared_priorities(pg, ini) -> Measure:
    sc = scope(pg, ini)
    items = []
    for p in sorted(sc.priorities):
        acts = sorted(set(_served(pg, p)))
        who = sorted({w for a in acts for w in _sources(pg, a, "PERFORMS")})
        if not who:
            continue
        items.append(Item(p, _name(pg, p), "yes" if len(who) >= 2 else "no",
                          tuple(_fact(pg, a, f"{_name(pg, w)} works on “{_name(pg, p)}”")
                                for w in who[:4] for a in acts[:1])))
    return Measure(items, recorded=bool(items))


# -- continuous communication ----------------------------------------------------------------------------------

def _audience(node) -> str:
    return str(node.props.get("audience") or "").lower()


def partner_channels(pg, ini) -> Measure:
    chans = _channels(pg, ini)
    items = [_by_status(pg, c, "Channel") for c in chans
             if _audience(pg.nodes[c]) in {"internal", "both"} or "Meeting" in pg.nodes[c].labels]
    return Measure(items, recorded=bool(chans))


def regular_meetings(pg, ini) -> Measure:
    chans = _channels(pg, ini)
    meets = [c for c in chans if "Meeting" in pg.nodes[c].labels
             or str(pg.nodes[c].props.get("channelType") or "").lower() == "meeting"]
    items = []
    for c in meets:
        node = pg.nodes[c]
        cad = str(node.props.get("cadence") or "").lower()
        state = "yes" if cad and cad not in _ONE_OFF else "partly"
        text = f"Meeting “{node.name}”" + (f", {cad}" if cad else ", no cadence recorded")
        items.append(Item(c, node.name, state, (_fact(pg, c, text),)))
    return Measure(items, recorded=bool(meets))


def public_communication(pg, ini) -> Measure:
    chans = _channels(pg, ini)
    items = [_by_status(pg, c, "Channel") for c in chans if _audience(pg.nodes[c]) in {"public", "both"}]
    return Measure(items, recorded=bool(chans))


# -- backbone support ------------------------------------------------------------------------------------------

def backbone_decided(pg, ini) -> Measure:
    items = []
    for b in _targets(pg, ini, "HAS_BACKBONE"):
        items.append(Item(b, _name(pg, b), "yes", (_fact(pg, b, f"{_name(pg, b)} is the backbone"),)))
    for s in _supports(pg, ini):
        model = pg.nodes[s].props.get("backboneModel") if s in pg.nodes else None
        if model:
            items.append(Item(s, _name(pg, s), "yes", (_fact(pg, s, f"Backbone arrangement: “{_clip(model)}”"),)))
    return Measure(items, recorded=bool(items))


def backbone_staff(pg, ini) -> Measure:
    items = []
    for s in _supports(pg, ini):
        for p in _targets(pg, s, "HAS_STAFF"):
            node = pg.nodes[p]
            n = node.props.get("staffCount")
            items.append(Item(p, node.name, "yes",
                              (_fact(pg, p, f"Backbone staff: {node.name}" + (f" ({n})" if n else "")),)))
    return Measure(items, recorded=bool(items))


def backbone_functions(pg, ini) -> Measure:
    functions = sorted(n.id for n in pg.by_label("BackboneFunction"))
    done: dict[str, list[str]] = {}
    for s in _supports(pg, ini):
        for f in _targets(pg, s, "PERFORMS_FUNCTION"):
            done.setdefault(f, []).append(s)
    items = [Item(f, _name(pg, f), "yes" if f in done else "no",
                  tuple(_fact(pg, s, f"The backbone performs “{_name(pg, f)}”") for s in done.get(f, [])))
             for f in functions]
    return Measure(items, recorded=bool(done))


def backbone_funded(pg, ini) -> Measure:
    items = []
    for m in _targets(pg, ini, "HAS_MEMBERSHIP"):
        if CI + "FunderRole" in _targets(pg, m, "ROLE"):
            for p in _targets(pg, m, "MEMBER"):
                items.append(Item(p, _name(pg, p), "yes", (_fact(pg, m, f"{_name(pg, p)} is a funder"),)))
    return Measure(items, recorded=bool(items))


def _clip(text, n: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


MEASURES = {f.__name__: f for f in (
    sectors_at_table, problem_and_vision, priorities_with_targets, plan_endorsed,
    shared_indicators, activities_measured, priorities_measured, evaluation_in_use,
    who_does_what, priorities_served, activities_coordinated, shared_priorities,
    partner_channels, regular_meetings, public_communication,
    backbone_decided, backbone_staff, backbone_functions, backbone_funded)}
