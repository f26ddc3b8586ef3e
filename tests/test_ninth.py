"""A ninth initiative (tests/data/ninth/, made up by hand) beside the eight case studies.

The whole suite runs on data/ plus this file with ``pytest --ninth`` (``make test-ninth``): generic
tests must not depend on how many initiatives there are (golden counts belong to the case studies'
own tests, which name them: ``tests/casestudies.py``). This module, part of the normal run, keeps
the mechanism and the generic invariants honest on data + ninth, and checks the ninth's answers,
worked out by hand from its file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import jsonschema
import pytest

from casestudies import CASE_STUDIES, CGD, initiative_count
from conftest import NINTH

RIVERTON = CGD + "riverton"


@pytest.fixture(scope="module")
def nine(tmp_path_factory):
    """data/ plus the ninth initiative: (folder, PropertyGraph, Dataset)."""
    from cigraph.pipeline import build_dataset
    from cigraph.projection import project
    from cigraph.resources import resource_dir
    from cigraph.settings import Settings

    d = tmp_path_factory.mktemp("nine") / "data"
    shutil.copytree(resource_dir("data"), d)
    for f in NINTH.glob("*.ttl"):
        shutil.copy(f, d / f.name)
    ds = build_dataset(Settings(data_dirs=(d,)))
    return d, project(ds), ds


def test_data_dir_follows_the_environment(nine):
    """CIGRAPH_DATA_DIR (what --ninth sets) is where every default Settings and subprocess look."""
    d, _, _ = nine
    code = ("from cigraph.settings import Settings; from cigraph.resources import data_dir;"
            "print(data_dir(), len(Settings().data_files()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "CIGRAPH_DATA_DIR": str(d)})
    assert out.returncode == 0, out.stderr
    folder, n = out.stdout.split()
    assert folder == str(d) and int(n) == len(list(d.glob("*.ttl")))


def test_generic_invariants_hold_with_nine(nine):
    from cigraph.analysis import schema
    from cigraph.analysis.gaps import find_gaps
    from cigraph.analysis.scorecard import scorecard
    from cigraph.render.tables import to_json
    from cigraph.shacl import validate

    _, pg, ds = nine
    inis = {n.id for n in pg.by_label("Initiative")}
    assert inis == {CGD + c for c in CASE_STUDIES} | {RIVERTON}
    assert validate(ds).conforms
    card = scorecard(pg)
    assert len(card.rows) == 5 * len(inis)
    jsonschema.validate(json.loads(card.to_json()), schema("scorecard"))
    gaps = find_gaps(pg)
    jsonschema.validate(json.loads(to_json([g.to_dict() for g in gaps], kind="gaps")), schema("gaps"))
    # the eight case studies' gaps do not change when a ninth initiative is added
    from cigraph.pipeline import build_dataset
    from cigraph.projection import project
    from cigraph.resources import resource_dir
    from cigraph.settings import Settings

    eight = project(build_dataset(Settings(data_dirs=(resource_dir("data"),))))
    assert sorted(g.id for g in find_gaps(eight)) == sorted(g.id for g in gaps if g.initiative != RIVERTON)


def test_the_ninth_initiatives_gaps_by_hand(nine):
    """Riverton: two priorities, each served by one activity; reading buddies performed by the
    library and the schools and measured by the one indicator; mentoring by nobody recorded."""
    from cigraph.analysis.gaps import Basis, find_gaps

    _, pg, _ = nine
    got = {(g.type, tuple(n for _, n in g.subjects), g.basis) for g in find_gaps(pg, initiative=RIVERTON)}
    assert got == {
        # mentoring: activities are linked to indicators in this record, so it is unmeasured (inferred)
        ("unmeasured_activity", ("Mentoring",), Basis.INFERRED),
        # the fund and the parents do no recorded work; the record does name performers
        ("isolated_partner", ("Riverton Community Fund",), Basis.INFERRED),
        ("isolated_partner", ("Riverton parent circle",), Basis.INFERRED),
        # no private-sector partner; every partner has a sector recorded
        ("missing_sector", ("Private sector",), Basis.INFERRED),
        # Planned continuous communication, with a newsletter on record: stated
        ("weak_condition", ("Riverton C2C: continuous communication", "Continuous communication"), Basis.STATED),
    }


def test_initiative_count_reads_the_suites_data():
    from cigraph.resources import data_dir

    n = initiative_count()
    assert n == (9 if os.environ.get("CIGRAPH_DATA_DIR") else 8)
    assert (RIVERTON.rsplit("/", 1)[-1] + "-cradle-to-career.ttl" in {p.name for p in data_dir().glob("*.ttl")}) \
        == (n == 9)
