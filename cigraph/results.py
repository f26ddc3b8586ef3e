"""Query answers as plain Python values, for people using cigraph from Python.

:func:`to_python` turns one RDF term into a plain value; :class:`Rows` is the answer
to a SELECT (a list of dicts, with ``variables`` and ``to_dataframe()``).

* IRI -> :class:`IRI` (a ``str``: compares equal to the IRI text, and says what it is)
* ``xsd:integer`` and its kin -> ``int``; ``xsd:double``/``float`` -> ``float``;
  ``xsd:decimal`` -> ``int`` when whole, else ``float``; ``xsd:boolean`` -> ``bool``
* ``xsd:date`` -> ``datetime.date``; ``xsd:dateTime`` -> ``datetime.datetime``
* any other literal (strings, language-tagged text, ``xsd:gYear``…) -> its text (``str``)
* blank node -> ``"_:id"``; unbound -> ``None``

>>> import pyoxigraph as ox
>>> to_python(ox.NamedNode("https://w3id.org/cigraph/id/lapz"))
IRI('https://w3id.org/cigraph/id/lapz')
>>> to_python(ox.Literal("2014-01-09", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
datetime.date(2014, 1, 9)
>>> rows = Rows(["n"], [{"n": 1}, {"n": 2}])
>>> rows.column("n")
[1, 2]
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

__all__ = ["IRI", "Rows", "to_python"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
                                "unsignedShort", "unsignedByte")}


class IRI(str):
    """An IRI: a ``str`` holding the full IRI, so ``row["i"] == "https://…"`` holds."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"


def to_python(term) -> Any:
    """One pyoxigraph term as a plain Python value (see the module docstring)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        v = term.value
        try:
            if dt in _INTEGERS:
                return int(v)
            if dt in (_XSD + "double", _XSD + "float"):
                return float(v)
            if dt == _XSD + "decimal":
                f = float(v)
                return int(f) if f.is_integer() else f
            if dt == _XSD + "boolean":
                return v in ("true", "1")
            if dt == _XSD + "date" and len(v) == 10:
                return _dt.date.fromisoformat(v)
            if dt == _XSD + "dateTime":
                return _dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            pass
        return v
    return str(term)


class Rows(list):
    """The rows of a SELECT answer: a list of dicts (variable -> plain value, ``None`` when unbound).

    ``variables`` gives the columns in the query's order; ``truncated`` says a row limit cut the answer.
    """

    def __init__(self, variables: list[str], rows=(), *, truncated: bool = False):
        super().__init__(rows)
        self.variables = list(variables)
        self.truncated = truncated

    def column(self, name: str) -> list:
        """One column's values, in row order."""
        if name not in self.variables:
            from .errors import QueryError

            raise QueryError(f"no column {name!r}: the columns are {', '.join(self.variables) or '(none)'}.")
        return [r.get(name) for r in self]

    def to_dataframe(self):
        """A pandas ``DataFrame`` with one column per variable (pandas must be installed)."""
        try:
            import pandas as pd
        except ImportError:
            from .errors import CigraphError

            raise CigraphError("to_dataframe() needs pandas: pip install pandas") from None
        return pd.DataFrame([[r.get(v) for v in self.variables] for r in self], columns=self.variables)

    def __repr__(self) -> str:
        return f"Rows(variables={self.variables!r}, {len(self)} row{'s' if len(self) != 1 else ''})"
