"""Each gap rule on a hand-built graph (answers worked out by hand), filters, ids,
the case studies, and the synthetic networks with planted gaps."""

from __future__ import annotations

import json

import jsonschema
import pytest

from cigraph.analysis import schema
from cigraph.analysis.gaps import (GAP_TYPES, GapConfig, Severity, UnknownGapType, find_gaps, gaps_to_rows,
                                   reinforcement)
from cigraph.analysis.network import UnknownInitiative
from cigraph.projection import PropertyGraph
from cigraph.render.tables import to_json

CI = "https://w3id.org/cigraph#"
CGD = "https://w3id.org/cigraph/id/"


def found(gaps, type_):
    return sorted(tuple(sorted(i for i, _ in g.subjects)) for g in gaps if g.type == type_)


def test_uncovered_priority_counts_sub_priorities(builder):
    b = builder
    b.initiative("i")
    b.priority("bare", "i")
    b.priority("parent", "i")
    b.priority("child", "i", sub_of="parent")
    b.priority("grandchild", "i", sub_of="child")
    b.activity("a", "i", serves=["grandchild"])
    gaps = find_gaps(b.pg(), types=["uncovered_priority"])
    assert found(gaps, "uncovered_priority") == [("bare",)]       # parent and child are served via grandchild
    assert gaps[0].severity is Severity.HIGH


def test_fragile_priority_is_exactly_one_distinct_performer(builder):
    b = builder
    b.initiative("i")
    for p in ("one", "two", "none", "one_plus_empty"):
        b.priority(p, "i")
    b.activity("a1", "i", performers="A", serves=["one"])
    b.activity("a2", "i", performers="A", serves=["one"])        # same performer twice: still one
    b.activity("b1", "i", performers="A", serves=["two"])
    b.activity("b2", "i", performers="B", serves=["two"])
    b.activity("c1", "i", serves=["none"])                        # no performer: adds none -> zero, not fragile
    b.activity("d1", "i", serves=["one_plus_empty"])
    b.activity("d2", "i", performers="C", serves=["one_plus_empty"])
    assert found(find_gaps(b.pg(), types=["fragile_priority"]), "fragile_priority") == [
        ("A", "one"), ("C", "one_plus_empty")]
    cfg = GapConfig(types=("fragile_priority",), fragile_performers=2)
    assert found(find_gaps(b.pg(), cfg), "fragile_priority") == [("A", "B", "two")]


def test_unmeasured_activity_and_its_severity(builder):
    b = builder
    b.initiative("i")
    b.priority("p", "i")
    b.activity("measured", "i", serves=["p"], measured_by=["ind"])
    b.activity("serving", "i", serves=["p"])
    b.activity("internal", "i")
    gaps = {g.subjects[0][0]: g for g in find_gaps(b.pg(), types=["unmeasured_activity"])}
    assert set(gaps) == {"serving", "internal"}
    assert gaps["serving"].severity is Severity.MEDIUM and gaps["internal"].severity is Severity.LOW


def test_orphan_indicator(builder):
    b = builder
    b.initiative("i")
    b.activity("a", "i", measured_by=["measures_activity"])
    for ind in ("for_outcome", "orphan"):
        b.node(ind, "Indicator")
        b.edge(ind, "i", "PART_OF_INITIATIVE")
    b.node("o", "Outcome")
    b.edge("for_outcome", "o", "INDICATOR_FOR")
    assert found(find_gaps(b.pg(), types=["orphan_indicator"]), "orphan_indicator") == [("orphan",)]


def test_orphan_indicator_outside_any_initiative_is_reported_without_one():
    b_pg = PropertyGraph([__import__("cigraph.projection").projection.Node("ind", ("Indicator",), {"name": "x"})])
    (g,) = find_gaps(b_pg)
    assert g.type == "orphan_indicator" and g.initiative is None


