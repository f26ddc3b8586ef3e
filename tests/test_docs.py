"""The README stays honest: every command and every library query is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from cigraph.cli import COMMANDS, cli
from cigraph.queries import QueryLibrary

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme(command):
    assert f"cigraph {command}" in README


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_registered_command_exists(command):
    assert cli.get_command(None, command) is not None, f"cigraph {command} is registered but its module is missing"


def test_every_query_is_in_the_readme():
    ids = sorted({q.id for q in QueryLibrary().all()})
    missing = [i for i in ids if f"`{i}`" not in README]
    assert missing == []


def test_every_query_states_its_question():
    for q in QueryLibrary().all():
        assert q.summary, f"{q.path} has no '+ summary:' header"
        assert q.kind in {"cq", "gap", "check", "explore"}, q.path
        assert "ORDER BY" in q.text.upper() or q.text.lstrip().upper().startswith(("ASK", "CONSTRUCT", "DESCRIBE")) \
            or "ORDER BY" in q.text, f"{q.path} has no ORDER BY"


def test_exit_codes_documented():
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 5 |", "| 6 |", "| 130 |"):
        assert code in README
