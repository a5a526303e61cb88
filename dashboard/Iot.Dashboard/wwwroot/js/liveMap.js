// The live map: a thin layer over Leaflet (global L, loaded from wwwroot/lib by App.razor) and Leaflet.markercluster.
// All decisions (status, filters) are made in .NET; this module draws what it is told and reports clicks.
// Assets are addressed by their index in the city's asset list.

const STATUS_NAMES = ['ok', 'unknown', 'warning', 'offline', 'fault']; // AssetStatus order = severity order
const STATUS_SYMBOLS = ['\u2713', '?', '!', '\u2013', '\u2715'];        // ✓ ? ! – ✕: status is never colour alone

function assetIcon(status, serviceLetter) {
  const name = STATUS_NAMES[status];
  return L.divIcon({
    className: 'iot-asset-icon',
    html: `<span class="iot-asset iot-status-${name}" data-status="${name}"><b>${STATUS_SYMBOLS[status]}</b><i>${serviceLetter}</i></span>`,
    iconSize: [26, 26],
    iconAnchor: [13, 13],
  });
}

function clusterIcon(cluster) {
  let worst = 0;
  for (const marker of cluster.getAllChildMarkers()) {
    if (marker.iotStatus > worst) worst = marker.iotStatus;
  }
  const name = STATUS_NAMES[worst];
  return L.divIcon({
    className: 'iot-cluster-icon',
    html: `<span class="iot-cluster iot-status-${name}" data-status="${name}"><b>${STATUS_SYMBOLS[worst]}</b>${cluster.getChildCount()}</span>`,
    iconSize: [40, 40],
    iconAnchor: [20, 20],
  });
}

