"""The one table that maps workbook sheets and columns to ontology terms.

``sheets.csv`` has one line per sheet (and per kind of thing on a sheet that
holds several kinds); ``columns.csv`` one line per column. The workbook writer,
the importer, the exporter and the docs all read them, so a round trip holds by
construction and a new column is one line.

>>> m = load_mapping()
>>> m.sheet("Activities").column("performed by").term
'ci:performedBy'
>>> m.sheet("Targets").column("priority").inverse
True
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from importlib import resources

__all__ = ["Column", "Kind", "Sheet", "Mapping", "load_mapping", "expand", "TYPES"]

#: column types and what a cell holds
TYPES = {
    "key": "the row's name, which other sheets use to refer to it",
    "text": "free text",
    "integer": "a whole number",
    "number": "a number",
    "year": "a year (2019)",
    "when": "a year, a month (2014-05) or a date (2014-05-20)",
    "yearday": "a year, a month or a date: the year property, and the month / day properties named in values",
    "boolean": "yes or no",
    "makes": "a name that makes a node of its own (values: class|IRI pattern), e.g. a person",
    "date": "a date (YYYY-MM-DD)",
    "url": "a web address (http:// or https://)",
    "list": "a value from a closed list (the dropdown)",
    "ref": "a name from another sheet",
    "kind": "the kind of thing the row is",
    "source": "names from the first column of Sources",
    "label": "a display label",
    "id": "an identifier (optional: made from the name when empty)",
    "prompt": "a question to answer (not imported)",
}

_PREFIXES = {
    "ci": "https://w3id.org/cigraph#",
    "org": "http://www.w3.org/ns/org#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "time": "http://www.w3.org/2006/time#",
    "qb": "http://purl.org/linked-data/cube#",
    "schema": "https://schema.org/",
    "cids": "https://ontology.commonapproach.org/cids#",
}


def expand(curie: str) -> str:
    """``ci:name`` -> the full IRI (a full IRI is returned as it is)."""
    prefix, _, local = curie.partition(":")
    ns = _PREFIXES.get(prefix)
    if ns is None or local.startswith("//"):
        return curie
    return ns + local


@dataclass(frozen=True)
class Column:
    sheet: str
    header: str
    term: str | None          # CURIE; None for source / id / prompt columns
    type: str
    many: bool
    required: bool
    values: str | None        # list: the SKOS scheme; ref / source: the target sheet(s), '|'-separated
    node: str | None          # Sources only: "document" or "section"
    help: str
    inverse: bool = False     # the triple runs from the referenced node to this row's node

    @property
    def iri(self) -> str | None:
        return expand(self.term) if self.term else None

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in (self.values or "").split("|") if t.strip())

    def describe(self) -> str:
        """The header comment: what to enter, and the ontology term behind the column."""
        bits = [self.help]
        if self.type == "list":
            bits.append("Choose from the list" + (" (several separated by |)." if self.many else "."))
        elif self.type in ("ref", "source"):
            bits.append("A name from " + " or ".join(f'"{t}"' for t in self.targets)
                        + (" (several separated by |)." if self.many else "."))
        elif self.many:
            bits.append("Several values separated by |.")
        if self.required:
            bits.append("Required.")
        if self.term:
            bits.append(f"Ontology term: {'inverse of ' if self.inverse else ''}{self.term.lstrip('^')}")
        return "\n".join(b for b in bits if b)


@dataclass(frozen=True)
class Kind:
    name: str
    cls: str        # CURIE
    iri: str        # IRI pattern: {header} is the slug of that cell, {initiative} the initiative's id
    label: str      # default rdfs:label pattern: {header} is that cell's text, {initiative name} the name

    @property
    def cls_iri(self) -> str:
        return expand(self.cls)


@dataclass
class Sheet:
    name: str
    kinds: list[Kind]
    context: str | None                      # the name the single row of this sheet is known by
    links: list[tuple[str, str, str]]        # (subject, CURIE, object); "this" is the row's node
    help: str
    columns: list[Column] = field(default_factory=list)

    def column(self, header: str) -> Column:
        for c in self.columns:
            if c.header == header:
                return c
        raise KeyError(f"{self.name}: no column {header!r}")

    def columns_of(self, type_: str) -> list[Column]:
        return [c for c in self.columns if c.type == type_]

    @property
    def key(self) -> Column | None:
        return next(iter(self.columns_of("key")), None)

    def kind(self, name: str | None) -> Kind | None:
        if not name:
            return self.kinds[0]
        for k in self.kinds:
            if k.name.casefold() == str(name).strip().casefold():
                return k
        return None

    def kind_of_class(self, cls_iri: str) -> Kind | None:
        return next((k for k in self.kinds if k.cls_iri == cls_iri), None)

    @property
    def classes(self) -> set[str]:
        return {k.cls_iri for k in self.kinds}


@dataclass
class Mapping:
    sheets: list[Sheet]

    def sheet(self, name: str) -> Sheet:
        for s in self.sheets:
            if s.name == name:
                return s
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def context_sheet(self, context: str) -> Sheet:
        return next(s for s in self.sheets if s.context == context)

    def sheet_of_class(self, cls_iri: str) -> Sheet | None:
        return next((s for s in self.sheets if cls_iri in s.classes), None)


def _read(name: str) -> list[dict]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _links(text: str) -> list[tuple[str, str, str]]:
    out = []
    for part in (text or "").split("|"):
        if part.strip():
            s, p, o = part.split()
            out.append((s, p, o))
    return out


@functools.lru_cache(maxsize=1)
def load_mapping() -> Mapping:
    """Read ``sheets.csv`` and ``columns.csv`` (cached: they ship with the package), keeping the sheets and
    columns whose terms the ontology declares (see :func:`_declared`)."""
    from .lists import Vocabulary

    return _declared(_load_all(), Vocabulary.load())


def _declared(m: Mapping, vocab) -> Mapping:
    """The part of the mapping the bundled ontology supports.

    A sheet whose class, or a column whose term, list scheme or month/day property the ontology does not
    declare is left out (so lines written for a newer ontology wait until it lands); when two lines of a
    sheet share a header, the first one left is used (``founded`` reads ``ci:foundedYear`` where the
    ontology has it, ``ci:foundedOn`` otherwise). Terms of other vocabularies (rdfs:, org:, dcterms:…)
    are taken as they are.
    """
    def known(curie: str | None) -> bool:
        return not curie or not curie.startswith("ci:") or expand(curie) in vocab.terms

    sheets = []
    for s in m.sheets:
        kinds = [k for k in s.kinds if known(k.cls)]
        if not kinds or not all(known(p) for _s, p, _o in s.links):
            continue
        cols, seen = [], set()
        for c in s.columns:
            extra = [v.split("=", 1)[1] for v in (c.values or "").split() if "=" in v] if c.type == "yearday" else []
            scheme_ok = c.type != "list" or bool(vocab.concepts(c.values))
            if c.header in seen or not known(c.term) or not all(known(e) for e in extra) or not scheme_ok:
                continue
            seen.add(c.header)
            cols.append(c)
        sheets.append(Sheet(s.name, kinds, s.context, s.links, s.help, cols))
    names = {s.name for s in sheets}
    for s in sheets:   # a reference to a sheet that was left out is dropped from the column
        s.columns = [c for c in s.columns if c.type not in ("ref",) or any(t in names for t in c.targets)]
        s.columns = [c if c.type != "ref" or all(t in names for t in c.targets) else
                     Column(**{**c.__dict__, "values": "|".join(t for t in c.targets if t in names)})
                     for c in s.columns]
    return Mapping(sheets)


def _load_all() -> Mapping:
    sheets: dict[str, Sheet] = {}
    for r in _read("sheets.csv"):
        kind = Kind(r["kind"] or r["sheet"], r["class"], r["iri"], r["label"])
        if r["sheet"] in sheets:
            sheets[r["sheet"]].kinds.append(kind)
            continue
        sheets[r["sheet"]] = Sheet(r["sheet"], [kind], r["context"] or None, _links(r["links"]), r["help"])
    for r in _read("columns.csv"):
        term = r["term"] or None
        inverse = bool(term and term.startswith("^"))
        sheets[r["sheet"]].columns.append(Column(
            sheet=r["sheet"], header=r["header"], term=term.lstrip("^") if term else None, type=r["type"],
            many=r["many"] == "yes", required=r["required"] == "yes", values=r["values"] or None,
            node=r["node"] or None, help=r["help"], inverse=inverse))
    return Mapping(list(sheets.values()))


@functools.lru_cache(maxsize=1)
def prompts() -> dict[str, str]:
    """Condition IRI -> the worksheet question asked for it (paraphrased from the CRP tool)."""
    return {expand(r["condition"]): r["question"] for r in _read("prompts.csv")}
