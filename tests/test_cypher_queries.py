"""The Cypher query library (queries/*.cypher) on the embedded store, with the case studies.

Golden answers are facts stated in the two source documents (/work/shared/seeds; the
section is named in each test) and checked against data/*.ttl; where a query covers
all eight initiatives the full answer is also recomputed from the PropertyGraph by a
separate code path (plain Python over pg.nodes / pg.edges), so the Cypher and the
mapping are checked against each other. The SPARQL twins must give the same rows.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict

import pytest

from cigraph.errors import QueryError
from cigraph.queries import QueryLibrary
from cigraph.stores import open_store
from casestudies import initiative_count

CI = "https://w3id.org/cigraph#"
CGD = "https://w3id.org/cigraph/id/"
LIB = QueryLibrary()
CY = {q.id: q for q in LIB.all("cypher")}
RQ = {q.id: q for q in LIB.all("sparql")}

YPI = CGD + "org-youth-policy-institute"
LATTC = CGD + "org-los-angeles-trade-technical-college"
CITY_LA = CGD + "org-city-of-los-angeles"
LAPZ, SLATEZ = CGD + "lapz", CGD + "slatez"

#: parameters for queries that require them
REQUIRED = {"path-between-organizations": {"a": YPI, "b": LATTC}}


@pytest.fixture(scope="module")
def store(pg, tmp_path_factory):
    """The case studies in the embedded store, loaded once per test run: pytest-xdist
    workers share the file (queries open it read-only) through the run's common folder."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    path = root / "cypher-queries.lbdb"
    s = open_store("embedded", path=path)
    with open(root / "cypher-queries.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.is_file():
            s.load(pg)
    yield s
    s.close()


def ask(store, qid, **params):
    q = CY[qid]
    return store.run(q.text, **q.check_params(params))


def out_edges(pg, type_):
    d = defaultdict(set)
    for e in pg.edges_of_type(type_):
        d[e.source].add(e.target)
    return d


# -- the library ------------------------------------------------------------------------

def test_at_least_twelve_questions():
    assert len(CY) >= 12, sorted(CY)


@pytest.mark.parametrize("qid", sorted(CY))
def test_header_order_by_and_parameters(qid):
    q = CY[qid]
    assert q.summary and q.kind in {"cq", "gap", "check", "explore"}
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid)
    body = "\n".join(line for line in q.text.splitlines() if not line.lstrip().startswith("//"))
    assert re.search(r"\bORDER\s+BY\b", body), f"{qid}: no ORDER BY"
    used = set(re.findall(r"\$(\w+)", body))
    assert used == {p.name for p in q.params}, f"{qid}: header params {q.params} but the text uses {used}"
    assert not re.search(r"\b(CREATE|MERGE|DELETE|SET|REMOVE)\b", body), f"{qid} writes"


@pytest.mark.parametrize("qid", sorted(CY))
def test_every_query_runs_and_is_deterministic(store, qid):
    first = ask(store, qid, **REQUIRED.get(qid, {}))
    assert ask(store, qid, **REQUIRED.get(qid, {})) == first
    if CY[qid].kind != "check" and "coverage" not in CY[qid].meta:  # tested on hand-made data
        assert first, f"{qid} returned nothing on the case studies"
    for row in first:  # plain columns that a SPARQL twin can match
        assert all(v is None or isinstance(v, (str, int, float, bool, list)) for v in row.values()), row


@pytest.mark.parametrize("qid", sorted(q for q in CY if q in RQ))
def test_same_rows_as_the_sparql_twin(store, dataset, qid):
    from cigraph.sparql import run_sparql

    cypher = ask(store, qid, **REQUIRED.get(qid, {}))
    sparql = run_sparql(dataset, RQ[qid], params=REQUIRED.get(qid, {})).records()
    assert cypher or RQ[qid].kind == "check" or "coverage" in RQ[qid].meta
    assert [list(r) for r in cypher[:1]] == [list(r) for r in sparql[:1]], "columns differ"
    key = lambda r: repr(sorted(r.items()))  # noqa: E731
    assert sorted(cypher, key=key) == sorted(sparql, key=key)


