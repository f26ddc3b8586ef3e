"""The wheel carries the ontology, the case studies and the queries, so cigraph works outside the repo."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_bundles_resources(tmp_path):
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
                       capture_output=True, text=True, timeout=300)
    if p.returncode != 0 and "hatchling" in p.stderr and "No matching distribution" in p.stderr:
        pytest.skip("hatchling cannot be installed here (no package index)")
    assert p.returncode == 0, p.stderr
    wheel = next(tmp_path.glob("cigraph-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "cigraph/_ontology/cigraph.ttl" in names and "cigraph/_ontology/shapes.ttl" in names
    for f in (ROOT / "data").glob("*.ttl"):
        assert f"cigraph/_data/{f.name}" in names
    for f in (ROOT / "queries").glob("*.*"):
        assert f"cigraph/_queries/{f.name}" in names
    assets = [f for f in (ROOT / "cigraph" / "render" / "assets").rglob("*") if f.is_file()]
    assert assets
    for f in assets:
        assert f.relative_to(ROOT).as_posix() in names, f"{f} is not in the wheel"
    # the query page works offline from an installed cigraph: its assets are package files
    for f in (ROOT / "cigraph" / "server_assets").rglob("*"):
        if f.is_file():
            assert "cigraph/" + f.relative_to(ROOT / "cigraph").as_posix() in names, f
    assert "cigraph/server_assets/yasgui/yasgui.min.js" in names
