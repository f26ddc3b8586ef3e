"""The catalogue itself stays honest: every test named in docs/faults.md exists, and every
test in tests/faults/ is listed there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "faults.md"


def _listed() -> set[str]:
    return set(re.findall(r"`(test_[a-z0-9_]+\.py::test_[A-Za-z0-9_]+)`", DOC.read_text(encoding="utf-8")))


def _defined() -> set[str]:
    out = set()
    for f in sorted(Path(__file__).parent.glob("test_*.py")):
        for node in ast.parse(f.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"):
                out.add(f"{f.name}::{node.name}")
    return out


def test_every_listed_case_has_its_test():
    missing = sorted(_listed() - _defined())
    assert missing == [], f"docs/faults.md names tests that do not exist: {missing}"


def test_every_fault_test_is_listed():
    unlisted = sorted(t for t in _defined() - _listed() if not t.startswith("test_catalogue.py::"))
    assert unlisted == [], f"add these tests to the table in docs/faults.md: {unlisted}"
