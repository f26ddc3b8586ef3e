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
from casestudies import initiative_count

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
YPI = "https://w3id.org/cigraph/id/org-youth-policy-institute"
INITIATIVES = "SELECT ?i ?name WHERE { ?i a ci:Initiative ; ci:name ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def endpoint(workspace):
    from cigraph.server import start_in_thread

    srv, thread, url = start_in_thread(workspace, port=0, timeout=30, max_rows=5, workers=2)
    yield url
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)
    assert not thread.is_alive()


@pytest.fixture(scope="module")
def limited(workspace):
    """An endpoint with a short time limit, for the time-limit tests only (a loaded machine must not
    make the other tests' queries hit it)."""
    from cigraph.server import start_in_thread

    srv, thread, url = start_in_thread(workspace, port=0, timeout=1.5, max_rows=5, workers=2)
    yield url
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


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


GRAPH_DATA = "https://w3id.org/cigraph/graph/data"
GRAPH_ONTOLOGY = "https://w3id.org/cigraph/graph/ontology"
ALL_GRAPHS = sorted("https://w3id.org/cigraph/graph/" + g for g in ("data", "derived", "entailed", "ontology"))


def _values(body, var):
    return [b[var]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_dataset_parameters(endpoint):
    """default-graph-uri picks the default graph (instead of the union of all graphs)."""
    q = "SELECT (COUNT(?i) AS ?n) WHERE { ?i a ci:Initiative }"
    union = json.loads(get(endpoint, q)[2])["results"]["bindings"][0]["n"]["value"]
    ontology = json.loads(get(endpoint, q, **{"default-graph-uri": GRAPH_ONTOLOGY})[2])
    assert union == str(initiative_count()) and ontology["results"]["bindings"][0]["n"]["value"] == "0"


def test_dataset_from_and_from_named_narrow_the_dataset(endpoint, workspace):
    """SPARQL 1.1 section 13: FROM makes the default graph, FROM NAMED the named graphs (and nothing else)."""
    import pyoxigraph as ox

    from cigraph.dataset import open_dataset

    store = open_dataset(workspace).store
    in_data = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_DATA)))
    in_all = len(set(q.triple for q in store))
    count = "SELECT (COUNT(*) AS ?c) {from} WHERE {{ ?s ?p ?o }}"
    assert _values(get(endpoint, count.format(**{"from": ""}))[2], "c") == [str(in_all)]
    assert _values(get(endpoint, count.format(**{"from": f"FROM <{GRAPH_DATA}>"}))[2], "c") == [str(in_data)]
    assert in_data < in_all
    graphs = "SELECT DISTINCT ?g {from} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g"
    assert _values(get(endpoint, graphs.format(**{"from": ""}))[2], "g") == ALL_GRAPHS
    assert _values(get(endpoint, graphs.format(**{"from": f"FROM <{GRAPH_DATA}>"}))[2], "g") == []
    assert _values(get(endpoint, graphs.format(**{"from": f"FROM NAMED <{GRAPH_ONTOLOGY}>"}))[2], "g") \
        == [GRAPH_ONTOLOGY]
    # FROM NAMED only: the default graph is empty
    assert _values(get(endpoint, count.format(**{"from": f"FROM NAMED <{GRAPH_DATA}>"}))[2], "c") == ["0"]


