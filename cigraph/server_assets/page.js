/* cigraph serve: the query page. YASGUI (vendored, served by cigraph) pointed at this endpoint,
   the workspace's prefixes declared in every query, the query library as examples.
   Nothing here talks to any host but this one: no CDN, no prefix.cc, no LOV autocompletion,
   no share-link shortener. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("cigraph-config").textContent);
  var endpoint = new URL("sparql", window.location.href).href;

  function prefixBlock() {
    return Object.keys(cfg.prefixes).map(function (p) {
      return "PREFIX " + p + ": <" + cfg.prefixes[p] + ">";
    }).join("\n");
  }
  function withPrefixes(text) {
    return prefixBlock() + "\n\n" + text.replace(/^\s+/, "");
  }

  document.getElementById("endpoint-url").textContent = endpoint;
  document.getElementById("about").textContent = cfg.about;

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    populateFromUrl: false,
    yasqe: {
      value: withPrefixes(cfg.first),
      collapsePrefixesOnLoad: true,
      autocompleters: ["variables"],
      prefixCcApi: null,
      createShortLink: undefined,
      persistenceId: null
    },
    yasr: { persistenceId: null, prefixes: cfg.prefixes }
  });
  window.cigraphYasgui = yasgui;

  var list = document.getElementById("example-list");
  cfg.examples.forEach(function (q) {
    var li = document.createElement("li");
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = q.id;
    b.dataset.query = q.id;
    b.addEventListener("click", function () {
      var tab = yasgui.addTab(true, { name: q.id });
      tab.setQuery(withPrefixes(q.text));
    });
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = " (" + q.kind + (q.params.length ? "; parameters " + q.params.join(", ") : "") + ")";
    var summary = document.createElement("span");
    summary.className = "summary";
    summary.textContent = q.summary;
    li.appendChild(b);
    li.appendChild(kind);
    li.appendChild(summary);
    list.appendChild(li);
  });
  document.body.dataset.ready = "1";
})();