@pytest.fixture
def weave(builder):
    """Priority P served by a1 (A), a2 (B), a3 (C), a4 (A, D); a2 and a3 share working group w;
    a2 reinforces a4.

    Pairs of activities: (a1,a2) disjoint, no link -> gap; (a1,a3) -> gap; (a1,a4) share A -> no;
    (a2,a3) share w -> no; (a2,a4) reinforce -> no; (a3,a4) -> gap.
    Participants A, B, C, D: 6 pairs. Ties: A-D (a4), B-C (w coordinates both, 0.5),
    A-B and B-D (a2 -> a4). Untied: A-C, C-D. Ratio 4/6.
    """
    b = builder
    b.initiative("i")
    for p in "ABCD":
        b.member(p, "i")
    b.priority("P", "i")
    b.activity("a1", "i", performers="A", serves=["P"])
    b.activity("a2", "i", performers="B", serves=["P"], coordinated_by=["w"], reinforces=["a4"])
    b.activity("a3", "i", performers="C", serves=["P"], coordinated_by=["w"])
    b.activity("a4", "i", performers="AD", serves=["P"])
    return b.pg()


def test_uncoordinated_activities_and_reinforcement_ratio(weave):
    gaps = find_gaps(weave, types=["uncoordinated_activities"])
    assert found(gaps, "uncoordinated_activities") == [("P", "a1", "a2"), ("P", "a1", "a3"), ("P", "a3", "a4")]
    for g in gaps:
        assert g.reinforcement_ratio == {"P": pytest.approx(4 / 6)}
    by = {tuple(i for i, _ in g.subjects[:2]): g for g in gaps}
    assert by[("a1", "a3")].details["weaving_opportunities"][0]["participants"] == ["A", "C"]
    assert by[("a3", "a4")].details["weaving_opportunities"] == [
        {"participants": ["A", "C"], "names": ["A", "C"]}, {"participants": ["C", "D"], "names": ["C", "D"]}]
    assert [w["participants"] for w in by[("a1", "a2")].details["weaving_opportunities"]] == []   # A-B tied
    (r,) = reinforcement(weave, "i")
    assert (r.pairs, r.tied, r.untied) == (6, 4, (("A", "C"), ("C", "D")))


def test_isolated_partner_either_condition(builder):
    b = builder
    b.initiative("i")
    b.member("A", "i")
    b.member("B", "i")
    b.member("C", "i")                                    # does nothing, tied to nobody: medium
    b.member("D", "i")                                    # leads a working group alone: works, untied: low
    b.member("E", "i", roles=["CoChairRole"])             # co-chairs: tied by leadership but no work: low
    b.member("F", "i", roles=["CoChairRole"])
    b.activity("x", "i", performers="AB")
    b.working_group("w", "i", led_by="D")
    gaps = {g.subjects[0][0]: g.severity for g in find_gaps(b.pg(), types=["isolated_partner"])}
    assert gaps == {"C": Severity.MEDIUM, "D": Severity.LOW, "E": Severity.LOW, "F": Severity.LOW}


def test_missing_sector_counts_broader_sectors(builder):
    b = builder
    b.initiative("i")
    b.member("school", "i", sector="EducationSector")    # counts as public
    b.member("charity", "i", sector="NonProfitSector")
    assert found(find_gaps(b.pg(), types=["missing_sector"]), "missing_sector") == [
        (CI + "CommunitySector",), (CI + "PrivateSector",)]
    cfg = GapConfig(types=("missing_sector",), expected_sectors=(CI + "PublicSector",))
    assert find_gaps(b.pg(), cfg) == []


def test_single_point_of_failure_star_and_path(builder):
    b = builder
    b.initiative("star")
    b.initiative("path")
    b.member("H", "star", roles=["BackboneRole"])
    for leaf in "abc":
        b.member(leaf, "star")
        b.activity("x" + leaf, "star", performers=["H", leaf])
    for p in "PQRS":
        b.member(p, "path")
    for u, v in ("PQ", "QR", "RS"):
        b.activity(u + v, "path", performers=[u, v])
    gaps = find_gaps(b.pg(), types=["single_point_of_failure"])
    by = {g.subjects[0][0]: g for g in gaps}
    assert set(by) == {"H", "Q", "R"}                     # a star has one articulation point, a P4 two
    assert by["H"].details["component_sizes"] == [1, 1, 1] and by["H"].severity is Severity.HIGH
    assert by["Q"].details["component_sizes"] == [2, 1] and by["Q"].severity is Severity.MEDIUM


