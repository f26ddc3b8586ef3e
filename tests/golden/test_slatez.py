"""Golden facts for the SLATE-Z Promise Zone (South Los Angeles).

Every answer was checked by hand against source 003 ("What is Collective
Impact?"), section "Collective Impact in Practice", SLATE-Z paragraph
(cgd:src-whatis-slatez).
"""

from __future__ import annotations

PREFIXES = """
PREFIX ci:   <https://w3id.org/cigraph#>
PREFIX cgd:  <https://w3id.org/cigraph/id/>
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def rows(kg, q):
    return [tuple(None if v is None else v.toPython() for v in r) for r in kg.query(PREFIXES + q)]


def names(kg, q):
    return sorted(str(r[0]) for r in kg.query(PREFIXES + q))


def ask(kg, q):
    return kg.query(PREFIXES + q).askAnswer


def test_more_than_55_partners_in_promise_zones(kg):
    """cgd:src-whatis-slatez: over 55 implementation partners; one of the two
    Los Angeles Promise Zones."""
    assert rows(kg, "SELECT ?c ?q WHERE { cgd:slatez ci:memberCount ?c ; ci:memberCountQualifier ?q }") == [
        (55, "more than")]
    assert ask(kg, "ASK { cgd:slatez ci:partOfNetwork cgd:net-promise-zones }")


def test_city_lead_agency_and_lattc_backbone(kg):
    """cgd:src-whatis-slatez: the City of Los Angeles is lead agency (the same
    node as for the LA Promise Zone) and Los Angeles Trade Technical College is
    the backbone organization."""
    assert ask(kg, """ASK { ?m org:member cgd:org-city-of-los-angeles ; org:organization cgd:slatez ;
                                org:role ci:LeadAgencyRole }""")
    assert names(kg, "SELECT ?i WHERE { cgd:org-city-of-los-angeles ci:memberOf ?i }") == [
        "https://w3id.org/cigraph/id/lapz", "https://w3id.org/cigraph/id/slatez"]
    assert names(kg, "SELECT ?n WHERE { cgd:slatez ci:hasBackbone/ci:name ?n }") == ["Los Angeles Trade Technical College"]
    assert ask(kg, "ASK { cgd:org-los-angeles-trade-technical-college ci:inSector ci:EducationSector }")
    assert ask(kg, """ASK { cgd:slatez ci:hasBackboneSupport/ci:providedBy
                                cgd:org-los-angeles-trade-technical-college }""")


def test_partner_kinds_cover_five_sectors(kg):
    """cgd:src-whatis-slatez: partners are community organizations, educational
    institutions, private-sector businesses, government agencies and elected
    leaders (none named)."""
    got = rows(kg, """SELECT ?n ?s WHERE { ?m org:organization cgd:slatez ; org:role ci:MemberRole ;
                                           org:member ?g . ?g a ci:StakeholderGroup ; ci:name ?n ; ci:inSector ?s }
                      ORDER BY ?n""")
    assert [(n.split(" (")[0], s.rsplit("#", 1)[1]) for n, s in got] == [
        ("Community organizations", "NonProfitSector"),
        ("Educational institutions", "EducationSector"),
        ("Elected leaders", "PublicSector"),
        ("Government agencies", "PublicSector"),
        ("Private sector businesses", "PrivateSector"),
    ]


def test_five_goals(kg):
    """cgd:src-whatis-slatez: five overarching, interrelated goals (jobs,
    economic activity, student attainment, violent crime, public transit)."""
    assert names(kg, "SELECT ?n WHERE { cgd:slatez ci:hasCommonAgenda/ci:hasPriority/ci:name ?n }") == [
        "Economic activity", "Living-wage jobs", "Public transit",
        "Student attainment and career preparation", "Violent crime reduction"]


def test_target_10000_residents_into_living_wage_jobs(kg):
    """cgd:src-whatis-slatez: move 10,000 residents into living wage jobs."""
    got = rows(kg, """SELECT ?p ?v ?u WHERE { cgd:slatez-agenda ci:hasPriority ?x . ?x ci:name ?p ;
                                              ci:hasTarget ?t . ?t ci:targetValue ?v ; ci:targetUnit ?u }""")
    assert len(got) == 1
    p, v, u = got[0]
    assert (p, int(v)) == ("Living-wage jobs", 10000)
    assert "living-wage" in u


def test_vision_revitalize_south_los_angeles(kg):
    """cgd:src-whatis-slatez: all partners work to revitalize South Los Angeles
    by moving residents to economic opportunity."""
    (vision,) = names(kg, "SELECT ?v WHERE { cgd:slatez ci:hasCommonAgenda/ci:vision ?v }")
    assert "South Los Angeles" in vision and "economic opportunity" in vision


def test_nothing_invented_for_measurement_or_communication(kg):
    """cgd:src-whatis-slatez: the paragraph names no indicator, evaluation
    method, channel or working group, so none is recorded."""
    for cls in ("Indicator", "EvaluationMethod", "CommunicationChannel", "WorkingGroup"):
        assert not ask(kg, f"ASK {{ ?x a ci:{cls} ; ci:partOfInitiative cgd:slatez }}"), cls
    assert not ask(kg, "ASK { cgd:slatez ci:hasBackboneSupport/ci:performsFunction ?f }")


def test_five_conditions_and_maturity(kg):
    """cgd:src-whatis-slatez: goals and a named backbone are stated
    (Established); nothing is said on measurement, coordination of activities
    or communication (Planned, i.e. not yet evidenced)."""
    got = dict(rows(kg, """SELECT ?cl ?ml WHERE { ?p ci:practiceOf cgd:slatez ; ci:condition ?c ; ci:maturity ?m .
                                               ?c rdfs:label ?cl . ?m rdfs:label ?ml }"""))
    assert got == {
        "Common agenda": "Established",
        "Shared measurement": "Planned",
        "Mutually reinforcing activities": "Planned",
        "Continuous communication": "Planned",
        "Backbone support": "Established",
    }


def test_every_slatez_node_cites_the_slatez_section(kg):
    """Provenance: every node of the SLATE-Z file cites cgd:src-whatis-slatez
    and source 003."""
    missing = names(kg, """
        SELECT DISTINCT ?s WHERE {
          ?s a ?type .
          FILTER(STRSTARTS(STR(?s), STR(cgd:slatez)) || ?s = cgd:org-los-angeles-trade-technical-college)
          FILTER NOT EXISTS { ?s prov:wasDerivedFrom cgd:src-whatis-slatez ; prov:hadPrimarySource cgd:src-whatis }
        }""")
    assert missing == []
