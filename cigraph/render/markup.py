"""The one HTML escaping path of the report and its charts.

Every string that comes from the data reaches HTML or SVG through :func:`h` (text and attribute values alike),
and every page is assembled from templates with :func:`cigraph.render.static.fill`. Numbers are formatted by
:func:`num` so that no ``nan`` or exponent slips into an SVG attribute.

>>> h('<script>alert("x")</script> & co')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co'
>>> num(0.123456), num(3.0), num(float("nan"))
('0.12', '3', '0')
"""

from __future__ import annotations

import html
import math
import re

__all__ = ["h", "num", "slug"]


def h(value) -> str:
    """``value`` as text safe inside HTML/SVG elements and double- or single-quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def num(x, digits: int = 2) -> str:
    """A number for an SVG attribute: rounded, no trailing zeros, finite."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        return "0"
    if math.isnan(x) or math.isinf(x):
        return "0"
    s = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def slug(text: str) -> str:
    """A file or anchor name from a name: lower case, ASCII letters, digits and dashes.

    >>> slug("Sault Ste. Marie Poverty Round Table"), slug("TRC92: Youth Employment")
    ('sault-ste-marie-poverty-round-table', 'trc92-youth-employment')
    """
    s = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return s or "item"
