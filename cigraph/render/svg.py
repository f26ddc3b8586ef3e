"""Charts of the report as inline SVG, hand-rolled (no library, no network, a few KB per chart).

Each function takes plain data and returns one ``<svg>`` element as text; every string from the data goes
through :func:`cigraph.render.markup.h`. Elements carry classes a test (or a stylesheet) can count:

=====================  ===================================================================
chart                  countable elements
=====================  ===================================================================
:func:`profile`        ``rect.pf-maturity``, ``rect.pf-evidence``, ``rect.pf-complete`` (one per condition),
                       ``circle.pf-history`` (one per dated assessment)
:func:`heatmap`        ``g.hm-row`` (one per initiative), ``rect.hm-cell`` (initiatives × conditions)
:func:`network`        ``g.net-node`` (one per node), ``line.net-edge`` (one per edge)
:func:`backbone_panel` ``rect.bb-rank``, ``rect.bb-broker`` (one per brokerage role), ``rect.bb-removal``
=====================  ===================================================================

>>> s = heatmap([("A <1>", "a", [3, 2, None, 1, 2], [1.0, 0.5, 0.0, 1.0, 0.25])], ["C1", "C2", "C3", "C4", "C5"])
>>> s.count('class="hm-cell"'), "A &lt;1&gt;" in s, "<1>" in s
(5, True, False)
"""

from __future__ import annotations

import math

from .markup import h, num

__all__ = ["MATURITY_COLORS", "MATURITY_NAMES", "profile", "heatmap", "network", "backbone_panel", "legend"]

#: maturity rank -> fill (a sequential blue scale that reads in grey print too); None = not stated
MATURITY_COLORS = {None: "#eceff3", 1: "#c6dbef", 2: "#6baed6", 3: "#08519c"}
MATURITY_NAMES = {None: "not stated", 1: "Planned", 2: "Emerging", 3: "Established"}
_TEXT_ON = {None: "#39404a", 1: "#1d232b", 2: "#0b1d33", 3: "#ffffff"}
_FONT = 'font-family="system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif"'
BROKER_ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def _svg(width: float, height: float, cls: str, label: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" viewBox="0 0 {num(width)} {num(height)}" '
            f'width="{num(width)}" height="{num(height)}" role="img" aria-label="{h(label)}" {_FONT} '
            f'font-size="12">' + "".join(body) + "</svg>")


def _clip(text: str, n: int) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def legend() -> str:
    """The maturity colour key, as a small SVG."""
    body, x = [], 0.0
    for rank in (3, 2, 1, None):
        body.append(f'<rect x="{num(x)}" y="2" width="14" height="14" rx="2" fill="{MATURITY_COLORS[rank]}" '
                    f'stroke="#8a94a0" stroke-width="0.5"/>')
        body.append(f'<text x="{num(x + 19)}" y="13">{h(MATURITY_NAMES[rank])}</text>')
        x += 24 + 7.2 * len(MATURITY_NAMES[rank])
    return _svg(x, 18, "legend", "maturity colours", body)