class LiveMap {
  constructor(element, dotnet, options) {
    this.element = element;
    this.dotnet = dotnet;
    this.options = options;
    this.markers = [];
    this.visible = [];
    this.map = L.map(element, { preferCanvas: true, zoomControl: true, maxZoom: 20 }); // the cluster plugin needs a maxZoom
    this.map.attributionControl.setPrefix(false);
    if (options.tileUrl) {
      L.tileLayer(options.tileUrl, { attribution: options.tileAttribution || '', maxZoom: 20 }).addTo(this.map);
    }
    const base = L.layerGroup();
    for (const d of options.districts) {
      L.polygon(d.rings, { color: '#3b5b92', weight: 1.5, fillOpacity: 0.06 })
        .bindTooltip(d.name, { sticky: true }).addTo(base);
    }
    for (const s of options.streets) {
      L.polyline(s.line, { color: '#8a94a3', weight: 3 }).bindTooltip(s.name, { sticky: true }).addTo(base);
    }
    base.addTo(this.map);
    this.base = base;
    // Chunked loading adds markers over several frames; cluster bounds exist only once a load has finished, so focus()
    // waits for its group to be idle (zoomToShowLayer in the middle of a load reads bounds that are not there yet).
    this.loading = options.services.map(() => 0);
    this.idleWaiters = [];
    this.groups = options.services.map((_, i) => L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      chunkedLoading: true,
      chunkProgress: (processed, total) => { if (processed >= total) this.loaded(i); },
      showCoverageOnHover: false,
      maxClusterRadius: 50,
    }));
    const overlays = { [options.basemapLabel]: base };
    options.services.forEach((s, i) => {
      this.groups[i].addTo(this.map);
      overlays[s.label] = this.groups[i];
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(this.map);
    L.control.scale().addTo(this.map);
    if (options.bounds) this.map.fitBounds(options.bounds);
  }

  // assets: [[lat, lon, serviceIndex, status, id], ...]
  load(assets) {
    const perGroup = this.groups.map(() => []);
    for (const [lat, lon, service, status, id] of assets) {
      const letter = this.options.services[service].letter;
      const marker = L.marker([lat, lon], {
        icon: assetIcon(status, letter),
        title: `${id}`,
        alt: id,
        keyboard: true,
      });
      marker.iotIndex = this.markers.length;
      marker.iotStatus = status;
      marker.iotService = service;
      marker.iotId = id;
      marker.on('click', () => this.dotnet.invokeMethodAsync('OnAssetClicked', marker.iotIndex));
      this.markers.push(marker);
      this.visible.push(true);
      perGroup[service].push(marker);
    }
    perGroup.forEach((markers, i) => this.addTo(i, markers));
    this.publishCounts();
  }

  // deltas: flat [index, status, lat, lon, visible, ...]
  apply(deltas) {
    const touched = this.groups.map(() => []);
    const show = this.groups.map(() => []);
    const hide = this.groups.map(() => []);
    for (let k = 0; k < deltas.length; k += 5) {
      const marker = this.markers[deltas[k]];
      const status = deltas[k + 1];
      if (marker.iotStatus !== status) {
        marker.iotStatus = status;
        marker.setIcon(assetIcon(status, this.options.services[marker.iotService].letter));
      }
      const at = marker.getLatLng();
      if (at.lat !== deltas[k + 2] || at.lng !== deltas[k + 3]) marker.setLatLng([deltas[k + 2], deltas[k + 3]]);
      const visible = deltas[k + 4] === 1;
      if (visible !== this.visible[marker.iotIndex]) {
        this.visible[marker.iotIndex] = visible;
        (visible ? show : hide)[marker.iotService].push(marker);
      } else if (visible) {
        touched[marker.iotService].push(marker);
      }
    }
    this.groups.forEach((group, i) => {
      if (hide[i].length) group.removeLayers(hide[i]);
      if (show[i].length) this.addTo(i, show[i]);
      if (touched[i].length) group.refreshClusters(touched[i]);
    });
    this.publishCounts();
  }

  // visible: one byte per asset (1 shown, 0 filtered out); arrives as a Uint8Array.
  show(visible) {
    const show = this.groups.map(() => []);
    const hide = this.groups.map(() => []);
    for (let i = 0; i < this.markers.length; i++) {
      const v = visible[i] === 1;
      if (v !== this.visible[i]) {
        this.visible[i] = v;
        (v ? show : hide)[this.markers[i].iotService].push(this.markers[i]);
      }
    }
    this.groups.forEach((group, i) => {
      if (hide[i].length) group.removeLayers(hide[i]);
      if (show[i].length) this.addTo(i, show[i]);
    });
    this.publishCounts();
  }

  resize() {
    this.map.invalidateSize();
  }

  addTo(i, markers) {
    // Only a group on the map loads in chunks (the layers control can take it off); the count goes up before
    // addLayers because its first chunk, and for a short list its end, runs synchronously.
    if (this.map.hasLayer(this.groups[i])) this.loading[i]++;
    this.groups[i].addLayers(markers);
  }

  loaded(i) {
    this.loading[i] = Math.max(0, this.loading[i] - 1);
    const waiting = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiting) {
      if (this.loading[w.group] === 0) w.resolve(); else this.idleWaiters.push(w);
    }
  }

  idle(i) {
    return this.loading[i] === 0 ? Promise.resolve() : new Promise(resolve => this.idleWaiters.push({ group: i, resolve }));
  }

  async focus(index) {
    const marker = this.markers[index];
    const group = this.groups[marker.iotService];
    await this.idle(marker.iotService);
    if (this.disposed) return;
    if (group.hasLayer(marker)) {
      group.zoomToShowLayer(marker, () => marker.getElement()?.focus());
    } else {
      this.map.setView(marker.getLatLng(), Math.max(this.map.getZoom(), 17));
    }
  }

  // For tests and tools: what the browser holds, read from Leaflet itself.
  statusOf(id) {
    const marker = this.markers.find(m => m.iotId === id);
    return marker ? STATUS_NAMES[marker.iotStatus] : null;
  }

  counts() {
    let inLayers = 0;
    this.groups.forEach(g => { inLayers += g.getLayers().length; });
    return { assets: this.markers.length, visible: inLayers };
  }

  publishCounts() {
    const c = this.counts();
    this.element.dataset.assetCount = String(c.assets);
    this.element.dataset.visibleCount = String(c.visible);
  }

  dispose() {
    this.disposed = true;
    this.map.remove();
    if (window.iotLiveMap === this) window.iotLiveMap = null;
  }
}

export function create(element, dotnet, options) {
  const map = new LiveMap(element, dotnet, options);
  window.iotLiveMap = map;
  return map;
}
