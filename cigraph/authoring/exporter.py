"""RDF -> workbook rows for one initiative, following the same mapping table as the importer.

The rows carry each node's identifier in the ``id`` column and write a label
only where it differs from the one the importer would make, so that importing
the exported workbook gives back the same triples (``tests/authoring`` checks
it on every case study).
"""

from __future__ import annotations

import rdflib
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from .importer import CGD, default_label
from .lists import Vocabulary
from .mapping import Column, Mapping, Sheet, expand, load_mapping

__all__ = ["export_rows", "find_initiative"]


def find_initiative(graph: rdflib.Graph, name: str) -> URIRef:
    """The initiative whose IRI, CURIE, name, short name or label is ``name``."""
    from ..errors import DataError

    ci_init = URIRef(expand("ci:Initiative"))
    inits = set(graph.subjects(RDF.type, ci_init))
    want = " ".join(name.split()).casefold()
    for i in sorted(inits):
        names = {str(i), str(i)[len(CGD):] if str(i).startswith(CGD) else "", "cgd:" + str(i)[len(CGD):]}
        for p in (expand("ci:name"), expand("ci:shortName"), str(RDFS.label), expand("skos:altLabel")):
            names |= {str(o) for o in graph.objects(i, URIRef(p))}
        if want in {" ".join(n.split()).casefold() for n in names if n}:
            return i
    import difflib

    labels = sorted(str(graph.value(i, URIRef(expand("ci:name"))) or i) for i in inits)
    short = sorted(str(o) for i in inits for o in graph.objects(i, URIRef(expand("ci:shortName"))))
    raise DataError(f"no initiative called {name!r}: use a name, short name or id of one of: "
                    + "; ".join(labels), suggestions=difflib.get_close_matches(name, labels + short, n=3))


def _text(o) -> str | int | float:
    if isinstance(o, Literal):
        if o.datatype in (rdflib.XSD.integer, rdflib.XSD.int, rdflib.XSD.long):
            return int(o)
        if o.datatype == rdflib.XSD.decimal:
            v = o.toPython()
            return int(v) if v == int(v) else float(v)
        return str(o)
    return str(o)


