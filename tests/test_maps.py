"""Maps (cigraph.render.map, `cigraph map`): page structure, offline, escaping,
determinism, views, options and the CLI. The browser checks are in test_maps_browser.py."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from cigraph.errors import DataError
from cigraph.projection import Edge, Node, PropertyGraph
from cigraph.render.map import PHYSICS_THRESHOLD, build_map, map_view, render_map

EVIL = "<script>alert(1)</script>"
EVIL2 = '</script><img src=x onerror="alert(2)">&amp;'
ID = "https://w3id.org/cigraph/id/"
CI = "https://w3id.org/cigraph#"


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="cigraph-data">(.*?)</script>', page, re.S)
    assert m, "the page carries its data in a JSON script element"
    return json.loads(m.group(1))


def by_name(data: dict) -> dict:
    return {n["label"]: n for n in data["nodes"]}


def toy_graph(names=("Alpha Org", "Beta Org", "Gamma Org")) -> PropertyGraph:
    """One initiative, three organizations (the first the backbone), one activity two of them perform."""
    ini = Node(ID + "toy", ("Initiative",), {"name": "Toy initiative", "shortName": "TOY"})
    sec = Node(CI + "PublicSector", ("Sector",), {"label": "Public sector"})
    role = Node(CI + "BackboneRole", ("Role",), {"label": "Backbone"})
    orgs = [Node(ID + f"org-{k}", ("Organization", "Participant"), {"name": n, "description": f"About {n}"})
            for k, n in enumerate(names)]
    act = Node(ID + "toy-act", ("Activity",), {"name": "Joint activity"})
    edges = [Edge(o.id, ini.id, "MEMBER_OF") for o in orgs]
    edges += [Edge(o.id, sec.id, "IN_SECTOR") for o in orgs]
    edges += [Edge(ini.id, orgs[0].id, "HAS_BACKBONE"), Edge(act.id, ini.id, "PART_OF_INITIATIVE"),
              Edge(orgs[0].id, act.id, "PERFORMS"), Edge(orgs[1].id, act.id, "PERFORMS")]
    return PropertyGraph([ini, sec, role, *orgs, act], edges)


def synthetic_graph(n_init: int, per: int, seed: int = 1) -> PropertyGraph:
    """n_init initiatives of ``per`` organizations each, a few shared, with activities."""
    import random

    rng = random.Random(seed)
    nodes, edges = [], []
    secs = [Node(CI + s, ("Sector",), {"label": s}) for s in ("PublicSector", "NonProfitSector", "PrivateSector")]
    nodes += secs
    orgs = []
    for i in range(n_init):
        ini = Node(ID + f"i{i}", ("Initiative",), {"name": f"Initiative {i}"})
        nodes.append(ini)
        mine = []
        for k in range(per):
            if orgs and rng.random() < 0.05:
                o = rng.choice(orgs)
            else:
                o = Node(ID + f"o{i}-{k}", ("Organization", "Participant"), {"name": f"Org {i}-{k}"})
                orgs.append(o)
                nodes.append(o)
                edges.append(Edge(o.id, rng.choice(secs).id, "IN_SECTOR"))
            mine.append(o)
            edges.append(Edge(o.id, ini.id, "MEMBER_OF"))
        edges.append(Edge(ini.id, mine[0].id, "HAS_BACKBONE"))
        for a in range(max(1, per // 5)):
            act = Node(ID + f"a{i}-{a}", ("Activity",), {"name": f"Activity {i}-{a}"})
            nodes.append(act)
            edges.append(Edge(act.id, ini.id, "PART_OF_INITIATIVE"))
            for o in rng.sample(mine, 3):
                edges.append(Edge(o.id, act.id, "PERFORMS"))
    return PropertyGraph(nodes, edges)


# ---------------------------------------------------------------------------
# the page
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def overview(pg):
    return render_map(pg)


def test_page_structure(overview):
    page, data = overview
    assert page.startswith("<!DOCTYPE html>")
    assert "vis-network" in page and "new vis.Network(" in page, "vis-network is inlined"
    for element in ('id="search"', 'id="f-ini"', 'id="f-sec"', 'id="f-type"', 'id="legend"', 'id="net"'):
        assert element in page
    assert page_data(page) == json.loads(json.dumps(data))
    assert data["counts"]["nodes"] == len(data["nodes"]) and data["counts"]["edges"] == len(data["edges"])


def test_no_external_resources(pg):
    for page in (build_map(pg), build_map(pg, view="full", color_by="type")):
        refs = re.findall(r"""(?:src|href)\s*=\s*["']?\s*([^"'\s>]+)""", page, re.I)
        external = [r for r in refs if re.match(r"(?:https?:)?//", r)]
        assert external == [], external
        assert not re.search(r"<link\b", page, re.I), "no linked stylesheets"
        assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I), "no script files"
        assert not re.search(r"@import|url\(\s*['\"]?\s*(?:https?:)?//", page, re.I)
        assert "sourceMappingURL" not in page
        for cdn in ("cdn.jsdelivr", "cdnjs", "unpkg", "bootstrap", "tom-select"):
            assert cdn not in page


