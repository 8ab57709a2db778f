// Status matrix: filter regions by name, status and topic; sort by name, report order or counts.
(function () {
  "use strict";
  var table = document.getElementById("matrix");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var f = document.getElementById("m-filter"), st = document.getElementById("m-status"),
      tp = document.getElementById("m-topic"), so = document.getElementById("m-sort");
  function apply() {
    var text = f.value.trim().toLowerCase(), status = st.value, topic = tp.value;
    rows.forEach(function (r) {
      var ok = !text || r.getAttribute("data-name").indexOf(text) >= 0;
      if (ok && status) {
        var sel = topic ? "td[data-topic='" + topic + "']" : "td";
        ok = Array.prototype.some.call(r.querySelectorAll(sel), function (c) {
          return c.getAttribute("data-status") === status; });
      }
      r.classList.toggle("hidden", !ok);
    });
    table.querySelectorAll("[data-topic]").forEach(function (c) {
      c.style.display = topic && c.getAttribute("data-topic") !== topic ? "none" : "";
    });
    var key = so.value;
    var sorted = rows.slice().sort(function (a, b) {
      if (key === "name") { return a.getAttribute("data-name").localeCompare(b.getAttribute("data-name")); }
      if (key.indexOf("count-") === 0) {
        var d = (+b.getAttribute("data-" + key)) - (+a.getAttribute("data-" + key));
        if (d) { return d; }
      }
      return (+a.getAttribute("data-order")) - (+b.getAttribute("data-order"));
    });
    sorted.forEach(function (r) { body.appendChild(r); });
  }
  [f, st, tp, so].forEach(function (el) { el.addEventListener("input", apply); el.addEventListener("change", apply); });
})();
