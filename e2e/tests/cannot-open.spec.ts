// A citizen presses the launcher but the widget cannot open: the network went away
// after the page loaded, the widget throws while it mounts, or it crashes later (a
// Rust panic is a Wasm trap in the release build). Each time the citizen reads, in
// the page's language, that the form is not working and how else to reach the
// municipality (the profile's phone and e-mail, which the server wrote into the
// loader), and can try again.

import type { Page, Route } from '@playwright/test';

import { expectNoAxeViolations } from '../fixtures/axe';
import { LOCALES, glasUrl, hostPage, type Locale } from '../fixtures/env';
import { fetchProfile } from '../fixtures/profile';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

/** The widget's JS glue and Wasm as the loader asks for them (a retry adds `?n`). */
const GLUE = /\/widget\/glas_widget-[0-9a-f]+\.js(\?\d+)?$/;
const WASM = /\/widget\/glas_widget-[0-9a-f]+\.wasm(\?\d+)?$/;

/** The alert with the message and the profile's contacts as links, and the launcher saying to try again. */
async function expectToldHowElse(widget: Widget, state: string): Promise<void> {
  const { contacts } = await fetchProfile();
  const m = widget.messages;
  await expect(widget.failure).toBeVisible({ timeout: 15_000 });
  await expect(widget.failure).toContainText(m.t('loader-failed'));
  await expect(widget.failure).toContainText(
    m.t('loader-contact', { phone: contacts.feedback_phone, email: contacts.email }),
  );
  const phone = widget.failure.getByRole('link', { name: contacts.feedback_phone, exact: true });
  await expect(phone).toHaveAttribute('href', /^tel:\+?\d+$/);
  await expect(widget.failure.getByRole('link', { name: contacts.email, exact: true })).toHaveAttribute(
    'href',
    `mailto:${contacts.email}`,
  );
  await expect(widget.retryButton).toBeVisible();
  await expect(widget.dialog).toHaveCount(0);
  await expectNoAxeViolations(widget.page, state);
}

/** Answers the glue's request with `body` (an ES module), as the server would: cross-origin allowed. */
function fulfilModule(body: string): (route: Route) => Promise<void> {
  return (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/javascript',
      headers: { 'access-control-allow-origin': '*' },
      body,
    });
}

async function openLauncher(page: Page, locale: Locale): Promise<Widget> {
  const widget = new Widget(page, locale);
  await page.goto(hostPage('basic', locale));
  await expect(widget.launcher).toBeVisible();
  return widget;
}

test('with the network gone between the page and the click, the citizen reads how else to reach the municipality, in the page’s language, and can try again', async ({
  context,
  page,
}) => {
  for (const locale of LOCALES) {
    await test.step(locale, async () => {
      await context.setOffline(false);
      const widget = await openLauncher(page, locale);
      await context.setOffline(true);
      await widget.launcher.click();
      await expectToldHowElse(widget, `offline click, ${locale}`);
      await expect(widget.retryButton, 'focus moves from the launcher to its successor').toBeFocused();
    });
  }

  await test.step('the network is back: trying again opens the widget', async () => {
    await context.setOffline(false);
    const widget = new Widget(page, 'tr');
    await widget.retryButton.press('Enter');
    await expect(widget.dialog).toBeVisible({ timeout: 15_000 });
    await expect(widget.failure).toHaveCount(0);
    await expectNoAxeViolations(page, 'opened on the second try');
  });
});

test('when a request for the widget is blocked, the launcher tells so instead of doing nothing', async ({ page }) => {
  await page.route(WASM, (route) => route.abort('blockedbyclient'));
  const widget = await openLauncher(page, 'en');
  await widget.launcher.click();
  await expectToldHowElse(widget, 'Wasm blocked');
});

