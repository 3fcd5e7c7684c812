// Sathi's own script: quick exit, and small layout helps for phones. Loaded as a file (strict CSP, no inline).
(function () {
  "use strict";

  function quickExit() {
    var form = document.getElementById("quick-exit-form");
    if (!form) { window.location.replace("/recipes/"); return; }
    // End the session on the server, then replace this page in history so Back cannot return to it.
    var body = new FormData(form);
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", keepalive: true, redirect: "manual" })
      .catch(function () {})
      .finally(function () { window.location.replace(form.dataset.neutral); });
    document.body.style.visibility = "hidden";
  }

  document.addEventListener("submit", function (event) {
    if (event.target && event.target.id === "quick-exit-form") {
      event.preventDefault();
      quickExit();
    }
  });

  // Shortcut: press Escape twice within a second.
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) { quickExit(); }
    lastEscape = now;
  });

  // A page restored from the back-forward cache is reloaded, so the server decides what it shows.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });

  // On a phone a table is shown as one card per row (site.css): each cell is labelled by its column's header.
  function labelCells(root) {
    var tables = root.querySelectorAll("table");
    for (var t = 0; t < tables.length; t++) {
      var headRow = tables[t].querySelector("thead tr:last-child");
      if (!headRow) { continue; }
      var names = [];
      for (var h = 0; h < headRow.cells.length; h++) {
        var span = headRow.cells[h].colSpan || 1;
        // A header only for screen readers (a column of buttons) gives no label: the button says it all.
        var quiet = headRow.cells[h].querySelector(".visually-hidden");
        for (var s = 0; s < span; s++) { names.push(quiet ? "" : headRow.cells[h].textContent.trim()); }
      }
      var rows = tables[t].querySelectorAll("tbody tr, tfoot tr");
      for (var r = 0; r < rows.length; r++) {
        var column = 0;
        for (var c = 0; c < rows[r].cells.length; c++) {
          var cell = rows[r].cells[c];
          if (names[column] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", names[column]); }
          column += cell.colSpan || 1;
        }
      }
    }
  }

  // On a laptop the menu is open for good: there is room for it.
  function openMenuWhenWide() {
    var menu = document.querySelector("header.top details.menu");
    if (menu && window.matchMedia("(min-width: 64rem)").matches) { menu.open = true; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelCells(document);
    openMenuWhenWide();
  });
  document.addEventListener("htmx:afterSwap", function (event) { labelCells(event.target); });
})();
