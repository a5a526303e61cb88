// The public report page's map: the commune's districts and streets (the offline base map, as on the live map) and one
// marker the citizen places by tapping. Leaflet is global (L), loaded by App.razor. The place goes back to .NET.

class ReportMap {
  constructor(element, dotnet, options) {
    this.dotnet = dotnet;
    this.marker = null;
    this.map = L.map(element, { zoomControl: true, maxZoom: 20, tap: true });
    this.map.attributionControl.setPrefix(false);
    if (options.tileUrl) {
      L.tileLayer(options.tileUrl, { attribution: options.tileAttribution || '', maxZoom: 20 }).addTo(this.map);
    }
    for (const d of options.districts) {
      L.polygon(d.rings, { color: '#3b5b92', weight: 1.5, fillOpacity: 0.06, interactive: false }).addTo(this.map);
    }
    for (const s of options.streets) {
      L.polyline(s.line, { color: '#8a94a3', weight: 3, interactive: false }).addTo(this.map);
    }
    L.control.scale().addTo(this.map);
    if (options.bounds) this.map.fitBounds(options.bounds);
    this.map.on('click', e => this.place(e.latlng.lat, e.latlng.lng, true));
    // Without a pointer: the map takes the focus (Tab), the arrows pan it, + and - zoom (Leaflet's keyboard handler),
    // and Enter or Space places the marker at the map's centre.
    element.addEventListener('keydown', e => {
      if (e.target !== element || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      const c = this.map.getCenter();
      this.place(c.lat, c.lng, true);
    });
    element.dataset.ready = 'true';
  }

  place(lat, lng, report) {
    if (this.marker) {
      this.marker.setLatLng([lat, lng]);
    } else {
      this.marker = L.marker([lat, lng], { keyboard: false }).addTo(this.map);
    }
    if (report) this.dotnet.invokeMethodAsync('Place', lat, lng);
  }

  // The browser's position, when the citizen allows it.
  locate() {
    if (!navigator.geolocation) return;
    navigator.geolocation.getCurrentPosition(p => {
      this.place(p.coords.latitude, p.coords.longitude, true);
      this.map.setView([p.coords.latitude, p.coords.longitude], Math.max(this.map.getZoom(), 17));
    });
  }

  resize() {
    this.map.invalidateSize();
  }

  dispose() {
    // The page may already have taken the container out of the document (the form gave way to the receipt).
    try {
      this.map.remove();
    } catch {
      this.map.off();
    }
    if (window.iotReportMap === this) window.iotReportMap = null;
  }
}

export function create(element, dotnet, options) {
  const map = new ReportMap(element, dotnet, options);
  window.iotReportMap = map; // for tests and debugging
  return map;
}
