"""The property-graph projection stored with its build: project once, read many.

``cigraph build`` projects the dataset (:func:`cigraph.projection.project`) and
writes the result into the build folder, next to the Oxigraph store, as Arrow IPC
files that readers memory-map::

    builds/<id>/projection/
      meta.json       format, projection version, counts, the initiative index
      nodes.arrow     id, labels ("|"-joined), props (JSON), edge_start
      edges.arrow     source, target (row numbers in nodes.arrow), type
      scope.arrow     initiative, node (row numbers), sorted by initiative then node

Nodes are sorted by IRI and edges by source, so the edges of node ``i`` are the
rows ``edge_start[i] .. edge_start[i + 1]`` (a CSR index). ``scope.arrow`` lists,
per initiative, the rows of its subgraph (see :func:`initiative_subgraphs`), and
``meta.json`` holds the offset of each initiative in it: reading one
initiative's subgraph takes the rows it needs and nothing else, so its cost does
not grow with the number of other initiatives.

The stored projection is derived data: RDF stays the system of record. It is
versioned by :data:`PROJECTION_VERSION` (a hash of the projection's code and of
this format), and :func:`open_projection` recomputes it (and stores it again when
the workspace is writable) when it is missing or was written by other code.

Examples
--------
>>> import tempfile
>>> from cigraph.projection import PropertyGraph, Node, Edge
>>> pg = PropertyGraph([Node("i", ("Initiative",), {"name": "I"}), Node("x", ("Activity",), {"n": [1, 2]})],
...                    [Edge("x", "i", "PART_OF_INITIATIVE")])
>>> d = tempfile.mkdtemp()
>>> _ = write_projection(pg, d)
>>> back = read_projection(d)
>>> back.nodes["x"].props, back.edges
({'n': [1, 2]}, [Edge(source='x', target='i', type='PART_OF_INITIATIVE', props={})])
>>> sorted(read_projection(d, initiative="I").nodes)
['i', 'x']
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .projection import Edge, Node, PropertyGraph, project

__all__ = ["PROJECTION_VERSION", "FORMAT", "Columns", "EdgeColumns", "write_projection", "write_columns", "read_projection", "open_projection",
           "workspace_projection", "initiative_subgraphs", "projection_dir", "is_fresh"]

#: Version of the on-disk layout described in the module docstring.
FORMAT = 1
_DIR = "projection"
_SEP = "|"
#: labels where the walk that collects an initiative's subgraph stops (kept, not walked through)
BOUNDARY = frozenset({"Initiative", "Network", "Role", "Sector", "Condition", "MaturityLevel",
                      "BackboneFunction", "Participant", "SourceSection", "SourceDocument"})
#: shared vocabulary: part of every initiative's subgraph
VOCABULARY = frozenset({"Role", "Sector", "Condition", "MaturityLevel", "BackboneFunction"})
#: relationships a boundary node brings along (its sources)
_PROVENANCE = frozenset({"WAS_DERIVED_FROM", "HAD_PRIMARY_SOURCE", "IS_PART_OF"})


def _version() -> str:
    from . import projection, projection_columns

    h = hashlib.sha256(Path(projection.__file__).read_bytes())
    h.update(Path(projection_columns.__file__).read_bytes())
    h.update(Path(__file__).read_bytes())
    return f"{FORMAT}-{h.hexdigest()[:16]}"


#: Changes whenever the projection's rules or this format change; a stored projection
#: with another version is recomputed.
PROJECTION_VERSION = _version()


def projection_dir(build_dir) -> Path:
    return Path(build_dir) / _DIR


def is_fresh(path) -> bool:
    """Whether ``path`` holds a complete projection written by this code."""
    meta = Path(path) / "meta.json"
    try:
        return json.loads(meta.read_text()).get("version") == PROJECTION_VERSION
    except (OSError, ValueError):
        return False


# --- the initiative index ------------------------------------------------------------

def initiative_subgraphs(ids, labels, src, dst, types):
    """Per initiative, the node rows of its subgraph, as ``(initiative_rows, node_rows)``
    numpy arrays sorted by initiative then node.

    The subgraph of an initiative is what :func:`cigraph.analysis.network.full_graph`
    walks to from it (with provenance): every node reachable without passing through
    a :data:`BOUNDARY` node (participants, networks, shared vocabulary, sources or
    another initiative; those are included but not walked through), plus the shared
    vocabulary (:data:`VOCABULARY`) and the sources (``WAS_DERIVED_FROM``,
    ``HAD_PRIMARY_SOURCE``, their ``IS_PART_OF`` documents) of the boundary nodes it
    holds. The walk is computed for all initiatives at once: the connected
    components of the graph without boundary nodes (igraph), then joins.
    """
    import igraph
    import numpy as np

    n = len(ids)
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    boundary = np.array([bool(set(ls) & BOUNDARY) for ls in labels], dtype=bool)
    is_ini = np.array(["Initiative" in ls for ls in labels], dtype=bool)
    vocab = np.flatnonzero([bool(set(ls) & VOCABULARY) for ls in labels])
    inis = np.flatnonzero(is_ini)
    if len(inis) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)

    inner = ~boundary[src] & ~boundary[dst]
    g = igraph.Graph(n=n, edges=np.column_stack([src[inner], dst[inner]]).tolist())
    comp = np.asarray(g.connected_components().membership, dtype=np.int64)

    # (initiative, neighbour) in both directions
    a = np.concatenate([src, dst])
    b = np.concatenate([dst, src])
    m = is_ini[a]
    ini_nb, nb = a[m], b[m]
    # initiative -> components of its non-boundary neighbours
    walk = ~boundary[nb]
    ic = _unique_pairs(np.column_stack([ini_nb[walk], comp[nb[walk]]]), n)
    # component -> its members (non-boundary nodes), and the boundary nodes it touches
    nb_nodes = np.flatnonzero(~boundary)
    cm = np.column_stack([comp[nb_nodes], nb_nodes])
    touch_m = ~boundary[a] & boundary[b]
    ct = np.column_stack([comp[a[touch_m]], b[touch_m]])
    comp_nodes = _unique_pairs(np.concatenate([cm, ct]), n)

    pairs = [np.column_stack([inis, inis]), np.column_stack([ini_nb[~walk], nb[~walk]]),
             _join(ic, comp_nodes), np.array(np.meshgrid(inis, vocab, indexing="ij")).reshape(2, -1).T]
    P = _unique_pairs(np.concatenate([p.reshape(-1, 2) for p in pairs]), n)
    # boundary nodes bring their sources, and sources their documents (two hops of provenance)
    is_prov = np.isin(np.asarray(types, dtype=object), list(_PROVENANCE))
    prov = np.column_stack([src[is_prov], dst[is_prov]])
    for _ in range(2):
        bnd = P[boundary[P[:, 1]]]
        P = _unique_pairs(np.concatenate([P, _join(bnd, prov)]), n)
    return P[:, 0], P[:, 1]


def _unique_pairs(pairs, n: int):
    """Distinct rows of an (k, 2) array of integers in [0, n), sorted (one 1-D sort of
    ``a * n + b`` instead of ``np.unique(axis=0)``, which sorts row views, several times slower)."""
    import numpy as np

    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    if len(pairs) == 0:
        return np.zeros((0, 2), np.int64)
    n = max(int(n), int(pairs.max()) + 1)
    key = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.column_stack([key // n, key % n])


def _join(left, right):
    """Rows (x, z) for (x, y) in ``left`` and (y, z) in ``right`` (integer arrays of pairs)."""
    import numpy as np

    if len(left) == 0 or len(right) == 0:
        return np.zeros((0, 2), np.int64)
    order = np.argsort(right[:, 0], kind="stable")
    r = right[order]
    lo = np.searchsorted(r[:, 0], left[:, 1], side="left")
    hi = np.searchsorted(r[:, 0], left[:, 1], side="right")
    counts = hi - lo
    rows = np.repeat(np.arange(len(left)), counts)
    starts = np.repeat(lo - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts) + np.arange(counts.sum())
    return np.column_stack([left[rows, 0], r[starts, 1]])


# --- writing ---------------------------------------------------------------------

def write_projection(pg: PropertyGraph, path, *, extra: dict | None = None) -> dict:
    """Write ``pg`` to the folder ``path`` (replaced atomically); returns its metadata."""
    import numpy as np

    ids = sorted(pg.nodes)
    row = {nid: i for i, nid in enumerate(ids)}
    # grouped by source for the CSR index (a stable sort: the projection's own order within a source)
    kept = [e for e in pg.edges if e.source in row and e.target in row]
    src = np.fromiter((row[e.source] for e in kept), dtype=np.int32, count=len(kept))
    order = np.argsort(src, kind="stable")
    kept = [kept[i] for i in order.tolist()]
    dst = np.fromiter((row[e.target] for e in kept), dtype=np.int32, count=len(kept))
    cols = Columns(
        ids=ids, labels=[pg.nodes[i].labels for i in ids],
        props=[json.dumps(pg.nodes[i].props, ensure_ascii=False, separators=(",", ":")) for i in ids],
        src=src[order], dst=dst, types=[e.type for e in kept],
        edge_props=([json.dumps(e.props, ensure_ascii=False) for e in kept] if any(e.props for e in kept)
                    else None))
    return write_columns(cols, path, extra=extra)


@dataclass
class Columns:
    """A projection as columns, the form it is stored in: node ``ids`` sorted, their
    ``labels`` (tuples, primary first) and ``props`` (JSON text), and the edges as node
    rows ``src``/``dst`` (sorted by ``src``) with their relationship ``types`` (a list of
    strings, or ``(codes, names)``: an integer array indexing a list of names)."""

    ids: list
    labels: list
    props: list
    src: "object"
    dst: "object"
    types: "object"
    edge_props: list | None = None

    def type_names(self):
        """The edges' types as an array of strings (for the initiative index)."""
        import numpy as np

        if isinstance(self.types, tuple):
            codes, names = self.types
            return np.asarray(names, dtype=object)[np.asarray(codes, dtype=np.int64)]
        return np.asarray(self.types, dtype=object)


