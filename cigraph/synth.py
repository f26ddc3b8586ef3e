"""Synthetic Collective Impact networks with planted gaps, streamed as N-Triples.

``synthesize(out_dir, initiatives=N)`` writes initiatives in the cigraph
ontology that pass ``ontology/shapes.ttl`` (no Violation), one ``.nt`` file per
chunk of initiatives, never holding more than one initiative's triples in
memory, so it reaches 10 M triples in constant memory (the organization pool,
a few integers per organization, is the only state that grows).

Structure of each initiative (≈ 40 triples per member):

* **Members** drawn from one organization pool shared by all initiatives, by
  preferential attachment (an existing organization is picked with probability
  proportional to the number of initiatives it is already in): a few
  organizations end up in many initiatives, most in one (heavy tail).
  Sectors are mixed like the case studies; every initiative has at least one
  public, non-profit, private and community member.
* **Roles**: exactly one backbone, two co-chairs, a public lead agency, a funder
  and an evaluator where available, working-group leads; everyone else member.
  Each initiative also has its own ``ci:StakeholderGroup`` of residents with
  lived experience (community sector), an evaluation method developed by the
  evaluator, and the lead agency's endorsement of the strategy.
* **Agenda**: 3–7 priorities (each with a target and an outcome), one working
  group per priority (``focusesOn``, led by a member, the backbone sits on all)
  and a steering committee.
* **Activities**: members are put on a ring and activity *k* is performed by
  ring neighbours *k*, *k+1* (sometimes *k+2*): the collaboration network is a
  ring plus chords, hence 2-connected (no articulation point). Activities are
  dealt to priorities round-robin (≥ 2 per priority, so ≥ 2 performers), each is
  coordinated by its priority's working group, measured by its own indicator
  (``indicatorFor`` the priority's outcome) and some ``reinforces`` another
  activity of the same priority.
* **Backbone support** with staff and backbone functions, 2–4 channels, a
  strategy document, five condition practices (Emerging or Established, with
  evidence), and provenance on every node: a synthetic ``ci:SourceDocument``
  per initiative with one ``ci:SourceSection`` per topic.

So the unplanted data is gap-free under the rules of
:mod:`cigraph.analysis.gaps` (collaboration ties as in
:mod:`cigraph.analysis.network`: shared activities, working groups,
coordinating working groups, reinforcing links, leadership roles). With
``plant=True`` each initiative gets three planted gaps (initiative *i* gets
types ``(3i + i//3 + j) mod 9``, j = 0..2, so any three consecutive initiatives
cover all nine), each built so that it creates exactly the gap recorded for it
in ``planted-gaps.json`` and nothing else:

============================  ==================================================  ===============================
gap type                      how it is planted                                   subjects recorded
============================  ==================================================  ===============================
``uncovered_priority``        an extra priority (with target) no activity serves  the priority
``fragile_priority``          an extra priority served by one coordinated,        the priority, the performer
                              measured activity performed by one ring member
``unmeasured_activity``       an extra activity by the performers of an existing  the activity
                              one, same priority and working group, no indicator
``orphan_indicator``          an indicator nothing is measured by, with no        the indicator
                              ``indicatorFor``
``uncoordinated_activities``  an extra priority served by two activities of       both activities, the priority
                              disjoint ring-neighbour pairs, coordinated by two
                              different working groups, no reinforcing link
``isolated_partner``          a new member on no working group that performs      the member
                              nothing (even *i*) or only its own activity outside
                              the agenda, uncoordinated (odd *i*): no tie at all
``missing_sector``            no member from one top sector (nor a narrower one)  the sector
``single_point_of_failure``   an extra priority whose only activity and working   the cut member (backbone or a
                              group are shared by one existing member and one     ring member)
                              new member: the existing one becomes a cut vertex
``weak_condition``            one practice ``ci:Planned`` (even *i*) or without   the practice, its condition
                              ``ci:evidence`` (odd *i*; a SHACL warning only)
============================  ==================================================  ===============================

Knock-on effects were designed out: planted members never come from the
missing sector, hold no leadership role and sit on no shared working group;
planted activities are measured unless unmeasured is the point; every extra
priority has ≥ 2 performers unless fragility is the point.
``planted-gaps.json`` holds ``{"schema_version": 1, "seed", "initiatives",
"orgs_per_initiative", "gap_types", "gaps": [{"type", "initiative",
"subjects": [IRI, …]}]}``; a gap found by :func:`cigraph.analysis.gaps.find_gaps`
matches a planted one when type, initiative and the set of subject IRIs agree.

>>> import tempfile
>>> r = synthesize(tempfile.mkdtemp(), initiatives=3, orgs_per_initiative=12, seed=1)
>>> r.initiatives, sorted({g["type"] for g in r.planted}) == sorted(GAP_TYPES)
(3, True)
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

__all__ = ["synthesize", "SynthResult", "initiative_triples", "GAP_TYPES", "SYN_PREFIX", "triples_per_initiative"]

CI = "https://w3id.org/cigraph#"
CGD = "https://w3id.org/cigraph/id/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCT_PART = "http://purl.org/dc/terms/isPartOf"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: every synthetic IRI starts with this (``cgd:syn-…``)
SYN_PREFIX = CGD + "syn-"

GAP_TYPES = (
    "uncovered_priority", "fragile_priority", "unmeasured_activity", "orphan_indicator",
    "uncoordinated_activities", "isolated_partner", "missing_sector", "single_point_of_failure",
    "weak_condition",
)

TOP_SECTORS = ("PublicSector", "NonProfitSector", "PrivateSector", "CommunitySector")
# (sector, broader top sector, share of new organizations)
_SECTOR_MIX = (
    ("PublicSector", "PublicSector", 0.08), ("EducationSector", "PublicSector", 0.06),
    ("HealthSector", "PublicSector", 0.05), ("NonProfitSector", "NonProfitSector", 0.37),
    ("PhilanthropySector", "NonProfitSector", 0.07), ("PrivateSector", "PrivateSector", 0.22),
    ("CommunitySector", "CommunitySector", 0.11), ("IndigenousCommunity", "CommunitySector", 0.04),
)
_KINDS = {
    "PublicSector": ["City of {p}", "{p} County", "{p} Social Services Department", "{p} Housing Authority"],
    "EducationSector": ["{p} School Board", "{p} College", "{p} University"],
    "HealthSector": ["{p} Public Health", "{p} Community Health Centre"],
    "NonProfitSector": ["{p} Food Bank", "{p} Community Services", "{p} United Way", "{p} Legal Clinic",
                        "{p} Family Centre", "{p} Employment Network"],
    "PhilanthropySector": ["{p} Community Foundation", "{p} Family Foundation"],
    "PrivateSector": ["{p} Credit Union", "{p} Chamber of Commerce", "{p} Builders Ltd", "{p} Energy Co-op"],
    "CommunitySector": ["{p} Residents' Association", "{p} Lived Experience Circle", "{p} Tenants' Union"],
    "IndigenousCommunity": ["{p} Indigenous Friendship Centre", "{p} Métis Local"],
}
_PLACES = ["Northfield", "Riverside", "Eastgate", "Westbrook", "Lakeview", "Hillcrest", "Oakridge", "Maplewood",
           "Pinecrest", "Stonebridge", "Fairview", "Brookside", "Cedar Falls", "Ashford", "Kingsway", "Millbrook"]
_THEMES = ["Affordable housing", "Living-wage jobs", "Food security", "Early childhood", "Transit access",
           "Income supports", "Mental health", "Adult literacy", "Youth employment", "Financial empowerment",
           "Reconciliation", "Digital inclusion"]
_CONDITIONS = ("CommonAgendaCondition", "SharedMeasurementCondition", "MutuallyReinforcingActivitiesCondition",
               "ContinuousCommunicationCondition", "BackboneSupportCondition")
_FUNCTIONS = ("GuideVisionAndStrategy", "SupportAlignedActivities", "EstablishSharedMeasurement",
              "BuildPublicWill", "AdvancePolicy", "MobilizeFunding")
_SECTIONS = ("overview", "members", "agenda", "measurement", "activities", "communication", "backbone",
             "conditions")


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


class _Writer:
    """Collects the N-Triples lines of one initiative (then handed out and dropped)."""

    __slots__ = ("lines", "src", "doc")

    def __init__(self):
        self.lines: list[str] = []
        self.src = ""
        self.doc = ""

    def iri(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}> .\n")

    def lit(self, s: str, p: str, o, dt: str | None = None) -> None:
        if dt is None:
            self.lines.append(f'<{s}> <{p}> "{_esc(o)}" .\n')
        else:
            self.lines.append(f'<{s}> <{p}> "{o}"^^<{XSD}{dt}> .\n')

    def label(self, s: str, text: str) -> None:
        self.lines.append(f'<{s}> <{RDFS_LABEL}> "{_esc(text)}"@en .\n')

    def node(self, s: str, cls: str, label: str, section: str, name: str | None = None) -> None:
        """Type, label, optional ci:name and provenance: what every node needs."""
        self.iri(s, RDF_TYPE, CI + cls)
        self.label(s, label)
        if name is not None:
            self.lit(s, CI + "name", name)
        self.iri(s, PROV + "wasDerivedFrom", f"{self.src}-{section}")
        self.iri(s, PROV + "hadPrimarySource", self.doc)


@dataclass
class _Pool:
    """The organizations shared across initiatives: sector and participation count per organization.

    ``slots`` lists an organization once per initiative it is in, so a uniform
    pick from it is a pick proportional to participation (preferential attachment).
    """

    rng: random.Random
    sector: list[str] = field(default_factory=list)
    top: list[str] = field(default_factory=list)
    slots: list[int] = field(default_factory=list)
    by_top: dict[str, list[int]] = field(default_factory=lambda: {t: [] for t in TOP_SECTORS})

    def new(self, top: str | None = None, exclude: frozenset = frozenset()) -> int:
        choices = [m for m in _SECTOR_MIX if (top is None or m[1] == top) and m[1] not in exclude]
        sec, t, _ = self.rng.choices(choices, weights=[m[2] for m in choices])[0]
        self.sector.append(sec)
        self.top.append(t)
        return len(self.sector) - 1

    def pick(self, taken: set[int], *, top: str | None = None, exclude: frozenset = frozenset(),
             p_existing: float = 0.35) -> tuple[int, bool]:
        """An organization not in ``taken``: existing (by participation) or new. Returns (id, is_new)."""
        slots = self.by_top[top] if top else self.slots
        if slots and self.rng.random() < p_existing:
            for _ in range(8):
                o = slots[self.rng.randrange(len(slots))]
                if o not in taken and self.top[o] not in exclude:
                    return o, False
        return self.new(top, exclude), True

    def join(self, o: int) -> None:
        self.slots.append(o)
        self.by_top[self.top[o]].append(o)


GROUP = -1   # member id of an initiative's own stakeholder group


def _org_iri(o: int) -> str:
    return f"{SYN_PREFIX}org-{o:07d}"


def initiative_iri(i: int) -> str:
    return f"{SYN_PREFIX}{i:06d}"


def _plan(i: int, plant: bool) -> list[str]:
    if not plant:
        return []
    return [GAP_TYPES[(3 * i + i // 3 + j) % len(GAP_TYPES)] for j in range(3)]


def initiative_triples(i: int, rng: random.Random, pool: _Pool, m: int, plant: bool,
                       planted: list[dict], seed: int = 0) -> list[str]:
    """N-Triples lines of initiative ``i`` (and of the organizations it brings into the pool)."""
    w = _Writer()
    ini = initiative_iri(i)
    code = f"syn-{i:06d}"
    w.doc, w.src = f"{ini}-src", f"{ini}-src"
    gaps = _plan(i, plant)
    place = _PLACES[i % len(_PLACES)] + (f" {i // len(_PLACES) + 1}" if i >= len(_PLACES) else "")
    title = f"{place} Poverty Reduction Collaborative"

    # -- source document and sections --------------------------------------------
    w.iri(w.doc, RDF_TYPE, CI + "SourceDocument")
    w.label(w.doc, f"Synthetic profile of the {title}")
    w.lit(w.doc, "http://purl.org/dc/terms/title", f"Synthetic profile of the {title}")
    w.lit(w.doc, CI + "fileName", f"synthetic/{code}.txt")
    for s in _SECTIONS:
        sec = f"{w.src}-{s}"
        w.iri(sec, RDF_TYPE, CI + "SourceSection")
        w.iri(sec, DCT_PART, w.doc)
        w.label(sec, f"{title} / {s}")
        w.lit(sec, CI + "sectionTitle", s.capitalize())

    # -- members ---------------------------------------------------------------------
    missing = ""
    if "missing_sector" in gaps:
        missing = rng.choice(TOP_SECTORS)
    exclude = frozenset([missing]) if missing else frozenset()
    n_members = max(8, int(m * rng.uniform(0.6, 1.4)))
    members: list[int] = []
    taken: set[int] = set()
    new_orgs: list[int] = []

    def add_member(top: str | None = None) -> int:
        o, is_new = pool.pick(taken, top=top, exclude=exclude)
        taken.add(o)
        members.append(o)
        if is_new:
            new_orgs.append(o)
        return o

    for top in TOP_SECTORS:                    # every expected sector at the table
        if top != missing:
            add_member(top)
    while len(members) < n_members:
        add_member()
    rng.shuffle(members)

    # planted extra members (never from the missing sector)
    isolated = add_member() if "isolated_partner" in gaps else None
    cut_leaf = add_member() if "single_point_of_failure" in gaps else None
    core = [o for o in members if o not in (isolated, cut_leaf)]
    group_iri = f"{ini}-group-lived-experience"

    def P(o: int) -> str:
        """IRI of a participant: a pool organization, or (``GROUP``) this initiative's stakeholder group."""
        return group_iri if o == GROUP else _org_iri(o)
    for o in members:
        pool.join(o)

    for o in new_orgs:
        sec = pool.sector[o]
        oi = _org_iri(o)
        name = rng.choice(_KINDS[sec]).format(p=rng.choice(_PLACES)) + f" ({o})"
        w.node(oi, "Organization", name, "members", name)
        w.iri(oi, CI + "inSector", CI + sec)

    # roles
    roles: dict[int, set[str]] = {o: set() for o in members}
    nonprofit = [o for o in core if pool.top[o] == "NonProfitSector"] or core
    backbone = rng.choice(nonprofit)
    roles[backbone].add("BackboneRole")
    for o in rng.sample([o for o in core if o != backbone], 2):
        roles[o].add("CoChairRole")
    public = [o for o in core if pool.top[o] == "PublicSector"]
    lead = rng.choice(public) if public else None
    if lead is not None:
        roles[lead].add("LeadAgencyRole")
    funders = [o for o in core if pool.sector[o] == "PhilanthropySector"]
    if funders:
        roles[rng.choice(funders)].add("FunderRole")
    evaluators = [o for o in core if pool.sector[o] == "EducationSector"]
    if evaluators:
        roles[rng.choice(evaluators)].add("EvaluatorRole")

    # -- agenda: priorities, targets, outcomes ------------------------------------------
    n_pri = min(len(core) // 2, rng.randint(3, 7))
    themes = rng.sample(_THEMES, n_pri + 4)
    agenda = f"{ini}-agenda"
    pri = [f"{ini}-priority-{k + 1}" for k in range(n_pri)]

    def priority(p: str, theme: str) -> None:
        w.node(p, "Priority", f"{theme} ({title})", "agenda", theme)
        w.lit(p, CI + "goalStatement", f"Make measurable progress on {theme.lower()} in {place}.")
        w.iri(p, CI + "partOfInitiative", ini)
        w.iri(agenda, CI + "hasPriority", p)
        t = f"{p}-target"
        w.node(t, "Target", f"Target for {theme.lower()} ({title})", "agenda")
        w.lit(t, CI + "targetValue", rng.randrange(50, 5000, 50), "integer")
        w.lit(t, CI + "targetUnit", "residents")
        w.iri(p, CI + "hasTarget", t)

    def outcome(p: str, theme: str) -> str:
        oc = f"{p}-outcome"
        w.node(oc, "Outcome", f"Better {theme.lower()} outcomes ({title})", "measurement")
        w.iri(oc, CI + "forPriority", p)
        w.iri(oc, CI + "partOfInitiative", ini)
        return oc

    w.node(agenda, "CommonAgenda", f"{title} common agenda", "agenda")
    w.lit(agenda, CI + "vision", f"A {place} where no one lives in poverty.")
    w.lit(agenda, CI + "problemDefinition", f"Poverty in {place} has many causes no single organization can address.")
    outcomes = [outcome(p, themes[k]) for k, p in enumerate(pri)]
    for k, p in enumerate(pri):
        priority(p, themes[k])

    # a group of residents with lived experience takes part as a group (community sector)
    if missing != "CommunitySector":
        name = f"Residents with lived experience of poverty ({place})"
        w.node(group_iri, "StakeholderGroup", name, "members", name)
        w.iri(group_iri, CI + "inSector", CI + "CommunitySector")
        roles[GROUP] = set()
        core_ring = list(core) + [GROUP]
    else:
        core_ring = list(core)

    # -- activities on a ring of the core members ------------------------------------------
    ring = core_ring
    rng.shuffle(ring)
    n = len(ring)
    performers: list[list[int]] = []
    for k in range(n):
        ps = [ring[k], ring[(k + 1) % n]]
        if n > 3 and rng.random() < 0.3:
            ps.append(ring[(k + 2) % n])
        performers.append(ps)
    extra = rng.randint(0, max(1, n // 5))     # extra activities among ring neighbours
    for _ in range(extra):
        k = rng.randrange(n)
        performers.append([ring[k], ring[(k + 1) % n]])
    acts: list[tuple[str, int, list[int]]] = []  # (iri, priority index, performers)
    order = list(range(len(performers)))
    rng.shuffle(order)
    for j, a in enumerate(order):
        acts.append((f"{ini}-act-{j + 1}", j % n_pri, performers[a]))

    wgs = [f"{ini}-wg-{k + 1}" for k in range(n_pri)]
    wg_members: list[set[int]] = [{backbone} for _ in range(n_pri)]
    for a, k, ps in acts:
        wg_members[k].update(ps)
    wg_lead = [rng.choice(sorted(ms - {backbone}) or sorted(ms)) for ms in wg_members]
    for o in wg_lead:
        roles[o].add("WorkingGroupLeadRole")

    def activity(a: str, name: str, p: str | None, ps: list[int], wg: str | None, measured: bool,
                 outcome_iri: str | None) -> None:
        w.node(a, "Activity", f"{name} ({title})", "activities", name)
        w.iri(a, CI + "partOfInitiative", ini)
        if p:
            w.iri(a, CI + "serves", p)
        for o in ps:
            w.iri(a, CI + "performedBy", P(o))
        if wg:
            w.iri(a, CI + "coordinatedBy", wg)
        if outcome_iri:
            w.iri(a, CI + "canProduce", outcome_iri)
        if measured:
            ind = f"{a}-ind"
            w.node(ind, "Indicator", f"Indicator: {name.lower()} ({title})", "measurement", f"Reach of {name.lower()}")
            w.iri(ind, CI + "partOfInitiative", ini)
            if outcome_iri:
                w.iri(ind, CI + "indicatorFor", outcome_iri)
            w.iri(a, CI + "measuredBy", ind)

    by_pri: dict[int, list[str]] = {}
    for a, k, ps in acts:
        activity(a, f"{themes[k]} programme {a.rsplit('-', 1)[1]}", pri[k], ps, wgs[k], True, outcomes[k])
        by_pri.setdefault(k, []).append(a)
    for k, alist in by_pri.items():            # some reinforcing links inside a priority
        for a, b in zip(alist, alist[1:]):
            if rng.random() < 0.3:
                w.iri(a, CI + "reinforces", b)

    for k, wg in enumerate(wgs):
        w.node(wg, "WorkingGroup", f"{themes[k]} working group ({title})", "activities", f"{themes[k]} working group")
        w.iri(wg, CI + "partOfInitiative", ini)
        w.iri(wg, CI + "focusesOn", pri[k])
        w.iri(wg, CI + "ledBy", P(wg_lead[k]))
        for o in sorted(wg_members[k]):
            w.iri(wg, CI + "hasMember", P(o))
    steering = f"{ini}-wg-steering"
    w.node(steering, "WorkingGroup", f"Steering committee ({title})", "backbone", "Steering committee")
    w.iri(steering, CI + "partOfInitiative", ini)
    w.iri(steering, CI + "ledBy", P(backbone))
    for o in sorted(o for o in core if roles[o] & {"BackboneRole", "CoChairRole", "LeadAgencyRole"}):
        w.iri(steering, CI + "hasMember", P(o))

    # -- planted gaps -----------------------------------------------------------------------
    def record(gtype: str, subjects: list[str], **extra_fields) -> None:
        planted.append({"type": gtype, "initiative": ini, "subjects": sorted(subjects), **extra_fields})

    def ring_pair(avoid: set[int]) -> list[int]:
        for _ in range(100):
            k = rng.randrange(n)
            pair = [ring[k], ring[(k + 1) % n]]
            if not avoid & set(pair):
                return pair
        raise ValueError(f"initiative {i}: too few members to plant gaps; use more organizations per initiative")

    extra_pri = n_pri
    for gtype in gaps:
        if gtype == "uncovered_priority":
            p = f"{ini}-priority-{extra_pri + 1}"
            priority(p, themes[extra_pri])
            extra_pri += 1
            record(gtype, [p])
        elif gtype == "fragile_priority":
            p = f"{ini}-priority-{extra_pri + 1}"
            priority(p, themes[extra_pri])
            oc = outcome(p, themes[extra_pri])
            extra_pri += 1
            solo = rng.choice(ring)
            k = next(k for k, ms in enumerate(wg_members) if solo in ms)
            activity(f"{ini}-act-solo", f"{themes[extra_pri - 1]} pilot", p, [solo], wgs[k], True, oc)
            record(gtype, [p, P(solo)])
        elif gtype == "unmeasured_activity":
            k = rng.randrange(n_pri)
            # performers of an existing activity of the priority: already tied, already on its working group
            ps = next(ps for _a, kk, ps in acts if kk == k)[:2]
            a = f"{ini}-act-unmeasured"
            activity(a, f"{themes[k]} outreach", pri[k], ps, wgs[k], False, outcomes[k])
            record(gtype, [a])
        elif gtype == "orphan_indicator":
            ind = f"{ini}-ind-orphan"
            w.node(ind, "Indicator", f"Indicator nobody reports on ({title})", "measurement", "Unused indicator")
            w.iri(ind, CI + "partOfInitiative", ini)
            record(gtype, [ind])
        elif gtype == "uncoordinated_activities":
            p = f"{ini}-priority-{extra_pri + 1}"
            theme = themes[extra_pri]
            priority(p, theme)
            oc = outcome(p, theme)
            extra_pri += 1
            first = ring_pair(set())
            second = ring_pair(set(first))
            ka, kb = rng.sample(range(n_pri), 2)
            a1, a2 = f"{ini}-act-dup-1", f"{ini}-act-dup-2"
            activity(a1, f"{theme} drop-in", p, first, wgs[ka], True, oc)
            activity(a2, f"{theme} helpline", p, second, wgs[kb], True, oc)
            record(gtype, [a1, a2, p])
        elif gtype == "isolated_partner":
            o = isolated
            if i % 2 == 1:
                # performs one activity alone, outside the agenda and uncoordinated: no tie to anyone
                activity(f"{ini}-act-alone", "Own programme outside the agenda", None, [o], None, True, None)
            record(gtype, [P(o)])
        elif gtype == "missing_sector":
            record(gtype, [CI + missing])
        elif gtype == "single_point_of_failure":
            # a new priority whose only activity and working group are shared by an existing
            # member (the cut vertex) and a new member: the new member's only tie is to the anchor
            anchor = backbone if rng.random() < 0.5 else rng.choice(ring)
            p = f"{ini}-priority-{extra_pri + 1}"
            theme = themes[extra_pri]
            priority(p, theme)
            oc = outcome(p, theme)
            extra_pri += 1
            wg = f"{ini}-wg-mentoring"
            w.node(wg, "WorkingGroup", f"{theme} mentoring circle ({title})", "activities",
                   f"{theme} mentoring circle")
            w.iri(wg, CI + "partOfInitiative", ini)
            w.iri(wg, CI + "focusesOn", p)
            w.iri(wg, CI + "ledBy", P(anchor))
            w.iri(wg, CI + "hasMember", P(anchor))
            w.iri(wg, CI + "hasMember", P(cut_leaf))
            activity(f"{ini}-act-spof", f"{theme} mentoring", p, [anchor, cut_leaf], wg, True, oc)
            record(gtype, [P(anchor)])
    # -- memberships ---------------------------------------------------------------------------
    for o in sorted(members) + ([GROUP] if GROUP in roles else []):
        ms = f"{ini}-m-{o:07d}" if o != GROUP else f"{ini}-m-group"
        rs = sorted(roles[o]) or ["MemberRole"]
        w.node(ms, "Membership", f"{P(o).rsplit('/', 1)[1]}: {', '.join(r[:-4].lower() for r in rs)} of the {title}",
               "members")
        w.iri(ms, ORG + "member", P(o))
        w.iri(ms, ORG + "organization", ini)
        for r in rs:
            w.iri(ms, ORG + "role", CI + r)

    # -- initiative ------------------------------------------------------------------------------
    w.node(ini, "Initiative", title, "overview", title)
    w.lit(ini, CI + "shortName", code.upper())
    w.lit(ini, CI + "location", place)
    w.lit(ini, CI + "country", "CA" if i % 3 else "US")
    w.lit(ini, CI + "foundedYear", 2005 + rng.randrange(18), "integer")
    w.lit(ini, CI + "memberCount", len(members), "integer")
    w.lit(ini, CI + "description", f"Synthetic Collective Impact initiative {i} (seed {seed}).")
    w.iri(ini, CI + "partOfNetwork", f"{SYN_PREFIX}network")
    w.iri(ini, CI + "hasCommonAgenda", agenda)
    doc = f"{ini}-strategy"
    w.node(doc, "StrategyDocument", f"{title} strategy", "agenda", f"{place} poverty reduction strategy")
    w.lit(doc, CI + "documentType", "strategy")
    w.lit(doc, CI + "year", 2015 + rng.randrange(10), "integer")
    w.iri(doc, CI + "partOfInitiative", ini)
    w.iri(agenda, CI + "hasStrategyDocument", doc)
    ev = f"{ini}-method-1"
    w.node(ev, "EvaluationMethod", f"Shared measurement framework ({title})", "measurement",
           "Shared measurement framework")
    w.lit(ev, CI + "status", rng.choice(["in use", "in development"]))
    w.iri(ev, CI + "partOfInitiative", ini)
    evaluator = next((o for o in core if "EvaluatorRole" in roles[o]), backbone)
    w.iri(ev, CI + "developedBy", P(evaluator))
    w.iri(ini, CI + "usesMethod", ev)
    if lead is not None:
        en = f"{ini}-endorsement-1"
        w.node(en, "Endorsement", f"Council endorsement of the {title} strategy", "agenda")
        w.iri(en, CI + "endorser", P(lead))
        w.iri(en, CI + "endorses", doc)
        w.lit(en, CI + "year", 2015 + rng.randrange(10), "integer")
        w.iri(ini, CI + "hasEndorsement", en)

    # -- channels ---------------------------------------------------------------------------------
    for c in range(rng.randint(2, 4)):
        ch = f"{ini}-channel-{c + 1}"
        if c == 0:
            w.node(ch, "Meeting", f"Partner meetings ({title})", "communication", "Partner meetings")
            w.lit(ch, CI + "cadence", rng.choice(["monthly", "bi-monthly", "quarterly"]))
            w.lit(ch, CI + "channelType", "meeting")
            w.lit(ch, CI + "audience", "internal")
        else:
            kind = rng.choice(["website", "newsletter", "social media", "report"])
            w.node(ch, "CommunicationChannel", f"{kind.capitalize()} ({title})", "communication", kind.capitalize())
            w.lit(ch, CI + "channelType", kind)
            w.lit(ch, CI + "audience", rng.choice(["public", "both"]))
        w.iri(ch, CI + "partOfInitiative", ini)
        w.iri(ini, CI + "hasChannel", ch)

    # -- backbone support --------------------------------------------------------------------------
    bb = f"{ini}-backbone"
    w.node(bb, "BackboneSupport", f"{title} backbone support", "backbone")
    w.lit(bb, CI + "backboneModel", "Dedicated backbone organization")
    w.iri(bb, CI + "providedBy", P(backbone))
    w.iri(ini, CI + "hasBackboneSupport", bb)
    for f in sorted(rng.sample(_FUNCTIONS, rng.randint(3, 6))):
        w.iri(bb, CI + "performsFunction", CI + f)
        w.lit(bb, CI + "task", f"Evidence of {f}: see the synthetic profile.")
    for s in range(rng.randint(1, 2)):
        st = f"{bb}-staff-{s + 1}"
        w.node(st, "StaffPosition", f"{'Coordinator' if s == 0 else 'Data analyst'} ({title})", "backbone")
        w.lit(st, CI + "staffCount", 1, "integer")
        w.lit(st, CI + "timeCommitment", "full-time" if s == 0 else "part-time")
        w.iri(st, CI + "employedBy", P(backbone))
        w.iri(bb, CI + "hasStaff", st)

    # -- the five conditions -----------------------------------------------------------------------
    weak = rng.randrange(5) if "weak_condition" in gaps else None
    for c, cond in enumerate(_CONDITIONS):
        pr = f"{ini}-practice-{c + 1}"
        w.node(pr, "ConditionPractice", f"{title}: {cond[:-9]}", "conditions")
        w.iri(pr, CI + "practiceOf", ini)
        w.iri(pr, CI + "condition", CI + cond)
        level = rng.choice(["Emerging", "Established"])
        evidence = True
        if c == weak:
            if i % 2 == 0:
                level = "Planned"
            else:
                evidence = False
        w.iri(pr, CI + "maturity", CI + level)
        if evidence:
            w.lit(pr, CI + "evidence", f"The synthetic profile describes {cond[:-9].lower()} as {level.lower()}.")
        if c == weak:
            record("weak_condition", [pr, CI + cond])
    return w.lines


def _network_triples() -> list[str]:
    w = _Writer()
    net = f"{SYN_PREFIX}network"
    w.doc, w.src = f"{SYN_PREFIX}network-src", f"{SYN_PREFIX}network-src"
    w.iri(w.doc, RDF_TYPE, CI + "SourceDocument")
    w.label(w.doc, "Synthetic network description")
    sec = f"{w.src}-overview"
    w.iri(sec, RDF_TYPE, CI + "SourceSection")
    w.iri(sec, DCT_PART, w.doc)
    w.label(sec, "Synthetic network description / overview")
    w.node(net, "Network", "Synthetic network of poverty-reduction collaboratives", "overview",
           "Synthetic network of poverty-reduction collaboratives")
    return w.lines


def iter_initiatives(initiatives: int, *, orgs_per_initiative: int = 50, seed: int = 0, plant: bool = True,
                     planted: list | None = None, pool: _Pool | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(i, lines)`` per initiative, lazily; ``planted`` collects the planted gaps."""
    rng = random.Random(seed)
    pool = pool if pool is not None else _Pool(random.Random(seed + 1))
    planted = planted if planted is not None else []
    for i in range(initiatives):
        yield i, initiative_triples(i, rng, pool, orgs_per_initiative, plant, planted, seed)


@dataclass
class SynthResult:
    out_dir: Path
    files: list[Path]
    triples: int
    initiatives: int
    organizations: int
    memberships: int
    planted: list[dict]
    sidecar: Path | None
    seconds: float
    max_initiatives_per_org: int = 0


def triples_per_initiative(orgs_per_initiative: int = 50) -> int:
    """About how many triples one initiative takes (to size a run), measured on a sample."""
    planted: list = []
    lines = sum(len(ls) for _, ls in iter_initiatives(20, orgs_per_initiative=orgs_per_initiative, seed=12345,
                                                      planted=planted))
    return max(1, lines // 20)


def synthesize(out_dir, *, initiatives: int, orgs_per_initiative: int = 50, seed: int = 0, plant: bool = True,
               chunk_size: int = 50, progress: Callable[[int, int, int], None] | None = None) -> SynthResult:
    """Write ``initiatives`` synthetic initiatives as N-Triples files under ``out_dir``.

    Files: ``synth-network.nt`` (the shared network) and ``synth-NNNNN.nt`` per
    ``chunk_size`` initiatives; ``planted-gaps.json`` (the ground truth) when
    ``plant``. Existing ``synth-*.nt`` files in ``out_dir`` are removed first.
    Files are written under a temporary name and renamed when complete, so an
    interrupted run never leaves a half-written ``.nt`` file behind.
    ``progress(done, total, triples)`` is called after each initiative.
    """
    if initiatives < 1:
        raise ValueError("initiatives must be at least 1")
    if orgs_per_initiative < 8:
        raise ValueError("orgs_per_initiative must be at least 8 (planted gaps need a few members)")
    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("synth-*.nt")) + list(out.glob(".synth-*.tmp")):
        old.unlink()
    planted: list[dict] = []
    pool = _Pool(random.Random(seed + 1))
    files: list[Path] = []
    total = 0

    def write(name: str, chunks: Iterator[list[str]]) -> int:
        path = out / name
        tmp = out / f".{name}.tmp"
        count = 0
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            for lines in chunks:
                f.writelines(lines)
                count += len(lines)
        tmp.replace(path)
        files.append(path)
        return count

    total += write("synth-network.nt", iter([_network_triples()]))
    gen = iter_initiatives(initiatives, orgs_per_initiative=orgs_per_initiative, seed=seed, plant=plant,
                           planted=planted, pool=pool)
    done = 0

    def chunk() -> Iterator[list[str]]:
        nonlocal done, total
        for _ in range(min(chunk_size, initiatives - done)):
            _i, lines = next(gen)
            done += 1
            total += len(lines)
            if progress:
                progress(done, initiatives, total)
            yield lines

    for c in range(0, initiatives, chunk_size):
        write(f"synth-{c // chunk_size:05d}.nt", chunk())
    sidecar = None
    if plant:
        sidecar = out / "planted-gaps.json"
        sidecar.write_text(json.dumps({
            "schema_version": 1, "seed": seed, "initiatives": initiatives,
            "orgs_per_initiative": orgs_per_initiative, "gap_types": list(GAP_TYPES),
            "gaps": sorted(planted, key=lambda g: (g["initiative"], g["type"], g["subjects"])),
        }, indent=1))
    counts: dict[int, int] = {}
    for o in pool.slots:
        counts[o] = counts.get(o, 0) + 1
    return SynthResult(out, files, total, initiatives, len(pool.sector), len(pool.slots), planted, sidecar,
                       time.perf_counter() - t0, max(counts.values()) if counts else 0)