def test_every_initiative_and_backbone_is_on_the_overview(pg, overview):
    _, data = overview
    names = by_name(data)
    inis = pg.by_label("Initiative")
    assert len(data["clusters"]) + sum(1 for n in data["nodes"] if n["t"] == "Initiative" and "cid" not in n) >= len(inis)
    for ini in inis:
        assert ini.name in names
        for e in pg.out_edges(ini.id, "HAS_BACKBONE"):
            bb = names[pg.nodes[e.target].name]
            assert bb["shape"] == "star" and bb["bb"] == 1 and "cid" not in bb, "backbones stay visible"
            assert bb["font"]["size"] > 20, "backbones are labelled at the overview"
    minor = [n for n in data["nodes"] if n["font"]["size"] < 12]
    assert minor, "minor nodes get small labels that show on zoom"


def test_clusters_fold_each_initiatives_own_nodes(overview):
    _, data = overview
    assert len(data["clusters"]) >= 6
    for c in data["clusters"]:
        inside = [n for n in data["nodes"] if n.get("cid") == c["cid"]]
        assert len(inside) == c["n"] >= 2
        assert all(c["cid"] in n["ini"] and len(n["ini"]) == 1 for n in inside)
    assert data["physics"] is False, "folded overviews use the precomputed layout"


def test_shared_participant_is_not_folded(pg, overview):
    _, data = overview
    city = by_name(data)["City of Los Angeles"]
    assert len(city["ini"]) == 2 and "cid" not in city


def test_layout_separates_initiatives(overview):
    _, data = overview
    groups = {}
    for n in data["nodes"]:
        if len(n["ini"]) == 1:
            groups.setdefault(n["ini"][0], []).append((n["x"], n["y"]))
    boxes = {g: (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))
             for g, pts in groups.items()}
    keys = sorted(boxes)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            A, B = boxes[a], boxes[b]
            overlap = A[0] < B[2] and B[0] < A[2] and A[1] < B[3] and B[1] < A[3]
            assert not overlap, f"initiatives {a} and {b} overlap"


def test_tooltips_carry_facts_and_sources(pg, overview):
    _, data = overview
    ypi = by_name(data)["Youth Policy Institute"]["tip"]
    facts = dict(ypi["facts"])
    assert "Backbone" in facts["roles"] and "Los Angeles Promise Zone" in facts["initiative"]
    assert facts["sector"] == "Non-profit sector"
    assert ypi["sources"] and any("Collective Impact" in s for s in ypi["sources"])
    assert ypi["iri"].endswith("org-youth-policy-institute")