def profile(rows: list[dict], *, width: float = 640) -> str:
    """The five-conditions profile of one initiative.

    ``rows``: one dict per condition with ``name``, ``stated`` (maturity rank or None), ``evidence`` (rank
    the checklist's answers support, or None), ``completeness`` (0–1 or None) and ``history`` (a list of
    ``(date, rank)`` when several assessments exist).
    """
    label_w, cell_w, gap, row_h = 210.0, 112.0, 10.0, 30.0
    bar_x = label_w + 2 * (cell_w + gap)
    bar_w = width - bar_x - 46
    top = 24.0
    body = [f'<text x="{num(label_w)}" y="14" font-weight="600">Stated maturity</text>',
            f'<text x="{num(label_w + cell_w + gap)}" y="14" font-weight="600">Evidence says</text>',
            f'<text x="{num(bar_x)}" y="14" font-weight="600">Record completeness</text>']
    for i, r in enumerate(rows):
        y = top + i * row_h
        body.append(f'<text x="0" y="{num(y + 19)}">{h(_clip(r["name"], 34))}</text>')
        for k, (key, cls) in enumerate((("stated", "pf-maturity"), ("evidence", "pf-evidence"))):
            rank = r.get(key)
            x = label_w + k * (cell_w + gap)
            body.append(f'<rect class="{cls}" data-rank="{h(rank if rank is not None else "")}" x="{num(x)}" '
                        f'y="{num(y + 3)}" width="{num(cell_w)}" height="{num(row_h - 6)}" rx="3" '
                        f'fill="{MATURITY_COLORS.get(rank, MATURITY_COLORS[None])}"><title>{h(r["name"])}: '
                        f'{h(MATURITY_NAMES.get(rank, "not stated"))}</title></rect>')
            word = MATURITY_NAMES.get(rank, "not stated") if key == "stated" else \
                (MATURITY_NAMES.get(rank) if rank is not None else "too little")
            body.append(f'<text x="{num(x + cell_w / 2)}" y="{num(y + 19)}" text-anchor="middle" '
                        f'fill="{_TEXT_ON.get(rank, "#39404a")}">{h(word)}</text>')
        c = r.get("completeness")
        share = 0.0 if c is None else max(0.0, min(1.0, float(c)))
        body.append(f'<rect x="{num(bar_x)}" y="{num(y + 9)}" width="{num(bar_w)}" height="12" rx="2" '
                    f'fill="#eceff3"/>')
        body.append(f'<rect class="pf-complete" data-value="{num(share, 3)}" x="{num(bar_x)}" y="{num(y + 9)}" '
                    f'width="{num(bar_w * share)}" height="12" rx="2" fill="#59a14f"><title>{h(r["name"])}: '
                    f'{"not computed" if c is None else f"{share:.0%} of the record"}</title></rect>')
        body.append(f'<text x="{num(bar_x + bar_w + 6)}" y="{num(y + 20)}">'
                    f'{"–" if c is None else f"{share:.0%}"}</text>')
        hist = r.get("history") or []
        if len(hist) > 1:
            for j, (when, rank) in enumerate(hist):
                cx = label_w - 14 - (len(hist) - 1 - j) * 12
                body.append(f'<circle class="pf-history" cx="{num(cx)}" cy="{num(y + 15)}" r="5" '
                            f'fill="{MATURITY_COLORS.get(rank, MATURITY_COLORS[None])}" stroke="#555b66" '
                            f'stroke-width="0.6"><title>{h(when)}: {h(MATURITY_NAMES.get(rank, "not stated"))}'
                            f'</title></circle>')
    return _svg(width, top + len(rows) * row_h + 4, "profile", "five-conditions profile", body)


def heatmap(rows: list[tuple], conditions: list[str], *, cell_w: float = 112, row_h: float = 26) -> str:
    """The scorecard heat map across initiatives.

    ``rows``: ``(name, anchor, [rank per condition], [completeness per condition])`` (ranks and completeness
    may be None). Each ``g.hm-row`` carries ``data-name``, ``data-total`` and ``data-c0`` … so the page's script
    can sort the rows; each cell links to the initiative's section (``#anchor``).
    """
    label_w = 290.0
    head_h = 44.0
    width = label_w + cell_w * len(conditions)
    body = []
    for j, c in enumerate(conditions):
        x = label_w + j * cell_w + cell_w / 2
        words = str(c).split()
        mid = (len(words) + 1) // 2
        lines = [" ".join(words[:mid]), " ".join(words[mid:])] if len(words) > 1 else [str(c)]
        for k, line in enumerate(lines):
            body.append(f'<text class="hm-head" data-col="{j}" x="{num(x)}" y="{num(16 + 14 * k)}" '
                        f'text-anchor="middle" font-weight="600">{h(line)}</text>')
    for i, (name, anchor, ranks, complete) in enumerate(rows):
        y = head_h + i * row_h
        total = sum(r or 0 for r in ranks)
        data = " ".join(f'data-c{j}="{h(r if r is not None else 0)}"' for j, r in enumerate(ranks))
        body.append(f'<g class="hm-row" data-name="{h(name)}" data-total="{h(total)}" {data} '
                    f'transform="translate(0,{num(y)})">')
        body.append(f'<a href="#{h(anchor)}"><text x="0" y="{num(row_h / 2 + 4)}">{h(_clip(name, 44))}</text></a>')
        for j, rank in enumerate(ranks):
            x = label_w + j * cell_w
            comp = complete[j] if j < len(complete) else None
            tip = f"{name} · {conditions[j]}: {MATURITY_NAMES.get(rank, 'not stated')}"
            if comp is not None:
                tip += f" · record {float(comp):.0%} complete"
            body.append(f'<rect class="hm-cell" data-rank="{h(rank if rank is not None else "")}" x="{num(x + 2)}" '
                        f'y="2" width="{num(cell_w - 4)}" height="{num(row_h - 4)}" rx="3" '
                        f'fill="{MATURITY_COLORS.get(rank, MATURITY_COLORS[None])}"><title>{h(tip)}</title></rect>')
            if comp is not None:
                body.append(f'<rect class="hm-complete" x="{num(x + 6)}" y="{num(row_h - 8)}" '
                            f'width="{num((cell_w - 12) * max(0.0, min(1.0, float(comp))))}" height="3" '
                            f'fill="#59a14f"/>')
        body.append("</g>")
    return _svg(width, head_h + len(rows) * row_h + 4, "heatmap", "scorecard heat map: initiatives by conditions",
                body)


