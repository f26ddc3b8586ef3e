"""cigraph: Collective Impact initiatives as a knowledge graph.

The library API, stage by stage (each a plain function)::

    from cigraph import Settings, build, open_dataset, validate, project
    result = build(Settings())            # data/ + ontology -> validated workspace
    ds = open_dataset(".cigraph")         # the built RDF dataset (Oxigraph)
    pg = project(ds)                      # PropertyGraph: the hand-off to stores and networkx
    G = pg.to_networkx()

Heavy modules are imported on first use, so ``import cigraph`` stays quick.
"""

from __future__ import annotations

__version__ = "0.1.0"

_LAZY = {
    "Settings": "cigraph.settings",
    "build": "cigraph.pipeline",
    "build_dataset": "cigraph.pipeline",
    "open_dataset": "cigraph.dataset",
    "Dataset": "cigraph.dataset",
    "validate": "cigraph.shacl",
    "ValidationReport": "cigraph.shacl",
    "project": "cigraph.projection",
    "PropertyGraph": "cigraph.projection",
    "Node": "cigraph.projection",
    "Edge": "cigraph.projection",
    "CigraphError": "cigraph.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cigraph' has no attribute {name!r}")
