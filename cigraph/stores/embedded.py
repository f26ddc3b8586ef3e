"""The embedded store: LadybugDB (the maintained fork of Kùzu), on disk, in process.

Layout: one database file, by default ``<workspace>/graph.lbdb``.

Loading
    The schema (:mod:`cigraph.stores.schema`) becomes one node table per
    primary label (``uri`` is the primary key; ``labels`` lists all the node's
    labels, since a LadybugDB node has exactly one) and one relationship table
    per type with all its FROM/TO pairs. Rows go in by ``COPY ... FROM`` pyarrow
    tables (bulk; see ``benchmarks/bench_load.py`` for the comparison with
    ``UNWIND ... MERGE``).

Atomic and idempotent
    A load holds ``<graph>.lock`` (one load per graph file; a second one stops with
    "another load is running (pid N)" or waits), removes what killed loads left
    (``.graph.lbdb.*.tmp``, their ``.wal``), writes a *new* database file next to the
    old one, checks its counts against the projection, writes the metadata
    (``graph.lbdb.json``, keyed by the new file's inode, so it describes whichever file
    is live), and only then moves the file over the old one (``os.replace``: the one
    commit point). An interrupted or failed load leaves the previous good
    graph; loading the same projection twice gives the same graph. Because each
    load rebuilds the whole graph from the projection, stale nodes never
    survive and ``replace=True`` changes nothing here (it matters for Neo4j).

Querying
    :meth:`EmbeddedStore.run` opens the file read-only: ``cigraph cypher`` never
    changes the graph (it is an output of the pipeline; ``cigraph load`` rebuilds it).
    Read-only opening does not stop LadybugDB's ``COPY … TO``, ``EXPORT DATABASE``,
    ``LOAD FROM '<file>'`` or ``INSTALL <extension>``, and no engine setting does, so
    every query first passes :func:`cigraph.stores.readonly.check_read_only` (reading
    clauses only, decided on the tokens). ``timeout`` (seconds) is the connection's
    query timeout: LadybugDB interrupts the query itself.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

from ..errors import QueryError, StoreError
from ..journal import checkpoint
from ..util import atomic_write_text
from . import LoadStats, Progress, Rows
from .readonly import check_read_only
from .schema import GraphSchema, build_schema, check_ident, convert

__all__ = ["EmbeddedStore", "DEFAULT_NAME", "ddl_statements", "read_meta", "meta_path"]

DEFAULT_NAME = "graph.lbdb"


def meta_path(graph: Path) -> Path:
    """``graph.lbdb.json``: which build each graph file was loaded from."""
    return graph.with_name(graph.name + ".json")


def _file_id(path: Path) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}"


def read_meta(graph: Path) -> dict | None:
    """The metadata of the graph file that is live now (``None`` if unknown).

    The file is written before each load's commit and keyed by inode, so at every instant
    it describes the file actually in place, whether or not the last load committed.
    """
    try:
        doc = json.loads(meta_path(graph).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict):
        return None
    if "files" not in doc:  # written by cigraph before the inode keying: trust it as it is
        return doc
    return (doc.get("files") or {}).get(_file_id(graph) or "")


def _arrow_type(col: str):
    import pyarrow as pa

    base = {"STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_()}
    if col.endswith("[]"):
        return pa.list_(base[col[:-2]])
    return base[col]


def ddl_statements(schema: GraphSchema) -> list[str]:
    """``CREATE NODE TABLE`` / ``CREATE REL TABLE`` statements for a schema (LadybugDB dialect)."""
    out = []
    for label, cols in schema.nodes.items():
        check_ident(label, "label")
        body = ", ".join(f"`{check_ident(k, 'property name')}` {t}" for k, t in cols.items())
        out.append(f"CREATE NODE TABLE `{label}` ({body}, PRIMARY KEY (`uri`))")
    for name, rt in schema.rels.items():
        check_ident(name, "relationship type")
        parts = [f"FROM `{check_ident(a, 'label')}` TO `{check_ident(b, 'label')}`" for a, b in sorted(rt.pairs)]
        parts += [f"`{check_ident(k, 'property name')}` {t}" for k, t in rt.props.items()]
        out.append(f"CREATE REL TABLE `{name}` ({', '.join(parts)})")
    return out


class EmbeddedStore:
    """A LadybugDB graph in one file.

    Parameters
    ----------
    path : database file; default ``<workspace>/graph.lbdb``.
    workspace : the cigraph workspace (default: ``Settings().workspace``).
    buffer_pool_size : bytes for LadybugDB's buffer pool (0: its default).
    timeout : seconds a query may run (:meth:`run`); None or 0: no limit.
    """

    target = "embedded"

    def __init__(self, path: str | os.PathLike | None = None, *, workspace: str | os.PathLike | None = None,
                 buffer_pool_size: int = 0, timeout: float | None = None, **_ignored):
        if path is None:
            if workspace is None:
                from ..settings import Settings

                workspace = Settings().workspace
            path = Path(workspace) / DEFAULT_NAME
        self.path = Path(path)
        self.buffer_pool_size = buffer_pool_size
        self.timeout = timeout or None
        self._db = None
        self._conn = None

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path)!r})"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- loading ------------------------------------------------------------
    def load(self, pg, *, replace: bool = False, progress: Progress | None = None,
             source: dict | None = None, wait: bool = False) -> LoadStats:
        """Rebuild the graph file from ``pg``; ``source`` (which build it came from) goes into
        ``graph.lbdb.json``. ``wait``: queue behind another load of the same file."""
        from ..locks import WriterLock, store_error

        say = progress or (lambda stage, done, total: None)
        self.close()
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory (a Kùzu database?); LadybugDB keeps a graph in one"
                             " file. Remove it or pass --graph with another path.")
        with WriterLock(self.path.with_name(self.path.name + ".lock"), "load", wait=wait):
            self._prune_tmp()  # leftovers of killed loads: no live load owns them while we hold the lock
            try:
                return self._load_locked(pg, say, source)
            except OSError as e:
                raise store_error("write the embedded graph (the previous one is kept)", self.path.parent,
                                  e) from None

    def _load_locked(self, pg, say, source) -> LoadStats:
        import ladybug as lb

        t0 = time.perf_counter()
        schema = build_schema(pg)
        self._check_space(schema, pg)
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            # one checkpoint at the end instead of one per statement: twice as fast
            db = lb.Database(str(tmp), buffer_pool_size=self.buffer_pool_size, auto_checkpoint=False)
            conn = lb.Connection(db)
            try:
                # the DDL in one transaction: 4x faster than one each (COPY is not: keep those apart)
                self._exec(conn, "BEGIN TRANSACTION")
                ddl = ddl_statements(schema)
                for i, stmt in enumerate(ddl, 1):
                    self._exec(conn, stmt)
                    say("schema", i, len(ddl))
                self._exec(conn, "COMMIT")
                labels = self._copy_nodes(conn, pg, schema, say)
                types = self._copy_rels(conn, pg, schema, say)
                self._verify(conn, schema, labels, types)
                say("verify", 1, 1)
                self._exec(conn, "CHECKPOINT")
            finally:
                conn.close()
                db.close()
            meta = {**(source or {}), "nodes": sum(labels.values()), "relationships": sum(types.values()),
                    "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
            self._swap(tmp, meta)
        except BaseException:
            for leftover in (tmp, Path(f"{tmp}.wal")):
                leftover.unlink(missing_ok=True)
            raise
        checkpoint("load:after-commit")
        return LoadStats(target=self.target, location=str(self.path), nodes=sum(labels.values()),
                         relationships=sum(types.values()), labels=labels, types=types,
                         seconds=time.perf_counter() - t0, verified=True, replaced=True,
                         notes=[f"{old} stored as {new}" for old, new in sorted(schema.renamed.items())])

    #: a lower bound of what LadybugDB 0.22 writes: pages of its own per table, then bytes per row
    #: (the case studies: 98 tables, 1,953 rows -> a 13.3 MB file; this bound gives 7.5 MB)
    _BYTES_PER_TABLE = 64 * 1024
    _BYTES_PER_ROW = 100
    _BYTES_FLOOR = 1024 * 1024

    def _check_space(self, schema, pg) -> None:
        """Refuse a load that cannot fit before writing anything: LadybugDB aborts the whole process
        (SIGABRT) when the disk fills during a write, which no handler can turn into a clean error.
        The estimate is a lower bound, so a load that might fit is never refused; the previous graph
        is kept either way (the new file replaces it only once complete)."""
        import shutil

        need = (self._BYTES_FLOOR + self._BYTES_PER_TABLE * (len(schema.nodes) + len(schema.rels))
                + self._BYTES_PER_ROW * (len(pg.nodes) + len(pg.edges)))
        try:
            free = shutil.disk_usage(self.path.parent).free
        except OSError:
            return
        if free < need:
            raise StoreError(f"no space left for the embedded graph in {self.path.parent}: at least"
                             f" {need / 1e6:.1f} MB are needed and {free / 1e6:.1f} MB are free. Free some"
                             " space (or pass --graph on another disk) and load again; the previous graph"
                             " is kept.")

    @staticmethod
    def _exec(conn, stmt: str, params: dict | None = None):
        try:
            return conn.execute(stmt, params or {})
        except RuntimeError as e:
            raise StoreError(f"LadybugDB refused a load statement ({e}). This is a cigraph bug;"
                             f" please report it with the statement: {stmt[:200]}") from None

    def _copy_nodes(self, conn, pg, schema: GraphSchema, say) -> dict[str, int]:
        import pyarrow as pa

        by_label: dict[str, list] = {}
        for n in pg.nodes.values():
            by_label.setdefault(n.label, []).append(n)
        counts, done, total = {}, 0, len(pg.nodes)
        for label in sorted(by_label):
            cols = schema.nodes[label]
            nodes = by_label[label]
            data = {k: [] for k in cols}
            for n in nodes:
                for k, t in cols.items():
                    if k == "uri":
                        v = n.id
                    elif k == "labels":
                        v = list(n.labels)
                    else:
                        v = n.props.get(k)
                    data[k].append(convert(v, t))
            table = pa.table({k: pa.array(v, type=_arrow_type(cols[k])) for k, v in data.items()})
            self._exec(conn, f"COPY `{check_ident(label, 'label')}` FROM $t", {"t": table})
            counts[label] = len(nodes)
            done += len(nodes)
            say("nodes", done, total)
        return counts

    def _copy_rels(self, conn, pg, schema: GraphSchema, say) -> dict[str, int]:
        import pyarrow as pa

        if getattr(pg.edges, "groups", None) is not None and not pg.edges.has_props:
            return self._copy_rel_columns(conn, pg.edges, schema, say)
        groups: dict[tuple[str, str, str], list] = {}
        for e in pg.edges:
            key = (schema.rel_name(e.type), pg.nodes[e.source].label, pg.nodes[e.target].label)
            groups.setdefault(key, []).append(e)
        counts: dict[str, int] = {}
        done, total = 0, len(pg.edges)
        for (name, a, b) in sorted(groups):
            edges = groups[(name, a, b)]
            rt = schema.rels[name]
            data = {"from": [e.source for e in edges], "to": [e.target for e in edges]}
            arrays = {"from": pa.array(data["from"], pa.string()), "to": pa.array(data["to"], pa.string())}
            for k, t in rt.props.items():
                arrays[k] = pa.array([convert(e.props.get(k), t) for e in edges], type=_arrow_type(t))
            self._copy_group(conn, name, rt, a, b, pa.table(arrays))
            counts[name] = counts.get(name, 0) + len(edges)
            done += len(edges)
            say("relationships", done, total)
        return counts

    def _copy_group(self, conn, name: str, rt, a: str, b: str, table) -> None:
        """COPY one (type, source label, target label) group of relationships from an Arrow
        table; a type declared between several label pairs names the pair it copies."""
        if len(rt.pairs) == 1:
            stmt = f"COPY `{name}` FROM $t"
        else:
            stmt = (f"COPY `{name}` FROM (LOAD FROM $t RETURN *) "
                    f"(from='{check_ident(a, 'label')}', to='{check_ident(b, 'label')}')")
        self._exec(conn, stmt, {"t": table})

    def _copy_rel_columns(self, conn, edges, schema: GraphSchema, say) -> dict[str, int]:
        """:meth:`_copy_rels` for edges kept as columns (:class:`~cigraph.projection_store.EdgeColumns`):
        each (type, source label, target label) group is copied from Arrow arrays."""
        import pyarrow as pa

        counts: dict[str, int] = {}
        done, total = 0, len(edges)
        for t, a, b, src, dst in edges.groups():
            name = schema.rel_name(t)
            rt = schema.rels[name]
            arrays = {"from": src, "to": dst}
            for k, ty in rt.props.items():      # declared properties these edges do not have
                arrays[k] = pa.nulls(len(src), type=_arrow_type(ty))
            self._copy_group(conn, name, rt, a, b, pa.table(arrays))
            counts[name] = counts.get(name, 0) + len(src)
            done += len(src)
            say("relationships", done, total)
        return counts

    def _verify(self, conn, schema: GraphSchema, labels: dict, types: dict) -> None:
        problems = []
        got_n = dict(_rows(self._exec(conn, "MATCH (n) RETURN label(n), count(*)")))
        for label in schema.nodes:
            if got_n.get(label, 0) != labels.get(label, 0):
                problems.append(f"{label}: {got_n.get(label, 0)} nodes, expected {labels.get(label, 0)}")
        got_r = dict(_rows(self._exec(conn, "MATCH ()-[r]->() RETURN label(r), count(*)")))
        for name in schema.rels:
            if got_r.get(name, 0) != types.get(name, 0):
                problems.append(f"{name}: {got_r.get(name, 0)} relationships, expected {types.get(name, 0)}")
        if problems:
            raise StoreError("the loaded graph does not match the projection (" + "; ".join(problems[:5])
                             + "). The previous graph was kept. Check for duplicate IRIs in the data.")

    def _swap(self, tmp: Path, meta: dict) -> None:
        """Commit: metadata for the new file first (keyed by its inode), then the one atomic move."""
        from .. import journal

        if Path(f"{tmp}.wal").exists():  # LadybugDB checkpoints on close; a WAL here means it did not
            raise StoreError(f"the new graph at {tmp} was not checkpointed; the previous graph was kept.")
        new_id = _file_id(tmp)
        entries = {}
        old_id = _file_id(self.path)
        old = read_meta(self.path)
        if old is not None and old_id is not None:
            entries[old_id] = old
        entries[new_id] = meta
        atomic_write_text(meta_path(self.path), json.dumps({"files": entries}, indent=2, sort_keys=True) + "\n")
        Path(f"{self.path}.wal").unlink(missing_ok=True)  # a stale WAL must not be replayed on the new file
        journal.expect(f"the embedded graph {self.path}", "the new load" + (f" (build {meta['build']})"
                       if meta.get("build") else ""), lambda: _file_id(self.path) == new_id)
        checkpoint("load:before-commit")
        os.replace(tmp, self.path)  # the commit
        checkpoint("load:committed")

    def _prune_tmp(self) -> None:
        """Remove temporary files of loads that were killed (call with the load lock held)."""
        for p in self.path.parent.glob(f".{self.path.name}.*.tmp*"):
            try:
                p.unlink()
            except OSError:
                pass

    # -- querying -----------------------------------------------------------
    def _connect(self):
        if self._conn is None:
            import ladybug as lb

            if not self.path.is_file():
                raise StoreError(f"no embedded graph at {self.path}: run `cigraph load` first"
                                 " (after `cigraph build`).")
            try:
                self._db = lb.Database(str(self.path), read_only=True, buffer_pool_size=self.buffer_pool_size)
                self._conn = lb.Connection(self._db)
            except RuntimeError as e:
                raise StoreError(f"cannot open the embedded graph at {self.path}: {e}."
                                 " Run `cigraph load` to rebuild it.") from None
        return self._conn

    def run(self, query: str, /, **params) -> list[dict]:
        """Run a read-only query (refused unless every clause reads), within ``timeout``."""
        check_read_only(query)
        conn = self._connect()
        conn.set_query_timeout(max(1, round(self.timeout * 1000)) if self.timeout else 0)
        # A parameter the query names but the caller left out is bound to null, as Neo4j does;
        # LadybugDB would otherwise treat it as an untyped value and silently match nothing.
        for name in _PARAM.findall(_strip_comments(query)):
            params.setdefault(name, None)
        try:
            result = conn.execute(query, params)
        except RuntimeError as e:
            msg = str(e)
            if msg.startswith("Interrupted") and self.timeout:
                raise QueryError(f"the query took longer than {self.timeout:g} s (--timeout) and was stopped:"
                                 " narrow it (a WHERE, a LIMIT, fewer hops) or raise --timeout.") from None
            hint = ""
            if "read-only" in msg or "read only" in msg.lower():
                hint = " Queries are read-only: the graph is rebuilt from the RDF by `cigraph load`."
            elif "Binder exception" in msg or "Parser exception" in msg or "Catalog exception" in msg:
                hint = (" The embedded store speaks LadybugDB's Cypher: no type(r) (use label(r)),"
                        " shortestPath, CALL {}, FOREACH or multi-label nodes; see docs/property-graph.md.")
            raise QueryError(f"the embedded store rejected the query: {msg}.{hint}") from None
        if isinstance(result, list):
            if len(result) != 1:
                raise QueryError("give one Cypher statement at a time.")
            result = result[0]
        cols = result.get_column_names()
        rows = Rows(columns=cols)
        while result.has_next():
            rows.append({c: _plain(v) for c, v in zip(cols, result.get_next())})
        return rows

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._db.close()
        self._conn = self._db = None


def _rows(result) -> list[list]:
    out = []
    while result.has_next():
        out.append(result.get_next())
    return out


def _plain(v):
    """Nodes, relationships and paths as plain dicts (the shape the Neo4j store returns too)."""
    if isinstance(v, dict):
        if "_NODES" in v and "_RELS" in v:
            return {"nodes": [_plain(n) for n in v["_NODES"]], "relationships": [_plain(r) for r in v["_RELS"]]}
        if "_SRC" in v and "_DST" in v:
            out = {k: _plain(x) for k, x in v.items() if not k.startswith("_") and x is not None}
            out["type"] = v.get("_LABEL")
            return out
        if "_ID" in v and "_LABEL" in v:
            return {k: _plain(x) for k, x in v.items() if not k.startswith("_") and x is not None}
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


_PARAM = __import__("re").compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _strip_comments(query: str) -> str:
    """The query without // comment lines (a $name in a comment is not a parameter)."""
    return "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("//"))
