"""The SPARQL query library (queries/*.rq) and run_sparql.

Golden answers come from the two source documents in shared/seeds (the section
is named in each test); a few rules are tested on small hand-built graphs whose
answer is worked out by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cigraph.errors import QueryError
from cigraph.queries import QueryLibrary
from cigraph.sparql import QueryTimeout, run_sparql, serialize
from casestudies import initiative_count

CI = "https://w3id.org/cigraph#"
CGD = "https://w3id.org/cigraph/id/"
LIB = QueryLibrary()
RQ = {q.id: q for q in LIB.all("sparql")}

#: the initiatives of the case studies and their example number in source 000
CRP_EXAMPLES = {"dcec": 1, "epe": 2, "lsj": 3, "sprp": 4, "ssmprt": 5, "wprc": 6}
INITIATIVES = sorted([*CRP_EXAMPLES, "lapz", "slatez"])


def ask(ds, query_id, **params):
    """Rows of a library query as dicts of plain values."""
    return run_sparql(ds, RQ[query_id], params=params).records()


def c(local):  # a cigraph ontology term
    return CI + local


def d(local):  # a case-study instance
    return CGD + local


# -- the library itself -------------------------------------------------------------------------

EXPECTED_IDS = {
    "backbones", "shared-organizations", "uncovered-priorities", "unmeasured-activities",
    "sectors-per-initiative", "working-groups", "who-measures-what", "initiative-overview",
    "condition-maturity", "members-by-role", "backbone-functions", "evaluation-methods", "channels",
    "practice-sources", "ontology-alignments", "provenance-gaps", "facts-about",
    "backbone-function-gaps", "backbone-roles", "working-group-focus", "path-between-organizations",
}
#: values for the required parameters of library queries
REQUIRED = {"entity": "cgd:lapz", "a": "cgd:org-youth-policy-institute",
            "b": "cgd:org-los-angeles-trade-technical-college"}


def test_the_library_holds_every_question():
    assert EXPECTED_IDS <= set(RQ), sorted(EXPECTED_IDS - set(RQ))


@pytest.mark.parametrize("qid", sorted(RQ))
def test_query_header_and_order(qid):
    q = RQ[qid]
    assert q.summary and q.kind in {"cq", "gap", "check", "explore"}
    assert re.search(r"\bORDER\s+BY\b", q.text, re.I), f"{qid} has no ORDER BY"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid)


@pytest.mark.parametrize("qid", sorted(RQ))
def test_query_runs_and_is_deterministic(dataset, qid):
    q = RQ[qid]
    params = {p.name: REQUIRED[p.name] for p in q.params if not p.optional}
    first = run_sparql(dataset, q, params=params)
    second = run_sparql(dataset, q, params=params)
    assert first.kind == "select"
    assert first.rows == second.rows
    if q.kind != "check" and "coverage" not in q.meta:  # "coverage: hand-made test data only"
        assert len(first) > 0, f"{qid} returned nothing on the case studies"


PARAM_QUERIES = sorted(qid for qid, q in RQ.items() if any(p.name == "initiative" for p in q.params))


@pytest.mark.parametrize("qid", PARAM_QUERIES)
def test_initiative_parameter_is_bound_by_the_engine(dataset, qid):
    """Binding ?initiative gives exactly that initiative's rows of the unbound answer."""
    assert all(p.optional for p in RQ[qid].params if p.name == "initiative")
    every = ask(dataset, qid)
    for code in ("lapz", "sprp"):
        bound = ask(dataset, qid, initiative=f"cgd:{code}")
        assert bound == [r for r in every if r["initiative"] == d(code)]


def test_a_parameter_value_is_never_spliced_into_the_text(dataset):
    # a value that would break out of the query if it were formatted in is just a literal
    for evil in ('"} } UNION { ?s ?p ?o } #', 'x> } UNION { ?s ?p ?o } #', "<x> } UNION { ?s ?p ?o }"):
        assert ask(dataset, "facts-about", entity=evil) == []


