// Anyone reads the public statistics and prints the yearly report.

import { expectNoAxeViolations } from '../fixtures/axe';
import { glasUrl } from '../fixtures/env';
import { Messages } from '../fixtures/messages';
import { expect, test } from '../fixtures/test';

test('the statistics page reads well in every language, and its figures are the open data’s', async ({ page }, testInfo) => {
  for (const locale of ['bg', 'en', 'tr'] as const) {
    const m = new Messages(locale);
    await page.goto(`${glasUrl}/stats?lang=${locale}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.t('stats-title'));
    await expectNoAxeViolations(page, `statistics page (${locale})`);
  }
  // The same period by the form, without JavaScript: the total is the JSON's.
  const m = new Messages('en');
  await page.goto(`${glasUrl}/stats?lang=en`);
  const year = String(new Date().getFullYear());
  await page.getByLabel(m.t('stats-period')).selectOption(year);
  await page.getByRole('button', { name: m.t('stats-show') }).click();
  await expect(page).toHaveURL(new RegExp(`period=${year}`));
  const data = await (await page.request.get(`${glasUrl}/stats.json?period=${year}`)).json();
  const total = data.figures.find((f: { measure: string; breakdown: string }) => f.measure === 'received' && f.breakdown === 'total');
  await expect(page.getByText(m.t('stats-received-total', { count: total.value ?? '<5' }))).toBeVisible();
  await testInfo.attach('stats.png', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('the yearly report prints to A4 pages with the year’s figures', async ({ page }, testInfo) => {
  const m = new Messages('bg');
  const year = String(new Date().getFullYear());
  await page.goto(`${glasUrl}/stats/report/${year}?lang=bg`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.t('stats-report-title', { year }));
  await expectNoAxeViolations(page, 'yearly report');
  const data = await (await page.request.get(`${glasUrl}/stats.json?period=${year}`)).json();
  const total = data.figures.find((f: { measure: string; breakdown: string }) => f.measure === 'received' && f.breakdown === 'total');
  await expect(page.getByText(m.t('stats-received-total', { count: total.value ?? '<5' }))).toBeVisible();

  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await testInfo.attach(`report-${year}.pdf`, { body: pdf, contentType: 'application/pdf' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
  expect(pages.length).toBeGreaterThanOrEqual(1);
});
