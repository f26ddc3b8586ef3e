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

import html
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, quote, urlsplit

from .errors import QueryError, StoreError
from .sparql import (GRAPH_FORMATS, RESULT_FORMATS, QueryTimeout, WorkerPool, looks_like_update, serialize,
                     uses_service)

__all__ = ["SparqlEndpoint", "make_server", "serve", "start_in_thread", "negotiate"]

MAX_BODY = 1 << 20  # 1 MiB of query text is plenty
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

    def run(self, text: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None):
        return self._follow_workspace().run(text, limit=self.max_rows, timeout=self.timeout,
                                            default_graph=default_graph or None,
                                            named_graphs=named_graphs or None)


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

    # -- plumbing ---------------------------------------------------------------------------------
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if self.endpoint.log:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

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
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, extra: dict | None = None) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", extra)

    def _read_body(self) -> bytes | None:
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0 or n > MAX_BODY:
            self.close_connection = True
            self._error(413 if n > MAX_BODY else 400,
                        f"request body missing a valid Content-Length or larger than {MAX_BODY} bytes.")
            return None
        return self.rfile.read(n) if n else b""

    def _refuse_write(self) -> None:
        # drain a small body so the connection stays usable, then refuse
        try:
            n = int(self.headers.get("Content-Length") or 0)
            if 0 < n <= MAX_BODY:
                self.rfile.read(n)
            elif n:
                self.close_connection = True
        except ValueError:
            self.close_connection = True
        self._error(405, f"{self.command} is not allowed: this SPARQL endpoint is read-only (no Graph Store"
                         " writes). To change the data, edit data/*.ttl and run `cigraph build`.",
                    {"Allow": ALLOW})

    # -- methods ---------------------------------------------------------------------------------
    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server naming
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
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
            base = f"http://{host}/"
            self._send(200, _index_html(self.endpoint, base).encode("utf-8"), "text/html; charset=utf-8")
            return
        if url.path != "/sparql":
            self._error(404, f"nothing at {url.path}: the SPARQL endpoint is /sparql; example queries are at /.")
            return
        params = parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            self._error(403, "SPARQL Update is not allowed: this endpoint is read-only.")
            return
        if "query" not in params:
            if "text/html" in (self.headers.get("Accept") or ""):
                self.send_response(303)
                self.send_header("Location", "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._error(400, "missing the 'query' parameter: GET /sparql?query=SELECT… (URL-encoded), or POST.")
            return
        self._answer(params["query"][0], params)

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
            self._answer(text_body, params)
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text_body, keep_blank_values=True)
            if "update" in form:
                self._error(403, "SPARQL Update is not allowed: this endpoint is read-only.")
                return
            if "query" not in form:
                self._error(400, "missing the 'query' field in the form.")
                return
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            self._answer(form["query"][0], params)
        else:
            self._error(415, f"unsupported Content-Type {ctype or '(none)'}: send application/sparql-query or"
                             " application/x-www-form-urlencoded with query=….")

    # -- the query ----------------------------------------------------------------------------------
    def _answer(self, text: str, params: dict) -> None:
        if looks_like_update(text):
            self._error(403, "SPARQL Update is not allowed: this endpoint is read-only"
                             " (it answers SELECT, ASK, CONSTRUCT and DESCRIBE).")
            return
        if uses_service(text):
            self._error(403, "federated queries (SERVICE) are disabled on this endpoint: they would make the"
                             " server fetch other URLs on the client's behalf. Run them locally with"
                             " `cigraph sparql`.")
            return
        t0 = time.perf_counter()
        try:
            result = self.endpoint.run(text, default_graph=params.get("default-graph-uri"),
                                       named_graphs=params.get("named-graph-uri"))
        except QueryTimeout as e:
            self._error(503, f"query stopped: {e}", {"Retry-After": "1"})
            return
        except QueryError as e:
            self._error(400, str(e))
            return
        except StoreError as e:
            self._error(500, str(e))
            return
        fmt_param = (params.get("format") or params.get("output") or [None])[0]
        fmt = negotiate(self.headers.get("Accept"), result.kind, fmt_param)
        try:
            body = serialize(result, fmt)
        except (QueryError, ValueError) as e:
            self._error(500, f"could not write the answer as {fmt}: {e}")
            return
        ctype = _MIME_OF[fmt] + ("; charset=utf-8" if fmt != "rdfxml" and not _MIME_OF[fmt].endswith("xml") else "")
        extra = {"X-Cigraph-Seconds": f"{time.perf_counter() - t0:.3f}"}
        if result.truncated:
            extra["X-Cigraph-Truncated"] = f"true; max-rows={result.limit}"
        self._send(200, body, ctype, extra)


