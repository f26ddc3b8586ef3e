"""The condition scorecard: initiative × the five conditions of Collective Impact.

Each row holds the maturity recorded in the data (``HAS_PRACTICE`` /
``CONDITION`` / ``MATURITY``, with whether the practice cites evidence), the
**record completeness** beside it (how many of the condition's parts, listed as
data in ``record_parts.csv``, have any fact for the initiative: see
:mod:`cigraph.analysis.record`), so a reader sees how much of the judgement
rests on evidence, and signals computed from the graph. With ontology 0.2 facts
(:mod:`cigraph.analysis.over_time`) the maturity is the latest of several dated
assessments (``history``, ``maturity_change``), and the shared-measurement row
carries each observed indicator's trend (first -> latest, toward its target or not):

================================  ==============================================================
condition                         signals
================================  ==============================================================
Common agenda                     priorities, priorities_covered (share served by an activity,
                                  directly or via a sub-priority), strategy_documents,
                                  endorsements, has_vision
Shared measurement                indicators, indicators_per_priority, activities_measured
                                  (share with ``MEASURED_BY``), outcomes, evaluation_methods
Mutually reinforcing activities   activities, working_groups, reinforces_links,
                                  reinforcement_ratio (mean over priorities with two or more
                                  participants), fragile_priorities, uncoordinated_pairs
Continuous communication          channels, meetings, channel_types
Backbone support                  backbones, backbone_staff (sum of ``staffCount``, 1 when
                                  absent), backbone_rank / backbone_percentile (best backbone,
                                  by degree), functions_covered (of 6), governance
================================  ==============================================================

Examples
--------
>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> ca = "https://w3id.org/cigraph#CommonAgendaCondition"
>>> pg = PropertyGraph(
...     [Node("i", ("Initiative",), {"name": "I"}), Node(ca, ("Condition",), {"name": "Common agenda"}),
...      Node("pr", ("ConditionPractice",), {"evidence": "a plan"}),
...      Node("m", ("MaturityLevel",), {"name": "Emerging", "rank": 2})],
...     [Edge("i", "pr", "HAS_PRACTICE"), Edge("pr", ca, "CONDITION"), Edge("pr", "m", "MATURITY")])
>>> rows = scorecard(pg).rows
>>> [(r.condition_name, r.maturity, r.maturity_rank, r.evidence) for r in rows][:2]
[('Common agenda', 'Emerging', 2, True), ('Shared measurement', None, None, False)]
>>> rows[0].completeness["recorded"], rows[0].completeness["total"]
(0, 8)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .network import initiatives, resolve_initiative, scope

__all__ = ["ConditionScore", "Scorecard", "scorecard"]

CI = "https://w3id.org/cigraph#"
CONDITIONS = (CI + "CommonAgendaCondition", CI + "SharedMeasurementCondition",
              CI + "MutuallyReinforcingActivitiesCondition", CI + "ContinuousCommunicationCondition",
              CI + "BackboneSupportCondition")
_FALLBACK_NAMES = {CONDITIONS[0]: "Common agenda", CONDITIONS[1]: "Shared measurement",
                   CONDITIONS[2]: "Mutually reinforcing activities", CONDITIONS[3]: "Continuous communication",
                   CONDITIONS[4]: "Backbone support"}


@dataclass(frozen=True)
class ConditionScore:
    """One cell row of the scorecard: an initiative's practice of one condition."""

    initiative: str
    initiative_name: str
    condition: str
    condition_name: str
    practice: str | None
    maturity: str | None
    maturity_rank: int | None
    evidence: bool
    signals: dict = field(default_factory=dict)
    completeness: dict = field(default_factory=dict)   # recorded, total, share, facts, missing
    history: list = field(default_factory=list)        # every assessment, oldest first (ontology 0.2)
    maturity_change: str | None = None                 # rising / falling / steady over dated assessments
    trends: list = field(default_factory=list)         # shared measurement: per-indicator trends

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Scorecard:
    """The scorecard rows, with table, JSON and DataFrame forms."""

    rows: list[ConditionScore]

    def to_rows(self) -> list[dict]:
        """Flat rows: signals joined as ``key=value; ...``."""
        from ..render.tables import cell

        return [{"initiative": r.initiative_name, "condition": r.condition_name, "maturity": r.maturity or "",
                 "maturity_rank": r.maturity_rank, "evidence": r.evidence,
                 "record": _record_cell(r.completeness), "signals": cell(r.signals)}
                for r in self.rows]

    def to_table(self, fmt: str = "table") -> str:
        """The scorecard as ``table`` | ``csv`` | ``json`` | ``md``."""
        from ..render.tables import format_rows

        return format_rows(self.to_rows(), fmt, kind="scorecard", items=[r.to_dict() for r in self.rows],
                           max_width=0)

    def to_json(self) -> str:
        return self.to_table("json")

    def to_dataframe(self):
        """One row per initiative and condition, one column per signal (needs pandas)."""
        import pandas as pd

        recs = []
        for r in self.rows:
            d = r.to_dict()
            sig = d.pop("signals")
            recs.append({**d, **{f"signal_{k}": v for k, v in sig.items()}})
        return pd.DataFrame(recs)


def _record_cell(c: dict) -> str:
    """``recorded/total parts`` and the parts without facts, e.g. ``2/4 (no meetings, evaluation methods)``."""
    if not c:
        return ""
    text = f"{c['recorded']}/{c['total']}"
    if c["missing"]:
        from .record import parts

        labels = {p.id: p.label for p in parts()}
        text += " (no " + ", ".join(labels.get(m, m) for m in c["missing"]) + ")"
    return text


