"""Workbook (or CSV folder) -> RDF, following the mapping table; every problem points to its cell.

IRIs are minted from names (see :func:`slug` and the ``iri`` patterns in
``sheets.csv``): the same name gives the same IRI in every run and in every
workbook, so an organization named in two workbooks is one node. An ``id``
cell, when filled, is used instead.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .lists import Vocabulary
from .mapping import Column, Mapping, Sheet, expand, load_mapping
from .problems import Problem, WorkbookError
from .reader import Table, read_tables

__all__ = ["ImportResult", "import_workbook", "slug", "split_values", "default_label", "CGD"]

CGD = "https://w3id.org/cigraph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
PROV_PRIMARY = "http://www.w3.org/ns/prov#hadPrimarySource"
IS_PART_OF = "http://purl.org/dc/terms/isPartOf"
_PLACEHOLDER = re.compile(r"\{([^}]+)\}")


def slug(text: str, limit: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens, at most ``limit`` characters.

    >>> slug("Youth Policy Institute (YPI)")
    'youth-policy-institute-ypi'
    >>> slug("Équipe d'action: Logement!")
    'equipe-d-action-logement'
    """
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0]
    return s or "x"


def split_values(value) -> list[str]:
    """Kumu's convention: several values in one cell separated by ``|``.

    >>> split_values(" Member | Funder |")
    ['Member', 'Funder']
    """
    if value is None:
        return []
    return [v.strip() for v in str(value).split("|") if v.strip()]


def _norm(name) -> str:
    return " ".join(str(name).split()).casefold()


# A term is (kind, value, datatype-or-lang): ("iri", iri, None) or ("lit", text, datatype | "@en")
Term = tuple


def _iri(v: str) -> Term:
    return ("iri", v, None)


def _lit(v: str, dtype: str | None = None) -> Term:
    return ("lit", v, dtype)


@dataclass
class ImportResult:
    triples: set[tuple[str, str, Term]]
    origins: dict[str, tuple[str, int]]               # node IRI -> (sheet, row)
    warnings: list[Problem] = field(default_factory=list)
    initiative: str | None = None
    file: str = ""

    def to_ntriples(self) -> str:
        return "".join(f"<{s}> <{p}> {_nt(o)} .\n" for s, p, o in sorted(self.triples))

    def to_rdflib(self):
        import rdflib

        g = rdflib.Graph()
        g.parse(data=self.to_ntriples(), format="nt")
        return g

    def to_turtle(self) -> str:
        from ..vocab import PREFIXES

        g = self.to_rdflib()
        for p, ns in PREFIXES.items():
            g.bind(p, ns, override=True)
        return g.serialize(format="turtle")

    def column_for(self, node: str, path: str | None) -> tuple[str, int, str | None] | None:
        """Where a SHACL result about ``node`` (and ``path``) comes from: (sheet, row, column header)."""
        where = self.origins.get(node)
        if where is None:
            return None
        sheet, row = where
        header = None
        if path:
            m = load_mapping()
            for c in m.sheet(sheet).columns:
                if c.iri == path:
                    header = c.header
                    break
        return sheet, row, header


def _nt(o: Term) -> str:
    kind, v, d = o
    if kind == "iri":
        return f"<{v}>"
    esc = v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if d and d.startswith("@"):
        return f'"{esc}"{d}'
    if d and d != XSD + "string":
        return f'"{esc}"^^<{d}>'
    return f'"{esc}"'


class _Row:
    __slots__ = ("sheet", "num", "cells", "iri", "key", "kind")

    def __init__(self, sheet: Sheet, num: int, cells: dict):
        self.sheet, self.num, self.cells = sheet, num, cells
        self.iri = self.key = self.kind = None


