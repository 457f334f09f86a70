/* The price map on a run's page: the run's flows (read from the element named by
   data-flows-from, the flows map, so the page carries them once) coloured by their suggested
   price per tonne in the bands of data-bands ([{below: number | null, colour}], the legend's).
   Flows without a price are left out. Popups are DOM nodes built with textContent: farm
   names are shown as typed, never as HTML. Prices are written in the page's language
   (<html lang>) by Intl.NumberFormat, as the server's format_number writes them. */
(function () {
  "use strict";
  var el = document.getElementById("price-map");
  if (!el || typeof L === "undefined" || !window.MestmatchMap) { return; }
  var source = document.getElementById(el.dataset.flowsFrom);
  var bands = JSON.parse(el.dataset.bands || "[]");
  var perTonne = el.dataset.perTonne || "";
  // Priced flows only; a superseded proposal's price is no longer offered.
  var flows = JSON.parse((source && source.dataset.flows) || "[]").filter(function (f) {
    return f.price !== null && f.price !== undefined && f.status !== "superseded";
  });
  var map = window.MestmatchMap.create(el);
  var drawn = L.featureGroup().addTo(map);

  var locale = document.documentElement.lang || "nl";
  var euros = new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" });
  var tenths = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });

  function colour(price) {
    for (var i = 0; i < bands.length; i += 1) {
      if (bands[i].below === null || price < bands[i].below) { return bands[i].colour; }
    }
    return "#1c2421";
  }

  /* "Supplier -> Receiver: € 12,50 per ton · 120 t", the names in bold text nodes. */
  function popup(f) {
    var box = document.createElement("div");
    [f.supplier, f.receiver].forEach(function (name, index) {
      if (index) { box.appendChild(document.createTextNode(" \u2192 ")); }
      var strong = document.createElement("strong");
      strong.textContent = name;
      box.appendChild(strong);
    });
    var text = ": " + euros.format(f.price) + " " + perTonne + " \u00b7 " + tenths.format(f.tonnes) + "\u00a0t";
    box.appendChild(document.createTextNode(text));
    return box;
  }

  (el.closest("figure") || document).querySelectorAll("[data-colour]").forEach(function (swatch) {
    swatch.style.background = swatch.dataset.colour;
  });

  var most = flows.reduce(function (m, f) { return Math.max(m, f.tonnes); }, 0) || 1;
  flows.forEach(function (f) {
    L.polyline([f.from, f.to], {
      color: colour(f.price), weight: 3 + 7 * Math.sqrt(f.tonnes / most), opacity: 0.9,
      dashArray: f.status === "stale" ? "4 6" : null
    }).bindPopup(popup(f)).addTo(drawn);
    L.circleMarker(f.to, { radius: 4, color: "#1c2421", fillOpacity: 1 }).addTo(drawn);
  });

  if (drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { padding: [40, 40], maxZoom: 9, animate: false }); }
  el.dataset.flowCount = String(flows.length);
})();
