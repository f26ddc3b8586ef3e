"""Fixtures for the fault catalogue (``docs/faults.md``); helpers are in ``faults.helpers``.

Long variants are marked ``soak`` and run only by ``make faults``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def built_workspace(tmp_path_factory) -> Path:
    """A workspace of the case studies, built once; copy it (``ws_copy``) before changing it."""
    from cigraph.pipeline import build
    from cigraph.settings import Settings

    ws = tmp_path_factory.mktemp("faults-ws") / "ws"
    build(Settings(workspace=ws))
    return ws


@pytest.fixture
def ws_copy(built_workspace, tmp_path) -> Path:
    """A private copy of the built workspace (symlinks kept), for tests that damage it."""
    dst = tmp_path / "ws"
    shutil.copytree(built_workspace, dst, symlinks=True)
    return dst
