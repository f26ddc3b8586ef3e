"""A read-only SPARQL 1.1 Protocol endpoint over the workspace: ``cigraph serve``.

Built on the standard library's :class:`http.server.ThreadingHTTPServer`: no
dependency, and every HTTP method is a handler we wrote, so nothing can write
by default (Oxigraph's own ``oxigraph serve`` accepted an UPDATE and a Graph
Store PUT when started plainly). Read-only holds at three levels:

1. **HTTP**: ``update=`` parameters and ``application/sparql-update`` bodies get
   403; PUT, DELETE and PATCH (anywhere) and POST outside ``/sparql`` (Graph
   Store Protocol writes) get 405 with ``Allow: GET, HEAD, POST, OPTIONS``.
2. **SPARQL**: queries run through ``Store.query``, which only parses
   SELECT/ASK/CONSTRUCT/DESCRIBE; update text is refused with 403.
3. **Store**: the workers open the store with ``Store.read_only``.

Federated queries (``SERVICE``) are refused (403): Oxigraph would fetch the
named URL, and with CORS open any web page could make this loopback server
reach into the local network.

Queries run in a :class:`cigraph.sparql.WorkerPool` of processes, so a query
past the time limit is really stopped (its worker is killed; HTTP 503), and a
slow query does not hold up the others beyond the pool size.

Routes: ``/`` (HTML page with example queries from ``queries/*.rq``),
``/sparql`` (GET ``?query=``, POST ``application/sparql-query`` or
form-encoded ``query=``; optional ``default-graph-uri``/``named-graph-uri``).
Answers: SPARQL JSON (default), XML, CSV, TSV for SELECT/ASK; Turtle (default),
N-Triples, RDF/XML, JSON-LD for CONSTRUCT/DESCRIBE, by ``Accept`` (or ``format=``/
``output=`` as sent by some clients). CORS: ``Access-Control-Allow-Origin: *``
and OPTIONS preflight, so browser clients such as YASGUI work.
"""

from __future__ import annotations

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

from .errors import QueryError, StoreError
from .sparql import (GRAPH_FORMATS, RESULT_FORMATS, QueryRefused, QueryTimeout, WorkerPool, check_query,
                     graph_iri, looks_like_update, serialize)

__all__ = ["SparqlEndpoint", "make_server", "serve", "start_in_thread", "negotiate"]

MAX_BODY = 1 << 20  # 1 MiB of query text is plenty
READ_TIMEOUT = 30.0  # seconds a connection may stay silent before the server closes it
MAX_CONNECTIONS = 64  # open connections served at once; more get 503 at once
ASSETS_PATH = "/assets/"
ALLOW = "GET, HEAD, POST, OPTIONS"
_RESULT_MIME = {v: k for k, v in RESULT_FORMATS.items()}
_GRAPH_MIME = {v: k for k, v in GRAPH_FORMATS.items()}
_ALIASES = {  # format= / output= values some clients send
    "json": "json", "application/json": "json", "srj": "json", "xml": "xml", "application/xml": "xml",
    "srx": "xml", "csv": "csv", "tsv": "tsv", "turtle": "ttl", "ttl": "ttl", "n3": "ttl",
    "nt": "nt", "ntriples": "nt", "n-triples": "nt", "rdfxml": "rdfxml", "rdf": "rdfxml", "rdf+xml": "rdfxml",
    "jsonld": "jsonld", "json-ld": "jsonld",
}
_MIME_OF = {**RESULT_FORMATS, **GRAPH_FORMATS, "table": "text/plain"}


class NotAcceptable(ValueError):
    """The client's ``Accept`` header names nothing the endpoint can send (HTTP 406)."""


_WILDCARDS = {"*/*", "application/*", "text/*"}
_ALSO_SERVED = {"text/plain", "application/json", "application/xml", "text/xml"}