def _from_rdflib(v):
    """An rdflib term as the plain value run_sparql's records() gives."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    from cigraph.sparql import python_value

    if v is None:
        return None
    if isinstance(v, URIRef):
        return str(v)
    if isinstance(v, BNode):
        return f"_:{v}"
    assert isinstance(v, Literal)
    if v.language:
        return python_value(ox.Literal(str(v), language=v.language))
    if v.datatype:
        return python_value(ox.Literal(str(v), datatype=ox.NamedNode(str(v.datatype))))
    return str(v)


def test_rdflib_gives_the_same_answers(dataset, kg):
    """A second engine (rdflib, on the merged graph) agrees with Oxigraph on every library
    query that needs neither a named graph nor a parameter."""
    from cigraph.vocab import PREFIXES

    checked = 0
    for qid, q in sorted(RQ.items()):
        if "GRAPH" in q.text or any(not p.optional for p in q.params):
            continue
        mine = [tuple(r.values()) for r in run_sparql(dataset, q).records()]
        theirs = [tuple(_from_rdflib(v) for v in row) for row in kg.query(q.text, initNs=PREFIXES)]
        assert sorted(map(repr, mine)) == sorted(map(repr, theirs)), qid
        checked += 1
    assert checked >= 10


# -- golden answers from the sources --------------------------------------------------------------

def test_backbones(dataset):
    """003 'Collective Impact in Practice': YPI is the LA Promise Zone's backbone, LA Trade Technical
    College SLATE-Z's; 000 Examples #1 and #6: DCEC's co-chair organizations, WPRC staff."""
    rows = ask(dataset, "backbones")
    by = {}
    for r in rows:
        by.setdefault(r["initiative"], set()).add(r["backbone"])
    assert by[d("lapz")] == {d("org-youth-policy-institute")}
    assert by[d("slatez")] == {d("org-los-angeles-trade-technical-college")}
    assert by[d("dcec")] == {d("org-public-health-dufferin"), d("org-dufferin-county-community-services")}
    assert by[d("wprc")] == {d("org-winnipeg-poverty-reduction-council")}
    # the lead agency is not the backbone
    assert all(r["backbone"] != d("org-city-of-los-angeles") for r in rows)
    names = [r["initiative_name"] for r in rows]
    assert names == sorted(names)


def test_city_of_los_angeles_is_lead_agency_of_both_la_initiatives(dataset):
    """003: 'the City of Los Angeles is the lead agency' of the LA Promise Zone and of SLATE-Z."""
    rows = ask(dataset, "members-by-role")
    city = {(r["initiative"], r["role"]) for r in rows if r["participant"] == d("org-city-of-los-angeles")}
    assert city == {(d("lapz"), c("LeadAgencyRole")), (d("slatez"), c("LeadAgencyRole"))}


def test_members_by_role(dataset):
    """000 Example #2: EPE's strategy was endorsed by Edmontonians, community organizations and City
    Council; Example #4: the Saskatoon Food Bank and Learning Centre manages SPRP's financials."""
    rows = ask(dataset, "members-by-role", initiative="cgd:epe")
    endorsers = {r["participant"] for r in rows if r["role"] == c("EndorserRole")}
    assert endorsers == {d("org-edmonton-city-council"), d("epe-sg-edmontonians"),
                         d("epe-sg-community-organizations")}
    sprp = ask(dataset, "members-by-role", initiative="cgd:sprp")
    assert {r["participant"] for r in sprp if r["role"] == c("FinancialStewardRole")} == \
        {d("org-saskatoon-food-bank-and-learning-centre")}


def test_shared_organizations(dataset):
    """Only the City of Los Angeles takes part in two initiatives (003); the six Canadian case
    studies in 000 share no organization."""
    assert ask(dataset, "shared-organizations") == [
        {"organization": d("org-city-of-los-angeles"), "organization_name": "City of Los Angeles",
         "initiatives": 2}]


