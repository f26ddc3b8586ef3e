"""The RDF dataset cigraph builds, and the workspace that keeps it on disk.

A workspace is a folder::

    .cigraph/
      current -> builds/<id>      symlink, swapped atomically after a good build
      builds/<id>/store/          Oxigraph store (ontology, data, derived, entailed graphs)
      builds/<id>/meta.json       what was built from what, with counts

Readers follow ``current``; a build writes a new ``builds/<id>`` and only then
moves the link, so an interrupted or failed build leaves the previous good
dataset in place, and a rerun converges.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from .errors import QueryError, StoreError, WorkspaceMissing
from .vocab import GRAPH_DATA, GRAPH_DERIVED, GRAPH_ENTAILED, GRAPH_ONTOLOGY, PREFIXES

__all__ = ["Dataset", "open_dataset", "Workspace", "GRAPHS"]

GRAPHS = {
    "ontology": GRAPH_ONTOLOGY,
    "data": GRAPH_DATA,
    "derived": GRAPH_DERIVED,
    "entailed": GRAPH_ENTAILED,
}


@dataclass
class Dataset:
    """An Oxigraph store holding the four named graphs, with its build metadata.

    Queries see the union of all graphs as their default graph.
    """

    store: ox.Store
    path: Path | None = None
    meta: dict = field(default_factory=dict)

    @classmethod
    def in_memory(cls) -> "Dataset":
        return cls(ox.Store())

    # -- reading ------------------------------------------------------------
    def query(self, sparql: str, *, bindings: dict | None = None, prefixes: bool = True):
        """Run a SPARQL query over the union of the graphs.

        ``bindings`` maps variable names to values (str IRIs as ``ox.NamedNode``,
        or ox terms); they are substituted by the engine, never formatted in.
        """
        subs = None
        if bindings:
            subs = {ox.Variable(k): _term(v) for k, v in bindings.items()}
        try:
            return self.store.query(sparql, use_default_graph_as_union=True,
                                    prefixes=PREFIXES if prefixes else None, substitutions=subs)
        except SyntaxError as e:
            from .sparql import syntax_error

            raise syntax_error(str(e), sparql) from None
        except OSError as e:
            raise StoreError(f"could not read the workspace store: {e}") from None

    def __len__(self) -> int:
        return len(self.store)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self.store)
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return self.store.quads_for_pattern(None, None, None, g)

    def to_rdflib(self, graphs: tuple[str, ...] = ("ontology", "data", "derived", "entailed")):
        """The chosen graphs merged into one ``rdflib.Graph`` (for pySHACL, small exports)."""
        import rdflib

        g = rdflib.Graph()
        for name in graphs:
            data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(GRAPHS[name]))
            if data:
                g.parse(data=data, format="nt")
        for p, ns in PREFIXES.items():
            g.bind(p, ns, override=True)
        return g


def _term(v):
    if isinstance(v, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return v
    if isinstance(v, str) and (v.startswith("http://") or v.startswith("https://") or v.startswith("urn:")):
        return ox.NamedNode(v)
    if isinstance(v, bool):
        return ox.Literal(str(v).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(v, int):
        return ox.Literal(str(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if isinstance(v, float):
        return ox.Literal(repr(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double"))
    return ox.Literal(str(v))


class Workspace:
    """A folder holding built datasets; see the module docstring for the layout."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    @property
    def current(self) -> Path:
        return self.path / "current"

    def exists(self) -> bool:
        return (self.current / "store").is_dir()

    def open(self, *, read_only: bool = True) -> Dataset:
        if not self.exists():
            raise WorkspaceMissing(self.path)
        target = self.current.resolve()
        try:
            store = ox.Store.read_only(str(target / "store")) if read_only else ox.Store(str(target / "store"))
        except OSError as e:
            raise StoreError(f"cannot open the workspace store at {target}: {e}."
                             " If another cigraph process is writing it, wait and retry;"
                             " otherwise run `cigraph build` again.") from None
        meta = {}
        if (target / "meta.json").is_file():
            meta = json.loads((target / "meta.json").read_text())
        return Dataset(store, target, meta)

    def new_build_dir(self) -> Path:
        builds = self.path / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        d = builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.tmp"
        d.mkdir()
        return d

    def commit(self, build_dir: Path, meta: dict) -> Path:
        """Publish a finished build: write its metadata, then swap the link atomically."""
        (build_dir / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True))
        final = build_dir.with_suffix("")
        os.replace(build_dir, final)
        link_tmp = self.path / f".current-{uuid.uuid4().hex[:8]}"
        os.symlink(Path("builds") / final.name, link_tmp)
        os.replace(link_tmp, self.current)  # atomic on POSIX
        self.prune(keep=final)
        return final

    def prune(self, keep: Path | None = None) -> None:
        """Remove builds other than the current one (and leftovers of interrupted builds)."""
        builds = self.path / "builds"
        if not builds.is_dir():
            return
        cur = self.current.resolve() if self.current.exists() else None
        for d in builds.iterdir():
            if d.resolve() in (cur, keep.resolve() if keep else None):
                continue
            shutil.rmtree(d, ignore_errors=True)
        for stale in self.path.glob(".current-*"):
            stale.unlink(missing_ok=True)

    def discard(self, build_dir: Path) -> None:
        shutil.rmtree(build_dir, ignore_errors=True)


def open_dataset(workspace: str | os.PathLike) -> Dataset:
    """Open the current dataset of a workspace, read-only."""
    return Workspace(workspace).open()
