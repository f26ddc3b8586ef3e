"""Golden facts for TRC92: Youth Employment, the Winnipeg Poverty Reduction
Council's initiative (code wprc).

Every answer was checked by hand against source 000 ("Collective Impact in
Practice: Cities Reducing Poverty"), Example #6; each test names the section.
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


def test_wprc_is_backbone_and_evaluator_of_trc92(kg):
    """Intro, Shared Measurement and Backbone Organization
    (cgd:src-crp-winnipeg-intro, -shared-measurement, -backbone): TRC92: Youth
    Employment is WPRC's initiative; WPRC (its staff) serves as backbone and
    devises the evaluation methods."""
    assert rows(kg, "SELECT ?n WHERE { cgd:wprc ci:name ?n }") == [("TRC92: Youth Employment",)]
    assert names(kg, "SELECT ?n WHERE { cgd:wprc ci:hasBackbone/ci:name ?n }") == ["Winnipeg Poverty Reduction Council"]
    assert names(kg, """SELECT ?r WHERE { ?m org:organization cgd:wprc ; org:role ?role ;
                                             org:member cgd:org-winnipeg-poverty-reduction-council .
                                          ?role rdfs:label ?r }""") == ["Backbone", "Convener", "Evaluator"]
    assert names(kg, "SELECT ?e WHERE { cgd:wprc ci:hasBackboneSupport/ci:hasStaff/ci:employedBy/ci:shortName ?e }") == ["WPRC"]


def test_employer_consortium_of_nine_companies(kg):
    """Intro (cgd:src-crp-winnipeg-intro): the initiative convenes corporate
    employers from nine companies in an Employer Consortium."""
    assert rows(kg, """SELECT ?c ?q WHERE { ?w a ci:WorkingGroup ; ci:partOfInitiative cgd:wprc ;
                                               ci:name "Employer Consortium" ; ci:memberCount ?c ;
                                               ci:memberCountQualifier ?q }""") == [(9, "exact")]
    assert rows(kg, """SELECT ?s WHERE { ?w ci:name "Employer Consortium" ; ci:hasMember ?g .
                                            ?g ci:memberOf cgd:wprc ; ci:inSector ?s }""")[0][0].endswith("#PrivateSector")


def test_four_participant_groups_and_sectors(kg):
    """Mutually Reinforcing Activities (cgd:src-crp-winnipeg-mutually-reinforcing):
    corporate employers, community trainers, Indigenous job seekers and
    Indigenous leaders all contribute."""
    got = dict(rows(kg, """SELECT ?n ?s WHERE { ?g a ci:StakeholderGroup ; ci:memberOf cgd:wprc ;
                                                ci:name ?n ; ci:inSector ?s }"""))
    assert {k: str(v).rsplit("#", 1)[1] for k, v in got.items()} == {
        "Corporate employers": "PrivateSector",
        "Community trainers": "NonProfitSector",
        "Indigenous job seekers": "IndigenousCommunity",
        "Indigenous leaders": "IndigenousCommunity",
    }


def test_call_to_action_92_agenda(kg):
    """Common Agenda (cgd:src-crp-winnipeg-common-agenda): the agenda is to
    address TRC Call to Action 92; employment alone is not enough, education of
    management and staff and changing workplace culture matter too."""
    assert names(kg, """SELECT ?n WHERE { cgd:wprc-agenda ci:hasPriority ?p . ?p ci:name ?n
                                             FILTER NOT EXISTS { ?p ci:subPriorityOf ?x } }""") == ["Call to Action 92"]
    assert names(kg, "SELECT ?n WHERE { ?p ci:subPriorityOf cgd:wprc-priority-cta92 ; ci:name ?n }") == [
        "Changing workplace culture", "Education for management and staff", "Employment of Indigenous job seekers"]


def test_activities_reinforce_each_other(kg):
    """Mutually Reinforcing Activities (cgd:src-crp-winnipeg-mutually-reinforcing):
    community trainers prepare Indigenous job seekers for the jobs employers
    provide, host employers to meet job seekers, and Indigenous leaders educate
    the employers. Backbone (cgd:src-crp-winnipeg-backbone): WPRC's staff convene
    meetings, carry out the Developmental Evaluation and communicate about the
    initiative, so WPRC performs activities too."""
    pairs = set(rows(kg, """SELECT ?by ?what WHERE { ?a ci:partOfInitiative cgd:wprc ; ci:reinforces ?b ;
                                                       ci:performedBy/ci:name ?by . ?b ci:name ?what }"""))
    assert ("Community trainers", "Providing sustained employment for Indigenous job seekers") in pairs
    assert ("Community trainers", "Building relationships with employers") in pairs
    assert ("Indigenous leaders", "Required learning on Indigenous history and its legacy") in pairs
    performers = names(kg, """SELECT DISTINCT ?n WHERE { ?a a ci:Activity ; ci:partOfInitiative cgd:wprc ;
                                                            ci:performedBy/ci:name ?n }""")
    assert performers == ["Community trainers", "Corporate employers", "Indigenous job seekers", "Indigenous leaders",
                          "Winnipeg Poverty Reduction Council"]
    assert ("Convening the Employer Consortium", "Identifying and addressing barriers") in set(
        rows(kg, """SELECT ?x ?y WHERE { ?a ci:partOfInitiative cgd:wprc ; ci:reinforces ?b ;
                                      ci:name ?x . ?b ci:name ?y }"""))


def test_developmental_evaluation_methods(kg):
    """Shared Measurement (cgd:src-crp-winnipeg-shared-measurement): a
    Developmental Evaluation with baseline surveys, interviews, tracking of
    significant conversations and events, a monthly DE Journal; also the
    Kirkpatrick Model. No indicators are named."""
    assert names(kg, "SELECT ?n WHERE { cgd:wprc ci:usesMethod/ci:name ?n }") == [
        "Baseline surveys", "DE Journal", "Developmental Evaluation", "Interviews", "Kirkpatrick Model",
        "Tracking significant conversations and events"]
    assert rows(kg, """SELECT ?c WHERE { cgd:wprc ci:usesMethod ?m . ?m ci:name "DE Journal" ; ci:cadence ?c }""") == [
        ("monthly",)]
    assert rows(kg, "SELECT (COUNT(?i) AS ?n) WHERE { ?i a ci:Indicator ; ci:partOfInitiative cgd:wprc }") == [(0,)]


def test_channels(kg):
    """Continuous Communication (cgd:src-crp-winnipeg-communication): a
    five-minute video, an annual Update to the Community, social media and
    regular meeting updates."""
    assert rows(kg, """SELECT ?n ?t WHERE { cgd:wprc ci:hasChannel ?c . ?c ci:name ?n ; ci:channelType ?t }
                       ORDER BY ?n""") == [
        ("Five-minute video", "video"), ("Regular meeting updates", "meeting"),
        ("Social media", "social media"), ("Update to the Community", "report")]
    assert rows(kg, """SELECT ?c WHERE { cgd:wprc ci:hasChannel ?x . ?x ci:name "Update to the Community" ;
                                            ci:cadence ?c }""") == [("annual",)]


def test_backbone_functions(kg):
    """Backbone Organization (cgd:src-crp-winnipeg-backbone): outreach, convening
    meetings, communication materials, strategizing and planning, sharing
    resources, Developmental Evaluation, community awareness; nothing on
    funding or policy."""
    assert rows(kg, "SELECT (COUNT(?t) AS ?n) WHERE { cgd:wprc ci:hasBackboneSupport/ci:task ?t }") == [(7,)]
    assert names(kg, "SELECT ?f WHERE { cgd:wprc ci:hasBackboneSupport/ci:performsFunction/rdfs:label ?f }") == [
        "Build public will", "Establish shared measurement practices", "Guide vision and strategy",
        "Support aligned activities"]


def test_five_conditions_and_maturity(kg):
    """All five condition sections of Example #6 name structures, tools or
    results in use, so every condition is Established."""
    got = dict(rows(kg, """SELECT ?cl ?ml WHERE { ?p ci:practiceOf cgd:wprc ; ci:condition ?c ; ci:maturity ?m .
                                               ?c rdfs:label ?cl . ?m rdfs:label ?ml }"""))
    assert got == {
        "Common agenda": "Established",
        "Shared measurement": "Established",
        "Mutually reinforcing activities": "Established",
        "Continuous communication": "Established",
        "Backbone support": "Established",
    }


def test_every_wprc_node_cites_a_winnipeg_section(kg):
    """Provenance: every node of the TRC92 file (and WPRC itself) cites a
    Winnipeg section of source 000 and the document itself."""
    missing = names(kg, """
        SELECT DISTINCT ?s WHERE {
          ?s a ?type .
          FILTER(STRSTARTS(STR(?s), STR(cgd:wprc)) || ?s = cgd:org-winnipeg-poverty-reduction-council)
          FILTER NOT EXISTS {
            ?s prov:wasDerivedFrom ?sec ; prov:hadPrimarySource cgd:src-crp .
            ?sec a ci:SourceSection ; dcterms:isPartOf cgd:src-crp .
            FILTER(STRSTARTS(STR(?sec), STR(cgd:src-crp-winnipeg-)))
          }
        }""")
    assert missing == []
    assert rows(kg, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t FILTER(STRSTARTS(STR(?s), STR(cgd:wprc))) }")[0][0] > 30
