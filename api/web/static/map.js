// Map details: hovering or focusing a municipality shows its region, centrumgemeente, status and
// links in the side panel (the SVG's <title> gives the same as a tooltip without JavaScript).
(function () {
  "use strict";
  var map = document.getElementById("nl-map"), info = document.getElementById("map-info");
  if (!map || !info) { return; }
  function esc(s) { var d = document.createElement("div"); d.textContent = s || ""; return d.innerHTML; }
  function show(a) {
    map.querySelectorAll("path.active").forEach(function (p) { p.classList.remove("active"); });
    var path = a.querySelector ? a.querySelector("path") : null;
    if (path) { path.classList.add("active"); }
    var d = a.dataset;
    if (!d.region) {
      info.innerHTML = "<h2>" + esc(d.name) + "</h2><p>" + esc(map.getAttribute("data-no-region") || "") + "</p>";
      return;
    }
    info.innerHTML = "<h2>" + esc(d.name) + "</h2><dl><dt>" + esc(info.dataset.lRegion) + "</dt><dd><a href=\"" +
      esc(d.regionHref) + "\">" + esc(d.region) + "</a></dd><dt>" + esc(info.dataset.lCentre) + "</dt><dd>" +
      esc(d.centre) + "</dd><dt>" + esc(info.dataset.lStatus) + "</dt><dd><span class=\"status s-" + esc(d.status) +
      "\"><span class=\"sym\" aria-hidden=\"true\"></span>" + esc(d.statusLabel) + "</span>" +
      (d.assessment ? " <a href=\"" + esc(d.assessment) + "\">" + esc(info.dataset.lEvidence) + "</a>" : "") + "</dd></dl>";
  }
  map.querySelectorAll("a.area").forEach(function (a) {
    a.addEventListener("mouseenter", function () { show(a); });
    a.addEventListener("focus", function () { show(a); });
  });
  map.querySelectorAll("path.m-none").forEach(function (p) {
    p.addEventListener("mouseenter", function () { show(p); });
  });
})();
