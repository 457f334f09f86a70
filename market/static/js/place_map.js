/* Placing the farm on a map (sign-up and the farm form): clicking the map writes the
   latitude and longitude fields, typing in them moves the marker. With the keyboard, move the
   map with the arrow keys (and zoom with + and -) and press Enter: the farm goes to the
   centre of the map, marked by a cross. The fields stay the primary input: without
   JavaScript the map is never shown (it starts `hidden`) and the form works as before.
   Numbers are written as the page's language writes them ("52,09" in Dutch), which is how the
   server reads the fields. */
(function () {
  "use strict";
  var el = document.getElementById("place-map");
  if (!el || typeof L === "undefined" || !window.MestmatchMap) { return; }
  var lat = document.getElementById(el.dataset.latField);
  var lon = document.getElementById(el.dataset.lonField);
  if (!lat || !lon) { return; }
  var DECIMALS = 5; /* about a metre: closer than anyone clicks */
  var write = new Intl.NumberFormat(document.documentElement.lang || "nl", {
    maximumFractionDigits: DECIMALS, useGrouping: false
  });

  el.hidden = false;
  document.querySelectorAll("[data-place-map-hint]").forEach(function (hint) { hint.hidden = false; });
  var map = window.MestmatchMap.create(el);
  var marker = null;

  /* A degree as typed: one decimal comma or point, nothing else. */
  function read(field) {
    var text = field.value.trim().replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(text) ? parseFloat(text) : NaN;
  }

  function show(at, zoom) {
    if (marker) {
      marker.setLatLng(at);
    } else {
      marker = L.circleMarker(at, {
        radius: 8, color: "#1c2421", weight: 2, fillColor: "#1f7a3a", fillOpacity: 0.9,
        interactive: false /* a click on it places the farm anew */
      }).addTo(map);
    }
    if (zoom) { map.setView(at, Math.max(map.getZoom(), 10), { animate: false }); }
  }

  function place(at) {
    lat.value = write.format(at.lat);
    lon.value = write.format(at.lng);
    show(at, false);
    [lat, lon].forEach(function (field) {
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
    el.dataset.placed = "true";
  }

  function follow() {
    var at = L.latLng(read(lat), read(lon));
    if (isFinite(at.lat) && isFinite(at.lng) && Math.abs(at.lat) <= 90 && Math.abs(at.lng) <= 180) {
      show(at, true);
    }
  }

  map.on("click", function (event) { place(event.latlng); });
  map.getContainer().addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target === map.getContainer()) {
      event.preventDefault();
      place(map.getCenter());
    }
  });
  lat.addEventListener("input", follow);
  lon.addEventListener("input", follow);
  follow();
})();
