// Starts two fresh Glas servers (fresh databases): one with the built-in Haskovo
// profile, one with profiles/example.toml (another municipality's rules), and the
// host-page server; then runs the specs in one Chromium, one at a time. `cargo xtask test` sets GLAS_BIN and
// GLAS_WIDGET_DIR; without them the workspace's debug build is used.
//
// Playwright loads this file in the runner and again in every worker. The run's
// ports and directory are chosen once, by the runner, and handed to the workers
// through the environment (workers inherit it), so both sides agree.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig, devices } from '@playwright/test';

const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(E2E_DIR, '..');

// Asks the kernel for `count` free ports, all held open until all are chosen, so
// that no two are the same (ports asked for one by one may come back twice); a
// child process keeps this synchronous.
function freePorts(count: number): string[] {
  return execFileSync(process.execPath, [
    '-e',
    `const net=require('net');const held=[];
     const next=()=>{if(held.length===${count}){process.stdout.write(held.map(s=>s.address().port).join(' '));held.forEach(s=>s.close());return}
       const s=net.createServer().listen(0,'127.0.0.1',()=>{held.push(s);next()})};next()`,
  ])
    .toString()
    .split(' ');
}

const env = process.env;
env.GLAS_BIN ??= path.join(env.CARGO_TARGET_DIR ?? path.join(REPO, 'target'), 'debug', 'glas');
env.GLAS_WIDGET_DIR ??= path.join(REPO, 'widget', 'dist');
// The key the test servers seal citizens' contact details with (a test key, known to
// all: never a real one). Set here, every `glas` the suite starts (its own servers,
// the kiosk's, `glas export`, `glas user`) inherits it.
env.GLAS_PERSONAL_DATA_KEY ??= 'DXRVCqpGUeL/dV6tdRvA8f8H0NhiAmBrmnCVEGlkzaY=';
// The token a scraper reads /metrics with: one per run, so that the log scan
// (global-teardown.ts) can look for it.
env.GLAS_METRICS_TOKEN ??= randomBytes(24).toString('base64url');
if (!env.GLAS_E2E_PORT || !env.GLAS_E2E_EXAMPLE_PORT || !env.GLAS_E2E_HOST_PORT) {
  [env.GLAS_E2E_PORT, env.GLAS_E2E_EXAMPLE_PORT, env.GLAS_E2E_HOST_PORT] = freePorts(3);
}
env.GLAS_E2E_RUN_DIR ??= mkdtempSync(path.join(tmpdir(), 'glas-e2e-'));

const glasUrl = `http://127.0.0.1:${env.GLAS_E2E_PORT}`;
const exampleUrl = `http://127.0.0.1:${env.GLAS_E2E_EXAMPLE_PORT}`;
const hostUrl = `http://localhost:${env.GLAS_E2E_HOST_PORT}`;
const runDir = env.GLAS_E2E_RUN_DIR;
const serverLog = path.join(runDir, 'glas.log');
const exampleLog = path.join(runDir, 'glas-example.log');

// The server's environment; the `glas export` helper (fixtures/glas.ts) uses it too.
const glasEnv = {
  GLAS_BIND: `127.0.0.1:${env.GLAS_E2E_PORT}`,
  DATABASE_URL: `sqlite://${path.join(runDir, 'glas.db')}`,
  GLAS_WIDGET_DIR: env.GLAS_WIDGET_DIR,
  GLAS_PUBLIC_URL: glasUrl,
  GLAS_ALLOWED_ORIGINS: hostUrl,
  GLAS_PERSONAL_DATA_KEY: env.GLAS_PERSONAL_DATA_KEY,
  GLAS_METRICS_TOKEN: env.GLAS_METRICS_TOKEN,
  RUST_LOG: 'info',
  // The log is a file, not a terminal: no colour codes in it.
  NO_COLOR: '1',
  // The suite is one client sending faster than any citizen or clerk: the rate
  // limits are off on the shared servers, and rate-limits.spec.ts turns them on
  // for servers of its own.
  GLAS_RATE_LIMIT_SUBMISSIONS: '0',
  GLAS_RATE_LIMIT_TRACKING: '0',
  GLAS_RATE_LIMIT_LOGINS: '0',
  GLAS_RATE_LIMIT_KIOSKS: '0',
  GLAS_RATE_LIMIT_ENROLMENTS: '0',
  // It also fills in forms faster than a person: nothing is kept aside for speed
  // here (set-aside.spec.ts runs a server of its own with the default).
  GLAS_MIN_FILL_SECS: '0',
};
// The same server with another municipality's profile: no corruption kind,
// complaints answered in 14 days, other units.
const exampleEnv = {
  ...glasEnv,
  GLAS_BIND: `127.0.0.1:${env.GLAS_E2E_EXAMPLE_PORT}`,
  DATABASE_URL: `sqlite://${path.join(runDir, 'glas-example.db')}`,
  GLAS_PUBLIC_URL: exampleUrl,
  GLAS_PROFILE: path.join(REPO, 'profiles', 'example.toml'),
  // JSON lines, as a log collector reads them: the run's log scan reads both formats.
  GLAS_LOG_FORMAT: 'json',
};
env.GLAS_E2E_URL = glasUrl;
env.GLAS_E2E_EXAMPLE_URL = exampleUrl;
env.GLAS_E2E_HOST_URL = hostUrl;
env.GLAS_E2E_DATABASE_URL = glasEnv.DATABASE_URL;
env.GLAS_E2E_EXAMPLE_DATABASE_URL = exampleEnv.DATABASE_URL;
env.GLAS_E2E_SERVER_LOG = serverLog;

// A server's output goes to a file (tests attach its tail when they fail);
// if it does not start, the tail is printed where Playwright shows it.
function glasCommand(log: string): string {
  return existsSync(env.GLAS_BIN!)
    ? `"$GLAS_BIN" >>"${log}" 2>&1 || { code=$?; tail -n 40 "${log}" >&2; exit $code; }`
    : `echo "GLAS_BIN=$GLAS_BIN does not exist: run 'cargo xtask test', or build with 'cargo build -p glas-server'" >&2; exit 1`;
}

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  // The staff accounts (fixtures/staff.ts), in the Haskovo server's database.
  globalSetup: './fixtures/global-setup.ts',
  globalTeardown: './fixtures/global-teardown.ts',
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: !!env.CI,
  reporter: 'list',
  // The widget's Wasm is fetched and compiled on the first click: allow for it.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices['Desktop Chrome'],
    browserName: 'chromium',
    launchOptions: {
      executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    actionTimeout: 15_000,
    navigationTimeout: 15_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      name: 'glas',
      command: glasCommand(serverLog),
      env: glasEnv,
      url: `${glasUrl}/readyz`,
      timeout: 60_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      name: 'glas-example',
      command: glasCommand(exampleLog),
      env: exampleEnv,
      url: `${exampleUrl}/readyz`,
      timeout: 60_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      name: 'hosts',
      command: 'node fixtures/host-server.mjs',
      cwd: E2E_DIR,
      env: { HOST_PORT: env.GLAS_E2E_HOST_PORT, GLAS_URL: glasUrl, GLAS_EXAMPLE_URL: exampleUrl },
      url: `${hostUrl}/healthz`,
      timeout: 15_000,
      reuseExistingServer: false,
    },
  ],
});