def test_protocol_dataset_overrides_the_query(endpoint, workspace):
    """default-graph-uri / named-graph-uri (SPARQL 1.1 Protocol 2.1.4) win over FROM, and GRAPH ?g sees
    only the named-graph-uri graphs."""
    import pyoxigraph as ox

    from cigraph.dataset import open_dataset

    store = open_dataset(workspace).store
    in_onto = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_ONTOLOGY)))
    q = f"SELECT (COUNT(*) AS ?c) FROM <{GRAPH_DATA}> WHERE {{ ?s ?p ?o }}"
    assert _values(get(endpoint, q, **{"default-graph-uri": GRAPH_ONTOLOGY})[2], "c") == [str(in_onto)]
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    assert _values(get(endpoint, graphs, **{"default-graph-uri": GRAPH_DATA})[2], "g") == []
    assert _values(get(endpoint, graphs, **{"named-graph-uri": GRAPH_DATA})[2], "g") == [GRAPH_DATA]
    both = urllib.parse.urlencode([("query", graphs), ("named-graph-uri", GRAPH_DATA),
                                   ("named-graph-uri", GRAPH_ONTOLOGY)])
    assert _values(http(endpoint + "sparql?" + both)[2], "g") == sorted([GRAPH_DATA, GRAPH_ONTOLOGY])
    # the same through a real client: SPARQLWrapper's addDefaultGraph / addNamedGraph
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(endpoint + "sparql")
    sw.addNamedGraph(GRAPH_ONTOLOGY)
    sw.setQuery(graphs)
    sw.setReturnFormat(JSON)
    assert [b["g"]["value"] for b in sw.query().convert()["results"]["bindings"]] == [GRAPH_ONTOLOGY]


def test_select_star_keeps_the_query_order_of_variables(endpoint):
    from SPARQLWrapper import JSON

    q = "SELECT * WHERE { ?zeta ci:hasBackbone ?alpha . ?alpha ci:name ?middle } ORDER BY ?zeta LIMIT 1"
    res = wrapper(endpoint, q, JSON).convert()
    assert res["head"]["vars"] == ["zeta", "alpha", "middle"]
    status, _, body = get(endpoint, q, format="csv")
    assert body.decode().splitlines()[0] == "zeta,alpha,middle"


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


def test_service_description(endpoint, workspace):
    """GET /sparql with no query: an sd:Service document, as Fuseki and Oxigraph serve."""
    import rdflib
    from rdflib.namespace import Namespace

    SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
    VOID = Namespace("http://rdfs.org/ns/void#")
    for accept, fmt in (("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/n-triples", "nt"),
                        ("application/ld+json", "json-ld"), (None, "turtle")):
        status, headers, body = http(endpoint + "sparql", headers={"Accept": accept} if accept else {})
        assert status == 200, body
        g = rdflib.Graph().parse(data=body, format=fmt)
        svc = rdflib.URIRef(endpoint + "sparql")
        assert (svc, rdflib.RDF.type, SD.Service) in g
        assert (svc, SD.endpoint, svc) in g
        assert (svc, SD.supportedLanguage, SD.SPARQL11Query) in g
        assert (svc, SD.feature, SD.UnionDefaultGraph) in g
        formats = {str(o).rsplit("/", 1)[1] for o in g.objects(svc, SD.resultFormat)}
        assert {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "Turtle"} <= formats
        names = sorted(str(n) for n in g.objects(None, SD.name))
        assert names == ALL_GRAPHS
    # the counts are the store's
    import pyoxigraph as ox

    from cigraph.dataset import open_dataset

    store = open_dataset(workspace).store
    rows = g.query("""PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
        PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?name ?n WHERE { ?ng sd:name ?name ; sd:graph [ void:triples ?n ] }""")
    for name, n in rows:
        assert int(n) == sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))
    assert VOID.triples in set(g.predicates())


def test_service_description_from_a_browser_goes_to_the_page(endpoint):
    req = urllib.request.Request(endpoint + "sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    with urllib.request.urlopen(req, timeout=20) as r:      # follows the 303
        assert r.url == endpoint and r.headers["Content-Type"].startswith("text/html")


# -- Graph Store Protocol, read side ---------------------------------------------------------------

@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")])
def test_graph_store_get_a_named_graph(endpoint, workspace, accept, fmt):
    import pyoxigraph as ox
    import rdflib
    from rdflib.compare import isomorphic

    from cigraph.dataset import open_dataset

    status, headers, body = http(endpoint + "store?" + urllib.parse.urlencode({"graph": GRAPH_ONTOLOGY}),
                                 headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    got = rdflib.Graph().parse(data=body, format=fmt)
    store = open_dataset(workspace).store
    want = rdflib.Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES,
                                                from_graph=ox.NamedNode(GRAPH_ONTOLOGY)), format="nt")
    assert isomorphic(got, want)