test('a widget that throws while it mounts ends in the same message, not a silent button', async ({ page }) => {
  await page.route(
    GLUE,
    fulfilModule(`
      export default async () => {};
      export function mount() { throw new Error('mount fails on purpose'); }
    `),
  );
  const widget = await openLauncher(page, 'bg');
  await widget.launcher.click();
  await expectToldHowElse(widget, 'mount threw');
});

// (module (func (export "trap") unreachable)): what a panic is in the release build.
const TRAP_WASM = Buffer.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
  0x07, 0x08, 0x01, 0x04, 0x74, 0x72, 0x61, 0x70, 0x00, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
]);

test('a widget whose Wasm traps in an event handler, after it mounted, gives way to the message', async ({ page }) => {
  // A stand-in widget: instantiated from the widget's own Wasm address, as the real
  // glue does, it draws a button whose handler traps. A page's own Wasm trapping
  // is not the widget's business: that is checked first.
  await page.route(WASM, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/wasm',
      headers: { 'access-control-allow-origin': '*' },
      body: TRAP_WASM,
    }),
  );
  await page.route(
    GLUE,
    fulfilModule(`
      let wasm;
      export default async ({ module_or_path }) => {
        wasm = (await WebAssembly.instantiateStreaming(await module_or_path, {})).instance.exports;
      };
      export function mount(root) {
        const form = document.createElement('button');
        form.textContent = 'Send';
        form.onclick = () => wasm.trap();
        root.append(form);
        form.focus();
      }
    `),
  );
  const widget = await openLauncher(page, 'en');
  await widget.launcher.click();
  const send = widget.host.getByRole('button', { name: 'Send', exact: true });
  await expect(send).toBeVisible();

  // The page's module exports "oops" rather than "trap": V8 shares the compiled code
  // of identical bytes, and with it the first one's address in stacks.
  const pageWasm = Buffer.from(TRAP_WASM);
  pageWasm.write('oops', TRAP_WASM.indexOf('trap'));
  await page.evaluate(async (bytes) => {
    const { instance } = await WebAssembly.instantiate(new Uint8Array(bytes));
    const button = document.createElement('button');
    button.textContent = 'Page trap';
    button.onclick = () => (instance.exports.oops as () => void)();
    document.body.append(button);
  }, [...pageWasm]);
  await page.getByRole('button', { name: 'Page trap' }).click();
  await expect(send, 'a trap in the page’s own Wasm leaves the widget alone').toBeVisible();
  await expect(widget.failure).toHaveCount(0);

  await send.click();
  await expectToldHowElse(widget, 'trapped after mount');
  await expect(send, 'the crashed widget is gone').toHaveCount(0);
  await expect(widget.retryButton).toBeFocused();

  // Its instance lives on in this page: trying again starts the page afresh.
  await Promise.all([page.waitForEvent('load'), widget.retryButton.click()]);
  await expect(widget.launcher).toBeVisible();
  await expect(widget.failure).toHaveCount(0);
});

test('before the widget is opened a page downloads only the loader and the launcher’s stylesheet; the form’s comes with the widget', async ({
  page,
}) => {
  const fetched: string[] = [];
  page.on('requestfinished', (request) => {
    const url = request.url();
    if (url.startsWith(`${glasUrl}/`)) fetched.push(new URL(url).pathname);
  });
  const widget = await openLauncher(page, 'en');
  await page.waitForLoadState('networkidle');
  expect(fetched.sort()).toEqual([
    expect.stringMatching(/^\/widget\/glas-launcher-[0-9a-f]+\.css$/),
    '/widget/glas.js',
  ]);

  fetched.length = 0;
  await widget.open();
  expect(fetched).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^\/widget\/glas-[0-9a-f]+\.css$/),
      expect.stringMatching(/^\/widget\/glas_widget-[0-9a-f]+\.js$/),
      expect.stringMatching(/^\/widget\/glas_widget-[0-9a-f]+\.wasm$/),
      '/api/v1/profile',
    ]),
  );
  await expectNoAxeViolations(page, 'opened');
});
