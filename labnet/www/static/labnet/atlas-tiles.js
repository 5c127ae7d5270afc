// Adds a tiled Leaflet map under the offline SVG map, only once a tile actually loads:
// with no network the page keeps the SVG map alone and shows nothing broken.
(function () {
  "use strict";
  var script = document.getElementById("labnet-tiles-script");
  var box = document.getElementById("labnet-tiles");
  var data = document.getElementById("labnet-markers");
  if (!script || !box || !data || typeof L === "undefined") { return; }
  var map = L.map(box, { scrollWheelZoom: false }).setView([46.6, 2.4], 5);
  var layer = L.tileLayer(script.dataset.tileUrl, {
    attribution: script.dataset.attribution, maxZoom: 18, minZoom: 2
  });
  layer.once("tileload", function () {
    box.hidden = false;
    box.removeAttribute("aria-hidden");
    map.invalidateSize();
  });
  layer.addTo(map);
  JSON.parse(data.textContent).forEach(function (m) {
    var link = script.dataset.atlasUrl + "?region=" + encodeURIComponent(m.code);
    var label = document.createElement("a");
    label.href = link;
    label.textContent = m.name + " (" + m.count + ")";
    L.marker([m.lat, m.lon], { title: m.name + " (" + m.count + ")", alt: m.name })
      .addTo(map).bindPopup(label);
  });
})();
