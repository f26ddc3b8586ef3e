"""`cigraph serve`: the SPARQL 1.1 Protocol endpoint, queried with a real client (SPARQLWrapper)
and with plain HTTP for the status codes. The server runs on a free loopback port for this
module only and is shut down at the end."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
YPI = "https://w3id.org/cigraph/id/org-youth-policy-institute"
INITIATIVES = "SELECT ?i ?name WHERE { ?i a ci:Initiative ; ci:name ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def endpoint(workspace):
    from cigraph.server import start_in_thread

    srv, thread, url = start_in_thread(workspace, port=0, timeout=1.5, max_rows=5, workers=2)
    yield url
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)
    assert not thread.is_alive()


def http(url, *, method="GET", data=None, headers=None):
    """(status, headers, body) without raising on 4xx/5xx."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def get(endpoint, query, **params):
    return http(endpoint + "sparql?" + urllib.parse.urlencode({"query": query, **params}))


def wrapper(endpoint, query, fmt, method="GET"):
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(endpoint + "sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw.query()


def test_binds_loopback(endpoint):
    assert endpoint.startswith("http://127.0.0.1:")


# -- every result format, with a real client ------------------------------------------------------

@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_json(endpoint, method):
    from SPARQLWrapper import JSON

    res = wrapper(endpoint, "SELECT ?b WHERE { cgd:lapz ci:hasBackbone ?b } ORDER BY ?b", JSON, method)
    assert res.response.headers["Content-Type"].startswith("application/sparql-results+json")
    data = res.convert()
    assert [b["b"]["value"] for b in data["results"]["bindings"]] == [YPI]


def test_select_xml(endpoint):
    from SPARQLWrapper import XML

    res = wrapper(endpoint, "SELECT ?b WHERE { cgd:lapz ci:hasBackbone ?b } ORDER BY ?b", XML)
    assert res.response.headers["Content-Type"].startswith("application/sparql-results+xml")
    doc = res.convert()
    assert [u.firstChild.data for u in doc.getElementsByTagName("uri")] == [YPI]


@pytest.mark.parametrize("fmt,mime,sep", [("csv", "text/csv", ","), ("tsv", "text/tab-separated-values", "\t")])
def test_select_csv_tsv(endpoint, fmt, mime, sep):
    from SPARQLWrapper import CSV, TSV

    res = wrapper(endpoint, "SELECT ?b ?n WHERE { cgd:lapz ci:hasBackbone ?b . ?b ci:name ?n } ORDER BY ?b",
                  CSV if fmt == "csv" else TSV)
    assert res.response.headers["Content-Type"].startswith(mime)
    lines = res.convert().decode("utf-8").splitlines()
    assert len(lines) == 2
    assert lines[1].split(sep)[1].strip('"') == "Youth Policy Institute"


def test_ask(endpoint):
    from SPARQLWrapper import JSON, XML

    assert wrapper(endpoint, f"ASK {{ cgd:lapz ci:hasBackbone <{YPI}> }}", JSON).convert()["boolean"] is True
    doc = wrapper(endpoint, "ASK { cgd:lapz ci:hasBackbone cgd:lapz }", XML).convert()
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "false"


def test_construct_turtle_ntriples_rdfxml_jsonld(endpoint):
    import pyoxigraph as ox
    from SPARQLWrapper import JSONLD, N3, TURTLE, XML

    q = "CONSTRUCT { ?i ci:hasBackbone ?b } WHERE { ?i ci:hasBackbone ?b }"
    res = wrapper(endpoint, q, TURTLE)
    assert res.response.headers["Content-Type"].startswith("text/turtle")
    assert len(list(ox.parse(res.convert(), ox.RdfFormat.TURTLE))) == 5  # max-rows 5 of 6
    assert res.response.headers["X-Cigraph-Truncated"] == "true; max-rows=5"
    g = wrapper(endpoint, q, XML).convert()                                  # RDF/XML, parsed by rdflib
    assert len(g) == 5
    assert len(wrapper(endpoint, q, JSONLD).convert()) == 5
    status, headers, body = http(endpoint + "sparql?" + urllib.parse.urlencode({"query": q}),
                                 headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(body.decode().strip().splitlines()) == 5
    assert wrapper(endpoint, "DESCRIBE cgd:lapz", N3).response.status == 200


def test_rdflib_sparqlstore_client(endpoint):
    """A second client: rdflib's SPARQLStore (GET, SPARQL XML results)."""
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(endpoint + "sparql"))
    rows = list(g.query("SELECT ?b WHERE { <https://w3id.org/cigraph/id/lapz> "
                        "<https://w3id.org/cigraph#hasBackbone> ?b }"))
    assert rows == [(URIRef(YPI),)]


def test_post_sparql_query_body_and_form(endpoint):
    status, headers, body = http(endpoint + "sparql", method="POST", data=INITIATIVES.encode(),
                                 headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and body.decode().splitlines()[1].endswith("Dufferin County Equity Collaborative")
    form = urllib.parse.urlencode({"query": INITIATIVES}).encode()
    status, headers, body = http(endpoint + "sparql", method="POST", data=form,
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          "Accept": "application/sparql-results+json"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5


def test_content_negotiation_by_q_value(endpoint):
    status, headers, _ = http(endpoint + "sparql?" + urllib.parse.urlencode({"query": COUNT}),
                              headers={"Accept": "text/csv;q=0.4, application/sparql-results+xml;q=0.9"})
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")


def test_text_table_for_browsers(endpoint):
    status, headers, body = get(endpoint, INITIATIVES, format="table")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "Dufferin County Equity Collaborative" in body.decode() and "cut at the limit of 5" in body.decode()


def test_dataset_parameters(endpoint):
    """default-graph-uri picks the default graph (instead of the union of all graphs)."""
    q = "SELECT (COUNT(?i) AS ?n) WHERE { ?i a ci:Initiative }"
    union = json.loads(get(endpoint, q)[2])["results"]["bindings"][0]["n"]["value"]
    ontology = json.loads(get(endpoint, q, **{"default-graph-uri": "https://w3id.org/cigraph/graph/ontology"})[2])
    assert union == "8" and ontology["results"]["bindings"][0]["n"]["value"] == "0"


def test_result_size_limit(endpoint):
    status, headers, body = get(endpoint, INITIATIVES)
    assert status == 200 and headers["X-Cigraph-Truncated"] == "true; max-rows=5"
    assert len(json.loads(body)["results"]["bindings"]) == 5
    status, headers, _ = get(endpoint, COUNT)
    assert "X-Cigraph-Truncated" not in headers


# -- errors --------------------------------------------------------------------------------------

def test_syntax_error_is_400_with_line_and_column(endpoint):
    status, headers, body = get(endpoint, "SELECT ?s\nWHERE { ?s ?p }")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert "line 2, column" in body.decode()


def test_missing_query_is_400(endpoint):
    status, _, body = http(endpoint + "sparql")
    assert status == 400 and "query" in body.decode()


def test_time_limit(endpoint):
    t = time.perf_counter()
    status, headers, body = get(endpoint, SLOW)
    took = time.perf_counter() - t
    assert status == 503 and "time limit of 1.5 s" in body.decode()
    assert 1.4 < took < 10
    # the killed worker was replaced: the endpoint keeps answering
    status, _, body = get(endpoint, COUNT)
    assert status == 200


def test_a_slow_query_does_not_hold_up_the_others(endpoint):
    slow = threading.Thread(target=get, args=(endpoint, SLOW))
    slow.start()
    time.sleep(0.2)
    t = time.perf_counter()
    status, _, _ = get(endpoint, COUNT)
    assert status == 200 and time.perf_counter() - t < 1.0
    slow.join(timeout=15)


# -- read-only, enforced ---------------------------------------------------------------------------

def _count(endpoint) -> int:
    return int(json.loads(get(endpoint, COUNT)[2])["results"]["bindings"][0]["n"]["value"])


def test_updates_are_refused(endpoint):
    from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper

    before = _count(endpoint)
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    # SPARQLWrapper sends an update as update=… (form) or as an application/sparql-update body
    for req_method in (None, POSTDIRECTLY):
        sw = SPARQLWrapper(endpoint + "sparql", updateEndpoint=endpoint + "sparql")
        sw.setMethod(POST)
        if req_method:
            sw.setRequestMethod(req_method)
        sw.setQuery(update)
        with pytest.raises(urllib.error.HTTPError) as e:
            sw.query()
        assert e.value.code == 403 and b"read-only" in e.value.read()
    # update= in the URL, update text sent as a query, DELETE/CLEAR/LOAD forms
    assert http(endpoint + "sparql?" + urllib.parse.urlencode({"update": update}))[0] == 403
    for text in (update, "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "LOAD <http://example.org/x.ttl>",
                 "PREFIX ex: <http://example.org/>\n# a comment\nDROP GRAPH ex:g"):
        status, _, body = http(endpoint + "sparql", method="POST", data=text.encode(),
                               headers={"Content-Type": "application/sparql-query"})
        assert status == 403, text
    status, _, _ = http(endpoint + "sparql", method="POST", data=update.encode(),
                        headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    assert _count(endpoint) == before


def test_federated_queries_are_refused(endpoint):
    """SERVICE would make the server fetch a URL for whoever asks (any web page, with CORS open)."""
    import http.server

    hits = []

    class Spy(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    spy = http.server.HTTPServer(("127.0.0.1", 0), Spy)
    t = threading.Thread(target=spy.serve_forever, daemon=True)
    t.start()
    try:
        target = f"http://127.0.0.1:{spy.server_address[1]}/sparql"
        for q in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                  f"select * where {{ service silent<{target}>{{ ?s ?p ?o }} }}"):
            status, _, body = get(endpoint, q)
            assert status == 403 and b"SERVICE" in body
        # the word in a string or a variable name is fine
        status, _, _ = get(endpoint, 'SELECT ?service WHERE { BIND("SERVICE <x>" AS ?service) }')
        assert status == 200
        assert hits == []
    finally:
        spy.shutdown()
        spy.server_close()


@pytest.mark.parametrize("method,path", [
    ("PUT", "store?default"), ("POST", "store?graph=http://example.org/g"), ("DELETE", "store?default"),
    ("PUT", "sparql?graph=http://example.org/g"), ("POST", "sparql?default"), ("PATCH", "sparql"),
    ("DELETE", "sparql"), ("POST", "data"),
])
def test_graph_store_writes_are_refused(endpoint, method, path):
    before = _count(endpoint)
    status, headers, body = http(endpoint + path, method=method,
                                 data=b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .",
                                 headers={"Content-Type": "text/turtle"})
    assert status == 405 and "read-only" in body.decode()
    assert "PUT" not in headers["Allow"] and "DELETE" not in headers["Allow"]
    assert _count(endpoint) == before


# -- CORS and the HTML page ----------------------------------------------------------------------------

def test_cors(endpoint):
    status, headers, _ = get(endpoint, COUNT)
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = http(endpoint + "sparql", method="OPTIONS",
                              headers={"Origin": "http://yasgui.example", "Access-Control-Request-Method": "POST",
                                       "Access-Control-Request-Headers": "content-type"})
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
    status, headers, _ = http(endpoint + "sparql", method="OPTIONS",
                              headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "GET",
                                       "Access-Control-Request-Private-Network": "true"})
    assert headers["Access-Control-Allow-Private-Network"] == "true"
    # errors carry CORS too, so a browser client can read the message
    assert get(endpoint, "SELECT")[1]["Access-Control-Allow-Origin"] == "*"


def test_html_page_lists_examples_escaped(endpoint):
    from cigraph.queries import QueryLibrary

    status, headers, body = http(endpoint)
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for q in QueryLibrary().all("sparql"):
        assert f"<strong>{q.id}</strong>" in page
    # query text is shown escaped: IRIs in angle brackets never appear raw
    assert "&lt;https://w3id.org/cigraph/graph/data&gt;" in page
    assert "<https://w3id.org/cigraph/graph/data>" not in page
    assert endpoint + "sparql" in page


def test_endpoint_follows_a_rebuilt_workspace(tmp_path):
    """After `cigraph build` publishes a new build, the running endpoint answers from it."""
    from cigraph.build import build
    from cigraph.resources import data_dir
    from cigraph.server import start_in_thread
    from cigraph.settings import Settings

    ws = tmp_path / "ws"
    build(Settings(data_dirs=(data_dir(),), workspace=ws), validate_data=False)
    srv, thread, url = start_in_thread(ws, port=0, timeout=10, workers=1)
    try:
        q = "SELECT ?n WHERE { cgd:test-new ci:name ?n } ORDER BY ?n"
        assert json.loads(get(url, q)[2])["results"]["bindings"] == []
        extra = tmp_path / "extra.ttl"
        extra.write_text('@prefix ci: <https://w3id.org/cigraph#> . @prefix cgd: <https://w3id.org/cigraph/id/> .\n'
                         'cgd:test-new a ci:Organization ; ci:name "New" .\n')
        build(Settings(data_dirs=(data_dir(), extra), workspace=ws), validate_data=False)
        rows = json.loads(get(url, q)[2])["results"]["bindings"]
        assert [r["n"]["value"] for r in rows] == ["New"]
    finally:
        srv.shutdown()
        srv.server_close()
