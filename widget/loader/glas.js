/* Glas feedback widget loader. Embed with
 *   <script src="https://SERVER/widget/glas.js" defer></script>
 * and optionally data-locale (bg|en|tr), data-unit, data-mount (a CSS selector)
 * and data-channel on that tag. It draws the launcher at once, with its own small
 * stylesheet, and downloads the widget (Wasm, JS glue, the form's stylesheet) only
 * when it is opened, or when this device holds feedback that waits to be delivered
 * or to be shown. When the widget cannot load, or stops working, the citizen is told
 * so, with the municipality's phone and e-mail and a way to try again.
 *
 * Plain JS; `cargo xtask widget` fills in the __GLAS_…__ names and minifies it, and
 * the server that serves it fills in the contacts. Every page view pays for this file
 * and the launcher's stylesheet (2 KB gzip together, checked by `cargo xtask test`). */
(() => {
  const script = document.currentScript;
  if (!script) return;
  const src = script.src, data = script.dataset, base = new URL('.', src).href;
  const api = new URL(src).origin;
  // By language, from the catalogues: widget-launcher (shared/locales/citizen), then
  // loader-failed, loader-contact (its text and placeables' names alternating) and
  // loader-retry (shared/locales/loader).
  const words = __GLAS_WORDS__;
  // The profile's contacts by placeable name, as [text, link], from the server.
  const contacts = __GLAS_CONTACTS__;

  const element = (name, properties) => Object.assign(document.createElement(name), properties);
  const stylesheet = (file) => element('link', { rel: 'stylesheet', href: base + file });

  const start = () => {
    const tag = (data.locale || document.documentElement.lang || '').slice(0, 2).toLowerCase();
    const locale = words[tag] ? tag : 'bg';
    const said = words[locale];
    const place = data.mount && document.querySelector(data.mount);
    // Hidden until the launcher's stylesheet, whose :host rule overrides this, has loaded.
    const host = element('glas-feedback', { hidden: true });
    if (place) host.setAttribute('data-inline', '');
    const root = host.attachShadow({ mode: 'open' });
    const launcherSheet = stylesheet('__GLAS_LAUNCHER_CSS__');
    // No type="button": in its own shadow tree, no form of the page owns it.
    const button = element('button', { className: 'launcher', textContent: said[0] });
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    root.append(launcherSheet, button);
    (place || document.body).appendChild(host);

    // tries: loads begun; mounted: the widget has started in this page.
    let open, loading, mounted, formSheet, failure, tries = 0;
    const wasm = base + '__GLAS_WASM__';
    const load = () => {
      if (loading) return;
      // A new try asks for new addresses: a browser does not import again a module
      // that failed to load.
      const again = tries++ ? '?' + tries : '';
      // Wasm, glue, the form's stylesheet and the profile download side by side.
      const module = fetch(wasm + again);
      module.catch(() => {});
      const profile = fetch(api + '/api/v1/profile', { credentials: 'omit' })
        .then((r) => (r.ok ? r.text() : null), () => null);
      // The widget mounts once its stylesheet is in: the panel never shows unstyled.
      if (formSheet) formSheet.remove();
      formSheet = stylesheet('__GLAS_CSS__' + again);
      const sheet = new Promise((resolve, reject) => {
        formSheet.onload = resolve;
        formSheet.onerror = reject;
      });
      launcherSheet.after(formSheet);
      loading = Promise.all([import(base + '__GLAS_JS__' + again), sheet])
        .then(([widget]) => widget.default({ module_or_path: module }).then(() => {
          const focus = root.activeElement === button;
          button.remove();
          widget.mount(root, {
            api, locale, unit: data.unit, channel: data.channel, open, focus, profile,
          });
          mounted = 1;
        }))
        .catch(fail);
    };

    // The widget could not load, or it crashed: whatever it drew goes, and the
    // citizen reads what else to do, above the launcher, which now says to try
    // again; unless nobody asked for the widget yet and the launcher is still there.
    const fail = (error) => {
      if (failure) return;
      console.error('glas:', error);
      loading = null;
      if (!open && button.isConnected) return;
      const focus = root.activeElement;
      [...root.children].forEach((child) => child.localName === 'link' || child.remove());
      const contact = element('p');
      said[2].forEach((part, i) => contact.append(
        i % 2 ? element('a', { textContent: contacts[part][0], href: contacts[part][1] }) : part,
      ));
      failure = element('div', { className: 'failed' });
      failure.setAttribute('role', 'alert');
      failure.append(element('p', { textContent: said[1] }), contact);
      button.textContent = said[3];
      button.removeAttribute('aria-busy');
      root.append(failure, button);
      if (focus) button.focus();
    };

    // A crash later on (a Rust panic is a Wasm trap in a release build) reaches the
    // window as an uncaught error. It is the widget's when its stack has the
    // widget's Wasm in it: a page may run Wasm of its own.
    addEventListener('error', (event) => crash(event.error));
    addEventListener('unhandledrejection', (event) => crash(event.reason));
    const crash = (error) => ('' + (error && error.stack)).includes(wasm) && fail(error);

    const press = () => {
      // A widget that crashed once it had started cannot start again in this page:
      // its instance lives on, its timers too. The page starts afresh.
      if (mounted) return location.reload();
      open = true;
      if (failure) failure.remove();
      failure = null;
      button.textContent = said[0];
      button.setAttribute('aria-busy', 'true');
      load();
    };
    // Download from the press on; ready before a long press ends, it opens. Not
    // while it says to try again: only the click does that, after the message goes.
    button.onpointerdown = (event) => {
      if (!event.button && !failure) {
        open = true;
        load();
      }
    };
    button.onclick = press;
    waiting(load);
  };

  // Calls `then` when the outbox (see widget/src/outbox.rs) holds anything.
  // Never creates the database: a first-time visitor downloads nothing more.
  const waiting = (then) => {
    try {
      const request = indexedDB.open('glas');
      request.onupgradeneeded = () => request.transaction.abort();
      request.onsuccess = () => {
        const db = request.result, stores = ['outbox', 'receipts', 'rejected'];
        try {
          const tx = db.transaction(stores);
          const counts = stores.map((name) => tx.objectStore(name).count());
          tx.oncomplete = () => counts.some((count) => count.result) && then();
        } catch { /* Not the widget's stores. */ }
        // Closes once the transaction is done.
        db.close();
      };
    } catch { /* No IndexedDB here (a sandboxed frame, say): nothing can wait. */ }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
