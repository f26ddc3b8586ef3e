(function () {
  "use strict";
  var T = { start: performance.now() };
  window.cigraphTimings = T;
  var DATA = JSON.parse(document.getElementById("cigraph-data").textContent);
  T.parsed = performance.now();
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  document.getElementById("title").textContent = DATA.title;
  if (!DATA.clusters.length) {  // an open map: nothing to fold
    document.getElementById("expand").style.display = "none";
    document.getElementById("collapse").style.display = "none";
    document.querySelector(".hint").textContent = "Click a node to highlight its neighbourhood; hover for details;"
      + " scroll to zoom (labels of minor nodes appear when you zoom in).";
  }

  // ---- tooltips: DOM elements filled with textContent, never HTML strings
  function tipElement(tip, extra) {
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-name", tip.name));
    (tip.facts || []).forEach(function (f) {
      var row = el("div");
      row.appendChild(el("span", "tip-k", f[0] + ": "));
      row.appendChild(el("span", "tip-v", f[1]));
      box.appendChild(row);
    });
    (tip.gaps || []).forEach(function (g) {
      if (g.ask) {
        const ask = el("div", "tip-ask");
        ask.appendChild(el("b", null, "Not recorded (" + g.type + "), ask: "));
        ask.appendChild(el("span", null, g.question || g.explanation));
        box.appendChild(ask);
        return;
      }
      var row = el("div", "tip-gap");
      row.appendChild(el("b", null, "Gap (" + g.type + (g.severity ? ", " + g.severity : "")
        + (g.basis ? ", " + g.basis : "") + "): "));
      row.appendChild(el("span", null, g.explanation));
      if (g.action) { row.appendChild(el("div", null, "What to do: " + g.action)); }
      box.appendChild(row);
    });
    if (tip.sources?.length) {
      const s = el("div", "tip-src");
      s.appendChild(el("b", null, "Source: "));
      s.appendChild(el("span", null, tip.sources.join(" · ")));
      box.appendChild(s);
    }
    if (extra) box.appendChild(el("div", "tip-src", extra));
    return box;
  }
  function edgeTip(lines) {
    var box = el("div", "tip");
    lines.forEach(function (l, i) { box.appendChild(el("div", i ? "tip-src" : null, l)); });
    return box;
  }

  var nodeRecs = DATA.nodes, byId = {};
  nodeRecs.forEach(function (n) { byId[n.id] = n; n.title = tipElement(n.tip); });
  DATA.edges.forEach(function (e) { e.title = edgeTip(e.tip); });
  T.tooltips = performance.now();
  var nodes = new vis.DataSet(nodeRecs);
  var edges = new vis.DataSet(DATA.edges);
  var options = {
    autoResize: true,
    layout: { randomSeed: DATA.seed, improvedLayout: false },
    physics: DATA.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -9000, centralGravity: 0.05, springLength: 150, springConstant: 0.02,
                   avoidOverlap: 0.6 },
      stabilization: { enabled: true, iterations: DATA.stabilization || 120, fit: true }
    } : { enabled: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: nodeRecs.length > 1500,
                   hideEdgesOnZoom: nodeRecs.length > 1500, multiselect: false, navigationButtons: false },
    nodes: { scaling: { label: { drawThreshold: 8, maxVisible: 24 } } },
    edges: { smooth: false, selectionWidth: 1.5 }
  };
  var container = document.getElementById("net");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.cigraphNetwork = network;
  T.network = performance.now();
  if (DATA.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      document.body.setAttribute("data-stabilized", "1");
    });
  }

  // ---- clusters: one per initiative, opened by a click
  var clusterInfo = {};
  function isCl(id) { return network.body.nodes[id] !== undefined && network.isCluster(id); }
  DATA.clusters.forEach(function (c) { clusterInfo["cluster:" + c.cid] = c; });
  function fold() {
    var todo = DATA.clusters.filter(function (c) { return !isCl("cluster:" + c.cid); });
    todo.forEach(function (c, k) {
      var id = "cluster:" + c.cid;
      var ini = byId[c.cid];
      // refresh the network's data once, after the last cluster (each refresh is O(graph))
      network.cluster({
        joinCondition: function (o) { return o.cid === c.cid && !o.hidden; },
        clusterNodeProperties: {
          id: id, label: c.label, shape: "hexagon", size: c.size, x: c.x, y: c.y,
          color: c.color, borderWidth: c.borderWidth, font: c.font, isCluster: true, cidOf: c.cid,
          title: tipElement(ini ? ini.tip : { name: c.name, facts: [] }, c.n + " nodes folded: click to open")
        }
      }, k === todo.length - 1);
    });
  }
  function unfold() {
    var open = Object.keys(clusterInfo).filter(isCl);
    open.forEach(function (id, k) { network.openCluster(id, {}, k === open.length - 1); });
  }
  fold();
  T.folded = performance.now();

  // ---- neighbourhood highlight
  var dimmed = false;
  function highlight(id) {
    var keep = {}; keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    var nu = [];
    nodes.forEach(function (n) { nu.push({ id: n.id, opacity: keep[n.id] ? 1 : 0.15 }); });
    nodes.update(nu);
    var eu = [];
    var conn = {};
    network.getConnectedEdges(id).forEach(function (e) { conn[e] = true; });
    edges.forEach(function (e) {
      var c = Object.assign({}, e.color, { opacity: conn[e.id] ? 1 : 0.06 });
      eu.push({ id: e.id, color: c });
    });
    edges.update(eu);
    dimmed = true;
    showInfo(byId[id]);
  }
  function undim() {
    if (!dimmed) return;
    var nu = [];
    nodes.forEach(function (n) { nu.push({ id: n.id, opacity: 1 }); });
    nodes.update(nu);
    var eu = [];
    edges.forEach(function (e) { eu.push({ id: e.id, color: Object.assign({}, e.color, { opacity: 0.9 }) }); });
    edges.update(eu);
    dimmed = false;
  }
  function showInfo(rec) {
    var info = document.getElementById("info");
    while (info.firstChild) info.removeChild(info.firstChild);
    if (!rec) return;
    info.appendChild(el("h2", null, "Selected"));
    info.appendChild(tipElement(rec.tip));
  }
  network.on("click", function (p) {
    if (p.nodes.length) {
      const id = p.nodes[0];
      if (isCl(id)) { network.openCluster(id); return; }
      highlight(id);
    } else {
      undim();
      showInfo(null);
    }
  });

  // ---- search
  var search = document.getElementById("search"), results = document.getElementById("results");
  function goTo(rec) {
    var path = network.clustering.findNode(rec.id);
    if (path && path.length > 1) network.openCluster(path[0]);
    if (rec.hidden) return;
    network.selectNodes([rec.id]);
    network.focus(rec.id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    highlight(rec.id);
  }
  search.addEventListener("input", function () {
    while (results.firstChild) results.removeChild(results.firstChild);
    var q = search.value.trim().toLowerCase();
    if (!q) return;
    function matches(n) {
      if (n.label.toLowerCase().indexOf(q) >= 0) return true;
      return (n.alt || []).some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
    }
    var hits = nodeRecs.filter(matches).slice(0, 12);
    hits.forEach(function (n) {
      var aka = (n.alt || []).filter(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
      var li = el("li", null, aka.length && n.label.toLowerCase().indexOf(q) < 0 ? n.label + " (" + aka[0] + ")" : n.label);
      li.title = n.t;
      li.addEventListener("click", function () { goTo(n); });
      results.appendChild(li);
    });
    if (!hits.length) results.appendChild(el("li", "tip-k", "no match"));
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && results.firstChild && results.firstChild.click) results.firstChild.click();
  });

  // ---- filters
  function checkboxes(boxId, items) {
    var opts = document.querySelector("#" + boxId + " .opts");
    items.forEach(function (it) {
      var lab = el("label");
      var cb = el("input");
      cb.type = "checkbox"; cb.checked = true; cb.value = String(it[0]);
      cb.addEventListener("change", applyFilters);
      lab.appendChild(cb);
      lab.appendChild(document.createTextNode(" " + it[1]));
      opts.appendChild(lab);
    });
  }
  function checked(boxId) {
    var out = {};
    document.querySelectorAll("#" + boxId + " input:checked").forEach(function (cb) { out[cb.value] = true; });
    return out;
  }
  checkboxes("f-ini", DATA.filters.initiatives);
  checkboxes("f-sec", DATA.filters.sectors.map(function (s) { return [s, s]; }));
  checkboxes("f-type", DATA.filters.types.map(function (s) { return [s, s]; }));
  function applyFilters() {
    var ini = checked("f-ini"), sec = checked("f-sec"), typ = checked("f-type");
    var allIni = Object.keys(ini).length === DATA.filters.initiatives.length;
    var allSec = Object.keys(sec).length === DATA.filters.sectors.length;
    var allTyp = Object.keys(typ).length === DATA.filters.types.length;
    unfold();
    var upd = [];
    nodeRecs.forEach(function (n) {
      var show = (allIni || n.ini.some(function (i) { return ini[String(i)]; }))
        && (allSec || !n.sec.length || n.sec.some(function (s) { return sec[s]; }))
        && (allTyp || typ[n.t]);
      n.hidden = !show;
      upd.push({ id: n.id, hidden: !show });
    });
    nodes.update(upd);
    document.body.setAttribute("data-visible-count", String(upd.filter(function (u) { return !u.hidden; }).length));
  }
  document.getElementById("expand").addEventListener("click", function () { unfold(); });
  document.getElementById("collapse").addEventListener("click", function () { undim(); fold(); });
  document.getElementById("reset").addEventListener("click", function () {
    document.querySelectorAll(".opts input").forEach(function (cb) { cb.checked = true; });
    applyFilters(); undim(); showInfo(null); fold(); network.fit();
  });

  // ---- legend
  var legend = document.getElementById("legend"), L = DATA.legend;
  var GLYPH = { other: "\u25CC", dot: "\u25CF", triangle: "\u25B2", triangleDown: "\u25BC", square: "\u25A0", diamond: "\u25C6",
                hexagon: "\u2B22", star: "\u2605" };
  function row(parent, swatch, text, count) {
    var r = el("div", "row");
    r.appendChild(swatch);
    r.appendChild(el("span", null, text));
    if (count) r.appendChild(el("span", "cnt", count));
    parent.appendChild(r);
  }
  legend.appendChild(el("h2", null, "Colour: " + L.colorBy));
  L.colors.forEach(function (c) { var s = el("span", "sw"); s.style.background = c[1]; row(legend, s, c[0], c[2]); });
  if (L.na) { const s0 = el("span", "sw"); s0.style.background = L.na; row(legend, s0, "not applicable / unknown"); }
  if (L.initiatives.length > 1 && DATA.clusters.length) {
    legend.appendChild(el("h2", null, "Initiatives (folded clusters)"));
    L.initiatives.slice(0, 20).forEach(function (c) {
      var s = el("span", "glyph", GLYPH.hexagon); s.style.color = c[2]; row(legend, s, c[1]);
    });
    if (L.initiatives.length > 20) legend.appendChild(el("div", "tip-k", "… and " + (L.initiatives.length - 20) + " more"));
  }
  legend.appendChild(el("h2", null, "Shape: node type"));
  L.shapes.forEach(function (sh) { row(legend, el("span", "glyph", GLYPH[sh[1]] || "\u25CF"), sh[0], sh[2]); });
  if (L.backbones) {
    const b = el("span", "glyph", GLYPH.star); b.style.color = "#b8860b";
    row(legend, b, "backbone (gold ring, always labelled)", L.backbones);
  }
  if (L.gaps) {
    const g = el("span", "sw"); g.style.background = "#fff"; g.style.border = "3px solid #d62728";
    row(legend, g, "gap: red ring, see the tooltip", L.gaps);
  }
  if (L.asks) {
    const q = el("span", "sw"); q.style.background = "#fff"; q.style.border = "3px solid #7b4fb8";
    row(legend, q, "not recorded: purple ring, a question to ask", L.asks);
  }
  legend.appendChild(el("h2", null, "Size: " + L.sizeBy));
  L.sizes.forEach(function (sz) {
    var s = el("span", "sw"); var d = Math.max(6, Math.min(30, sz[0]));
    s.style.width = d + "px"; s.style.height = d + "px"; s.style.background = "#cfd6df";
    row(legend, s, L.sizeBy + " " + sz[1]);
  });
  legend.appendChild(el("h2", null, "Edges"));
  L.edges.forEach(function (e) {
    var s = el("span", "line");
    s.style.borderTopColor = e[2]; s.style.borderTopWidth = Math.max(1, e[3]) + "px";
    s.style.borderTopStyle = e[4] ? "dashed" : "solid";
    row(legend, s, e[1], e[5]);
  });

  // ---- state for tests and tools
  document.body.setAttribute("data-node-count", String(nodes.length));
  document.body.setAttribute("data-edge-count", String(edges.length));
  var drawn = false;
  network.on("afterDrawing", function () {
    if (drawn) return;
    drawn = true;
    T.drawn = performance.now();
    document.body.setAttribute("data-drawn", "1");
    document.body.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
  });
})();
