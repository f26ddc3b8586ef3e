"""Golden facts for the Dufferin County Equity Collaborative (DCEC).

Every answer was checked by hand against source 000 ("Collective Impact in
Practice: Cities Reducing Poverty"), Example #1; each test names the section.
"""

from __future__ import annotations

PREFIXES = """
PREFIX ci:   <https://w3id.org/cigraph#>
PREFIX cgd:  <https://w3id.org/cigraph/id/>
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def rows(kg, q):
    return [tuple(None if v is None else v.toPython() if hasattr(v, "toPython") else v for v in r)
            for r in kg.query(PREFIXES + q)]


def names(kg, q):
    return sorted(str(r[0]) for r in kg.query(PREFIXES + q))


def test_founded_december_2018_from_two_groups(kg):
    """Intro (cgd:src-crp-dufferin-intro): established December 2018, bringing
    together the county Poverty Reduction Task Force and the Central West LHIN
    poverty sub-group under one Terms of Reference."""
    assert rows(kg, "SELECT ?y ?m WHERE { cgd:dcec ci:foundedYear ?y ; ci:foundedMonth ?m }") == [(2018, 12)]
    assert not kg.query(PREFIXES + "ASK { cgd:dcec ci:foundedOn ?d }").askAnswer  # the day is not given
    assert names(kg, "SELECT ?n WHERE { cgd:dcec ci:precededBy ?o . ?o a ci:Organization ; ci:name ?n }") == [
        "Central West Local Health Integration Network poverty sub-group",
        "Dufferin County Poverty Reduction Task Force",
    ]


def test_terms_of_reference_committed_to_by_26_members(kg):
    """Common Agenda (cgd:src-crp-dufferin-common-agenda): the Terms of Reference
    was voted on and committed to by 26 member agents."""
    assert rows(kg, "SELECT ?c ?q WHERE { cgd:dcec ci:memberCount ?c ; ci:memberCountQualifier ?q }") == [(26, "exact")]
    assert rows(kg, """SELECT ?t WHERE { cgd:dcec ci:hasCommonAgenda/ci:hasStrategyDocument ?d .
                                          ?d ci:documentType ?t } ORDER BY ?t""") == [
        ("report",), ("roadmap",), ("terms of reference",)]


def test_cochairs_are_public_health_and_dccs_and_form_the_backbone(kg):
    """Backbone Organization (cgd:src-crp-dufferin-backbone): the co-chair
    organizations, Public Health and Dufferin County Community Services,
    provide resources as needed."""
    cochairs = names(kg, """SELECT ?n WHERE { ?m org:organization cgd:dcec ; org:role ci:CoChairRole ;
                                              org:member/ci:name ?n }""")
    assert cochairs == ["Dufferin County Community Services", "Public Health"]
    assert names(kg, "SELECT ?n WHERE { cgd:dcec ci:hasBackbone/ci:name ?n }") == cochairs
    sectors = dict(rows(kg, """SELECT ?n ?s WHERE { ?m org:organization cgd:dcec ; org:role ci:CoChairRole ;
                                                   org:member ?o . ?o ci:name ?n ; ci:inSector ?s }"""))
    assert str(sectors["Public Health"]).endswith("#HealthSector")
    assert str(sectors["Dufferin County Community Services"]).endswith("#PublicSector")


def test_backbone_has_two_part_time_staff(kg):
    """Backbone Organization (cgd:src-crp-dufferin-backbone): part-time dedicated
    support from the DCCS Policy Analyst and the DC MOVES coordinator."""
    assert rows(kg, """SELECT ?n ?t WHERE { cgd:dcec ci:hasBackboneSupport/ci:hasStaff ?p .
                                            ?p ci:name ?n ; ci:timeCommitment ?t } ORDER BY ?n""") == [
        ("DC MOVES coordinator", "part-time"), ("DCCS Policy Analyst", "part-time")]
    assert rows(kg, """SELECT ?e WHERE { cgd:dcec ci:hasBackboneSupport/ci:hasStaff ?p .
                                         ?p ci:name "DCCS Policy Analyst" ; ci:employedBy/ci:shortName ?e }""") == [("DCCS",)]


def test_three_unnamed_priorities_and_three_workgroups(kg):
    """Common Agenda and Mutually Reinforcing Activities
    (cgd:src-crp-dufferin-common-agenda, -mutually-reinforcing): a roadmap with
    the top 3 priorities, and 3 supporting workgroups driving priority actions;
    neither the priorities nor the workgroups are named."""
    assert rows(kg, "SELECT ?p ?w WHERE { cgd:dcec ci:priorityCount ?p ; ci:workingGroupCount ?w }") == [(3, 3)]
    assert rows(kg, """SELECT (COUNT(DISTINCT ?wg) AS ?n) WHERE { ?wg a ci:WorkingGroup ; ci:partOfInitiative cgd:dcec ;
                                                                   ci:focusesOn ?p . cgd:dcec-agenda ci:hasPriority ?p }""") == [(1,)]


def test_lived_experience_representation(kg):
    """Common Agenda (cgd:src-crp-dufferin-common-agenda): the focus is now on
    expanding representation of people with lived/living experience."""
    assert names(kg, """SELECT ?n WHERE { ?g a ci:StakeholderGroup ; ci:memberOf cgd:dcec ; ci:name ?n ;
                                             ci:inSector ci:CommunitySector }""") == [
        "People with lived/living experience"]


def test_outcomes_diary_and_indicators_in_development(kg):
    """Shared Measurement (cgd:src-crp-dufferin-shared-measurement): an outcomes
    diary collects data under each priority; multi-level indicators are still
    being identified."""
    assert names(kg, "SELECT ?n WHERE { cgd:dcec ci:usesMethod/ci:name ?n }") == ["Outcomes diary"]
    assert rows(kg, "SELECT ?s WHERE { ?i a ci:Indicator ; ci:partOfInitiative cgd:dcec ; ci:status ?s }") == [
        ("in development",)]


def test_channels_and_bimonthly_meetings(kg):
    """Continuous Communication (cgd:src-crp-dufferin-communication): a
    communication strategy, brand, website and social media; bi-monthly
    meetings; a six-month check-in held and a year-end meeting planned."""
    assert names(kg, "SELECT ?t WHERE { cgd:dcec ci:hasChannel ?c . ?c ci:channelType ?t FILTER NOT EXISTS { ?c a ci:Meeting } }") == [
        "brand", "social media", "strategy", "website"]
    assert rows(kg, """SELECT ?n ?c WHERE { cgd:dcec ci:hasChannel ?m . ?m a ci:Meeting ; ci:name ?n ; ci:cadence ?c }
                       ORDER BY ?n""") == [
        ("Bi-monthly meetings", "bi-monthly"), ("Six-month check-in meeting", "one-off"), ("Year-end meeting", "one-off")]


def test_five_conditions_and_maturity(kg):
    """All five condition sections of Example #1: common agenda, mutually
    reinforcing activities, communication and backbone show structures in use
    (Established); shared measurement has a tool in use but indicators still
    being identified (Emerging)."""
    got = dict(rows(kg, """SELECT ?cl ?ml WHERE { ?p ci:practiceOf cgd:dcec ; ci:condition ?c ; ci:maturity ?m .
                                               ?c rdfs:label ?cl . ?m rdfs:label ?ml }"""))
    assert got == {
        "Common agenda": "Established",
        "Shared measurement": "Emerging",
        "Mutually reinforcing activities": "Established",
        "Continuous communication": "Established",
        "Backbone support": "Established",
    }


def test_every_dcec_node_cites_a_dufferin_section(kg):
    """Provenance: every node of the DCEC file cites a Dufferin section of
    source 000 and the document itself."""
    missing = names(kg, """
        SELECT DISTINCT ?s WHERE {
          ?s a ?type .
          FILTER(STRSTARTS(STR(?s), STR(cgd:dcec)))
          FILTER NOT EXISTS {
            ?s prov:wasDerivedFrom ?sec ; prov:hadPrimarySource cgd:src-crp .
            ?sec a ci:SourceSection ; dcterms:isPartOf cgd:src-crp .
            FILTER(STRSTARTS(STR(?sec), STR(cgd:src-crp-dufferin-)))
          }
        }""")
    assert missing == []
    assert rows(kg, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t FILTER(STRSTARTS(STR(?s), STR(cgd:dcec))) }")[0][0] > 30
