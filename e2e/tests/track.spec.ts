// A citizen follows the receipt's link to see where their feedback stands.

import { expectNoAxeViolations } from '../fixtures/axe';
import { glasUrl, hostPage } from '../fixtures/env';
import { uniqueText } from '../fixtures/glas';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

test('the receipt’s link opens a page with the reference, kind and status, and not the text', async ({ page }) => {
  const widget = new Widget(page, 'en');
  const text = uniqueText('Please add a bench at the bus stop by the regional hospital.');
  const author = 'Stoyan Georgiev';

  await page.goto(hostPage('basic'));
  await widget.open();
  await widget.fill({ kind: 'proposal', text, contact: { name: author, email: 'stoyan@example.com' } });
  await widget.send();
  const reference = await widget.receipt();

  const href = await widget.trackLink.getAttribute('href');
  expect(href).toMatch(new RegExp(`^${glasUrl}/track/.+`));
  await page.goto(href!);

  const m = widget.messages;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.t('track-title', { reference }));
  await expect(page.getByRole('definition').filter({ hasText: m.t('kind-proposal') })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: m.t('status-registered') })).toBeVisible();
  await expect(page.getByText(text)).toHaveCount(0);
  await expect(page.getByText(author)).toHaveCount(0);
  await expectNoAxeViolations(page, 'tracking page');
});