def test_weak_condition(builder):
    b = builder
    b.initiative("i")
    b.practice("planned", "i", maturity="Planned")
    b.practice("no_evidence", "i", condition="SharedMeasurementCondition", evidence=None)
    b.practice("both", "i", condition="BackboneSupportCondition", maturity="Planned", evidence="")
    b.practice("emerging", "i", condition="ContinuousCommunicationCondition", maturity="Emerging")
    b.practice("unrated", "i", condition="MutuallyReinforcingActivitiesCondition", maturity=None)
    sev = {g.subjects[0][0]: g.severity.value for g in find_gaps(b.pg(), types=["weak_condition"])}
    assert sev == {"planned": "medium", "no_evidence": "low", "both": "high", "unrated": "medium"}
    cfg = GapConfig(types=("weak_condition",), min_maturity=3, require_evidence=False)
    assert {g.subjects[0][0] for g in find_gaps(b.pg(), cfg)} == {"planned", "both", "emerging", "unrated"}
    g = next(g for g in find_gaps(b.pg(), types=["weak_condition"]) if g.subjects[0][0] == "planned")
    assert g.subjects[1][0] == CI + "CommonAgendaCondition"


def test_filters_order_and_deterministic_ids(weave):
    all_gaps = find_gaps(weave)
    assert [g.severity for g in all_gaps] == sorted((g.severity for g in all_gaps), reverse=True)
    assert [g.id for g in find_gaps(weave)] == [g.id for g in all_gaps]
    shuffled = PropertyGraph(list(weave.nodes.values())[::-1], weave.edges[::-1])
    assert sorted(g.id for g in find_gaps(shuffled)) == sorted(g.id for g in all_gaps)
    assert all(g.severity >= Severity.MEDIUM for g in find_gaps(weave, min_severity="medium"))
    assert {g.type for g in find_gaps(weave, types=["missing_sector"])} == {"missing_sector"}
    assert find_gaps(weave, initiative="I") == [g for g in all_gaps if g.initiative == "i"]
    with pytest.raises(UnknownInitiative):
        find_gaps(weave, initiative="nowhere")
    with pytest.raises(UnknownGapType) as e:
        GapConfig(types=("uncovered_priorty",))
    assert e.value.suggestions[0] == "uncovered_priority"


def test_severity_ordering():
    assert Severity.LOW < Severity.MEDIUM < Severity.HIGH and max(Severity) is Severity.HIGH
    assert sorted([Severity.HIGH, Severity.LOW, Severity.MEDIUM]) == [Severity.LOW, Severity.MEDIUM, Severity.HIGH]


def test_empty_graph_has_no_gaps():
    assert find_gaps(PropertyGraph()) == []


def test_outputs_validate_and_round_trip(weave):
    import csv
    import io

    from cigraph.render.tables import format_rows

    gaps = find_gaps(weave)
    doc = json.loads(to_json([g.to_dict() for g in gaps], kind="gaps"))
    jsonschema.validate(doc, schema("gaps"))
    rows = list(csv.DictReader(io.StringIO(format_rows(gaps_to_rows(gaps), "csv"))))
    assert [r["id"] for r in rows] == [g.id for g in gaps]
    df = pytest.importorskip("cigraph.analysis.gaps").gaps_to_dataframe(gaps)
    assert list(df["type"]) == [g.type for g in gaps]


# --- case studies ----------------------------------------------------------------------------

def test_case_study_gaps_validate(pg):
    gaps = find_gaps(pg)
    assert gaps and {g.type for g in gaps} <= set(GAP_TYPES)
    jsonschema.validate(json.loads(to_json([g.to_dict() for g in gaps], kind="gaps")), schema("gaps"))
    assert len({g.id for g in gaps}) == len(gaps)