class _Importer:
    def __init__(self, path: Path, tables: dict[str, Table], mapping: Mapping, vocab: Vocabulary):
        self.file = path.name
        self.tables, self.m, self.v = tables, mapping, vocab
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.triples: set = set()
        self.origins: dict[str, tuple[str, int]] = {}
        self.rows: dict[str, list[_Row]] = {}
        self.index: dict[str, dict[str, _Row]] = {}        # sheet -> normalised key -> row
        self.context: dict[str, _Row] = {}
        self.sources: dict[str, tuple[str | None, str]] = {}   # normalised key -> (section, document)

    def problem(self, row: _Row | None, column: str | None, message: str, *, sheet: str | None = None):
        self.problems.append(Problem(self.file, sheet or (row.sheet.name if row else None),
                                     row.num if row else None, column, message))

    def add(self, s: str, p: str, o: Term) -> None:
        self.triples.add((s, p, o))

    # -- pass 1: rows, keys and IRIs ------------------------------------------------------
    def collect(self) -> None:
        for sheet in self.m.sheets:
            table = self.tables.get(sheet.name)
            rows = []
            if table is not None:
                known = {c.header for c in sheet.columns}
                for h in table.headers:
                    if h and h not in known:
                        self.warnings.append(Problem(self.file, sheet.name, 1, h,
                                                     "column not in the cigraph layout; its values were ignored"))
                rows = [_Row(sheet, n, cells) for n, cells in table.rows]
            self.rows[sheet.name] = rows
        init_rows = self.rows.get("Initiative", [])
        if not init_rows:
            self.problem(None, None, "no initiative: fill in the one row of the sheet (at least its name)",
                         sheet="Initiative")
        for sheet in self.m.sheets:
            rows = self.rows[sheet.name]
            if sheet.context and len(rows) > 1:
                for r in rows[1:]:
                    self.problem(r, None, f'this sheet takes one row; the first one (row {rows[0].num}) is used,'
                                          " merge the others into it")
                del rows[1:]
        # The initiative first: its id is part of every other IRI.
        self.initiative_id = None
        if init_rows:
            self._identify(init_rows[0])
            self.initiative_id = init_rows[0].iri
        for sheet in self.m.sheets:
            if sheet.name == "Initiative":
                continue
            for r in self.rows[sheet.name]:
                self._identify(r)
        self._resolve_collisions()
        for sheet in self.m.sheets:
            for r in self.rows[sheet.name]:
                if sheet.context:
                    self.context[sheet.context] = r

    def _identify(self, r: _Row) -> None:
        sheet = r.sheet
        kcol = sheet.key
        if sheet.name == "Sources":
            return self._identify_source(r)
        key = r.cells.get(kcol.header) if kcol else None
        label_col = next(iter(sheet.columns_of("label")), None)
        if key is None and label_col is not None and kcol is not None and not kcol.required:
            key = r.cells.get(label_col.header)
        if kcol is not None and key is None:
            self.problem(r, kcol.header, "missing value: give this row a name"
                         + (" (or a label)" if label_col is not None and not kcol.required else ""))
            return
        r.key = str(key) if key is not None else None
        kcol_kind = next(iter(sheet.columns_of("kind")), None)
        r.kind = sheet.kind(r.cells.get(kcol_kind.header) if kcol_kind else None)
        if r.kind is None:
            allowed = ", ".join(k.name for k in sheet.kinds)
            self.problem(r, kcol_kind.header, f"unknown kind {r.cells.get(kcol_kind.header)!r}: use one of {allowed}")
            r.kind = sheet.kinds[0]
        if r.key is not None:
            idx = self.index.setdefault(sheet.name, {})
            nk = _norm(r.key)
            if nk in idx:
                self.problem(r, kcol.header, f"the name {r.key!r} is already used on row {idx[nk].num}:"
                                             " names must be unique on a sheet (other sheets refer to them)")
                return
            idx[nk] = r
        r.iri = self._iri_for(r, r.kind.iri)
        if sheet.context and kcol is None:       # a one-row sheet is referred to by its name ("Backbone")
            self.index.setdefault(sheet.name, {})[_norm(sheet.name)] = r
        if sheet.name == "Initiative" and r.cells.get("short name") is not None:
            self.index.setdefault(sheet.name, {}).setdefault(_norm(r.cells["short name"]), r)

    def _identify_source(self, r: _Row) -> None:
        key = r.cells.get("source")
        if key is None:
            self.problem(r, "source", "missing value: give this source a short name the other sheets can cite")
            return
        r.key = str(key)
        idx = self.index.setdefault("Sources", {})
        if _norm(r.key) in idx:
            self.problem(r, "source", f"the name {r.key!r} is already used on row {idx[_norm(r.key)].num}")
            return
        idx[_norm(r.key)] = r
        if r.cells.get("title") is None:
            self.problem(r, "title", "missing value: give the document's or web page's title")
            return
        sheet = r.sheet
        doc, sec = sheet.kind("document"), sheet.kind("section")
        doc_iri = self._explicit_id(r, "document id") or CGD + self._pattern(r, doc.iri)
        sec_iri = None
        if r.cells.get("section") is not None:
            sec_iri = self._explicit_id(r, "section id") or CGD + self._pattern(r, sec.iri)
        elif r.cells.get("section id") is not None:
            self.problem(r, "section", "a section id is given but no section title")
        r.iri = sec_iri or doc_iri
        self.sources[_norm(r.key)] = (sec_iri, doc_iri)

    def _explicit_id(self, r: _Row, header: str = "id") -> str | None:
        v = r.cells.get(header)
        if v is None:
            return None
        v = str(v).strip()
        if re.match(r"^https?://\S+$", v):
            return v
        if ":" in v:
            full = expand(v)
            if full != v:
                return full
        if re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", v):
            return CGD + v
        self.problem(r, header, f"{v!r} is not a usable identifier: use letters, digits and hyphens"
                                " (or leave it empty)")
        return None

    def _pattern(self, r: _Row, pattern: str) -> str:
        def sub(m):
            name = m.group(1)
            if name == "initiative":
                return (self.initiative_id or CGD + "initiative")[len(CGD):] \
                    if (self.initiative_id or "").startswith(CGD) else slug(self.initiative_id or "initiative")
            if name == "key":
                return slug(r.key or "x")
            for alt in name.split("|"):
                v = r.cells.get(alt)
                if v is not None:
                    return slug(" ".join(split_values(v)) if isinstance(v, str) else v)
            return "\0"                  # empty: dropped below, with the hyphen before it
        out = _PLACEHOLDER.sub(sub, pattern)
        out = re.sub(r"-?\x00", "", out)
        return out or "x"

    def _iri_for(self, r: _Row, pattern: str) -> str:
        explicit = self._explicit_id(r)
        if explicit:
            r.iri = explicit
            return explicit
        return CGD + self._pattern(r, pattern)

    def _resolve_collisions(self) -> None:
        """Two different names that make the same IRI both get a short hash of their name."""
        seen: dict[str, list[_Row]] = {}
        for rows in self.rows.values():
            for r in rows:
                if r.iri:
                    seen.setdefault(r.iri, []).append(r)
        for iri, rows in seen.items():
            if len(rows) < 2:
                continue
            explicit = [r for r in rows if r.cells.get("id") is not None or r.cells.get("section id") is not None]
            if explicit:
                for r in rows[1:]:
                    self.problem(r, "id", f"identifier {iri[len(CGD):] if iri.startswith(CGD) else iri} is"
                                          f" also used by sheet {rows[0].sheet.name!r} row {rows[0].num}")
                continue
            for r in rows:
                h = hashlib.sha1(f"{r.sheet.name}\n{r.key}".encode()).hexdigest()[:6]
                r.iri = f"{iri}-{h}"
            if r.sheet.name == "Sources":
                for r in rows:
                    sec, doc = self.sources[_norm(r.key)]
                    self.sources[_norm(r.key)] = (r.iri if sec else None, doc if sec else r.iri)

    # -- pass 2: triples --------------------------------------------------------------------
    def emit(self) -> None:
        self._emit_sources()
        init = self.context.get("initiative")
        self.initiative_name = str(init.cells.get("name")) if init and init.cells.get("name") else ""
        for sheet in self.m.sheets:
            if sheet.name == "Sources":
                continue
            for r in self.rows[sheet.name]:
                if r.iri is None:
                    continue
                self.origins[r.iri] = (sheet.name, r.num)
                self._emit_row(r)

    def _emit_row(self, r: _Row) -> None:
        sheet = r.sheet
        self.add(r.iri, RDF_TYPE, _iri(r.kind.cls_iri))
        has_label = False
        made: list[str] = []
        provenance: list = []
        for c in sheet.columns:
            raw = r.cells.get(c.header)
            if c.type in ("prompt", "id", "kind"):
                continue
            if c.type == "source":
                provenance = self._emit_provenance(r, c, raw)
                continue
            if raw is None:
                if c.required:
                    self.problem(r, c.header, f"missing value: this column is required ({c.help.rstrip('.')})")
                continue
            values = split_values(raw) if c.many and isinstance(raw, str) else [raw]
            if c.type == "yearday":
                for v in values:
                    for p, term in self._yearday(r, c, v):
                        self.add(r.iri, p, term)
                continue
            if c.type == "makes":
                for v in values:
                    node = self._make(r, c, v)
                    if node:
                        made.append(node)
                        self.add(r.iri, c.iri, _iri(node))
                continue
            for v in values:
                term = self._value(r, c, v)
                if term is None:
                    continue
                if c.inverse:
                    self.add(term[1], c.iri, _iri(r.iri))
                else:
                    self.add(r.iri, c.iri, term)
                if c.iri == RDFS_LABEL:
                    has_label = True
        if not has_label:
            self.add(r.iri, RDFS_LABEL, _lit(self.default_label(r), "@en"))
        for node in made:                       # a node a cell makes cites the row's sources
            for p, o in provenance:
                self.add(node, p, o)
        for s, p, o in sheet.links:
            ends = []
            for end in (s, o):
                if end == "this":
                    ends.append(r.iri)
                    continue
                ctx = self.context.get(end)
                if ctx is None or ctx.iri is None:
                    cs = self.m.context_sheet(end)
                    self.problem(r, None, f'this row belongs to the {end}: fill in the row of sheet "{cs.name}" first')
                    break
                ends.append(ctx.iri)
            else:
                self.add(ends[0], expand(p), _iri(ends[1]))

    def default_label(self, r: _Row) -> str:
        return default_label(r.kind.label, r.key, r.cells, self.initiative_name)

    def _emit_provenance(self, r: _Row, c: Column, raw) -> None:
        keys = split_values(raw)
        out: list = []
        if not keys:
            if c.required:
                self.problem(r, c.header, "missing value: say where this comes from (a name from the first"
                                          ' column of sheet "Sources")')
            return out
        for k in keys:
            hit = self.sources.get(_norm(k))
            if hit is None:
                self._unknown(r, c, k, ["Sources"])
                continue
            sec, doc = hit
            if sec:
                out.append((PROV_DERIVED, _iri(sec)))
            out.append((PROV_PRIMARY, _iri(doc)))
        for p, o in out:
            self.add(r.iri, p, o)
        return out

    def _emit_sources(self) -> None:
        sheet = self.m.sheet("Sources")
        docs: dict[str, dict[str, tuple[object, _Row]]] = {}
        for r in self.rows.get("Sources", []):
            if r.key is None or _norm(r.key) not in self.sources:
                continue
            sec, doc = self.sources[_norm(r.key)]
            fields = docs.setdefault(doc, {})
            for c in sheet.columns:
                raw = r.cells.get(c.header)
                if c.node != "document" or c.type == "id" or raw is None:
                    continue
                prev = fields.get(c.header)
                if prev is not None and _norm(prev[0]) != _norm(raw):
                    self.problem(r, c.header, f"the same document has {prev[0]!r} on row {prev[1].num}:"
                                              " give one value, or a different document id")
                    continue
                fields.setdefault(c.header, (raw, r))
            if sec:
                self.origins[sec] = ("Sources", r.num)
                self.add(sec, RDF_TYPE, _iri(sheet.kind("section").cls_iri))
                self.add(sec, IS_PART_OF, _iri(doc))
                title = str(r.cells["section"])
                self.add(sec, expand("ci:sectionTitle"), _lit(title))
                lab = r.cells.get("section label")
                self.add(sec, RDFS_LABEL, _lit(str(lab) if lab is not None else title, "@en"))
            self.origins.setdefault(doc, ("Sources", r.num))
        for doc, fields in docs.items():
            self.add(doc, RDF_TYPE, _iri(sheet.kind("document").cls_iri))
            for header, (raw, r) in fields.items():
                c = sheet.column(header)
                term = self._value(r, c, raw)
                if term is not None:
                    self.add(doc, c.iri, term)
            if "document label" not in fields and "title" in fields:
                self.add(doc, RDFS_LABEL, _lit(str(fields["title"][0]), "@en"))

    def _yearday(self, r: _Row, c: Column, v) -> list:
        """A year, a month or a day -> the year property (xsd:integer), plus the month and the day
        (xsd:dateTime at midnight) properties the column names in ``values`` (``month=… day=…``)."""
        parts = dict(p.split("=", 1) for p in (c.values or "").split())
        try:
            y, mo, d = _year_month_day(v)
        except ValueError as e:
            self.problem(r, c.header, str(e))
            return []
        out = [(c.iri, _lit(str(y), XSD + "integer"))]
        if d is not None:
            if "day" not in parts:
                self.problem(r, c.header, f"{v!r}: this column takes a year (e.g. {y})")
                return []
            out.append((expand(parts["day"]), _lit(f"{y:04d}-{mo:02d}-{d:02d}T00:00:00", XSD + "dateTime")))
        elif mo is not None:
            if "month" not in parts:
                self.problem(r, c.header, f"{v!r}: give a year ({y}) or a full date ({y}-{mo:02d}-01)")
                return []
            out.append((expand(parts["month"]), _lit(str(mo), XSD + "integer")))
        return out

    def _make(self, r: _Row, c: Column, v) -> str | None:
        """A cell that names a thing of its own (a person): the node, made once per name."""
        cls, pattern = (c.values or "").split("|", 1)
        name = str(v).strip()
        id_col = next((x for x in r.sheet.columns if x.type == "id" and x.node == c.header), None)
        node = self._explicit_id(r, id_col.header) if id_col is not None else None
        node = node or CGD + pattern.replace("{value}", slug(name))
        self.add(node, RDF_TYPE, _iri(expand(cls)))
        self.add(node, expand("ci:name"), _lit(name))
        self.add(node, RDFS_LABEL, _lit(name, "@en"))
        self.origins.setdefault(node, (r.sheet.name, r.num))
        return node

    # -- cells -----------------------------------------------------------------------------
    def _unknown(self, r: _Row, c: Column, value: str, targets: list[str]) -> None:
        names = {}
        for t in targets:
            for row in self.index.get(t, {}).values():
                names.setdefault(row.key, t)
        close = difflib.get_close_matches(value, list(names), n=3, cutoff=0.6)
        where = " or ".join(f'"{t}"' for t in targets)
        msg = f"unknown name {value!r}: no row of sheet {where} has that name"
        if close:
            msg += "; closest: " + ", ".join(repr(n) for n in close)
        else:
            msg += f"; add a row for it on {where}"
        self.problem(r, c.header, msg)

    def _value(self, r: _Row, c: Column, v) -> Term | None:
        t = c.type
        try:
            if t in ("key", "text", "label"):
                text = str(v) if not isinstance(v, (dt.date, dt.datetime)) else v.isoformat()
                return _lit(text, "@en" if c.iri == RDFS_LABEL else None)
            if t == "integer":
                return _lit(str(_integer(v)), XSD + "integer")
            if t == "number":
                n = _number(v)
                return _lit(str(n), XSD + ("integer" if isinstance(n, int) else "decimal"))
            if t == "year":
                y = _year(v)
                dtype = self.v.ranges.get(c.iri, XSD + "gYear")
                return _lit(str(y) if dtype == XSD + "integer" else f"{y:04d}",
                            dtype if dtype in (XSD + "integer", XSD + "gYear") else XSD + "gYear")
            if t == "when":
                return _lit(*_when(v))
            if t == "date":
                return _lit(_date(v), XSD + "date")
            if t == "url":
                s = str(v).strip()
                if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", s):
                    raise ValueError(f"{s!r} is not a web address: start it with http:// or https://")
                return _iri(s)
            if t == "boolean":
                b = str(v).strip().casefold() if not isinstance(v, bool) else ("yes" if v else "no")
                if b not in _BOOLEANS:
                    raise ValueError(f"{v!r} is not yes or no")
                return _lit("true" if _BOOLEANS[b] else "false", XSD + "boolean")
            if t == "list":
                iri = self.v.lookup(c.values, v)
                if iri is None:
                    allowed = ", ".join(self.v.labels(c.values))
                    self.problem(r, c.header, f"unknown value {v!r}: use one of {allowed}")
                    return None
                return _iri(iri)
            if t == "ref":
                hits = [(tname, self.index.get(tname, {}).get(_norm(v))) for tname in c.targets]
                hits = [(tname, row) for tname, row in hits if row is not None and row.iri]
                if not hits:
                    self._unknown(r, c, str(v), list(c.targets))
                    return None
                if len(hits) > 1:
                    self.problem(r, c.header, f"the name {v!r} is on several sheets ("
                                 + ", ".join(f'"{h[0]}"' for h in hits) + "): rename one of them")
                    return None
                return _iri(hits[0][1].iri)
        except ValueError as e:
            self.problem(r, c.header, str(e))
            return None
        raise ValueError(f"column type {t!r} of {c.sheet}/{c.header} is not known")  # a mapping bug


