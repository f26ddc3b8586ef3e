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
import re
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
    def query(self, sparql: str, *, bindings: dict | None = None, prefixes: bool = True,
              default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              raw: bool = False):
        """Run a SPARQL query; the answer as plain Python values.

        SELECT gives :class:`cigraph.results.Rows` (a list of dicts, variable -> ``str``, ``int``,
        ``float``, ``bool``, ``datetime.date``, IRIs as :class:`cigraph.results.IRI`; ``None`` when
        unbound; ``rows.variables``, ``rows.to_dataframe()``); ASK gives a ``bool``; CONSTRUCT and
        DESCRIBE give a list of ``(subject, predicate, object)`` tuples of the same values.

        The default graph is the union of the graphs, unless the query says its dataset
        (``FROM`` / ``FROM NAMED``) or ``default_graph`` / ``named_graphs`` (graph IRIs) are given.
        ``bindings`` maps variable names to values (an IRI as ``https://…``, a CURIE such as
        ``cgd:lapz`` or ``<…>``; ``int``, ``float``, ``bool``; other text is a string literal);
        the engine substitutes them, they are never formatted into the text. A SERVICE
        (federated query) is refused. Every failure is a :class:`cigraph.errors.QueryError`
        (or ``StoreError`` when the store cannot be read). ``raw=True`` returns pyoxigraph's
        own result object (terms), as before.

        >>> ds = Dataset.in_memory()
        >>> ds.store.add(ox.Quad(ox.NamedNode(PREFIXES["cgd"] + "x"), ox.NamedNode(PREFIXES["ci"] + "name"),
        ...                      ox.Literal("X"), ox.NamedNode(GRAPH_DATA)))
        >>> ds.query("SELECT ?e ?n WHERE { ?e ci:name ?n }")
        Rows(variables=['e', 'n'], 1 row)
        >>> ds.query("SELECT ?e ?n WHERE { ?e ci:name ?n }", bindings={"n": "X"})[0]
        {'e': IRI('https://w3id.org/cigraph/id/x'), 'n': 'X'}
        """
        from .results import Rows, to_python
        from .sparql import graph_iri, open_query

        subs = None
        if bindings:
            subs = {}
            for k, v in bindings.items():
                name = k[1:] if k[:1] in ("?", "$") else k
                try:
                    subs[ox.Variable(name)] = _term(v)
                except (ValueError, TypeError) as e:
                    raise QueryError(f"cannot bind ?{name} to {v!r}: {e}. Give an IRI (https://…, a CURIE"
                                     " such as cgd:lapz), a number, a bool or a string.") from None
        if default_graph is not None or named_graphs is not None:
            default_graph = [graph_iri(g, "default graph") for g in default_graph or []]
            named_graphs = [graph_iri(g, "named graph") for g in named_graphs or []]
        if raw:
            from .sparql import _dataset_kw, _query_error, check_query

            check_query(sparql)
            try:
                return self.store.query(sparql, prefixes=PREFIXES if prefixes else None, substitutions=subs,
                                        **_dataset_kw(sparql, default_graph, named_graphs))
            except (SyntaxError, RuntimeError, OSError) as e:
                raise _query_error(e, sparql) from None
        kind, head, items = open_query(self.store, sparql, subs, PREFIXES if prefixes else None,
                                       default_graph, named_graphs)
        if kind == "ask":
            return head
        if kind == "select":
            return Rows(head, ({v: to_python(t) for v, t in zip(head, row)} for row in items))
        return [(to_python(t.subject), to_python(t.predicate), to_python(t.object)) for t in items]

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
    if isinstance(v, str) and (v.startswith("<") or re.match(r"^[A-Za-z][\w.-]*:\S", v)):
        from .sparql import to_term

        return to_term(v)
    if v is None or isinstance(v, (dict, list, tuple, set, bytes)):
        raise TypeError(f"a {type(v).__name__} is not an RDF term")
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