def negotiate(accept: str | None, kind: str, fmt_param: str | None = None) -> str:
    """The format name for a result of ``kind`` ("select", "ask" or "graph").

    ``format=``/``output=`` wins; otherwise the ``Accept`` header by q-value; otherwise
    SPARQL JSON (tables) or Turtle (graphs). A table result asked for as RDF (or the
    reverse) gets the default of its kind, as most endpoints do.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "select")
    'xml'
    >>> negotiate("application/sparql-results+json", "graph")
    'ttl'
    >>> negotiate("*/*", "select", "tsv")
    'tsv'
    >>> negotiate(None, "select", "table")   # a text table, for people using a browser
    'table'
    >>> negotiate("image/png", "select")
    Traceback (most recent call last):
    ...
    cigraph.server.NotAcceptable: image/png
    """
    table = kind in ("select", "ask")
    offered = _RESULT_MIME if table else _GRAPH_MIME
    if fmt_param:
        if fmt_param.strip().lower() in ("table", "text"):
            return "table"
        f = _ALIASES.get(fmt_param.strip().lower()) or offered.get(fmt_param.strip().lower())
        if f == "json" and not table:
            f = "jsonld"
        if f and (f in RESULT_FORMATS) == table:
            return f
    prefs = []
    for i, part in enumerate((accept or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        mime = bits[0].lower()
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if mime and q > 0:
            prefs.append((-q, i, mime))
    for _, _, mime in sorted(prefs):
        if mime in offered:
            return offered[mime]
        if not table and mime in ("text/plain",):
            return "nt"
        if not table and mime in ("application/json",):
            return "jsonld"
        if table and mime in ("application/json",):
            return "json"
        if table and mime in ("application/xml", "text/xml"):
            return "xml"
    if prefs and not any(m in _WILDCARDS or m in _RESULT_MIME or m in _GRAPH_MIME or m in _ALSO_SERVED
                         for _, _, m in prefs):
        raise NotAcceptable(accept)
    return "json" if table else "ttl"


class SparqlEndpoint:
    """What the HTTP handler needs: the worker pool, the limits and the example queries.

    It follows the workspace: when ``cigraph build`` publishes a new build (the
    ``current`` link moves), the next request starts a pool on the new store; queries
    already running on the old one finish there.
    """

    def __init__(self, workspace: str | Path, *, timeout: float | None = 30.0, max_rows: int | None = 10000,
                 workers: int = 2, log: bool = False):
        from .dataset import Workspace

        self.workspace = Workspace(workspace)
        ds = self.workspace.open()  # read-only; raises WorkspaceMissing with the fix
        self.dataset = ds
        self.timeout = timeout
        self.max_rows = max_rows
        self.log = log
        self.workers = workers
        self.pool = WorkerPool(Path(ds.path) / "store", size=workers)
        self.examples = _examples()
        self._reload_lock = threading.Lock()
        self._counts: dict = {}

    def close(self) -> None:
        self.pool.close()

    def _follow_workspace(self) -> WorkerPool:
        try:
            target = self.workspace.current.resolve(strict=True)
        except OSError:
            return self.pool  # mid-swap or removed: keep serving what we have
        if target == Path(self.dataset.path):
            return self.pool
        with self._reload_lock:
            if target != Path(self.dataset.path):
                try:
                    ds = self.workspace.open()
                    pool = WorkerPool(Path(ds.path) / "store", size=self.workers)
                except (StoreError, OSError):
                    return self.pool
                old, self.pool, self.dataset = self.pool, pool, ds
                old.close(kill_busy=False)
                if self.log:
                    sys.stderr.write(f"now serving the new build {ds.path.name}\n")
        return self.pool

    def graph_counts(self, ds) -> dict:
        """Triples per named graph, and in the union default graph (key ``None``); counted once per build."""
        key = str(ds.path)
        if self._counts.get("key") != key:
            counts = {}
            for g in ds.store.named_graphs():
                counts[g.value] = sum(1 for _ in ds.store.quads_for_pattern(None, None, None, g))
            union = ds.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            counts[None] = int(next(iter(union))[0].value)
            self._counts = {"key": key, "counts": counts}
        return self._counts["counts"]

    def current_dataset(self):
        """The dataset of the build being served (following the workspace)."""
        self._follow_workspace()
        return self.dataset

    def run(self, text: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None):
        if default_graph is not None or named_graphs is not None:  # the protocol names the dataset
            default_graph, named_graphs = list(default_graph or []), list(named_graphs or [])
        return self._follow_workspace().run(text, limit=self.max_rows, timeout=self.timeout,
                                            default_graph=default_graph, named_graphs=named_graphs)


def _examples() -> list:
    from .queries import QueryLibrary

    try:
        return QueryLibrary().all("sparql")
    except QueryError:
        return []


class _Handler(BaseHTTPRequestHandler):
    server_version = "cigraph-sparql/0.1"
    protocol_version = "HTTP/1.1"
    endpoint: SparqlEndpoint  # set on the subclass made by make_server
    timeout = READ_TIMEOUT    # seconds a connection may stay silent (socket timeout; set by make_server)

    # -- plumbing ---------------------------------------------------------------------------------
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if self.endpoint.log:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def handle_one_request(self) -> None:
        self._replied = False
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as e:  # noqa: BLE001 - a bug must not print a traceback nor kill the connection thread
            self.close_connection = True
            sys.stderr.write(f"cigraph serve: internal error on {self.command} {self.path}: "
                             f"{type(e).__name__}: {e} (please report it)\n")
            if not self._replied:
                try:
                    self._error(500, "internal error in cigraph serve; the request was not answered."
                                     " Please report it with the request that caused it.")
                except OSError:
                    pass

    def send_response(self, code, message=None) -> None:
        self._replied = True
        super().send_response(code, message)

    # errors found by http.server itself (bad request line, unknown method, bad version): plain text
    error_message_format = "%(code)d %(message)s: %(explain)s\n"
    error_content_type = "text/plain; charset=utf-8"

    def send_error(self, code, message=None, explain=None) -> None:
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            self.request_version = "HTTP/1.1"  # answer with a status line, not a bare HTTP/0.9 body
        self.close_connection = True
        super().send_error(code, message, explain)

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", ALLOW)
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization")
        self.send_header("Access-Control-Expose-Headers", "X-Cigraph-Truncated, X-Cigraph-Seconds, Content-Type")
        self.send_header("Access-Control-Max-Age", "86400")

    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self._cors()
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, extra: dict | None = None) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", extra)

    def _read_body(self, *, reply: bool = True) -> bytes | None:
        """The request body (``Content-Length`` or ``Transfer-Encoding: chunked``), at most MAX_BODY bytes.

        On a body that cannot be read exactly, answers 400/411/413 (unless ``reply`` is false) and
        closes the connection, so the next request on it can never start inside this body.
        """
        te = (self.headers.get("Transfer-Encoding") or "").strip().lower()
        if te:
            if te != "chunked":
                return self._bad_body(411, f"Transfer-Encoding {te!r} is not supported: send the body with"
                                           " Content-Length or Transfer-Encoding: chunked.", reply)
            return self._read_chunked(reply)
        lengths = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if not lengths:
            return b""
        try:
            (n,) = {int(v) for v in lengths}
        except ValueError:
            n = -1
        if n < 0:
            return self._bad_body(400, "the Content-Length header is not one valid number.", reply)
        if n > MAX_BODY:
            return self._bad_body(413, f"request body larger than {MAX_BODY} bytes.", reply)
        data = self.rfile.read(n) if n else b""
        if len(data) != n:
            self.close_connection = True
            return None
        return data

    def _read_chunked(self, reply: bool) -> bytes | None:
        chunks, total = [], 0
        while True:
            line = self.rfile.readline(1026)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                return self._bad_body(400, "malformed chunked request body (bad chunk size line).", reply)
            if size < 0:
                return self._bad_body(400, "malformed chunked request body (negative chunk size).", reply)
            if size == 0:
                break
            total += size
            if total > MAX_BODY:
                return self._bad_body(413, f"request body larger than {MAX_BODY} bytes.", reply)
            data = self.rfile.read(size)
            if len(data) != size or self.rfile.readline(3) != b"\r\n":
                return self._bad_body(400, "malformed chunked request body (chunk shorter than announced).",
                                      reply)
            chunks.append(data)
        for _ in range(100):  # trailer fields, up to the empty line
            line = self.rfile.readline(8194)
            if line in (b"\r\n", b"\n"):
                return b"".join(chunks)
            if not line:
                break
        return self._bad_body(400, "malformed chunked request body (no end after the last chunk).", reply)

    def _bad_body(self, status: int, message: str, reply: bool) -> None:
        self.close_connection = True
        if reply:
            self._error(status, message)
        return None

    def _drain(self) -> bool:
        """Read (and drop) a body sent where none is expected; False when the connection was closed."""
        if self.headers.get("Transfer-Encoding") or (self.headers.get("Content-Length") or "0").strip() != "0":
            return self._read_body() is not None
        return True

    def _refuse_write(self) -> None:
        # read the body so the connection stays usable (or close it), then refuse
        if self._read_body(reply=False) is None:
            self.close_connection = True
        self._error(405, f"{self.command} is not allowed: this SPARQL endpoint is read-only (no Graph Store"
                         " writes). To change the data, edit data/*.ttl and run `cigraph build`.",
                    {"Allow": ALLOW})

    # -- methods ---------------------------------------------------------------------------------
    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server naming
        if not self._drain():
            return
        self.send_response(204)
        self.send_header("Allow", ALLOW)
        self.send_header("Content-Length", "0")
        self._cors()
        if self.headers.get("Access-Control-Request-Private-Network", "").lower() == "true":
            # Chrome's Private Network Access: lets a page on the web (e.g. YASGUI) reach this loopback port
            self.send_header("Access-Control-Allow-Private-Network", "true")
        self.end_headers()

    do_PUT = do_DELETE = do_PATCH = _refuse_write  # noqa: N815

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        if not self._drain():
            return
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(200, _index_html(self.endpoint, self._base()).encode("utf-8"), "text/html; charset=utf-8")
            return
        if url.path.startswith(ASSETS_PATH):
            self._asset(url.path[len(ASSETS_PATH):])
            return
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/store":
            self._graph_store(params)
            return
        if url.path != "/sparql":
            self._error(404, f"nothing at {url.path}: the SPARQL endpoint is /sparql, the graphs are at"
                             " /store?default and /store?graph=IRI, the query page is /.")
            return
        if "update" in params:
            self._error(403, "SPARQL Update is not allowed: this endpoint is read-only.")
            return
        if "query" not in params:
            accept = self.headers.get("Accept") or ""
            if "text/html" in accept:
                self.send_response(303)
                self.send_header("Location", "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._service_description()
            return
        self._answer(params)

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._refuse_write()
            return
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if "update" in params or ctype == "application/sparql-update":
            if self._read_body() is not None:
                self._error(403, "SPARQL Update is not allowed: this endpoint is read-only.")
            return
        if "graph" in params or "default" in params:
            self._refuse_write()
            return
        body = self._read_body()
        if body is None:
            return
        try:
            text_body = body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(400, "the request body is not UTF-8.")
            return
        if ctype == "application/sparql-query":
            if "query" in params:
                self._error(400, "the query is in the body: do not also send a 'query' URL parameter.")
                return
            params["query"] = [text_body]
            self._answer(params)
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text_body, keep_blank_values=True)
            if "update" in form:
                self._error(403, "SPARQL Update is not allowed: this endpoint is read-only.")
                return
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            if "query" not in params:
                self._error(400, "missing the 'query' field in the form.")
                return
            self._answer(params)
        else:
            self._error(415, f"unsupported Content-Type {ctype or '(none)'}: send application/sparql-query or"
                             " application/x-www-form-urlencoded with query=….")

    # -- the query ----------------------------------------------------------------------------------
    def _base(self) -> str:
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        return f"http://{host}/"

    def _answer(self, params: dict) -> None:
        queries = params.get("query") or []
        if len(queries) != 1:
            self._error(400, f"{len(queries)} 'query' parameters: send exactly one query per request.")
            return
        text = queries[0]
        if not text.strip():
            self._error(400, "the 'query' parameter is empty: send a SPARQL query (SELECT, ASK, CONSTRUCT,"
                             " DESCRIBE).")
            return
        if looks_like_update(text):
            self._error(403, "SPARQL Update is not allowed: this endpoint is read-only"
                             " (it answers SELECT, ASK, CONSTRUCT and DESCRIBE).")
            return
        try:
            check_query(text)
        except QueryRefused as e:
            self._error(403, f"{e} (SERVICE is disabled on this endpoint.)")
            return
        dg, ng = params.get("default-graph-uri"), params.get("named-graph-uri")
        try:
            for g in (dg or []):
                graph_iri(g, "default-graph-uri")
            for g in (ng or []):
                graph_iri(g, "named-graph-uri")
        except QueryError as e:
            self._error(400, str(e))
            return
        fmt_param = (params.get("format") or params.get("output") or [None])[0]
        try:
            negotiate(self.headers.get("Accept"), "select", fmt_param)
        except NotAcceptable:
            try:
                negotiate(self.headers.get("Accept"), "graph", fmt_param)
            except NotAcceptable:
                self._not_acceptable()
                return
        t0 = time.perf_counter()
        try:
            result = self.endpoint.run(text, default_graph=dg, named_graphs=ng)
        except QueryTimeout as e:
            self._error(503, f"query stopped: {e}", {"Retry-After": "1"})
            return
        except QueryRefused as e:
            self._error(403, str(e))
            return
        except QueryError as e:
            self._error(400, str(e))
            return
        except StoreError as e:
            self._error(503, str(e), {"Retry-After": "5"})
            return
        try:
            fmt = negotiate(self.headers.get("Accept"), result.kind, fmt_param)
        except NotAcceptable:
            self._not_acceptable(result.kind)
            return
        try:
            body = serialize(result, fmt)
        except (QueryError, ValueError) as e:
            self._error(406, f"cannot write this answer as {fmt}: {e}")
            return
        extra = {"X-Cigraph-Seconds": f"{time.perf_counter() - t0:.3f}"}
        if result.truncated:
            extra["X-Cigraph-Truncated"] = f"true; max-rows={result.limit}"
        self._send(200, body, _content_type(fmt), extra)

    def _not_acceptable(self, kind: str | None = None) -> None:
        offered = (list(RESULT_FORMATS.values()) if kind != "graph" else []) + \
            (list(GRAPH_FORMATS.values()) if kind in (None, "graph") else [])
        self._error(406, f"cannot answer in {self.headers.get('Accept')!r}: this endpoint sends "
                         + ", ".join(offered) + " (or */*).")

    # -- service description and Graph Store Protocol (read side) ------------------------------------
    def _service_description(self) -> None:
        try:
            fmt = negotiate(self.headers.get("Accept"), "graph")
        except NotAcceptable:
            self._not_acceptable("graph")
            return
        body = service_description(self.endpoint, self._base() + "sparql", fmt)
        self._send(200, body, _content_type(fmt))

    def _graph_store(self, params: dict) -> None:
        import pyoxigraph as ox

        graphs = params.get("graph") or []
        if ("default" in params) == bool(graphs) or len(graphs) > 1:
            self._error(400, "Graph Store Protocol: ask for one graph, GET /store?default (the union of all"
                             " graphs) or GET /store?graph=IRI.")
            return
        try:
            fmt = negotiate(self.headers.get("Accept"), "graph", (params.get("format") or [None])[0])
        except NotAcceptable:
            self._not_acceptable("graph")
            return
        if fmt == "table":
            fmt = "ttl"
        ds = self.endpoint.current_dataset()
        if graphs:
            try:
                g = graph_iri(graphs[0], "graph")
            except QueryError as e:
                self._error(400, str(e))
                return
            if not ds.store.contains_named_graph(g):
                self._error(404, f"no graph {g.value} here: the graphs are "
                                 + ", ".join(sorted(n.value for n in ds.store.named_graphs())) + ".")
                return
            triples = (q.triple for q in ds.store.quads_for_pattern(None, None, None, g))
        else:
            triples = iter(ds.store.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True))
        self.send_response(200)
        self.send_header("Content-Type", _content_type(fmt))
        self.send_header("Vary", "Accept")
        self._cors()
        if self.command == "HEAD":
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        out = _ChunkedWriter(self.wfile)
        rf = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
              "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        from .vocab import PREFIXES

        try:
            ox.serialize(triples, out, format=rf, prefixes=None if fmt == "nt" else dict(PREFIXES))
            out.close()
        except (OSError, ValueError) as e:
            self.close_connection = True  # the client sees a cut chunked stream, never a wrong end
            sys.stderr.write(f"cigraph serve: graph store answer cut: {e}\n")

    def _asset(self, name: str) -> None:
        data, ctype = _asset(name)
        if data is None:
            self._error(404, f"no asset {name!r}.")
            return
        self._send(200, data, ctype, {"Cache-Control": "max-age=3600"})