def default_label(pattern: str, key: str | None, cells: dict, initiative_name: str) -> str:
    """The rdfs:label a row gets when its label cell is empty (``label`` patterns of ``sheets.csv``).

    >>> default_label("{participant}: {role} of {initiative name}", None,
    ...               {"participant": "YPI", "role": "Backbone"}, "LA Promise Zone")
    'YPI: Backbone of LA Promise Zone'
    """
    def sub(m):
        name = m.group(1)
        if name == "key":
            return key or ""
        if name == "initiative name":
            return initiative_name
        v = cells.get(name)
        return " | ".join(split_values(v)) if isinstance(v, str) else ("" if v is None else str(v))
    return _PLACEHOLDER.sub(sub, pattern)


def _integer(v) -> int:
    if isinstance(v, bool):
        raise ValueError(f"{v!r} is not a whole number")
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    s = str(v).strip().replace(",", "").replace("\u202f", "").replace(" ", "")
    if re.fullmatch(r"[+-]?\d+(\.0+)?", s):    # "50.0": what some programs write for 50
        return int(float(s))
    raise ValueError(f"{v!r} is not a whole number (write e.g. 50)")


def _number(v):
    if isinstance(v, bool):
        raise ValueError(f"{v!r} is not a number")
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() else Decimal(repr(v))
    s = str(v).strip().replace(",", "")
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise ValueError(f"{v!r} is not a number (write e.g. 2500 or 12.5)") from None
    if not d.is_finite():
        raise ValueError(f"{v!r} is not a number")
    return int(d) if d == d.to_integral_value() and "." not in s and "e" not in s.lower() else d


