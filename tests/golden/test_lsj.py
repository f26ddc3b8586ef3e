"""Golden facts for Living SJ (Saint John).

Every answer was checked by hand against source 000 ("Collective Impact in
Practice: Cities Reducing Poverty"), Example #3; each test names the section.
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
    return [tuple(None if v is None else v.toPython() for v in r) for r in kg.query(PREFIXES + q)]


def names(kg, q):
    return sorted(str(r[0]) for r in kg.query(PREFIXES + q))


def ask(kg, q):
    return kg.query(PREFIXES + q).askAnswer


def test_more_than_100_members(kg):
    """Intro (cgd:src-crp-livingsj-intro): co-led by a growing network of 100
    plus members in the Saint John area."""
    assert rows(kg, "SELECT ?c ?q WHERE { cgd:lsj ci:memberCount ?c ; ci:memberCountQualifier ?q }") == [
        (100, "more than")]
    assert ask(kg, "ASK { cgd:lsj ci:partOfNetwork cgd:net-cities-reducing-poverty }")
    assert not ask(kg, "ASK { cgd:lsj ci:foundedOn|ci:foundedYear ?d }")


def test_four_named_priorities(kg):
    """Common Agenda (cgd:src-crp-livingsj-common-agenda): four priority areas,
    Education, Employment, Health and Neighbourhoods, each with a goal."""
    got = rows(kg, """SELECT ?n ?g WHERE { cgd:lsj-agenda ^ci:hasCommonAgenda cgd:lsj ; ci:hasPriority ?p .
                                           ?p ci:name ?n ; ci:goalStatement ?g ; ci:partOfInitiative cgd:lsj }
                      ORDER BY ?n""")
    assert [n for n, _ in got] == ["Education", "Employment", "Health", "Neighbourhoods"]
    assert all(goal for _, goal in got)


def test_four_collective_impact_teams(kg):
    """Common Agenda (cgd:src-crp-livingsj-common-agenda): four Collective Impact
    Teams (not named) work towards key targets under the four priorities."""
    assert rows(kg, "SELECT ?w WHERE { cgd:lsj ci:workingGroupCount ?w }") == [(4,)]
    assert rows(kg, """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?t ci:name ?tn ; ci:partOfInitiative cgd:lsj ;
                                                                  ci:focusesOn ?p FILTER(STRSTARTS(?tn, "Collective Impact Teams")) }""") == [(4,)]


def test_members_from_non_profit_business_and_government(kg):
    """Mutually Reinforcing Activities (cgd:src-crp-livingsj-mutually-reinforcing):
    stakeholders include non-profits, private business and all three levels of
    government; the source names no member organization."""
    sectors = names(kg, """SELECT ?s WHERE { ?x ci:memberOf cgd:lsj ; ci:inSector ?s }""")
    assert [s.rsplit("#", 1)[1] for s in sectors] == ["NonProfitSector", "PrivateSector", "PublicSector"]
    assert not ask(kg, "ASK { ?o a ci:Organization ; ci:memberOf cgd:lsj }")


def test_members_changed_their_approach(kg):
    """Mutually Reinforcing Activities (cgd:src-crp-livingsj-mutually-reinforcing):
    organizations changed their approach to poverty reduction as a result of
    taking part."""
    assert ask(kg, """ASK { ?a a ci:Activity ; ci:partOfInitiative cgd:lsj ; ci:canProduce ?o .
                            ?o a ci:Outcome ; ci:description ?d }""")


def test_common_indicators_for_some_targets(kg):
    """Shared Measurement (cgd:src-crp-livingsj-shared-measurement): a short-list
    of common indicators exists for some targets; targets for the remaining
    areas are still being set."""
    assert rows(kg, "SELECT ?n ?s WHERE { ?i a ci:Indicator ; ci:partOfInitiative cgd:lsj ; ci:name ?n ; ci:status ?s }") == [
        ("Short-list of common indicators", "in use")]
    assert ask(kg, 'ASK { ?a a ci:Activity ; ci:partOfInitiative cgd:lsj ; ci:status "in development" }')


def test_no_named_communication_channel(kg):
    """Continuous Communication (cgd:src-crp-livingsj-communication): the section
    states aims (timely information, frequent structured communication) but
    names no channel or meeting."""
    assert not ask(kg, "ASK { cgd:lsj ci:hasChannel ?c }")


def test_backbone_executive_committee_and_two_full_time_staff(kg):
    """Backbone Organization (cgd:src-crp-livingsj-backbone): an Executive
    Committee for strategic oversight plus two full-time staff."""
    assert names(kg, """SELECT ?n WHERE { cgd:lsj ci:hasBackboneSupport/ci:providedBy ?p .
                                          ?p a ci:WorkingGroup ; ci:name ?n }""") == ["Executive Committee"]
    assert rows(kg, """SELECT ?c ?t WHERE { cgd:lsj ci:hasBackboneSupport/ci:hasStaff ?s .
                                            ?s ci:staffCount ?c ; ci:timeCommitment ?t }""") == [(2, "full-time")]
    assert names(kg, "SELECT ?f WHERE { cgd:lsj ci:hasBackboneSupport/ci:performsFunction/rdfs:label ?f }") == [
        "Build public will", "Guide vision and strategy"]


def test_five_conditions_and_maturity(kg):
    """All five condition sections of Example #3: shared measurement has
    indicators for some targets only, communication states aims with only
    dissemination of achievements in use (both Emerging); the others name
    structures or results in use (Established)."""
    got = dict(rows(kg, """SELECT ?cl ?ml WHERE { ?p ci:practiceOf cgd:lsj ; ci:condition ?c ; ci:maturity ?m .
                                               ?c rdfs:label ?cl . ?m rdfs:label ?ml }"""))
    assert got == {
        "Common agenda": "Established",
        "Shared measurement": "Emerging",
        "Mutually reinforcing activities": "Established",
        "Continuous communication": "Emerging",
        "Backbone support": "Established",
    }


def test_every_lsj_node_cites_a_living_sj_section(kg):
    """Provenance: every node of the Living SJ file cites a Living SJ section of
    source 000 and the document itself."""
    missing = names(kg, """
        SELECT DISTINCT ?s WHERE {
          ?s a ?type .
          FILTER(STRSTARTS(STR(?s), STR(cgd:lsj)))
          FILTER NOT EXISTS {
            ?s prov:wasDerivedFrom ?sec ; prov:hadPrimarySource cgd:src-crp .
            ?sec a ci:SourceSection ; dcterms:isPartOf cgd:src-crp .
            FILTER(STRSTARTS(STR(?sec), STR(cgd:src-crp-livingsj-)))
          }
        }""")
    assert missing == []
