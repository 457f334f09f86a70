/* The lot form's manure code offers only the codes of the chosen kind: each option names its
   kind (data-kind), the select names the kind's field (data-by-kind). A code of another kind
   is cleared when the kind changes. Without this script every code shows, grouped by kind,
   and the server refuses a code of another kind. */
(function () {
  "use strict";
  var codes = document.querySelector("select[data-by-kind]");
  if (!codes) { return; }
  var kind = document.getElementById(codes.dataset.byKind);
  if (!kind) { return; }

  function show() {
    var groups = codes.querySelectorAll("optgroup");
    Array.prototype.forEach.call(groups, function (group) {
      var own = false;
      Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
        var mine = option.dataset.kind === kind.value;
        option.hidden = !mine;
        option.disabled = !mine;
        own = own || mine;
      });
      group.hidden = !own;
    });
    var chosen = codes.options[codes.selectedIndex];
    if (chosen && chosen.disabled) { codes.value = ""; }
  }

  kind.addEventListener("change", show);
  show();
}());
