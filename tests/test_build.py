"""Build: atomic workspace, clear errors for bad input, nothing lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cigraph.pipeline import build, build_dataset
from cigraph.dataset import Workspace, open_dataset
from cigraph.errors import DataError, ValidationFailed, WorkspaceMissing
from cigraph.resources import data_dir
from cigraph.settings import Settings

BAD = Path(__file__).parent / "data" / "bad"


def _data_with(tmp_path, *extra):
    d = tmp_path / "data"
    shutil.copytree(data_dir(), d, ignore=shutil.ignore_patterns("*.md"))
    for f in extra:
        shutil.copy(f, d / Path(f).name)
    return d


def test_build_writes_workspace(workspace):
    ds = open_dataset(workspace)
    assert len(ds) > 3000
    assert ds.meta["validation"]["conforms"] is True
    assert ds.meta["graphs"]["derived"] > 0 and ds.meta["graphs"]["entailed"] > 0


def test_malformed_turtle_names_file_and_line_and_keeps_workspace(tmp_path):
    ws = tmp_path / "ws"
    build(Settings(workspace=ws))
    before = Workspace(ws).current.resolve()
    with pytest.raises(DataError) as e:
        build(Settings(data_dirs=(_data_with(tmp_path, BAD / "malformed.ttl"),), workspace=ws))
    assert e.value.file.endswith("malformed.ttl") and e.value.line == 7
    assert "malformed.ttl:7" in str(e.value)
    assert Workspace(ws).current.resolve() == before
    assert len(list((ws / "builds").iterdir())) == 1  # the failed build's folder is gone


def test_shacl_violation_lists_focus_path_message_and_keeps_workspace(tmp_path):
    ws = tmp_path / "ws"
    build(Settings(workspace=ws))
    before = Workspace(ws).current.resolve()
    with pytest.raises(ValidationFailed) as e:
        build(Settings(data_dirs=(_data_with(tmp_path, BAD / "violation.ttl"),), workspace=ws))
    rep = e.value.report
    focus = {(r.focus_node.rsplit("/", 1)[-1], (r.path or "").rsplit("#", 1)[-1]) for r in rep.results
             if r.severity.value == "Violation"}
    assert ("bad-m", "member") in focus          # membership without org:member
    assert ("bad-init", "name") in focus         # two names
    assert any(r.focus_node.endswith("bad-init") and "five conditions" in r.message for r in rep.results)
    assert all(r.message for r in rep.results)
    assert Workspace(ws).current.resolve() == before


def test_interrupted_build_keeps_previous_and_rerun_converges(tmp_path):
    ws = tmp_path / "ws"
    first = build(Settings(workspace=ws))
    n = len(first.dataset)
    first.dataset.close()       # readers pin their build; a closed one can be pruned

    def interrupt(msg):
        if msg == "validate":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(Settings(workspace=ws), progress=interrupt)
    kept = open_dataset(ws)
    assert len(kept) == n
    kept.close()
    again = build(Settings(workspace=ws))
    assert len(again.dataset) == n
    again.dataset.close()
    assert len(list((ws / "builds").iterdir())) == 1


def test_missing_workspace_says_run_build(tmp_path):
    with pytest.raises(WorkspaceMissing, match="cigraph build"):
        open_dataset(tmp_path / "nowhere")


def test_inference_shortcuts(dataset):
    """memberOf, hasParticipant and hasBackbone follow from memberships; types are closed."""
    q = """ASK { cgd:org-city-of-los-angeles ci:memberOf cgd:lapz, cgd:slatez .
                cgd:lapz ci:hasParticipant cgd:org-city-of-los-angeles ;
                         ci:hasBackbone cgd:org-youth-policy-institute .
                cgd:org-youth-policy-institute a org:Organization, prov:Agent . }"""
    assert bool(dataset.query(q))


def test_every_data_file_is_loaded(dataset):
    files = {Path(f).name for f in dataset.meta["data_files"]}
    assert {"sources.ttl", "common.ttl", "la-promise-zone.ttl"} <= files
    from cigraph.resources import data_dir

    assert files == {p.name for p in data_dir().glob("*.ttl")}


def test_data_conforms_to_shapes(dataset):
    from cigraph.shacl import validate

    report = validate(dataset, engine="pyshacl")
    assert report.conforms, report.to_text()


def test_build_dataset_without_files_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="no data files in"):
        build_dataset(Settings(data_dirs=(tmp_path / "empty",)))
