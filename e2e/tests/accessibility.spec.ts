// A citizen who relies on a screen reader or a keyboard can use the widget.

import { expectNoAxeViolations } from '../fixtures/axe';
import { glasUrl, hostPage, LOCALES } from '../fixtures/env';
import { uniqueText } from '../fixtures/glas';
import { expect, test } from '../fixtures/test';
import { WASM_LOAD_TIMEOUT, Widget } from '../fixtures/widget';

test('the demo page and its open widget have no axe violations', async ({ page }) => {
  const widget = new Widget(page, 'bg');
  await page.goto(`${glasUrl}/`);
  await expect(widget.launcher).toBeVisible();
  await expectNoAxeViolations(page, 'demo page, widget closed');

  await widget.open();
  await expectNoAxeViolations(page, 'demo page, widget open');
});

for (const locale of LOCALES) {
  test(`the widget in ${locale} has no axe violations: open, with field errors, with a receipt`, async ({ page }) => {
    const widget = new Widget(page, locale);
    await page.goto(hostPage('basic', locale));
    await widget.open();
    await expectNoAxeViolations(page, 'open');

    await widget.chooseKind('comment');
    await widget.email.fill('nope');
    await widget.email.blur();
    await widget.send(); // the message is still empty
    await expect(widget.message).toHaveAttribute('aria-invalid', 'true');
    await expect(widget.email).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, 'field errors shown');

    await widget.message.fill(uniqueText(`Accessibility check of the widget in ${locale}.`));
    await widget.email.fill('');
    await widget.send();
    await widget.receipt();
    await expectNoAxeViolations(page, 'receipt');
  });
}

test('keyboard: Tab reaches the launcher, Enter opens the dialog, Escape closes it and focus returns', async ({
  page,
}) => {
  const widget = new Widget(page, 'en');
  await page.goto(hostPage('basic'));
  await expect(widget.launcher).toBeVisible();

  // The launcher comes after the page's own links, in document order.
  let reached = false;
  for (let presses = 0; presses < 20 && !reached; presses++) {
    await page.keyboard.press('Tab');
    reached = await widget.launcher.evaluate((el) => el.matches(':focus'));
  }
  expect(reached, 'Tab reaches the launcher within 20 presses').toBe(true);
  await expect(widget.launcher).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(widget.dialog).toBeVisible({ timeout: WASM_LOAD_TIMEOUT });
  await expect.poll(() => widget.focusIsInDialog(), { message: 'focus moves into the dialog' }).toBe(true);
  await expectNoAxeViolations(page, 'opened from the keyboard');

  await page.keyboard.press('Escape');
  await expect(widget.dialog).toBeHidden();
  await expect(widget.launcher).toBeFocused();
});
