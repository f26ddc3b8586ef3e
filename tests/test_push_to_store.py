"""tools/push-to-sparql-store.py against real stores on 127.0.0.1.

* `oxigraph serve` (the `oxigraph` PyPI package, a test dependency): every graph of the
  workspace arrives, counted back through the server's own SPARQL endpoint;
* cigraph's own endpoint (read-only): the Graph Store PUT is refused, the tool exits 5
  with a message naming the graph and the HTTP answer.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "push-to-sparql-store.py"


def _tool():
    spec = importlib.util.spec_from_file_location("push_to_sparql_store", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph() -> str | None:
    exe = Path(sys.executable).with_name("oxigraph")
    return str(exe) if exe.exists() else shutil.which("oxigraph")


@pytest.mark.skipif(_oxigraph() is None, reason="the oxigraph server (PyPI `oxigraph`) is not installed")
def test_push_to_oxigraph_server(workspace, tmp_path):
    from cigraph.dataset import GRAPHS, Workspace

    port = _free_port()
    proc = subprocess.Popen([_oxigraph(), "serve", "--location", str(tmp_path / "ox"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        r = subprocess.run([sys.executable, str(TOOL), "--workspace", str(workspace), "--store", base + "/store"],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        ds = Workspace(workspace).open()
        for name, iri in GRAPHS.items():
            q = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"})
            req = urllib.request.Request(f"{base}/query?{q}", headers={"Accept": "application/sparql-results+json"})
            got = json.loads(urllib.request.urlopen(req, timeout=30).read())
            assert int(got["results"]["bindings"][0]["n"]["value"]) == ds.count(iri), name
        # PUT replaces: pushing again leaves the same counts, not twice as many
        r = subprocess.run([sys.executable, str(TOOL), "-w", str(workspace), "--store", base + "/store",
                            "--graphs", "data"], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        q = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{GRAPHS['data']}> {{ ?s ?p ?o }} }}"})
        req = urllib.request.Request(f"{base}/query?{q}", headers={"Accept": "application/sparql-results+json"})
        got = json.loads(urllib.request.urlopen(req, timeout=30).read())
        assert int(got["results"]["bindings"][0]["n"]["value"]) == ds.count(GRAPHS["data"])
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_read_only_endpoint_refuses_the_push(workspace, capsys):
    from cigraph.server import start_in_thread

    server, thread, url = start_in_thread(workspace, port=0)
    try:
        code = _tool().main(["--workspace", str(workspace), "--store", url.rstrip("/") + "/store",
                             "--graphs", "data"])
    finally:
        server.shutdown()
        server.server_close()
    err = capsys.readouterr().err
    assert code == 5, err
    assert "refused graph data" in err and "HTTP 405" in err


def test_credentials_are_refused_in_the_url_and_never_printed(workspace, capsys):
    code = _tool().main(["--workspace", str(workspace), "--store", "http://alice:s3cr%2Ft@127.0.0.1:9/store"])
    err = capsys.readouterr().err
    assert code == 2 and "s3cr" not in err and "SPARQL_STORE_PASSWORD" in err


def test_unreachable_store_is_a_store_error(workspace, capsys):
    code = _tool().main(["--workspace", str(workspace), "--store", f"http://127.0.0.1:{_free_port()}/store",
                         "--graphs", "ontology"])
    assert code == 5 and "cannot reach" in capsys.readouterr().err
