"""The basis of a gap (stated / inferred / not recorded), rule by rule on hand-built graphs, the
record-parts table, and the case studies (golden, checked against the data files' own words)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from cigraph.analysis import schema
from cigraph.analysis.gaps import Basis, basis_counts, find_gaps
from cigraph.analysis.record import completeness, gap_basis_rules, part_facts, parts
from cigraph.analysis.scorecard import CONDITIONS
from cigraph.errors import DataError

CI = "https://w3id.org/cigraph#"


def basis_of(pg, type_):
    return {g.subjects[0][0]: g.basis for g in find_gaps(pg, types=[type_])}


def test_unmeasured_activity_not_recorded_then_inferred_then_stated(builder):
    b = builder
    b.initiative("i")
    b.activity("x", "i")
    b.activity("y", "i")
    g = find_gaps(b.pg(), types=["unmeasured_activity"])
    assert {x.basis for x in g} == {Basis.NOT_RECORDED}              # no activity linked to any indicator
    assert g[0].question == f"Which indicator measures the activity '{g[0].subjects[0][1]}'?"
    b.activity("z", "i", measured_by=["ind"])                       # now the record does link activities
    assert basis_of(b.pg(), "unmeasured_activity") == {"x": Basis.INFERRED, "y": Basis.INFERRED}
    assert all(x.question is None for x in find_gaps(b.pg(), types=["unmeasured_activity"]))
    b.practice("sm", "i", condition="SharedMeasurementCondition", maturity="Planned")
    assert basis_of(b.pg(), "unmeasured_activity") == {"x": Basis.STATED, "y": Basis.STATED}


def test_planned_for_a_condition_the_record_is_silent_on_states_nothing(builder):
    b = builder
    b.initiative("i")
    b.activity("x", "i")
    b.practice("sm", "i", condition="SharedMeasurementCondition", maturity="Planned")
    assert basis_of(b.pg(), "unmeasured_activity") == {"x": Basis.NOT_RECORDED}
    assert basis_of(b.pg(), "weak_condition") == {"sm": Basis.NOT_RECORDED}
    b.node("ind", "Indicator")                                       # one fact of shared measurement
    b.edge("ind", "i", "PART_OF_INITIATIVE")
    assert basis_of(b.pg(), "unmeasured_activity") == {"x": Basis.STATED}
    assert basis_of(b.pg(), "weak_condition") == {"sm": Basis.STATED}


def test_weak_condition_bases(builder):
    b = builder
    b.initiative("i")
    b.activity("x", "i")                                             # MRA has a fact
    b.node("ch", "CommunicationChannel")                             # CC has a fact
    b.edge("i", "ch", "HAS_CHANNEL")
    b.practice("mra", "i", condition="MutuallyReinforcingActivitiesCondition", maturity="Planned")
    b.practice("cc", "i", condition="ContinuousCommunicationCondition", maturity="Established", evidence=None)
    b.practice("bb", "i", condition="BackboneSupportCondition", maturity=None)
    got = {g.subjects[0][0]: (g.basis, g.question is not None) for g in find_gaps(b.pg(), types=["weak_condition"])}
    assert got == {"mra": (Basis.STATED, False), "cc": (Basis.NOT_RECORDED, True), "bb": (Basis.NOT_RECORDED, True)}


def test_isolated_partner_is_not_recorded_while_no_performer_is(builder):
    b = builder
    b.initiative("i")
    b.member("A", "i")
    b.member("B", "i")
    b.activity("x", "i")                                             # an activity, nobody recorded on it
    gaps = find_gaps(b.pg(), types=["isolated_partner"])
    assert {g.subjects[0][0]: g.basis for g in gaps} == {"A": Basis.NOT_RECORDED, "B": Basis.NOT_RECORDED}
    assert gaps[0].question.startswith(f"What does {gaps[0].subjects[0][1]} do in the initiative")
    b.activity("y", "i", performers="A")
    assert basis_of(b.pg(), "isolated_partner") == {"A": Basis.INFERRED, "B": Basis.INFERRED}


def test_fragile_priority_with_an_activity_nobody_is_recorded_on(builder):
    b = builder
    b.initiative("i")
    b.member("A", "i")
    b.priority("p", "i")
    b.activity("x", "i", performers="A", serves=["p"])
    assert basis_of(b.pg(), "fragile_priority") == {"p": Basis.INFERRED}
    b.activity("y", "i", serves=["p"])                               # who does y? not recorded
    g = find_gaps(b.pg(), types=["fragile_priority"])[0]
    assert g.basis is Basis.NOT_RECORDED and "1 of the 2 activities" in g.basis_reason


def test_missing_sector_while_a_partner_has_no_sector(builder):
    b = builder
    b.initiative("i")
    b.member("A", "i", sector="PublicSector")
    b.member("B", "i", sector="NonProfitSector")
    assert set(basis_of(b.pg(), "missing_sector").values()) == {Basis.INFERRED}
    b.member("C", "i")
    assert set(basis_of(b.pg(), "missing_sector").values()) == {Basis.NOT_RECORDED}


def test_uncovered_priority_bases(builder):
    b = builder
    b.initiative("i")
    b.priority("p", "i")
    b.priority("q", "i")
    assert basis_of(b.pg(), "uncovered_priority") == {"p": Basis.NOT_RECORDED, "q": Basis.NOT_RECORDED}
    b.activity("x", "i", serves=["q"])
    assert basis_of(b.pg(), "uncovered_priority") == {"p": Basis.INFERRED}
    b.practice("mra", "i", condition="MutuallyReinforcingActivitiesCondition", maturity="Planned")
    assert basis_of(b.pg(), "uncovered_priority") == {"p": Basis.STATED}


def test_basis_filter_and_parse(builder):
    b = builder
    b.initiative("i")
    b.priority("p", "i")
    b.member("A", "i", sector="PublicSector")
    pg = b.pg()
    every = find_gaps(pg)
    assert {g.basis for g in every} == {Basis.NOT_RECORDED, Basis.INFERRED}
    assert find_gaps(pg, basis=["not-recorded"]) == [g for g in every if g.basis is Basis.NOT_RECORDED]
    assert find_gaps(pg, basis=["stated"]) == []
    assert sum(basis_counts(every).values()) == len(every)
    with pytest.raises(DataError, match="unknown basis"):
        Basis.parse("guessed")


def test_record_parts_table_is_well_formed():
    ps = parts()
    assert {p.condition for p in ps} == set(CONDITIONS)             # every condition has parts
    assert len({p.id for p in ps}) == len(ps)
    assert all(p.label and p.question.endswith("?") for p in ps)
    rules = gap_basis_rules()
    from cigraph.analysis.gaps import GAP_TYPES

    assert set(rules) == set(GAP_TYPES)
    assert all(r.condition in CONDITIONS for r in rules.values() if r.condition)


def test_part_facts_and_completeness_by_hand(builder):
    b = builder
    b.initiative("i")
    b.member("A", "i", roles=["BackboneRole"])
    b.activity("x", "i", performers="A", measured_by=["ind"])
    b.node("bs", "BackboneSupport")
    b.edge("i", "bs", "HAS_BACKBONE_SUPPORT")
    b.node("ag", "CommonAgenda")
    b.edge("i", "ag", "HAS_COMMON_AGENDA")
    b.node("doc", "StrategyDocument")
    b.edge("ag", "doc", "HAS_STRATEGY_DOCUMENT")
    pg = b.pg()
    f = part_facts(pg, "i")
    assert (f["activities"], f["activity_performers"], f["activity_measures"], f["indicators"]) == (1, 1, 1, 1)
    assert (f["strategy_documents"], f["agenda"], f["backbone_organization"], f["backbone_staff"]) == (1, 1, 1, 0)
    c = completeness(pg, "i")
    bb = c[CI + "BackboneSupportCondition"]
    assert (bb.recorded, bb.total) == (2, 5) and bb.missing == ("backbone_provider", "backbone_staff",
                                                               "backbone_functions")
    assert c[CI + "ContinuousCommunicationCondition"].recorded == 0


# --- case studies (the data files' own words decide stated vs not recorded) -------------------------

def test_case_study_gaps_carry_a_basis_and_validate(pg):
    gaps = find_gaps(pg)
    doc = json.loads(__import__("cigraph.render.tables", fromlist=["to_json"]).to_json(
        [g.to_dict() for g in gaps], kind="gaps", meta={"basis_counts": basis_counts(gaps)}))
    jsonschema.validate(doc, schema("gaps"))
    assert all((g.basis is Basis.NOT_RECORDED) == (g.question is not None) for g in gaps)


def test_la_promise_zone_silence_is_not_recorded(pg):
    """la-promise-zone.ttl: "The source says nothing about indicators or data…" and "names no
    communication channel…; recorded as not yet evidenced" -> the two Planned conditions are questions,
    not failures; the two members with no recorded activity too (the record names no performer)."""
    gaps = find_gaps(pg, initiative="LA Promise Zone")
    by = {(g.type, g.basis) for g in gaps}
    assert ("weak_condition", Basis.NOT_RECORDED) in by and ("weak_condition", Basis.STATED) not in by
    assert {g.basis for g in gaps if g.type in ("isolated_partner", "unmeasured_activity")} == {Basis.NOT_RECORDED}
    assert basis_counts(gaps) == {"stated": 0, "inferred": 2, "not recorded": 6}


def test_sault_ste_marie_states_its_measurement_is_not_in_place(pg):
    """sault-ste-marie-poverty-round-table.ttl: "Shared measurement indicators are still being worked
    out …; nothing is yet in use" (Planned, with one indicator recorded) -> stated."""
    gaps = find_gaps(pg, initiative="Sault Ste. Marie Poverty Round Table")
    assert {g.basis for g in gaps if g.type in ("unmeasured_activity", "weak_condition")} == {Basis.STATED}
    # one co-chairs group has no sector recorded: a missing sector there is a question
    assert {g.basis for g in gaps if g.type == "missing_sector"} == {Basis.NOT_RECORDED}


def test_trc92_unmeasured_activities_are_questions(pg):
    """TRC92 records Established shared measurement but links none of its 12 activities to an
    indicator: the unmeasured activities are not recorded; its uncoordinated pairs rest on recorded
    coordination links (inferred)."""
    gaps = find_gaps(pg, initiative="TRC92")
    assert {g.basis for g in gaps if g.type == "unmeasured_activity"} == {Basis.NOT_RECORDED}
    assert {g.basis for g in gaps if g.type == "uncoordinated_activities"} == {Basis.INFERRED}
