// A citizen who makes a mistake is told where and how, before anything is sent.

import { expectNoAxeViolations } from '../fixtures/axe';
import { hostPage } from '../fixtures/env';
import { submissionsWithText, uniqueText } from '../fixtures/glas';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('an email that is not an address is flagged on its field when the citizen leaves it', async ({
  page,
  submissionRequests,
}) => {
  const widget = new Widget(page, 'en');
  const text = uniqueText('The bus timetable at the central stop is out of date.');
  await page.goto(hostPage('basic'));
  await widget.open();

  await widget.fill({ kind: 'complaint', text, contact: { name: 'Elena Ivanova', email: 'nope' } });
  await widget.email.blur();

  const error = widget.t('error-invalid-email'); // "This does not look like an email address, e.g. …"
  await expect(widget.email).toHaveAttribute('aria-invalid', 'true');
  await expect(widget.email).toHaveAccessibleDescription(new RegExp(escapeRegExp(error)));
  await expect(widget.dialog.getByText(error)).toBeVisible();
  await expect(widget.message).not.toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page, 'email error shown');

  await widget.send();
  await expect(widget.email).toBeFocused();
  await expect(widget.sentTitle).toHaveCount(0);
  expect(submissionRequests.all.map((r) => r.url()), 'no request to the submissions API').toEqual([]);
  expect(submissionsWithText(text)).toEqual([]);
});

test('pressing Send straight after typing a wrong email flags the email, focuses it and sends nothing', async ({
  page,
  submissionRequests,
}) => {
  const widget = new Widget(page, 'en');
  const text = uniqueText('The playground on ul. Vasil Levski has a broken swing.');
  await page.goto(hostPage('basic'));
  await widget.open();

  await widget.fill({ kind: 'signal', text, contact: { name: 'Petar Stoev', email: 'nope' } });
  // Focus is still in the email field: one click on Send must be enough, even
  // if leaving the field is what brings its error up.
  await widget.send();

  await expect(widget.email).toHaveAttribute('aria-invalid', 'true');
  await expect(widget.email).toBeFocused();
  await expect(widget.sentTitle).toHaveCount(0);
  expect(submissionRequests.all.map((r) => r.url()), 'no request to the submissions API').toEqual([]);
  expect(submissionsWithText(text)).toEqual([]);
});

test('sending without a message moves focus to the message field and sends nothing', async ({
  page,
  submissionRequests,
}) => {
  const widget = new Widget(page, 'en');
  await page.goto(hostPage('basic'));
  await widget.open();

  await widget.chooseKind('proposal');
  await widget.send();

  await expect(widget.message).toBeFocused();
  await expect(widget.message).toHaveAttribute('aria-invalid', 'true');
  await expect(widget.message).toHaveAccessibleDescription(new RegExp(escapeRegExp(widget.t('error-required'))));
  await expect(widget.sentTitle).toHaveCount(0);
  await expect(widget.queuedTitle).toHaveCount(0);
  await expectNoAxeViolations(page, 'message required');
  expect(submissionRequests.all.map((r) => r.url()), 'no request to the submissions API').toEqual([]);
});

test('a named complaint with only a phone asks, on the email field and in the citizen’s language, where to send the answer', async ({
  page,
  submissionRequests,
}) => {
  let widget = new Widget(page, 'bg');
  const text = uniqueText('Никой не вдига телефона в отдел „Местни данъци“ вече седмица.');
  await page.goto(hostPage('basic', 'bg'));
  await widget.open();

  await widget.fill({ kind: 'complaint', text, contact: { name: 'Николай Стоянов', phone: '0888 123 456' } });
  await widget.send();

  // "За да получите писмен отговор, посочете имейл или пощенски адрес …"
  await expect(widget.email).toBeFocused();
  await expect(widget.email).toHaveAttribute('aria-invalid', 'true');
  await expect(widget.email).toHaveAccessibleDescription(widget.t('error-contact-required'));
  await expect(widget.phone).not.toHaveAttribute('aria-invalid', 'true');
  await expect(widget.anonymousWarning, 'a named complaint is not anonymous').toHaveCount(0);
  await expectNoAxeViolations(page, 'contact required');

  widget = await widget.switchTo('tr');
  await expect(widget.email).toHaveAccessibleDescription(widget.t('error-contact-required'));

  await widget.email.fill('n.stoyanov@example.com');
  await expect(widget.email).not.toHaveAttribute('aria-invalid', 'true');
  expect(submissionRequests.all.map((r) => r.url()), 'nothing was sent while the email was missing').toEqual([]);
  await widget.send();
  await widget.receipt();
  expect(submissionsWithText(text)).toMatchObject([{ kind: 'complaint', status: 'registered' }]);
});
