"""SHACL validation of the dataset, returning a typed report (never printing or exiting).

Two engines give the same results on cigraph's shapes:

* ``pyshacl`` — the reference implementation of SHACL Core + SPARQL constraints,
  run over an rdflib copy of the dataset; right for the case studies, slow
  above ~10^5 triples.
* ``sparql`` — cigraph's own compiler of the SHACL Core subset the shapes use
  into SPARQL queries run inside Oxigraph (see :mod:`cigraph.shacl_sparql`);
  used for large datasets. ``tests/test_validate_engines.py`` checks both engines agree.

``auto`` picks ``pyshacl`` below :data:`AUTO_THRESHOLD` triples and ``sparql`` above.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .resources import shapes_file
from .vocab import curie

__all__ = ["Severity", "ValidationResult", "ValidationReport", "validate", "path_curie", "AUTO_THRESHOLD"]

AUTO_THRESHOLD = 100_000


def path_curie(path: str) -> str:
    """A result path shortened for reading: an IRI as a CURIE, a property path
    (SPARQL syntax, see :func:`cigraph.shacl_sparql.sparql_path`) with each IRI shortened.

    >>> path_curie("https://w3id.org/cigraph#name")
    'ci:name'
    >>> path_curie("^<http://www.w3.org/ns/org#organization>/<http://www.w3.org/ns/org#member>")
    '^org:organization/org:member'
    """
    import re

    if "<" not in path:
        return curie(path)
    return re.sub(r"<([^<>]*)>", lambda m: curie(m.group(1)), path)


class Severity(str, enum.Enum):
    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def from_iri(cls, iri: str) -> "Severity":
        return cls(iri.rsplit("#", 1)[-1])


@dataclass(frozen=True)
class ValidationResult:
    severity: Severity
    focus_node: str
    path: str | None
    message: str
    value: str | None = None
    shape: str | None = None

    def sort_key(self) -> tuple:
        order = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}
        return (order[self.severity], self.focus_node, self.path or "", self.message, self.value or "")

    def to_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = self.severity.value
        return d


@dataclass
class ValidationReport:
    results: list[ValidationResult] = field(default_factory=list)
    engine: str = "pyshacl"
    triples: int = 0

    @property
    def conforms(self) -> bool:
        """True when there is no result of severity Violation (warnings don't fail)."""
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    def count(self, severity: str | Severity) -> int:
        sev = Severity(severity)
        return sum(1 for r in self.results if r.severity is sev)

    def to_dict(self) -> dict:
        return {
            "schema_version": 1,
            "conforms": self.conforms,
            "engine": self.engine,
            "triples": self.triples,
            "violations": self.count("Violation"),
            "warnings": self.count("Warning"),
            "results": [r.to_dict() for r in sorted(self.results, key=ValidationResult.sort_key)],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def to_text(self, *, limit: int | None = None) -> str:
        head = (f"{'Conforms' if self.conforms else 'Does NOT conform'}: "
                f"{self.count('Violation')} violation(s), {self.count('Warning')} warning(s)"
                f" ({self.triples} triples, engine {self.engine})")
        lines = [head]
        shown = sorted(self.results, key=ValidationResult.sort_key)
        for r in shown[:limit] if limit else shown:
            lines.append(f"  [{r.severity.value}] {curie(r.focus_node)}"
                         f"{'  path ' + path_curie(r.path) if r.path else ''}")
            lines.append(f"      {r.message}" + (f"  (value: {curie(r.value)})" if r.value else ""))
        if limit and len(shown) > limit:
            lines.append(f"  … {len(shown) - limit} more (use --format json for all)")
        return "\n".join(lines)


def validate(dataset, *, shapes: str | Path | None = None, engine: str = "auto") -> ValidationReport:
    """Validate a :class:`~cigraph.dataset.Dataset` against the SHACL shapes.

    Returns a :class:`ValidationReport`; ``report.conforms`` is False when any
    result has severity Violation.
    """
    shapes = Path(shapes) if shapes else shapes_file()
    n = len(dataset)
    if engine == "auto":
        engine = "pyshacl" if n < AUTO_THRESHOLD else "sparql"
    if engine == "pyshacl":
        results = _validate_pyshacl(dataset, shapes)
    elif engine == "sparql":
        from .shacl_sparql import validate_sparql

        results = validate_sparql(dataset, shapes)
    else:
        raise ValueError(f"unknown validation engine {engine!r}: use auto, pyshacl or sparql")
    from .terms_check import unknown_terms

    results = list(results) + unknown_terms(dataset)   # typos in ci: terms (SHACL cannot see them)
    return ValidationReport(sorted(set(results), key=ValidationResult.sort_key), engine, n)


def _validate_pyshacl(dataset, shapes: Path) -> list[ValidationResult]:
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    from .shacl_sparql import sparql_path

    data = dataset.to_rdflib()
    sg = Graph().parse(shapes)
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=sg, inference="none",
                                                advanced=True, allow_warnings=True)
    out = []
    for r in report.subjects(SH.resultSeverity, None):
        sev = Severity.from_iri(str(report.value(r, SH.resultSeverity)))
        path = report.value(r, SH.resultPath)
        value = report.value(r, SH.value)
        msg = report.value(r, SH.resultMessage)
        out.append(ValidationResult(
            severity=sev,
            focus_node=str(report.value(r, SH.focusNode)),
            path=sparql_path(report, path) if path is not None else None,
            message=str(msg) if msg is not None else "constraint not met",
            value=str(value) if value is not None else None,
            shape=None,
        ))
    return out
