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

  // YASGUI's markup misses labels and points aria-controls at panels it has not created yet;
  // mend that whenever it re-renders, so the editor is usable with a screen reader.
  function mend() {
    el.querySelectorAll("input.autocomplete:not([aria-label])").forEach(function (i) {
      i.setAttribute("aria-label", "SPARQL endpoint");
    });
    el.querySelectorAll(".CodeMirror textarea:not([aria-label])").forEach(function (t) {
      t.setAttribute("aria-label", "SPARQL query");
    });
    el.querySelectorAll("select:not([aria-label]), input:not([aria-label]):not([type=hidden])")
      .forEach(function (f) {  // YASR's page-size select and filter box, tab rename fields
        if (!f.labels || !f.labels.length) {
          f.setAttribute("aria-label", f.getAttribute("title") || f.getAttribute("placeholder") ||
                         (f.classList.contains("tableSizer") ? "Rows per page" : "Tab name"));
        }
      });
    el.querySelectorAll("[role=tab][aria-controls]").forEach(function (a) {
      if (!document.getElementById(a.getAttribute("aria-controls"))) {
        a.removeAttribute("aria-controls");
      }
    });
    el.querySelectorAll("[role=tablist] > * > button.addTab").forEach(function (button) {
      var holder = button.parentNode, list = holder.parentNode;  // "+" is no tab: move it out
      list.parentNode.insertBefore(holder, list.nextSibling);
      holder.classList.add("add-tab-holder");
    });
    el.querySelectorAll(".CodeMirror-scroll:not([tabindex=\"0\"])").forEach(function (s) {
      s.setAttribute("tabindex", "0");
    });
  }
  mend();
  new MutationObserver(mend).observe(el, {childList: true, subtree: true});
})();
