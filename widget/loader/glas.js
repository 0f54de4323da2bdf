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

  const element = (name, className, text) => {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };
  const stylesheet = (file) => {
    const link = element('link');
    link.rel = 'stylesheet';
    link.href = base + file;
    return link;
  };

  const start = () => {
    const tag = (data.locale || document.documentElement.lang || '').slice(0, 2).toLowerCase();
    const locale = words[tag] ? tag : 'bg';
    const said = words[locale];
    const place = data.mount && document.querySelector(data.mount);
    const host = element('glas-feedback');
    // Hidden until the launcher's stylesheet, whose :host rule overrides this, has loaded.
    host.hidden = true;
    if (place) host.setAttribute('data-inline', '');
    const root = host.attachShadow({ mode: 'open' });
    const launcherSheet = stylesheet('__GLAS_LAUNCHER_CSS__');
    // No type="button": in its own shadow tree, no form of the page owns it.
    const button = element('button', 'launcher', said[0]);
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    root.append(launcherSheet, button);
    (place || document.body).appendChild(host);

    // tries: loads begun; js, wasm: the current one's addresses.
    let open, loading, formSheet, failure, tries = 0, js, wasm;
    const load = () => {
      if (loading) return;
      // A new try asks for new addresses: a browser does not import again a module
      // that failed, a crashed instance must not be reused, and a crash can then be
      // told from an earlier try's.
      const again = tries++ ? '?' + tries : '';
      js = base + '__GLAS_JS__' + again;
      wasm = base + '__GLAS_WASM__' + again;
      // Wasm, glue, the form's stylesheet and the profile download side by side.
      const module = fetch(wasm);
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
      loading = Promise.all([import(js), sheet])
        .then(([widget]) => widget.default({ module_or_path: module }).then(() => {
          const focus = root.activeElement === button;
          button.remove();
          widget.mount(root, {
            api, locale, unit: data.unit, channel: data.channel, open, focus, profile,
          });
        }))
        .catch(fail);
    };

    // The widget could not load, or it crashed: whatever it drew goes, and the
    // citizen reads what else to do, unless nobody asked for it yet and the
    // launcher is still there to try again with.
    const fail = (error) => {
      if (failure) return;
      console.error('glas:', error);
      loading = null;
      if (!open && button.isConnected) return;
      let focus = root.activeElement;
      [...root.children].forEach((child) => child.localName === 'link' || child.remove());
      const contact = element('p');
      said[2].forEach((part, i) => {
        if (i % 2) {
          const link = element('a', 0, contacts[part][0]);
          link.href = contacts[part][1];
          part = link;
        }
        contact.append(part);
      });
      const retry = element('button', 'launcher', said[3]);
      failure = element('div', 'failed');
      failure.setAttribute('role', 'alert');
      failure.append(element('p', 0, said[1]), contact, retry);
      root.append(failure);
      if (focus) retry.focus();
      retry.onclick = () => {
        focus = root.activeElement === retry;
        failure.remove();
        failure = null;
        root.append(button);
        if (focus) button.focus();
        press();
      };
    };

    // A crash later on (a Rust panic is a Wasm trap in a release build) reaches the
    // window as an uncaught error. It is the widget's when it went through this
    // try's glue or Wasm: a page may run Wasm of its own.
    const crash = (error) => {
      const stack = '' + (error && error.stack);
      if (js && (stack.includes(js + ':') || stack.includes(wasm + ':'))) fail(error);
    };
    addEventListener('error', (event) => crash(event.error));
    addEventListener('unhandledrejection', (event) => crash(event.reason));

    const press = () => {
      open = true;
      button.setAttribute('aria-busy', 'true');
      load();
    };
    // Download from the press on; ready before a long press ends, it opens.
    button.onpointerdown = (event) => {
      if (!event.button) {
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
          tx.oncomplete = () => {
            db.close();
            if (counts.some((count) => count.result)) then();
          };
        } catch {
          db.close();
        }
      };
    } catch { /* No IndexedDB here (a sandboxed frame, say): nothing can wait. */ }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
