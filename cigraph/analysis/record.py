"""What the record holds: per initiative and condition, which of the model's parts have any facts.

A judgement about a condition (its maturity, a gap) rests on facts of certain
kinds: shared measurement on indicators, what they are tied to, which indicator
measures which activity, how the work is evaluated. Those kinds are the
condition's **parts**, listed as data in ``record_parts.csv`` (one row per part:
condition, part id, label, where to start, a path over the property graph, and
the question to ask when the record has nothing). A part *has facts* for an
initiative when its path reaches at least one node from the initiative's scope
(:func:`cigraph.analysis.network.scope`).

Paths are written as steps separated by spaces, each step ``>TYPE`` (follow an
outgoing edge) or ``<TYPE`` (an incoming one), alternatives joined by ``|``, an
optional ``:Label`` keeping only nodes with that label, and a trailing ``?``
making the step optional. ``start`` is ``initiative`` or a scope set
(``priorities``, ``activities``, ``working_groups``, ``indicators``,
``outcomes``, ``members``, ``practices``); an empty path counts the start set.

``gap_basis.csv`` says, per gap type, which condition it belongs to, which parts
must be empty for the gap to be *not recorded*, whether a recorded maturity of
Planned for that condition *states* the gap, and the question to ask the
initiative (see :mod:`cigraph.analysis.gaps`).

Examples
--------
>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> pg = PropertyGraph([Node("i", ("Initiative",)), Node("x", ("Activity",)), Node("o", ("Organization",))],
...                    [Edge("x", "i", "PART_OF_INITIATIVE"), Edge("o", "x", "PERFORMS")])
>>> f = part_facts(pg, "i")
>>> f["activities"], f["activity_performers"], f["activity_measures"]
(1, 1, 0)
>>> c = completeness(pg, "i")["https://w3id.org/cigraph#MutuallyReinforcingActivitiesCondition"]
>>> c.recorded, c.total, c.missing[:2]
(2, 6, ('activity_priorities', 'working_groups'))
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass

from ..errors import CigraphError

__all__ = ["Part", "GapBasisRule", "Completeness", "parts", "gap_basis_rules", "part_facts", "completeness",
           "START_SETS"]

CI = "https://w3id.org/cigraph#"
START_SETS = ("initiative", "priorities", "activities", "working_groups", "indicators", "outcomes", "members",
              "practices")


@dataclass(frozen=True)
class Step:
    alternatives: tuple[tuple[str, str], ...]   # (">" or "<", edge type)
    label: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class Part:
    """One part of the model for a condition (a row of ``record_parts.csv``)."""

    condition: str          # IRI
    id: str
    label: str
    start: str
    path: str
    question: str
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class GapBasisRule:
    """How the basis of one gap type is decided (a row of ``gap_basis.csv``)."""

    gap_type: str
    condition: str | None   # IRI
    needs: tuple[str, ...]  # part ids: all without facts -> not recorded
    stated_when_planned: bool
    question: str


def _read(name: str) -> list[dict]:
    from importlib import resources

    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _parse_path(path: str, where: str) -> tuple[Step, ...]:
    steps = []
    for raw in path.split():
        optional = raw.endswith("?")
        raw = raw.rstrip("?")
        label = None
        if ":" in raw:
            raw, label = raw.split(":", 1)
        alts = []
        for alt in raw.split("|"):
            if len(alt) < 2 or alt[0] not in "<>" or not alt[1:].replace("_", "").isalnum():
                raise CigraphError(f"{where}: bad path step {alt!r}: write >TYPE or <TYPE (alternatives with |).")
            alts.append((alt[0], alt[1:]))
        steps.append(Step(tuple(alts), label, optional))
    return tuple(steps)


@functools.cache
def parts() -> tuple[Part, ...]:
    """The parts of every condition, in the order of ``record_parts.csv``."""
    out, seen = [], set()
    for n, row in enumerate(_read("record_parts.csv"), start=2):
        where = f"cigraph/analysis/record_parts.csv line {n}"
        if row["start"] not in START_SETS:
            raise CigraphError(f"{where}: start {row['start']!r} is not one of {', '.join(START_SETS)}.")
        if row["part"] in seen:
            raise CigraphError(f"{where}: part {row['part']!r} is listed twice.")
        seen.add(row["part"])
        out.append(Part(CI + row["condition"], row["part"], row["label"], row["start"], row["path"],
                        row["question"], _parse_path(row["path"], where)))
    return tuple(out)


@functools.cache
def gap_basis_rules() -> dict[str, GapBasisRule]:
    """Per gap type, the rule deciding its basis (``gap_basis.csv``)."""
    known = {p.id for p in parts()}
    out = {}
    for n, row in enumerate(_read("gap_basis.csv"), start=2):
        needs = tuple(x for x in row["needs"].split("|") if x)
        bad = [x for x in needs if x not in known]
        if bad:
            raise CigraphError(f"cigraph/analysis/gap_basis.csv line {n}: unknown part(s) {bad}.")
        out[row["gap_type"]] = GapBasisRule(row["gap_type"], CI + row["condition"] if row["condition"] else None,
                                            needs, row["stated_when_planned"] == "yes", row["question"])
    return out


def _start(pg, initiative: str, sc, name: str) -> set[str]:
    if name == "initiative":
        return {initiative}
    return set(getattr(sc, name))


def _walk(pg, nodes: set[str], steps) -> set[str]:
    for st in steps:
        nxt: set[str] = set()
        for d, t in st.alternatives:
            for n in nodes:
                if d == ">":
                    nxt.update(e.target for e in pg.out_edges(n, t))
                else:
                    nxt.update(e.source for e in pg.in_edges(n, t))
        if st.label:
            nxt = {n for n in nxt if n in pg.nodes and st.label in pg.nodes[n].labels}
        nodes = nxt | nodes if st.optional else nxt
    return nodes


def part_facts(pg, initiative: str, sc=None) -> dict[str, int]:
    """Per part id, how many distinct things the record holds for it (0 = nothing recorded)."""
    from .network import scope

    sc = sc if sc is not None else scope(pg, initiative)
    out = {}
    for p in parts():
        start = _start(pg, initiative, sc, p.start)
        reached = _walk(pg, start, p.steps) if p.steps else start
        # an optional first step must not count the start itself as a fact
        if p.steps and p.steps[0].optional:
            reached = reached - start
        out[p.id] = len(reached)
    return out


@dataclass(frozen=True)
class Completeness:
    """How much of one condition's record holds facts for one initiative."""

    initiative: str
    condition: str
    recorded: int               # parts with at least one fact
    total: int                  # parts of the condition
    facts: dict                 # part id -> count
    missing: tuple[str, ...]    # part ids without facts

    @property
    def share(self) -> float:
        return self.recorded / self.total if self.total else 0.0

    def to_dict(self) -> dict:
        return {"recorded": self.recorded, "total": self.total, "share": round(self.share, 4),
                "facts": dict(self.facts), "missing": list(self.missing)}


def completeness(pg, initiative: str, sc=None, facts: dict | None = None) -> dict[str, Completeness]:
    """Per condition IRI, which of its parts have facts for ``initiative`` (an IRI)."""
    facts = facts if facts is not None else part_facts(pg, initiative, sc)
    by_cond: dict[str, list[Part]] = {}
    for p in parts():
        by_cond.setdefault(p.condition, []).append(p)
    out = {}
    for cond, ps in by_cond.items():
        got = {p.id: facts[p.id] for p in ps}
        missing = tuple(p.id for p in ps if not facts[p.id])
        out[cond] = Completeness(initiative, cond, len(ps) - len(missing), len(ps), got, missing)
    return out
