"""Property-graph stores: where a :class:`~cigraph.projection.PropertyGraph` is loaded
and queried with Cypher.

A store has three methods (the :class:`GraphStore` protocol)::

    stats = store.load(pg, replace=False, progress=None)   # -> LoadStats
    rows = store.run("MATCH (n:Initiative) RETURN n.uri AS uri ORDER BY uri", **params)
    store.close()

Two implementations, chosen by name and imported only when used:

* ``embedded`` (default) — :class:`cigraph.stores.embedded.EmbeddedStore`:
  LadybugDB, on disk in the workspace, no server.
* ``neo4j`` — :class:`cigraph.stores.neo4j.Neo4jStore`: a Neo4j server over Bolt.

Both load the same schema (:mod:`cigraph.stores.schema`), are idempotent,
verify counts after loading, and return rows as plain dicts whose values are
strings, numbers, booleans, lists, or dicts (nodes, relationships and paths
are turned into dicts of their properties), so one query gives the same
answer on either store.
"""

from __future__ import annotations

import importlib
from dataclasses import asdict, dataclass, field
from typing import Callable, Protocol, runtime_checkable

from ..errors import StoreError

__all__ = ["GraphStore", "LoadStats", "Progress", "Rows", "open_store", "STORES", "available_targets"]

#: ``progress(stage, done, total)``: called as a load advances (stage: "nodes", "relationships", ...).
Progress = Callable[[str, int, int], None]

#: target name -> "module:class"
STORES: dict[str, str] = {
    "embedded": "cigraph.stores.embedded:EmbeddedStore",
    "neo4j": "cigraph.stores.neo4j:Neo4jStore",
}


class Rows(list):
    """The rows of a query (a list of dicts) and its column names, known even with no rows."""

    def __init__(self, rows=(), columns=()):
        super().__init__(rows)
        self.columns = list(columns)


@dataclass
class LoadStats:
    """What a load wrote, checked against the projection."""

    target: str
    location: str
    nodes: int
    relationships: int
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    verified: bool = False
    replaced: bool = False
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        check = "counts verified" if self.verified else "counts NOT verified"
        return (f"loaded {self.nodes} nodes and {self.relationships} relationships into {self.target}"
                f" ({self.location}) in {self.seconds:.2f} s; {check}")


@runtime_checkable
class GraphStore(Protocol):
    """What every store offers."""

    def load(self, pg, *, replace: bool = False, progress: Progress | None = None) -> LoadStats:
        """Write the property graph; loading the same graph twice gives the same store."""

    def run(self, query: str, /, **params) -> list[dict]:
        """Run a read-only Cypher query; values are bound as parameters."""

    def close(self) -> None:
        """Release the connection or database handle."""


def available_targets() -> list[str]:
    return list(STORES)


def open_store(target: str = "embedded", **settings) -> GraphStore:
    """The store named ``target``, built from ``settings`` (see each store's constructor).

    >>> open_store("mongodb")
    Traceback (most recent call last):
    ...
    cigraph.errors.StoreError: unknown store 'mongodb': use one of embedded, neo4j.
    """
    spec = STORES.get(target)
    if spec is None:
        raise StoreError(f"unknown store {target!r}: use one of {', '.join(STORES)}.")
    module, cls = spec.split(":")
    return getattr(importlib.import_module(module), cls)(**settings)
