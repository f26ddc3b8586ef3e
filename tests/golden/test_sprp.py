"""Golden facts for the Saskatoon Poverty Reduction Partnership (SPRP).

Every answer was checked by hand against source 000 ("Collective Impact in
Practice: Cities Reducing Poverty"), Example #4; each test names the section.
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


def ask(kg, q):
    return bool(kg.query(PREFIXES + q).askAnswer)


def test_strategy_committed_2017_launched_2019(kg):
    """Common Agenda (cgd:src-crp-saskatoon-common-agenda): in 2017 the
    leadership team committed to developing a poverty reduction strategy; in
    2019 the SPRP launched "12 Bold Ideas to Eliminate Poverty in Saskatoon"."""
    assert rows(kg, """SELECT ?n ?t (STR(?y) AS ?ys) WHERE { cgd:sprp ci:hasCommonAgenda/ci:hasStrategyDocument ?d .
                                               ?d ci:name ?n ; ci:documentType ?t ; ci:year ?y }""") == [
        ("12 Bold Ideas to Eliminate Poverty in Saskatoon", "strategy", "2019")]
    assert rows(kg, """SELECT ?wg (STR(?y) AS ?ys) WHERE { ?a a ci:Activity ; ci:partOfInitiative cgd:sprp ; ci:year ?y ;
                                                ci:coordinatedBy/ci:name ?wg }""") == [("Leadership team", "2017")]


def test_twelve_bold_ideas_counted_and_tracked_by_indicators(kg):
    """Common Agenda and Shared Measurement (cgd:src-crp-saskatoon-common-agenda,
    -shared-measurement): twelve bold ideas, not listed in the source; the
    indicators for change are connected to them."""
    assert rows(kg, "SELECT ?c WHERE { cgd:sprp ci:priorityCount ?c }") == [(12,)]
    assert rows(kg, """SELECT (COUNT(?p) AS ?n) WHERE { cgd:sprp-agenda ci:hasPriority ?p }""") == [(1,)]
    assert rows(kg, """SELECT (COUNT(?i) AS ?n) WHERE { ?i a ci:Indicator ; ci:partOfInitiative cgd:sprp ;
                                                       ci:indicatorFor ?p . cgd:sprp-agenda ci:hasPriority ?p }""") == [(1,)]


def test_food_bank_is_founding_partner_and_financial_steward(kg):
    """Backbone Organization (cgd:src-crp-saskatoon-backbone): financials are
    managed by a founding partner, the Saskatoon Food Bank and Learning Centre."""
    assert names(kg, """SELECT ?n WHERE { ?m org:organization cgd:sprp ; org:role ci:FinancialStewardRole ;
                                             org:member/ci:name ?n }""") == ["Saskatoon Food Bank and Learning Centre"]
    assert rows(kg, """SELECT ?s WHERE { cgd:org-saskatoon-food-bank-and-learning-centre ci:memberOf cgd:sprp ;
                                            ci:inSector ?s }""")[0][0].endswith("#NonProfitSector")
    assert ask(kg, """ASK { ?m org:organization cgd:sprp ; org:role ci:MemberRole ;
                            org:member cgd:org-saskatoon-food-bank-and-learning-centre }""")


def test_four_core_areas_of_implementation(kg):
    """Mutually Reinforcing Activities (cgd:src-crp-saskatoon-mutually-reinforcing):
    implementation is broken into Catalyze, Convene, Coordinate and Collaborate,
    all serving the strategy's bold ideas."""
    assert names(kg, """SELECT ?n WHERE { ?a a ci:Activity ; ci:partOfInitiative cgd:sprp ; ci:name ?n ;
                                             ci:serves ?p . cgd:sprp-agenda ci:hasPriority ?p }""") == [
        "Catalyze", "Collaborate", "Convene", "Coordinate"]


def test_teams(kg):
    """Mutually Reinforcing Activities and Backbone Organization
    (cgd:src-crp-saskatoon-mutually-reinforcing, -backbone): leadership,
    management and action teams are coordinated, and existing teams on lived
    experience, engaged research, awareness and advocacy, food security, and
    evaluation and data are convened."""
    got = names(kg, "SELECT ?n WHERE { ?w a ci:WorkingGroup ; ci:partOfInitiative cgd:sprp ; ci:name ?n }")
    assert len(got) == 8
    for expected in ("Leadership team", "Management team", "Food security team",
                     "Campus-community engaged research team", "Awareness and advocacy team"):
        assert expected in got


