"""From a workbook to a built graph and its analysis, as a user would run it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from authoring_helpers import small_initiative

from cigraph.authoring.writer import write_workbook
from cigraph.cli import cli

@pytest.fixture(scope="module")
def example(tmp_path_factory):
    d = tmp_path_factory.mktemp("c2c")
    path = d / "c2c.xlsx"
    write_workbook(path, small_initiative())
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_build_data_adds_to_the_bundled_case_studies(example, tmp_path):
    r = run("build", "-q", "--data", example, "-w", tmp_path / "ws")
    assert r.exit_code == 0, r.output
    r = run("sparql", "SELECT (COUNT(?i) AS ?n) WHERE { ?i a ci:Initiative }", "-w", tmp_path / "ws",
            "--format", "json")
    n_all = int(json.loads(r.output)["results"]["bindings"][0]["n"]["value"])
    r = run("build", "-q", "--no-bundled", "--data", example, "-w", tmp_path / "ws2")
    assert r.exit_code == 0, r.output
    r = run("sparql", "SELECT (COUNT(?i) AS ?n) WHERE { ?i a ci:Initiative }", "-w", tmp_path / "ws2",
            "--format", "json")
    assert int(json.loads(r.output)["results"]["bindings"][0]["n"]["value"]) == 1
    assert n_all > 1


def test_from_workbook_to_gaps_and_report(example, tmp_path):
    ws = tmp_path / "ws"
    assert run("build", "-q", "--no-bundled", "--data", example, "-w", ws).exit_code == 0
    r = run("gaps", "-w", ws, "--initiative", "Example C2C", "--format", "json")
    assert r.exit_code == 0, r.output
    gaps = json.loads(r.output)
    text = json.dumps(gaps)
    # the funder does no activity: an isolated partner; and the IRI minted from the short name
    assert "Example Community Foundation" in text
    r = run("describe", "Example Cradle to Career Partnership", "-w", ws, "--format", "json")
    assert r.exit_code == 0 and "https://w3id.org/cigraph/id/example-c2c" in r.output
    r = run("report", "-w", ws, "--initiative", "Example C2C", "-o", tmp_path / "report.md")
    assert r.exit_code == 0, r.output


def test_import_writes_turtle_with_provenance(example, tmp_path):
    r = run("import", example, "-o", tmp_path / "c2c.ttl")
    assert r.exit_code == 0, r.output
    import rdflib

    g = rdflib.Graph().parse(tmp_path / "c2c.ttl")
    CGD = rdflib.Namespace("https://w3id.org/cigraph/id/")
    PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
    page = rdflib.URIRef("https://example.org/about")
    doc = CGD["src-example-partnership-about-us"]
    assert (doc, rdflib.URIRef("http://xmlns.com/foaf/0.1/page"), page) in g
    assert str(g.value(doc, rdflib.URIRef("http://purl.org/dc/terms/date"))) == "2026-11-30"
    # a whole-document citation: every row's node has the web page as its primary source
    act = CGD["example-c2c-act-summer-reading"]
    assert (act, PROV.hadPrimarySource, doc) in g
    # the membership with two roles
    m = CGD["example-c2c-m-example-community-foundation-funder-member"]
    roles = set(g.objects(m, rdflib.URIRef("http://www.w3.org/ns/org#role")))
    assert roles == {rdflib.URIRef("https://w3id.org/cigraph#FunderRole"),
                     rdflib.URIRef("https://w3id.org/cigraph#MemberRole")}


def test_export_xlsx_needs_an_initiative(workspace, tmp_path):
    r = run("export", "-w", workspace, "--format", "xlsx", "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "--initiative" in r.output
    r = run("export", "-w", workspace, "--format", "xlsx", "--initiative", "LA Promise Zone", "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 0, r.output
    r = run("export", "-w", workspace, "--format", "xlsx", "--initiative", "LA Promis Zone", "-o", tmp_path / "y.xlsx")
    assert r.exit_code == 3 and "LA Promise Zone" in r.output
