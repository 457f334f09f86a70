/* Maps of the market: the provinces as the offline base layer and the optional tile layer
   (base_map.js), points (lots, requests) and flows (supplier -> receiver, width by
   tonnes, colour by category). Data comes from the element's data attributes; no inline
   script, no CDN. Popups are DOM nodes built with textContent, never HTML strings: a farm's
   name is shown as typed, markup and all. Numbers are written in the page's language
   (<html lang>) by Intl.NumberFormat, as the server's format_number writes them. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined" || !window.MestmatchMap) { return; }
  var colours = JSON.parse(el.dataset.colours || "{}");
  var points = JSON.parse(el.dataset.points || "[]");
  var flows = JSON.parse(el.dataset.flows || "[]");
  var map = window.MestmatchMap.create(el);
  var drawn = L.featureGroup().addTo(map);

  function colour(category) { return colours[category] || "#1f5f3a"; }

  var locale = document.documentElement.lang || "nl";
  var tenths = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });

  /* Tonnes and kilograms to the tenth where they have one ("9,5 t", "2.500,5 kg N"), as the
     search list beside the map writes them; nothing without an amount. */
  function amount(value) {
    if (value === null || value === undefined) { return ""; }
    return tenths.format(value);
  }

  /* A popup: the farm names in bold (text nodes), then ": ", what the listing is (`label`:
     a lot's kind, or a request, as the server translated it) and the amount with its unit
     ("De Hoeve: Vaste rundveemest, 9,5 t"); each left out where a point has none (the farm
     on its own page, a flow's line has no label). */
  function popup(names, label, amount, unit) {
    var box = document.createElement("div");
    names.forEach(function (name, index) {
      if (index) { box.appendChild(document.createTextNode(" \u2192 ")); }
      var strong = document.createElement("strong");
      strong.textContent = name;
      box.appendChild(strong);
    });
    var said = [label, amount ? amount + "\u00a0" + unit : ""].filter(Boolean);
    if (said.length) { box.appendChild(document.createTextNode(": " + said.join(", "))); }
    return box;
  }

  function fill(p) { return p.side === "request" ? "#2b5c8a" : colour(p.category); }

  /* The points at one place (a farm with two lots, or a lot and a request): drawn one upon
     another, only the top marker's popup could be opened. */
  function places(all) {
    var found = {};
    var order = [];
    all.forEach(function (p) {
      var key = p.lat + "," + p.lon;
      if (!found[key]) { found[key] = []; order.push(found[key]); }
      found[key].push(p);
    });
    return order;
  }

  /* A listing in a place's list: its colour's swatch (the legend's), then its popup. */
  function listed(p) {
    var item = document.createElement("li");
    var swatch = document.createElement("span");
    swatch.className = "swatch swatch-" + (p.side === "request" ? "request" : String(p.category).replace("/", ""));
    swatch.setAttribute("aria-hidden", "true");
    item.appendChild(swatch);
    item.appendChild(popup([p.farm], p.label, amount(p.amount), p.unit));
    return item;
  }

  /* One marker a place: one listing's popup as before; for several, a bigger marker with a
     thicker ring whose popup lists each listing on its own line. */
  places(points).forEach(function (here) {
    var first = here[0];
    var content = popup([first.farm], first.label, amount(first.amount), first.unit);
    if (here.length > 1) {
      content = document.createElement("ul");
      content.className = "map-listings";
      here.forEach(function (p) { content.appendChild(listed(p)); });
    }
    L.circleMarker([first.lat, first.lon], {
      radius: here.length > 1 ? 10 : 7, color: "#1c2421", weight: here.length > 1 ? 3 : 1,
      fillOpacity: 0.9, fillColor: fill(first)
    }).bindPopup(content).addTo(drawn);
  });

  var most = flows.reduce(function (m, f) { return Math.max(m, f.tonnes); }, 0) || 1;
  flows.forEach(function (f) {
    L.polyline([f.from, f.to], {
      color: colour(f.category), weight: 2 + 8 * Math.sqrt(f.tonnes / most), opacity: 0.85,
      dashArray: f.status === "stale" ? "4 6" : null
    }).bindPopup(popup([f.supplier, f.receiver], "", amount(f.tonnes), "t")).addTo(drawn);
    L.circleMarker(f.to, { radius: 4, color: "#2b5c8a", fillOpacity: 1 }).addTo(drawn);
  });

  if (drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { padding: [40, 40], maxZoom: 9, animate: false }); }
  el.dataset.flowCount = String(flows.length);
  el.dataset.pointCount = String(points.length);
  el.dataset.placeCount = String(places(points).length);
})();
