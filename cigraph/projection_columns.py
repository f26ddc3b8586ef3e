"""The projection computed column-wise, straight into the stored form: what ``cigraph build`` runs.

:func:`cigraph.projection.project` states the mapping from RDF to the property
graph one quad at a time, in Python; it is the reference. This module computes the
same projection for a whole store at once, without a Python object per triple:

* types and relationships (IRI-to-IRI triples, three quarters of a dataset) come out
  of Oxigraph as SPARQL TSV, which pyarrow parses into columns; node rows, the
  ``owl:inverseOf`` filter, relationship types and the de-duplication across graphs
  are array operations (``pyarrow.compute.index_in``, one ``numpy.unique`` of an
  integer key that also gives the reference's order);
* literals (the node properties) come out of a SPARQL ``SELECT`` filtered inside
  Oxigraph, converted by the reference's own ``_py`` and grouped per node.

The result is a :class:`~cigraph.projection_store.Columns`, written by
:func:`~cigraph.projection_store.write_columns`; ``tests/test_projection_store.py``
checks that it equals the reference on the case studies, on synthetic data and on
hand-built edge cases (shared local names, functional properties, literals that
convert to the same value, inverse pairs, nodes typed only by inference).

>>> from cigraph.pipeline import build_dataset
>>> from cigraph.settings import Settings
>>> cols = project_columns(build_dataset(Settings()))
>>> len(cols.ids) == len(set(cols.ids)) and list(cols.ids) == sorted(cols.ids)
True
"""

from __future__ import annotations

import json
from collections import defaultdict

from .projection import RDF_TYPE, _py, _value_key, labels_for_types, ontology_rules, property_keys
from .vocab import CI_NS, GRAPH_DATA, GRAPH_DERIVED, GRAPH_ENTAILED, GRAPH_ONTOLOGY, curie

__all__ = ["project_columns"]

_NODE_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_ENTAILED)     # where rdf:type facts make nodes
_FACT_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_DATA, GRAPH_DERIVED)      # where properties and relationships come from


def _values(graphs) -> str:
    return "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " }"


_TYPES = f"""SELECT ?s ?t WHERE {{ {_values(_NODE_GRAPHS)} GRAPH ?g {{ ?s <{RDF_TYPE}> ?t }}
  FILTER(isIRI(?s) && isIRI(?t)) }}"""
_LINKS = f"""SELECT ?s ?p ?o WHERE {{ GRAPH <{{graph}}> {{ ?s ?p ?o }}
  FILTER(isIRI(?s) && isIRI(?o) && ?p != <{RDF_TYPE}>) }}"""
_LITERALS = f"""SELECT ?s ?p ?o WHERE {{ {_values(_FACT_GRAPHS)} GRAPH ?g {{ ?s ?p ?o }}
  FILTER(isIRI(?s) && isLiteral(?o)) }}"""


def _iri_table(store, query: str, names: list[str]):
    """A SELECT whose variables are all IRIs, as a pyarrow table of plain IRI strings."""
    import io

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as csv
    import pyoxigraph as ox

    data = store.query(query).serialize(format=ox.QueryResultsFormat.TSV)
    if data.rstrip(b"\n").find(b"\n") < 0:      # the header line alone: no rows
        return pa.table({n: pa.array([], pa.string()) for n in names})
    return csv.read_csv(io.BytesIO(data),
                        read_options=csv.ReadOptions(column_names=names, skip_rows=1),
                        parse_options=csv.ParseOptions(delimiter="\t", quote_char=False, escape_char=False),
                        convert_options=csv.ConvertOptions(column_types={n: pa.string() for n in names}))


def _bare(arr):
    """``"<iri>"`` (SPARQL TSV) -> ``"iri"``; IRIs never hold a tab, a newline or ``>``."""
    import pyarrow.compute as pc

    return pc.utf8_slice_codeunits(arr, 1, -1)


def _distinct_sorted(keys):
    """``numpy.unique`` of an int64 array by one sort (numpy 2's hash-based ``unique`` is
    several times slower here)."""
    import numpy as np

    if len(keys) == 0:
        return keys
    k = np.sort(keys, kind="stable")
    return k[np.concatenate([[True], k[1:] != k[:-1]])]


