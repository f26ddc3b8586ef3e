"""Shared fixtures: the case-study knowledge graph, built once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

NINTH = Path(__file__).parent / "data" / "ninth"


def pytest_addoption(parser):
    parser.addoption("--ninth", action="store_true",
                     help="run the suite on the case studies plus a ninth initiative (tests/data/ninth/):"
                          " generic tests must not depend on how many initiatives data/ holds.")


def pytest_configure(config):
    """With --ninth, CIGRAPH_DATA_DIR points every test (and every subprocess) at a copy of data/
    with the files of tests/data/ninth/ added."""
    if not config.getoption("--ninth") or os.environ.get("CIGRAPH_DATA_DIR"):
        return
    import tempfile

    from cigraph.resources import resource_dir

    root = Path(tempfile.mkdtemp(prefix="cigraph-ninth-"))
    shutil.copytree(resource_dir("data"), root / "data")
    for f in sorted(NINTH.glob("*.ttl")):
        shutil.copy(f, root / "data" / f.name)
    os.environ["CIGRAPH_DATA_DIR"] = str(root / "data")
    config._cigraph_ninth_root = root


def pytest_unconfigure(config):
    root = getattr(config, "_cigraph_ninth_root", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)
        os.environ.pop("CIGRAPH_DATA_DIR", None)


def ninth_mode() -> bool:
    """True when the suite runs on data/ plus the ninth initiative (case-study goldens then skip
    what a ninth initiative changes by design, e.g. counts over all initiatives)."""
    return bool(os.environ.get("CIGRAPH_DATA_DIR"))


@pytest.fixture(scope="session")
def dataset():
    """The case studies parsed and inferred into an in-memory Oxigraph dataset."""
    from cigraph.pipeline import build_dataset
    from cigraph.settings import Settings

    return build_dataset(Settings())


@pytest.fixture(scope="session")
def kg(dataset):
    """The same dataset as one rdflib.Graph (ontology + data + inferences)."""
    return dataset.to_rdflib()


@pytest.fixture(scope="session")
def pg(dataset):
    """The PropertyGraph projection of the case studies."""
    from cigraph.projection import project

    return project(dataset)


@pytest.fixture(scope="session")
def workspace(tmp_path_factory):
    """A built, validated workspace of the case studies (path)."""
    from cigraph.pipeline import build
    from cigraph.settings import Settings

    ws = tmp_path_factory.mktemp("ws") / "workspace"
    build(Settings(workspace=ws))
    return ws
