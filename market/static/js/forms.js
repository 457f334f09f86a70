/* Keyboard help on every page (no inline script):
   - after a refused submit the page opens with an error summary on top of the form
     (templates/macros/forms.html, form_errors): focus moves to it, so keyboard and screen
     reader users start at the list of problems, each a link to its field;
   - a table too wide for the screen scrolls inside its .table-wrap
     (templates/macros/tables.html): that box becomes a focusable region named after the
     section's heading, so it can be scrolled with the arrow keys (WCAG 2.1.1). */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  document.querySelectorAll(".table-wrap").forEach(function (box) {
    if (box.scrollWidth <= box.clientWidth) { return; }
    var section = box.closest("section");
    var heading = section && section.querySelector("h1, h2, h3");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", heading ? heading.textContent.trim() : document.title);
  });
}());
