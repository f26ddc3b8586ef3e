"""Data text is in our own words: no long run of words copied from the source documents."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cigraph.resources import data_dir

_CANDIDATES = [os.environ.get("CIGRAPH_SEEDS", ""), Path(__file__).resolve().parents[2] / "shared" / "seeds",
               "/work/shared/seeds"]
SEEDS = next((Path(c) for c in _CANDIDATES if c and Path(c).is_dir()), Path("../shared/seeds"))
N = 12  # a run of this many words in a row, copied, counts as a copied sentence (names and lists are shorter)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="source documents (../shared/seeds) not present")
def test_no_long_copied_runs():
    source = set()
    for f in SEEDS.glob("*.txt"):
        source |= _ngrams(_words(f.read_text(encoding="utf-8")), N)
    copied = {}
    for f in sorted(data_dir().glob("*.ttl")):
        strings = re.findall(r'"((?:[^"\\]|\\.)*)"', f.read_text(encoding="utf-8"))
        for s in strings:
            hits = _ngrams(_words(s), N) & source
            if hits:
                copied.setdefault(f.name, []).append(" ".join(sorted(hits)[0]))
    assert copied == {}, f"runs of {N}+ words copied from the sources: {copied}"


def test_every_initiative_node_cites_a_section(kg):
    """Every data entity (not the ontology's individuals) has prov:wasDerivedFrom a SourceSection."""
    q = """
    PREFIX ci: <https://w3id.org/cigraph#> PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?s WHERE {
      ?s a ?c . FILTER(STRSTARTS(STR(?s), "https://w3id.org/cigraph/id/"))
      FILTER(?c IN (ci:Initiative, ci:Organization, ci:StakeholderGroup, ci:Membership, ci:Activity,
                    ci:Priority, ci:WorkingGroup, ci:Indicator, ci:ConditionPractice, ci:BackboneSupport))
      FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?sec . ?sec a ci:SourceSection }
    }"""
    assert [str(r.s) for r in kg.query(q)] == []