class _ChunkedWriter:
    """A file-like object writing HTTP/1.1 chunks (so a large graph streams with bounded memory)."""

    def __init__(self, wfile, size: int = 1 << 16):
        self.wfile, self.size, self.buf = wfile, size, bytearray()

    def write(self, data) -> int:
        self.buf += data
        if len(self.buf) >= self.size:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buf:
            self.wfile.write(b"%x\r\n" % len(self.buf) + bytes(self.buf) + b"\r\n")
            self.buf.clear()

    def close(self) -> None:
        self.flush()
        self.wfile.write(b"0\r\n\r\n")


def _content_type(fmt: str) -> str:
    mime = _MIME_OF[fmt]
    return mime + ("; charset=utf-8" if fmt != "rdfxml" and not mime.endswith("xml") else "")


# --------------------------------------------------------------------------------------------------
# Service description (GET /sparql without a query)
# --------------------------------------------------------------------------------------------------

_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS_NS = "http://www.w3.org/ns/formats/"
_SD_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "RDF_XML", "JSON-LD"]


def service_description(endpoint: SparqlEndpoint, url: str, fmt: str = "ttl") -> bytes:
    """The ``sd:Service`` document: endpoint, language, result formats, features, the dataset.

    The default dataset's default graph is the union of the named graphs (``sd:UnionDefaultGraph``);
    each named graph is listed with its triple count (``void:triples``).
    """
    import pyoxigraph as ox

    from .vocab import PREFIXES

    ds = endpoint.current_dataset()
    counts = endpoint.graph_counts(ds)
    N, B, L = ox.NamedNode, ox.BlankNode, ox.Literal
    a = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    sd = lambda t: N(_SD + t)  # noqa: E731
    void_triples = N("http://rdfs.org/ns/void#triples")
    xsd_integer = N("http://www.w3.org/2001/XMLSchema#integer")
    svc, dataset, default = N(url), B(), B()
    t = [ox.Triple(svc, a, sd("Service")), ox.Triple(svc, sd("endpoint"), svc),
         ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
         ox.Triple(svc, sd("feature"), sd("UnionDefaultGraph")),
         ox.Triple(svc, sd("defaultEntailmentRegime"), N("http://www.w3.org/ns/entailment/Simple")),
         ox.Triple(svc, N("http://purl.org/dc/terms/description"),
                   L("cigraph: a read-only SPARQL 1.1 endpoint over a Collective Impact knowledge graph. The default"
                     " graph is the union of the named graphs; FROM / FROM NAMED and default-graph-uri /"
                     " named-graph-uri narrow it. SERVICE and SPARQL Update are refused.", language="en")),
         ox.Triple(svc, sd("defaultDataset"), dataset), ox.Triple(dataset, a, sd("Dataset")),
         ox.Triple(dataset, sd("defaultGraph"), default), ox.Triple(default, a, sd("Graph")),
         ox.Triple(default, void_triples, L(str(counts.get(None, 0)), datatype=xsd_integer))]
    t += [ox.Triple(svc, sd("resultFormat"), N(_FORMATS_NS + f)) for f in _SD_FORMATS]
    for name in sorted(k for k in counts if k is not None):
        ng, g = B(), B()
        t += [ox.Triple(dataset, sd("namedGraph"), ng), ox.Triple(ng, a, sd("NamedGraph")),
              ox.Triple(ng, sd("name"), N(name)), ox.Triple(ng, sd("graph"), g), ox.Triple(g, a, sd("Graph")),
              ox.Triple(g, void_triples, L(str(counts[name]), datatype=xsd_integer))]
    rf = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
          "jsonld": ox.RdfFormat.JSON_LD}.get(fmt, ox.RdfFormat.TURTLE)
    prefixes = {"sd": _SD, "formats": _FORMATS_NS, "void": "http://rdfs.org/ns/void#",
                "dcterms": PREFIXES["dcterms"], "xsd": PREFIXES["xsd"]}
    return ox.serialize(t, format=rf, prefixes=None if rf == ox.RdfFormat.N_TRIPLES else prefixes)


