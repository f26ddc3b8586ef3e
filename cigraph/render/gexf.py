"""GEXF 1.2 (Gephi's format) of a :class:`~cigraph.render.map_network.MapNetwork`.

Written here rather than by ``networkx.write_gexf``, which puts ``name=""`` on
``<graph>`` (an attribute the GEXF 1.2draft XSD does not allow) and cannot
carry the map's look. The file:

* validates against the GEXF 1.2draft XSD (``gexf.xsd`` + ``viz.xsd``);
* says in ``<meta><description>`` which network it holds;
* declares every attribute once, typed (``string``, ``double``, ``boolean``),
  with readable values (labels, several joined with ``" | "``);
* carries ``viz:color``, ``viz:size``, ``viz:position`` and ``viz:shape`` on
  nodes and ``viz:color``/``viz:thickness`` on edges, so Gephi opens it
  looking like the map (the y axis is flipped: the map's grows downwards,
  Gephi's upwards).

>>> from cigraph.render.map_network import MapNetwork, NetNode, NetEdge
>>> net = MapNetwork("collaboration", "t", "two nodes",
...                  [NetNode("a", {"name": "A", "backbone": True}, "#ff0000", 10, 1, 2, "dot"),
...                   NetNode("b", {"name": "B <&>", "backbone": False}, "#00ff00", 5, 0, 0, "star")],
...                  [NetEdge("a", "b", {"kind": "collaboration", "weight": 2.0}, "#0000ff", 3, False)])
>>> xml = gexf_bytes(net).decode()
>>> 'name=""' in xml, 'label="B &lt;&amp;&gt;"' in xml, '<viz:color r="255" g="0" b="0"' in xml
(False, True, True)
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

from .. import __version__

__all__ = ["GEXF_NS", "VIZ_NS", "gexf_bytes", "write_gexf"]

GEXF_NS = "http://www.gexf.net/1.2draft"
VIZ_NS = "http://www.gexf.net/1.2draft/viz"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
# vis-network shapes -> GEXF viz shapes (disc | square | triangle | diamond | image)
_SHAPES = {"dot": "disc", "star": "disc", "hexagon": "disc", "square": "square", "triangle": "triangle",
           "triangleDown": "triangle", "diamond": "diamond"}


def _q(tag: str) -> str:
    return f"{{{GEXF_NS}}}{tag}"


def _v(tag: str) -> str:
    return f"{{{VIZ_NS}}}{tag}"


def _type(values) -> str:
    vs = [v for v in values if v is not None and v != ""]
    if vs and all(isinstance(v, bool) for v in vs):
        return "boolean"
    if vs and all(isinstance(v, int) and not isinstance(v, bool) for v in vs):
        return "long"
    if vs and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vs):
        return "double"
    return "string"


def _value(v, typ: str) -> str:
    if typ == "boolean":
        return "true" if v else "false"
    if typ == "double":
        return repr(float(v))
    if typ == "long":
        return str(int(v))
    return str(v)


def _declare(parent, cls: str, records) -> list[tuple[str, str, str]]:
    keys: dict[str, list] = {}
    for attrs in records:
        for k, v in attrs.items():
            keys.setdefault(k, []).append(v)
    # ids are the titles (as Gephi's own exports do), so every client shows readable column names
    decl = [(k, k, _type(vs)) for k, vs in keys.items()]
    el = ET.SubElement(parent, _q("attributes"), {"class": cls, "mode": "static"})
    for aid, title, typ in decl:
        ET.SubElement(el, _q("attribute"), {"id": aid, "title": title, "type": typ})
    return decl


def _attvalues(parent, attrs: dict, decl) -> None:
    vals = ET.SubElement(parent, _q("attvalues"))
    for aid, title, typ in decl:
        v = attrs.get(title)
        if v is None or v == "":
            continue
        ET.SubElement(vals, _q("attvalue"), {"for": aid, "value": _value(v, typ)})


def _rgb(hex_color: str) -> dict[str, str]:
    h = hex_color.lstrip("#")
    if len(h) != 6:
        h = "999999"
    return {"r": str(int(h[0:2], 16)), "g": str(int(h[2:4], 16)), "b": str(int(h[4:6], 16))}


def gexf_bytes(net) -> bytes:
    """The GEXF document of ``net`` (UTF-8)."""
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    ET.register_namespace("xsi", _XSI)
    q, v = _q, _v
    root = ET.Element(q("gexf"), {"version": "1.2", f"{{{_XSI}}}schemaLocation":
                                  f"{GEXF_NS} http://www.gexf.net/1.2draft/gexf.xsd"})
    meta = ET.SubElement(root, q("meta"), {"lastmodifieddate": time.strftime("%Y-%m-%d")})
    ET.SubElement(meta, q("creator")).text = f"cigraph {__version__}"
    ET.SubElement(meta, q("keywords")).text = f"collective impact, {net.view} network"
    ET.SubElement(meta, q("description")).text = f"{net.title}. {net.description}"
    graph = ET.SubElement(root, q("graph"), {"defaultedgetype": "directed" if net.directed else "undirected",
                                             "mode": "static"})
    ndecl = _declare(graph, "node", [n.attrs for n in net.nodes])
    # the edge weight is GEXF's own ``weight``; Gephi would clash with a second "weight" column
    # and the edge's label is its own ``label`` attribute
    edecl = _declare(graph, "edge", [{k: x for k, x in e.attrs.items() if k not in ("weight", "label")}
                                     for e in net.edges])
    nodes = ET.SubElement(graph, q("nodes"), {"count": str(len(net.nodes))})
    for n in net.nodes:
        el = ET.SubElement(nodes, q("node"), {"id": n.id, "label": str(n.attrs.get("name") or n.id)})
        _attvalues(el, n.attrs, ndecl)
        ET.SubElement(el, v("color"), _rgb(n.color))
        ET.SubElement(el, v("position"), {"x": f"{n.x:.2f}", "y": f"{-n.y:.2f}", "z": "0.0"})
        ET.SubElement(el, v("size"), {"value": f"{max(n.size, 0.0):.2f}"})
        ET.SubElement(el, v("shape"), {"value": _SHAPES.get(n.shape, "disc")})
    edges = ET.SubElement(graph, q("edges"), {"count": str(len(net.edges))})
    for i, e in enumerate(net.edges):
        attrs = {"id": f"e{i}", "source": e.source, "target": e.target,
                 "weight": repr(float(e.attrs.get("weight", 1.0)))}
        if e.attrs.get("label"):
            attrs["label"] = str(e.attrs["label"])
        el = ET.SubElement(edges, q("edge"), attrs)
        _attvalues(el, e.attrs, edecl)
        ET.SubElement(el, v("color"), _rgb(e.color))
        ET.SubElement(el, v("thickness"), {"value": f"{max(e.width, 0.0):.2f}"})
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_gexf(net, path) -> None:
    """Write ``net`` to ``path`` atomically."""
    from ..util import atomic_path

    with atomic_path(path) as tmp:
        tmp.write_bytes(gexf_bytes(net))
