"""The ontology 0.2 sheets: People and posts, Observations, Funding, Relations (hand-made answers)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from authoring_helpers import small_initiative

from cigraph.authoring import import_workbook, load_mapping
from cigraph.authoring.writer import write_workbook
from cigraph.cli import cli

CI = "https://w3id.org/cigraph#"
CGD = "https://w3id.org/cigraph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# The sheets appear when the bundled ontology declares their terms (0.2: ci:PostHolding, ci:Observation, …).
pytestmark = pytest.mark.skipif(not {"People and posts", "Observations", "Funding", "Relations"}
                                <= set(load_mapping().names), reason="needs the ontology 0.2 terms")


def richer() -> dict:
    rows = small_initiative()
    s = {"source": "site"}
    rows["Indicators"] = [{"name": "Third graders reading at grade level", **s}]
    rows["Targets"] = [{"name": "80% reading at grade level", "priority": "Early grade reading", "value": 80,
                        "unit": "%", "indicator": "Third graders reading at grade level", "baseline value": 52,
                        "baseline": 2012, "due": "2020-06-30", **s}]
    rows["Observations"] = [
        {"indicator": "Third graders reading at grade level", "value": 52, "unit": "%", "when": 2012, **s},
        {"indicator": "Third graders reading at grade level", "value": 61.5, "unit": "%", "when": "2016-06-30",
         "approximate": "yes", "qualifier": "nearly", **s}]
    rows["People and posts"] = [
        {"person": "Jane Doe", "post role": "Executive director", "held in": "Example United Way",
         "from": 2010, "to": "2013-03-31", **s},
        {"person": "John Roe", "post role": "Executive director", "held in": "Example United Way",
         "from": 2013, "acting": "yes", **s}]
    rows["Funding"] = [{"funder": "Example Community Foundation", "recipient": "Example United Way",
                        "funds": "Backbone", "amount": 150000, "currency": "USD", "from": 2015, "to": 2017, **s}]
    rows["Relations"] = [{"organization": "Example C2C", "relation": "Preceded by",
                          "other organization": "Example School District", "from": 2014, **s}]
    return rows


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("c2c02") / "c2c.xlsx"
    write_workbook(path, richer())
    return path


def test_people_observations_money_relations_triples(book):
    t = import_workbook(book).triples
    lit = lambda v, d: ("lit", v, XSD + d)  # noqa: E731
    iri = lambda v: ("iri", v, None)  # noqa: E731
    jane = CGD + "person-jane-doe"
    holdings = {s for s, p, o in t if p == CI + "holder" and o == iri(jane)}
    assert len(holdings) == 1
    (h,) = holdings
    assert (h, CI + "startYear", lit("2010", "integer")) in t
    assert (h, CI + "endYear", lit("2013", "integer")) in t
    assert (h, CI + "endDate", lit("2013-03-31T00:00:00", "dateTime")) in t
    assert (h, CI + "heldIn", iri(CGD + "org-example-united-way")) in t
    assert (jane, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", iri(CI + "Person")) in t
    john = {s for s, p, o in t if p == CI + "holder" and o == iri(CGD + "person-john-roe")}
    assert {(s, CI + "acting", lit("true", "boolean")) for s in john} <= t
    obs = {s for s, p, o in t if p == CI + "ofIndicator" and o == iri(CGD + "example-c2c-ind-third-graders-reading-at-grade-level")
           and (s, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", iri(CI + "Observation")) in t}
    assert len(obs) == 2
    values = {o[1] for s in obs for s2, p, o in t if s2 == s and p == CI + "value"}
    assert values == {"52", "61.5"}
    assert any((s, CI + "onDate", lit("2016-06-30T00:00:00", "dateTime")) in t and
               (s, CI + "year", lit("2016", "integer")) in t for s in obs)
    grant = next(s for s, p, o in t if p == CI + "funds")
    assert (grant, CI + "funds", iri(CGD + "example-c2c-backbone")) in t
    assert (grant, CI + "amount", lit("150000", "integer")) in t or (grant, CI + "amount", lit("150000", "decimal")) in t
    rel = next(s for s, p, o in t if p == CI + "relationKind")
    assert (rel, CI + "fromOrganization", iri(CGD + "example-c2c")) in t


def test_the_workbook_builds_and_answers_who_led_the_backbone(book, tmp_path):
    ws = tmp_path / "ws"
    r = CliRunner().invoke(cli, ["build", "-q", "--no-bundled", "--data", str(book), "-w", str(ws)])
    assert r.exit_code == 0, r.output
    q = """SELECT ?name WHERE {
      ?h ci:holder ?p ; ci:heldIn ?org ; ci:startYear ?from .
      ?p ci:name ?name .
      ?i ci:hasBackbone ?org .
      OPTIONAL { ?h ci:endYear ?to }
      FILTER(?from <= 2012 && (!BOUND(?to) || ?to >= 2012))
    } ORDER BY ?name"""
    r = CliRunner().invoke(cli, ["sparql", q, "-w", str(ws), "--format", "json"])
    assert r.exit_code == 0, r.output
    names = [b["name"]["value"] for b in json.loads(r.output)["results"]["bindings"]]
    assert names == ["Jane Doe"]
