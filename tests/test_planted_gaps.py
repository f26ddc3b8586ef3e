"""Gap analysis finds exactly the planted gaps (precision and recall 1.0) on synthetic graphs.

A found gap matches a planted one when type, initiative and the set of subject
IRIs agree (see :mod:`cigraph.synth` for how each gap is planted).
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from cigraph.pipeline import build_dataset
from cigraph.projection import project
from cigraph.settings import Settings
from cigraph.synth import GAP_TYPES, synthesize

pytestmark = pytest.mark.skipif(importlib.util.find_spec("cigraph.analysis.gaps") is None,
                                reason="cigraph.analysis.gaps (issue 4) is not written yet")


def _key(gtype, initiative, subjects):
    return gtype, initiative, frozenset(subjects)


def _found_and_planted(tmp_path, **kw):
    from cigraph.analysis.gaps import find_gaps

    res = synthesize(tmp_path, **kw)
    pg = project(build_dataset(Settings(data_dirs=(tmp_path,))))
    found = {_key(g.type, g.initiative, [i for i, _ in g.subjects]) for g in find_gaps(pg)}
    truth = json.loads((tmp_path / "planted-gaps.json").read_text()) if res.sidecar else {"gaps": []}
    planted = {_key(g["type"], g["initiative"], g["subjects"]) for g in truth["gaps"]}
    return found, planted


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_precision_and_recall_are_one(tmp_path, seed):
    found, planted = _found_and_planted(tmp_path, initiatives=6, orgs_per_initiative=12, seed=seed)
    assert {t for t, _, _ in planted} == set(GAP_TYPES)       # every type is planted
    true_pos = found & planted
    precision = len(true_pos) / len(found)
    recall = len(true_pos) / len(planted)
    assert (precision, recall) == (1.0, 1.0), (
        f"false positives: {sorted(map(str, found - planted))}\nmissed: {sorted(map(str, planted - found))}")


def test_exact_on_larger_initiatives(tmp_path):
    found, planted = _found_and_planted(tmp_path, initiatives=9, orgs_per_initiative=50, seed=11)
    assert found == planted


def test_unplanted_data_has_no_gaps(tmp_path):
    found, planted = _found_and_planted(tmp_path, initiatives=4, orgs_per_initiative=15, seed=5, plant=False)
    assert planted == set()
    assert found == set(), sorted(map(str, found))
