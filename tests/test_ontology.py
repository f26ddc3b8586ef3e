"""The ontology parses, every term is labelled and defined, and OWL-RL finds no contradiction."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cigraph.resources import ontology_file, shapes_file
from cigraph.vocab import CI, CI_NS

CI_TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto():
    return rdflib.Graph().parse(ontology_file())


def _ci_terms(g):
    return sorted({s for s in g.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(CI_NS)})


def test_ontology_header(onto):
    ont = rdflib.URIRef("https://w3id.org/cigraph")
    assert (ont, RDF.type, OWL.Ontology) in onto
    assert onto.value(ont, OWL.versionIRI) is not None


def test_every_term_labelled_and_defined(onto):
    terms = _ci_terms(onto)
    assert len(terms) > 100
    missing = [t for t in terms if onto.value(t, RDFS.label) is None or onto.value(t, SKOS.definition) is None]
    assert missing == []


def test_vocab_namespace_matches_ontology(onto):
    """vocab.CI is closed: every ontology term is in it and nothing else."""
    declared = {str(t)[len(CI_NS):] for t in _ci_terms(onto)}
    assert declared == set(CI.__annotations__)
    with pytest.raises(AttributeError):
        CI.Initiatve  # noqa: B018 - a typo must fail


def test_five_conditions_and_six_functions(onto):
    conditions = set(onto.subjects(RDF.type, CI.Condition))
    assert len(conditions) == 5
    assert all(onto.value(c, rdflib.URIRef("http://purl.org/dc/terms/source")) for c in conditions)
    assert len(set(onto.subjects(RDF.type, CI.BackboneFunction))) == 6
    assert {str(onto.value(m, RDFS.label)) for m in onto.subjects(RDF.type, CI.MaturityLevel)} == {
        "Planned", "Emerging", "Established"}


@pytest.mark.parametrize("term, standard", [
    (CI.Initiative, "http://www.w3.org/ns/org#OrganizationalCollaboration"),
    (CI.Membership, "http://www.w3.org/ns/org#Membership"),
    (CI.WorkingGroup, "http://www.w3.org/ns/org#OrganizationalUnit"),
    (CI.Indicator, "https://ontology.commonapproach.org/cids#Indicator"),
    (CI.Outcome, "https://ontology.commonapproach.org/cids#Outcome"),
    (CI.Activity, "https://ontology.commonapproach.org/cids#Activity"),
])
def test_alignment_with_standards(onto, term, standard):
    assert (term, RDFS.subClassOf, rdflib.URIRef(standard)) in onto


def test_cids_and_org_prefixes_are_distinct(onto):
    """CIDS binds org: to TOVE; we must not confuse it with W3C ORG."""
    ns = dict(onto.namespaces())
    assert str(ns["org"]) == "http://www.w3.org/ns/org#"
    assert str(ns["cids"]) == "https://ontology.commonapproach.org/cids#"


def test_no_owl_rl_contradiction(kg):
    """OWL-RL closure over ontology + case studies raises no inconsistency."""
    import owlrl

    g = rdflib.Graph()
    for t in kg:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    err = rdflib.Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
    errors = [str(o) for s in g.subjects(RDF.type, err.ErrorMessage) for o in g.objects(s, err.error)]
    assert errors == []
    assert not list(g.subjects(RDF.type, OWL.Nothing))


def test_shapes_parse_and_have_messages():
    sg = rdflib.Graph().parse(shapes_file())
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    props = list(sg.objects(None, SH.property))
    assert props and all(sg.value(p, SH.message) is not None for p in props)


def test_ontology_docs_cover_every_term_and_escape(tmp_path):
    from cigraph.render.ontology_docs import write_ontology_docs

    html_text = write_ontology_docs(tmp_path).read_text()
    g = rdflib.Graph().parse(ontology_file())
    for t in _ci_terms(g):
        if (t, RDF.type, OWL.Ontology) in g or str(t).endswith("Scheme"):
            continue
        assert f'id="{str(t)[len(CI_NS):]}"' in html_text, t
    assert "<script" not in html_text and "http-equiv" not in html_text


# -- 0.2: versioning (issue 11.10) ---------------------------------------------------

from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
V01 = Path(__file__).parent / "data" / "v0.1"
ONT = rdflib.URIRef("https://w3id.org/cigraph")


def test_version_iri_and_prior_version(onto):
    assert onto.value(ONT, OWL.versionIRI) == rdflib.URIRef("https://w3id.org/cigraph/0.2.0")
    assert str(onto.value(ONT, OWL.versionInfo)) == "0.2.0"
    assert onto.value(ONT, OWL.priorVersion) == rdflib.URIRef("https://w3id.org/cigraph/0.1.0")
    prior = rdflib.Graph().parse(V01 / "cigraph-0.1.0.ttl")
    assert prior.value(ONT, OWL.versionIRI) == onto.value(ONT, OWL.priorVersion)


def test_no_01_term_removed_and_every_new_term_documented(onto):
    """0.2 only adds terms; each new one is on the term sheet and in the CHANGELOG."""
    old = set(_ci_terms(rdflib.Graph().parse(V01 / "cigraph-0.1.0.ttl")))
    new = set(_ci_terms(onto))
    assert old - new == set()
    added = sorted(str(t)[len(CI_NS):] for t in new - old)
    assert len(added) > 60
    sheet = (ROOT / "docs" / "ontology-0.2.md").read_text()
    changelog = (ROOT / "ontology" / "CHANGELOG.md").read_text()
    assert [t for t in added if f"`ci:{t}`" not in sheet and f"ci:{t} " not in sheet] == []
    assert [t for t in added if f"ci:{t}" not in changelog] == []


def test_data_written_for_01_still_validates():
    """A 0.1 case study (gYear, gYearMonth, one practice per condition) has no violation
    under the 0.2 shapes; the old datatypes are reported as warnings that say how to migrate."""
    from cigraph.pipeline import build_dataset
    from cigraph.settings import Settings
    from cigraph.shacl import validate

    ds = build_dataset(Settings(data_dirs=(V01 / "common-0.1.ttl", V01 / "sources-0.1.ttl", V01 / "dcec-0.1.ttl")))
    for engine in ("pyshacl", "sparql"):
        report = validate(ds, engine=engine)
        assert report.conforms, [r for r in report.results if r.severity.value == "Violation"]
        deprecated = sorted(r.value for r in report.results if "0.1 datatype" in r.message)
        assert deprecated == ["2018-12", "2019"], engine


# -- 0.2: OWL 2 DL (issue 11.8) ---------------------------------------------------

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: The OWL 2 datatype map (OWL 2 Structural Specification, section 4).
OWL2_DATATYPES = {_XSD + t for t in (
    "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    "double", "float", "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN",
    "boolean", "hexBinary", "base64Binary", "anyURI", "dateTime", "dateTimeStamp")} | {
    "http://www.w3.org/2002/07/owl#real", "http://www.w3.org/2002/07/owl#rational",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral", "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", "http://www.w3.org/2000/01/rdf-schema#Literal"}


@pytest.fixture(scope="module")
def onto_and_data():
    g = rdflib.Graph().parse(ontology_file())
    for f in sorted((ROOT / "data").glob("*.ttl")):
        g.parse(f)
    return g


def test_only_owl2_datatypes(onto_and_data):
    g = onto_and_data
    used = {str(o.datatype) for o in g.objects() if isinstance(o, rdflib.Literal) and o.datatype is not None}
    ranges = {str(r) for p, r in g.subject_objects(RDFS.range)
              if (p, RDF.type, OWL.DatatypeProperty) in g and isinstance(r, rdflib.URIRef)}
    assert used - OWL2_DATATYPES == set()
    assert ranges - OWL2_DATATYPES == set()


def test_name_is_not_a_subproperty_of_an_annotation_property(onto):
    assert list(onto.objects(CI.name, RDFS.subPropertyOf)) == []
    bad = [(p, q) for p, q in onto.subject_objects(RDFS.subPropertyOf)
           if (p, RDF.type, OWL.DatatypeProperty) in onto or (p, RDF.type, OWL.ObjectProperty) in onto
           if (q, RDF.type, OWL.AnnotationProperty) in onto or q in (RDFS.label, RDFS.comment)]
    assert bad == []


def test_every_property_used_is_declared(onto_and_data):
    """OWL 2 DL wants each property's kind declared (object, datatype or annotation)."""
    g = onto_and_data
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    declared = {p for k in kinds for p in g.subjects(RDF.type, k)}
    builtin_ns = (str(RDF), str(RDFS), str(OWL))
    used = {p for p in g.predicates() if not str(p).startswith(builtin_ns)}
    assert sorted(str(p) for p in used - declared) == []
    # no IRI is declared as two kinds of property
    clashes = [p for p in declared if sum((p, RDF.type, k) in g for k in kinds) > 1]
    assert clashes == []


