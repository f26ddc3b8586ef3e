"""Build: ontology + data -> inferred, validated RDF dataset in the workspace (atomic).

>>> from cigraph.settings import Settings
>>> ds = build_dataset(Settings())       # in memory: parse + infer, no validation
>>> len(ds) > 1000
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from . import __version__
from .dataset import GRAPHS, Dataset, Workspace
from .errors import DataError, ValidationFailed
from .inference import apply_rules
from .journal import checkpoint
from .resources import ontology_file
from .settings import Settings
from .vocab import GRAPH_DATA, GRAPH_ONTOLOGY

__all__ = ["build", "build_dataset", "BuildResult", "load_file"]

Progress = Callable[[str], None]

_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
            ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}
_BULK_BYTES = 8 * 1024 * 1024


@dataclass
class BuildResult:
    dataset: Dataset
    report: "object"
    seconds: dict[str, float]
    path: Path | None = None


def load_file(store: ox.Store, path: Path, graph: str) -> None:
    """Parse one RDF file into ``graph``; a syntax error names the file and line."""
    fmt = _FORMATS.get(path.suffix)
    if fmt is None:
        raise DataError(f"{path}: unsupported file type {path.suffix!r} (use .ttl, .nt, .nq or .trig).",
                        file=str(path))
    try:
        if path.stat().st_size > _BULK_BYTES:
            store.bulk_load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph))
        else:
            store.load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph))
    except SyntaxError as e:
        line, col = getattr(e, "lineno", None), getattr(e, "offset", None)
        where = f"{path}:{line}:{col}" if line else str(path)
        msg = str(e).replace("Parser error at ", "")
        raise DataError(f"{where}: malformed RDF: {msg}. Fix the file and run the command again;"
                        " the workspace was not changed.", file=str(path), line=line, column=col) from None
    except MemoryError as e:
        if "maximal size" not in str(e):
            raise
        limit = "".join(ch for ch in str(e) if ch.isdigit())
        size = f"{int(limit) // (1024 * 1024)} MiB" if limit else "its buffer"
        raise DataError(f"{path}: one term (a literal or IRI) is larger than the RDF parser's limit of {size}:"
                        " shorten it (keep long texts in a file and link to it) and run the command again;"
                        " the workspace was not changed.", file=str(path)) from None
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e}", file=str(path)) from None


def build_dataset(settings: Settings, *, store: ox.Store | None = None,
                  progress: Progress | None = None, seconds: dict | None = None,
                  allow_empty: bool = False) -> Dataset:
    """Parse the ontology and data into ``store`` (in memory by default) and add the inferences.

    No RDF file at all is a :class:`DataError` unless ``allow_empty``.
    """
    say = progress or (lambda _m: None)
    seconds = seconds if seconds is not None else {}
    store = store if store is not None else ox.Store()
    t = time.perf_counter()
    load_file(store, ontology_file(), GRAPH_ONTOLOGY)
    files = settings.data_files()
    empty = [] if allow_empty else settings.empty_paths()
    where = ", ".join(map(str, empty or settings.data_dirs))
    if (not files or empty) and not allow_empty:
        raise DataError(f"no data files in {where} (looked for .ttl, .nt, .nq, .trig, .xlsx and CSV folders):"
                        " pass the folder that holds them with --data, or --allow-empty to build the ontology"
                        " alone.", file=where)
    origins: dict = {}
    workbook_problems: list = []
    for i, f in enumerate(files, 1):
        say(f"parse [{i}/{len(files)}] {f.name}")
        if f.is_dir() or f.suffix.lower() == ".xlsx":
            from .authoring.build import load_workbook

            workbook_problems += load_workbook(store, f, GRAPH_DATA, origins, warn=progress)
        else:
            load_file(store, f, GRAPH_DATA)
    if workbook_problems:
        from .authoring.problems import WorkbookError

        raise WorkbookError(workbook_problems)
    seconds["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    say("infer")
    apply_rules(store)
    seconds["infer"] = time.perf_counter() - t
    return Dataset(store, None, {"data_files": [str(f) for f in files], "origins": origins})


def _store_projection(ds: Dataset, build_dir: Path, say: Progress, seconds: dict) -> dict:
    """Project the finished dataset once and store it in the build folder (read by every
    command that needs the property graph; see :mod:`cigraph.projection_store`)."""
    from .projection_columns import project_columns
    from .projection_store import projection_dir, write_columns

    say("project")
    t = time.perf_counter()
    pm = write_columns(project_columns(ds), projection_dir(build_dir))
    seconds["project"] = time.perf_counter() - t
    return {"version": pm["version"], "nodes": pm["nodes"], "edges": pm["edges"]}


def _write_store(mem: ox.Store, build_dir: Path) -> None:
    """Copy the in-memory store to ``build_dir/store`` on disk, Rust to Rust: dumped as
    N-Quads into the build folder and bulk-loaded (passing 1.5 M quads through Python
    objects took 14 s at 1 M triples)."""
    dump = build_dir / "dataset.nq"
    try:
        mem.dump(output=str(dump), format=ox.RdfFormat.N_QUADS)
        disk = ox.Store(str(build_dir / "store"))
        disk.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        disk.flush()
        del disk
    finally:
        dump.unlink(missing_ok=True)


class _Background:
    """``fn(*args)`` in a daemon thread; :meth:`wait` returns when it is done and re-raises
    its exception. (A daemon: on Ctrl-C the process exits without waiting for it; what it
    leaves in the unfinished build folder is removed by the next build.)"""

    def __init__(self, fn, *args):
        import threading

        self._error: BaseException | None = None

        def run():
            try:
                fn(*args)
            except BaseException as e:     # handed to the caller by wait()
                self._error = e
        self._thread = threading.Thread(target=run, name="cigraph-write-store", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


def build(settings: Settings, *, progress: Progress | None = None, engine: str = "auto",
          validate_data: bool = True, allow_empty: bool = False, wait: bool = False) -> BuildResult:
    """Build the workspace dataset atomically.

    Holds the workspace's build lock from start to commit: a second build at the same
    time raises :class:`~cigraph.locks.Busy` ("another build is running (pid N)"), or
    queues behind it with ``wait=True``. Leftovers of killed builds are removed first.

    Raises :class:`DataError` on unreadable data and :class:`ValidationFailed`
    when the shapes report a violation; in both cases (and on Ctrl-C before the
    commit) the previous good workspace is left untouched.
    """
    ws = Workspace(settings.workspace)
    with ws.lock(wait=wait):
        ws.prune()  # builds/*.tmp of killed runs: no live build owns them while we hold the lock
        tmp = ws.new_build_dir()
        seconds: dict[str, float] = {}
        try:
            report = _build_into(tmp, settings, progress, engine, validate_data, allow_empty, seconds)
            final = ws.commit(tmp, report.pop("meta"))
        except BaseException:
            ws.discard(tmp)
            raise
        checkpoint("build:after-commit")
        ds = ws.open()  # pinned before the lock goes, so no later build prunes it under us
    return BuildResult(ds, report["report"], seconds, final)


def _build_into(tmp: Path, settings: Settings, progress, engine, validate_data, allow_empty, seconds) -> dict:
    from .locks import store_error
    from .shacl import validate

    say = progress or (lambda _m: None)
    # Parse, infer and validate in memory (Oxigraph's on-disk store pays a transaction per
    # update: inference on 1 M triples took 36 s on disk, 4.5 s in memory), then write the
    # finished dataset to disk in one bulk pass.
    ds = build_dataset(settings, progress=progress, seconds=seconds, allow_empty=allow_empty)
    if not allow_empty and next(ds.quads(GRAPH_DATA), None) is None:
        # an ontology-only dataset silently replacing a good workspace is never what was meant
        where = ", ".join(map(str, settings.data_dirs))
        raise DataError(f"no data in {where}: {len(ds.meta['data_files'])} file(s), 0 triples. Add the data,"
                        " or pass --allow-empty to build the ontology alone; the workspace was not changed.",
                        file=where)
    report = None
    if validate_data:
        t = time.perf_counter()
        say("validate")
        report = validate(ds, engine=engine)
        seconds["validate"] = time.perf_counter() - t
        if not report.conforms:
            failed = ValidationFailed(report)
            failed.origins = ds.meta.get("origins") or {}   # node IRI -> workbook cell, for the messages
            raise failed
    say("write")
    t = time.perf_counter()
    graphs = {name: ds.count(iri) for name, iri in GRAPHS.items()}
    meta = {
        "cigraph_version": __version__,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "data_files": ds.meta["data_files"],
        "triples": len(ds),
        "graphs": graphs,
        "validation": None if report is None else {
            "engine": report.engine, "conforms": report.conforms,
            "violations": report.count("Violation"), "warnings": report.count("Warning")},
    }
    seconds["write"] = time.perf_counter() - t
    try:
        # the store is written to disk (Rust, without the GIL) while the projection is computed
        # (mostly Python): on 2 cores the two overlap
        writer = _Background(_write_store, ds.store, tmp)
        meta["projection"] = _store_projection(ds, tmp, say, seconds)
        t = time.perf_counter()
        writer.wait()
    except OSError as e:
        raise store_error("write the new build (the previous one is kept)", tmp.parent, e) from None
    checkpoint("build:written")
    seconds["write"] += time.perf_counter() - t
    meta["seconds"] = {k: round(v, 3) for k, v in seconds.items()}
    return {"meta": meta, "report": report}