def _practices(pg, ini):
    """condition -> all its practices (assessments) for the initiative."""
    out: dict[str, list[str]] = {}
    for pr in sorted(scope(pg, ini).practices):
        for e in pg.out_edges(pr, "CONDITION"):
            out.setdefault(e.target, []).append(pr)
    return out


def scorecard(pg, initiative: str | None = None) -> Scorecard:
    """Build the scorecard for one initiative (name, short name or IRI) or all."""
    from .centrality import backbone_functions, centrality, governance_mode
    from .gaps import find_gaps, reinforcement
    from .over_time import assessments, indicator_trends, maturity_change
    from .record import completeness

    ids = [resolve_initiative(pg, initiative)] if initiative else [n.id for n in initiatives(pg)]
    cond_nodes = {c: pg.nodes[c] for c in CONDITIONS if c in pg.nodes}
    rows = []
    for ini in ids:
        sc = scope(pg, ini)
        iname = pg.nodes[ini].name
        prios = sorted(sc.priorities)
        gaps = find_gaps(pg, initiative=ini, types=["uncovered_priority", "fragile_priority",
                                                    "uncoordinated_activities"])
        uncovered = sum(g.type == "uncovered_priority" for g in gaps)
        ratios = [r.ratio for r in reinforcement(pg, ini) if r.ratio is not None]
        agenda = [e.target for e in pg.out_edges(ini, "HAS_COMMON_AGENDA")]
        docs = {e.target for x in [ini, *agenda] for e in pg.out_edges(x, "HAS_STRATEGY_DOCUMENT")}
        channels = sorted(e.target for e in pg.out_edges(ini, "HAS_CHANNEL"))
        methods = {e.target for e in pg.out_edges(ini, "USES_METHOD")}
        supports = [e.target for e in pg.out_edges(ini, "HAS_BACKBONE_SUPPORT")]
        staff = sorted({e.target for s in supports for e in pg.out_edges(s, "HAS_STAFF")})
        staff_n = sum(int(pg.nodes[s].props.get("staffCount") or 1) for s in staff)
        best = min((s for s in centrality(pg, ini) if s.backbone), key=lambda s: s.rank, default=None)
        covered, missing = backbone_functions(pg, ini)
        signals = {
            CONDITIONS[0]: {
                "priorities": len(prios),
                "priorities_covered": round((len(prios) - uncovered) / len(prios), 4) if prios else None,
                "strategy_documents": len(docs),
                "endorsements": len(pg.out_edges(ini, "HAS_ENDORSEMENT")),
                "has_vision": any(pg.nodes[a].props.get("vision") for a in agenda)},
            CONDITIONS[1]: {
                "indicators": len(sc.indicators),
                "indicators_per_priority": round(len(sc.indicators) / len(prios), 4) if prios else None,
                "activities_measured": round(sum(bool(pg.out_edges(a, "MEASURED_BY")) for a in sc.activities)
                                             / len(sc.activities), 4) if sc.activities else None,
                "outcomes": len(sc.outcomes),
                "evaluation_methods": len(methods)},
            CONDITIONS[2]: {
                "activities": len(sc.activities),
                "working_groups": len(sc.working_groups),
                "reinforces_links": sum(len(pg.out_edges(a, "REINFORCES")) for a in sc.activities),
                "reinforcement_ratio": round(sum(ratios) / len(ratios), 4) if ratios else None,
                "fragile_priorities": sum(g.type == "fragile_priority" for g in gaps),
                "uncoordinated_pairs": sum(g.type == "uncoordinated_activities" for g in gaps)},
            CONDITIONS[3]: {
                "channels": len(channels),
                "meetings": sum("Meeting" in pg.nodes[c].labels for c in channels),
                "channel_types": sorted({str(pg.nodes[c].props.get("channelType")) for c in channels
                                         if pg.nodes[c].props.get("channelType")})},
            CONDITIONS[4]: {
                "backbones": sorted(pg.nodes[b].name for b in sc.backbones),
                "backbone_staff": staff_n,
                "backbone_rank": best.rank if best else None,
                "backbone_percentile": round(best.percentile, 2) if best else None,
                "functions_covered": len(covered),
                "governance": governance_mode(pg, ini)[0]},
        }
        practices = _practices(pg, ini)
        record = completeness(pg, ini, sc)
        trends = [t.to_dict() for t in indicator_trends(pg, sc.indicators)]
        signals[CONDITIONS[1]]["indicators_observed"] = len(trends)
        signals[CONDITIONS[1]]["indicators_toward_target"] = sum(bool(t["toward_target"]) for t in trends)
        for c in CONDITIONS:
            hist = assessments(pg, practices.get(c, ()))
            pr = hist[-1].practice if hist else None
            mat = [pg.nodes[e.target] for e in pg.out_edges(pr, "MATURITY")] if pr else []
            rank = mat[0].props.get("rank") if mat else None
            cname = cond_nodes[c].name if c in cond_nodes else _FALLBACK_NAMES[c]
            rows.append(ConditionScore(ini, iname, c, cname, pr, mat[0].name if mat else None,
                                       rank if isinstance(rank, int) else None,
                                       bool(pr and str(pg.nodes[pr].props.get("evidence") or "").strip()),
                                       signals[c], record[c].to_dict() if c in record else {},
                                       [a.to_dict() for a in hist] if len(hist) > 1 else [],
                                       maturity_change(hist), trends if c == CONDITIONS[1] else []))
    return Scorecard(rows)
