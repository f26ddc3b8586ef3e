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
