"""The five-condition scorecard: signals by hand, case studies, output forms."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from cigraph.analysis import schema
from cigraph.analysis.scorecard import CONDITIONS, scorecard

CI = "https://w3id.org/cigraph#"
CGD = "https://w3id.org/cigraph/id/"


@pytest.fixture
def small(builder):
    b = builder
    b.initiative("i", "Small")
    b.member("A", "i", roles=["BackboneRole"])
    b.member("B", "i")
    b.priority("p1", "i")
    b.priority("p2", "i")
    b.priority("p3", "i")
    b.activity("a1", "i", performers="A", serves=["p1"], measured_by=["ind1"])
    b.activity("a2", "i", performers="B", serves=["p1"], reinforces=["a1"])
    b.activity("a3", "i", serves=["p2"])
    b.node("ind2", "Indicator")
    b.edge("ind2", "i", "PART_OF_INITIATIVE")
    for c, kind in (("web", "CommunicationChannel"), ("mtg", "Meeting")):
        b.node(c, kind, channelType=c)
        b.edge("i", c, "HAS_CHANNEL")
    b.nodes["mtg"] = type(b.nodes["mtg"])("mtg", ("Meeting", "CommunicationChannel"), {"channelType": "meeting"})
    b.node("bs", "BackboneSupport")
    b.edge("i", "bs", "HAS_BACKBONE_SUPPORT")
    b.edge("bs", "A", "PROVIDED_BY")
    b.node("s1", "StaffPosition", staffCount=3)
    b.node("s2", "StaffPosition")
    b.edge("bs", "s1", "HAS_STAFF")
    b.edge("bs", "s2", "HAS_STAFF")
    for f in ("GuideVisionAndStrategy", "MobilizeFunding", "AdvancePolicy"):
        b.node(CI + f, "BackboneFunction")
    b.edge("bs", CI + "GuideVisionAndStrategy", "PERFORMS_FUNCTION")
    b.practice("pr-sm", "i", condition="SharedMeasurementCondition", maturity="Emerging")
    return b.pg()


def test_signals_by_hand(small):
    rows = {r.condition: r for r in scorecard(small).rows}
    assert list(rows) == list(CONDITIONS)
    ca = rows[CI + "CommonAgendaCondition"].signals
    assert (ca["priorities"], ca["priorities_covered"]) == (3, pytest.approx(2 / 3, abs=1e-4))     # p3 unserved
    sm = rows[CI + "SharedMeasurementCondition"]
    assert (sm.maturity, sm.maturity_rank, sm.evidence) == ("Emerging", 2, True)
    assert sm.signals["indicators"] == 2 and sm.signals["indicators_per_priority"] == pytest.approx(2 / 3, abs=1e-4)
    assert sm.signals["activities_measured"] == pytest.approx(1 / 3, abs=1e-4)
    mra = rows[CI + "MutuallyReinforcingActivitiesCondition"].signals
    # A and B are tied by a2 -> a1: p1 has one pair, tied (ratio 1); p2 has no performer at all
    assert (mra["activities"], mra["reinforces_links"], mra["reinforcement_ratio"]) == (3, 1, 1.0)
    assert mra["uncoordinated_pairs"] == 0 and mra["fragile_priorities"] == 0
    cc = rows[CI + "ContinuousCommunicationCondition"].signals
    assert (cc["channels"], cc["meetings"]) == (2, 1)
    bb = rows[CI + "BackboneSupportCondition"]
    assert bb.maturity is None and bb.evidence is False
    assert bb.signals["backbone_staff"] == 4                 # 3 + 1 (no staffCount counts one)
    assert (bb.signals["functions_covered"], bb.signals["backbone_rank"]) == (1, 1)
    assert bb.signals["governance"] == "lead organization"   # the backbone also performs an activity


def test_output_forms(small):
    sc = scorecard(small)
    doc = json.loads(sc.to_json())
    assert doc["schema_version"] == 1 and doc["kind"] == "scorecard"
    jsonschema.validate(doc, schema("scorecard"))
    rows = list(csv.DictReader(io.StringIO(sc.to_table("csv"))))
    assert len(rows) == 5 and rows[1]["maturity"] == "Emerging"
    assert sc.to_table("md").startswith("| initiative | condition |")
    pytest.importorskip("pandas")
    df = sc.to_dataframe()
    assert len(df) == 5 and "signal_backbone_staff" in df.columns


def test_case_studies(pg):
    sc = scorecard(pg)
    assert len(sc.rows) == 5 * len(pg.by_label("Initiative"))
    jsonschema.validate(json.loads(sc.to_json()), schema("scorecard"))
    lapz = {r.condition_name: r for r in scorecard(pg, "LA Promise Zone").rows}
    # source 003: four goals all taken up by the working groups; YPI is the named backbone
    assert lapz["Common agenda"].signals["priorities"] == 4
    assert lapz["Common agenda"].signals["priorities_covered"] == 1.0
    assert lapz["Backbone support"].signals["backbones"] == ["Youth Policy Institute"]
    assert lapz["Shared measurement"].maturity == "Planned"


def test_record_completeness_beside_the_maturity(small):
    """small: SM has 2 indicators, one activity measured, no indicator tied to a priority, no method."""
    rows = {r.condition: r for r in scorecard(small).rows}
    sm = rows[CI + "SharedMeasurementCondition"].completeness
    assert (sm["recorded"], sm["total"]) == (2, 4)
    assert sm["missing"] == ["indicator_links", "evaluation_methods"]
    assert sm["facts"]["indicators"] == 2 and sm["share"] == 0.5
    cc = rows[CI + "ContinuousCommunicationCondition"].completeness
    assert (cc["recorded"], cc["total"], cc["missing"]) == (2, 2, [])
    table = dict(zip(CONDITIONS, (r["record"] for r in scorecard(small).to_rows())))
    assert table[CI + "SharedMeasurementCondition"] == "2/4 (no links from indicators to priorities or outcomes, evaluation methods)"
    assert table[CI + "ContinuousCommunicationCondition"] == "2/2"


def test_la_promise_zone_planned_rests_on_no_record(pg):
    """la-promise-zone.ttl: the source says nothing about indicators or communication: the Planned
    maturities stand on records with no facts at all (0 of 4, 0 of 2)."""
    lapz = {r.condition_name: r for r in scorecard(pg, "LA Promise Zone").rows}
    assert lapz["Shared measurement"].completeness["recorded"] == 0
    assert lapz["Continuous communication"].completeness["recorded"] == 0
    assert lapz["Common agenda"].completeness["recorded"] > 0


def test_trends_and_maturity_over_time_by_hand(builder):
    """Ontology 0.2 facts: an indicator observed 2012 (20) and 2014 (48) with a target of 200 moves
    toward it; one observed 2012 (10) and 2013 (15) with a target of 5 moves away; shared measurement
    assessed Planned (2012), Emerging (2015), Established (2018, a self-assessment): rising, current
    Established; the gap rules read the current assessment only."""
    from cigraph.analysis.gaps import find_gaps

    b = builder
    b.initiative("i")
    for ind, obs, target in (("jobs", ((2012, 20), (2014, 48)), 200), ("waits", ((2012, 10), (2013, 15)), 5)):
        b.node(ind, "Indicator")
        b.edge(ind, "i", "PART_OF_INITIATIVE")
        for y, v in obs:
            b.node(f"{ind}-{y}", "Observation", value=v, year=y)
            b.edge(f"{ind}-{y}", ind, "OF_INDICATOR")
        b.node(f"{ind}-t", "Target", targetValue=target)
        b.edge(f"{ind}-t", ind, "OF_INDICATOR")
    for pr, level, year in (("sm12", "Planned", 2012), ("sm15", "Emerging", 2015), ("sm18", "Established", 2018)):
        b.practice(pr, "i", condition="SharedMeasurementCondition", maturity=level)
        b.nodes[pr].props["assessedYear"] = year
    b.node(CI + "SelfAssessment", "AssessmentKind")
    b.edge("sm18", CI + "SelfAssessment", "ASSESSMENT_KIND")
    pg = b.pg()
    sm = next(r for r in scorecard(pg).rows if r.condition == CI + "SharedMeasurementCondition")
    assert (sm.maturity, sm.practice, sm.maturity_change) == ("Established", "sm18", "rising")
    assert [h["year"] for h in sm.history] == [2012, 2015, 2018]
    trends = {t["indicator"]: t for t in sm.trends}
    assert (trends["jobs"]["first_value"], trends["jobs"]["latest_value"], trends["jobs"]["toward_target"]) == \
        (20.0, 48.0, True)
    assert (trends["waits"]["direction"], trends["waits"]["toward_target"]) == ("up", False)
    assert sm.signals["indicators_observed"] == 2 and sm.signals["indicators_toward_target"] == 1
    jsonschema.validate(json.loads(scorecard(pg).to_json()), schema("scorecard"))
    # the old Planned assessments are history, not weak conditions
    assert not [g for g in find_gaps(pg, types=["weak_condition"]) if g.subjects[0][0] in ("sm12", "sm15")]
