"""Fault catalogue: the SPARQL endpoint (`cigraph serve`), `cigraph sparql` and the Python API
(issue 14: 1 SSRF, 6 idle connections, 11 bad IRIs and chunked bodies).

A listener on 127.0.0.1 stands in for "the network": every SERVICE query in the corpus is first
run on plain pyoxigraph to prove that it *does* reach the listener there, then through each way
into cigraph, and the listener must have received nothing.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
import urllib.parse

import pytest
from click.testing import CliRunner

from faults.helpers import assert_clean_failure, cigraph

# {U}: a URL on the listener; {B}: the listener's base URL. Each entry is a query Oxigraph runs,
# fetching from the listener (checked by test_ssrf_corpus_reaches_the_listener_when_run_plainly).
CORPUS = [
    "SELECT * WHERE { ?s ?p ?o .SERVICE <{U}> { ?a ?b ?c } }",                      # no space after '.'
    "select * where { service <{U}> { ?a ?b ?c } }",                                # lower case
    "SeLeCt * WhErE { SeRvIcE SiLeNt <{U}> { ?a ?b ?c } }",                        # mixed case, SILENT
    "SELECT * WHERE { ?s ?p ?o .SERVICE<{U}>{?a ?b ?c} }",                          # no spaces at all
    "SELECT * WHERE { ?s ?p ?o ; ?q ?r .SERVICE <{U}> { ?a ?b ?c } }",              # ';' then '.'
    "SELECT * WHERE {{ SERVICE <{U}> { ?a ?b ?c } }}",                              # '{' adjacency
    "SELECT * WHERE { ?s ?p ?o # SERVICE in a comment\nSERVICE <{U}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o #\n.SERVICE#\n<{U}>#\n{ ?a ?b ?c } }",               # comments between tokens
    "SELECT * WHERE { ?s ?p ?o . SERVICE\t\r\n<{U}>\n{ ?a ?b ?c } }",               # odd whitespace
    "PREFIX evil: <{B}> SELECT * WHERE { ?s ?p ?o SERVICE evil:x { ?a ?b ?c } }",   # prefixed name
    "PREFIX : <{B}> SELECT * WHERE { ?s ?p ?o SERVICE :x { ?a ?b ?c } }",           # empty prefix
    "BASE <{B}> SELECT * WHERE { ?s ?p ?o SERVICE <x> { ?a ?b ?c } }",              # BASE-relative IRI
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{U}> { ?a ?b ?c } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{U}> { ?a ?b ?c } } }",     # inside an expression
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{U}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?a WHERE { SERVICE <{U}> { ?a ?b ?c } } } }",        # subquery
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{U}> { ?a ?b ?c } } }",
    "SELECT (EXISTS { SERVICE <{U}> { ?a ?b ?c } } AS ?e) WHERE { ?s ?p ?o }",       # in a projection
    "ASK { SERVICE <{U}> { ?a ?b ?c } }",
    "CONSTRUCT { ?a ?b ?c } WHERE { SERVICE <{U}> { ?a ?b ?c } }",
    "DESCRIBE ?a WHERE { SERVICE <{U}> { ?a ?b ?c } }",
    'SELECT * WHERE { ?s ?p ?o FILTER(?o != "SERVICE <x>") .SERVICE <{U}> { ?a ?b ?c } }',   # decoy string
    'SELECT * WHERE { ?s ?p ?o FILTER(?o != """long\nSERVICE""") .SERVICE <{U}> { ?a ?b ?c } }',
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ex:a\\# ?z } .SERVICE <{U}> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o . SERVICE <http://127.0.0.1:{P}/%78> { ?a ?b ?c } }",          # escaped path
    "SELECT * WHERE { ?s ?p ?o . SERVICE <http://2130706433:{P}/x> { ?a ?b ?c } }",           # 127.0.0.1 as a number
]
# SPARQL 1.2 syntax Oxigraph runs but rdflib's parser cannot read: the gate cannot see inside, so it
# refuses any such query that mentions the word (fails closed)
UNREADABLE = [
    "SELECT * WHERE { ?s ?p ?o LATERAL { SERVICE <{U}> { ?a ?b ?c } } }",
    "SELECT * WHERE { ?s ?p ?o BIND(TRIPLE(?s, ?p, ?o) AS ?t) SERVICE <{U}> { ?a ?b ?c } }",
]
# a variable service, bound by a parameter (Oxigraph fetches it when the caller binds ?x)
VARIABLE = "SELECT ?s ?x WHERE { ?s ?p ?o SERVICE ?x { ?a ?b ?c } }"
# the word, but no SERVICE: these must run
NOT_SERVICE = [
    'SELECT ?service WHERE { BIND("SERVICE <x>" AS ?service) }',
    "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:service ?o } LIMIT 1",
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://example.org/>",
    "SELECT ?n WHERE { ?i ci:name ?n FILTER(CONTAINS(LCASE(?n), 'service')) } ORDER BY ?n",
]


class _Listener(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802
        self.hits.append((self.command, self.path))
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def listener():
    """An HTTP server on 127.0.0.1 recording every request: (server, hits)."""
    handler = type("Listener", (_Listener,), {"hits": []})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv, handler.hits
    srv.shutdown()
    srv.server_close()


def corpus(srv, queries=CORPUS) -> list[str]:
    port = srv.server_address[1]
    subs = {"{U}": f"http://127.0.0.1:{port}/x", "{B}": f"http://127.0.0.1:{port}/", "{P}": str(port)}
    out = []
    for q in queries:
        for k, v in subs.items():
            q = q.replace(k, v)
        out.append(q)
    return out


@pytest.fixture(scope="module")
def endpoint(built_workspace):
    from cigraph.server import start_in_thread

    srv, thread, url = start_in_thread(built_workspace, port=0, timeout=10, workers=1, read_timeout=1.0)
    yield srv, url
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


def _request(url, method="GET", path="", body=None, headers=None):
    import http.client

    u = urllib.parse.urlsplit(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        c.close()


# -- 14.1 SSRF -------------------------------------------------------------------------------------

def test_ssrf_corpus_reaches_the_listener_when_run_plainly(listener):
    """The corpus is real: on plain pyoxigraph every entry fetches from the listener."""
    import pyoxigraph as ox

    srv, hits = listener
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o")))
    port = srv.server_address[1]
    for q in corpus(srv) + [VARIABLE]:
        before = len(hits)
        subs = {ox.Variable("x"): ox.NamedNode(f"http://127.0.0.1:{port}/x")} if q == VARIABLE else None
        try:
            r = store.query(q, substitutions=subs)
            bool(r) if isinstance(r, ox.QueryBoolean) else list(r)
        except OSError:
            pass  # the listener answers 500
        assert len(hits) > before, f"this corpus entry does not reach the network on pyoxigraph: {q}"
    hits.clear()


@pytest.mark.parametrize("how", ["GET", "POST form", "POST body"])
def test_ssrf_service_refused_by_the_endpoint(endpoint, listener, how):
    srv, hits = listener
    _, url = endpoint
    hits.clear()
    for q in corpus(srv):
        if how == "GET":
            status, body = _request(url, path="/sparql?" + urllib.parse.urlencode({"query": q}))
        elif how == "POST form":
            status, body = _request(url, "POST", "/sparql", urllib.parse.urlencode({"query": q}),
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        else:
            status, body = _request(url, "POST", "/sparql", q.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 403 and "SERVICE" in body, (q, status, body)
    assert hits == []


def test_ssrf_service_refused_by_cigraph_sparql(built_workspace, listener, tmp_path):
    from cigraph.cli import cli

    srv, hits = listener
    hits.clear()
    port = srv.server_address[1]
    for i, q in enumerate(corpus(srv)):
        # in this process (--timeout 0) and in the worker process (a time limit), alternately
        timeout = "0" if i % 2 else "20"
        r = CliRunner().invoke(cli, ["sparql", q, "--timeout", timeout, "-w", str(built_workspace)])
        assert r.exit_code == 4 and "SERVICE" in r.output, (q, r.output)
    rq = tmp_path / "variable-service.rq"
    rq.write_text("#+ summary: a service named by a parameter\n#+ kind: explore\n#+ params: x\n" + VARIABLE)
    r = CliRunner().invoke(cli, ["sparql", "-f", str(rq), "--param", f"x=<http://127.0.0.1:{port}/x>",
                                 "--timeout", "0", "-w", str(built_workspace)])
    assert r.exit_code == 4 and "SERVICE" in r.output, r.output
    p = cigraph("sparql", corpus(srv)[0], "-w", built_workspace)      # the real entry point
    assert_clean_failure(p, 4, says="SERVICE")
    assert hits == []


def test_ssrf_service_refused_by_the_python_api(built_workspace, listener):
    from cigraph.dataset import open_dataset
    from cigraph.sparql import QueryRefused, run_sparql

    srv, hits = listener
    hits.clear()
    port = srv.server_address[1]
    ds = open_dataset(built_workspace)
    for q in corpus(srv):
        with pytest.raises(QueryRefused):
            run_sparql(ds, q)
        with pytest.raises(QueryRefused):
            ds.query(q)
        with pytest.raises(QueryRefused):
            ds.query(q, raw=True)
    with pytest.raises(QueryRefused):
        run_sparql(ds, VARIABLE, params={"x": f"http://127.0.0.1:{port}/x"})
    with pytest.raises(QueryRefused):
        ds.query(VARIABLE, bindings={"x": f"http://127.0.0.1:{port}/x"})
    assert hits == []


def test_ssrf_unreadable_to_the_gate_is_refused(endpoint, listener, built_workspace):
    """Queries in syntax only Oxigraph reads (SPARQL 1.2 LATERAL, TRIPLE()): each reaches the listener on
    plain pyoxigraph; cigraph cannot check them, so it refuses them, saying why."""
    import pyoxigraph as ox

    from cigraph.dataset import open_dataset
    from cigraph.sparql import QueryRefused, _parse_tree

    srv, hits = listener
    _, url = endpoint
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o")))
    ds = open_dataset(built_workspace)
    for q in corpus(srv, UNREADABLE):
        assert _parse_tree(q) is None, "rdflib reads it now: move it to CORPUS"
        hits.clear()
        try:
            list(store.query(q))
        except OSError:
            pass
        assert hits, f"does not reach the listener on pyoxigraph: {q}"
        hits.clear()
        status, body = _request(url, path="/sparql?" + urllib.parse.urlencode({"query": q}))
        assert status == 403 and "could not check" in body, body
        with pytest.raises(QueryRefused, match="could not check"):
            ds.query(q)
        p = cigraph("sparql", q, "-w", built_workspace)
        assert_clean_failure(p, 4, says="could not check")
        assert hits == []


def test_service_as_a_plain_word_is_answered(endpoint, built_workspace):
    """The gate reads the parsed query: the word in a string, a name or a comment is no SERVICE."""
    from cigraph.dataset import open_dataset

    _, url = endpoint
    ds = open_dataset(built_workspace)
    for q in NOT_SERVICE:
        status, body = _request(url, path="/sparql?" + urllib.parse.urlencode({"query": q}))
        assert status == 200, (q, body)
        ds.query(q)


# -- 14.6 idle and slow connections -----------------------------------------------------------------

def _closed_by_server(sock, within: float = 30.0) -> bool:
    sock.settimeout(within)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except TimeoutError:
        return False


def test_idle_connection_is_closed_by_the_server(endpoint):
    _, url = endpoint
    port = urllib.parse.urlsplit(url).port
    with socket.create_connection(("127.0.0.1", port)) as s:
        assert _closed_by_server(s)                           # read timeout 1 s; we wait up to 30 s
    with socket.create_connection(("127.0.0.1", port)) as s:  # half a request line, then silence
        s.sendall(b"GET /sparql?query=ASK")
        assert _closed_by_server(s)


def test_slow_clients_do_not_exhaust_the_server(endpoint):
    _, url = endpoint
    port = urllib.parse.urlsplit(url).port
    slow = []
    for i in range(12):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nquery=" if i % 2 else b"GET /")
        slow.append(s)
    try:
        status, body = _request(url, path="/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
        assert status == 200 and '"boolean":true' in body.replace(" ", "")
        assert all(_closed_by_server(s) for s in slow)
    finally:
        for s in slow:
            s.close()


def test_too_many_connections_get_503_then_recover(built_workspace):
    from cigraph.server import start_in_thread

    srv, thread, url = start_in_thread(built_workspace, port=0, timeout=10, workers=1, read_timeout=1.0,
                                       max_connections=3)
    port = srv.server_address[1]
    try:
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        time.sleep(0.2)  # let the server accept them (not a timing assertion)
        status, body = _request(url, path="/sparql?query=ASK%7B%7D")
        assert status == 503 and "too many open connections" in body
        assert all(_closed_by_server(s) for s in idle)
        for s in idle:
            s.close()
        for _ in range(50):  # the slots come back once the handler threads end
            status, _ = _request(url, path="/sparql?query=ASK%7B%7D")
            if status == 200:
                break
            time.sleep(0.1)
        assert status == 200
    finally:
        srv.shutdown()
        srv.server_close()


# -- 14.11 bad IRIs, chunked bodies -------------------------------------------------------------------

BAD_IRIS = ["", "not an iri", "relative/path", "http://exa mple.org/g", "<https://w3id.org/cigraph/graph/data>"]


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("bad", BAD_IRIS)
def test_bad_graph_iri_is_400(endpoint, param, bad):
    _, url = endpoint
    q = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", param: bad})
    status, body = _request(url, path="/sparql?" + q)
    assert status == 400 and param in body and "absolute IRI" in body, body
    assert "Traceback" not in body


@pytest.mark.parametrize("value", ["<not an iri>", "<https://exa mple.org/x>", "http://exa mple.org/x"])
def test_bad_param_iri_exits_4(built_workspace, value):
    p = cigraph("sparql", "facts-about", "--param", f"entity={value}", "-w", built_workspace)
    assert_clean_failure(p, 4, says="is not a valid IRI")
    assert "entity" in p.stderr


def _raw(port: int, data: bytes, *, wait_for: int = 1) -> list[bytes]:
    """Send raw bytes on one connection; the answers read until the server closes or `wait_for` came."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(data)
        buf = b""
        while buf.count(b"HTTP/1.1 ") < wait_for or not _complete(buf, wait_for):
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
    return [b"HTTP/1.1 " + part for part in buf.split(b"HTTP/1.1 ")[1:]]


