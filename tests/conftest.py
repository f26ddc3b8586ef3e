"""Shared fixtures: the case-study knowledge graph, built once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def dataset():
    """The case studies parsed and inferred into an in-memory Oxigraph dataset."""
    from cigraph.build import build_dataset
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
    from cigraph.build import build
    from cigraph.settings import Settings

    ws = tmp_path_factory.mktemp("ws") / "workspace"
    build(Settings(workspace=ws))
    return ws
