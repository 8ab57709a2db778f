// Search-as-you-type for IRI parameters: the visible field takes a name, the hidden field the IRI
// of the chosen suggestion (from /ui/lookup). Arrow keys, Enter and Escape work as in a combobox.
(function () {
  "use strict";
  document.querySelectorAll(".lookup").forEach(function (box) {
    var input = box.querySelector("input[type=text]");
    var hidden = box.querySelector("input[type=hidden]");
    var list = box.querySelector("[role=listbox]");
    var cls = box.getAttribute("data-cls");
    var items = [], active = -1, timer = null;
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function choose(i) {
      var it = items[i]; if (!it) { return; }
      input.value = it.label; hidden.value = it.iri; close();
    }
    function paint() {
      list.innerHTML = "";
      items.forEach(function (it, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i; li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.textContent = it.label;
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      if (active >= 0) { input.setAttribute("aria-activedescendant", list.id + "-" + active); }
      else { input.removeAttribute("aria-activedescendant"); }
    }
    input.addEventListener("input", function () {
      hidden.value = "";
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { items = []; paint(); return; }
      timer = setTimeout(function () {
        fetch("/ui/lookup?" + new URLSearchParams({q: q, cls: cls}))
          .then(function (r) { return r.json(); })
          .then(function (data) { items = data; active = -1; paint(); });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { active = Math.min(active + 1, items.length - 1); paint(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); paint(); e.preventDefault(); }
      else if (e.key === "Enter" && active >= 0) { choose(active); e.preventDefault(); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  });
})();
