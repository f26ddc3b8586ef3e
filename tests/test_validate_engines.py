"""The SPARQL validator (cigraph.shacl_sparql) gives exactly pySHACL's results.

Checked on the case studies, on synthetic data, and on one small invalid graph
per constraint kind (``tests/data/shapes/*-invalid.ttl``: line 1 says why the
file is invalid, line 2 lists the ``severity path`` pairs both engines must
report, ``-`` for a node-level result).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cigraph.build import build_dataset
from cigraph.settings import Settings
from cigraph.validate import validate
from cigraph.vocab import curie

SHAPES = Path(__file__).parent / "data" / "shapes"
INVALID = sorted(SHAPES.glob("*-invalid.ttl"))


def _both(ds):
    a = validate(ds, engine="pyshacl")
    b = validate(ds, engine="sparql")
    return a, b


def _diff(a, b) -> str:
    A, B = set(a.results), set(b.results)
    return "\n".join([f"only pyshacl: {r}" for r in sorted(A - B)] + [f"only sparql: {r}" for r in sorted(B - A)])


def test_engines_agree_on_case_studies(dataset):
    a, b = _both(dataset)
    assert a.results == b.results, _diff(a, b)
    assert a.conforms and b.conforms


def test_there_is_one_invalid_file_per_constraint_kind():
    kinds = {p.name.split("-invalid")[0] for p in INVALID}
    assert {"mincount", "maxcount", "class", "datatype", "nodekind", "or", "sparql", "subclass"} <= kinds


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_engines_agree_on_invalid_graph(path):
    lines = path.read_text().splitlines()
    assert lines[0].startswith("# Invalid"), "line 1 must say why the file is invalid"
    assert lines[1].startswith("# expect:"), "line 2 must list the expected results"
    expected = {tuple(x.split()) for x in lines[1].split(":", 1)[1].split(";")}
    ds = build_dataset(Settings(data_dirs=(path,)))
    a, b = _both(ds)
    assert a.results == b.results, _diff(a, b)
    got = {(r.severity.value, curie(r.path) if r.path else "-") for r in b.results}
    assert got == expected
    assert not b.conforms or all(s == "Warning" for s, _ in expected)


def test_sparql_message_template_is_filled():
    ds = build_dataset(Settings(data_dirs=(SHAPES / "sparql-invalid.ttl",)))
    msgs = sorted(r.message for r in validate(ds, engine="sparql").results if r.path is None)
    assert msgs == [
        "Each initiative needs exactly one ci:ConditionPractice for each of the five conditions; "
        f"https://w3id.org/cigraph#{c} has {n}."
        for c, n in [("BackboneSupportCondition", 0), ("ContinuousCommunicationCondition", 0),
                     ("MutuallyReinforcingActivitiesCondition", 0), ("SharedMeasurementCondition", 2)]]


def test_engines_agree_on_synthetic_data(tmp_path):
    from cigraph.synth import synthesize

    synthesize(tmp_path, initiatives=6, orgs_per_initiative=10, seed=7)
    ds = build_dataset(Settings(data_dirs=(tmp_path,)))
    a, b = _both(ds)
    assert a.results == b.results, _diff(a, b)
    assert b.conforms
    # the planted practice without evidence is the only warning
    assert [(r.severity.value, curie(r.path)) for r in b.results] == [("Warning", "ci:evidence")]


@pytest.mark.parametrize("constraint", [
    "sh:pattern \"^x\"",
    "sh:in ( ci:PublicSector )",
    "sh:node cis:Other",
])
def test_unsupported_feature_is_refused(tmp_path, constraint):
    from cigraph.shacl_sparql import UnsupportedShape, validate_sparql

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(f"""
@prefix ci: <https://w3id.org/cigraph#> . @prefix cis: <https://w3id.org/cigraph/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
cis:S a sh:NodeShape ; sh:targetClass ci:Initiative ; sh:property [ sh:path ci:name ; {constraint} ] .
""")
    with pytest.raises(UnsupportedShape, match="unsupported SHACL feature"):
        validate_sparql(build_dataset(Settings(data_dirs=(SHAPES / "nodekind-invalid.ttl",))), shapes)


def test_property_path_is_refused(tmp_path):
    from cigraph.shacl_sparql import UnsupportedShape, compile_shapes

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
@prefix ci: <https://w3id.org/cigraph#> . @prefix cis: <https://w3id.org/cigraph/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
cis:S a sh:NodeShape ; sh:targetClass ci:Initiative ; sh:property [ sh:path ( ci:a ci:b ) ; sh:minCount 1 ] .
""")
    with pytest.raises(UnsupportedShape, match="only IRI sh:path"):
        compile_shapes(shapes)
