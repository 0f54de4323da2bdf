// An administrator adds a kiosk at the staff desk: the page shows its one-time
// enrolment code and a QR code of the enrolment link, once, and lists the kiosk.

import { expectNoAxeViolations } from '../fixtures/axe';
import { Desk } from '../fixtures/desk';
import { ADMIN } from '../fixtures/staff';
import { expect, test } from '../fixtures/test';

test('an administrator adds a kiosk and reads its enrolment code, on an accessible page', async ({ page }) => {
  const desk = new Desk(page, 'bg');
  await desk.gotoLogin();
  await desk.signIn(ADMIN);
  await page.getByRole('link', { name: desk.t('desk-kiosks'), exact: true }).click();
  await expect(desk.heading).toHaveText(desk.t('kiosks-title'));
  await expectNoAxeViolations(page, 'desk: kiosks');

  const place = `Фоайе, гише ${Date.now()}`;
  await page.getByLabel(desk.t('kiosks-name'), { exact: true }).fill(place);
  await page.getByLabel(desk.t('kiosks-unit'), { exact: true }).selectOption('local-taxes');
  await page.getByRole('button', { name: desk.t('kiosks-add-submit'), exact: true }).click();

  const code = page.getByRole('region', { name: desk.t('kiosks-code-title', { name: place }) });
  await expect(code).toBeVisible();
  await expect(code.locator('.code')).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expect(code.getByRole('figure')).toContainText(desk.t('kiosks-code-qr'));
  await expect(code.locator('figure svg')).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(place) })).toContainText(desk.t('kiosks-waiting'));
  await expectNoAxeViolations(page, 'desk: kiosks, with a new code');
});
