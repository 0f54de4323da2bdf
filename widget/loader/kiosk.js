// The kiosk's start (cargo xtask widget fills in the hashed names): it registers
// the service worker that keeps the kiosk working offline, then starts the kiosk's
// bundle. A new release the worker takes in is marked on the page; the kiosk
// reloads into it between two people (kiosk::visit), never in the middle of one.
import init, { mount_kiosk } from './__GLAS_JS__';

const { serviceWorker } = navigator;
if (serviceWorker) {
  let controlled = !!serviceWorker.controller;
  serviceWorker.addEventListener('controllerchange', () => {
    if (controlled) document.documentElement.setAttribute('data-new-release', '');
    controlled = true;
  });
  serviceWorker.register('/kiosk/sw.js', { scope: '/kiosk' })
    .catch((error) => console.error('glas: no service worker, so no offline start:', error));
}

init({ module_or_path: new URL('./__GLAS_WASM__', import.meta.url) })
  .then(() => mount_kiosk(document.getElementById('glas-kiosk')));
