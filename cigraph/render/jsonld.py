"""Compacted JSON-LD: the whole dataset with a ``@context``, so keys read ``name``, ``hasBackbone``.

The context (:func:`context`) is made from the ontology: the ontology's
prefixes, ``@vocab`` for the ``ci:`` namespace (so ``ci:name`` is the key
``name`` and ``ci:Organization`` the type ``Organization``), and a term
definition with ``"@type": "@id"`` for every object property the ontology
declares (so links are plain strings such as ``"cgd:lapz"``). It ships as
``ontology/context.jsonld`` for other tools to reference; a test keeps the file
equal to what this module makes.

:func:`write_jsonld` compacts by construction, one node object per subject,
streamed in subject order, rather than through a general JSON-LD processor
(rdflib's compaction of 1 M triples takes minutes): literals become JSON
strings (``xsd:string``), numbers (canonical ``xsd:integer``), booleans,
or value objects with ``@type``/``@language``; IRIs become compact IRIs where a
prefix fits. Parsed by any JSON-LD 1.1 processor it gives back exactly the
triples of the Turtle export (tested with rdflib and pyoxigraph).

>>> ctx = context()["@context"]
>>> ctx["@vocab"], ctx["hasBackbone"], ctx["cgd"]
('https://w3id.org/cigraph#', {'@type': '@id'}, 'https://w3id.org/cigraph/id/')
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["context", "context_file", "write_jsonld", "CONTEXT_URL"]

#: Where the published context will live; the exported file embeds the context itself.
CONTEXT_URL = "https://w3id.org/cigraph/context.jsonld"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_OWL_OBJECT_PROPERTY = "http://www.w3.org/2002/07/owl#ObjectProperty"
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def context_file() -> Path:
    """The shipped context, ``ontology/context.jsonld``."""
    from ..resources import ontology_dir

    return ontology_dir() / "context.jsonld"


def context(ontology_path: str | Path | None = None) -> dict:
    """The JSON-LD context made from the ontology (``{"@context": {...}}``)."""
    import pyoxigraph as ox

    from ..resources import ontology_file
    from ..vocab import CI_NS, PREFIXES

    store = ox.Store()
    store.load(path=str(ontology_path or ontology_file()), format=ox.RdfFormat.TURTLE)
    object_props = sorted({q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode(_RDF_TYPE), ox.NamedNode(_OWL_OBJECT_PROPERTY)) if isinstance(q.subject, ox.NamedNode)})
    ctx: dict = {"@vocab": CI_NS}
    for p, ns in sorted(PREFIXES.items()):
        ctx[p] = ns
    for iri in object_props:
        key = _key(iri, CI_NS, PREFIXES)
        if key is not None:
            ctx[key] = {"@type": "@id"}
    return {"@context": ctx}


def _key(iri: str, vocab: str, prefixes: dict) -> str | None:
    if iri.startswith(vocab) and _LOCAL.match(iri[len(vocab):]):
        return iri[len(vocab):]
    return _curie(iri, prefixes)


def _curie(iri: str, prefixes: dict) -> str | None:
    best = None
    for p, ns in prefixes.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(prefixes[best])):
            best = p
    if best is None:
        return None
    local = iri[len(prefixes[best]):]
    if not local or local.startswith("//") or not _LOCAL.match(local):
        return None
    return f"{best}:{local}"


class _Compactor:
    def __init__(self, ctx: dict):
        self.vocab = ctx["@vocab"]
        self.prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@")}
        self.id_terms = {k for k, v in ctx.items() if isinstance(v, dict) and v.get("@type") == "@id"}

    def iri(self, iri: str) -> str:
        """A node reference: compact IRI where a prefix fits, else the IRI."""
        return _curie(iri, self.prefixes) or iri

    def key(self, iri: str) -> str:
        return _key(iri, self.vocab, self.prefixes) or iri

    def type_(self, iri: str) -> str:
        k = _key(iri, self.vocab, self.prefixes)
        return k if k is not None else iri

    def node_ref(self, term) -> str:
        import pyoxigraph as ox

        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def value(self, key: str, term):
        import pyoxigraph as ox

        if isinstance(term, (ox.NamedNode, ox.BlankNode)):
            ref = self.node_ref(term)
            return ref if key in self.id_terms else {"@id": ref}
        dt = term.datatype.value
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if dt == _XSD + "string":
            return term.value
        if dt == _XSD + "boolean" and term.value in ("true", "false"):
            return term.value == "true"
        # JSON numbers: only canonical integers (a JSON number with a fraction would come back as
        # xsd:double in the canonical "1.5E0" form, not the lexical form the data holds)
        if dt == _XSD + "integer" and re.fullmatch(r"-?(0|[1-9][0-9]*)", term.value) and term.value != "-0":
            return int(term.value)
        return {"@value": term.value, "@type": self.iri(dt)}


def write_jsonld(ds, path: str | Path, *, graphs: tuple[str, ...] | None = None) -> int:
    """Write the dataset (named graphs merged, as the Turtle export) as compacted JSON-LD.

    Returns the number of triples written.
    """
    import pyoxigraph as ox

    from ..dataset import GRAPHS
    from ..util import atomic_path

    ctx = context()
    comp = _Compactor(ctx["@context"])
    names = graphs or tuple(GRAPHS)
    triples = set()
    for name in names:
        for q in ds.quads(GRAPHS[name]):
            triples.add(ox.Triple(q.subject, q.predicate, q.object))
    by_subject: dict = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)

    def sort_key(term):
        return (isinstance(term, ox.BlankNode), term.value)

    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        f.write('{\n "@context": ')
        f.write(json.dumps(ctx["@context"], indent=1, ensure_ascii=False).replace("\n", "\n "))
        f.write(',\n "@graph": [')
        first = True
        for s in sorted(by_subject, key=sort_key):
            node: dict = {"@id": comp.node_ref(s)}
            props: dict[str, list] = {}
            types = []
            for t in by_subject[s]:
                if t.predicate.value == _RDF_TYPE and isinstance(t.object, ox.NamedNode):
                    types.append(comp.type_(t.object.value))
                    continue
                key = comp.key(t.predicate.value)
                props.setdefault(key, []).append(comp.value(key, t.object))
            if types:
                types.sort()
                node["@type"] = types[0] if len(types) == 1 else types
            for key in sorted(props):
                vals = sorted(props[key], key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
                node[key] = vals[0] if len(vals) == 1 else vals
            f.write(("\n  " if first else ",\n  ") + json.dumps(node, ensure_ascii=False, sort_keys=False))
            first = False
        f.write("\n ]\n}\n")
    return len(triples)


def _main(argv=None) -> int:
    """``python -m cigraph.render.jsonld [--check]``: write (or check) ``ontology/context.jsonld``."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    want = json.dumps(context(), indent=2, ensure_ascii=False) + "\n"
    path = context_file()
    if "--check" in args:
        ok = path.is_file() and path.read_text(encoding="utf-8") == want
        print(f"{path}: {'up to date' if ok else 'out of date: run python -m cigraph.render.jsonld'}")
        return 0 if ok else 1
    path.write_text(want, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
