// Sathi's own script: quick exit and nothing else that matters. Loaded as a file (strict CSP, no inline).
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
})();
