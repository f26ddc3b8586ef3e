"""The Neo4j store: a Neo4j server (local, Docker or Aura) over Bolt, with the official driver.

Conventions (those of neosemantics / rdflib-neo4j, so their users feel at home):

* every node is ``:Resource`` with a unique ``uri`` (constraint
  ``cigraph_resource_uri`` on ``:Resource(uri)``), plus **all** its labels
  (``:Resource:Organization:Participant``); ``labels`` and ``types`` are also
  kept as list properties, so the same queries run on the embedded store,
  where a node has one label;
* relationships are typed as in the projection (with the store naming rule of
  :mod:`cigraph.stores.schema`: ``HAS_ROLE``, ``HAS_CONDITION``, ``HAS_ORGANIZATION``);
* rows are written in batches (``batch_size``, default 5,000) with
  ``UNWIND $rows AS r MERGE ... SET n = r.props``: loading twice gives the same
  graph, and a node's properties are exactly those of the last load;
* ``replace=True`` first deletes every ``:Resource`` node (in batches) — use a
  database of its own for cigraph if you also import RDF with neosemantics;
* after the load every node (with its labels) and every relationship of the
  projection is looked up again and counted.

Settings come from the arguments or the environment (:mod:`cigraph.stores.neo4j_conn`):
``NEO4J_URI`` (a Bolt URI, checked by parsing; credentials in it are refused),
``NEO4J_USERNAME`` / ``NEO4J_USER`` / ``NEO4J_AUTH=user/password`` (default user
``neo4j``), ``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` (default: the server's default
database). The password is never printed, logged or put in an error message;
:attr:`Neo4jStore.credentials_source` says where the user and password came from.

Queries (:meth:`Neo4jStore.run`) pass :func:`cigraph.stores.readonly.check_read_only`
first, then run in a READ access-mode session and read transaction (the server
refuses writes), with a transaction timeout when ``timeout`` is set.
"""

from __future__ import annotations

import os
import time

from ..errors import QueryError, StoreError
from . import LoadStats, Progress, Rows
from .neo4j_conn import check_uri, credentials, mask_uri, redact
from .readonly import check_read_only
from .schema import (NEO4J_CHECK_NODES, NEO4J_CHECK_RELS, NEO4J_CONSTRAINT, NEO4J_COUNT_ALL, NEO4J_DELETE_BATCH,
                     build_schema, convert, neo4j_node_statement, neo4j_rel_statement)

__all__ = ["Neo4jStore", "DEFAULT_BATCH_SIZE", "redact"]  # redact: from neo4j_conn

DEFAULT_BATCH_SIZE = 5000
_DOCKER = ("docker run -p7474:7474 -p7687:7687 -e NEO4J_AUTH=neo4j/<password> neo4j:5")


