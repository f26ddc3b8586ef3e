"""Fixtures for the authoring tests."""

from __future__ import annotations

import pytest
from authoring_helpers import case_graph


@pytest.fixture(scope="session")
def cases():
    """The case studies (data/*.ttl) as one rdflib graph."""
    return case_graph()