def _complete(buf: bytes, n: int) -> bool:
    parts = buf.split(b"HTTP/1.1 ")[1:]
    if len(parts) < n:
        return False
    last = parts[n - 1]
    head, sep, body = last.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return True


def test_chunked_post_is_answered_and_the_next_request_too(endpoint):
    _, url = endpoint
    port = urllib.parse.urlsplit(url).port
    q = b"ASK { ?s ?p ?o }"
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(q[i:i + 5]), q[i:i + 5]) for i in range(0, len(q), 5)) + b"0\r\n\r\n"
    req = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n" + chunked +
           b"GET /sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D&format=csv HTTP/1.1\r\nHost: x\r\n\r\n")
    answers = _raw(port, req, wait_for=2)
    assert len(answers) == 2, answers
    assert answers[0].startswith(b"HTTP/1.1 200") and b'"boolean":true' in answers[0].replace(b" ", b"")
    assert answers[1].startswith(b"HTTP/1.1 200") and b"text/csv" in answers[1] and answers[1].endswith(b"true")


@pytest.mark.parametrize("body", [b"zz\r\nASK {}\r\n0\r\n\r\n",          # not a hex size
                                  b"-5\r\nASK {}\r\n0\r\n\r\n",           # negative
                                  b"3\r\nASK {}\r\n0\r\n\r\n"])           # longer than announced
