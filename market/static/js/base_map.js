/* The base layer every map of the market shares: the twelve provinces
   (static/vendor/nl-boundaries/provinces.geojson, Natural Earth, public domain), drawn by the
   browser itself, so a map shows the Netherlands without a tile server or the internet. When
   the page names a tile server (data-tiles), its tiles lie under the provinces' lines and the
   provinces are not filled. The provinces take no clicks: a click is the map's (placing a
   farm) or a point's or flow's (its popup). */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  window.MestmatchMap = {
    /* A Leaflet map on `el` showing the service area (data-bounds: [[south, west], [north,
       east]]); data-boundaries is the provinces' URL, data-tiles the optional tile URL. Sets
       data-ready="true" on `el` once the provinces are drawn (the browser tests wait for it). */
    create: function (el) {
      /* quarter zoom steps, so the country fills a small map too */
      var map = L.map(el, {
        scrollWheelZoom: false, zoomAnimation: false, fadeAnimation: false, zoomSnap: 0.25
      })
        .fitBounds(JSON.parse(el.dataset.bounds), { animate: false });
      var tiles = el.dataset.tiles;
      if (tiles) {
        L.tileLayer(tiles, { maxZoom: 18, attribution: "&copy; OpenStreetMap" }).addTo(map);
      }
      map.attributionControl.addAttribution("Natural Earth");
      fetch(el.dataset.boundaries, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (boundaries) {
          L.geoJSON(boundaries, {
            interactive: false,
            style: { color: "#4d5a54", weight: 1, fillColor: "#e6f1e9", fillOpacity: tiles ? 0 : 0.8 }
          }).addTo(map).bringToBack();
          el.dataset.ready = "true";
        });
      return map;
    }
  };
})();
