// A citizen uses the widget on a site that is hostile to it: a stylesheet that
// flattens everything, and a Content-Security-Policy that allows almost nothing.
// On either, the widget must look and work as it does on a plain page.

import { writeFileSync } from 'node:fs';

import type { Browser, Locator, Page, TestInfo } from '@playwright/test';

import { expectNoAxeViolations } from '../fixtures/axe';
import { glasUrl, hostPage } from '../fixtures/env';
import { submissionsWithText, uniqueText } from '../fixtures/glas';
import { pixelDifference } from '../fixtures/pixels';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

interface Look {
  box: { x: number; y: number; width: number; height: number };
  png: Buffer;
}

async function look(locator: Locator): Promise<Look> {
  await expect(locator).toBeVisible();
  const png = await locator.screenshot({ animations: 'disabled', caret: 'hide' });
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  const r = (n: number) => Math.round(n);
  return { box: { x: r(box!.x), y: r(box!.y), width: r(box!.width), height: r(box!.height) }, png };
}

/** The launcher closed, and the dialog just opened, on the page as it is. */
async function lookOfWidget(widget: Widget): Promise<{ launcher: Look; dialog: Look }> {
  const launcher = await look(widget.launcher);
  await widget.open();
  const dialog = await look(widget.dialog);
  return { launcher, dialog };
}

/**
 * The same place, size and look as on the plain page, give or take anti-aliasing
 * (at most 0.2% of the pixels); both pictures are attached when not.
 */
async function expectSameLook(
  browser: Browser,
  actual: Look,
  plain: Look,
  what: string,
  testInfo: TestInfo,
): Promise<void> {
  expect.soft(actual.box, `${what}: position and size as on a plain page`).toEqual(plain.box);
  const diff = await pixelDifference(browser, actual.png, plain.png);
  const alike = diff.sameSize && diff.different <= diff.total * 0.002;
  if (!alike) {
    const slug = what.replace(/\W+/g, '-');
    for (const [name, png] of [[`${slug}-plain.png`, plain.png], [`${slug}-actual.png`, actual.png]] as const) {
      const path = testInfo.outputPath(name);
      writeFileSync(path, png);
      await testInfo.attach(name, { path, contentType: 'image/png' });
    }
  }
  expect
    .soft(alike, `${what} looks as on a plain page: ${diff.different} of ${diff.total} pixels differ (pictures attached)`)
    .toBe(true);
}

/** The widget on a page with no styles of its own and the same white background. */
async function plainLook(page: Page): Promise<{ launcher: Look; dialog: Look }> {
  await page.goto(hostPage('plain'));
  return lookOfWidget(new Widget(page, 'en'));
}

test('under a stylesheet that attacks it, the widget looks and works as on a plain page', async ({
  browser,
  page,
}, testInfo) => {
  const plain = await plainLook(page);

  const widget = new Widget(page, 'en');
  const text = uniqueText('The sports hall showers have had no hot water since Monday.');
  await page.goto(hostPage('hostile'));
  // The page hides its own button: its stylesheet is in force.
  await expect(page.getByRole('button', { name: 'Subscribe' })).toBeHidden();

  const hostile = await lookOfWidget(widget);
  await expectSameLook(browser, hostile.launcher, plain.launcher, 'launcher', testInfo);
  await expectSameLook(browser, hostile.dialog, plain.dialog, 'open dialog', testInfo);
  await expectNoAxeViolations(page, 'hostile page, widget open', { include: 'glas-feedback' });

  await widget.fill({ kind: 'complaint', text, contact: { name: 'Georgi Kolev', email: 'g.kolev@example.com' } });
  await widget.send();
  const reference = await widget.receipt();

  const stored = submissionsWithText(text);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ reference, kind: 'complaint' });
});

test('under a strict Content-Security-Policy, the widget looks and works as on a plain page', async ({
  browser,
  page,
}, testInfo) => {
  const plain = await plainLook(page);

  const widget = new Widget(page, 'en');
  const text = uniqueText('Please publish the court’s opening hours on the main page.');

  // Record what the policy blocks. An init script is the browser's, not the
  // page's, so the policy does not stop it.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });

  const response = await page.goto(hostPage('strict-csp'));
  expect(response?.headers()['content-security-policy'], 'the page is served with its policy').toContain(
    `connect-src ${glasUrl}`,
  );

  const strict = await lookOfWidget(widget);
  await expectSameLook(browser, strict.launcher, plain.launcher, 'launcher', testInfo);
  await expectSameLook(browser, strict.dialog, plain.dialog, 'open dialog', testInfo);

  await widget.fill({ kind: 'proposal', text });
  await widget.send();
  const reference = await widget.receipt();

  const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  expect(violations, 'the widget needs nothing the policy forbids').toEqual([]);
  // Only after that check: axe-core itself adds an inline <style>, which the policy refuses.
  await expectNoAxeViolations(page, 'strict CSP page, receipt');

  const stored = submissionsWithText(text);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ reference, kind: 'proposal' });
});
