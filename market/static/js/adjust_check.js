/* Live recheck of a proposal's tonnes while the coordinator types: asks the server (the
   same rules as on saving) and shows its sentence next to the field. No inline script. */
(function () {
  "use strict";
  document.querySelectorAll("form.adjust[data-check-url]").forEach(function (form) {
    var input = form.querySelector("input[name=tonnes]");
    var note = form.querySelector("[data-check-note]");
    var timer = null;
    function check() {
      var url = form.dataset.checkUrl + "?tonnes=" + encodeURIComponent(input.value);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          note.textContent = answer.message;
          note.className = answer.ok ? "hint" : "field-error";
          input.setAttribute("aria-invalid", answer.ok ? "false" : "true");
        });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 300);
    });
  });
})();
