// A citizen writes without giving their name. The Charter does not examine an
// anonymous complaint, signal or corruption report unless it concerns a threat
// to health or safety: the widget says so before sending and offers that choice,
// and the receipt says plainly what will happen. Anonymous praise, comments and
// proposals are examined as any other.

import { expectNoAxeViolations } from '../fixtures/axe';
import { hostPage, LOCALES } from '../fixtures/env';
import { submissionsWithText, uniqueText } from '../fixtures/glas';
import { expect, test } from '../fixtures/test';
import { type Kind, Widget } from '../fixtures/widget';

const WARNED: readonly Kind[] = ['complaint', 'signal', 'corruption'];
const NOT_WARNED: readonly Kind[] = ['proposal', 'praise', 'comment'];

for (const locale of LOCALES) {
  test(`in ${locale}, writing a complaint without a name brings the anonymity warning and the health-or-safety choice`, async ({
    page,
  }) => {
    const widget = new Widget(page, locale);
    await page.goto(hostPage('basic', locale));
    await widget.open();

    await widget.chooseKind('complaint');
    await widget.message.fill(uniqueText('Anonymous warning check.'));
    await expect(widget.anonymousWarning).toBeVisible();
    await expect(widget.text('anonymous-advice')).toBeVisible();
    await expect(widget.healthOrSafety).toBeVisible();
    await expect(widget.healthOrSafety).not.toBeChecked();
    await expect(widget.healthOrSafety).toHaveAccessibleDescription(widget.t('anonymous-warning'));
    await expectNoAxeViolations(page, 'anonymity warning');

    for (const kind of WARNED) {
      await widget.chooseKind(kind);
      await expect(widget.anonymousWarning, `${kind} without a name is warned about`).toBeVisible();
    }
    for (const kind of NOT_WARNED) {
      await widget.chooseKind(kind);
      await expect(widget.anonymousWarning, `${kind} without a name needs no warning`).toHaveCount(0);
      await expect(widget.healthOrSafety).toHaveCount(0);
    }

    await widget.chooseKind('signal');
    await expect(widget.anonymousWarning).toBeVisible();
    await widget.name.fill('Ivan Petrov');
    await expect(widget.anonymousWarning, 'a name takes the warning away').toHaveCount(0);
    await expect(widget.healthOrSafety).toHaveCount(0);
  });
}

test('an anonymous complaint sent without the choice is registered, and the receipt says it will not be examined', async ({
  page,
}) => {
  const widget = new Widget(page, 'bg');
  const text = uniqueText('Служителката на гише 3 ме върна три пъти за един и същ подпис.');
  await page.goto(hostPage('basic', 'bg'));
  await widget.open();

  await widget.fill({ kind: 'complaint', text });
  await expect(widget.anonymousWarning).toBeVisible();
  await widget.send();

  // "Обратната ви връзка е регистрирана, но няма да бъде разгледана." + the number + why.
  const reference = await widget.unexaminedReceipt('anonymous');
  await expect(widget.host.getByText(widget.messages.pattern('sent-due')), 'no answer is due').toHaveCount(0);
  await expectNoAxeViolations(page, 'receipt: registered, not examined');

  const stored = submissionsWithText(text);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    reference,
    kind: 'complaint',
    status: 'not_examined',
    reason: 'anonymous',
    health_or_safety: false,
    has_author: false,
    due_on: null,
  });
});

test('an anonymous signal about a threat to health or safety is registered to be examined', async ({ page }) => {
  const widget = new Widget(page, 'en');
  const text = uniqueText('A manhole cover is missing on the pavement outside school no. 5.');
  await page.goto(hostPage('basic'));
  await widget.open();

  await widget.fill({ kind: 'signal', text });
  await widget.healthOrSafety.check();
  await widget.send();

  const reference = await widget.receipt();
  await expect(widget.notExaminedTitle).toHaveCount(0);
  await expect(widget.reason('anonymous')).toHaveCount(0);
  await expectNoAxeViolations(page, 'receipt: anonymous, health or safety');

  const stored = submissionsWithText(text);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    reference,
    kind: 'signal',
    status: 'registered',
    reason: null,
    health_or_safety: true,
    has_author: false,
  });
});

test('anonymous praise needs no warning, no tick box, and is registered', async ({ page }) => {
  const widget = new Widget(page, 'tr');
  const text = uniqueText('Nüfus kayıt bürosundaki görevli çok yardımcı oldu, teşekkürler.');
  await page.goto(hostPage('basic', 'tr'));
  await widget.open();

  await widget.fill({ kind: 'praise', text });
  await expect(widget.anonymousWarning).toHaveCount(0);
  await expect(widget.dialog.getByRole('checkbox'), 'nothing to tick before sending').toHaveCount(0);
  await widget.send();

  const reference = await widget.receipt();
  await expect(widget.notExaminedTitle).toHaveCount(0);
  await expectNoAxeViolations(page, 'receipt: anonymous praise');

  const stored = submissionsWithText(text);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ reference, kind: 'praise', status: 'registered', reason: null });
});