# --------------------------------------------------------------------------------------------------
# The HTML page
# --------------------------------------------------------------------------------------------------

_ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".html": "text/html; charset=utf-8", "": "text/plain; charset=utf-8"}


def _asset_files() -> dict:
    """name -> file, for the files under ``cigraph/server_assets`` (the only files the server serves)."""
    import importlib.resources

    root = importlib.resources.files("cigraph") / "server_assets"
    out, stack = {}, [(root, "")]
    while stack:
        d, prefix = stack.pop()
        for entry in d.iterdir():
            name = prefix + entry.name
            if entry.is_dir():
                stack.append((entry, name + "/"))
            elif entry.name != "index.html":
                out[name] = entry
    return out


_ASSETS: dict | None = None


def _asset(name: str) -> tuple[bytes | None, str | None]:
    """An asset's bytes and content type, looked up by exact name (no path is ever built from the request)."""
    global _ASSETS
    if _ASSETS is None:
        _ASSETS = _asset_files()
    f = _ASSETS.get(name)
    if f is None:
        return None, None
    suffix = "." + name.rsplit(".", 1)[1] if "." in name.rsplit("/", 1)[-1] else ""
    return f.read_bytes(), _ASSET_TYPES.get(suffix, "application/octet-stream")


def _index_html(endpoint: SparqlEndpoint, base: str = "/") -> str:
    """The query page: YASGUI on this endpoint, prefixes declared, the query library as examples."""
    import importlib.resources
    import json

    from .vocab import PREFIXES

    meta = endpoint.dataset.meta or {}
    about = "A read-only SPARQL 1.1 endpoint over the Collective Impact knowledge graph"
    if meta.get("triples"):
        about += f" ({meta['triples']} triples, built {meta.get('built_at', '?')})"
    about += (". The default graph is the union of the named graphs. Time limit "
              + (f"{endpoint.timeout:g} s" if endpoint.timeout else "none") + "; at most "
              + (f"{endpoint.max_rows}" if endpoint.max_rows else "unlimited") + " rows per answer.")
    examples = [{"id": q.id, "kind": q.kind, "summary": q.summary, "text": q.text,
                 "params": [p.name + ("" if p.optional else " (required)") for p in q.params]}
                for q in endpoint.examples]
    first = next((q.text for q in endpoint.examples if not any(not p.optional for p in q.params)),
                 "SELECT ?initiative ?name WHERE { ?initiative a ci:Initiative ; ci:name ?name } ORDER BY ?name")
    config = {"about": about, "prefixes": dict(PREFIXES), "examples": examples, "first": first, "base": base}
    # JSON inside <script>: no "<" at all, so neither </script> nor <!-- can end or confuse the block
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c").replace("\u2028", "\\u2028") \
        .replace("\u2029", "\\u2029")
    template = (importlib.resources.files("cigraph") / "server_assets" / "index.html").read_text("utf-8")
    slot = '<script type="application/json" id="cigraph-config">{}</script>'
    if template.count(slot) != 1:
        raise StoreError("cigraph/server_assets/index.html lost its configuration slot; reinstall cigraph.")
    return template.replace(slot, slot.replace("{}", data))