def test_graph_store_get_the_default_graph_is_the_union(endpoint, workspace):
    import rdflib

    from cigraph.dataset import open_dataset

    status, headers, body = http(endpoint + "store?default", headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Transfer-Encoding"] == "chunked"
    got = rdflib.Graph().parse(data=body, format="nt")
    assert len(got) == len(set(q.triple for q in open_dataset(workspace).store))
    # rdflib's own Graph Store client reads it too
    from rdflib.plugins.stores.sparqlstore import SPARQLStore  # noqa: F401 - (query side tested above)
    status, _, _ = http(endpoint + "store?default", method="HEAD")
    assert status == 200


@pytest.mark.parametrize("path,code", [("store", 400), ("store?default&graph=https://x/g", 400),
                                       ("store?graph=not%20an%20iri", 400),
                                       ("store?graph=https://example.org/nothing-here", 404)])
def test_graph_store_bad_requests(endpoint, path, code):
    status, _, body = http(endpoint + path)
    assert status == code and body.decode().strip(), body


def test_time_limit(limited):
    endpoint = limited
    t = time.perf_counter()
    status, headers, body = get(endpoint, SLOW)
    took = time.perf_counter() - t
    assert status == 503 and "time limit of 1.5 s" in body.decode()
    assert took >= 1.4  # it was stopped at the limit, not refused up front
    # the killed worker was replaced: the endpoint keeps answering
    status, _, body = get(endpoint, COUNT)
    assert status == 200


def test_a_slow_query_does_not_hold_up_the_others(workspace):
    """While one worker runs a query until its limit, the other answers: the quick query's answer
    comes back while the slow one is still running (an order of events, not a time)."""
    from cigraph.server import start_in_thread

    srv, thread, url = start_in_thread(workspace, port=0, timeout=6, workers=2)
    answers = []
    try:
        slow = threading.Thread(target=lambda: answers.append(get(url, SLOW)[0]))
        slow.start()
        time.sleep(0.3)
        status, _, _ = get(url, COUNT)
        assert status == 200 and slow.is_alive() and answers == []
        slow.join(timeout=30)
        assert answers == [503]
    finally:
        srv.shutdown()
        srv.server_close()


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
    """SERVICE is refused (403); the full corpus, with a listener, is in tests/faults/test_endpoint.py."""
    for q in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
              "select * where { ?s ?p ?o .service silent<http://127.0.0.1:9/>{ ?s ?p ?o } }"):
        status, _, body = get(endpoint, q)
        assert status == 403 and b"SERVICE" in body
    status, _, _ = get(endpoint, 'SELECT ?service WHERE { BIND("SERVICE <x>" AS ?service) }')
    assert status == 200


# -- status codes --------------------------------------------------------------------------------