def test_la_promise_zone_goals_are_all_served_and_measurement_is_weak(pg):
    """Source 003: the four LA Promise Zone goals (jobs, safety, education, housing) are carried out
    by five working groups with action strategies (no priority uncovered); the source says nothing
    on indicators or communication, recorded as Planned -> weak conditions."""
    gaps = find_gaps(pg, initiative="LA Promise Zone")
    assert not [g for g in gaps if g.type == "uncovered_priority"]
    weak = sorted(g.subjects[1][1] for g in gaps if g.type == "weak_condition")
    assert weak == ["Continuous communication", "Shared measurement"]


# --- synthetic networks: every planted gap found, nothing else ----------------------------------

def test_planted_gaps_are_found_exactly(tmp_path):
    from cigraph.pipeline import build_dataset
    from cigraph.projection import project
    from cigraph.settings import Settings
    from cigraph.synth import synthesize

    r = synthesize(tmp_path, initiatives=6, orgs_per_initiative=12, seed=3)
    pg = project(build_dataset(Settings(data_dirs=(tmp_path,))))
    found_ = {(g.type, g.initiative, frozenset(i for i, _ in g.subjects)) for g in find_gaps(pg)}
    planted = {(g["type"], g["initiative"], frozenset(g["subjects"])) for g in r.planted}
    assert {t for t, _, _ in planted} == set(GAP_TYPES)
    assert found_ == planted


def test_cut_pieces_agrees_with_removing_each_articulation_point():
    import networkx as nx

    from cigraph.analysis.gaps import cut_pieces

    for seed in range(5):
        G = nx.gnm_random_graph(60, 70, seed=seed)
        expect = {}
        for v in nx.articulation_points(G):
            comp = nx.node_connected_component(G, v)
            H = G.subgraph(comp - {v})
            expect[v] = (len(comp), sorted((len(c) for c in nx.connected_components(H)), reverse=True))
        assert cut_pieces(G) == expect


def test_trc92_workplace_culture_rests_on_the_employers(pg):
    """Source 000, Winnipeg TRC92 (mutually reinforcing activities): only the corporate employers
    work on workplace culture, and the Indigenous leaders' one activity supports the employers'
    learning — so the employers are the one tie between the leaders and everyone else. The
    backbone (WPRC) convenes the employers' consortium (backbone section) and is tied to
    nobody else, so removing the employers also cuts WPRC off."""
    gaps = find_gaps(pg, initiative="TRC92")
    fragile = [g for g in gaps if g.type == "fragile_priority"]
    assert [(g.subjects[0][1], g.subjects[1][1]) for g in fragile] == [
        ("Changing workplace culture", "Corporate employers")]
    (spof,) = [g for g in gaps if g.type == "single_point_of_failure"]
    assert spof.subjects[0][0] == CGD + "wprc-sg-corporate-employers"
    assert spof.details["component_sizes"] == [2, 1, 1]   # trainers + job seekers | the leaders | WPRC


def test_gaps_are_hashable(weave):
    gaps = find_gaps(weave)
    assert len(set(gaps)) == len(gaps)


@pytest.mark.parametrize("query_id,gap_type", [("uncovered-priorities", "uncovered_priority"),
                                               ("unmeasured-activities", "unmeasured_activity")])
def test_same_answers_as_the_sparql_twin(dataset, pg, query_id, gap_type):
    """The query library states the same rule in SPARQL: both must name the same
    (initiative, subject) pairs on the case studies."""
    from cigraph.queries import QueryLibrary
    from cigraph.sparql import run_sparql

    rows = run_sparql(dataset, QueryLibrary().get(query_id, "sparql")).records()
    subject = "priority" if gap_type == "uncovered_priority" else "activity"
    sparql = sorted((r["initiative"], r[subject]) for r in rows)
    ours = sorted((g.initiative, g.subjects[0][0]) for g in find_gaps(pg, types=[gap_type]))
    assert ours == sparql
