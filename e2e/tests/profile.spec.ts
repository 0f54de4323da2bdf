// The widget follows the municipality's profile: the kinds it accepts, its
// deadlines, its privacy terms and its service units. The last profile stays on
// the device, so a kiosk that loses the server still follows it; a device that
// never reached the server offers every kind and promises no deadline.

import type { Page } from '@playwright/test';

import { expectNoAxeViolations } from '../fixtures/axe';
import { exampleUrl, hostPage } from '../fixtures/env';
import { submissionsWithText, uniqueText } from '../fixtures/glas';
import { fetchProfile, kindExplanation, privacyNotice } from '../fixtures/profile';
import { expect, test } from '../fixtures/test';
import { type Kind, Widget } from '../fixtures/widget';

const ALL_KINDS: readonly Kind[] = ['complaint', 'signal', 'proposal', 'praise', 'comment', 'corruption'];

/** Makes the profile unreachable, as for a device that has lost the server. */
async function cutOffProfile(page: Page): Promise<void> {
  await page.route('**/api/v1/profile', (route) => route.abort('internetdisconnected'));
}

test('another municipality’s profile: only its kinds, its deadlines, its privacy terms', async ({ page }) => {
  const profile = await fetchProfile(exampleUrl);
  expect(profile.kinds.corruption, 'the example municipality takes no corruption reports here').toBeUndefined();
  const widget = new Widget(page, 'en');
  const text = uniqueText('The desk closed at 16:00 although the sign says 16:30.');
  await page.goto(hostPage('basic', 'en', { server: 'example' }));
  await widget.open();

  await expect(widget.kinds).toHaveCount(5);
  await expect(widget.kind('corruption')).toHaveCount(0);
  await expect(widget.kind('complaint')).toHaveAccessibleDescription(
    kindExplanation(widget.messages, 'complaint', profile),
  );
  await expect(widget.kind('complaint')).toHaveAccessibleDescription(/within 14 days\.$/);
  await expect(widget.kind('proposal')).toHaveAccessibleDescription(/within 1 month\.$/);
  // "Primerno Municipality uses … and keeps them for 3 years after receipt."
  await expect(widget.dialog.getByText(privacyNotice(widget.messages, profile), { exact: true })).toContainText(
    '3 years',
  );
  await expect(widget.dialog.getByRole('link', { name: profile.contacts.email })).toBeVisible();
  await expectNoAxeViolations(page, 'example profile');

  await widget.fill({ kind: 'complaint', text, contact: { name: 'Ana Petrova', email: 'ana@example.com' } });
  await widget.send();
  const reference = await widget.receipt();
  expect(submissionsWithText(text, 'example')).toMatchObject([{ reference, kind: 'complaint' }]);
});

test('the last profile stays on the device: without the server’s, the widget still follows it', async ({
  context,
  page,
}) => {
  const first = new Widget(page, 'en');
  await page.goto(hostPage('basic', 'en', { server: 'example' }));
  await first.open();
  await expect(first.kind('complaint')).toHaveAccessibleDescription(/within 14 days\.$/);
  await page.close();

  const again = await context.newPage();
  await cutOffProfile(again);
  const widget = new Widget(again, 'bg');
  await again.goto(hostPage('basic', 'bg', { server: 'example' }));
  await widget.open();
  await expect(widget.kinds).toHaveCount(5);
  await expect(widget.kind('corruption')).toHaveCount(0);
  await expect(widget.kind('complaint')).toHaveAccessibleDescription(/до 14 дни\.$/);
  await expectNoAxeViolations(again, 'profile from the device');
});

test('with no profile ever received, every kind is offered, no deadline is promised, and feedback still goes', async ({
  page,
}) => {
  await cutOffProfile(page);
  const widget = new Widget(page, 'en');
  const text = uniqueText('Thank you for the new benches in the park.');
  await page.goto(hostPage('basic'));
  await widget.open();

  await expect(widget.kinds).toHaveCount(ALL_KINDS.length);
  for (const kind of ALL_KINDS) {
    await expect(widget.kind(kind)).toHaveAccessibleDescription(kindExplanation(widget.messages, kind, null));
  }
  await expect(widget.text('privacy-notice-general')).toBeVisible();
  await expectNoAxeViolations(page, 'no profile');

  await widget.fill({ kind: 'praise', text });
  await widget.send();
  await widget.receipt();
  expect(submissionsWithText(text)).toMatchObject([{ kind: 'praise', status: 'registered' }]);
});

test('a page about a service unit says which, by the profile’s name for it, and the feedback carries it', async ({
  page,
}) => {
  const profile = await fetchProfile();
  const unit = profile.units.find((u) => u.id === 'local-taxes');
  expect(unit, 'Haskovo’s profile has the local taxes unit').toBeDefined();
  let widget = new Widget(page, 'en');
  const text = uniqueText('The new online tax payment works well.');
  await page.goto(hostPage('basic', 'en', { unit: 'local-taxes' }));
  await widget.open();

  // "This feedback is about: Local Taxes and Fees"
  await expect(widget.unitLine).toHaveText(widget.t('unit-about', { unit: unit!.name.en }));
  await expectNoAxeViolations(page, 'unit named');
  widget = await widget.switchTo('bg');
  await expect(widget.unitLine).toHaveText(widget.t('unit-about', { unit: unit!.name.bg }));

  await widget.fill({ kind: 'praise', text });
  await widget.send();
  await widget.receipt();
  expect(submissionsWithText(text)).toMatchObject([{ unit: 'local-taxes' }]);
});

test('a page naming a unit the profile does not know gets no unit line, and the feedback goes without it', async ({
  page,
}) => {
  const widget = new Widget(page, 'en');
  const text = uniqueText('The car park behind the town hall needs more lighting.');
  await page.goto(hostPage('basic', 'en', { unit: 'no-such-unit' }));
  await widget.open();
  await expect(widget.kinds).toHaveCount(ALL_KINDS.length);
  await expect(widget.unitLine).toHaveCount(0);

  await widget.fill({ kind: 'proposal', text, contact: { name: 'Georgi Ivanov', address: 'ul. Bulgaria 3, Haskovo' } });
  await widget.send();
  await widget.receipt();
  expect(submissionsWithText(text)).toMatchObject([{ kind: 'proposal', unit: null }]);
});
