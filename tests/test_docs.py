"""The documentation stays honest: every command and every library query is documented (README + docs/),
every docs page is reachable from the README, and every relative link points at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cigraph.cli import COMMANDS, cli
from cigraph.queries import QueryLibrary

ROOT = Path(__file__).resolve().parents[1]
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
PAGES = sorted((ROOT / "docs").glob("*.md"))


def documentation() -> str:
    """The README and every Markdown page under docs/, as one text (what a reader can find)."""
    return "\n".join([README, *(p.read_text(encoding="utf-8") for p in PAGES)])


DOCS = documentation()
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_documented(command):
    assert f"cigraph {command}" in DOCS


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_line_in_the_command_table(command):
    table = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"| `cigraph {command}" in table, f"docs/cli.md has no row for cigraph {command}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_registered_command_exists(command):
    assert cli.get_command(None, command) is not None, f"cigraph {command} is registered but its module is missing"


def test_every_query_is_documented():
    ids = sorted({q.id for q in QueryLibrary().all()})
    missing = [i for i in ids if f"`{i}`" not in DOCS]
    assert missing == []


def test_every_query_states_its_question():
    for q in QueryLibrary().all():
        assert q.summary, f"{q.path} has no '+ summary:' header"
        assert q.kind in {"cq", "gap", "check", "explore"}, q.path
        assert "ORDER BY" in q.text.upper() or q.text.lstrip().upper().startswith(("ASK", "CONSTRUCT", "DESCRIBE")) \
            or "ORDER BY" in q.text, f"{q.path} has no ORDER BY"


def test_exit_codes_documented():
    cli_page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 5 |", "| 6 |", "| 130 |"):
        assert code in cli_page


def test_the_readme_is_a_front_door():
    """Short, and keeps what a newcomer needs: the two commands, a picture, links to every docs page."""
    assert len(README.encode()) < 16_000, "reference material belongs in docs/*.md"
    for must in ("make demo", "make test", "![", "docs/cli.md"):
        assert must in README
    linked = {m.group(1) for m in LINK.finditer(README)}
    unlinked = [f"docs/{p.name}" for p in PAGES if f"docs/{p.name}" not in linked]
    assert unlinked == [], "every docs page must be reachable from the README"


@pytest.mark.parametrize("page", [README_PATH, *PAGES], ids=lambda p: p.name)
def test_relative_links_resolve(page):
    text = page.read_text(encoding="utf-8")
    broken = []
    for m in LINK.finditer(text):
        target = m.group(1)
        if re.match(r"^[a-z]+:", target):          # http:, https:, mailto:
            continue
        if not (page.parent / target).exists():
            broken.append(target)
    assert broken == []


def test_a_broken_link_is_caught(tmp_path):
    """The link check can fail: a page pointing at a missing file is reported."""
    page = tmp_path / "x.md"
    page.write_text("see [here](missing.md#part) and [web](https://example.org)\n")
    found = [m.group(1) for m in LINK.finditer(page.read_text())
             if not re.match(r"^[a-z]+:", m.group(1)) and not (tmp_path / m.group(1)).exists()]
    assert found == ["missing.md"]