@pytest.mark.parametrize("qid", sorted(q for q, v in CY.items() if any(p.name == "initiative" for p in v.params)))
def test_initiative_parameter_narrows_and_is_bound(store, qid):
    everything = ask(store, qid)
    lapz = ask(store, qid, initiative=LAPZ)
    assert all(r.get("initiative", LAPZ) == LAPZ for r in lapz)
    assert len(lapz) <= len(everything)
    assert ask(store, qid, initiative="x' OR 1=1 //") == []


def test_unknown_parameter_is_refused():
    with pytest.raises(QueryError, match="has no parameter"):
        CY["backbones"].check_params({"initiatve": LAPZ})


# -- answers from the sources ---------------------------------------------------------------

def test_backbones(store, pg):
    """003 "Collective Impact in Practice": the Youth Policy Institute is the LA Promise
    Zone's backbone, Los Angeles Trade Technical College SLATE-Z's; 000 Example #1: the
    co-chair organizations (Public Health, DCCS) serve as DCEC's backbone; Example #6:
    WPRC staff serve as the backbone."""
    rows = ask(store, "backbones")
    got = {(r["initiative"], r["backbone"]) for r in rows}
    assert {(LAPZ, YPI), (SLATEZ, LATTC), (CGD + "dcec", CGD + "org-public-health-dufferin"),
            (CGD + "dcec", CGD + "org-dufferin-county-community-services"),
            (CGD + "wprc", CGD + "org-winnipeg-poverty-reduction-council")} <= got
    assert got == {(s, t) for s, ts in out_edges(pg, "HAS_BACKBONE").items() for t in ts}
    assert [r["backbone_name"] for r in ask(store, "backbones", initiative=LAPZ)] == ["Youth Policy Institute"]


def test_backbone_roles(store):
    rows = ask(store, "backbone-roles", initiative=SLATEZ)
    assert [(r["backbone_name"], r["role"]) for r in rows] == [
        ("Los Angeles Trade Technical College", CI + "BackboneRole")]
    dcec = {(r["backbone_name"], r["role_name"]) for r in ask(store, "backbone-roles", initiative=CGD + "dcec")}
    assert {("Public Health", "Backbone"), ("Public Health", "Co-chair")} <= dcec


def test_city_of_los_angeles_leads_both_la_initiatives(store, pg):
    """003: "the City of Los Angeles is the lead agency" of the LA Promise Zone and of SLATE-Z."""
    shared = ask(store, "shared-organizations")
    assert {"organization": CITY_LA, "organization_name": "City of Los Angeles", "initiatives": 2} in shared
    member_of = out_edges(pg, "MEMBER_OF")
    expected = {o for o, inits in member_of.items() if len(inits) > 1 and "Organization" in pg.nodes[o].labels}
    assert {r["organization"] for r in shared} == expected
    leads = [r for r in ask(store, "members-by-role") if r["role"] == CI + "LeadAgencyRole"]
    assert {(r["initiative"], r["participant"]) for r in leads} >= {(LAPZ, CITY_LA), (SLATEZ, CITY_LA)}


def test_path_between_the_two_la_backbones(store):
    """YPI and LA Trade Tech meet through the City of Los Angeles (lead agency of both) and
    through the Promise Zones network: 4 hops either way."""
    rows = ask(store, "path-between-organizations", a=YPI, b=LATTC)
    assert [(r["hops"], r["step"], r["node"]) for r in rows] == [
        (4, 1, LAPZ), (4, 2, CGD + "net-promise-zones"), (4, 2, CITY_LA), (4, 3, SLATEZ)]
    # the other way round, the steps count from the other end
    back = ask(store, "path-between-organizations", a=LATTC, b=YPI)
    assert [(r["step"], r["node"]) for r in back] == [(1, SLATEZ), (2, CGD + "net-promise-zones"),
                                                      (2, CITY_LA), (3, LAPZ)]


def test_no_path_between_a_canadian_and_a_us_organization(store):
    assert ask(store, "path-between-organizations", a=YPI, b=CGD + "org-winnipeg-poverty-reduction-council") == []