def write_columns(cols: Columns, path, *, extra: dict | None = None) -> dict:
    """Write a projection given as :class:`Columns` to the folder ``path`` (replaced
    atomically); returns its metadata."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.ipc as ipc

    path = Path(path)
    ids, labels = cols.ids, cols.labels
    src = np.asarray(cols.src, dtype=np.int32)
    dst = np.asarray(cols.dst, dtype=np.int32)
    start = np.searchsorted(src, np.arange(len(ids) + 1)).astype(np.int64)
    ini_rows, node_rows = initiative_subgraphs(ids, labels, src, dst, cols.type_names())
    if isinstance(cols.types, tuple):
        codes, names = cols.types
        etype = pa.DictionaryArray.from_arrays(pa.array(np.asarray(codes, dtype=np.int32), pa.int32()),
                                               pa.array(list(names), pa.string()))
    else:
        etype = pa.array(cols.types, pa.string()).dictionary_encode()

    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.mkdir(parents=True)
    try:
        nodes_t = pa.table({
            "id": pa.array(ids, pa.string()),
            "labels": pa.array([_SEP.join(ls) for ls in labels], pa.string()).dictionary_encode(),
            "props": pa.array(cols.props, pa.large_string()),
            "edge_start": pa.array(start[:-1], pa.int64()),
        })
        ecols = {"source": pa.array(src, pa.int32()), "target": pa.array(dst, pa.int32()), "type": etype}
        if cols.edge_props is not None:
            ecols["props"] = pa.array(cols.edge_props, pa.large_string())
        edges_t = pa.table(ecols)
        scope_t = pa.table({"initiative": pa.array(ini_rows, pa.int32()), "node": pa.array(node_rows, pa.int32())})
        for name, t in (("nodes", nodes_t), ("edges", edges_t), ("scope", scope_t)):
            with pa.OSFile(str(tmp / f"{name}.arrow"), "wb") as sink, ipc.new_file(sink, t.schema) as w:
                w.write_table(t)
        inis = np.flatnonzero(["Initiative" in ls for ls in labels])
        lo = np.searchsorted(ini_rows, inis, side="left")
        hi = np.searchsorted(ini_rows, inis, side="right")
        meta = {"format": FORMAT, "version": PROJECTION_VERSION, "nodes": len(ids), "edges": int(len(src)),
                "initiatives": {ids[i]: [int(i), int(a), int(b)] for i, a, b in zip(inis, lo, hi)},
                **(extra or {})}
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True))   # last: marks it complete
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return meta


# --- reading ---------------------------------------------------------------------

def _open(path, name):
    import pyarrow as pa
    import pyarrow.ipc as ipc

    return ipc.open_file(pa.memory_map(str(Path(path) / f"{name}.arrow"), "r")).read_all()


def _take(t, rows):
    """``t.take(rows)`` with the indexes passed as an Arrow buffer: building them with
    ``pa.array`` from Python or numpy imports pandas when installed (2 s on a busy machine)."""
    import numpy as np
    import pyarrow as pa

    n = np.ascontiguousarray(rows, dtype=np.int64)
    return t.take(pa.Array.from_buffers(pa.int64(), len(n), [None, pa.py_buffer(n)]))


def _np(col):
    """An integer column (no nulls) as a numpy array, read from its buffers: pyarrow's
    ``to_numpy`` imports pandas when it is installed (seconds on a busy machine)."""
    import numpy as np

    out = []
    for c in (col.chunks if hasattr(col, "chunks") else [col]):
        dt = np.dtype(str(c.type))
        out.append(np.frombuffer(c.buffers()[1], dtype=dt, count=len(c), offset=c.offset * dt.itemsize))
    if not out:
        return np.zeros(0, np.int64)
    return out[0] if len(out) == 1 else np.concatenate(out)


def _objects(values: list):
    """A numpy object array of ``values`` (indexing it shares the objects, does not copy them)."""
    import numpy as np

    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _strings(col) -> list:
    """A string column as a list of str; a dictionary-encoded one is decoded once per distinct
    value, and the rows share those str objects (edge types: 700,000 rows, about 30 values)."""
    import numpy as np

    chunks = col.chunks if hasattr(col, "chunks") else [col]
    if not chunks or not hasattr(chunks[0], "indices"):
        return col.to_pylist()
    out: list = []
    for c in chunks:
        if c.null_count:
            out += c.to_pylist()
        else:
            out += _objects(c.dictionary.to_pylist())[_np(c.indices)].tolist()
    return out


def _json_list(texts: list) -> list:
    """``[json.loads(t) for t in texts]`` in one parse of the joined texts (one call instead of one
    per row: most of the time of reading 100,000 nodes went into json's per-call overhead)."""
    if not texts:
        return []
    try:
        out = json.loads("[" + ",".join(texts) + "]")
    except (TypeError, ValueError):
        out = None
    if out is None or len(out) != len(texts):       # a malformed row: parse each, so the error is the same
        return [json.loads(t) for t in texts]
    return out


def _nodes(t, rows=None) -> list[Node]:
    if rows is not None:
        t = _take(t, rows)
    label_cache: dict[str, tuple] = {}
    labels = []
    for ls in _strings(t.column("labels")):
        lab = label_cache.get(ls)
        if lab is None:
            lab = label_cache[ls] = tuple(ls.split(_SEP)) if ls else ()
        labels.append(lab)
    return list(map(Node, t.column("id").to_pylist(), labels, _json_list(t.column("props").to_pylist())))


def _edges(t, id_of, rows=None) -> list[Edge]:
    """The edges of table ``t`` (rows ``rows``); ``id_of`` maps a node row number to its id (a list
    of every node's id, or a dict of the rows read). The ends share the nodes' id strings."""
    import numpy as np

    if rows is not None:
        t = _take(t, rows)
    if isinstance(id_of, dict):
        keys = np.fromiter(id_of, dtype=np.int64, count=len(id_of))
        ids = _objects(list(id_of.values()))
        order = np.argsort(keys)
        keys, ids = keys[order], ids[order]

        def ends(col):
            return ids[np.searchsorted(keys, _np(col))].tolist()
    else:
        ids = _objects(id_of)

        def ends(col):
            return ids[_np(col)].tolist()
    src, dst, typ = ends(t.column("source")), ends(t.column("target")), _strings(t.column("type"))
    if "props" not in t.column_names:
        return list(map(Edge, src, dst, typ))
    return list(map(Edge, src, dst, typ, _json_list(t.column("props").to_pylist())))


class EdgeColumns(Sequence):
    """The edges of a stored projection kept as Arrow columns: a sequence of
    :class:`~cigraph.projection.Edge` made on demand, for consumers that read every edge
    once (``cigraph load``: 7 M edges at 10 M triples would otherwise be 7 M Python
    objects). :meth:`groups` gives the columnar view the embedded store copies from."""

    def __init__(self, edges_t, node_ids, node_label_codes, label_names):
        self._t = edges_t
        self._ids = node_ids                  # pyarrow string array, one per node row
        self._lab = node_label_codes          # numpy: primary label code per node row
        self._label_names = label_names       # primary label per code

    def __len__(self) -> int:
        return self._t.num_rows

    def __iter__(self):
        ids = self._ids
        props = "props" in self._t.column_names
        for batch in self._t.to_batches(max_chunksize=65536):
            src = ids.take(batch.column("source")).to_pylist()
            dst = ids.take(batch.column("target")).to_pylist()
            typ = batch.column("type").to_pylist()
            if props:
                for a, b, ty, pr in zip(src, dst, typ, batch.column("props").to_pylist()):
                    yield Edge(a, b, ty, json.loads(pr))
            else:
                for a, b, ty in zip(src, dst, typ):
                    yield Edge(a, b, ty)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        t = self._t.slice(i if i >= 0 else len(self) + i, 1)
        props = json.loads(t.column("props")[0].as_py()) if "props" in t.column_names else {}
        return Edge(self._ids[t.column("source")[0].as_py()].as_py(), self._ids[t.column("target")[0].as_py()].as_py(),
                    t.column("type")[0].as_py(), props)

    @property
    def has_props(self) -> bool:
        return "props" in self._t.column_names

    def groups(self):
        """``(type, source label, target label, source IRIs, target IRIs)`` per distinct
        combination, sorted; the IRIs as Arrow string arrays."""
        import numpy as np

        src = _np(self._t.column("source")).astype(np.int64)
        dst = _np(self._t.column("target")).astype(np.int64)
        tcol = self._t.column("type").combine_chunks()
        tcodes = _np(tcol.indices).astype(np.int64)
        tnames = tcol.dictionary.to_pylist()
        L = max(1, len(self._label_names))
        key = (tcodes * L + self._lab[src]) * L + self._lab[dst]
        order = np.argsort(key, kind="stable")
        k = key[order]
        cuts = np.flatnonzero(np.concatenate([[True], k[1:] != k[:-1]])) if len(k) else np.zeros(0, np.int64)
        ends = np.concatenate([cuts[1:], [len(k)]])
        out = []
        for a, b in zip(cuts.tolist(), ends.tolist()):
            kk = int(k[a])
            t, rest = divmod(kk, L * L)
            sl, dl = divmod(rest, L)
            rows = order[a:b]
            out.append((tnames[t], self._label_names[sl], self._label_names[dl],
                        _take(self._ids, src[rows]), _take(self._ids, dst[rows])))
        out.sort(key=lambda g: g[:3])
        return out


def read_projection(path, *, initiative=None, lazy_edges: bool = False) -> PropertyGraph:
    """The stored projection in the folder ``path``; with ``initiative`` (a name, short
    name or IRI, or a list of them), only their subgraphs, read through the index.

    Raises :class:`~cigraph.analysis.network.UnknownInitiative` for an unknown name.
    """
    import gc

    paused = gc.isenabled()
    gc.disable()     # a million new objects and no cycles among them: the collector's passes over the
    try:             # growing heap were half of reading the whole graph
        return _read(Path(path), initiative, lazy_edges)
    finally:
        if paused:
            gc.enable()


def _read(path, initiative, lazy_edges) -> PropertyGraph:
    import numpy as np

    meta = json.loads((path / "meta.json").read_text())
    nodes_t, edges_t = _open(path, "nodes"), _open(path, "edges")
    if initiative is None:
        nodes = _nodes(nodes_t)
        if lazy_edges:
            lab = nodes_t.column("labels").combine_chunks()
            names = [ls.split(_SEP)[0] if ls else "" for ls in lab.dictionary.to_pylist()]
            pg = PropertyGraph(nodes)
            pg.edges = EdgeColumns(edges_t, nodes_t.column("id").combine_chunks(),
                                   _np(lab.indices).astype(np.int64), names)
            return pg
        pg = PropertyGraph(nodes, _edges(edges_t, [n.id for n in nodes]))
        return pg
    refs = [initiative] if isinstance(initiative, str) else list(initiative)
    index = meta["initiatives"]
    inis = PropertyGraph(_nodes(nodes_t, [v[0] for v in index.values()]))
    from .analysis.network import resolve_initiative

    chosen = sorted({resolve_initiative(inis, r) for r in refs})
    scope_t = _open(path, "scope")
    parts = [_np(scope_t.column("node").slice(index[i][1], index[i][2] - index[i][1])) for i in chosen]
    rows = np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
    # the out-edges of those rows (CSR), kept when the target is in the subgraph too
    edge_start = nodes_t.column("edge_start")
    starts = _np(_take(edge_start, rows))
    nxt = rows + 1
    ends = np.where(nxt < meta["nodes"], _np(_take(edge_start, np.minimum(nxt, meta["nodes"] - 1))),
                    meta["edges"])
    counts = ends - starts
    erows = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts) + np.arange(counts.sum())
    targets = _np(_take(edges_t.column("target"), erows))
    erows = erows[np.isin(targets, rows)]
    nodes = _nodes(nodes_t, rows)
    id_of = dict(zip(rows.tolist(), (n.id for n in nodes)))
    pg = PropertyGraph(nodes, _edges(edges_t, id_of, erows))
    pg.restricted_to = tuple(chosen)
    return pg


