"""The render layer's static files are real files: packaged, lint-clean under Biome, and placeholders are
filled or refused."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cigraph.render.static import asset, fill

ROOT = Path(__file__).resolve().parents[1]
LINT = ROOT / "tools" / "asset-lint"
ASSETS = ROOT / "cigraph" / "render" / "assets"
BIOME = LINT / "node_modules" / ".bin" / "biome"

needs_biome = pytest.mark.skipif(
    shutil.which("node") is None or not BIOME.exists(),
    reason="Biome is not installed: run `make node` (npm ci in tools/asset-lint)")


def _biome(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIOME), "lint", f"--config-path={LINT}", "--error-on-warnings", "--colors=off",
                           *map(str, paths)], capture_output=True, text=True, timeout=120, cwd=ROOT)


@needs_biome
def test_assets_pass_biome():
    files = sorted(p for p in ASSETS.rglob("*") if p.suffix in {".js", ".css", ".html", ".json"})
    assert len(files) >= 3
    r = _biome(ASSETS)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"Checked {len(files)} file" in r.stdout + r.stderr


@needs_biome
def test_biome_catches_a_defect(tmp_path):
    """The lint can fail: an unused variable and an assignment in a condition are errors."""
    bad = tmp_path / "bad.js"
    bad.write_text('(function () {\n  var unused = 1;\n  var x;\n  if (x = 2) { console.log(x); }\n})();\n')
    r = _biome(bad)
    assert r.returncode != 0
    assert "noUnusedVariables" in r.stdout + r.stderr


def test_every_asset_is_read_from_the_package():
    for p in ASSETS.rglob("*"):
        if p.is_file() and p.suffix in {".js", ".css", ".html", ".json"}:
            assert asset(p.relative_to(ASSETS).as_posix()) == p.read_text(encoding="utf-8")


def test_fill_refuses_a_missing_or_extra_part():
    with pytest.raises(ValueError, match="placeholders"):
        fill("<p>%%A%%</p>", B="x")
    with pytest.raises(ValueError, match="placeholders"):
        fill("<p>%%A%%</p>", A="x", B="y")


def test_fill_does_not_rescan_inserted_text():
    """Data that happens to contain a marker is inserted as is, never replaced in turn."""
    assert fill("%%A%%|%%B%%", A="%%B%%", B="b") == "%%B%%|b"
