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
    #: the shared lock that keeps this build from being pruned while it is read (see Workspace)
    pin: object = field(default=None, repr=False, compare=False)

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
            from .sparql import _dataset_kw, _query_error, check_query, query_store

            check_query(sparql)
            try:
                return query_store(self.store, sparql, subs, PREFIXES if prefixes else None,
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

    def close(self) -> None:
        """Release the build (a later build may then prune it); the dataset is unusable after."""
        if self.pin is not None:
            self.pin.close()
            self.pin = None

    def __len__(self) -> int:
        return len(self.store)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            return len(self.store)
        # counted inside Oxigraph: iterating the quads into Python costs ~1 s per million
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ox.NamedNode(graph).value}> {{ ?s ?p ?o }} }}"
        return int(next(iter(self.store.query(q)))["n"].value)

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
    """A folder holding built datasets; see the module docstring for the layout.

    Concurrency (``docs/workspace.md``): a build holds ``.build.lock`` exclusively from start
    to commit, so two builds never interleave; a reader pins the build it opened with a
    shared lock on ``builds/<id>/lock``; pruning deletes only builds nobody pins.
    """

    LOCK = ".build.lock"

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    @property
    def current(self) -> Path:
        return self.path / "current"

    @property
    def builds(self) -> Path:
        return self.path / "builds"

    def exists(self) -> bool:
        return (self.current / "store").is_dir()

    def lock(self, *, wait: bool = False):
        """The writer lock a build holds (``with ws.lock(): ...``); raises :class:`~cigraph.locks.Busy`."""
        from .locks import WriterLock

        return WriterLock(self.path / self.LOCK, "build", wait=wait)

    # -- reading --------------------------------------------------------------
    def open(self, *, read_only: bool = True) -> Dataset:
        """The current build, pinned for as long as the returned dataset lives (or ``close()``)."""
        from .locks import pin

        last_error = None
        for _attempt in range(5):
            if not self.exists():
                if self.path.exists() and not self.path.is_dir():
                    raise StoreError(f"{self.path} is a file, not a cigraph workspace: pass --workspace with a"
                                     " folder (or move the file away) and run `cigraph build`.")
                raise WorkspaceMissing(self.path)
            try:
                target = self.current.resolve(strict=True)
            except OSError:
                continue  # the link moved under us: look again
            lock = target / "lock"
            held = None
            if lock.exists():
                held = pin(lock)
                if held is None or not _same_file(held.fd, lock):
                    if held is not None:
                        held.close()
                    continue  # being pruned (a newer build is current): look again
            try:
                store = ox.Store.read_only(str(target / "store")) if read_only else ox.Store(str(target / "store"))
            except (OSError, RuntimeError) as e:  # RocksDB reports damage as RuntimeError("Corruption: ...")
                if held is not None:
                    held.close()
                last_error = e
                if self.current.resolve() != target:
                    continue  # a build replaced it while we opened it: the new one is the answer
                break
            try:
                meta = _read_meta(target)
            except StoreError:
                if held is not None:
                    held.close()
                raise
            return Dataset(store, target, meta, pin=held)
        if last_error is None:
            raise StoreError(f"the workspace {self.path} kept changing while it was opened: run the command again.")
        raise StoreError(f"the workspace store at {self.current} cannot be read ({_first_line(last_error)}):"
                         " it is damaged. Run `cigraph build` to rebuild it.") from None

    # -- writing (the caller holds ``lock()``) ---------------------------------------
    def new_build_dir(self) -> Path:
        from .locks import store_error

        try:
            self.builds.mkdir(parents=True, exist_ok=True)
            d = self.builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.tmp"
            d.mkdir()
        except OSError as e:
            where = self.builds if self.path.is_dir() else self.path
            raise store_error("start a build", where, e) from None
        return d

    def commit(self, build_dir: Path, meta: dict) -> Path:
        """Publish a finished build. Everything it claims (store, ``meta.json``, its pin lock) is
        written first; the one commit point is the atomic swap of the ``current`` link."""
        from . import journal
        from .locks import store_error

        final = build_dir.with_suffix("")
        rel = str(Path("builds") / final.name)
        link_tmp = self.path / f".current-{uuid.uuid4().hex[:8]}"
        try:
            try:
                _write_synced(build_dir / "meta.json", json.dumps(meta, indent=2, sort_keys=True))
                (build_dir / "lock").touch()
                os.replace(build_dir, final)
                os.symlink(rel, link_tmp)
                _fsync_dir(self.builds)
            except OSError as e:
                raise store_error("write the new build", self.path, e) from None
            journal.expect(f"the workspace {self.path}", f"build {final.name}",
                           lambda: os.readlink(self.current) == rel)
            journal.checkpoint("build:before-commit")
            try:
                os.replace(link_tmp, self.current)  # the commit: atomic on POSIX
            except OSError as e:
                raise store_error("switch the workspace to the new build", self.path, e) from None
        except BaseException:
            # not committed (the link did not move): nothing of this build may stay behind
            Path(link_tmp).unlink(missing_ok=True)
            shutil.rmtree(final, ignore_errors=True)
            raise
        journal.checkpoint("build:committed")
        _fsync_dir(self.path)
        self.prune()
        return final

    def prune(self, keep: Path | None = None) -> list[str]:
        """Remove builds other than the current one that no reader pins, and the leftovers of
        killed builds (``builds/*.tmp``). Call with the build lock held. Returns what was removed."""
        from .locks import try_exclusive

        if not self.builds.is_dir():
            return []
        try:
            cur = os.path.basename(os.readlink(self.current))
        except OSError:
            cur = None
        removed = []
        for d in sorted(self.builds.iterdir()):
            if d.name == cur or (keep is not None and d.name == keep.name):
                continue
            if d.suffix == ".tmp" or ".trash-" in d.name or not (d / "lock").exists():
                # a build killed before its commit, a prune killed half-way, or a build of an older
                # cigraph (no pin lock): no live process owns any of these while we hold the lock
                shutil.rmtree(d, ignore_errors=True)
                removed.append(d.name)
                continue
            fd = try_exclusive(d / "lock")
            if fd is None:
                continue  # a live reader holds it: the next build prunes it
            try:
                trash = d.with_name(f"{d.name}.trash-{uuid.uuid4().hex[:8]}")
                os.replace(d, trash)  # readers that look now find it gone and follow `current`
            except OSError:
                continue
            finally:
                os.close(fd)
            shutil.rmtree(trash, ignore_errors=True)
            removed.append(d.name)
        for stale in self.path.glob(".current-*"):
            stale.unlink(missing_ok=True)
        return removed

    def discard(self, build_dir: Path) -> None:
        shutil.rmtree(build_dir, ignore_errors=True)


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:200]


def _version(text: str) -> tuple[int, ...]:
    out = []
    for part in str(text).split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        out.append(int(digits))
    return tuple(out)


def _read_meta(target: Path) -> dict:
    from . import __version__

    path = target / "meta.json"
    if not path.is_file():
        return {}
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as e:
        raise StoreError(f"{path} is damaged ({_first_line(e)}): run `cigraph build` to rebuild the workspace.") from None
    wrote = meta.get("cigraph_version")
    if wrote and _version(wrote) > _version(__version__):
        raise StoreError(f"the workspace {target.parent.parent} was built by cigraph {wrote}, newer than this"
                         f" cigraph {__version__}: upgrade cigraph, or run `cigraph build` to rebuild it with"
                         " this version.")
    return meta


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def open_dataset(workspace: str | os.PathLike) -> Dataset:
    """Open the current dataset of a workspace, read-only."""
    return Workspace(workspace).open()
