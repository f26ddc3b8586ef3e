"""Network analysis of Collective Impact initiatives, on the PropertyGraph projection.

* :mod:`~cigraph.analysis.network` — the full graph and the collaboration network;
* :mod:`~cigraph.analysis.gaps` — gaps in mutually reinforcing activities;
* :mod:`~cigraph.analysis.centrality` — centrality and backbone diagnostics;
* :mod:`~cigraph.analysis.scorecard` — the five-condition scorecard.

Submodules are imported on first use so ``import cigraph.analysis`` stays quick.
"""

from __future__ import annotations

_LAZY = {
    "collaboration_network": "network",
    "full_graph": "network",
    "resolve_initiative": "network",
    "UnknownInitiative": "network",
    "find_gaps": "gaps",
    "Gap": "gaps",
    "GapConfig": "gaps",
    "Severity": "gaps",
    "reinforcement": "gaps",
    "Score": "centrality",
    "backbone_diagnostics": "centrality",
    "network_diagnostics": "centrality",
    "Scorecard": "scorecard",
}

__all__ = [*_LAZY, "centrality", "scorecard", "schema", "to_dataframe"]

# A public function named like its submodule is bound eagerly (both modules are light): bound
# lazily, importing the submodule anywhere would replace it by the module, and the documented
# ``from cigraph.analysis import centrality; centrality(pg)`` fails with "'module' object is not
# callable".
from .centrality import centrality  # noqa: E402
from .scorecard import scorecard  # noqa: E402


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def schema(kind: str) -> dict:
    """The JSON Schema of a JSON output (``gaps``, ``centrality``, ``backbones``,
    ``network``, ``scorecard``, ``assessment``), shipped in ``cigraph/analysis/schemas/``.

    >>> schema("gaps")["properties"]["schema_version"]
    {'const': 1}
    """
    import json
    from importlib import resources

    from ..errors import CigraphError

    path = resources.files(__name__).joinpath("schemas", f"{kind}.schema.json")
    if not path.is_file():
        raise CigraphError(f"no JSON schema for {kind!r}: use gaps, centrality, backbones, network, scorecard or assessment.")
    return json.loads(path.read_text(encoding="utf-8"))


def to_dataframe(results):
    """A pandas DataFrame of analysis results: a list of gaps, scores, backbone or
    network diagnostics, or a scorecard (one row per item, columns from ``to_dict``).

    >>> from cigraph.analysis.gaps import find_gaps
    >>> from cigraph.projection import PropertyGraph, Node
    >>> df = to_dataframe(find_gaps(PropertyGraph([Node("x", ("Indicator",), {"name": "X"})])))
    >>> list(df["type"])
    ['orphan_indicator']
    """
    import pandas as pd

    if hasattr(results, "to_dataframe"):
        return results.to_dataframe()
    rows = []
    for r in results:
        d = r.to_dict() if hasattr(r, "to_dict") else dict(r)
        rows.append(d)
    return pd.DataFrame(rows)