def test_condition_maturity(dataset):
    """Every initiative has one practice per condition, listed in the framework's order; 003 says
    nothing on LA Promise Zone measurement (planned) and names its backbone (established)."""
    rows = ask(dataset, "condition-maturity")
    assert len(rows) == 5 * initiative_count()
    order = [c("CommonAgendaCondition"), c("SharedMeasurementCondition"),
             c("MutuallyReinforcingActivitiesCondition"), c("ContinuousCommunicationCondition"),
             c("BackboneSupportCondition")]
    for code in INITIATIVES:
        assert [r["condition"] for r in rows if r["initiative"] == d(code)] == order, code
    lapz = {r["condition"]: (r["maturity"], r["maturity_rank"]) for r in rows if r["initiative"] == d("lapz")}
    assert lapz[c("SharedMeasurementCondition")] == (c("Planned"), 1)
    assert lapz[c("BackboneSupportCondition")] == (c("Established"), 3)


def test_sectors_per_initiative(dataset):
    """003: the City of Los Angeles (public sector) is in both LA initiatives; SLATE-Z's partners include
    educational institutions and private-sector businesses."""
    rows = ask(dataset, "sectors-per-initiative")
    sectors = {}
    for r in rows:
        sectors.setdefault(r["initiative"], {})[r["sector"]] = r["participants"]
    assert sectors[d("lapz")][c("PublicSector")] >= 1
    assert {c("PublicSector"), c("EducationSector"), c("PrivateSector")} <= set(sectors[d("slatez")])
    # every participant with a sector is counted once per initiative
    members = run_sparql(dataset, "SELECT DISTINCT ?i ?p WHERE { ?p ci:memberOf ?i ; ci:inSector ?s }").records()
    assert sum(r["participants"] for r in rows) == len(members)


def test_uncovered_priorities_case_studies(dataset):
    """003: all five LA Promise Zone working groups serve the four shared goals, so none is uncovered."""
    assert ask(dataset, "uncovered-priorities", initiative="cgd:lapz") == []
    for r in ask(dataset, "uncovered-priorities"):
        served = run_sparql(dataset, "ASK { ?a ci:serves ?p }", params={"p": r["priority"]}).boolean
        assert served is False


def test_unmeasured_activities_case_studies(dataset):
    """003 names no indicator for the LA Promise Zone, so both of its activities are unmeasured."""
    rows = ask(dataset, "unmeasured-activities", initiative="cgd:lapz")
    assert {r["activity"] for r in rows} == {d("lapz-act-oversight"), d("lapz-act-working-group-strategies")}


def test_working_groups(dataset):
    """003: the LA Promise Zone is overseen by a leadership council and carried out by five working groups."""
    rows = ask(dataset, "working-groups", initiative="cgd:lapz")
    assert {r["working_group"]: r["activities"] for r in rows} == {
        d("lapz-leadership-council"): 1, d("lapz-working-groups"): 1}


def test_initiative_overview(dataset):
    """Member counts as the sources give them: DCEC 26 member agents, Living SJ 100 plus, LA Promise Zone
    nearly 50, SLATE-Z over 55; six Canadian and two US initiatives."""
    rows = {r["initiative"]: r for r in ask(dataset, "initiative-overview")}
    assert {d(code) for code in INITIATIVES} <= set(rows) and len(rows) == initiative_count()
    assert {k: rows[d(k)]["member_count"] for k in ("dcec", "lsj", "lapz", "slatez")} == \
        {"dcec": 26, "lsj": 100, "lapz": 50, "slatez": 55}
    assert sorted(rows[d(k)]["country"] for k in INITIATIVES) == ["CA"] * 6 + ["US"] * 2
    assert rows[d("lapz")]["network"] == d("net-promise-zones")
    assert rows[d("lapz")]["priorities"] == 4           # jobs, safety, education, housing
    assert rows[d("slatez")]["priorities"] == 5         # "five overarching and interrelated goals"
    assert rows[d("lsj")]["priorities"] == 4            # education, employment, health, neighbourhoods


def test_backbone_functions(dataset):
    """000 Example #2: EPE staff guide vision and strategy, convene partners and support aligned
    measurement; Example #6: WPRC staff carry out developmental evaluation and build awareness."""
    rows = ask(dataset, "backbone-functions")
    epe = [r["function"] for r in rows if r["initiative"] == d("epe")]
    assert epe == [c("GuideVisionAndStrategy"), c("SupportAlignedActivities"), c("EstablishSharedMeasurement")]
    wprc = {r["function"] for r in rows if r["initiative"] == d("wprc")}
    assert {c("EstablishSharedMeasurement"), c("BuildPublicWill")} <= wprc