# --------------------------------------------------------------------------------------------------
# The HTML page
# --------------------------------------------------------------------------------------------------

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cigraph SPARQL endpoint</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}}
textarea{{width:100%;font-family:monospace}}pre{{background:#f4f4f4;padding:.5rem;overflow-x:auto}}
code{{background:#f4f4f4}}li{{margin-bottom:.6rem}}</style></head>
<body><h1>cigraph SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 endpoint over the Collective Impact knowledge graph{meta}.
Send queries to <code>{base}sparql</code> (GET <code>?query=</code>, POST
<code>application/sparql-query</code> or a form). The default graph is the union of the ontology,
data and inferred graphs. Time limit: {timeout}; at most {max_rows} rows per answer.
Prefixes <code>{prefixes}</code> are predeclared.</p>
<form action="sparql" method="post"><textarea name="query" rows="8">{first}</textarea>
<p><label>Format <select name="format"><option>table</option><option>json</option><option>xml</option><option>csv</option>
<option>tsv</option><option>turtle</option><option>ntriples</option></select></label>
<button type="submit">Run</button></p></form>
<h2>Example queries</h2><ul>{items}</ul>
<p>From the command line: <code>curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT …'
{base}sparql</code>; in YASGUI, set the endpoint to <code>{base}sparql</code>.</p>
</body></html>
"""


def _index_html(endpoint: SparqlEndpoint, base: str = "/") -> str:
    from .vocab import PREFIXES

    e = html.escape
    items = []
    for q in endpoint.examples:
        params = ", ".join(p.name + (" (optional)" if p.optional else "") for p in q.params)
        required = [p for p in q.params if not p.optional]
        run = ("" if required else
               f' <a href="sparql?query={quote(q.text)}&amp;format=table">run</a>'
               f' (<a href="sparql?query={quote(q.text)}&amp;format=csv">CSV</a>)')
        items.append(f"<li><strong>{e(q.id)}</strong> <em>({e(q.kind)})</em>: {e(q.summary)}"
                     + (f" <small>params: {e(params)}</small>" if params else "") + run
                     + f"<details><summary>query</summary><pre>{e(q.text)}</pre></details></li>")
    meta = endpoint.dataset.meta or {}
    info = f" ({meta['triples']} triples, built {e(str(meta.get('built_at', '?')))})" if meta.get("triples") else ""
    first = next((q.text for q in endpoint.examples if not any(not p.optional for p in q.params)),
                 "SELECT ?initiative ?name WHERE { ?initiative a ci:Initiative ; ci:name ?name } ORDER BY ?name")
    return _PAGE.format(meta=info, base=e(base), timeout=e(f"{endpoint.timeout:g} s" if endpoint.timeout else "none"),
                        max_rows=e(str(endpoint.max_rows or "unlimited")), prefixes=e(" ".join(f"{p}:" for p in PREFIXES)),
                        first=e(first), items="\n".join(items) or "<li>(no queries found)</li>")


# --------------------------------------------------------------------------------------------------
# Starting and stopping
# --------------------------------------------------------------------------------------------------

def make_server(workspace: str | Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float | None = 30.0,
                max_rows: int | None = 10000, workers: int = 2, log: bool = False) -> ThreadingHTTPServer:
    """A ready (bound, not yet serving) HTTP server; ``server.endpoint`` holds the worker pool.

    Call ``serve_forever()`` (in a thread if you like), then ``shutdown()`` and
    ``server_close()``; ``server.endpoint.close()`` stops the workers (done by
    ``server_close``).
    """
    endpoint = SparqlEndpoint(workspace, timeout=timeout, max_rows=max_rows, workers=workers, log=log)
    handler = type("Handler", (_Handler,), {"endpoint": endpoint})

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True

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
          ready: Callable[[str], None] | None = None) -> None:
    """Run the endpoint until interrupted (Ctrl-C)."""
    srv = make_server(workspace, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers, log=log)
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

