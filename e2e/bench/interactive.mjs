// The widget's time from a click on the launcher to an interactive form, in
// Chromium with its CPU slowed down (CDP Emulation.setCPUThrottlingRate), and
// the bytes each step moves over the wire. `cargo xtask bench` runs it:
//
//   GLAS_URL=http://127.0.0.1:18080 RUNS=5 THROTTLE=4 node bench/interactive.mjs
//
// Each run is a fresh browser context (empty cache, no IndexedDB), opening the
// server's own demo page. "Interactive" is the first frame after the dialog holds
// its kind choices and its text field. The time is taken inside the page, from
// the click event's own timestamp, so the protocol's latency does not count.
// Prints one JSON object on standard output.

import { chromium } from '@playwright/test';

const GLAS_URL = process.env.GLAS_URL;
const RUNS = Number(process.env.RUNS ?? 5);
const THROTTLE = Number(process.env.THROTTLE ?? 4);
// A step that takes longer than this fails the run: nothing waits forever.
const STEP_TIMEOUT = 30_000;
// The network is quiet once nothing has been in flight for this long.
const QUIET_MS = 500;

if (!GLAS_URL || !(RUNS > 0) || !(THROTTLE >= 1)) {
  console.error('interactive.mjs: set GLAS_URL (and optionally RUNS, THROTTLE)');
  process.exit(2);
}

// The flags of playwright.config.ts: Debian's Chromium, no side traffic.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

/** Every response the page receives, by phase ('page' before the click, 'open' after). */
function recordNetwork(cdp) {
  const requests = new Map();
  const state = { phase: 'page', requests };
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
    requests.set(requestId, { url: request.url, phase: state.phase, done: false });
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const entry = requests.get(requestId);
    if (!entry) return;
    const headers = Object.fromEntries(
      Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    entry.status = response.status;
    entry.encoding = headers['content-encoding'] ?? 'identity';
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const entry = requests.get(requestId);
    if (entry) Object.assign(entry, { bytes: encodedDataLength, done: true });
  });
  cdp.on('Network.loadingFailed', ({ requestId, errorText }) => {
    const entry = requests.get(requestId);
    if (entry) Object.assign(entry, { error: errorText, done: true });
  });
  return state;
}

async function quiet(state) {
  const deadline = Date.now() + STEP_TIMEOUT;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const busy = [...state.requests.values()].some((r) => !r.done);
    if (busy) quietSince = Date.now();
    else if (Date.now() - quietSince >= QUIET_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the network did not go quiet');
}

// Runs in the page before the click: resolves with the times once the dialog is usable.
function watchForInteractive(timeout) {
  const root = document.querySelector('glas-feedback').shadowRoot;
  window.glasBench = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('the widget did not become interactive')), timeout);
    root.addEventListener(
      'click',
      (event) => {
        const clicked = event.timeStamp;
        const ready = () => {
          const dialog = root.querySelector('[role="dialog"]');
          return dialog?.querySelector('textarea') && dialog.querySelector('input[type="radio"]');
        };
        const done = () => {
          observer.disconnect();
          const seen = performance.now();
          // The frame that shows it, then the task after its paint.
          requestAnimationFrame(() =>
            setTimeout(() => {
              const fetched = performance
                .getEntriesByType('resource')
                .filter((r) => r.startTime >= clicked)
                .reduce((end, r) => Math.max(end, r.responseEnd), clicked);
              resolve({
                interactive_ms: performance.now() - clicked,
                rendered_ms: seen - clicked,
                fetched_ms: fetched - clicked,
              });
            }),
          );
        };
        const observer = new MutationObserver(() => ready() && done());
        observer.observe(root, { childList: true, subtree: true });
        if (ready()) done();
      },
      { capture: true, once: true },
    );
  });
}

async function run() {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    const network = recordNetwork(cdp);

    await page.goto(`${GLAS_URL}/`, { waitUntil: 'load' });
    const launcher = page.locator('glas-feedback button.launcher');
    await launcher.waitFor({ state: 'visible' });
    await quiet(network);

    await page.evaluate(watchForInteractive, STEP_TIMEOUT);
    network.phase = 'open';
    await launcher.click();
    const times = await page.evaluate(() => window.glasBench);
    await quiet(network);

    const fetched = (phase) =>
      [...network.requests.values()]
        .filter((r) => r.phase === phase)
        .map(({ url, status, encoding, bytes, error }) => ({
          path: new URL(url).pathname,
          status: status ?? 0,
          encoding: encoding ?? '',
          bytes: bytes ?? 0,
          error: error ?? null,
        }));
    return { ...times, page: fetched('page'), open: fetched('open') };
  } finally {
    await context.close();
  }
}

try {
  // The first run warms the browser itself (its processes, its compilers): not counted.
  await run();
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run());
  process.stdout.write(JSON.stringify({ throttle: THROTTLE, browser: browser.version(), runs }));
} finally {
  await browser.close();
}