def test_evaluation_methods(dataset):
    """000 Example #6: developmental evaluation with baseline surveys, interviews, tracking significant
    conversations and events, a monthly DE Journal, and the Kirkpatrick Model. Example #2: EPE's
    recently completed Collective Impact Baseline Evaluation."""
    wprc = ask(dataset, "evaluation-methods", initiative="cgd:wprc")
    names = [r["method_name"].lower() for r in wprc]
    for key in ("developmental evaluation", "baseline survey", "interview", "significant conversations",
                "de journal", "kirkpatrick"):
        assert sum(key in n for n in names) == 1, key
    assert len(wprc) == 6
    epe = ask(dataset, "evaluation-methods", initiative="cgd:epe")
    assert [(r["method_name"], r["status"]) for r in epe] == [("Collective Impact Baseline Evaluation", "completed")]


def test_channels(dataset):
    """000 Example #6: a five-minute video, an annual Update to the Community, social media and regular
    meeting updates; Example #1: DCEC's strategy, brand, website, social media and bi-monthly meetings."""
    wprc = ask(dataset, "channels", initiative="cgd:wprc")
    assert {r["channel_type"] for r in wprc} == {"video", "report", "social media", "meeting"}
    assert [r["cadence"] for r in wprc if r["channel_type"] == "report"] == ["annual"]
    dcec = ask(dataset, "channels", initiative="cgd:dcec")
    assert {"strategy", "brand", "website", "social media", "meeting"} <= {r["channel_type"] for r in dcec}
    assert "bi-monthly" in {r["cadence"] for r in dcec}


def test_who_measures_what(dataset):
    """000 Example #5: Sault Ste. Marie is setting indicators for the outcomes of its five priority areas;
    Example #4: SPRP's indicators for change are tied to the 12 Bold Ideas."""
    rows = ask(dataset, "who-measures-what")
    ssm = [r for r in rows if r["initiative"] == d("ssmprt")]
    assert len({r["tracks"] for r in ssm}) == 5
    sprp = {r["indicator"]: r["tracks"] for r in rows if r["initiative"] == d("sprp")}
    assert sprp[d("sprp-ind-change")] == d("sprp-priority-bold-ideas")


def test_practice_sources(dataset):
    """Each practice cites the sections of its own case study: source 000's 'Example #k' for the six
    Canadian initiatives, source 003's LA sections for the two Promise Zones."""
    rows = [r for r in ask(dataset, "practice-sources") if r["initiative"][len(CGD):] in INITIATIVES]
    # one or more assessments (ontology 0.2) of each of the five conditions per initiative
    assert len({(r["initiative"], r["condition"]) for r in rows}) == 5 * len(INITIATIVES)
    for r in rows:
        code = r["initiative"][len(CGD):]
        if code in CRP_EXAMPLES:
            assert r["document"] == d("src-crp")
            assert r["section_title"].startswith(f"Example #{CRP_EXAMPLES[code]}:"), r
        else:
            assert r["document"] == d("src-whatis")
            assert ("LA Promise Zone" if code == "lapz" else "SLATE-Z") in r["section_title"], r


def test_ontology_alignments(dataset):
    """The alignments declared in ontology/cigraph.ttl, read back from the ontology graph."""
    rows = ask(dataset, "ontology-alignments")
    got = {(r["term"], r["relation"], r["external"], r["standard"], r["kind"]) for r in rows}
    RDFS, SKOS = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
    ORG, PROV, CIDS = "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#", \
        "https://ontology.commonapproach.org/cids#"
    for expected in [
        (c("Organization"), RDFS + "subClassOf", ORG + "Organization", "W3C ORG", "class"),
        (c("Organization"), SKOS + "closeMatch", CIDS + "Organization", "CIDS", "class"),
        (c("Initiative"), RDFS + "subClassOf", ORG + "OrganizationalCollaboration", "W3C ORG", "class"),
        (c("Membership"), RDFS + "subClassOf", ORG + "Membership", "W3C ORG", "class"),
        (c("Participant"), RDFS + "subClassOf", PROV + "Agent", "PROV-O", "class"),
        (c("Role"), RDFS + "subClassOf", SKOS + "Concept", "SKOS", "class"),
        (c("performs"), RDFS + "subPropertyOf", CIDS + "performs", "CIDS", "property"),
        (c("employedBy"), RDFS + "subPropertyOf", ORG + "postIn", "W3C ORG", "property"),
    ]:
        assert expected in got, expected
    assert {"W3C ORG", "PROV-O", "SKOS", "CIDS"} <= {r["standard"] for r in rows}
    # internal structure (ci: to ci:) and rdfs:label are not alignments
    assert not any(r["external"].startswith(CI) for r in rows)


