// A citizen sends feedback while online and gets a reference number at once.

import { expectNoAxeViolations } from '../fixtures/axe';
import { glasUrl, hostPage } from '../fixtures/env';
import { submissionsWithText, uniqueText } from '../fixtures/glas';
import { expect, test } from '../fixtures/test';
import { WASM_LOAD_TIMEOUT, Widget } from '../fixtures/widget';

test('a complaint sent on the municipality’s own page is registered under the reference shown', async ({ page }) => {
  const widget = new Widget(page, 'bg');
  const text = uniqueText('Тротоарът на ул. „Македония“ 14 е разбит от месеци и хората ходят по платното.');

  await page.goto(`${glasUrl}/`);
  // The demo page speaks Bulgarian, the default: "Обратна връзка".
  await expect(widget.launcher).toBeVisible();
  await expect(widget.launcher).toHaveText(widget.t('widget-launcher'));

  await widget.open();
  await widget.fill({
    kind: 'complaint',
    text,
    contact: { name: 'Мария Петрова', email: 'maria.petrova@example.com' },
  });
  await widget.send();
  const reference = await widget.receipt(); // "Входящ номер: 2026-…"

  await expect(widget.trackLink).toHaveAttribute('href', new RegExp(`^${glasUrl}/track/.+`));
  await expectNoAxeViolations(page, 'demo page, receipt');

  const stored = submissionsWithText(text);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ reference, kind: 'complaint', channel: 'web', status: 'registered' });
});

test('praise sent from a partner site on another origin is registered under the reference shown', async ({ page }) => {
  const widget = new Widget(page, 'en');
  const text = uniqueText('The staff at the civil registry desk were patient and quick. Thank you!');

  await page.goto(hostPage('basic', 'en'));
  expect(new URL(page.url()).origin, 'the host page must be cross-origin').not.toBe(new URL(glasUrl).origin);

  await widget.open();
  await widget.fill({ kind: 'praise', text });
  await widget.send();
  const reference = await widget.receipt(); // "Reference number: 2026-…"

  await expect(widget.trackLink).toHaveAttribute('href', new RegExp(`^${glasUrl}/track/.+`));
  await expectNoAxeViolations(page, 'host page, receipt');

  const stored = submissionsWithText(text);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ reference, kind: 'praise', channel: 'web', status: 'registered' });
});

test('a long press on the launcher opens the widget even if it is ready before the press ends', async ({ page }) => {
  const widget = new Widget(page, 'bg');
  await page.goto(`${glasUrl}/`);
  const box = await widget.launcher.boundingBox();
  expect(box).not.toBeNull();

  // The download starts at the press; the finger stays down until the widget is there.
  await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  await page.mouse.down();
  await expect(widget.dialog).toBeVisible({ timeout: WASM_LOAD_TIMEOUT });
  await page.mouse.up();
  await expect(widget.message).toBeVisible();
});