def open_projection(dataset, *, initiative=None, lazy_edges: bool = False) -> PropertyGraph:
    """The projection of a workspace dataset: read from its build folder when stored
    and fresh, else computed (and stored, when the folder is writable). A dataset with
    no folder (built in memory from ``--data``) is projected directly (``initiative``
    is then ignored: the whole graph is returned)."""
    if dataset.path is None:
        return project(dataset)
    from .projection_columns import project_columns

    path = projection_dir(dataset.path)
    if not is_fresh(path):
        cols = project_columns(dataset)
        try:
            write_columns(cols, path)
        except OSError:             # a read-only workspace: use it without storing
            import tempfile

            with tempfile.TemporaryDirectory(prefix="cigraph-projection-") as tmp:
                write_columns(cols, Path(tmp) / _DIR)
                return read_projection(Path(tmp) / _DIR, initiative=initiative)   # (edges read now: tmp goes)
    return read_projection(path, initiative=initiative, lazy_edges=lazy_edges)


def workspace_projection(workspace, *, initiative=None) -> PropertyGraph:
    """The projection of a workspace's current build (see :func:`open_projection`); when
    it is stored and fresh, the RDF store is not opened at all. ``CIGRAPH_SCOPED_READ=0``
    in the environment reads the whole graph even with ``initiative`` (the baseline of
    ``make bench``: the same command without the index)."""
    from .dataset import Workspace
    from .errors import WorkspaceMissing

    ws = Workspace(workspace)
    if not ws.exists():
        raise WorkspaceMissing(ws.path)
    if initiative is not None and os.environ.get("CIGRAPH_SCOPED_READ") == "0":
        initiative = None      # the benchmarks' baseline: read the whole graph, as before the index
    path = projection_dir(ws.current.resolve())
    if is_fresh(path):
        try:
            return read_projection(path, initiative=initiative)
        except FileNotFoundError:      # pruned by a concurrent build: open the new one
            pass
    return open_projection(ws.open(), initiative=initiative)