def test_provenance_gaps_none_in_the_case_studies(dataset):
    assert ask(dataset, "provenance-gaps") == []


def test_provenance_gaps_finds_an_uncited_entity(tmp_path):
    """The check fails when it should: an activity citing nothing, and one citing an undeclared section."""
    from cigraph.pipeline import build_dataset
    from cigraph.resources import data_dir
    from cigraph.settings import Settings

    extra = tmp_path / "extra.ttl"
    extra.write_text("""@prefix ci: <https://w3id.org/cigraph#> . @prefix cgd: <https://w3id.org/cigraph/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
cgd:test-act-uncited a ci:Activity ; ci:name "Uncited" ; ci:partOfInitiative cgd:lapz .
cgd:test-act-bad-section a ci:Activity ; ci:name "Cites nothing real" ; ci:partOfInitiative cgd:lapz ;
    prov:wasDerivedFrom cgd:src-nowhere .
""")
    ds = build_dataset(Settings(data_dirs=(data_dir(), extra)))
    rows = ask(ds, "provenance-gaps")
    assert rows == [{"entity": d("test-act-bad-section"), "type": c("Activity")},
                    {"entity": d("test-act-uncited"), "type": c("Activity")}]


def test_facts_about(dataset):
    rows = ask(dataset, "facts-about", entity="cgd:lapz")
    assert {r["entity"] for r in rows} == {d("lapz")}
    facts = {(r["direction"], r["property"], r["value"]) for r in rows}
    assert ("out", c("hasBackbone"), d("org-youth-policy-institute")) in facts       # inferred
    assert ("out", c("name"), "Los Angeles Promise Zone") in facts                   # asserted
    assert ("in", "http://www.w3.org/ns/org#organization", d("lapz-m-city")) in facts
    assert [r["direction"] for r in rows] == sorted((r["direction"] for r in rows), reverse=True)


def test_facts_about_needs_its_parameter(dataset):
    with pytest.raises(QueryError, match="--param entity"):
        run_sparql(dataset, RQ["facts-about"])
    with pytest.raises(QueryError, match="no parameter"):
        run_sparql(dataset, RQ["backbones"], params={"entity": "cgd:lapz"})


def test_backbone_function_gaps(dataset):
    """The complement of backbone-functions: EPE's backbone shows no evidence of building public will,
    advancing policy or mobilizing funding (000 Example #2 lists the other three)."""
    gaps = [r["function"] for r in ask(dataset, "backbone-function-gaps", initiative="cgd:epe")]
    assert gaps == [c("BuildPublicWill"), c("AdvancePolicy"), c("MobilizeFunding")]
    done = {(r["initiative"], r["function"]) for r in ask(dataset, "backbone-functions")}
    missing = {(r["initiative"], r["function"]) for r in ask(dataset, "backbone-function-gaps")}
    assert not done & missing and len(done | missing) == 6 * initiative_count()


def test_backbone_roles(dataset):
    """000 Example #1: DCEC's co-chair organizations, Public Health and DCCS, are its backbone."""
    rows = ask(dataset, "backbone-roles", initiative="cgd:dcec")
    roles = {(r["backbone"], r["role"]) for r in rows}
    for org_ in ("org-public-health-dufferin", "org-dufferin-county-community-services"):
        assert {(d(org_), c("BackboneRole")), (d(org_), c("CoChairRole"))} <= roles
    lapz = ask(dataset, "backbone-roles", initiative="cgd:lapz")
    assert {(r["backbone"], r["role"]) for r in lapz} == {(d("org-youth-policy-institute"), c("BackboneRole"))}


