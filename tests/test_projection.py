"""The RDF -> property graph mapping, on a small hand-built dataset and on the case studies."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cigraph.dataset import Dataset
from cigraph.inference import apply_rules
from cigraph.projection import project, rel_type
from cigraph.resources import ontology_file
from cigraph.vocab import GRAPH_DATA, GRAPH_ONTOLOGY
from casestudies import initiative_count

TTL = b"""
@prefix ci: <https://w3id.org/cigraph#> .
@prefix cgd: <https://w3id.org/cigraph/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
cgd:i a ci:Initiative ; rdfs:label "I" ; ci:name "Init" ; ci:memberCount 12 ; ci:principle "b", "a" .
cgd:o a ci:Organization ; rdfs:label "O" ; ci:inSector ci:PublicSector .
cgd:m a ci:Membership ; org:member cgd:o ; org:organization cgd:i ; org:role ci:BackboneRole .
cgd:a a ci:Activity ; ci:performedBy cgd:o ; ci:partOfInitiative cgd:i .
cgd:p a ci:ConditionPractice ; ci:practiceOf cgd:i ; ci:condition ci:CommonAgendaCondition .
"""


@pytest.fixture(scope="module")
def small():
    store = ox.Store()
    store.load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH_ONTOLOGY))
    store.load(TTL, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH_DATA))
    apply_rules(store)
    return project(Dataset(store))


def E(s, t, typ):
    return (f"https://w3id.org/cigraph/id/{s}", t if t.startswith("http") else f"https://w3id.org/cigraph/id/{t}", typ)


def test_primary_label_is_most_specific_ci_class(small):
    o = small.node("https://w3id.org/cigraph/id/o")
    assert o.labels == ("Organization", "Participant")
    assert "org:Organization" in o.props["types"] and "prov:Agent" in o.props["types"]
    assert small.node("https://w3id.org/cigraph/id/i").labels == ("Initiative",)


def test_named_individuals_are_nodes(small):
    assert small.node("https://w3id.org/cigraph#BackboneRole").label == "Role"
    assert small.node("https://w3id.org/cigraph#PublicSector").label == "Sector"


def test_properties_scalar_when_functional_list_otherwise(small):
    i = small.node("https://w3id.org/cigraph/id/i").props
    assert i["memberCount"] == 12 and i["name"] == "Init" and i["label"] == "I"
    assert i["principle"] == ["a", "b"]          # not functional: sorted list


def test_inverses_projected_in_one_direction_and_shortcuts_added(small):
    edges = {(e.source, e.target, e.type) for e in small.edges}
    ci = "https://w3id.org/cigraph#"
    assert E("o", "a", "PERFORMS") in edges           # asserted as performedBy, projected as performs
    assert E("a", "o", "PERFORMED_BY") not in edges
    assert E("i", "p", "HAS_PRACTICE") in edges       # asserted as practiceOf
    assert E("p", "i", "PRACTICE_OF") not in edges
    assert E("o", "i", "MEMBER_OF") in edges and E("i", "o", "HAS_BACKBONE") in edges
    assert E("i", "o", "HAS_PARTICIPANT") not in edges
    assert E("m", ci + "BackboneRole", "ROLE") in edges
    assert not any(e.type == "TYPE" for e in small.edges)


def test_rel_type_names():
    assert rel_type("http://www.w3.org/ns/org#member") == "MEMBER"
    assert rel_type("https://w3id.org/cigraph#partOfInitiative") == "PART_OF_INITIATIVE"


def test_case_study_projection(pg):
    assert len(pg.by_label("Initiative")) == initiative_count()
    assert len(pg.by_label("Condition")) == 5
    # one node per organization across initiatives
    city = "https://w3id.org/cigraph/id/org-city-of-los-angeles"
    inits = {e.target for e in pg.out_edges(city, "MEMBER_OF")}
    assert inits == {"https://w3id.org/cigraph/id/lapz", "https://w3id.org/cigraph/id/slatez"}
    # every edge connects two nodes
    assert all(e.source in pg and e.target in pg for e in pg.edges)
    G = pg.to_networkx()
    assert G.number_of_nodes() == len(pg.nodes) and G.number_of_edges() == len(pg.edges)


def test_projection_is_deterministic(dataset):
    a, b = project(dataset), project(dataset)
    assert [(n.id, n.labels, n.props) for n in a.nodes.values()] == [(n.id, n.labels, n.props) for n in b.nodes.values()]
    assert a.edges == b.edges
