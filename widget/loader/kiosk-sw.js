// The kiosk's service worker (scope /kiosk; cargo xtask widget fills in this
// release's files). It keeps the kiosk's page and everything it loads, so that a
// kiosk that restarts without network still opens and takes feedback (what it
// takes waits in IndexedDB; the kiosk delivers it). Every file of a release is
// served from that release's cache, never a mix: a new release is a new worker,
// which installs beside the old one, takes over once all its files are in, and
// deletes the old cache.
const FILES = __GLAS_FILES__;
const PAGE = FILES[0];
const PREFIX = 'glas-kiosk-';
const CACHE = PREFIX + '__GLAS_RELEASE__';
// The last municipality profile the kiosk read, across releases.
const PROFILE = '/api/v1/profile';
const DATA = 'glas-kiosk-data';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((key) => key.startsWith(PREFIX) && key !== CACHE && key !== DATA)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  const cached = (key) => caches.open(CACHE).then((cache) => cache.match(key));
  if (request.mode === 'navigate') {
    // /kiosk and /kiosk/enrol are the same page.
    event.respondWith(cached(PAGE).then((page) => page || fetch(request)));
  } else if (FILES.includes(url.pathname)) {
    event.respondWith(cached(url.pathname).then((file) => file || fetch(request)));
  } else if (url.pathname === PROFILE) {
    event.respondWith(fetch(request).then(
      (response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(DATA).then((cache) => cache.put(PROFILE, copy)));
        }
        return response;
      },
      () => caches.open(DATA)
        .then((cache) => cache.match(PROFILE))
        .then((profile) => profile || Response.error()),
    ));
  }
});