def test_working_group_focus(dataset):
    """003: the LA Promise Zone's leadership council oversees the work; its working groups carry out
    the action strategies."""
    rows = ask(dataset, "working-group-focus", initiative="cgd:lapz")
    assert {(r["working_group"], r["relation"], r["target"]) for r in rows} == {
        (d("lapz-leadership-council"), "coordinates", d("lapz-act-oversight")),
        (d("lapz-working-groups"), "coordinates", d("lapz-act-working-group-strategies"))}


def test_path_between_organizations(dataset):
    """003: the Youth Policy Institute (LA Promise Zone) and LA Trade Technical College (SLATE-Z) are
    four hops apart, through the City of Los Angeles (lead agency of both) or the Promise Zones network."""
    rows = ask(dataset, "path-between-organizations", a="cgd:org-youth-policy-institute",
               b="cgd:org-los-angeles-trade-technical-college")
    assert [(r["hops"], r["step"], r["node"]) for r in rows] == [
        (4, 1, d("lapz")), (4, 2, d("net-promise-zones")), (4, 2, d("org-city-of-los-angeles")), (4, 3, d("slatez"))]
    # an unknown organization: no chain, no rows
    assert ask(dataset, "path-between-organizations", a="cgd:org-youth-policy-institute",
               b="cgd:no-such-organization") == []


# -- hand-built graphs ----------------------------------------------------------------------------

TOY = """@prefix ci: <https://w3id.org/cigraph#> . @prefix cgd: <https://w3id.org/cigraph/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
cgd:toy a ci:Initiative ; ci:name "Toy" .
cgd:p1 a ci:Priority ; ci:name "P1" ; ci:partOfInitiative cgd:toy .
cgd:p2 a ci:Priority ; ci:name "P2" ; ci:partOfInitiative cgd:toy .
cgd:p2a a ci:Priority ; ci:name "P2a" ; ci:subPriorityOf cgd:p2 ; ci:partOfInitiative cgd:toy .
cgd:p3 a ci:Priority ; ci:name "P3" ; ci:partOfInitiative cgd:toy .
cgd:p3a a ci:Priority ; ci:name "P3a" ; ci:subPriorityOf cgd:p3 ; ci:partOfInitiative cgd:toy .
cgd:a1 a ci:Activity ; ci:name "A1" ; ci:serves cgd:p1 ; ci:measuredBy cgd:i1 ; ci:partOfInitiative cgd:toy .
cgd:a2 a ci:Activity ; ci:name "A2" ; ci:serves cgd:p2a ; ci:partOfInitiative cgd:toy .
cgd:a3 a ci:Activity ; ci:name "A3" ; ci:partOfInitiative cgd:toy .
cgd:i1 a ci:Indicator ; ci:partOfInitiative cgd:toy .
cgd:i2 a ci:Indicator ; ci:measures cgd:a2 ; ci:partOfInitiative cgd:toy .
cgd:i3 a ci:Indicator ; ci:indicatorFor cgd:p3 ; ci:partOfInitiative cgd:toy .
cgd:i4 a ci:Indicator ; ci:partOfInitiative cgd:toy .
"""


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    from cigraph.pipeline import build_dataset
    from cigraph.settings import Settings

    f = tmp_path_factory.mktemp("toy") / "toy.ttl"
    f.write_text(TOY)
    return build_dataset(Settings(data_dirs=(f,)))


def test_uncovered_priorities_hand_built(toy):
    """P1 is served; P2 through its sub-priority P2a; P3 and its sub-priority P3a are not."""
    assert [r["priority_name"] for r in ask(toy, "uncovered-priorities")] == ["P3", "P3a"]


def test_unmeasured_activities_hand_built(toy):
    """A1 is measured directly, A2 through ci:measures (inverse, inferred at build); A3 is not."""
    assert [r["activity_name"] for r in ask(toy, "unmeasured-activities")] == ["A3"]