def _owlready_world(g, tmp_path):
    import owlready2

    nt = tmp_path / "cigraph.nt"
    g.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
    return owlready2, world, onto


def test_owlready2_loads_ontology_and_case_studies(onto_and_data, tmp_path):
    _o2, world, onto = _owlready_world(onto_and_data, tmp_path)
    assert world["https://w3id.org/cigraph#PostHolding"] is not None
    assert world["http://www.w3.org/ns/org#OrganizationalCollaboration"] in world["https://w3id.org/cigraph#Initiative"].ancestors()
    dcec = world["https://w3id.org/cigraph/id/dcec"]
    assert dcec in list(world["https://w3id.org/cigraph#Initiative"].instances())


@pytest.mark.slow
@pytest.mark.skipif(__import__("shutil").which("java") is None, reason="HermiT needs Java")
def test_hermit_finds_ontology_and_case_studies_consistent(onto_and_data, tmp_path):
    """HermiT (through owlready2) classifies the ontology with the eight case studies
    without error and finds no inconsistency and no unsatisfiable class."""
    o2, world, onto = _owlready_world(onto_and_data, tmp_path)
    with onto:
        o2.sync_reasoner_hermit([onto], infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    # the classification is there: a post holding is an org:Membership
    holding = world["https://w3id.org/cigraph#PostHolding"]
    assert world["http://www.w3.org/ns/org#Membership"] in holding.ancestors()


@pytest.mark.skipif(__import__("shutil").which("java") is None, reason="HermiT needs Java")
def test_hermit_refuses_gyear_so_the_check_can_fail(tmp_path):
    """The reasoner test is real: HermiT stops on a datatype outside the OWL 2 map."""
    g = rdflib.Graph().parse(data="""
        @prefix ci: <https://w3id.org/cigraph#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <urn:x:o> a owl:Ontology . ci:year a owl:DatatypeProperty .
        <urn:x:d> a owl:NamedIndividual ; ci:year "2019"^^xsd:gYear .""", format="turtle")
    o2, _world, onto = _owlready_world(g, tmp_path)
    with pytest.raises(o2.OwlReadyJavaError, match="datatype"):
        with onto:
            o2.sync_reasoner_hermit([onto], infer_property_values=False, debug=0)
