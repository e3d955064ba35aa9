// Riders live: one column per region, one row per rider, kept up to date from the server's event stream.
// The stream (GET /api/stream) sends "snapshot" (every stored rider) first, then one "position" per stored change.
// Rows come from <template>s and are filled with textContent only; each rider's row is found by name, so one
// change touches one row. Changes are applied once per animation frame, however many arrive in between.
(() => {
  'use strict';

  const TOKEN_KEY = 'riders-web-token';
  const MOVED_MILLIS = 1500;
  const RETRY_MILLIS = 3000;

  const token = sessionStorage.getItem(TOKEN_KEY);
  const regionsEl = document.getElementById('regions');
  const statusEl = document.getElementById('status');
  const totalEl = document.getElementById('total');
  const regionCountEl = document.getElementById('region-count');
  const regionTemplate = document.getElementById('region-template');
  const riderTemplate = document.getElementById('rider-template');

  /** name -> { position, el, region, agoEl, agoText, movedTimer } */
  const riders = new Map();
  /** region (lower-cased location) -> { el, list, countEl, names (sorted) } */
  const regions = new Map();
  /** name -> latest position not yet shown */
  let pending = new Map();
  let pendingSnapshot = null;
  let frameRequested = false;
  let source = null;

  const regionOf = (position) => String(position.location).toLowerCase();

  function setStatus(text) {
    statusEl.textContent = text;
    statusEl.className = 'status ' + text;
  }

  // sorted insertion point of name in names (code point order, as the API sorts)
  function indexOf(names, name) {
    let lo = 0;
    let hi = names.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (names[mid] < name) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function regionFor(name) {
    let region = regions.get(name);
    if (region) return region;
    const el = regionTemplate.content.firstElementChild.cloneNode(true);
    el.dataset.region = name;
    el.querySelector('.region-name').textContent = name;
    region = { el, list: el.querySelector('.riders'), countEl: el.querySelector('.region-count'), names: [] };
    const order = [...regions.keys(), name].sort();
    const next = regions.get(order[order.indexOf(name) + 1]);
    regionsEl.insertBefore(el, next ? next.el : null);
    regions.set(name, region);
    return region;
  }

  function addToRegion(rider, regionName) {
    const region = regionFor(regionName);
    const at = indexOf(region.names, rider.position.name);
    region.names.splice(at, 0, rider.position.name);
    const next = at + 1 < region.names.length ? riders.get(region.names[at + 1]) : null;
    region.list.insertBefore(rider.el, next ? next.el : null);
    rider.region = regionName;
  }

  function removeFromRegion(rider) {
    const region = regions.get(rider.region);
    if (!region) return;
    const at = indexOf(region.names, rider.position.name);
    if (region.names[at] === rider.position.name) region.names.splice(at, 1);
    rider.el.remove();
    if (region.names.length === 0) {
      region.el.remove();
      regions.delete(rider.region);
    }
  }

  function highlight(rider) {
    clearTimeout(rider.movedTimer);
    rider.el.classList.add('moved');
    rider.movedTimer = setTimeout(() => rider.el.classList.remove('moved'), MOVED_MILLIS);
  }

  function show(position, announce) {
    const name = position.name;
    let rider = riders.get(name);
    if (!rider) {
      const el = riderTemplate.content.firstElementChild.cloneNode(true);
      el.dataset.name = name;
      el.querySelector('.rider-name').textContent = name;
      rider = { position, el, region: null, locationEl: el.querySelector('.rider-location'),
                agoEl: el.querySelector('.rider-ago'), agoText: '', movedTimer: 0 };
      riders.set(name, rider);
      rider.locationEl.textContent = position.location;
      addToRegion(rider, regionOf(position));
      if (announce) highlight(rider);
    } else {
      // an update older than the one shown (a snapshot's row coming once more) changes nothing
      if (position.time < rider.position.time) return;
      const moved = regionOf(position) !== rider.region;
      if (moved) removeFromRegion(rider);
      rider.position = position;
      rider.locationEl.textContent = position.location;
      if (moved) {
        addToRegion(rider, regionOf(position));
        if (announce) highlight(rider);
      }
    }
    rider.agoEl.dateTime = position.time;
    updateAgo(rider, Date.now());
  }

  function forget(name) {
    const rider = riders.get(name);
    if (!rider) return;
    clearTimeout(rider.movedTimer);
    removeFromRegion(rider);
    riders.delete(name);
  }

  function ago(seconds) {
    if (seconds < 60) return Math.max(0, seconds) + ' s ago';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
    if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ago';
    return Math.floor(seconds / 86400) + ' d ago';
  }

  function updateAgo(rider, now) {
    const text = ago(Math.floor((now - Date.parse(rider.position.time)) / 1000));
    if (text !== rider.agoText) {
      rider.agoText = text;
      rider.agoEl.textContent = text;
    }
  }

  function updateCounts() {
    for (const region of regions.values()) {
      const count = String(region.names.length);
      if (region.countEl.textContent !== count) region.countEl.textContent = count;
    }
    totalEl.textContent = String(riders.size);
    regionCountEl.textContent = String(regions.size);
  }

  function render() {
    frameRequested = false;
    if (pendingSnapshot) {
      const snapshot = pendingSnapshot;
      pendingSnapshot = null;
      const names = new Set(snapshot.map((p) => p.name));
      for (const name of [...riders.keys()]) {
        if (!names.has(name)) forget(name);
      }
      for (const position of snapshot) show(position, false);
    }
    const changes = pending;
    pending = new Map();
    for (const position of changes.values()) show(position, true);
    updateCounts();
  }

  function schedule() {
    if (!frameRequested) {
      frameRequested = true;
      requestAnimationFrame(render);
      // a hidden tab gets no animation frames: apply the changes anyway, less often
      setTimeout(() => { if (frameRequested) render(); }, 250);
    }
  }

  function authorized() {
    return fetch('/api/regions', { headers: token ? { Authorization: 'Bearer ' + token } : {} })
      .then((response) => response.status !== 401)
      .catch(() => true);
  }

  function connect() {
    const url = '/api/stream' + (token ? '?access_token=' + encodeURIComponent(token) : '');
    source = new EventSource(url);
    source.addEventListener('snapshot', (event) => {
      // a fresh snapshot replaces everything, including changes not shown yet
      pendingSnapshot = JSON.parse(event.data);
      pending = new Map();
      setStatus('live');
      schedule();
    });
    source.addEventListener('position', (event) => {
      const position = JSON.parse(event.data);
      pending.set(position.name, position);
      schedule();
    });
    source.addEventListener('error', () => {
      setStatus('reconnecting');
      // the browser reconnects by itself while CONNECTING; CLOSED means it gave up (a refusal, a 401)
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        authorized().then((ok) => {
          if (!ok) {
            sessionStorage.removeItem(TOKEN_KEY);
            location.reload();
          } else {
            setTimeout(connect, RETRY_MILLIS);
          }
        });
      }
    });
  }

  setInterval(() => {
    const now = Date.now();
    for (const rider of riders.values()) updateAgo(rider, now);
  }, 1000);

  setStatus('connecting');
  connect();
})();