def test_who_measures_what_hand_built(toy):
    """i1 measures a1 (stated from the activity's side), i2 measures a2, i3 tracks priority P3, i4 nothing."""
    rows = ask(toy, "who-measures-what")
    assert [(r["indicator"], r["tracks"]) for r in rows] == [
        (d("i1"), d("a1")), (d("i2"), d("a2")), (d("i3"), d("p3")), (d("i4"), None)]


# -- run_sparql behaviour -------------------------------------------------------------------------

def test_syntax_error_names_line_and_column(dataset):
    with pytest.raises(QueryError) as e:
        run_sparql(dataset, "SELECT ?s\nWHERE {\n  ?s ci:name ?n .\n  FILTRE(?n)\n}")
    assert (e.value.line, e.value.column) == (4, 11)
    assert "line 4, column 11" in str(e.value) and "  4 |   FILTRE(?n)" in str(e.value)
    with pytest.raises(QueryError, match="line 1, column .*unknown prefix"):
        run_sparql(dataset, "SELECT ?s WHERE { ?s foo:name ?n }")


def test_updates_are_refused(dataset):
    before = len(dataset)
    with pytest.raises(QueryError, match="SPARQL Update"):
        run_sparql(dataset, "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }")
    assert len(dataset) == before


def test_result_size_limit(dataset):
    full = run_sparql(dataset, "SELECT ?s WHERE { ?s a ci:Activity } ORDER BY ?s")
    cut = run_sparql(dataset, "SELECT ?s WHERE { ?s a ci:Activity } ORDER BY ?s", limit=3)
    assert cut.truncated and not full.truncated and cut.rows == full.rows[:3]
    g = run_sparql(dataset, "CONSTRUCT { ?s a ci:Activity } WHERE { ?s a ci:Activity }", limit=2)
    assert g.kind == "graph" and len(g.triples) == 2 and g.truncated


def test_time_limit_stops_a_slow_query(dataset):
    """A three-way cross product (~10^11 rows) counted in one aggregate: only killing the worker stops it."""
    import time

    t = time.perf_counter()
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        run_sparql(dataset, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=1)
    assert time.perf_counter() - t < 8


def test_worker_answers_equal_in_process_answers(dataset):
    q = RQ["members-by-role"]
    assert run_sparql(dataset, q, timeout=20).rows == run_sparql(dataset, q).rows
    r = run_sparql(dataset, "ASK { cgd:lapz ci:hasBackbone cgd:org-youth-policy-institute }", timeout=20)
    assert r.kind == "ask" and r.boolean is True


def test_formats_round_trip(dataset):
    import pyoxigraph as ox

    r = run_sparql(dataset, RQ["channels"], params={"initiative": "cgd:wprc"})
    for fmt, qf in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                    ("tsv", ox.QueryResultsFormat.TSV)):
        back = ox.parse_query_results(serialize(r, fmt), qf)
        assert [v.value for v in back.variables] == r.variables
        assert [tuple(s[i] for i in range(len(r.variables))) for s in back] == r.rows, fmt
    csv = serialize(r, "csv").decode().splitlines()
    assert csv[0] == ",".join(r.variables) and len(csv) == len(r.rows) + 1
    table = serialize(r, "table").decode()
    assert "cgd:wprc-ch-video" in table and f"({len(r.rows)} rows)" in table
    g = run_sparql(dataset, "DESCRIBE cgd:lapz")
    ttl = serialize(g, "ttl")
    assert len(list(ox.parse(ttl, ox.RdfFormat.TURTLE))) == len(g.triples)
    with pytest.raises(QueryError, match="CONSTRUCT/DESCRIBE"):
        serialize(g, "csv")
    with pytest.raises(QueryError, match="table"):
        serialize(r, "ttl")


def test_query_files_are_bundled_where_the_library_looks():
    assert Path(LIB.directory, "backbones.rq").is_file()


def test_every_query_is_in_the_sparql_docs():
    root = Path(__file__).resolve().parents[1]
    doc = "\n".join(f.read_text(encoding="utf-8") for f in [root / "README.md", root / "docs" / "sparql.md"])
    assert [qid for qid in sorted(RQ) if f"`{qid}`" not in doc] == []
    for cmd in ("cigraph sparql", "cigraph serve", "cigraph queries"):
        assert cmd in doc
