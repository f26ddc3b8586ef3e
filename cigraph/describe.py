"""Look up an entity by IRI, CURIE or name, and list every fact about it, both directions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .errors import DataError
from .vocab import PREFIXES, curie

__all__ = ["resolve_entity", "describe", "Description", "stats"]

_NAMES = """
SELECT ?s ?name WHERE {
  { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?name } UNION
  { ?s <https://w3id.org/cigraph#shortName> ?name } UNION
  { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?name } UNION
  { ?s <http://www.w3.org/2004/02/skos/core#altLabel> ?name }
  FILTER(isIRI(?s))
}"""


def _expand(text: str) -> str | None:
    if text.startswith(("http://", "https://", "urn:")):
        return text
    if ":" in text:
        prefix, local = text.split(":", 1)
        if prefix in PREFIXES:
            return PREFIXES[prefix] + local
    return None


def resolve_entity(ds, text: str) -> str:
    """The IRI an IRI, CURIE, name, label, short name or alternative name (``skos:altLabel``) refers to.

    Raises :class:`DataError` with the closest names when nothing matches, and
    when a name matches several entities.
    """
    iri = _expand(text.strip())
    if iri is not None:
        import pyoxigraph as ox

        node = ox.NamedNode(iri)
        if next(ds.store.quads_for_pattern(node, None, None), None) or \
                next(ds.store.quads_for_pattern(None, None, node), None):
            return iri
    names: dict[str, set[str]] = {}
    for row in ds.query(_NAMES, raw=True):
        names.setdefault(row["name"].value, set()).add(row["s"].value)
    want = text.strip().casefold()
    hits = sorted({s for n, ss in names.items() if n.casefold() == want for s in ss})
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise DataError(f"{text!r} names {len(hits)} entities; give one of their IRIs.",
                        suggestions=[curie(h) for h in hits])
    folded = {n.casefold(): n for n in names}
    close = [folded[c] for c in difflib.get_close_matches(want, list(folded), n=5, cutoff=0.5)]
    close += [n for n in names if want and want in n.casefold() and n not in close][:5]
    raise DataError(f"no entity called {text!r}. Use a name, a CURIE such as cgd:lapz, or a full IRI.",
                    suggestions=close[:5])


@dataclass
class Description:
    iri: str
    label: str | None
    types: list[str] = field(default_factory=list)
    outgoing: list[dict] = field(default_factory=list)   # {predicate, predicate_label, value, value_label, kind}
    incoming: list[dict] = field(default_factory=list)   # {subject, subject_label, predicate, predicate_label}

    def to_dict(self) -> dict:
        return {"schema_version": 1, "iri": self.iri, "label": self.label, "types": self.types,
                "outgoing": self.outgoing, "incoming": self.incoming}

    def to_text(self) -> str:
        lines = [f"{self.label or curie(self.iri)}  <{self.iri}>"]
        if self.types:
            lines.append("  a " + ", ".join(self.types))
        for f in self.outgoing:
            v = f["value_label"] or f["value"]
            if f["kind"] == "iri":
                v = f"{v}  ({curie(f['value'])})" if f["value_label"] else curie(f["value"])
            lines.append(f"  {f['predicate_label']}: {v}")
        if self.incoming:
            lines.append("  referenced by:")
            for f in self.incoming:
                lines.append(f"    {f['subject_label'] or curie(f['subject'])} —{f['predicate_label']}→ this"
                             f"  ({curie(f['subject'])})")
        return "\n".join(lines)


def _label_of(ds, iri: str) -> str | None:
    import pyoxigraph as ox

    labels = sorted(q.object.value for q in ds.store.quads_for_pattern(
        ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None))
    return labels[0] if labels else None


def describe(ds, text: str, *, include_entailed: bool = False) -> Description:
    """Every fact about the entity ``text`` names, with labels, in both directions."""
    import pyoxigraph as ox

    from .vocab import GRAPH_ENTAILED

    iri = resolve_entity(ds, text)
    ent = ox.NamedNode(GRAPH_ENTAILED)
    node = ox.NamedNode(iri)
    store = ds.store
    labels: dict[str, str | None] = {}

    def lab(x: str):
        if x not in labels:
            labels[x] = _label_of(ds, x)
        return labels[x]

    seen_out, seen_in = set(), set()
    out, inc, types = [], [], set()
    for q in store.quads_for_pattern(node, None, None, None):
        if q.graph_name == ent and not include_entailed:
            continue
        p, o = q.predicate.value, q.object
        if p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            types.add(curie(o.value))
            continue
        key = (p, str(o))
        if key in seen_out:
            continue
        seen_out.add(key)
        if isinstance(o, ox.NamedNode):
            out.append({"predicate": p, "predicate_label": lab(p) or curie(p), "value": o.value,
                        "value_label": lab(o.value), "kind": "iri"})
        elif isinstance(o, ox.Literal):
            out.append({"predicate": p, "predicate_label": lab(p) or curie(p), "value": o.value,
                        "value_label": None, "kind": "literal",
                        "datatype": o.datatype.value if o.datatype else None, "language": o.language})
    for q in store.quads_for_pattern(None, None, node, None):
        if q.graph_name == ent and not include_entailed:
            continue
        if not isinstance(q.subject, ox.NamedNode):
            continue
        key = (q.subject.value, q.predicate.value)
        if key in seen_in:
            continue
        seen_in.add(key)
        inc.append({"subject": q.subject.value, "subject_label": lab(q.subject.value),
                    "predicate": q.predicate.value, "predicate_label": lab(q.predicate.value) or curie(q.predicate.value)})
    out.sort(key=lambda f: (f["predicate_label"], str(f["value_label"] or f["value"])))
    inc.sort(key=lambda f: (f["predicate_label"], str(f["subject_label"] or f["subject"])))
    return Description(iri, lab(iri), sorted(types), out, inc)


#: per-initiative columns, each one grouped count (one query each: a single query with six
#: OPTIONALs multiplied the rows, 77 M per synthetic initiative, and never finished)
STATS_COUNTS: dict[str, str] = {
    "participants": "?x ci:memberOf ?i .",
    "activities": "?x a ci:Activity ; ci:partOfInitiative ?i .",
    "priorities": "?x a ci:Priority ; ci:partOfInitiative ?i .",
    "working_groups": "?x a ci:WorkingGroup ; ci:partOfInitiative ?i .",
    "indicators": "?x a ci:Indicator ; ci:partOfInitiative ?i .",
    "channels": "?i ci:hasChannel ?x .",
}

#: the columns counted by type among what is ci:partOfInitiative an initiative (one query for all)
_PART_TYPES = {"activities": "Activity", "priorities": "Priority", "working_groups": "WorkingGroup",
               "indicators": "Indicator"}

#: every initiative's part of each type in one grouped query: the links first (hash-joined), then each
#: part's types; the same counts as the columns' own patterns (an entity of two of the types counts in
#: both), 4 s -> 0.17 s at 1 M triples, where each pattern started from a scan of its type
_PARTS_BY_TYPE = ("SELECT ?i ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES ?c { "
                  + " ".join(f"ci:{t}" for t in _PART_TYPES.values())
                  + " } ?x a ?c . { SELECT ?x ?i WHERE { ?x ci:partOfInitiative ?i } } } GROUP BY ?i ?c")


def stats(ds) -> dict:
    """Counts: triples per graph, instances per ci: class (asserted), and per initiative.

    Each count is its own grouped query, so the cost grows with the data, not with the
    product of the counts.
    """
    from .dataset import GRAPHS

    per_graph = {}
    for name, iri in GRAPHS.items():
        rows = list(ds.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", raw=True))
        per_graph[name] = int(rows[0]["n"].value) if rows else 0
    classes = {}
    for row in ds.query(f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{
            GRAPH <{GRAPHS['data']}> {{ ?s a ?c }} }} GROUP BY ?c ORDER BY ?c""", raw=True):
        classes[curie(row["c"].value)] = int(row["n"].value)
    counts: dict[str, dict[str, int]] = {col: {} for col in STATS_COUNTS}
    column = {PREFIXES["ci"] + t: col for col, t in _PART_TYPES.items()}
    for row in ds.query(_PARTS_BY_TYPE, raw=True):
        counts[column[row["c"].value]][row["i"].value] = int(row["n"].value)
    for col, pattern in STATS_COUNTS.items():
        if col in _PART_TYPES:
            continue
        q = f"""SELECT ?i (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?i a ci:Initiative . {pattern} }} GROUP BY ?i"""
        counts[col] = {row["i"].value: int(row["n"].value) for row in ds.query(q, raw=True)}
    per_init = []
    for row in ds.query("SELECT ?i ?name WHERE { ?i a ci:Initiative ; ci:name ?name } ORDER BY ?name ?i",
                        raw=True):
        i = row["i"].value
        per_init.append({"initiative": row["name"].value, "iri": i,
                         **{c: counts[c].get(i, 0) for c in STATS_COUNTS}})
    return {"schema_version": 1, "triples": len(ds), "graphs": per_graph, "classes": classes,
            "initiatives": per_init}
