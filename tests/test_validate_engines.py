"""The SPARQL validator (cigraph.shacl_sparql) gives exactly pySHACL's results.

Checked on the case studies, on synthetic data, and on one small invalid graph
per constraint kind (``tests/data/shapes/*-invalid.ttl``: line 1 says why the
file is invalid, line 2 lists the ``severity path`` pairs both engines must
report, ``-`` for a node-level result).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cigraph.pipeline import build_dataset
from cigraph.settings import Settings
from cigraph.shacl import path_curie, validate
from cigraph.vocab import curie

SHAPES = Path(__file__).parent / "data" / "shapes"
INVALID = sorted(SHAPES.glob("*-invalid.ttl"))


def _both(ds):
    a = validate(ds, engine="pyshacl")
    b = validate(ds, engine="sparql")
    return a, b


def _diff(a, b) -> str:
    A, B = set(a.results), set(b.results)
    key = lambda r: r.sort_key()  # noqa: E731
    return "\n".join([f"only pyshacl: {r}" for r in sorted(A - B, key=key)]
                     + [f"only sparql: {r}" for r in sorted(B - A, key=key)])


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
    got = {(r.severity.value, path_curie(r.path) if r.path else "-") for r in b.results}
    assert got == expected
    assert not b.conforms or all(s == "Warning" for s, _ in expected)


def test_sparql_message_template_is_filled():
    ds = build_dataset(Settings(data_dirs=(SHAPES / "sparql-invalid.ttl",)))
    msgs = sorted(r.message for r in validate(ds, engine="sparql").results if r.path is None)
    assert msgs == [
        "Each initiative needs a ci:ConditionPractice for each of the five conditions; "
        f"https://w3id.org/cigraph#{c} has none."
        for c in ["BackboneSupportCondition", "ContinuousCommunicationCondition",
                  "MutuallyReinforcingActivitiesCondition"]] + [
        "Two assessments of https://w3id.org/cigraph#SharedMeasurementCondition for this initiative have the same"
        " kind and the same ci:assessedYear (or neither has one): give each its own ci:assessedYear, or merge them."]


def test_engines_agree_on_synthetic_data(tmp_path):
    from cigraph.synth import synthesize

    synthesize(tmp_path, initiatives=6, orgs_per_initiative=10, seed=7)
    ds = build_dataset(Settings(data_dirs=(tmp_path,)))
    a, b = _both(ds)
    assert a.results == b.results, _diff(a, b)
    assert b.conforms
    # the planted practice without evidence is the only warning
    assert [(r.severity.value, path_curie(r.path)) for r in b.results] == [("Warning", "ci:evidence")]


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


def test_property_paths_compile_like_pyshacl(tmp_path):
    """Inverse, sequence, alternative and repetition paths: both engines, same results."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
@prefix ci: <https://w3id.org/cigraph#> . @prefix cis: <https://w3id.org/cigraph/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix org: <http://www.w3.org/ns/org#> .
cis:S a sh:NodeShape ; sh:targetClass ci:Initiative ;
  sh:property [ sh:path ( [ sh:inversePath org:organization ] org:member ) ; sh:minCount 3 ; sh:message "m3" ] ;
  sh:property [ sh:path [ sh:inversePath org:organization ] ; sh:maxCount 1 ; sh:message "x1" ] ;
  sh:property [ sh:path [ sh:alternativePath ( ci:hasCommonAgenda ci:hasBackboneSupport ) ] ;
                sh:minCount 1 ; sh:message "alt" ] ;
  sh:property [ sh:path ( [ sh:zeroOrMorePath ci:partOfNetwork ] ci:name ) ; sh:datatype ci:Nothing ;
                sh:message "dt" ] .
""")
    ds = build_dataset(Settings(data_dirs=(SHAPES / "sparql-invalid.ttl",)))
    a, b = validate(ds, shapes=shapes, engine="pyshacl"), validate(ds, shapes=shapes, engine="sparql")
    assert a.results == b.results, _diff(a, b)
    assert {(r.message, path_curie(r.path)) for r in b.results} == {
        ("m3", "^org:organization/org:member"), ("alt", "ci:hasCommonAgenda|ci:hasBackboneSupport"),
        ("dt", "ci:partOfNetwork*/ci:name")}


def test_unknown_path_operator_is_refused(tmp_path):
    from cigraph.shacl_sparql import UnsupportedShape, compile_shapes

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
@prefix ci: <https://w3id.org/cigraph#> . @prefix cis: <https://w3id.org/cigraph/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
cis:S a sh:NodeShape ; sh:targetClass ci:Initiative ; sh:property [ sh:path [ sh:fancyPath ci:a ] ; sh:minCount 1 ] .
""")
    with pytest.raises(UnsupportedShape, match="unknown SHACL path operator"):
        compile_shapes(shapes)


