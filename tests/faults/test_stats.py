"""Fault catalogue, resources (docs/faults.md, R-rows): `cigraph stats` as separate grouped counts."""

from __future__ import annotations

from cigraph.describe import STATS_COUNTS, stats

#: the query stats used to run (six OPTIONALs in one pattern): fine on the case studies, a
#: cross product on synthetic data; kept here only as the reference answer
CROSS_PRODUCT = """
SELECT ?i ?name
  (COUNT(DISTINCT ?m) AS ?participants) (COUNT(DISTINCT ?a) AS ?activities)
  (COUNT(DISTINCT ?p) AS ?priorities) (COUNT(DISTINCT ?w) AS ?working_groups)
  (COUNT(DISTINCT ?ind) AS ?indicators) (COUNT(DISTINCT ?ch) AS ?channels)
WHERE {
  ?i a ci:Initiative ; ci:name ?name .
  OPTIONAL { ?m ci:memberOf ?i }
  OPTIONAL { ?a a ci:Activity ; ci:partOfInitiative ?i }
  OPTIONAL { ?p a ci:Priority ; ci:partOfInitiative ?i }
  OPTIONAL { ?w a ci:WorkingGroup ; ci:partOfInitiative ?i }
  OPTIONAL { ?ind a ci:Indicator ; ci:partOfInitiative ?i }
  OPTIONAL { ?i ci:hasChannel ?ch }
} GROUP BY ?i ?name ORDER BY ?name"""


def _reference(ds) -> list[dict]:
    return sorted(({"initiative": r["name"].value, "iri": r["i"].value,
                    **{c: int(r[c].value) for c in STATS_COUNTS}} for r in ds.query(CROSS_PRODUCT, raw=True)),
                  key=lambda r: (r["initiative"], r["iri"]))


def test_stats_as_separate_counts_gives_the_same_answers(dataset):
    got = stats(dataset)
    assert got["initiatives"] == _reference(dataset)
    assert any(r["activities"] > 0 and r["participants"] > 0 for r in got["initiatives"])
    assert sum(got["graphs"].values()) == got["triples"] == len(dataset)


def test_stats_on_synthetic_data_finishes_with_the_same_answers(tmp_path):
    """The shape that never finished (many members x activities x priorities per initiative),
    at a size where the old query still ends, so both can be compared."""
    from cigraph.pipeline import build_dataset
    from cigraph.settings import Settings
    from cigraph.synth import synthesize

    synthesize(tmp_path, initiatives=2, orgs_per_initiative=8, seed=3)
    ds = build_dataset(Settings(data_dirs=(tmp_path,)))
    got = stats(ds)["initiatives"]
    assert len(got) == 2 and all(r["participants"] >= 8 and r["activities"] > 0 for r in got)
    assert got == _reference(ds)
