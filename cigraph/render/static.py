"""The render layer's static files (HTML templates, CSS, JavaScript) under ``cigraph/render/assets/``.

They are package data (in the wheel), read with :mod:`importlib.resources`, linted by Biome
(``tools/asset-lint``) and exercised by the browser tests; no page markup lives in Python strings.

>>> "<!DOCTYPE html>" in asset("map/map.html")
True
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["asset", "fill"]


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of ``cigraph/render/assets/<name>`` (``/``-separated, e.g. ``"map/map.js"``)."""
    import importlib.resources

    node = importlib.resources.files("cigraph.render").joinpath("assets")
    for part in name.split("/"):
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


def fill(template: str, **parts: str) -> str:
    """Put each ``parts[KEY]`` where the template says ``%%KEY%%`` or ``<!--%%KEY%%-->``.

    Every placeholder must be filled and every part used, so a renamed marker fails loudly
    instead of leaving ``%%…%%`` on a page. Parts are inserted as given: escaping is the caller's.

    >>> fill("<title>%%T%%</title><!--%%B%%-->", T="x", B="<p>y</p>")
    '<title>x</title><p>y</p>'
    """
    import re

    marker = re.compile(r"<!--%%([A-Z_]+)%%-->|%%([A-Z_]+)%%")
    wanted = {a or b for a, b in marker.findall(template)}
    if wanted != set(parts):
        raise ValueError(f"template placeholders {sorted(wanted)} do not match the parts {sorted(parts)}")
    return marker.sub(lambda m: parts[m.group(1) or m.group(2)], template)
