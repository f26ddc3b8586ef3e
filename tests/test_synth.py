"""cigraph.synth: deterministic, valid, streamed, heavy-tailed; and the `cigraph synth` command."""

from __future__ import annotations

import json
import statistics
import tracemalloc
from collections import Counter

import pytest
from click.testing import CliRunner

from cigraph.pipeline import build_dataset
from cigraph.settings import Settings
from cigraph.synth import GAP_TYPES, iter_initiatives, synthesize


def _contents(d):
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synthesize(a, initiatives=4, orgs_per_initiative=10, seed=3)
    synthesize(b, initiatives=4, orgs_per_initiative=10, seed=3)
    synthesize(c, initiatives=4, orgs_per_initiative=10, seed=4)
    assert _contents(a) == _contents(b)
    assert _contents(a)["synth-00000.nt"] != _contents(c)["synth-00000.nt"]


def test_chunking_does_not_change_the_triples(tmp_path):
    one = synthesize(tmp_path / "one", initiatives=7, orgs_per_initiative=10, seed=2, chunk_size=50)
    three = synthesize(tmp_path / "three", initiatives=7, orgs_per_initiative=10, seed=2, chunk_size=3)
    assert [p.name for p in three.files] == ["synth-network.nt", "synth-00000.nt", "synth-00001.nt",
                                              "synth-00002.nt"]
    assert b"".join(p.read_bytes() for p in one.files) == b"".join(p.read_bytes() for p in three.files)
    assert one.triples == three.triples == sum(len(p.read_bytes().splitlines()) for p in three.files)


def test_output_passes_the_shapes_with_both_engines(tmp_path):
    from cigraph.shacl import validate

    res = synthesize(tmp_path, initiatives=3, orgs_per_initiative=12, seed=9)
    ds = build_dataset(Settings(data_dirs=(tmp_path,)))
    assert len(ds) > res.triples                       # inference added to the data
    for engine in ("pyshacl", "sparql"):
        report = validate(ds, engine=engine)
        assert report.conforms, report.to_text(limit=10)


def test_generator_is_lazy():
    """A billion initiatives cost nothing until asked for: one initiative at a time."""
    gen = iter_initiatives(10**9, orgs_per_initiative=20, seed=0)
    i, lines = next(gen)
    assert i == 0 and 200 < len(lines) < 5000
    assert all(line.endswith(" .\n") for line in lines)


def test_memory_does_not_grow_with_the_number_of_initiatives(tmp_path):
    def peak(n):
        tracemalloc.start()
        synthesize(tmp_path / str(n), initiatives=n, orgs_per_initiative=30, seed=1, chunk_size=5)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(5), peak(60)
    # 12x the data; only the organization pool (a few ints per organization) grows
    assert large < 1.6 * small, (small, large)


def test_progress_is_reported_per_initiative(tmp_path):
    calls = []
    synthesize(tmp_path, initiatives=5, orgs_per_initiative=10, progress=lambda d, t, n: calls.append((d, t, n)))
    assert [c[0] for c in calls] == [1, 2, 3, 4, 5] and all(c[1] == 5 for c in calls)
    assert [c[2] for c in calls] == sorted(c[2] for c in calls)


def test_participation_is_heavy_tailed_and_sectors_mixed(tmp_path):
    res = synthesize(tmp_path, initiatives=150, orgs_per_initiative=20, seed=0, plant=False)
    per_org = Counter()
    sectors = Counter()
    for p in res.files:
        for line in p.read_text().splitlines():
            if "<http://www.w3.org/ns/org#member>" in line and "/syn-org-" in line:
                per_org[line.split()[2]] += 1
            elif "<https://w3id.org/cigraph#inSector>" in line and "/syn-org-" in line:
                sectors[line.split()[2].rsplit("#", 1)[1].rstrip(">")] += 1
    counts = sorted(per_org.values(), reverse=True)
    assert statistics.median(counts) == 1                   # most organizations are in one initiative
    assert counts[0] >= 10                                  # a few are in many
    assert res.max_initiatives_per_org == counts[0]
    assert len(counts) == res.organizations
    assert set(sectors) == {"PublicSector", "EducationSector", "HealthSector", "NonProfitSector",
                            "PhilanthropySector", "PrivateSector", "CommunitySector", "IndigenousCommunity"}
    assert sectors.most_common(1)[0][0] == "NonProfitSector"


def test_sidecar_lists_every_gap_type(tmp_path):
    res = synthesize(tmp_path, initiatives=3, orgs_per_initiative=10, seed=0)
    truth = json.loads(res.sidecar.read_text())
    assert truth["schema_version"] == 1 and truth["seed"] == 0
    assert sorted({g["type"] for g in truth["gaps"]}) == sorted(GAP_TYPES)
    assert all(g["initiative"].startswith("https://w3id.org/cigraph/id/syn-") and g["subjects"]
               for g in truth["gaps"])
    assert synthesize(tmp_path, initiatives=2, orgs_per_initiative=10, plant=False).sidecar is None


def test_bad_arguments():
    with pytest.raises(ValueError, match="at least 1"):
        synthesize("/tmp/never", initiatives=0)
    with pytest.raises(ValueError, match="at least 8"):
        synthesize("/tmp/never", initiatives=1, orgs_per_initiative=3)


def test_cli(tmp_path):
    from cigraph.cli import cli

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["synth", "--initiatives", "3", "--orgs-per-initiative", "10", "--seed", "1",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "initiatives: 3" in result.output and "planted gaps: 9" in result.output
    triples = int(next(x for x in result.output.splitlines() if x.startswith("triples:")).split(":")[1])
    assert triples == sum(len(p.read_bytes().splitlines()) for p in out.glob("synth-*.nt"))
    assert (out / "planted-gaps.json").is_file()

    result = CliRunner().invoke(cli, ["synth", "-n", "2", "--no-plant", "-q", "-o", str(tmp_path / "clean")])
    assert result.exit_code == 0, result.output
    assert "planted gaps: 0" in result.output and not (tmp_path / "clean" / "planted-gaps.json").exists()

    result = CliRunner().invoke(cli, ["synth", "-n", "0", "-o", str(out)])
    assert result.exit_code == 2 and "initiatives" in result.output
