(function () {
  "use strict";
  // Sort the heat map's rows (initiatives) by name, by total maturity or by one condition.
  var select = document.getElementById("hm-sort");
  var svg = document.querySelector("svg.heatmap");
  document.body.setAttribute("data-report-ready", "1");
  if (!select || !svg) return;
  var rows = Array.prototype.slice.call(svg.querySelectorAll("g.hm-row"));
  var step = rows.length > 1 ? rowY(rows[1]) - rowY(rows[0]) : 0;
  var top = rows.length ? rowY(rows[0]) : 0;

  function rowY(g) {
    var m = /translate\(0,([-0-9.]+)\)/.exec(g.getAttribute("transform") || "");
    return m ? parseFloat(m[1]) : 0;
  }

  function sortBy(key) {
    var sorted = rows.slice().sort(function (a, b) {
      if (key === "name") return a.dataset.name.localeCompare(b.dataset.name);
      var d = parseFloat(b.dataset[key]) - parseFloat(a.dataset[key]);
      return d !== 0 ? d : a.dataset.name.localeCompare(b.dataset.name);
    });
    sorted.forEach(function (g, i) {
      g.setAttribute("transform", "translate(0," + (top + i * step) + ")");
      g.parentNode.appendChild(g);
    });
    svg.setAttribute("data-sorted-by", key);
  }

  select.addEventListener("change", function () { sortBy(select.value); });
  Array.prototype.forEach.call(svg.querySelectorAll("text.hm-head"), function (t) {
    t.style.cursor = "pointer";
    t.addEventListener("click", function () {
      select.value = "c" + t.getAttribute("data-col");
      sortBy(select.value);
    });
  });
})();