def test_edges_styled_by_kind(pg):
    data = render_map(pg, view="activities")[1]
    kinds = {e["k"] for e in data["edges"]}
    assert {"membership", "backbone", "activity", "coordination"} <= kinds
    style = {e["k"]: (e["color"]["color"], bool(e["dashes"])) for e in data["edges"]}
    assert len(set(style.values())) == len(style), "each kind looks different"
    assert {row[0] for row in data["legend"]["edges"]} == kinds


# ---------------------------------------------------------------------------
# safety
# ---------------------------------------------------------------------------

def test_data_strings_are_escaped():
    pg = toy_graph(names=(EVIL, EVIL2, "Gamma Org"))
    pg.nodes[ID + "toy"].props["name"] = "Toy <b>initiative</b>"
    page, data = render_map(pg, initiatives=["TOY"])
    assert EVIL not in page and "<img" not in page and "<b>initiative" not in page
    assert "<title>Toy &lt;b&gt;initiative&lt;/b&gt;" in page
    names = by_name(page_data(page))
    assert EVIL in names and EVIL2 in names, "the JSON decodes back to the literal names (shown as text)"
    assert names[EVIL]["tip"]["name"] == EVIL
    # the page builds its DOM with textContent only
    js = page.split('id="cigraph-data"')[1]
    assert "innerHTML" not in js.split("</script>", 1)[1].split("vis-network")[0]
    assert page.count("<script") == 3, "only the data, vis-network and the app script"


# ---------------------------------------------------------------------------
# determinism and options
# ---------------------------------------------------------------------------

def test_same_input_same_page(pg):
    assert build_map(pg, view="full") == build_map(pg, view="full")
    a = page_data(build_map(pg, view="full", seed=1))
    b = page_data(build_map(pg, view="full", seed=2))
    assert [(n["x"], n["y"]) for n in a["nodes"]] != [(n["x"], n["y"]) for n in b["nodes"]]
    assert [n["label"] for n in a["nodes"]] == [n["label"] for n in b["nodes"]]


def test_views_nest(pg):
    sets = {v: set(map_view(pg, view=v).nodes) for v in ("collaboration", "activities", "full")}
    assert sets["collaboration"] < sets["activities"] < sets["full"]
    labels = {pg.nodes[n].label for n in sets["full"]}
    assert not labels & {"SourceSection", "SourceDocument", "Membership", "Role", "Sector"}
    assert {pg.nodes[n].label for n in sets["collaboration"]} <= {"Initiative", "Organization", "StakeholderGroup",
                                                                    "WorkingGroup", "StaffPosition"}


def test_initiative_filter(pg):
    mv = map_view(pg, initiatives=["DCEC"], view="activities")
    dcec = ID + "dcec"
    assert mv.initiatives == [dcec]
    assert all(dcec in mv.home[n] for n in mv.nodes)
    data = render_map(pg, initiatives=["dcec"])[1]
    assert data["clusters"] == [] and all("cid" not in n for n in data["nodes"]), "one initiative: open"
    two = map_view(pg, initiatives=["DCEC", "Los Angeles Promise Zone"])
    assert two.initiatives == sorted([dcec, ID + "lapz"])


def test_unknown_initiative_suggests(pg):
    with pytest.raises(DataError) as e:
        build_map(pg, initiatives=["Dufferin County Equity Colaborative"])
    assert e.value.exit_code == 3
    assert "Dufferin County Equity Collaborative" in str(e.value) + " ".join(e.value.suggestions)


def test_focus_and_depth(pg):
    city = ID + "org-city-of-los-angeles"
    d0 = map_view(pg, focus="City of Los Angeles", depth=0)
    assert d0.nodes == [city] and d0.focus == city
    d1 = map_view(pg, focus="city of los angeles", depth=1)
    assert {ID + "lapz", ID + "slatez"} <= set(d1.nodes)
    d2 = map_view(pg, focus="City of Los Angeles", depth=2)
    assert set(d1.nodes) < set(d2.nodes)
    data = render_map(pg, focus="City of Los Angeles", depth=2)[1]
    assert data["clusters"] == [] and "around City of Los Angeles" in data["title"]


