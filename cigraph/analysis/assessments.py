"""Several assessments of one initiative x condition (ontology 0.2): which one is current.

A ``ConditionPractice`` is one assessment. Its order key is ``(year, kind rank, IRI)``: the
year is ``assessedYear`` (undated: -1, the earliest), the kind rank is the ``rank`` of its
``ASSESSMENT_KIND`` (self 1, source author 2, curator 3, cigraph rule 4; absent: curator, as
0.1 data has no kind). The greatest key is the current assessment; the query
``condition-assessments`` applies the same rule.

>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> sm = "https://w3id.org/cigraph#SharedMeasurementCondition"
>>> pg = PropertyGraph([Node("a", ("ConditionPractice",), {"assessedYear": 2010}),
...                     Node("b", ("ConditionPractice",), {"assessedYear": 2018}),
...                     Node("c", ("ConditionPractice",), {}), Node(sm, ("Condition",))],
...                    [Edge(p, sm, "CONDITION") for p in "abc"])
>>> current_practices(pg, ["a", "b", "c"])
{'https://w3id.org/cigraph#SharedMeasurementCondition': 'b'}
"""

from __future__ import annotations

__all__ = ["assessment_key", "current_practices"]

CURATOR_RANK = 3


def assessment_key(pg, practice: str) -> tuple:
    """The order key ``(year, kind rank, IRI)`` of one assessment."""
    node = pg.nodes[practice]
    year = node.props.get("assessedYear")
    ranks = [pg.nodes[e.target].props.get("rank") for e in pg.out_edges(practice, "ASSESSMENT_KIND")
             if e.target in pg.nodes]
    rank = next((r for r in ranks if isinstance(r, int)), CURATOR_RANK)
    return (year if isinstance(year, int) else -1, rank, practice)


def current_practices(pg, practices) -> dict[str, str]:
    """Condition IRI -> the current practice among ``practices`` (one initiative's)."""
    best: dict[str, tuple] = {}
    for pr in practices:
        key = assessment_key(pg, pr)
        for e in pg.out_edges(pr, "CONDITION"):
            if e.target not in best or key > best[e.target]:
                best[e.target] = key
    return {c: k[2] for c, k in best.items()}