def test_evaluation_framework_developed_by_four_kinds_of_expert(kg):
    """Shared Measurement (cgd:src-crp-saskatoon-shared-measurement): the
    strategy embeds an evaluation framework developed by evaluation experts
    from academia, the community, knowledge keepers and government agencies."""
    assert names(kg, "SELECT ?n WHERE { cgd:sprp ci:usesMethod/ci:name ?n }") == ["SPRP evaluation framework"]
    sectors = names(kg, """SELECT ?s WHERE { cgd:sprp ci:usesMethod/ci:developedBy ?g .
                                             ?g ci:memberOf cgd:sprp ; ci:inSector ?s }""")
    assert [s.rsplit("#", 1)[1] for s in sectors] == [
        "CommunitySector", "EducationSector", "IndigenousCommunity", "PublicSector"]
    assert "Knowledge keepers" in names(kg, "SELECT ?n WHERE { cgd:sprp ci:usesMethod/ci:developedBy/ci:name ?n }")


def test_first_voice_principle_and_members(kg):
    """Common Agenda (cgd:src-crp-saskatoon-common-agenda): a core principle is
    meaningfully including people living in poverty (first voice)."""
    principles = names(kg, "SELECT ?p WHERE { cgd:sprp-agenda ci:principle ?p }")
    assert len(principles) == 6
    assert any("first voice" in p for p in principles)
    assert names(kg, """SELECT ?n WHERE { ?g a ci:StakeholderGroup ; ci:memberOf cgd:sprp ;
                                             ci:inSector ci:CommunitySector ; ci:name ?n }""") == [
        "Community evaluation experts", "People living in poverty (first voice)"]


def test_backbone_blend_with_coordinator(kg):
    """Backbone Organization and Continuous Communication
    (cgd:src-crp-saskatoon-backbone, -communication): a blend of the
    constellation model and Collective Impact; the management team oversees the
    coordinator, who connects all the pieces."""
    (model,) = [str(r[0]) for r in kg.query(PREFIXES + "SELECT ?m WHERE { cgd:sprp ci:hasBackboneSupport/ci:backboneModel ?m }")]
    assert "constellation" in model
    assert names(kg, "SELECT ?n WHERE { cgd:sprp ci:hasBackboneSupport/ci:hasStaff/ci:name ?n }") == ["SPRP coordinator"]
    assert names(kg, "SELECT ?f WHERE { cgd:sprp ci:hasBackboneSupport/ci:performsFunction/rdfs:label ?f }") == [
        "Guide vision and strategy", "Mobilize funding", "Support aligned activities"]
    # No organization is called the backbone: it is a blended model.
    assert rows(kg, "SELECT (COUNT(?x) AS ?n) WHERE { cgd:sprp ci:hasBackbone ?x }") == [(0,)]


def test_channels(kg):
    """Continuous Communication (cgd:src-crp-saskatoon-communication):
    communication flows between the coordinator and members; every meeting
    opens with a safe-space statement."""
    assert names(kg, "SELECT ?t WHERE { cgd:sprp ci:hasChannel/ci:channelType ?t }") == ["internal system", "meeting"]


def test_five_conditions_and_maturity(kg):
    """All five condition sections of Example #4: each names structures, tools
    or results in use, so every condition is Established."""
    got = dict(rows(kg, """SELECT ?cl ?ml WHERE { ?p ci:practiceOf cgd:sprp ; ci:condition ?c ; ci:maturity ?m .
                                               ?c rdfs:label ?cl . ?m rdfs:label ?ml }"""))
    assert got == {
        "Common agenda": "Established",
        "Shared measurement": "Established",
        "Mutually reinforcing activities": "Established",
        "Continuous communication": "Established",
        "Backbone support": "Established",
    }


def test_every_sprp_node_cites_a_saskatoon_section(kg):
    """Provenance: every node of the SPRP file (and the food bank) cites a
    Saskatoon section of source 000 and the document itself."""
    missing = names(kg, """
        SELECT DISTINCT ?s WHERE {
          ?s a ?type .
          FILTER(STRSTARTS(STR(?s), STR(cgd:sprp)) || ?s = cgd:org-saskatoon-food-bank-and-learning-centre)
          FILTER NOT EXISTS {
            ?s prov:wasDerivedFrom ?sec ; prov:hadPrimarySource cgd:src-crp .
            ?sec a ci:SourceSection ; dcterms:isPartOf cgd:src-crp .
            FILTER(STRSTARTS(STR(?sec), STR(cgd:src-crp-saskatoon-)))
          }
        }""")
    assert missing == []
    assert rows(kg, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t FILTER(STRSTARTS(STR(?s), STR(cgd:sprp))) }")[0][0] > 30
