// A clerk answers a citizen's complaint at the staff desk, and the citizen reads
// the answer on the receipt's tracking page.

import { expectNoAxeViolations } from '../fixtures/axe';
import { Desk } from '../fixtures/desk';
import { glasUrl, hostPage } from '../fixtures/env';
import { uniqueText } from '../fixtures/glas';
import { CLERK } from '../fixtures/staff';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

test('a clerk answers a complaint from the inbox, and the citizen reads the answer on the tracking page', async ({
  browser,
  page,
}) => {
  const text = uniqueText('Опашката на гишето за местни данъци е над два часа, а работи само едно гише.');
  const citizen = { name: 'Георги Иванов', email: 'georgi.ivanov@example.com' };
  const answer = uniqueText(
    'Уважаеми господин Иванов, от понеделник гишетата за местни данъци са три и работят без обедна почивка.',
  );

  // The citizen, on a partner site whose widget is for the Administrative Service Centre.
  const widget = new Widget(page, 'bg');
  await page.goto(hostPage('basic', 'bg', { unit: 'centre' }));
  await widget.open();
  await widget.fill({ kind: 'complaint', text, contact: citizen });
  await widget.send();
  const reference = await widget.receipt();
  const tracking = await widget.trackLink.getAttribute('href');
  expect(tracking).toMatch(new RegExp(`^${glasUrl}/track/.+`));

  // The clerk of that unit, in a browser of their own.
  const staffContext = await browser.newContext();
  try {
    const desk = new Desk(await staffContext.newPage(), 'bg');
    await desk.gotoLogin();
    await expectNoAxeViolations(desk.page, 'desk: sign-in');
    await desk.signIn(CLERK);
    await expect(desk.inboxRow(reference)).toBeVisible();
    await expect(desk.inboxRow(reference)).toContainText(desk.t('kind-complaint'));
    await expectNoAxeViolations(desk.page, 'desk: inbox');

    await desk.openFromInbox(reference);
    await expect(desk.heading).toHaveText(desk.submissionTitle('complaint', reference));
    await expect(desk.section('submission-text')).toContainText(text);
    await expect(desk.section('submission-author')).toContainText(citizen.name);
    await expect(desk.section('submission-author')).toContainText(citizen.email);
    await expect(desk.section('submission-answers')).toContainText(desk.t('submission-no-answer'));
    await expectNoAxeViolations(desk.page, 'desk: submission');

    await desk.writeAnswerLink.click();
    await expect(desk.heading).toHaveText(desk.t('answer-title', { reference }));
    // The form starts from the complaint template, addressed to the citizen.
    await expect(desk.answerBody).toHaveValue(new RegExp(`${citizen.name}[\\s\\S]*${reference}`));
    await expectNoAxeViolations(desk.page, 'desk: answer form');

    await desk.answer(answer);
    // Back on the submission's page: the answer is stored, signed by the clerk.
    await expect(desk.heading).toHaveText(desk.submissionTitle('complaint', reference));
    const answers = desk.section('submission-answers');
    await expect(answers).toContainText(answer);
    await expect(answers).toContainText(CLERK.position);
    // No SMTP server in this run: the e-mail to the citizen stays queued.
    await expect(answers.getByRole('listitem').filter({ hasText: citizen.email })).toContainText(desk.t('mail-unsent'));
    await expectNoAxeViolations(desk.page, 'desk: submission, answered');
  } finally {
    await staffContext.close();
  }

  // The citizen follows the receipt's link.
  await page.goto(tracking!);
  const m = widget.messages;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.t('track-title', { reference }));
  await expect(page.getByRole('definition').filter({ hasText: m.t('status-answered') })).toBeVisible();
  const letter = page.getByRole('region', { name: m.t('track-answer'), exact: true });
  await expect(letter).toContainText(answer);
  await expect(letter).toContainText(CLERK.name);
  await expectNoAxeViolations(page, 'tracking page, answered');
});
