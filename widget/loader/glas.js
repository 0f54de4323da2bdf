/* Glas feedback widget loader. Embed with
 *   <script src="https://SERVER/widget/glas.js" defer></script>
 * and optionally data-locale (bg|en|tr), data-unit, data-mount (a CSS selector)
 * and data-channel on that tag. It draws the launcher at once and downloads the
 * widget only when it is opened, or when this device holds feedback that waits
 * to be delivered or to be shown. Plain JS with no build step: keep it tiny. */
(function () {
  var script = document.currentScript;
  if (!script) return;
  var src = script.src, data = script.dataset, base = new URL('.', src).href;
  var api = new URL(src).origin;
  // Must match widget-launcher in shared/locales/*.ftl.
  var labels = { bg: 'Обратна връзка', en: 'Feedback', tr: 'Geri bildirim' };

  function start() {
    var tag = (data.locale || document.documentElement.lang || '').slice(0, 2).toLowerCase();
    var locale = labels[tag] ? tag : 'bg';
    var place = data.mount && document.querySelector(data.mount);
    var host = document.createElement('glas-feedback');
    // Hidden until the stylesheet, whose :host rule overrides this, has loaded.
    host.hidden = true;
    if (place) host.setAttribute('data-inline', '');
    var root = host.attachShadow({ mode: 'open' });
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = base + '__GLAS_CSS__';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'launcher';
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    button.textContent = labels[locale];
    root.append(link, button);
    (place || document.body).appendChild(host);

    var open = false, loading;
    function load() {
      if (loading) return;
      // Wasm, glue and profile download side by side; failures are reported below.
      var wasm = fetch(base + '__GLAS_WASM__');
      wasm.catch(function () {});
      var profile = fetch(api + '/api/v1/profile', { credentials: 'omit' })
        .then(function (r) { return r.ok ? r.text() : null; }, function () { return null; });
      loading = import(base + '__GLAS_JS__')
        .then(function (widget) {
          return widget.default({ module_or_path: wasm }).then(function () {
            var focus = root.activeElement === button;
            button.remove();
            widget.mount(root, {
              api: api, locale: locale, unit: data.unit,
              channel: data.channel, open: open, focus: focus, profile: profile
            });
          });
        })
        .catch(function (error) {
          loading = null;
          button.removeAttribute('aria-busy');
          console.error('glas: the widget could not load', error);
        });
    }
    // Download from the press on; ready before a long press ends, it opens.
    button.addEventListener('pointerdown', function (event) {
      if (event.button) return;
      open = true;
      load();
    });
    button.addEventListener('click', function () {
      open = true;
      button.setAttribute('aria-busy', 'true');
      load();
    });
    waiting(load);
  }

  // Calls `then` when the outbox (see widget/src/outbox.rs) holds anything.
  // Never creates the database: a first-time visitor downloads nothing more.
  function waiting(then) {
    try {
      var request = indexedDB.open('glas');
      request.onupgradeneeded = function () { request.transaction.abort(); };
      request.onsuccess = function () {
        var db = request.result, stores = ['outbox', 'receipts', 'rejected'], total = 0;
        try {
          var tx = db.transaction(stores);
          stores.forEach(function (name) {
            tx.objectStore(name).count().onsuccess = function (event) { total += event.target.result; };
          });
          tx.oncomplete = function () { db.close(); if (total) then(); };
        } catch (error) {
          db.close();
        }
      };
    } catch (error) { /* No IndexedDB here (a sandboxed frame, say): nothing can wait. */ }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