def project_columns(dataset):
    """The projection of ``dataset`` (a :class:`~cigraph.dataset.Dataset`) as
    :class:`~cigraph.projection_store.Columns`, equal to ``project(dataset)`` stored."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from .projection import rel_type
    from .projection_store import Columns

    store = dataset.store
    sub_of, inverse_side, functional = ontology_rules(store)

    # --- nodes: every IRI with a ci: type; its types (asserted and entailed) ---------
    # (terms stay as TSV writes them, "<iri>", until the distinct ones are known)
    types = _iri_table(store, _TYPES, ["s", "t"])
    has_ci = pc.starts_with(types.column("t"), "<" + CI_NS)
    ids_arr = pc.unique(pc.filter(types.column("s"), has_ci))
    ids_arr = pc.take(ids_arr, pc.sort_indices(_bare(ids_arr)))     # sorted by IRI, not by "<iri>"
    ids = _bare(ids_arr).to_pylist()
    n = len(ids)
    # (node row, type) pairs, distinct and sorted, then grouped per node
    trow = pc.index_in(types.column("s"), value_set=ids_arr)
    keep = pc.is_valid(trow)
    trow = np.asarray(pc.filter(trow, keep).to_numpy(zero_copy_only=False), dtype=np.int64)
    tnames = pc.filter(types.column("t"), keep)
    tdict = pc.unique(tnames)
    tcode = np.asarray(pc.index_in(tnames, value_set=tdict).to_numpy(zero_copy_only=False), dtype=np.int64)
    tlist = _bare(tdict).to_pylist()
    key = _distinct_sorted(trow * len(tlist) + tcode)
    node_of, code_of = key // max(1, len(tlist)), key % max(1, len(tlist))
    bounds = np.searchsorted(node_of, np.arange(n + 1))
    type_sets: dict[tuple, int] = {}
    set_of_node = np.empty(n, dtype=np.int64)
    codes = code_of.tolist()
    for i in range(n):
        ts = tuple(sorted(tlist[c] for c in codes[bounds[i]:bounds[i + 1]]))
        set_of_node[i] = type_sets.setdefault(ts, len(type_sets))
    per_set = [None] * len(type_sets)
    for ts, k in type_sets.items():
        per_set[k] = (labels_for_types(set(ts), sub_of), sorted(curie(t) for t in ts))
    node_sets = set_of_node.tolist()
    labels = [per_set[k][0] for k in node_sets]

    # --- relationships: IRI objects that are nodes, one direction of each inverse pair ---
    srcs, dsts, preds = [], [], []
    for g in _FACT_GRAPHS:
        t = _iri_table(store, _LINKS.replace("{graph}", g), ["s", "p", "o"])
        s_row = pc.index_in(t.column("s"), value_set=ids_arr)
        o_row = pc.index_in(t.column("o"), value_set=ids_arr)
        keep = pc.and_(pc.is_valid(s_row), pc.is_valid(o_row))
        srcs.append(pc.filter(s_row, keep))
        dsts.append(pc.filter(o_row, keep))
        preds.append(pc.filter(t.column("p"), keep))
    s_row = np.concatenate([np.asarray(a.to_numpy(zero_copy_only=False), np.int64) for a in srcs] or [[]])
    o_row = np.concatenate([np.asarray(a.to_numpy(zero_copy_only=False), np.int64) for a in dsts] or [[]])
    p_all = pa.chunked_array(preds, pa.string())
    # predicates ranked by IRI: the reference sorts edges by (source, target, predicate IRI)
    pdict = sorted({p[1:-1] for p in pc.unique(p_all).to_pylist()} - inverse_side) if len(p_all) else []
    p_rank = pc.index_in(p_all, value_set=pa.array([f"<{p}>" for p in pdict], pa.string()))
    keep = np.asarray(pc.is_valid(p_rank).to_numpy(zero_copy_only=False), dtype=bool)
    p_rank = np.asarray(pc.fill_null(p_rank, 0).to_numpy(zero_copy_only=False), np.int64)
    s_row, o_row, p_rank = s_row[keep], o_row[keep], p_rank[keep]
    P = max(1, len(pdict))
    ekey = _distinct_sorted((s_row * n + o_row) * P + p_rank)      # distinct, in the reference's order
    e_src, rest = ekey // (n * P), ekey % (n * P)
    e_dst, e_pred = rest // P, rest % P
    type_names = sorted({rel_type(p) for p in pdict})
    code_of_pred = np.array([type_names.index(rel_type(p)) for p in pdict] or [0], dtype=np.int32)
    e_type = code_of_pred[e_pred] if len(ekey) else np.zeros(0, np.int32)

    # --- properties: literals of nodes, converted and grouped as the reference does ---
    row_of = {nid: i for i, nid in enumerate(ids)}
    props: list[dict | None] = [None] * n
    for r in store.query(_LITERALS):
        i = row_of.get(r[0].value)
        if i is None:
            continue
        d = props[i]
        if d is None:
            d = props[i] = defaultdict(list)
        d[r[1].value].append(_py(r[2]))
    key_of = property_keys({p for d in props if d for p in d})
    texts = []
    dumps = json.dumps
    for i in range(n):
        d: dict = {}
        for p, vals in sorted((props[i] or {}).items()):
            uniq = vals if len(vals) == 1 else sorted(set(vals), key=_value_key)
            d[key_of[p]] = (uniq[0] if uniq else None) if p in functional else list(uniq)
        d["types"] = list(per_set[node_sets[i]][1])
        texts.append(dumps(d, ensure_ascii=False, separators=(",", ":")))
    return Columns(ids=ids, labels=labels, props=texts, src=e_src.astype(np.int32), dst=e_dst.astype(np.int32),
                   types=(e_type, type_names))