def test_unknown_focus_suggests(pg):
    with pytest.raises(DataError) as e:
        map_view(pg, focus="City of Los Angles")
    assert "City of Los Angeles" in e.value.suggestions


@pytest.mark.parametrize("color_by", ["sector", "role", "type", "initiative", "community"])
def test_color_by(pg, color_by):
    data = render_map(pg, view="activities", color_by=color_by)[1]
    legend = data["legend"]
    assert legend["colorBy"] == color_by and legend["colors"]
    colours = {c[1] for c in legend["colors"]}
    used = {n["color"]["background"] for n in data["nodes"] if n["t"] != "Initiative"}
    assert {c for c in used if c != legend["na"]} <= colours
    if color_by == "type":
        assert "Activity" in {c[0] for c in legend["colors"]}
    if color_by == "role":
        assert "Backbone" in {c[0] for c in legend["colors"]}


@pytest.mark.parametrize("size_by", ["degree", "betweenness", "eigenvector"])
def test_size_by(pg, size_by):
    data = render_map(pg, view="full", size_by=size_by)[1]
    sizes = {n["size"] for n in data["nodes"] if not n["bb"] and n["t"] != "Initiative"}
    assert len(sizes) > 3, "sizes vary with the measure"
    assert data["legend"]["sizeBy"] == size_by
    assert all(size_by in dict(n["tip"]["facts"]) for n in data["nodes"])


def test_bad_options(pg):
    for kw in ({"view": "nope"}, {"color_by": "nope"}, {"size_by": "nope"}):
        with pytest.raises(DataError):
            build_map(pg, **kw)


@dataclass
class FakeGap:
    type: str
    severity: str
    initiative: str
    subjects: tuple
    explanation: str
    action: str


def test_gaps_marked_with_explanation(pg):
    g1 = FakeGap("no_backbone", "high", ID + "epe", (), "EPE has no backbone <organization>.", "Name one.")
    g2 = FakeGap("isolated", "low", ID + "dcec", ((ID + "org-public-health-dufferin", "Public Health"),),
                 "Public Health works alone.", "Pair it.")
    data = render_map(pg, gaps=[g1, g2], view="activities", initiatives=["EPE", "DCEC"])[1]
    names = by_name(data)
    ph = names["Public Health"]
    assert ph["gap"] == 1 and ph["color"]["border"] == "#d62728" and ph["borderWidth"] >= 4
    assert ph["tip"]["gaps"][0]["explanation"] == "Public Health works alone."
    epe = names["EndPovertyEdmonton"]
    assert epe["tip"]["gaps"][0]["explanation"] == "EPE has no backbone <organization>."
    clusters = {c["name"]: c for c in data["clusters"]}
    assert clusters["EndPovertyEdmonton"]["color"]["border"] == "#d62728"
    assert data["legend"]["gaps"] == 2
    plain = render_map(pg, view="activities", initiatives=["EPE", "DCEC"])[1]
    assert not any(n.get("gap") for n in plain["nodes"])


def test_highlight_gaps_uses_the_analysis(pg):
    from cigraph.analysis.gaps import find_gaps

    gaps = find_gaps(pg)
    assert gaps, "the case studies have gaps"
    data = render_map(pg, view="full", highlight_gaps=True)[1]
    by_iri = {n["tip"]["iri"]: n for n in data["nodes"]}
    marked = 0
    for g in gaps:
        on_map = [s[0] for s in g.subjects if s[0] in by_iri] or ([g.initiative] if g.initiative in by_iri else [])
        for iri in on_map:
            node = by_iri[iri]
            assert node.get("gap") == 1 or node.get("ask") == 1, (g.type, iri)
            recs = [x for x in node["tip"]["gaps"] if x["explanation"][:100] == g.explanation[:100]]
            assert recs, (g.type, iri)
            if g.basis.value == "not recorded":     # a question apart, not a failure
                assert recs[0]["ask"] == 1 and recs[0]["question"] == g.question[:len(recs[0]["question"])]
            else:
                assert node.get("gap") == 1 and node["color"]["border"] == "#d62728"
            marked += 1
    assert marked > 0
    assert data["legend"]["gaps"] == sum(1 for n in data["nodes"] if n.get("gap"))
    assert data["legend"]["asks"] == sum(1 for n in data["nodes"] if n.get("ask")) > 0
    only_asks = [n for n in data["nodes"] if n.get("ask")]
    assert all(n["color"]["border"] == "#7b4fb8" for n in only_asks)