def test_initiative_overview_of_the_la_promise_zone(store):
    """003: nearly 50 institutions and organizations; four goals (jobs, safety, education,
    housing); a leadership council and five working groups (one node stands for the five)."""
    [row] = ask(store, "initiative-overview", initiative=LAPZ)
    assert row == {"initiative": LAPZ, "name": "Los Angeles Promise Zone", "country": "US",
                   "network": CGD + "net-promise-zones", "member_count": 50, "participants": 2,
                   "priorities": 4, "activities": 2, "working_groups": 2}
    assert len(ask(store, "initiative-overview")) == initiative_count()


def test_slate_z_has_five_goals_and_two_unserved(store):
    """003: SLATE-Z's five goals (living-wage jobs, economic activity, student attainment,
    violent crime, public transit); the data records activities for three of them."""
    [row] = ask(store, "initiative-overview", initiative=SLATEZ)
    assert row["priorities"] == 5
    assert [r["priority_name"] for r in ask(store, "uncovered-priorities", initiative=SLATEZ)] == [
        "Living-wage jobs", "Public transit"]
    assert ask(store, "uncovered-priorities", initiative=LAPZ) == []


def test_uncovered_priorities_match_the_graph(store, pg):
    serves = out_edges(pg, "SERVES")
    served = {p for ps in serves.values() for p in ps}
    sub_of = out_edges(pg, "SUB_PRIORITY_OF")

    def covered(p, seen=()):
        return p in served or any(covered(s, seen + (p,)) for s, parents in sub_of.items()
                                  if p in parents and s not in seen)

    expected = sorted(n.id for n in pg.by_label("Priority") if not covered(n.id))
    assert sorted(r["priority"] for r in ask(store, "uncovered-priorities")) == expected


def test_unmeasured_activities(store, pg):
    """003 says nothing about indicators for the LA Promise Zone: both its activities are unmeasured."""
    rows = ask(store, "unmeasured-activities", initiative=LAPZ)
    assert [r["activity"] for r in rows] == [CGD + "lapz-act-oversight", CGD + "lapz-act-working-group-strategies"]
    measured = set(out_edges(pg, "MEASURED_BY"))
    expected = sorted(n.id for n in pg.by_label("Activity") if n.id not in measured)
    assert sorted(r["activity"] for r in ask(store, "unmeasured-activities")) == expected


def test_condition_maturity(store):
    """Five practices per initiative; LA Promise Zone as recorded from 003 (goals and a named
    backbone are established; nothing is said about shared measurement or communication)."""
    rows = ask(store, "condition-maturity")
    assert len(rows) == 5 * initiative_count()
    lapz = [(r["condition"][len(CI):], r["maturity"][len(CI):]) for r in rows if r["initiative"] == LAPZ]
    assert lapz == [("CommonAgendaCondition", "Established"), ("SharedMeasurementCondition", "Planned"),
                    ("MutuallyReinforcingActivitiesCondition", "Emerging"),
                    ("ContinuousCommunicationCondition", "Planned"), ("BackboneSupportCondition", "Established")]


def test_sectors_of_the_la_promise_zone(store):
    rows = ask(store, "sectors-per-initiative", initiative=LAPZ)
    assert [(r["sector_name"], r["participants"]) for r in rows] == [("Non-profit sector", 1), ("Public sector", 1)]


def test_working_groups(store, pg):
    """003: the LA Promise Zone is overseen by a leadership council and carried out by five working groups."""
    rows = ask(store, "working-groups", initiative=LAPZ)
    assert [(r["working_group_name"], r["activities"]) for r in rows] == [
        ("Leadership Council", 1), ("Working groups (five, not named in the source)", 1)]
    focus = ask(store, "working-group-focus")
    coordinated = {(r["working_group"], r["target"]) for r in focus if r["relation"] == "coordinates"}
    assert coordinated == {(w, a) for a, ws in out_edges(pg, "COORDINATED_BY").items() for w in ws}
    focused = {(r["working_group"], r["target"]) for r in focus if r["relation"] == "focuses on"}
    assert focused == {(w, p) for w, ps in out_edges(pg, "FOCUSES_ON").items() for p in ps}


