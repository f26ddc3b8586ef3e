"""Results and judgements over time (ontology 0.2): indicator trends and assessment histories.

Both read the projection only: observations (``Observation`` nodes with ``OF_INDICATOR``, ``value``
and a time: ``year``, else the year of ``onDate``, else ``endYear``, else ``startYear``), targets
(``Target`` with ``OF_INDICATOR`` and ``targetValue``), and condition practices with ``assessedYear``
(or the year of ``assessedOn``) and ``ASSESSMENT_KIND``. On 0.1 data they return nothing.

Examples
--------
>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> pg = PropertyGraph(
...     [Node("ind", ("Indicator",), {"name": "Jobs"}),
...      Node("o1", ("Observation",), {"value": 20, "year": 2012}),
...      Node("o2", ("Observation",), {"value": 48, "startYear": 2013, "endYear": 2014}),
...      Node("t", ("Target",), {"targetValue": 200})],
...     [Edge("o1", "ind", "OF_INDICATOR"), Edge("o2", "ind", "OF_INDICATOR"), Edge("t", "ind", "OF_INDICATOR")])
>>> t = indicator_trend(pg, "ind")
>>> (t.first_value, t.first_year, t.latest_value, t.latest_year, t.target, t.toward_target, t.direction)
(20.0, 2012, 48.0, 2014, 200.0, True, 'up')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["IndicatorTrend", "Assessment", "indicator_trend", "indicator_trends", "assessments",
           "current_assessment", "maturity_change", "KIND_ORDER"]

CI = "https://w3id.org/cigraph#"
#: ties between assessments of the same year: the later in this order is the current one
KIND_ORDER = (CI + "RuleAssessment", CI + "CuratorAssessment", CI + "SourceAuthorAssessment", CI + "SelfAssessment")


def _year(props: dict, *keys) -> int | None:
    for k in keys:
        v = props.get(k)
        if isinstance(v, bool) or v in (None, ""):
            continue
        if isinstance(v, int):
            return v
        s = str(v)
        if len(s) >= 4 and s[:4].isdigit():
            return int(s[:4])
    return None


def _num(v) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class IndicatorTrend:
    """First and latest observation of one indicator, and whether it moves toward its target."""

    indicator: str
    name: str
    observations: int
    first_year: int | None
    first_value: float | None
    latest_year: int | None
    latest_value: float | None
    direction: str | None        # up, down, flat; None with fewer than two dated observations
    target: float | None
    toward_target: bool | None   # latest closer to the target than the first; None without a target

    def to_dict(self) -> dict:
        return asdict(self)


def indicator_trend(pg, indicator: str) -> IndicatorTrend:
    """The trend of one indicator (by IRI) from its dated observations."""
    obs = []
    targets = []
    for e in pg.in_edges(indicator, "OF_INDICATOR"):
        n = pg.nodes.get(e.source)
        if n is None:
            continue
        if "Observation" in n.labels:
            v = _num(n.props.get("value"))
            y = _year(n.props, "year", "onDate", "endYear", "startYear")
            if v is not None:
                obs.append((y, n.id, v))
        elif "Target" in n.labels:
            t = _num(n.props.get("targetValue"))
            if t is not None:
                targets.append((n.id, t))
    dated = sorted((y, i, v) for y, i, v in obs if y is not None)
    name = pg.nodes[indicator].name if indicator in pg.nodes else indicator
    target = sorted(targets)[0][1] if targets else None
    if not dated:
        return IndicatorTrend(indicator, name, len(obs), None, None, None, None, None, target, None)
    (fy, _, fv), (ly, _, lv) = dated[0], dated[-1]
    direction = None
    toward = None
    if len(dated) >= 2 and ly != fy:
        direction = "up" if lv > fv else "down" if lv < fv else "flat"
        if target is not None:
            toward = abs(lv - target) < abs(fv - target)
    return IndicatorTrend(indicator, name, len(obs), fy, fv, ly, lv, direction, target, toward)


def indicator_trends(pg, indicators) -> list[IndicatorTrend]:
    """Trends of the indicators that have at least one observation, in IRI order."""
    out = []
    for i in sorted(indicators):
        t = indicator_trend(pg, i)
        if t.observations:
            out.append(t)
    return out


@dataclass(frozen=True)
class Assessment:
    """One assessment (condition practice) of an initiative x condition."""

    practice: str
    year: int | None
    maturity: str | None
    rank: int | None
    kind: str | None

    def to_dict(self) -> dict:
        return asdict(self)

    def sort_key(self):
        k = KIND_ORDER.index(self.kind) if self.kind in KIND_ORDER else KIND_ORDER.index(CI + "CuratorAssessment")
        return (self.year if self.year is not None else -10**9, k, self.practice)


def assessments(pg, practices) -> list[Assessment]:
    """The assessments among ``practices`` (IRIs), oldest first; the last is the current one."""
    out = []
    for pr in practices:
        node = pg.nodes.get(pr)
        if node is None:
            continue
        mats = [pg.nodes[e.target] for e in pg.out_edges(pr, "MATURITY") if e.target in pg.nodes]
        rank = mats[0].props.get("rank") if mats else None
        kinds = [e.target for e in pg.out_edges(pr, "ASSESSMENT_KIND")]
        out.append(Assessment(pr, _year(node.props, "assessedYear", "assessedOn"), mats[0].name if mats else None,
                              rank if isinstance(rank, int) and not isinstance(rank, bool) else None,
                              kinds[0] if kinds else None))
    return sorted(out, key=Assessment.sort_key)


def current_assessment(pg, practices) -> Assessment | None:
    """The latest assessment: greatest year (undated count as earliest), ties by :data:`KIND_ORDER`."""
    a = assessments(pg, practices)
    return a[-1] if a else None


def maturity_change(history: list[Assessment]) -> str | None:
    """``rising``, ``falling`` or ``steady`` from the first to the latest dated, ranked assessment;
    None with fewer than two years."""
    dated = [a for a in history if a.year is not None and a.rank is not None]
    if len({a.year for a in dated}) < 2:
        return None
    first, last = dated[0].rank, dated[-1].rank
    return "rising" if last > first else "falling" if last < first else "steady"
