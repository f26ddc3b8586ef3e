"""A Collective-Impact progress checklist, answered from the evidence (``cigraph assess``).

The questions and their rules are data (``checklist.json`` beside this module): each names the condition,
the ``measure`` it reads (a function of :mod:`.measures`) and a ``rule`` (``all`` or ``any``). The answer is

* **yes** / **partly** / **no** from the measure's items and the rule (see ``checklist.json`` ``answers``);
* **not recorded** when the record holds nothing of the kind the question needs — a question to ask the
  initiative, never counted as a failure.

Each answer carries the facts behind it (with the source sections they cite) and what would change it.
Per condition, the answered questions give an **evidence level** (the mean of yes = 1, partly = ½, no = 0:
≥ ¾ Established, ≥ 0.4 Emerging, else Planned; at least two answered questions); where the record states a
maturity for the condition, a difference of a level or more is reported as a **disagreement**.

>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> pg = PropertyGraph([Node("i", ("Initiative",), {"name": "I"}), Node("p", ("Priority",), {"name": "Jobs"})],
...                    [Edge("p", "i", "PART_OF_INITIATIVE")])
>>> a = assess(pg, "i")
>>> [(q.id, q.answer) for q in a.answers if q.condition.endswith("MutuallyReinforcingActivitiesCondition")]
[('mr-who-does-what', 'not recorded'), ('mr-priorities-served', 'not recorded'), ('mr-coordinated', 'not recorded'), ('mr-shared-load', 'not recorded')]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from ...errors import DataError
from .measures import MEASURES, Fact, sources_of

__all__ = ["ANSWERS", "Answer", "ConditionVerdict", "Assessment", "checklist", "check_checklist", "assess",
           "answer",
           "assessment_rows", "ASSESS_COLUMNS"]

CI = "https://w3id.org/cigraph#"
ANSWERS = ("yes", "partly", "no", "not recorded")
CONDITIONS = ("CommonAgendaCondition", "SharedMeasurementCondition", "MutuallyReinforcingActivitiesCondition",
              "ContinuousCommunicationCondition", "BackboneSupportCondition")
_LEVELS = {1: "Planned", 2: "Emerging", 3: "Established"}
_SCORE = {"yes": 1.0, "partly": 0.5, "no": 0.0}
ASSESS_COLUMNS = ["initiative", "condition", "question_id", "question", "answer", "items", "facts", "sources",
                  "to_change", "stated_maturity", "evidence_level", "disagreement"]


@lru_cache(maxsize=1)
def checklist() -> dict:
    """The checklist (``checklist.json``), checked: every measure exists, every rule and condition is known."""
    from importlib import resources

    data = json.loads(resources.files(__name__).joinpath("checklist.json").read_text(encoding="utf-8"))
    return check_checklist(data)


def check_checklist(data: dict) -> dict:
    """``data`` if it is a usable checklist, else a :class:`DataError` naming the question and what is wrong."""
    seen = set()
    for q in data["questions"]:
        where = f"checklist.json question {q.get('id')!r}"
        if q["id"] in seen:
            raise DataError(f"{where}: the id is used twice.")
        seen.add(q["id"])
        if q["measure"] not in MEASURES:
            raise DataError(f"{where}: unknown measure {q['measure']!r}; known: {', '.join(sorted(MEASURES))}.")
        if q["rule"] not in data["answers"]:
            raise DataError(f"{where}: unknown rule {q['rule']!r}; use one of {', '.join(data['answers'])}.")
        if q["condition"] not in CONDITIONS:
            raise DataError(f"{where}: unknown condition {q['condition']!r}.")
        for r in q.get("references", []):
            if r not in data["references"]:
                raise DataError(f"{where}: unknown reference {r!r}.")
    return data


@dataclass(frozen=True)
class Answer:
    """One question answered for one initiative."""

    id: str
    condition: str
    condition_name: str
    question: str
    answer: str
    facts: tuple[Fact, ...]
    items: tuple[tuple[str, str], ...]        # (label, state) of every item the question looked at
    to_change: str
    references: tuple[str, ...]
    phase: str

    def to_dict(self) -> dict:
        return {"id": self.id, "condition": self.condition, "condition_name": self.condition_name,
                "question": self.question, "answer": self.answer, "phase": self.phase,
                "items": [{"label": label, "state": s} for label, s in self.items],
                "facts": [f.to_dict() for f in self.facts], "to_change": self.to_change,
                "references": list(self.references)}


@dataclass(frozen=True)
class ConditionVerdict:
    """Per condition: the stated maturity (if any), the evidence level, and whether they disagree."""

    condition: str
    condition_name: str
    stated: str | None
    stated_rank: int | None
    stated_sources: tuple[tuple[str, str], ...]
    evidence_level: str | None
    evidence_rank: int | None
    answered: int
    score: float | None
    disagreement: str | None

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["stated_sources"] = [{"iri": i, "title": t} for i, t in self.stated_sources]
        return d


@dataclass
class Assessment:
    initiative: str
    initiative_name: str
    answers: list[Answer] = field(default_factory=list)
    verdicts: list[ConditionVerdict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {a: sum(x.answer == a for x in self.answers) for a in ANSWERS}

    def to_dict(self) -> dict:
        return {"initiative": self.initiative, "initiative_name": self.initiative_name, "counts": self.counts(),
                "answers": [a.to_dict() for a in self.answers], "conditions": [v.to_dict() for v in self.verdicts]}


def answer(rule: str, states: list[str], recorded: bool) -> str:
    """The answer from the states of a question's items (see ``checklist.json``).

    >>> answer("all", ["yes", "no"], True), answer("all", ["yes"], True), answer("any", ["partly"], True)
    ('partly', 'yes', 'partly')
    >>> answer("any", [], True), answer("all", ["yes"], False)
    ('no', 'not recorded')
    """
    if not recorded:
        return "not recorded"
    if not states:
        return "no"
    if rule == "all":
        if all(s == "yes" for s in states):
            return "yes"
        return "partly" if any(s in ("yes", "partly") for s in states) else "no"
    if any(s == "yes" for s in states):
        return "yes"
    return "partly" if any(s == "partly" for s in states) else "no"


def _join(labels: list[str], limit: int = 4) -> str:
    labels = [f"“{x}”" if not x.endswith("sector") else x for x in labels]
    if len(labels) > limit:
        labels = labels[:limit] + [f"{len(labels) - limit} more"]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _to_change(q: dict, result: str, items, ini_name: str) -> str:
    if result == "yes":
        return ""
    if result == "not recorded":
        return f"Ask {ini_name}: nothing in the record answers this yet. Record what they say."
    missing = [it.label for it in items if it.state != "yes"]
    if not missing:
        return q.get("change_none") or q["change"]
    return q["change"].replace("{missing}", _join(missing))


def _stated(pg, ini) -> dict[str, tuple]:
    """condition local name -> (maturity name, rank, sources) of the latest practice the record states."""
    out = {}
    for pr in sorted(e.target for e in pg.out_edges(ini, "HAS_PRACTICE")):
        conds = [e.target for e in pg.out_edges(pr, "CONDITION")]
        mats = [pg.nodes[e.target] for e in pg.out_edges(pr, "MATURITY") if e.target in pg.nodes]
        if not conds or not mats:
            continue
        key = conds[0].rsplit("#", 1)[-1]
        when = str(pg.nodes[pr].props.get("assessedOn") or pg.nodes[pr].props.get("date") or "")
        rank = mats[0].props.get("rank")
        prev = out.get(key)
        if prev is None or when >= prev[3]:
            out[key] = (mats[0].name, rank if isinstance(rank, int) else None, sources_of(pg, pr), when)
    return out


def assess(pg, initiative: str) -> Assessment:
    """Answer the checklist for one initiative (name, short name or IRI)."""
    from ..network import resolve_initiative

    ini = resolve_initiative(pg, initiative)
    data = checklist()
    iname = pg.nodes[ini].name
    cond_names = {c: (pg.nodes[CI + c].name if CI + c in pg.nodes else c) for c in CONDITIONS}
    out = Assessment(ini, iname)
    for q in data["questions"]:
        m = MEASURES[q["measure"]](pg, ini)
        res = answer(q["rule"], [it.state for it in m.items], m.recorded)
        facts = tuple(f for it in m.items for f in it.facts)
        out.answers.append(Answer(q["id"], CI + q["condition"], cond_names[q["condition"]], q["question"], res,
                                  facts, tuple((it.label, it.state) for it in m.items),
                                  _to_change(q, res, m.items, iname), tuple(q.get("references", ())),
                                  q.get("phase", "")))
    stated = _stated(pg, ini)
    for c in CONDITIONS:
        scored = [_SCORE[a.answer] for a in out.answers if a.condition == CI + c and a.answer in _SCORE]
        score = round(sum(scored) / len(scored), 3) if len(scored) >= 2 else None
        ev_rank = None if score is None else (3 if score >= 0.75 else 2 if score >= 0.4 else 1)
        st = stated.get(c)
        s_name, s_rank, s_src = (st[0], st[1], st[2]) if st else (None, None, ())
        dis = None
        if s_rank is not None and ev_rank is not None and abs(s_rank - ev_rank) >= 1:
            n_yes = sum(a.answer == "yes" for a in out.answers if a.condition == CI + c)
            dis = (f"The record states {s_name}; the evidence points to {_LEVELS[ev_rank]} "
                   f"({n_yes} of {len(scored)} answered questions yes).")
        out.verdicts.append(ConditionVerdict(CI + c, cond_names[c], s_name, s_rank, s_src,
                                             _LEVELS.get(ev_rank) if ev_rank else None, ev_rank, len(scored),
                                             score, dis))
    return out


def assessment_rows(assessments: list[Assessment]) -> list[dict]:
    """Flat rows (one per initiative × question) for table, CSV and Markdown."""
    rows = []
    for a in assessments:
        verdict = {v.condition: v for v in a.verdicts}
        for q in a.answers:
            v = verdict[q.condition]
            rows.append({"initiative": a.initiative_name, "condition": q.condition_name, "question_id": q.id,
                         "question": q.question, "answer": q.answer,
                         "items": [f"{label}: {s}" for label, s in q.items],
                         "facts": [f.text for f in q.facts],
                         "sources": sorted({t for f in q.facts for _, t in f.sources}),
                         "to_change": q.to_change, "stated_maturity": v.stated or "",
                         "evidence_level": v.evidence_level or "", "disagreement": v.disagreement or ""})
    return rows
