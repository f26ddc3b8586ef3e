"""Bound parameters reach Oxigraph's planner as a VALUES row (cigraph.sparql._planned), and the
answers stay those of the engine's substitution.

Oxigraph applies ``substitutions`` after planning, so one initiative's question was planned as a
scan of every initiative's links; the VALUES row makes the bound value a constant the plan starts
from. These tests prove the rewrite is where it should be (hand-worked positions) and that it
never changes an answer: on hand-built queries whose scoping traps (a subquery with its own
variable, SELECT *, MINUS, a BIND to the bound variable) are known, and on every library query
for every initiative of the case studies and of the hand-made 0.2 initiative.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cigraph.dataset import Dataset
from cigraph.queries import QueryLibrary
from cigraph.sparql import _planned, _value_braces, query_store
from cigraph.vocab import GRAPH_DATA, PREFIXES

LIB = QueryLibrary()
PARAM_QUERIES = sorted(q.id for q in LIB.all("sparql") if any(p.name == "initiative" for p in q.params))
EX = "http://example.org/"


def _positions(q: str, names: set[str]) -> dict[str, list[str]]:
    return {q[k:k + 12]: sorted(v) for k, v in _value_braces(q, names).items()}


def test_the_outer_where_group_takes_every_bound_variable():
    q = "SELECT ?i ?y WHERE { ?x ex:p ?i }"
    assert _positions(q, {"i", "y"}) == {"{ ?x ex:p ?i": ["i", "y"]}


def test_keywords_in_comments_strings_iris_and_select_expressions_are_not_the_where():
    q = ('SELECT ?i (EXISTS { ?i ex:p "WHERE { x" } AS ?e) # WHERE { comment\n'
         'WHERE { ?i ex:q <http://e/WHERE{> }')
    assert _positions(q, {"i"}) == {"{ ?i ex:q <h": ["i"]}


def test_a_subquery_takes_the_variables_it_selects_and_no_other():
    q = ("SELECT ?i WHERE { ?i ex:a ?o . "
         "{ SELECT ?i (COUNT(?z) AS ?n) WHERE { ?z ex:b ?i } GROUP BY ?i } "
         "{ SELECT ?o WHERE { ?i ex:c ?o } } "
         "{ SELECT * WHERE { ?i ex:d ?w } } }")
    got = _positions(q, {"i"})
    assert got == {"{ ?i ex:a ?o": ["i"], "{ ?z ex:b ?i": ["i"], "{ ?i ex:d ?w": ["i"]}


def test_a_subquery_inside_one_that_does_not_select_the_variable_is_left_alone():
    q = "SELECT ?i WHERE { ?i ex:a ?o { SELECT ?o WHERE { { SELECT ?i ?o WHERE { ?i ex:b ?o } } } } }"
    assert _positions(q, {"i"}) == {"{ ?i ex:a ?o": ["i"]}


def test_construct_template_ask_and_describe():
    assert _positions("CONSTRUCT { ?i ex:p ?o } WHERE { ?i ex:q ?o }", {"i"}) == {"{ ?i ex:q ?o": ["i"]}
    assert _positions("CONSTRUCT WHERE { ?i ex:q ?o }", {"i"}) == {"{ ?i ex:q ?o": ["i"]}
    assert _positions("ASK { ?i ex:q ?o }", {"i"}) == {"{ ?i ex:q ?o": ["i"]}
    assert _positions("DESCRIBE ?i WHERE { ?i ex:q ?o }", {"i"}) == {"{ ?i ex:q ?o": ["i"]}


def test_the_row_holds_terms_written_by_pyoxigraph_only():
    subs = {ox.Variable("i"): ox.NamedNode(EX + "a"), ox.Variable("s"): ox.Literal('x" } UNION { ?a ?b ?c'),
            ox.Variable("b"): ox.BlankNode("n1"), ox.Variable("absent"): ox.Literal("z")}
    out = _planned("SELECT ?i ?s ?b WHERE { ?i ex:p ?s ; ex:q ?b }", subs)
    assert out == ('SELECT ?i ?s ?b WHERE { VALUES (?i ?s) { (<http://example.org/a> "x\\" } UNION { ?a ?b ?c") } '
                   ' ?i ex:p ?s ; ex:q ?b }')
    assert _planned("SELECT ?i WHERE { ?i ex:p ?o }", {}) is None
    assert _planned("SELECT ?i WHERE { ?i ex:p ?o }", {ox.Variable("b"): ox.BlankNode("n1")}) is None


@pytest.fixture(scope="module")
def toy():
    """Two initiatives with links, names and a MINUS trap (hand-built)."""
    ds = Dataset.in_memory()
    g = ox.NamedNode(GRAPH_DATA)
    p = lambda x: ox.NamedNode(EX + x)  # noqa: E731
    for s, pr, o in [("a1", "part", "i1"), ("a2", "part", "i1"), ("a3", "part", "i2"),
                     ("a1", "name", None), ("a3", "name", None), ("i1", "tag", "i2")]:
        obj = ox.Literal(s.upper()) if o is None else p(o)
        ds.store.add(ox.Quad(p(s), p(pr), obj, g))
    return ds


TRAPS = [
    # a plain pattern, an OPTIONAL, an aggregate
    "SELECT ?i ?a ?n WHERE { ?a ex:part ?i OPTIONAL { ?a ex:name ?n } } ORDER BY ?a",
    "SELECT ?i (COUNT(?a) AS ?k) WHERE { ?a ex:part ?i } GROUP BY ?i",
    # a subquery with its own ?i (not selected): every initiative's activities
    "SELECT ?i ?a WHERE { ?x ex:part ?i { SELECT ?a WHERE { ?a ex:part ?i } } } ORDER BY ?a",
    # SELECT * subquery and MINUS on the bound variable
    "SELECT ?i ?a WHERE { { SELECT * WHERE { ?a ex:part ?i } } } ORDER BY ?a",
    "SELECT ?i ?a WHERE { ?a ex:name ?n MINUS { ?a ex:part ?i } } ORDER BY ?a",
    # FILTER NOT EXISTS on the bound variable, and a nested subquery selecting it
    "SELECT ?i ?a WHERE { ?a ex:part ?j FILTER NOT EXISTS { ?i ex:tag ?j } } ORDER BY ?a",
    "SELECT ?i ?a WHERE { { SELECT ?i ?a WHERE { { SELECT ?a ?i WHERE { ?a ex:part ?i } } } } } ORDER BY ?a",
]


@pytest.mark.parametrize("text", TRAPS)
@pytest.mark.parametrize("value", ["i1", "i2", "nothing"])
def test_planned_answers_are_the_substitutions_answers(toy, text, value):
    prefixes = {"ex": EX}
    subs = {ox.Variable("i"): ox.NamedNode(EX + value)}
    assert _planned(text, subs) is not None
    want = [tuple(r) for r in toy.store.query(text, prefixes=prefixes, substitutions=subs,
                                              use_default_graph_as_union=True)]
    got = [tuple(r) for r in query_store(toy.store, text, subs, prefixes, use_default_graph_as_union=True)]
    assert got == want


def test_a_query_the_row_would_break_runs_as_written(toy):
    # BIND to a variable the VALUES row would already bind is a syntax error: the query runs without the row
    text = "SELECT ?i ?a WHERE { ?a ex:part ?x BIND (?x AS ?i) } ORDER BY ?a"
    subs = {ox.Variable("i"): ox.NamedNode(EX + "i1")}
    want = [tuple(r) for r in toy.store.query(text, prefixes={"ex": EX}, substitutions=subs,
                                              use_default_graph_as_union=True)]
    got = [tuple(r) for r in query_store(toy.store, text, subs, {"ex": EX}, use_default_graph_as_union=True)]
    assert got == want and len(got) == 2


def _initiatives(ds) -> list:
    return [r["i"] for r in ds.store.query("SELECT ?i WHERE { ?i a ci:Initiative } ORDER BY ?i",
                                           prefixes=PREFIXES, use_default_graph_as_union=True)]


def _same_answers(ds, qid: str) -> None:
    q = LIB.get(qid, "sparql")
    inis = _initiatives(ds)
    assert inis
    for ini in inis:
        subs = {ox.Variable("initiative"): ini}
        assert _planned(q.text, subs) is not None, f"{qid}: no VALUES row was placed"
        want = [tuple(r) for r in ds.store.query(q.text, prefixes=PREFIXES, substitutions=subs,
                                                 use_default_graph_as_union=True)]
        got = [tuple(r) for r in query_store(ds.store, q.text, subs, PREFIXES, use_default_graph_as_union=True)]
        assert got == want, f"{qid} for {ini}"


@pytest.mark.parametrize("qid", PARAM_QUERIES)
def test_library_queries_answer_the_same_for_every_case_study_initiative(dataset, qid):
    _same_answers(dataset, qid)


@pytest.fixture(scope="module")
def rc2c():
    from cigraph.pipeline import build_dataset
    from cigraph.settings import Settings

    return build_dataset(Settings(data_dirs=(Path(__file__).parent / "data" / "ontology-0.2",)))


@pytest.mark.parametrize("qid", PARAM_QUERIES)
def test_library_queries_answer_the_same_on_the_hand_made_initiative(rc2c, qid):
    _same_answers(rc2c, qid)