class _Exporter:
    def __init__(self, graph: rdflib.Graph, initiative: URIRef, mapping: Mapping, vocab: Vocabulary):
        self.g, self.init, self.m, self.v = graph, initiative, mapping, vocab
        self.nodes: dict[str, list[URIRef]] = {s.name: [] for s in mapping.sheets}
        self.sheet_of: dict[URIRef, str] = {}
        self.keys: dict[URIRef, str] = {}

    def _types(self, node) -> set[str]:
        return {str(t) for t in self.g.objects(node, RDF.type)}

    def _place(self, sheet: Sheet, node: URIRef) -> None:
        if node in self.sheet_of or not (self._types(node) & sheet.classes):
            return
        self.sheet_of[node] = sheet.name
        self.nodes[sheet.name].append(node)

    def collect(self) -> None:
        ctx = {"initiative": self.init}
        self._place(self.m.sheet("Initiative"), self.init)
        # context sheets first (their rows are the ends of the other sheets' links)
        ordered = sorted(self.m.sheets, key=lambda s: (s.context is None, s.name == "Organizations"))
        for sheet in ordered:
            if sheet.name in ("Initiative", "Sources", "Organizations"):
                continue
            for s, p, o in sheet.links[:1]:
                p = URIRef(expand(p))
                if s == "this" and o in ctx:
                    found = self.g.subjects(p, ctx[o])
                elif o == "this" and s in ctx:
                    found = self.g.objects(ctx[s], p)
                else:
                    found = []
                for node in sorted(set(found)):
                    self._place(sheet, node)
            if sheet.context and self.nodes[sheet.name]:
                ctx[sheet.context] = self.nodes[sheet.name][0]
        # sheets with no link to the initiative (posts, grants, observations, relations): the rows that
        # refer to one of its own rows (not only to shared organizations), or carry its prefix
        orgs = self.m.sheet("Organizations")
        own = {n for name, nodes in self.nodes.items() for n in nodes}
        prefix = str(self.init) + "-"
        for sheet in self.m.sheets:
            if sheet.links or sheet.context or sheet.name in ("Sources", "Organizations"):
                continue
            for cls in sorted(sheet.classes):
                for node in sorted(set(self.g.subjects(RDF.type, URIRef(cls)))):
                    refs = {o for c in sheet.columns_of("ref") for o in self._objects(node, c)}
                    if str(node).startswith(prefix) or refs & own:
                        self._place(sheet, node)
        # Organizations: every participant, group or network a row refers to
        for name in list(self.nodes):
            sheet = self.m.sheet(name)
            for node in list(self.nodes[name]):
                for c in sheet.columns_of("ref"):
                    if "Organizations" in c.targets:
                        for o in self._objects(node, c):
                            self._place(orgs, o)
        for sheet in self.m.sheets:
            key = sheet.key
            for node in self.nodes[sheet.name]:
                if key is None and sheet.context:
                    self.keys[node] = sheet.name
                    continue
                k = self.g.value(node, URIRef(key.iri)) if key else None
                if k is None:
                    k = self.g.value(node, RDFS.label)
                self.keys[node] = str(k) if k is not None else None

    def _objects(self, node, c: Column) -> list:
        p = URIRef(c.iri)
        if c.inverse:
            return sorted(set(self.g.subjects(p, node)))
        return sorted(set(self.g.objects(node, p)))

    def rows(self) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for sheet in self.m.sheets:
            if sheet.name == "Sources":
                continue
            rows = []
            for node in self.nodes[sheet.name]:
                rows.append(self._row(sheet, node))
            out[sheet.name] = rows
        out["Sources"] = self._sources()
        return out

    def _cell_value(self, c: Column, o):
        if c.type in ("ref",):
            if o not in self.sheet_of or self.sheet_of[o] not in c.targets:
                return None
            return self.keys.get(o)
        if c.type == "list":
            return self.v.label_of(c.values, str(o))
        if c.type == "url":
            return str(o)
        return _text(o)

    def _row(self, sheet: Sheet, node: URIRef) -> dict:
        row: dict = {}
        kind = next((k for k in sheet.kinds if k.cls_iri in self._types(node)), sheet.kinds[0])
        for c in sheet.columns:
            if c.type == "id" and c.node:           # the id of the node another cell makes (a person)
                made = self._objects(node, sheet.column(c.node))
                row[c.header] = " | ".join(_local(m) for m in made) or None
            elif c.type == "id":
                row[c.header] = _local(node)
            elif c.type == "yearday":
                row[c.header] = self._yearday(node, c)
            elif c.type == "makes":
                names = [self.g.value(o, URIRef(expand("ci:name"))) for o in self._objects(node, c)]
                row[c.header] = " | ".join(sorted(str(n) for n in names if n is not None)) or None
            elif c.type == "boolean":
                vals = [o.toPython() for o in self._objects(node, c)]
                row[c.header] = None if not vals else ("yes" if vals[0] else "no")
            elif c.type == "kind":
                row[c.header] = kind.name if len(sheet.kinds) > 1 else None
            elif c.type == "prompt":
                from .mapping import prompts

                cond = self.g.value(node, URIRef(expand("ci:condition")))
                row[c.header] = prompts().get(str(cond))
            elif c.type == "source":
                row[c.header] = " | ".join(sorted(self._citations(node)))
            elif c.type == "label":
                continue
            else:
                vals = [self._cell_value(c, o) for o in self._objects(node, c)]
                vals = [v for v in vals if v is not None]
                if not vals:
                    row[c.header] = None
                elif c.many or len(vals) > 1:
                    row[c.header] = " | ".join(sorted(str(v) for v in vals))
                else:
                    row[c.header] = vals[0]
        label_col = next(iter(sheet.columns_of("label")), None)
        if label_col is not None:
            label = self.g.value(node, RDFS.label)
            name = row.get(sheet.key.header) if sheet.key is not None else None
            default = default_label(kind.label, None if name is None else str(name),
                                    {k: v for k, v in row.items() if v is not None},
                                    str(self.g.value(self.init, URIRef(expand("ci:name"))) or ""))
            row[label_col.header] = str(label) if label is not None and str(label) != default else None
        return row

    def _yearday(self, node, c: Column):
        parts = dict(p.split("=", 1) for p in (c.values or "").split())
        year = self.g.value(node, URIRef(c.iri))
        if year is None:
            return None
        day = self.g.value(node, URIRef(expand(parts["day"]))) if "day" in parts else None
        month = self.g.value(node, URIRef(expand(parts["month"]))) if "month" in parts else None
        if day is not None:
            return str(day)[:10]
        if month is not None:
            return f"{int(year):04d}-{int(month):02d}"
        return int(year)

    def _citations(self, node) -> set[str]:
        keys = set()
        secs = set(self.g.objects(node, PROV.wasDerivedFrom))
        docs_of_secs = {self.g.value(s, DCTERMS.isPartOf) for s in secs}
        for s in secs:
            keys.add(self._source_key(s))
        for d in self.g.objects(node, PROV.hadPrimarySource):
            if d not in docs_of_secs:
                keys.add(self._source_key(d))
        return keys

    def _source_key(self, node) -> str:
        local = str(node)[len(CGD):] if str(node).startswith(CGD) else str(node)
        return local[4:] if local.startswith("src-") else local

    def _sources(self) -> list[dict]:
        cited: set = set()
        for nodes in self.nodes.values():
            for n in nodes:
                cited |= set(self.g.objects(n, PROV.wasDerivedFrom))
                for d in self.g.objects(n, PROV.hadPrimarySource):
                    cited.add(d)
        secs = sorted(n for n in cited if str(self.g.value(n, RDF.type)) == expand("ci:SourceSection"))
        doc_only = set()
        for nodes in self.nodes.values():
            for n in nodes:
                sec_docs = {self.g.value(s, DCTERMS.isPartOf) for s in self.g.objects(n, PROV.wasDerivedFrom)}
                doc_only |= set(self.g.objects(n, PROV.hadPrimarySource)) - sec_docs
        sheet = self.m.sheet("Sources")
        rows = []
        for node, sec in [(d, None) for d in sorted(doc_only)] + [(self.g.value(s, DCTERMS.isPartOf), s)
                                                                  for s in secs]:
            row = {"source": self._source_key(sec or node)}
            for c in sheet.columns:
                if c.header == "source":
                    continue
                target = node if c.node == "document" else sec
                if c.type == "id":
                    row[c.header] = None if target is None else _local(target)
                    continue
                if target is None:
                    row[c.header] = None
                    continue
                v = self.g.value(target, URIRef(c.iri))
                if c.type == "label":
                    default = self.g.value(target, URIRef(expand("dcterms:title" if c.node == "document"
                                                                 else "ci:sectionTitle")))
                    row[c.header] = str(v) if v is not None and str(v) != str(default) else None
                else:
                    row[c.header] = None if v is None else (str(v) if not isinstance(v, Literal) else _text(v))
            rows.append(row)
        return rows


def _local(node) -> str:
    return str(node)[len(CGD):] if str(node).startswith(CGD) else str(node)


def export_rows(graph: rdflib.Graph, initiative: URIRef, *, mapping: Mapping | None = None) -> dict[str, list[dict]]:
    """The rows of the workbook for ``initiative``: {sheet name: [{header: cell value}]}."""
    ex = _Exporter(graph, URIRef(initiative), mapping or load_mapping(), Vocabulary.load())
    ex.collect()
    return ex.rows()

