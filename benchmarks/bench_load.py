"""Bulk ``COPY ... FROM`` a pyarrow table against row-by-row ``UNWIND $rows ... MERGE``
into the embedded store (LadybugDB), for N synthetic nodes and N relationships, both
in this process, each into a fresh database file.

    python benchmarks/bench_load.py                 # default sizes, about a minute
    python benchmarks/bench_load.py 1000 10000      # chosen sizes
    python benchmarks/bench_load.py --json

``run(sizes)`` returns one row per stage and size::

    {"stage": "nodes" | "relationships" | "cigraph load", "size": N,
     "seconds": <COPY>, "baseline_seconds": <UNWIND MERGE>, "ratio": baseline / COPY}

The "cigraph load" row is :meth:`cigraph.stores.embedded.EmbeddedStore.load` end to end
(schema from the ontology, COPY, count check, checkpoint, atomic swap) for a synthetic
PropertyGraph of N organizations and N memberships; its baseline is the two UNWIND MERGE
stages added up.

The MERGE baseline uses what LadybugDB's Cypher offers for an upsert (MERGE on the
primary key; relationships with two MATCH clauses then MERGE, which FIELD-NOTES found
20x faster than the comma form). It slows down as the table grows, because MERGE does
not use the primary-key index: keep N modest for it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["run", "main", "DEFAULT_SIZES"]

DEFAULT_SIZES = [10_000, 50_000, 80_000]
BATCH = 5_000
DDL = [
    "CREATE NODE TABLE Organization (uri STRING, name STRING, PRIMARY KEY (uri))",
    "CREATE NODE TABLE Initiative (uri STRING, name STRING, PRIMARY KEY (uri))",
    "CREATE REL TABLE MEMBER_OF (FROM Organization TO Initiative)",
]


def _data(n: int):
    initiatives = max(1, n // 10)
    orgs = [{"uri": f"urn:bench:org:{i}", "name": f"Organization {i}"} for i in range(n)]
    inits = [{"uri": f"urn:bench:ini:{i}", "name": f"Initiative {i}"} for i in range(initiatives)]
    rels = [{"s": f"urn:bench:org:{i}", "t": f"urn:bench:ini:{(i * 7919) % initiatives}"} for i in range(n)]
    return orgs, inits, rels


def _db(root: Path, name: str):
    import ladybug as lb

    db = lb.Database(str(root / name))
    conn = lb.Connection(db)
    for stmt in DDL:
        conn.execute(stmt)
    return db, conn


def _count(conn, q: str) -> int:
    r = conn.execute(q)
    return r.get_next()[0]


def _copy(root: Path, n: int) -> tuple[float, float]:
    import pyarrow as pa

    orgs, inits, rels = _data(n)
    db, conn = _db(root, f"copy-{n}.lbdb")
    conn.execute("COPY Initiative FROM $t", {"t": pa.Table.from_pylist(inits)})
    t0 = time.perf_counter()
    conn.execute("COPY Organization FROM $t", {"t": pa.Table.from_pylist(orgs)})
    t1 = time.perf_counter()
    conn.execute("COPY MEMBER_OF FROM $t", {"t": pa.table({"from": [r["s"] for r in rels],
                                                          "to": [r["t"] for r in rels]})})
    t2 = time.perf_counter()
    assert _count(conn, "MATCH (o:Organization) RETURN count(o)") == n
    assert _count(conn, "MATCH ()-[r:MEMBER_OF]->() RETURN count(r)") == n
    conn.close()
    db.close()
    return t1 - t0, t2 - t1


def _merge(root: Path, n: int) -> tuple[float, float]:
    orgs, inits, rels = _data(n)
    db, conn = _db(root, f"merge-{n}.lbdb")
    node_q = "UNWIND $rows AS r MERGE (n:{label} {{uri: r.uri}}) SET n.name = r.name"
    for i in range(0, len(inits), BATCH):
        conn.execute(node_q.format(label="Initiative"), {"rows": inits[i:i + BATCH]})
    t0 = time.perf_counter()
    for i in range(0, n, BATCH):
        conn.execute(node_q.format(label="Organization"), {"rows": orgs[i:i + BATCH]})
    t1 = time.perf_counter()
    rel_q = ("UNWIND $rows AS r MATCH (a:Organization {uri: r.s}) MATCH (b:Initiative {uri: r.t}) "
             "MERGE (a)-[:MEMBER_OF]->(b)")
    for i in range(0, n, BATCH):
        conn.execute(rel_q, {"rows": rels[i:i + BATCH]})
    t2 = time.perf_counter()
    assert _count(conn, "MATCH (o:Organization) RETURN count(o)") == n
    assert _count(conn, "MATCH ()-[r:MEMBER_OF]->() RETURN count(r)") == n
    conn.close()
    db.close()
    return t1 - t0, t2 - t1


def _cigraph_load(root: Path, n: int) -> float:
    from cigraph.projection import Edge, Node, PropertyGraph
    from cigraph.stores.embedded import EmbeddedStore

    orgs, inits, rels = _data(n)
    nodes = [Node(o["uri"], ("Organization", "Participant"), {"name": o["name"], "types": ["ci:Organization"]})
             for o in orgs]
    nodes += [Node(i["uri"], ("Initiative",), {"name": i["name"], "types": ["ci:Initiative"]}) for i in inits]
    pg = PropertyGraph(nodes, [Edge(r["s"], r["t"], "MEMBER_OF") for r in rels])
    store = EmbeddedStore(root / f"cigraph-{n}.lbdb")
    t0 = time.perf_counter()
    stats = store.load(pg)
    seconds = time.perf_counter() - t0
    assert stats.verified and stats.relationships == n
    store.close()
    return seconds


def run(sizes: list[int] | None = None) -> list[dict]:
    """Measure each size; rows of stage, size, seconds (COPY), baseline_seconds (MERGE), ratio."""
    rows = []
    root = Path(tempfile.mkdtemp(prefix="cigraph-bench-"))
    try:
        for n in sizes or DEFAULT_SIZES:
            copy_nodes, copy_rels = _copy(root, n)
            merge_nodes, merge_rels = _merge(root, n)
            load = _cigraph_load(root, n)
            for stage, fast, slow in (("nodes", copy_nodes, merge_nodes), ("relationships", copy_rels, merge_rels),
                                      ("cigraph load", load, merge_nodes + merge_rels)):
                rows.append({"stage": stage, "size": n, "seconds": round(fast, 4),
                             "baseline_seconds": round(slow, 4), "ratio": round(slow / fast, 1) if fast else None})
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, help=f"numbers of nodes (= relationships); default {DEFAULT_SIZES}")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = ap.parse_args(argv)
    rows = run(args.sizes or DEFAULT_SIZES)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'stage':<14} {'size':>8} {'COPY s':>9} {'MERGE s':>9} {'ratio':>7}")
    for r in rows:
        print(f"{r['stage']:<14} {r['size']:>8} {r['seconds']:>9.3f} {r['baseline_seconds']:>9.3f} {r['ratio']:>6}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
