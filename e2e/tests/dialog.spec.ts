// Where the open widget covers the whole page (a phone), it is a modal dialog:
// Tab stays inside it and the page behind cannot be reached. As a side panel
// beside the page (a wide screen) it stays non-modal, and Tab goes on to the page.

import { expectNoAxeViolations } from '../fixtures/axe';
import { hostPage } from '../fixtures/env';
import { uniqueText } from '../fixtures/glas';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

/**
 * Whether the host page's links cannot be reached: inert, so neither focus nor a
 * screen reader gets there. (It tries to focus one: check where focus is first.)
 */
async function pageIsInert(widget: Widget): Promise<boolean> {
  return widget.page.getByRole('link', { name: 'Opening hours' }).evaluate((link: HTMLElement) => {
    link.focus();
    return link.closest('[inert]') !== null && document.activeElement !== link;
  });
}

/** Where focus is: inside the widget's panel, on its launcher, or on the page. */
async function focusIsIn(widget: Widget): Promise<'panel' | 'launcher' | 'page'> {
  return widget.page.evaluate(() => {
    const host = document.querySelector('glas-feedback');
    if (document.activeElement !== host) return 'page';
    const inside = host?.shadowRoot?.activeElement;
    if (inside?.closest('.panel')) return 'panel';
    return inside?.classList.contains('launcher') ? 'launcher' : 'page';
  });
}

test('on a 320×640 screen the open widget is modal: after Send, Tab and Shift+Tab stay inside it', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  const widget = new Widget(page, 'en');
  await page.goto(hostPage('basic'));
  await widget.open();
  await expect(widget.dialog).toHaveAttribute('aria-modal', 'true');

  await widget.fill({ kind: 'praise', text: uniqueText('Thank you for the quick help at desk 4.') });
  await widget.send();
  await expect(widget.sentReference).toBeVisible();

  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(key);
      expect(await focusIsIn(widget), `${key} ×${i + 1}`).toBe('panel');
    }
  }
  // The page behind is inert: not reachable, and not read by a screen reader.
  expect(await pageIsInert(widget)).toBe(true);
  await expectNoAxeViolations(page, 'modal on a small screen');

  // Closed, the page is back.
  await widget.closeButton.click();
  expect(await focusIsIn(widget), 'focus goes back to the launcher').toBe('launcher');
  expect(await pageIsInert(widget)).toBe(false);
});

test('on a wide screen the open widget is a side panel: not modal, and Tab goes on to the page', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const widget = new Widget(page, 'en');
  await page.goto(hostPage('basic'));
  await widget.open();
  await expect(widget.dialog).toHaveAttribute('aria-modal', 'false');
  expect(await pageIsInert(widget)).toBe(false);

  const seen = new Set<string>();
  for (let i = 0; i < 40 && !seen.has('page'); i++) {
    await page.keyboard.press('Tab');
    seen.add(await focusIsIn(widget));
  }
  expect([...seen]).toContain('page');
});

test('turning a phone from a side panel to a covering panel makes the widget modal, and back', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const widget = new Widget(page, 'en');
  await page.goto(hostPage('basic'));
  await widget.open();
  await expect(widget.dialog).toHaveAttribute('aria-modal', 'false');
  await page.setViewportSize({ width: 320, height: 640 });
  await expect(widget.dialog).toHaveAttribute('aria-modal', 'true');
  expect(await pageIsInert(widget)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(widget.dialog).toHaveAttribute('aria-modal', 'false');
  expect(await pageIsInert(widget)).toBe(false);
});