def _year(v) -> int:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.year
    s = str(v).strip()
    if isinstance(v, (int, float)) and float(v).is_integer():
        s = str(int(v))
    if re.fullmatch(r"\d{4}", s):
        return int(s)
    raise ValueError(f"{v!r} is not a year (write e.g. 2019)")


def _date(v) -> str:
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    s = str(v).strip()
    try:
        return dt.date.fromisoformat(s).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) else _bad_date(v)
    except ValueError:
        return _bad_date(v)


def _bad_date(v):
    raise ValueError(f"{v!r} is not a date (write YYYY-MM-DD, e.g. 2024-03-31)")


_BOOLEANS = {"yes": True, "no": False, "true": True, "false": False, "1": True, "0": False, "y": True, "n": False}


def _year_month_day(v) -> tuple[int, int | None, int | None]:
    """``2012`` / ``2012-03`` / ``2012-03-01`` (or a date cell) -> (year, month or None, day or None).

    >>> _year_month_day("2012-03")
    (2012, 3, None)
    """
    if isinstance(v, (dt.date, dt.datetime)):
        return v.year, v.month, v.day
    s = str(int(v)) if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() \
        else str(v).strip()
    if re.fullmatch(r"\d{4}", s):
        return int(s), None, None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)), int(m.group(2)), None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T00:00:00)?", s)
    if m:
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return d.year, d.month, d.day
        except ValueError:
            pass
    raise ValueError(f"{v!r} is not a year, month or date (write 2014, 2014-05 or 2014-05-20)")