# --- shapes that stand alone: plain pySHACL with the ontology and RDFS inference -------------------
# What a researcher runs without cigraph:
#   pyshacl -s ontology/shapes.ttl -e ontology/cigraph.ttl -i rdfs data/x.ttl
# must give the verdict `cigraph validate --data data/x.ttl` gives: the shapes may rely only on
# what RDFS over the ontology entails (no cigraph inference), through property paths where needed.

def _plain_pyshacl(data_path) -> set:
    """Results of pySHACL as its CLI runs it (-s shapes -e ontology -i rdfs), in cigraph's terms."""
    import pyshacl
    from rdflib.namespace import SH

    from cigraph.resources import ontology_file, shapes_file
    from cigraph.shacl_sparql import sparql_path
    from cigraph.shacl import Severity, ValidationResult

    _c, report, _t = pyshacl.validate(str(data_path), shacl_graph=str(shapes_file()),
                                      ont_graph=str(ontology_file()), inference="rdfs")
    out = set()
    for r in report.subjects(SH.resultSeverity, None):
        path, value = report.value(r, SH.resultPath), report.value(r, SH.value)
        out.add(ValidationResult(Severity.from_iri(str(report.value(r, SH.resultSeverity))),
                                 str(report.value(r, SH.focusNode)),
                                 sparql_path(report, path) if path is not None else None,
                                 str(report.value(r, SH.resultMessage)),
                                 str(value) if value is not None else None))
    return out


def _data_files():
    from cigraph.settings import Settings

    return Settings().data_files()


def _merged(files, tmp_path):
    from rdflib import Graph

    g = Graph()
    for f in files:
        g.parse(f)
    out = tmp_path / "merged.ttl"
    g.serialize(out, format="turtle")
    return out


_SHARED = ("common.ttl", "sources.ttl")


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: p.name)
def test_plain_pyshacl_agrees_with_cigraph_on_each_data_file(path, tmp_path):
    """Each file with the shared files it cites (organizations, sources): the same results."""
    files = sorted({path, *(f for f in _data_files() if f.name in _SHARED)})
    plain = _plain_pyshacl(_merged(files, tmp_path))
    ds = build_dataset(Settings(data_dirs=tuple(files)))
    for engine in ("pyshacl", "sparql"):
        ours = validate(ds, engine=engine)
        assert set(ours.results) == plain, f"{engine} (left: plain pyshacl):\n" + _diff(
            type(ours)(list(plain)), ours)


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: p.name)
def test_plain_pyshacl_on_a_file_alone_differs_only_by_range_entailment(path):
    """A file alone cites organizations, networks and sources it does not describe. Both verdicts
    agree; the results differ only where RDFS range entailment types such a dangling reference:
    plain pySHACL then checks it as an instance of the range (no label, no source), cigraph reports
    the reference as not of the class (cigraph does not entail types from ranges, which would make
    ``sh:class`` on those properties always true). Known and documented in docs/analysis.md."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    plain = _plain_pyshacl(path)
    ours = set(validate(build_dataset(Settings(data_dirs=(path,))), engine="sparql").results)
    assert (not any(r.severity.value == "Violation" for r in plain)) == \
        (not any(r.severity.value == "Violation" for r in ours))
    g = Graph().parse(path)
    dangling = {r.value for r in ours - plain
                if r.value and (URIRef(r.value), RDF.type, None) not in g}
    assert {r.value for r in ours - plain} == dangling, "a difference other than a dangling reference"
    assert {r.focus_node for r in plain - ours} <= dangling


def test_plain_pyshacl_cli_agrees_with_cigraph_on_the_whole_set(tmp_path, dataset):
    """The pyshacl command itself, on all the data files merged into one."""
    import subprocess
    import sys

    from rdflib import Graph
    from rdflib.namespace import SH

    from cigraph.resources import ontology_file, shapes_file
    from cigraph.shacl_sparql import sparql_path

    data = _merged(_data_files(), tmp_path)
    # -w (--allow-warnings): cigraph's verdict too, warnings do not fail the data
    run = subprocess.run([sys.executable, "-m", "pyshacl", "-s", str(shapes_file()), "-e", str(ontology_file()),
                          "-i", "rdfs", "-w", "-f", "turtle", str(data)], capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr
    report = Graph().parse(data=run.stdout, format="turtle")
    plain = {(str(report.value(r, SH.focusNode)),
              sparql_path(report, report.value(r, SH.resultPath)) if report.value(r, SH.resultPath) else None,
              str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1])
             for r in report.subjects(SH.resultSeverity, None)}
    ours = validate(dataset)
    assert plain == {(r.focus_node, r.path, r.severity.value) for r in ours.results}
    assert (run.returncode == 0) == ours.conforms
