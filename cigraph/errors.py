"""Errors cigraph raises. Each message says what went wrong and what to do next.

The CLI (and only the CLI) turns them into exit codes:

=====  ==============================================================
code   meaning
=====  ==============================================================
0      success (``validate``: the data conforms)
1      the data does not conform to the shapes (``ValidationFailed``)
2      usage error (bad option or argument; click's own code)
3      bad input data: malformed Turtle, unknown entity (``DataError``)
4      query error: syntax error, time limit, bad parameter (``QueryError``)
5      store error: workspace missing, Neo4j unreachable or refusing (``StoreError``)
6      any other cigraph error (``CigraphError``)
130    interrupted (Ctrl-C); the previous good state is kept
=====  ==============================================================
"""

from __future__ import annotations

__all__ = [
    "CigraphError",
    "DataError",
    "ValidationFailed",
    "QueryError",
    "StoreError",
    "WorkspaceMissing",
]


class CigraphError(Exception):
    """Base class of every error cigraph raises on purpose."""

    exit_code = 6


class DataError(CigraphError):
    """Input data cannot be read: malformed RDF, unknown entity, bad file."""

    exit_code = 3

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None, suggestions: list[str] | None = None):
        self.file, self.line, self.column = file, line, column
        self.suggestions = suggestions or []
        super().__init__(message)


class ValidationFailed(CigraphError):
    """The data violates the SHACL shapes; ``report`` holds the details."""

    exit_code = 1

    def __init__(self, report):
        self.report = report
        super().__init__(
            f"the data does not conform to the shapes: {report.count('Violation')} violation(s)."
            " Fix the listed focus nodes (see `cigraph validate`) and build again."
        )


class QueryError(CigraphError):
    """A query could not be parsed or run (syntax, time limit, parameters)."""

    exit_code = 4


class StoreError(CigraphError):
    """A store cannot be opened, reached or written."""

    exit_code = 5


class WorkspaceMissing(StoreError):
    """No built workspace where one was expected."""

    def __init__(self, path):
        self.path = path
        super().__init__(f"no cigraph workspace at {path}: run `cigraph build` first"
                         " (or pass --workspace / set CIGRAPH_WORKSPACE).")
