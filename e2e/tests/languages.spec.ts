// A citizen switches the widget between Bulgarian, English and Turkish with its
// own language select. Every explanation, error and notice is then the
// catalogue's in that language, and what the municipality promises (deadlines,
// its corruption line, how long it keeps personal data) comes from its profile.

import { expectNoAxeViolations } from '../fixtures/axe';
import { hostPage, type Locale } from '../fixtures/env';
import { fetchProfile, kindExplanation, privacyNotice } from '../fixtures/profile';
import { expect, test } from '../fixtures/test';
import { type Kind, Widget } from '../fixtures/widget';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function including(text: string): RegExp {
  return new RegExp(escapeRegExp(text));
}

/** What Haskovo's Charter promises, as a citizen reads it in each language. */
const HASKOVO_WORDS: Record<Locale, { complaint: string; signal: string; retention: string }> = {
  en: { complaint: 'within 7 days', signal: 'within 2 months', retention: '5 years' },
  bg: { complaint: 'до 7 дни', signal: 'до 2 месеца', retention: '5 години' },
  tr: { complaint: '7 gün içinde', signal: '2 ay içinde', retention: '5 yıl' },
};

test('kind explanations, field errors and the privacy notice follow the language select', async ({ page }) => {
  const profile = await fetchProfile();
  const accepted = Object.keys(profile.kinds) as Kind[];
  let widget = new Widget(page, 'en');
  await page.goto(hostPage('basic', 'en'));
  await widget.open();

  // Send with no kind, no message, a wrong email and a wrong phone.
  await widget.email.fill('nope');
  await widget.phone.fill('12');
  await widget.send();

  for (const locale of ['en', 'bg', 'tr', 'en'] as const) {
    await test.step(`in ${locale}`, async () => {
      if (locale !== widget.locale) widget = await widget.switchTo(locale);
      const m = widget.messages;

      await expect(widget.kinds).toHaveCount(accepted.length);
      for (const kind of accepted) {
        await expect(widget.kind(kind), `${kind} explained`).toHaveAccessibleDescription(
          kindExplanation(m, kind, profile),
        );
      }
      const words = HASKOVO_WORDS[locale];
      await expect(widget.kind('complaint')).toHaveAccessibleDescription(including(words.complaint));
      await expect(widget.kind('signal')).toHaveAccessibleDescription(including(words.signal));
      await expect(widget.kind('corruption')).toHaveAccessibleDescription(
        including(profile.contacts.corruption_phone),
      );

      await expect(widget.dialog.getByRole('radiogroup')).toHaveAccessibleDescription(m.t('error-unknown-kind'));
      await expect(widget.message).toHaveAccessibleDescription(including(m.t('error-required')));
      await expect(widget.email).toHaveAccessibleDescription(m.t('error-invalid-email'));
      await expect(widget.phone).toHaveAccessibleDescription(m.t('error-invalid-phone'));
      await expect(widget.text('error-summary')).toBeVisible();

      await expect(widget.dialog.getByText(privacyNotice(m, profile), { exact: true })).toBeVisible();
      await expect(widget.dialog.getByText(privacyNotice(m, profile))).toContainText(words.retention);
      await expect(widget.dialog.getByRole('link', { name: profile.contacts.email, exact: true })).toHaveAttribute(
        'href',
        `mailto:${profile.contacts.email}`,
      );
      await expect(widget.privacyLink).toHaveAttribute('href', profile.privacy_url);
      await expectNoAxeViolations(page, `errors and explanations in ${locale}`);
    });
  }
});