# ---------------------------------------------------------------------------
# scale
# ---------------------------------------------------------------------------

def test_big_graph_precomputed_layout():
    pg = synthetic_graph(30, 60)
    data = render_map(pg, view="activities")[1]
    n = len(data["nodes"])
    assert n > PHYSICS_THRESHOLD and data["physics"] is False
    xs = [(p["x"], p["y"]) for p in data["nodes"]]
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in xs)
    assert len(set(xs)) > 0.95 * n, "nodes do not pile up"
    assert len(data["clusters"]) == 30


def test_small_open_map_relaxes_with_physics():
    data = render_map(toy_graph())[1]
    assert data["physics"] is True and data["clusters"] == []


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------

def test_cli_map(workspace, tmp_path):
    from cigraph.cli import cli

    out = tmp_path / "m.html"
    r = CliRunner().invoke(cli, ["map", "-w", str(workspace), "-o", str(out), "--view", "activities",
                                 "--color-by", "role", "--size-by", "betweenness", "--highlight-gaps"])
    assert r.exit_code == 0, r.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["view"] == "activities" and data["legend"]["colorBy"] == "role"
    assert f"{len(data['nodes'])} nodes" in r.output


def test_cli_map_initiative_and_focus(workspace, tmp_path):
    from cigraph.cli import cli

    out = tmp_path / "one.html"
    r = CliRunner().invoke(cli, ["map", "-w", str(workspace), "-o", str(out), "--initiative", "TRC92",
                                 "--initiative", "SPRP"])
    assert r.exit_code == 0, r.output
    assert len(page_data(out.read_text(encoding="utf-8"))["filters"]["initiatives"]) == 2
    r = CliRunner().invoke(cli, ["map", "-w", str(workspace), "-o", str(out), "--focus", "Youth Policy Institute",
                                 "--depth", "1"])
    assert r.exit_code == 0, r.output


def test_cli_map_errors(workspace, tmp_path):
    from cigraph.cli import cli

    out = tmp_path / "x.html"
    r = CliRunner().invoke(cli, ["map", "-w", str(workspace), "-o", str(out), "--initiative", "Atlantis"])
    assert r.exit_code == 3 and "unknown initiative" in r.output
    r = CliRunner().invoke(cli, ["map", "-w", str(workspace), "-o", str(out), "--focus", "Youth Policy Insitute"])
    assert r.exit_code == 3 and "did you mean: Youth Policy Institute" in r.output
    assert not out.exists()


def test_cli_default_output(workspace, tmp_path, monkeypatch):
    from cigraph.cli import cli

    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["map", "-w", str(workspace)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "map.html").exists()


def test_same_page_across_processes(tmp_path):
    """Set iteration order changes with PYTHONHASHSEED: the page must not."""
    import os
    import subprocess
    import sys

    code = ("import hashlib\n"
            "from cigraph.pipeline import build_dataset\nfrom cigraph.settings import Settings\n"
            "from cigraph.projection import project\nfrom cigraph.render.map import build_map\n"
            "pg = project(build_dataset(Settings()))\n"
            "print(hashlib.sha256(build_map(pg, view='full', color_by='community', highlight_gaps=True)"
            ".encode()).hexdigest())\n")
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert out.returncode == 0, out.stderr
        digests.add(out.stdout.strip())
    assert len(digests) == 1
