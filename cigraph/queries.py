"""Queries kept as files in ``queries/``: one question per file, the file name its id.

A header at the top of the file states the question::

    #+ summary: Which priorities does no activity serve?
    #+ kind: gap
    #+ params: initiative (optional)

(``//+`` in Cypher files). The same question in SPARQL and Cypher shares the
id (``backbones.rq``, ``backbones.cypher``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import QueryError
from .resources import queries_dir

__all__ = ["Query", "Param", "QueryLibrary", "parse_query_file"]

LANGUAGES = {".rq": "sparql", ".sparql": "sparql", ".cypher": "cypher", ".cql": "cypher"}
KINDS = {"cq", "gap", "check", "explore"}
_HEADER = re.compile(r"^\s*(?:#|//)\+\s*(\w+)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class Param:
    name: str
    optional: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Query:
    id: str
    language: str
    text: str
    summary: str = ""
    kind: str = "cq"
    params: tuple[Param, ...] = ()
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    path: Path | None = None

    def check_params(self, given: dict) -> dict:
        """Check required parameters are given and no unknown ones; fill optional ones with None."""
        names = {p.name for p in self.params}
        unknown = set(given) - names
        if unknown:
            raise QueryError(f"query {self.id!r} has no parameter {', '.join(sorted(unknown))};"
                             f" it takes: {', '.join(sorted(names)) or 'none'}.")
        missing = [p.name for p in self.params if not p.optional and p.name not in given]
        if missing:
            raise QueryError(f"query {self.id!r} needs --param {missing[0]}=VALUE.")
        return {p.name: given.get(p.name) for p in self.params}


def parse_query_file(path: str | Path) -> Query:
    path = Path(path)
    language = LANGUAGES.get(path.suffix)
    if language is None:
        raise QueryError(f"{path}: unknown query file type (use .rq or .cypher).")
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line)
        if m:
            meta[m.group(1).lower()] = m.group(2)
        elif line.strip() and not line.lstrip().startswith(("#", "//")):
            break
    params = []
    for part in filter(None, (p.strip() for p in re.split(r",(?![^()]*\))", meta.get("params", "")))):
        if part.lower() in ("none", "-"):
            continue
        m = re.match(r"(\w+)\s*(\((.*)\))?", part)
        if m:
            note = (m.group(3) or "").strip()
            params.append(Param(m.group(1), optional="optional" in note, doc=note))
    kind = meta.get("kind", "cq").split()[0] if meta.get("kind") else "cq"
    return Query(id=path.stem, language=language, text=text, summary=meta.get("summary", ""),
                 kind=kind, params=tuple(params), meta=meta, path=path)


class QueryLibrary:
    """The query files of a folder (default: the bundled ``queries/``)."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory else queries_dir()

    def all(self, language: str | None = None) -> list[Query]:
        if not self.directory.is_dir():
            return []
        out = [parse_query_file(p) for p in sorted(self.directory.iterdir()) if p.suffix in LANGUAGES]
        return [q for q in out if language is None or q.language == language]

    def get(self, query_id: str, language: str) -> Query:
        for q in self.all(language):
            if q.id == query_id:
                return q
        known = [q.id for q in self.all(language)]
        import difflib

        close = difflib.get_close_matches(query_id, known, n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else f" Known: {', '.join(known)}."
        raise QueryError(f"no {language} query named {query_id!r} in {self.directory}.{hint}")

    def resolve(self, text_or_id: str | None, file: str | None, language: str) -> Query:
        """A query given as a file (-f), a library id, or inline text."""
        if file:
            if file == "-":
                import sys

                return Query(id="stdin", language=language, text=sys.stdin.read())
            p = Path(file)
            if not p.is_file():
                raise QueryError(f"query file {file} not found.")
            q = parse_query_file(p) if p.suffix in LANGUAGES else Query(id=p.stem, language=language,
                                                                         text=p.read_text())
            return q
        if text_or_id is None:
            raise QueryError("give a query: inline text, a query id from `cigraph queries`, or -f FILE.")
        if re.fullmatch(r"[a-z0-9][a-z0-9-]*", text_or_id):
            return self.get(text_or_id, language)
        return Query(id="inline", language=language, text=text_or_id)