def _star(cx, cy, r) -> str:
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = r if k % 2 == 0 else r * 0.45
        pts.append(f"{num(cx + rr * math.cos(a))},{num(cy + rr * math.sin(a))}")
    return " ".join(pts)


def _poly(cx, cy, r, n, start) -> str:
    return " ".join(f"{num(cx + r * math.cos(start + 2 * math.pi * k / n))},"
                    f"{num(cy + r * math.sin(start + 2 * math.pi * k / n))}" for k in range(n))


def _shape(shape: str, cx: float, cy: float, r: float, fill: str, stroke: str, sw: float) -> str:
    paint = f'fill="{h(fill)}" stroke="{h(stroke)}" stroke-width="{num(sw)}"'
    if shape == "star":
        return f'<polygon points="{_star(cx, cy, r * 1.25)}" {paint}/>'
    if shape == "hexagon":
        return f'<polygon points="{_poly(cx, cy, r * 1.1, 6, 0)}" {paint}/>'
    if shape == "triangle":
        return f'<polygon points="{_poly(cx, cy, r * 1.15, 3, -math.pi / 2)}" {paint}/>'
    if shape == "triangleDown":
        return f'<polygon points="{_poly(cx, cy, r * 1.15, 3, math.pi / 2)}" {paint}/>'
    if shape == "diamond":
        return f'<polygon points="{_poly(cx, cy, r * 1.15, 4, 0)}" {paint}/>'
    if shape == "square":
        return f'<rect x="{num(cx - r)}" y="{num(cy - r)}" width="{num(2 * r)}" height="{num(2 * r)}" {paint}/>'
    return f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" {paint}/>'


def network(data: dict, *, width: float = 640, height: float = 420, href: str | None = None,
            label: str = "collaboration network") -> str:
    """A static picture of a map (the page data of :func:`cigraph.render.map.render_map`): the map's layout,
    colours, shapes and edge styles; labels for initiatives and backbones. ``href`` links the picture to the
    interactive map."""
    nodes, edges = data.get("nodes", []), data.get("edges", [])
    if not nodes:
        return _svg(width, 40, "network", label, ['<text x="0" y="24">No participants recorded.</text>'])
    xs = [n["x"] for n in nodes]
    ys = [n["y"] for n in nodes]
    pad = 36.0
    span_x, span_y = max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    ox = (width - span_x * scale) / 2 - min(xs) * scale
    oy = (height - span_y * scale) / 2 - min(ys) * scale
    overview = len({n["id"] for n in nodes if n.get("t") == "Initiative"}) > 1
    k = max(0.6, min(1.0, scale * 2.2))
    at = {n["id"]: (n["x"] * scale + ox, n["y"] * scale + oy) for n in nodes}
    body = []
    for e in edges:
        a, b = at.get(e["from"]), at.get(e["to"])
        if a is None or b is None:
            continue
        col = e.get("color", {}).get("color", "#9aa3ae")
        dash = ' stroke-dasharray="4 3"' if e.get("dashes") else ""
        body.append(f'<line class="net-edge" x1="{num(a[0])}" y1="{num(a[1])}" x2="{num(b[0])}" y2="{num(b[1])}" '
                    f'stroke="{h(col)}" stroke-width="{num(max(0.6, float(e.get("width", 1)) * k * 0.8))}" '
                    f'stroke-opacity="0.75"{dash}/>')
    labels = []
    for n in sorted(nodes, key=lambda n: n.get("size", 10)):
        cx, cy = at[n["id"]]
        r = max(3.0, float(n.get("size", 10)) * k * 0.45)
        col = n.get("color", {})
        body.append(f'<g class="net-node" data-type="{h(n.get("t", ""))}"><title>{h(n.get("label", ""))}</title>'
                    + _shape(n.get("shape", "dot"), cx, cy, r, col.get("background", "#d3d7dd"),
                             col.get("border", "#555b66"), min(3.0, float(n.get("borderWidth", 1)) * 0.8))
                    + "</g>")
        if n.get("t") == "Initiative" or (n.get("bb") and not overview):
            labels.append(f'<text x="{num(cx)}" y="{num(cy - r - 5)}" text-anchor="middle" font-size="11" '
                          f'font-weight="600" fill="#1d232b">'
                          f'{h(_clip(n.get("label", ""), 36))}</text>')
    inner = body + labels
    if href:
        inner = [f'<a href="{h(href)}">'] + inner + ["</a>"]
    return _svg(width, height, "network", label, inner)