# --------------------------------------------------------------------------------------------------
# Starting and stopping
# --------------------------------------------------------------------------------------------------

def make_server(workspace: str | Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float | None = 30.0,
                max_rows: int | None = 10000, workers: int = 2, log: bool = False,
                read_timeout: float = READ_TIMEOUT, max_connections: int = MAX_CONNECTIONS) -> ThreadingHTTPServer:
    """A ready (bound, not yet serving) HTTP server; ``server.endpoint`` holds the worker pool.

    Call ``serve_forever()`` (in a thread if you like), then ``shutdown()`` and
    ``server_close()``; ``server.endpoint.close()`` stops the workers (done by
    ``server_close``).
    """
    endpoint = SparqlEndpoint(workspace, timeout=timeout, max_rows=max_rows, workers=workers, log=log)
    handler = type("Handler", (_Handler,), {"endpoint": endpoint, "timeout": read_timeout or None})
    slots = threading.BoundedSemaphore(max(1, max_connections))

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True

        def process_request(self, request, client_address):
            # at most max_connections connections at once (each one a thread): past that, 503 and close
            if not slots.acquire(blocking=False):
                try:
                    request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                                    b"Retry-After: 1\r\nConnection: close\r\nContent-Length: 45\r\n\r\n"
                                    b"too many open connections; retry in a moment\n")
                except OSError:
                    pass
                self.shutdown_request(request)
                return
            super().process_request(request, client_address)

        def process_request_thread(self, request, client_address):
            try:
                super().process_request_thread(request, client_address)
            finally:
                slots.release()

        def handle_error(self, request, client_address) -> None:
            # one line, never a traceback (the handler answers 500 itself where it can)
            e = sys.exc_info()[1]
            sys.stderr.write(f"cigraph serve: connection from {client_address[0]} failed: {type(e).__name__}: {e}\n")

        def server_close(self) -> None:
            super().server_close()
            endpoint.close()

    try:
        srv = Server((host, port), handler)
    except OSError as e:
        endpoint.close()
        raise StoreError(f"cannot listen on {host}:{port}: {e.strerror or e}. Choose another --port"
                         " (0 picks a free one).") from None
    srv.endpoint = endpoint
    return srv


def _url(srv: ThreadingHTTPServer) -> str:
    host, port = srv.server_address[:2]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def serve(workspace: str | Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float | None = 30.0,
          max_rows: int | None = 10000, workers: int = 2, log: bool = True,
          ready: Callable[[str], None] | None = None, read_timeout: float = READ_TIMEOUT) -> None:
    """Run the endpoint until interrupted (Ctrl-C)."""
    srv = make_server(workspace, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers, log=log,
                      read_timeout=read_timeout)
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.stderr.write(f"warning: listening on {host}: anyone who can reach this machine can query the data.\n")
    if ready:
        ready(_url(srv))
    import signal

    def _stop(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()


def start_in_thread(workspace: str | Path, **kw) -> tuple[ThreadingHTTPServer, threading.Thread, str]:
    """Start the endpoint in a background thread (for tests and notebooks): (server, thread, base URL)."""
    srv = make_server(workspace, **kw)
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    t.start()
    return srv, t, _url(srv)