def _when(v) -> tuple[str, str]:
    if isinstance(v, (dt.date, dt.datetime)):
        return _date(v), XSD + "date"
    s = str(int(v)) if isinstance(v, (int, float)) and float(v).is_integer() else str(v).strip()
    if re.fullmatch(r"\d{4}", s):
        return s, XSD + "gYear"
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return s, XSD + "gYearMonth"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        try:
            return dt.date.fromisoformat(s).isoformat(), XSD + "date"
        except ValueError:
            pass
    raise ValueError(f"{v!r} is not a year, month or date (write 2014, 2014-05 or 2014-05-20)")


def import_workbook(path, *, mapping: Mapping | None = None) -> ImportResult:
    """Read one workbook (``.xlsx``) or CSV folder and return its triples.

    Raises :class:`~cigraph.authoring.problems.WorkbookError` listing every
    problem found (unknown names and list values, missing or malformed values),
    each with its sheet, row and column.
    """
    path = Path(path)
    m = mapping or load_mapping()
    tables = read_tables(path, m.names)
    if not tables:
        raise WorkbookError([Problem(path.name, None, None, None,
                                     "no sheet of the cigraph layout found (Initiative, Organizations, …);"
                                     " start from `cigraph new`")])
    imp = _Importer(path, tables, m, Vocabulary.load())
    imp.collect()
    imp.emit()
    if imp.problems:
        raise WorkbookError(imp.problems)
    return ImportResult(imp.triples, imp.origins, imp.warnings, imp.initiative_id, path.name)