def backbone_panel(d: dict, *, max_broker: int, width: float = 640) -> str:
    """One backbone's diagnostics as three small panels: rank among the participants, Gould–Fernandez
    brokerage (bars on a scale shared by every backbone of the report, ``max_broker``) and what its
    removal does to the network (largest remaining share, components before and after).

    ``d``: ``name``, ``rank``, ``of``, ``percentile``, ``brokerage`` (role -> count), ``removal`` (dict with
    ``components_before``, ``components_after``, ``largest_share_after``).
    """
    pw = (width - 40) / 3
    body = []
    # panel 1: rank
    body.append('<text x="0" y="14" font-weight="600">Rank</text>')
    pct = max(0.0, min(100.0, float(d.get("percentile") or 0)))
    body.append(f'<rect x="0" y="24" width="{num(pw - 10)}" height="16" rx="2" fill="#eceff3"/>')
    body.append(f'<rect class="bb-rank" data-value="{num(pct, 1)}" x="0" y="24" width="{num((pw - 10) * pct / 100)}" '
                f'height="16" rx="2" fill="#b8860b"><title>percentile {num(pct, 1)}</title></rect>')
    body.append(f'<text x="0" y="58">{h(d.get("rank"))} of {h(d.get("of"))} participants '
                f'({num(pct, 0)}th percentile)</text>')
    # panel 2: brokerage
    x0 = pw + 20
    body.append(f'<text x="{num(x0)}" y="14" font-weight="600">Brokerage (paths through it)</text>')
    brok = d.get("brokerage") or {}
    bw = pw - 96
    for i, role in enumerate(BROKER_ROLES):
        v = int(brok.get(role) or 0)
        y = 22 + i * 13
        body.append(f'<text x="{num(x0)}" y="{num(y + 9)}" font-size="10">{h(role)}</text>')
        body.append(f'<rect class="bb-broker" data-role="{h(role)}" data-value="{v}" x="{num(x0 + 78)}" '
                    f'y="{num(y + 1)}" width="{num(bw * v / max_broker if max_broker else 0)}" height="9" '
                    f'fill="#4e79a7"><title>{h(role)}: {v}</title></rect>')
        body.append(f'<text x="{num(x0 + 82 + (bw * v / max_broker if max_broker else 0))}" y="{num(y + 9)}" '
                    f'font-size="10">{v}</text>')
    # panel 3: removal
    x1 = 2 * (pw + 20)
    rem = d.get("removal") or {}
    share = rem.get("largest_share_after")
    share = 0.0 if share is None else max(0.0, min(1.0, float(share)))
    body.append(f'<text x="{num(x1)}" y="14" font-weight="600">If it left</text>')
    body.append(f'<rect x="{num(x1)}" y="24" width="{num(pw - 10)}" height="16" rx="2" fill="#eceff3"/>')
    body.append(f'<rect class="bb-removal" data-value="{num(share, 3)}" x="{num(x1)}" y="24" '
                f'width="{num((pw - 10) * share)}" height="16" rx="2" '
                f'fill="{"#d62728" if share < 0.5 else "#59a14f"}"><title>largest remaining share {share:.0%}'
                f'</title></rect>')
    before, after = rem.get("components_before"), rem.get("components_after")
    body.append(f'<text x="{num(x1)}" y="58">{share:.0%} stay connected</text>')
    body.append(f'<text x="{num(x1)}" y="74">pieces of the network: {h(before)} → {h(after)}</text>')
    return _svg(width, 92, "backbone", f"backbone diagnostics: {d.get('name', '')}", body)
