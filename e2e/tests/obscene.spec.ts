// A citizen writes in anger. The Charter lets the municipality leave obscene or
// insulting messages unanswered, so the widget warns while they write, politely,
// so that they can rephrase; it never stops them sending. The server flags such a
// message for a person to judge.

import { expectNoAxeViolations } from '../fixtures/axe';
import { hostPage, type Locale } from '../fixtures/env';
import { corpus, sentence } from '../fixtures/corpus';
import { submissionsWithText, uniqueText } from '../fixtures/glas';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('a rude sentence brings a polite warning tied to the message; rephrased, the warning goes', async ({ page }) => {
  const widget = new Widget(page, 'en');
  await page.goto(hostPage('basic'));
  await widget.open();

  await widget.chooseKind('complaint');
  await widget.message.fill(sentence('rude-en'));
  await expect(widget.obsceneWarning).toBeVisible();
  const warning = new RegExp(escapeRegExp(widget.t('obscene-warning')));
  await expect(widget.message).toHaveAccessibleDescription(warning);
  // A caution, not an error: the field is not marked invalid, and the news is
  // announced politely, without interrupting.
  await expect(widget.message).not.toHaveAttribute('aria-invalid', 'true');
  const live = await widget.obsceneWarning.evaluate((el) => el.closest('[aria-live]')?.getAttribute('aria-live'));
  expect(live).toBe('polite');
  await expectNoAxeViolations(page, 'obscene warning');

  await widget.message.fill('The bus to the hospital was late again this morning.');
  await expect(widget.obsceneWarning).toHaveCount(0);
  await expect(widget.message).not.toHaveAccessibleDescription(warning);
});

for (const [locale, corpusName] of [
  ['bg', 'rude-bg'],
  ['tr', 'rude-tr'],
] as const satisfies readonly (readonly [Locale, Parameters<typeof sentence>[0]])[]) {
  test(`in ${locale}, a rude sentence brings the warning in ${locale}`, async ({ page }) => {
    const widget = new Widget(page, locale);
    await page.goto(hostPage('basic', locale));
    await widget.open();

    await widget.message.fill(sentence(corpusName));
    await expect(widget.obsceneWarning).toBeVisible();
    await expectNoAxeViolations(page, `obscene warning in ${locale}`);
  });
}

test('sent as it is, a rude message is registered and flagged for staff; a clean one is not flagged', async ({
  page,
}) => {
  const widget = new Widget(page, 'bg');
  const rude = uniqueText(sentence('rude-bg'));
  const clean = uniqueText('Дупката на ул. „Раковски“ 5 още не е запълнена.');
  await page.goto(hostPage('basic', 'bg'));
  await widget.open();

  await widget.fill({ kind: 'complaint', text: rude, contact: { name: 'Петър Иванов', email: 'p.ivanov@example.com' } });
  await expect(widget.obsceneWarning).toBeVisible();
  await widget.send();
  const rudeReference = await widget.receipt();

  await widget.dialog.getByRole('button', { name: widget.t('send-another') }).click();
  await widget.fill({ kind: 'complaint', text: clean, contact: { name: 'Петър Иванов', email: 'p.ivanov@example.com' } });
  await widget.send();
  const cleanReference = await widget.receipt();

  const [flagged] = submissionsWithText(rude);
  expect(flagged).toMatchObject({ reference: rudeReference, status: 'registered', flagged_obscene: true });
  const [unflagged] = submissionsWithText(clean);
  expect(unflagged).toMatchObject({ reference: cleanReference, status: 'registered', flagged_obscene: false });
});

test('clean Bulgarian with words that start like rude ones brings no warning', async ({ page }) => {
  const widget = new Widget(page, 'bg');
  await page.goto(hostPage('basic', 'bg'));
  await widget.open();

  const tricky = [
    'Курсът в курорта беше отменен, а боклукът не е събран от седмица.',
    ...corpus('clean-bg').slice(0, 3),
  ];
  for (const text of tricky) {
    // A rude line first, so that the warning's going away proves the clean one was read.
    await widget.message.fill(sentence('rude-bg'));
    await expect(widget.obsceneWarning).toBeVisible();
    await widget.message.fill(text);
    await expect(widget.obsceneWarning, text).toHaveCount(0);
  }
  // And it stays away once typing has long paused.
  await page.waitForTimeout(1_000);
  await expect(widget.obsceneWarning).toHaveCount(0);
});
