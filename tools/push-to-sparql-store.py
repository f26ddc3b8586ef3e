#!/usr/bin/env python3
"""Push a cigraph workspace to a SPARQL 1.1 store through the Graph Store HTTP Protocol.

    python tools/push-to-sparql-store.py --workspace .cigraph --store http://127.0.0.1:7878/store
    python tools/push-to-sparql-store.py --store https://db.example.org/ds/data --graphs data,derived

Each named graph of the workspace (ontology, data, derived, entailed; or those given
with ``--graphs``) is dumped as N-Triples to a temporary file and sent with
``PUT <store>?graph=<graph IRI>`` (replaces that graph in the store; ``--post``
adds to it instead). This is the protocol's indirect graph identification, which
Oxigraph (``oxigraph serve``: ``/store``), Apache Jena Fuseki (``/DATASET/data``),
GraphDB, Stardog and Virtuoso all implement.

Credentials for HTTP basic authentication come from the environment
(``SPARQL_STORE_USER``, ``SPARQL_STORE_PASSWORD``), never from the command line,
and are never printed. Exit codes as cigraph's: 0 pushed, 2 usage, 5 the workspace
or the store refused (the message says which graph and what the store answered).
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


def _graphs():
    from cigraph.dataset import GRAPHS

    return GRAPHS


def _safe(url: str) -> str:
    """The store URL with any userinfo masked (for messages)."""
    p = urllib.parse.urlsplit(url)
    if p.username or p.password:
        host = p.hostname or ""
        if p.port:
            host += f":{p.port}"
        p = p._replace(netloc=f"***@{host}")
    return urllib.parse.urlunsplit(p)


def push(workspace, store: str, *, graphs=None, method: str = "PUT", timeout: float = 600.0, say=print) -> dict:
    """Send each graph; returns {graph name: (triples, seconds, HTTP status)}. Raises SystemExit(5) on refusal."""
    import pyoxigraph as ox

    from cigraph.dataset import Workspace
    from cigraph.errors import CigraphError

    parts = urllib.parse.urlsplit(store)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SystemExit(_fail(2, f"--store {_safe(store)}: give the store's Graph Store endpoint as an http(s) URL"))
    if parts.username or parts.password:
        raise SystemExit(_fail(2, "--store: put no credentials in the URL; set SPARQL_STORE_USER and "
                                  "SPARQL_STORE_PASSWORD instead"))
    known = _graphs()
    names = list(graphs or known)
    bad = [g for g in names if g not in known]
    if bad:
        raise SystemExit(_fail(2, f"--graphs: unknown graph(s) {', '.join(bad)}; choose from {', '.join(known)}"))
    try:
        ds = Workspace(workspace).open()
    except CigraphError as e:
        raise SystemExit(_fail(5, str(e)))
    headers = {"Content-Type": "application/n-triples"}
    user, pw = os.environ.get("SPARQL_STORE_USER"), os.environ.get("SPARQL_STORE_PASSWORD")
    if user is not None:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{pw or ''}".encode()).decode()
    out = {}
    for name in names:
        iri = known[name]
        with tempfile.NamedTemporaryFile(suffix=".nt") as tmp:
            t = time.perf_counter()
            ds.store.dump(tmp.name, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri))
            size = os.path.getsize(tmp.name)
            triples = ds.count(iri)
            sep = "&" if parts.query else "?"
            url = f"{store}{sep}graph={urllib.parse.quote(iri, safe='')}"
            with open(tmp.name, "rb") as body:
                req = urllib.request.Request(url, data=body, method=method,
                                             headers={**headers, "Content-Length": str(size)})
                try:
                    with urllib.request.urlopen(req, timeout=timeout) as resp:
                        status = resp.status
                except urllib.error.HTTPError as e:
                    detail = e.read(300).decode("utf-8", "replace").strip().splitlines()
                    raise SystemExit(_fail(5, f"{_safe(store)} refused graph {name} <{iri}>: HTTP {e.code} "
                                              f"{e.reason}" + (f" ({detail[0]})" if detail else "")
                                              + ". Check that the store accepts Graph Store writes and the "
                                                "credentials in SPARQL_STORE_USER/SPARQL_STORE_PASSWORD."))
                except (urllib.error.URLError, OSError) as e:
                    reason = getattr(e, "reason", e)
                    raise SystemExit(_fail(5, f"cannot reach {_safe(store)}: {reason}. Is the store running?"))
            secs = time.perf_counter() - t
        out[name] = (triples, secs, status)
        say(f"{method} graph {name} <{iri}>: {triples} triples, {size / 1e6:.1f} MB, {secs:.2f} s, HTTP {status}")
    return out


def _fail(code: int, msg: str) -> int:
    print(f"Error: {msg}", file=sys.stderr)
    return code


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workspace", "-w", default=os.environ.get("CIGRAPH_WORKSPACE", ".cigraph"),
                    help="workspace folder [default: $CIGRAPH_WORKSPACE or .cigraph]")
    ap.add_argument("--store", required=True,
                    help="the store's Graph Store endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph)")
    ap.add_argument("--graphs", default=None, help="comma-separated subset of ontology,data,derived,entailed")
    ap.add_argument("--post", action="store_true", help="add to the graphs (POST) instead of replacing them (PUT)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per request [default: 600]")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    graphs = [g.strip() for g in args.graphs.split(",") if g.strip()] if args.graphs else None
    try:
        res = push(args.workspace, args.store, graphs=graphs, method="POST" if args.post else "PUT",
                   timeout=args.timeout)
    except SystemExit as e:
        return int(e.code or 0)
    except KeyboardInterrupt:
        print("Interrupted: graphs already sent stay in the store.", file=sys.stderr)
        return 130
    total = sum(t for t, _s, _h in res.values())
    print(f"pushed {total} triples in {len(res)} graph(s) to {_safe(args.store)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