def test_two_query_parameters_are_400(endpoint):
    status, _, body = http(endpoint + "sparql?" + urllib.parse.urlencode([("query", COUNT), ("query", COUNT)]))
    assert status == 400 and b"exactly one query" in body
    status, _, body = http(endpoint + "sparql?" + urllib.parse.urlencode({"query": COUNT}), method="POST",
                           data=COUNT.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 400


def test_unservable_accept_is_406(endpoint):
    for accept in ("image/png", "application/pdf, text/html"):
        status, headers, body = http(endpoint + "sparql?" + urllib.parse.urlencode({"query": COUNT}),
                                     headers={"Accept": accept})
        assert status == 406 and b"application/sparql-results+json" in body
    # a wildcard, or one type we serve among others, is fine
    for accept in ("*/*", "image/png, text/csv;q=0.1", "application/*"):
        status, _, _ = http(endpoint + "sparql?" + urllib.parse.urlencode({"query": COUNT}),
                            headers={"Accept": accept})
        assert status == 200, accept


def test_fuzzed_requests_never_get_a_500(endpoint, capfd):
    """Random parameters, bodies and headers (hypothesis): the answer is never a 5xx other than a
    time limit (503), and the server prints no traceback."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    keys = st.sampled_from(["query", "default-graph-uri", "named-graph-uri", "format", "output", "update",
                            "graph", "default", "timeout", "x"])
    values = st.one_of(st.sampled_from([COUNT, INITIATIVES, "ASK {}", "DESCRIBE cgd:lapz", "", "SELECT",
                                        "https://w3id.org/cigraph/graph/data", "json", "csv", "turtle",
                                        "<https://x>", "CLEAR ALL", "SELECT * WHERE { SERVICE ?x {} }"]),
                       st.text(max_size=40))
    params = st.lists(st.tuples(keys, values), max_size=5)
    accepts = st.one_of(st.none(), st.sampled_from(["*/*", "text/csv", "image/png", "text/turtle;q=0",
                                                    "application/sparql-results+json;q=abc", ",,;", ""]),
                        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=20))
    how = st.sampled_from(["GET", "POST form", "POST body", "HEAD", "POST store"])

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(params, accepts, how)
    def one(ps, accept, method):
        headers = {} if accept is None else {"Accept": accept.replace("\n", " ").replace("\r", " ")}
        try:
            qs = urllib.parse.urlencode(ps)
        except UnicodeEncodeError:
            return
        if method == "GET" or method == "HEAD":
            status, _, body = http(endpoint + "sparql?" + qs, method=method, headers=headers)
        elif method == "POST form":
            status, _, body = http(endpoint + "sparql", method="POST", data=qs.encode(),
                                   headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
        elif method == "POST body":
            text = next((v for k, v in ps if k == "query"), "")
            status, _, body = http(endpoint + "sparql?" + qs, method="POST", data=text.encode("utf-8", "replace"),
                                   headers={**headers, "Content-Type": "application/sparql-query"})
        else:
            status, _, body = http(endpoint + "store?" + qs, headers=headers)
        assert status < 500 or status == 503, (ps, accept, method, status, body)

    one()
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


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


def test_query_page_and_its_assets(endpoint):
    """GET / is the YASGUI page; its assets come from this server (the wheel), never from a CDN."""
    import re

    from cigraph.queries import QueryLibrary

    status, headers, body = http(endpoint)
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    srcs = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert srcs and all(s.startswith("/") or s.startswith("data:") for s in srcs), srcs
    for s in srcs:
        if s.startswith("/assets/"):
            status, headers, data = http(endpoint + s[1:])
            assert status == 200 and len(data) > 0, s
    config = json.loads(re.search(r'<script type="application/json" id="cigraph-config">(.*?)</script>',
                                  page, re.S).group(1))
    assert {q["id"] for q in config["examples"]} == {q.id for q in QueryLibrary().all("sparql")}
    assert config["prefixes"]["ci"] == "https://w3id.org/cigraph#"
    # query texts hold "<" (IRIs): inside the JSON block it is always escaped, so no text can end the script
    block = page.split('id="cigraph-config">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "\\u003c" in block
    assert http(endpoint + "assets/yasgui/LICENSE")[0] == 200
    assert http(endpoint + "assets/../pyproject.toml")[0] == 404
    assert http(endpoint + "assets/nothing.js")[0] == 404


def test_endpoint_follows_a_rebuilt_workspace(tmp_path):
    """After `cigraph build` publishes a new build, the running endpoint answers from it."""
    from cigraph.pipeline import build
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


def test_query_page_assets_pass_biome():
    """The page's own files (not the vendored YASGUI bundle) are lint-clean under the project's Biome."""
    import shutil
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    lint = root / "tools" / "asset-lint"
    biome = lint / "node_modules" / ".bin" / "biome"
    if shutil.which("node") is None or not biome.exists():
        pytest.skip("Biome is not installed: run `make node` (npm ci in tools/asset-lint)")
    files = [root / "cigraph" / "server_assets" / n for n in ("index.html", "page.js", "page.css")]
    r = subprocess.run([str(biome), "lint", f"--config-path={lint}", "--error-on-warnings", "--colors=off",
                        *map(str, files)], capture_output=True, text=True, timeout=120, cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Checked 3 files" in r.stdout + r.stderr
