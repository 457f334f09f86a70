/* The run page's progress bar: polls the run's JSON every second until it has finished,
   then reloads the page once to show the proposals. No inline script (CSP). */
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = document.getElementById("run-progress");
  var labels = {};
  box.querySelectorAll("[data-field]").forEach(function (el) { labels[el.dataset.field] = el; });

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    labels.elapsed.textContent = state.elapsed_s;
    labels.status.textContent = state.status_label || state.status;
    labels.phase.textContent = (state.phase_label || state.phase) + " \u00b7";
    labels.phase.hidden = state.phase === state.status;  /* "queued · queued" said once */
  }

  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (state) {
        show(state);
        if (state.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
