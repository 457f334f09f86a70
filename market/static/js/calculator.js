/* Live N-room and A-share calculator: when the calculator form changes, fetch the result
   fragment from the server (one formula, in the service) and show it; the X-Requested-With
   header asks for the fragment (a visit without it goes to the farm page). Without this
   script the form still works: "Calculate" reloads the page with the result. */
(function () {
  "use strict";
  var form = document.getElementById("calculator-form");
  var result = document.getElementById("calculator-result");
  if (!form || !result || !window.fetch) { return; }
  var timer = null;
  var latest = 0;

  function update() {
    var ticket = ++latest;
    var query = new URLSearchParams(new FormData(form)).toString();
    fetch(form.dataset.live + "?" + query, { headers: { "Accept": "text/html", "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket === latest) { result.innerHTML = html; }
      })
      .catch(function () { /* keep the last result; the button still works */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 250);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
}());