def test_malformed_chunked_body_is_400_and_closes(endpoint, body):
    _, url = endpoint
    port = urllib.parse.urlsplit(url).port
    smuggled = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n"
    req = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n" + body + smuggled)
    answers = _raw(port, req, wait_for=2)
    assert answers and answers[0].startswith(b"HTTP/1.1 400"), answers
    assert b"chunked" in answers[0] and b"Connection: close" in answers[0]
    assert len(answers) == 1, "a request smuggled after a bad body must not be answered"


def test_truncated_chunked_body_is_never_answered_as_a_request(endpoint):
    """A chunk announcing more bytes than come: the server waits (read timeout), then closes;
    the bytes it swallowed are never read as a request."""
    _, url = endpoint
    port = urllib.parse.urlsplit(url).port
    smuggled = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n"
    req = (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n100\r\nASK {}\r\n" + smuggled)
    assert _raw(port, req, wait_for=1) == []


def test_other_transfer_encodings_are_411(endpoint):
    _, url = endpoint
    port = urllib.parse.urlsplit(url).port
    answers = _raw(port, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
    assert answers and answers[0].startswith(b"HTTP/1.1 411"), answers


def test_a_body_on_get_does_not_desync(endpoint):
    _, url = endpoint
    port = urllib.parse.urlsplit(url).port
    smuggled = b"GET /store?default HTTP/1.1\r\nHost: x\r\n\r\n"
    req = (b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nContent-Length: "
           + str(len(smuggled)).encode() + b"\r\n\r\n" + smuggled)
    answers = _raw(port, req, wait_for=1)
    assert len(answers) == 1 and answers[0].startswith(b"HTTP/1.1 200") and b"boolean" in answers[0]


def test_conflicting_content_lengths_are_400(endpoint):
    _, url = endpoint
    port = urllib.parse.urlsplit(url).port
    answers = _raw(port, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: 6\r\nContent-Length: 60\r\n\r\nASK {}")
    assert answers and answers[0].startswith(b"HTTP/1.1 400") and b"Content-Length" in answers[0]


def test_no_request_gets_a_traceback(endpoint, capfd):
    """A walk over odd requests: never a 500, never a traceback in the server's output."""
    _, url = endpoint
    port = urllib.parse.urlsplit(url).port
    odd = [b"GET /sparql?query=%ZZ%00 HTTP/1.1\r\nHost: x\r\n\r\n",
           b"GET /sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1").encode()
           + b"&default-graph-uri=%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n",
           b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 2\r\n\r\n\xff\xfe",
           b"GET /assets/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
           b"GET /store?graph=%00 HTTP/1.1\r\nHost: x\r\n\r\n",
           b"BREW /sparql HTTP/1.1\r\nHost: x\r\n\r\n",
           b"GET / HTTP/9.9\r\nHost: x\r\n\r\n"]
    for req in odd:
        answers = _raw(port, req)
        assert answers, req
        status = int(answers[0].split(b" ")[1])
        assert 400 <= status < 500 or status in (200, 501, 505), (req, answers[0][:200])
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


# -- 14.15 result size -------------------------------------------------------------------------------

_MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.slow
def test_large_answers_stream_with_bounded_memory(built_workspace, tmp_path):
    """`cigraph sparql --format csv`: ten times the rows, about the same peak memory (the largest of
    the command and its worker process, measured by the kernel). Before: 216 k rows took 369 MB."""
    import subprocess
    import sys

    q = "SELECT ?s ?t WHERE { ?s ?p ?o . ?t a owl:Class }"   # ~200 k rows on the case studies

    def peak_kb(rows: int) -> int:
        out = tmp_path / f"rows-{rows}.csv"
        p = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "cigraph", "sparql", q,
                            "--format", "csv", "--limit", str(rows), "--timeout", "600", "-o", str(out),
                            "-w", str(built_workspace)], capture_output=True, text=True, timeout=900)
        assert p.returncode == 0, p.stderr
        assert sum(1 for _ in out.open()) == rows + 1
        return int(p.stdout.strip())

    small, large = peak_kb(10_000), peak_kb(100_000)
    assert large - small < 40 * 1024, f"peak memory grew with the answer: {small} kB -> {large} kB"
