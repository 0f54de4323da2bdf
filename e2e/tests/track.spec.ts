// A citizen follows the receipt's link to see where their feedback stands.

import { expectNoAxeViolations } from '../fixtures/axe';
import { glasUrl, hostPage } from '../fixtures/env';
import { uniqueText } from '../fixtures/glas';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

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

test('an anonymous complaint’s tracking page says it is not examined, and why', async ({ page }) => {
  const widget = new Widget(page, 'en');
  const text = uniqueText('The queue at the civil registration desk took two hours.');

  await page.goto(hostPage('basic'));
  await widget.open();
  await widget.fill({ kind: 'complaint', text });
  await widget.send();
  const reference = await widget.unexaminedReceipt('anonymous');

  const href = await widget.trackLink.getAttribute('href');
  expect(href).toMatch(new RegExp(`^${glasUrl}/track/.+`));
  await page.goto(href!);

  const m = widget.messages;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.t('track-title', { reference }));
  const row = (key: string) => new RegExp(`^${escapeRegExp(m.t(key))}$`);
  await expect(page.getByRole('definition').filter({ hasText: row('status-not_examined') })).toBeVisible();
  await expect(page.getByRole('term').filter({ hasText: row('track-reason') })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: row('reason-anonymous') })).toBeVisible();
  await expect(page.getByRole('term').filter({ hasText: row('track-due') }), 'no answer is due').toHaveCount(0);
  await expect(page.getByText(text)).toHaveCount(0);
  await expectNoAxeViolations(page, 'tracking page, not examined');
});