def test_who_measures_what(store, pg):
    rows = ask(store, "who-measures-what")
    assert not [r for r in rows if r["initiative"] == LAPZ]  # 003 names no indicator for LA
    tracked = {(r["indicator"], r["tracks"]) for r in rows if r["tracks"]}
    expected = {(i, x) for i, xs in out_edges(pg, "INDICATOR_FOR").items() for x in xs}
    expected |= {(i, a) for a, inds in out_edges(pg, "MEASURED_BY").items() for i in inds}
    assert tracked == expected
    assert {r["indicator"] for r in rows} == {n.id for n in pg.by_label("Indicator")}


def test_backbone_functions_and_gaps(store, pg):
    """000 Example #6: WPRC staff do outreach, convene meetings, produce communication
    materials, plan, share resources, carry out developmental evaluation, build awareness."""
    performed = {(r["initiative"], r["function"]) for r in ask(store, "backbone-functions")}
    wprc = {f[len(CI):] for i, f in performed if i == CGD + "wprc"}
    assert {"GuideVisionAndStrategy", "EstablishSharedMeasurement", "BuildPublicWill"} <= wprc
    gaps = {(r["initiative"], r["function"]) for r in ask(store, "backbone-function-gaps")}
    functions = {n.id for n in pg.by_label("BackboneFunction")}
    initiatives = {n.id for n in pg.by_label("Initiative")}
    assert len(functions) == 6
    assert gaps == {(i, f) for i in initiatives for f in functions} - performed
    assert {f for i, f in gaps if i == LAPZ} == functions  # 003 names no backbone function for LA


def test_evaluation_methods_and_channels_match_the_graph(store, pg):
    part_of = {n: ts for n, ts in out_edges(pg, "PART_OF_INITIATIVE").items()}
    methods = {(r["initiative"], r["method"]) for r in ask(store, "evaluation-methods")}
    assert methods == {(i, n.id) for n in pg.by_label("EvaluationMethod") for i in part_of.get(n.id, ())}
    # 000 Example #6: WPRC's methods include baseline surveys and a monthly DE Journal
    names = {r["method_name"] for r in ask(store, "evaluation-methods", initiative=CGD + "wprc")}
    assert {"Baseline surveys", "DE Journal"} <= names
    channels = ask(store, "channels")
    assert {(r["initiative"], r["channel"]) for r in channels} == {
        (i, n.id) for n in pg.by_label("CommunicationChannel") for i in part_of.get(n.id, ())}
    assert ask(store, "channels", initiative=LAPZ) == []  # 003 names no channel for LA


def test_practice_sources_of_the_la_promise_zone(store):
    rows = ask(store, "practice-sources", initiative=LAPZ)
    assert len(rows) == 5
    assert {(r["section"], r["document"]) for r in rows} == {(CGD + "src-whatis-lapz", CGD + "src-whatis")}


def test_every_case_study_node_cites_a_source(store):
    assert ask(store, "provenance-gaps") == []


def test_loading_the_case_studies_again_changes_no_answer(store, pg):
    """Idempotency end to end: a second load of the same projection gives every query the same rows."""
    before = {qid: ask(store, qid, **REQUIRED.get(qid, {})) for qid in CY}
    stats = store.load(pg)
    assert stats.verified and stats.nodes == len(pg.nodes) and stats.relationships == len(pg.edges)
    assert {qid: ask(store, qid, **REQUIRED.get(qid, {})) for qid in CY} == before


@pytest.mark.neo4j
@pytest.mark.skipif(not os.environ.get("NEO4J_URI"),
                    reason="set NEO4J_URI (and NEO4J_PASSWORD) to compare the answers of a Neo4j server")
def test_neo4j_gives_the_same_answers(store, pg):
    """The whole path on a real server: load the case studies, run every query, same rows as embedded."""
    neo = open_store("neo4j")
    try:
        stats = neo.load(pg, replace=True)
        assert stats.verified
        for qid in sorted(CY):
            params = CY[qid].check_params(REQUIRED.get(qid, {}))
            assert neo.run(CY[qid].text, **params) == store.run(CY[qid].text, **params), qid
    finally:
        neo.close()
