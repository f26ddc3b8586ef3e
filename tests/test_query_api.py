"""The Python API for queries: ``Dataset.query`` gives plain Python values (issue 12.8), narrows the
dataset as SPARQL 1.1 says (12.1), and fails with ``QueryError``."""

from __future__ import annotations

import datetime

import pyoxigraph as ox
import pytest

from cigraph.dataset import Dataset
from cigraph.errors import QueryError
from cigraph.results import IRI, Rows
from cigraph.vocab import GRAPH_DATA, GRAPH_ONTOLOGY, PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
CI, CGD = PREFIXES["ci"], PREFIXES["cgd"]


@pytest.fixture(scope="module")
def toy() -> Dataset:
    """Two graphs, every kind of value, answers known by hand."""
    ds = Dataset.in_memory()
    N, L = ox.NamedNode, ox.Literal
    a, b = N(CGD + "a"), N(CGD + "b")
    data = [
        (a, N(CI + "name"), L("Alpha")),
        (a, N(CI + "memberCount"), L("12", datatype=N(XSD + "integer"))),
        (a, N(CI + "share"), L("0.25", datatype=N(XSD + "decimal"))),
        (a, N(CI + "score"), L("1.5E0", datatype=N(XSD + "double"))),
        (a, N(CI + "active"), L("true", datatype=N(XSD + "boolean"))),
        (a, N(CI + "foundedOn"), L("2014-01-09", datatype=N(XSD + "date"))),
        (a, N(CI + "foundedYear"), L("2014", datatype=N(XSD + "gYear"))),
        (a, N(CI + "label"), L("Alpha", language="en")),
        (a, N(CI + "partner"), b),
    ]
    for s, p, o in data:
        ds.store.add(ox.Quad(s, p, o, N(GRAPH_DATA)))
    ds.store.add(ox.Quad(N(CI + "Initiative"), N(PREFIXES["rdfs"] + "label"), L("Initiative"), N(GRAPH_ONTOLOGY)))
    return ds


def test_select_gives_plain_values(toy):
    rows = toy.query("SELECT ?name ?n ?share ?score ?active ?on ?year ?label ?partner ?nothing WHERE {"
                     " ?a ci:name ?name ; ci:memberCount ?n ; ci:share ?share ; ci:score ?score ; ci:active ?active ;"
                     " ci:foundedOn ?on ; ci:foundedYear ?year ; ci:label ?label ; ci:partner ?partner"
                     " OPTIONAL { ?a ci:missing ?nothing } }")
    assert isinstance(rows, Rows) and rows.variables[:3] == ["name", "n", "share"]
    r = rows[0]
    assert r == {"name": "Alpha", "n": 12, "share": 0.25, "score": 1.5, "active": True,
                 "on": datetime.date(2014, 1, 9), "year": "2014", "label": "Alpha", "partner": CGD + "b",
                 "nothing": None}
    assert type(r["n"]) is int and type(r["score"]) is float and type(r["active"]) is bool
    assert isinstance(r["partner"], IRI) and not isinstance(r["name"], IRI)


def test_ask_and_construct(toy):
    assert toy.query("ASK { cgd:a ci:partner cgd:b }") is True
    assert toy.query("ASK { cgd:b ci:partner cgd:a }") is False
    triples = toy.query("CONSTRUCT { ?b ci:partnerOf ?a } WHERE { ?a ci:partner ?b }")
    assert triples == [(CGD + "b", CI + "partnerOf", CGD + "a")]


def test_to_dataframe(toy):
    df = toy.query("SELECT ?p ?o WHERE { cgd:a ?p ?o } ORDER BY ?p").to_dataframe()
    assert list(df.columns) == ["p", "o"] and len(df) == 9
    assert df.loc[df["p"] == CI + "memberCount", "o"].item() == 12


def test_bindings_are_bound_by_the_engine(toy):
    rows = toy.query("SELECT ?a ?name WHERE { ?a ci:name ?name }", bindings={"a": "cgd:a"})
    assert [r["name"] for r in rows] == ["Alpha"]
    rows = toy.query("SELECT ?a ?name WHERE { ?a ci:name ?name }", bindings={"name": '"} UNION { ?s ?p ?o } #'})
    assert rows == []


@pytest.mark.parametrize("bindings,says", [({"nope": "x"}, "SELECT"), ({"bad name": "x"}, "bind"),
                                           ({"a": {"a": 1}}, "bind"), ({"a": "<not an iri>"}, "IRI")])
def test_bad_binding_is_a_query_error(toy, bindings, says):
    with pytest.raises(QueryError, match=says):
        toy.query("SELECT ?a ?name WHERE { ?a ci:name ?name }", bindings=bindings)


def test_syntax_error_is_a_query_error(toy):
    with pytest.raises(QueryError, match="line 1"):
        toy.query("SELECT ?a WHERE { ?a }")


def test_dataset_narrowing(toy):
    count = "SELECT (COUNT(*) AS ?c) {} WHERE {{ ?s ?p ?o }}"
    assert toy.query(count.format(""))[0]["c"] == 10                               # the union
    assert toy.query(count.format(f"FROM <{GRAPH_DATA}>"))[0]["c"] == 9
    assert toy.query(count.format(f"FROM <{GRAPH_ONTOLOGY}>"))[0]["c"] == 1
    assert toy.query(count.format(f"FROM NAMED <{GRAPH_DATA}>"))[0]["c"] == 0      # empty default graph
    assert toy.query(count.format(""), default_graph=[GRAPH_ONTOLOGY])[0]["c"] == 1
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    assert toy.query(graphs).column("g") == sorted([GRAPH_DATA, GRAPH_ONTOLOGY])
    assert toy.query(graphs, default_graph=[GRAPH_DATA]).column("g") == []
    assert toy.query(graphs, named_graphs=[GRAPH_ONTOLOGY]).column("g") == [GRAPH_ONTOLOGY]
    with pytest.raises(QueryError, match="absolute IRI"):
        toy.query(graphs, default_graph=["not an iri"])


def test_select_star_in_query_order(toy):
    rows = toy.query("SELECT * WHERE { ?zeta ci:partner ?alpha . ?zeta ci:name ?middle }")
    assert rows.variables == ["zeta", "alpha", "middle"]


def test_raw_keeps_the_engine_terms(toy):
    sols = toy.query("SELECT ?name WHERE { ?a ci:name ?name }", raw=True)
    assert [s["name"] for s in sols] == [ox.Literal("Alpha")]


def test_on_the_case_studies(dataset):
    rows = dataset.query("SELECT ?b ?name WHERE { cgd:lapz ci:hasBackbone ?b . ?b ci:name ?name } ORDER BY ?b")
    assert rows == [{"b": CGD + "org-youth-policy-institute", "name": "Youth Policy Institute"}]
