// YASGUI on this server's /sparql: the named questions as example tabs, the project's prefixes
// preset, no remote autocompletion (no LOV, no prefix.cc: the page makes no outside requests).
(function () {
  "use strict";
  var el = document.getElementById("yasgui");
  if (!el || typeof Yasgui === "undefined") { return; }
  var tabs = JSON.parse(document.getElementById("editor-tabs").textContent);
  var prefixes = JSON.parse(document.getElementById("editor-prefixes").textContent);
  var first = JSON.parse(document.getElementById("editor-first").textContent);
  var endpoint = window.location.origin + el.getAttribute("data-endpoint");
  var head = Object.keys(prefixes).map(function (p) {
    return "PREFIX " + p + ": <" + prefixes[p] + ">";
  }).join("\n");
  var starter = head + "\n\nSELECT ?region ?label WHERE {\n  ?region a bwmo:Region ; bwmo:reportName ?label .\n}\nORDER BY ?label\nLIMIT 100\n";
  if (Yasgui.Yasqe && Yasgui.Yasqe.defaults) {
    Yasgui.Yasqe.defaults.autocompleters = ["variables"];
    Yasgui.Yasqe.defaults.value = starter;
  }
  var yasgui = new Yasgui(el, {
    requestConfig: {endpoint: endpoint, method: "POST"},
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }},
    yasqe: {autocompleters: ["variables"], value: starter},
  });
  yasgui.addTab(true, {name: "Query", yasqe: {value: first || starter},
                       requestConfig: {endpoint: endpoint, method: "POST"}});
  tabs.forEach(function (t) {
    yasgui.addTab(false, {name: t.name, yasqe: {value: t.query},
                          requestConfig: {endpoint: endpoint, method: "POST"}});
  });
  window.bwgraphYasgui = yasgui;
})();