class Neo4jStore:
    """A Neo4j database reached over Bolt."""

    target = "neo4j"

    def __init__(self, uri: str | None = None, user: str | None = None, password: str | None = None,
                 database: str | None = None, *, batch_size: int = DEFAULT_BATCH_SIZE,
                 connection_timeout: float = 10.0, timeout: float | None = None, naming: str = "cigraph",
                 predicates=None, **_ignored):
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise StoreError("no Neo4j server given: pass --uri bolt://HOST:7687 (or neo4j+s://… for Aura)"
                             f" or set NEO4J_URI. To start one locally: {_DOCKER}")
        self.uri = check_uri(uri)
        creds = credentials(user, password)
        self.user, self._password = creds.user, creds.password
        #: where the user and password came from ("user 'neo4j' from NEO4J_USER; password from NEO4J_AUTH")
        self.credentials_source = creds.source
        #: seconds a query may run (the server's transaction timeout); None: the server's own limit
        self.timeout = timeout or None
        if naming not in ("cigraph", "n10s"):
            raise StoreError(f"unknown naming {naming!r}: use cigraph or n10s.")
        #: "cigraph" (``:Resource:Initiative``, ``HAS_BACKBONE``) or "n10s" (``ci__Initiative``, ``ci__hasBackbone``)
        self.naming = naming
        self._predicates = list(predicates or ())
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        if batch_size < 1:
            raise StoreError(f"--batch-size must be at least 1 (got {batch_size}).")
        self.batch_size = batch_size
        self.connection_timeout = connection_timeout
        self._drv = None

    def __repr__(self) -> str:
        return f"Neo4jStore(uri={mask_uri(self.uri)!r}, user={self.user!r}, database={self.database!r})"

    @property
    def location(self) -> str:
        where = mask_uri(self.uri)
        return f"{where}, database {self.database}" if self.database else where

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # -- connection and errors ---------------------------------------------------
    def _error(self, e: Exception, doing: str) -> Exception:
        """A driver exception as a cigraph error whose message says what to do (never the password)."""
        from neo4j import exceptions as x

        msg = redact(str(e), self._password)
        code = getattr(e, "code", "") or ""
        where = mask_uri(self.uri)
        if "TransactionTimedOut" in code or "TransactionTimedOut" in msg:
            return QueryError(f"the query took longer than {self.timeout:g} s (--timeout) and Neo4j stopped it:"
                              " narrow it (a WHERE, a LIMIT, fewer hops) or raise --timeout." if self.timeout else
                              f"Neo4j stopped the query at its own transaction time limit: {msg}")
        if isinstance(e, (x.ConfigurationError, ValueError)) and not isinstance(e, x.Neo4jError):
            return StoreError(f"bad Neo4j URI {where!r} ({msg}). Use bolt://HOST:7687, neo4j://HOST:7687 or"
                              " neo4j+s://ID.databases.neo4j.io (Aura); give the user with --user or NEO4J_USERNAME"
                              " and the password in NEO4J_PASSWORD, not in the URI.")
        if isinstance(e, x.AuthError) or "Security.Unauthorized" in code:
            return StoreError(f"Neo4j at {where} refused the credentials ({self.credentials_source}): set"
                              " NEO4J_USERNAME and NEO4J_PASSWORD, or NEO4J_AUTH=user/password (the password is"
                              " read only from the environment).")
        if "DatabaseNotFound" in code or "Database.DatabaseNotFound" in msg:
            return StoreError(f"Neo4j at {where} has no database {self.database!r}: create it"
                              f" (`CREATE DATABASE {self.database}`, Enterprise or Aura) or pass --database"
                              " / NEO4J_DATABASE with an existing one (Community Edition has only `neo4j`).")
        if isinstance(e, (x.ServiceUnavailable, x.SessionExpired, OSError)):
            return StoreError(f"cannot reach Neo4j at {where} while {doing} ({msg}). Is the server running and"
                              f" the URI right? To start one locally: {_DOCKER}")
        if isinstance(e, x.Forbidden) or "Forbidden" in code or code.endswith("Statement.AccessMode"):
            return QueryError(f"Neo4j refused the statement while {doing}: {msg}. `cigraph cypher` runs"
                              " queries read-only; the graph is written only by `cigraph load`.")
        if isinstance(e, (x.CypherSyntaxError, x.CypherTypeError)) or code.startswith("Neo.ClientError.Statement"):
            return QueryError(f"Neo4j rejected the query: {msg}")
        if isinstance(e, x.Neo4jError):
            return StoreError(f"Neo4j error while {doing}: {msg}")
        return StoreError(f"Neo4j driver error while {doing}: {msg}")

    def _driver(self):
        if self._drv is not None:
            return self._drv
        import neo4j
        from neo4j import exceptions as x

        auth = (self.user, self._password) if self._password else None
        try:
            drv = neo4j.GraphDatabase.driver(self.uri, auth=auth, connection_timeout=self.connection_timeout,
                                             user_agent="cigraph")
        except (x.ConfigurationError, ValueError) as e:
            raise self._error(e, "connecting") from None
        try:
            drv.verify_connectivity()
            drv.execute_query("RETURN 1 AS ok", database_=self.database)
        except Exception as e:
            drv.close()
            if isinstance(e, (x.DriverError, x.Neo4jError, OSError, ValueError)):
                raise self._error(e, "connecting") from None
            raise
        self._drv = drv
        return drv

    def _write(self, stmt: str, doing: str, /, **params):
        from neo4j import exceptions as x

        try:
            with self._driver().session(database=self.database) as s:
                return s.execute_write(lambda tx: tx.run(stmt, params).data())
        except (x.DriverError, x.Neo4jError, OSError) as e:
            raise self._error(e, doing) from None

    # -- loading ---------------------------------------------------------------
    def load(self, pg, *, replace: bool = False, progress: Progress | None = None) -> LoadStats:
        t0 = time.perf_counter()
        say = progress or (lambda stage, done, total: None)
        if self.naming == "n10s":
            return self._load_n10s(pg, replace, say, t0)
        schema = build_schema(pg, ontology=False)
        self._prepare(NEO4J_CONSTRAINT, "creating the uri constraint", replace, say)


        # nodes, grouped by label set (labels cannot be parameters)
        groups: dict[tuple, list[dict]] = {}
        for n in pg.nodes.values():
            cols = schema.nodes[n.label]
            props = {"uri": n.id, "labels": list(n.labels)}
            for k, v in n.props.items():
                cv = convert(v, cols.get(k, "STRING"))
                if cv is not None:
                    props[k] = cv
            groups.setdefault(n.labels, []).append({"uri": n.id, "props": props})
        done, total = 0, len(pg.nodes)
        for labels in sorted(groups):
            stmt = neo4j_node_statement(labels)
            for batch in _batches(groups[labels], self.batch_size):
                self._write(stmt, "loading nodes", rows=batch)
                done += len(batch)
                say("nodes", done, total)

        rels: dict[str, list[dict]] = {}
        for e in pg.edges:
            name = schema.rel_name(e.type)
            cols = schema.rels[name].props
            props = {k: convert(v, cols.get(k, "STRING")) for k, v in e.props.items() if v is not None}
            rels.setdefault(name, []).append({"s": e.source, "t": e.target, "props": props})
        done, total = 0, len(pg.edges)
        for name in sorted(rels):
            stmt = neo4j_rel_statement(name)
            for batch in _batches(rels[name], self.batch_size):
                self._write(stmt, "loading relationships", rows=batch)
                done += len(batch)
                say("relationships", done, total)

        notes = self._verify(pg, schema, rels)
        say("verify", 1, 1)
        labels_count: dict[str, int] = {}
        for n in pg.nodes.values():
            labels_count[n.label] = labels_count.get(n.label, 0) + 1
        return LoadStats(target=self.target, location=self.location, nodes=len(pg.nodes),
                         relationships=len(pg.edges), labels=dict(sorted(labels_count.items())),
                         types={k: len(v) for k, v in sorted(rels.items())}, seconds=time.perf_counter() - t0,
                         verified=True, replaced=replace,
                         notes=notes + [f"{o} stored as {n}" for o, n in sorted(schema.renamed.items())])

    def _prepare(self, constraint: str, what: str, replace: bool, say) -> None:
        """Create the uniqueness constraint, then (``replace``) delete the previous graph in batches."""
        from neo4j import exceptions as x

        drv = self._driver()
        try:
            with drv.session(database=self.database) as s:
                s.run(constraint).consume()
        except (x.DriverError, x.Neo4jError, OSError) as e:
            raise self._error(e, what) from None
        say("schema", 1, 1)
        if replace:
            deleted = 0
            while True:
                n = self._write(NEO4J_DELETE_BATCH, "deleting the previous graph", limit=self.batch_size)[0]["deleted"]
                deleted += n
                say("delete", deleted, deleted)
                if n == 0:
                    break

    def _load_n10s(self, pg, replace: bool, say, t0: float) -> LoadStats:
        """The load with n10s names (:mod:`cigraph.stores.n10s`)."""
        from .n10s import (GRAPH_CONFIG, N10S_CONFIG, N10S_CONSTRAINT, N10S_PREFIXES, N10sNaming,
                           n10s_node_statement, n10s_rel_statement, n10s_rows)

        if not self._predicates:
            raise StoreError("n10s naming needs the dataset's predicates: load with `cigraph load --naming n10s`"
                             " (or pass predicates= to the store).")
        naming = N10sNaming.from_predicates(self._predicates)
        nodes, rels = n10s_rows(pg, naming)
        self._prepare(N10S_CONSTRAINT, "creating the n10s_unique_uri constraint", replace, say)
        done, total = 0, len(pg.nodes)
        for labels in sorted(nodes):
            stmt = n10s_node_statement(labels)
            for batch in _batches(nodes[labels], self.batch_size):
                self._write(stmt, "loading nodes", rows=batch)
                done += len(batch)
                say("nodes", done, total)
        done, total = 0, len(pg.edges)
        for name in sorted(rels):
            stmt = n10s_rel_statement(name)
            for batch in _batches(rels[name], self.batch_size):
                self._write(stmt, "loading relationships", rows=batch)
                done += len(batch)
                say("relationships", done, total)
        self._write(N10S_PREFIXES, "writing the n10s prefixes", prefixes=dict(naming.prefixes))
        self._write(N10S_CONFIG, "writing the n10s graph config", config=GRAPH_CONFIG)
        found = 0
        check = [{"uri": r["uri"], "labels": list(labels)} for labels, rs in nodes.items() for r in rs]
        for batch in _batches(check, self.batch_size):
            found += self._read(NEO4J_CHECK_NODES, "checking the nodes", rows=batch)[0]["found"]
        problems = [] if found == len(check) else [f"{len(check) - found} of {len(check)} nodes missing"]
        for name, rs in sorted(rels.items()):
            got = 0
            for batch in _batches([{**r, "type": name} for r in rs], self.batch_size):
                got += self._read(NEO4J_CHECK_RELS, "checking the relationships", rows=batch)[0]["found"]
            if got != len(rs):
                problems.append(f"{name}: {got} relationships found, expected {len(rs)}")
        if problems:
            raise StoreError("the Neo4j graph does not match the projection after loading: "
                             + "; ".join(problems[:5]) + ". Run `cigraph load --target neo4j --naming n10s --replace`.")
        say("verify", 1, 1)
        label_counts: dict[str, int] = {}
        for labels, rs in nodes.items():
            for lab in labels:
                label_counts[lab] = label_counts.get(lab, 0) + len(rs)
        return LoadStats(target=self.target, location=self.location, nodes=len(pg.nodes),
                         relationships=len(pg.edges), labels=dict(sorted(label_counts.items())),
                         types={k: len(v) for k, v in sorted(rels.items())}, seconds=time.perf_counter() - t0,
                         verified=True, replaced=replace,
                         notes=["n10s naming (handleVocabUris SHORTEN, handleMultival ARRAY); prefixes: "
                                + ", ".join(f"{p}={ns}" for p, ns in sorted(naming.prefixes.items()))])

    def _verify(self, pg, schema, rels: dict[str, list[dict]]) -> list[str]:
        found = 0
        rows = [{"uri": n.id, "labels": list(n.labels)} for n in pg.nodes.values()]
        for batch in _batches(rows, self.batch_size):
            found += self._read(NEO4J_CHECK_NODES, "checking the nodes", rows=batch)[0]["found"]
        problems = []
        if found != len(rows):
            problems.append(f"{len(rows) - found} of {len(rows)} nodes missing or without all their labels")
        for name, rs in sorted(rels.items()):
            got = 0
            for batch in _batches([{"s": r["s"], "t": r["t"], "type": name} for r in rs], self.batch_size):
                got += self._read(NEO4J_CHECK_RELS, "checking the relationships", rows=batch)[0]["found"]
            if got != len(rs):
                problems.append(f"{name}: {got} relationships found, expected {len(rs)}")
        if problems:
            raise StoreError("the Neo4j graph does not match the projection after loading: "
                             + "; ".join(problems[:5]) + ". Run `cigraph load --target neo4j --replace`.")
        total = self._read(NEO4J_COUNT_ALL, "counting nodes")[0]["nodes"]
        if total > len(rows):
            return [f"{total - len(rows)} other :Resource nodes are in the database (from earlier loads or other"
                    " imports); `--replace` removes them"]
        return []

    def _read(self, stmt: str, doing: str, timeout: float | None = None, /, **params) -> list[dict]:
        import neo4j
        from neo4j import exceptions as x

        def work(tx):
            return _rows(tx.run(stmt, params))

        if timeout:
            work = neo4j.unit_of_work(timeout=timeout)(work)
        try:
            with self._driver().session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as s:
                return s.execute_read(work)
        except (x.DriverError, x.Neo4jError, OSError) as e:
            raise self._error(e, doing) from None

    # -- querying ----------------------------------------------------------------
    def run(self, query: str, /, **params) -> list[dict]:
        """Run a read-only query: refused unless every clause reads (:mod:`cigraph.stores.readonly`),
        then run in a READ session's read transaction (the server refuses writes), within ``timeout``."""
        check_read_only(query)
        return self._read(query, "running the query", self.timeout, **params)

    def close(self) -> None:
        if self._drv is not None:
            self._drv.close()
            self._drv = None


def _rows(result) -> Rows:
    rows = Rows(({k: _plain(v) for k, v in rec.items()} for rec in result), columns=result.keys())
    return rows


def _batches(rows: list, size: int):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _plain(v):
    """Driver values as plain Python: nodes and relationships as dicts of their properties."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(v, Node):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, Relationship):
        out = {k: _plain(x) for k, x in v.items()}
        out["type"] = v.type
        return out
    if isinstance(v, Path):
        return {"nodes": [_plain(n) for n in v.nodes], "relationships": [_plain(r) for r in v.relationships]}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if hasattr(v, "iso_format"):
        return v.iso_format()
    return v
