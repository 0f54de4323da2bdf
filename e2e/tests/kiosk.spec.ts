// The kiosk in a service hall: enrolled with the desk's code, one tap records how
// a person was served (with the kiosk's unit), "Tell us more" opens the form preset
// to the kiosk, and the receipt leaves with the citizen as a QR code. A fresh screen
// for every person, offline for days, nothing lost and nothing sent twice.

import { expectNoAxeViolations } from '../fixtures/axe';
import { uniqueText } from '../fixtures/glas';
import { Kiosk, KioskServer } from '../fixtures/kiosk';
import { expect, test } from '../fixtures/test';

/** Delivery after the network returns: the courier's next try, then the requests. */
const DELIVERED_WITHIN = 60_000;

test('one tap records a rating with the kiosk\'s unit, and every screen is accessible in both orientations', async ({
  page,
}, testInfo) => {
  const server = await KioskServer.start();
  try {
    const kiosk = new Kiosk(page, server);
    const { code } = server.addKiosk('local-taxes');

    await test.step('an unenrolled kiosk asks staff for the code', async () => {
      await page.goto(`${server.url}/kiosk`);
      await expect(kiosk.heading('kiosk-enrol-title')).toBeVisible({ timeout: 20_000 });
      await page.getByRole('textbox', { name: kiosk.t('kiosk-enrol-code') }).fill('AAAA-AAAA');
      await kiosk.button('kiosk-enrol-submit').click();
      await expect(page.getByRole('alert')).toHaveText(kiosk.t('kiosk-enrol-invalid'));
      await expectNoAxeViolations(page, 'kiosk: enrolment');
      await kiosk.photograph(testInfo, 'enrol');
    });

    await test.step('the enrolment link enrols it for its unit', async () => {
      await kiosk.enrol(code);
      await expect(kiosk.unit).toHaveText('Местни данъци и такси');
      await expect(page.locator('html')).toHaveAttribute('lang', 'bg');
      await expectNoAxeViolations(page, 'kiosk: the question');
      await kiosk.photograph(testInfo, 'question');
    });

    await test.step('one tap: a rating, and thanks', async () => {
      await kiosk.face(3).click();
      await expect(kiosk.heading('kiosk-thanks')).toBeVisible();
      await expectNoAxeViolations(page, 'kiosk: thanks');
      await kiosk.photograph(testInfo, 'thanks');
      await expect.poll(() => server.ratings().length, { timeout: DELIVERED_WITHIN }).toBe(1);
      const [rating] = server.ratings();
      expect(rating).toMatchObject({ unit: 'local-taxes', score: 3, repeat: false });
    });

    await test.step('the language switch is on every screen', async () => {
      await kiosk.language('en').click();
      const english = kiosk.in('en');
      await expect(english.heading('kiosk-thanks')).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await expect(english.unit).toHaveText('Local Taxes and Fees');
      await english.button('kiosk-done').click();
      // A new person: the first screen, in the kiosk's own language again.
      await expect(kiosk.question).toBeVisible();
    });
  } finally {
    await server.stop();
  }
});

test('"Tell us more" sends from the kiosk\'s channel and unit, and the receipt leaves as a QR code', async ({
  page,
}, testInfo) => {
  const server = await KioskServer.start();
  try {
    const kiosk = new Kiosk(page, server, 'en');
    const { code } = server.addKiosk('centre');
    await new Kiosk(page, server).enrol(code);
    await kiosk.language('en').click();

    const text = uniqueText('The queue at the counter was well organised today.');
    await kiosk.tell('praise', text, 4);
    await expectNoAxeViolations(page, 'kiosk: the form');
    await kiosk.photograph(testInfo, 'form');
    await kiosk.send();

    await expect(kiosk.sentTitle).toBeVisible();
    await expect(page.getByText(kiosk.messages.pattern('sent-reference', { reference: String.raw`\d{4}-\d{6,}` }))).toBeVisible();
    await expect(kiosk.qr).toBeVisible();
    expect(await kiosk.qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // No link: the kiosk's screen must not leave for the tracking page.
    await expect(page.getByRole('link')).toHaveCount(0);
    await expectNoAxeViolations(page, 'kiosk: the receipt');
    await kiosk.photograph(testInfo, 'receipt');

    const stored = server.submissions().filter((s) => s.text === text);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'praise', channel: 'kiosk', unit: 'centre' });
    await expect.poll(() => server.ratings().map((r) => [r.unit, r.score])).toEqual([['centre', 4]]);
  } finally {
    await server.stop();
  }
});

test('after a while without a touch the kiosk warns, then forgets a half-written form and the last receipt', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  // The shortest wait a profile may set: the countdown shows after 10 s.
  const server = await KioskServer.start({ idleSeconds: 20 });
  try {
    const kiosk = new Kiosk(page, server);
    await kiosk.enrol(server.addKiosk('centre').code);

    await test.step('a touch during the countdown keeps the form', async () => {
      await kiosk.tell('proposal', 'Повече пейки в чакалнята, моля');
      await expect(kiosk.countdown).toBeVisible({ timeout: 15_000 });
      await expectNoAxeViolations(page, 'kiosk: the countdown');
      await kiosk.photograph(testInfo, 'countdown');
      await kiosk.button('kiosk-idle-stay').click();
      await expect(kiosk.countdown).toBeHidden();
      await expect(kiosk.message).toHaveValue('Повече пейки в чакалнята, моля');
    });

    await test.step('no touch: back to the question, the half-written form forgotten', async () => {
      await expect(kiosk.countdown).toBeVisible({ timeout: 15_000 });
      await expect(kiosk.question).toBeVisible({ timeout: 15_000 });
      await kiosk.face(2).click();
      await kiosk.button('kiosk-tell-more').click();
      await expect(kiosk.message).toHaveValue('');
      await expect(kiosk.kind('proposal')).not.toBeChecked();
    });

    await test.step('the last receipt goes too', async () => {
      const text = uniqueText('Обслужиха ме бързо и любезно');
      await kiosk.kind('praise').check();
      await kiosk.message.fill(text);
      await kiosk.send();
      await expect(kiosk.sentTitle).toBeVisible();
      await expect(kiosk.question).toBeVisible({ timeout: 30_000 });
      await expect(kiosk.sentTitle).toHaveCount(0);
      await expect(kiosk.qr).toHaveCount(0);
      await expect(page.getByText(text)).toHaveCount(0);
    });
  } finally {
    await server.stop();
  }
});

test('with the Glas server stopped, the kiosk page reloads and takes feedback, delivered exactly once when the server is back', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const server = await KioskServer.start();
  try {
    const kiosk = new Kiosk(page, server);
    await kiosk.enrol(server.addKiosk('centre').code);
    await kiosk.offlineReady();

    await server.stop();
    await page.reload();
    await expect(kiosk.question).toBeVisible({ timeout: 20_000 });
    await expect(kiosk.unit).toHaveText('Център за административно обслужване');

    const text = uniqueText('Табелите в сградата са трудни за четене');
    await kiosk.tell('proposal', text, 2);
    await kiosk.send();
    await expect(kiosk.queuedText).toBeVisible();
    await expectNoAxeViolations(page, 'kiosk: saved on the kiosk');
    await kiosk.photograph(testInfo, 'saved');
    await kiosk.button('kiosk-done').click();
    await expect(kiosk.question).toBeVisible();

    // The server is back; the next person's tap sends what waited with theirs.
    await server.start();
    await kiosk.rate(4);
    await expect
      .poll(() => server.submissions().filter((s) => s.text === text).length, { timeout: DELIVERED_WITHIN })
      .toBe(1);
    await expect.poll(() => server.ratings().length, { timeout: DELIVERED_WITHIN }).toBe(2);

    // A reload and a while later, still once.
    await page.reload();
    await expect(kiosk.question).toBeVisible();
    await page.waitForTimeout(3_000);
    const stored = server.submissions().filter((s) => s.text === text);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: 'kiosk', unit: 'centre', kind: 'proposal' });
    expect(server.ratings()).toHaveLength(2);
  } finally {
    await server.stop();
  }
});

test('200 ratings and submissions made offline reach the server exactly once after reconnecting', async ({
  context,
  page,
}) => {
  test.setTimeout(300_000);
  const server = await KioskServer.start();
  try {
    const kiosk = new Kiosk(page, server);
    await kiosk.enrol(server.addKiosk('centre').code);
    await kiosk.offlineReady();
    await context.setOffline(true);

    const texts: string[] = [];
    for (let i = 0; i < 50; i++) {
      const text = uniqueText(`Предложение номер ${i + 1} от киоска`);
      texts.push(text);
      await kiosk.tell('proposal', text, ((i % 4) + 1) as 1 | 2 | 3 | 4);
      await kiosk.send();
      await expect(kiosk.queuedText).toBeVisible();
      await kiosk.button('kiosk-done').click();
    }
    for (let i = 0; i < 100; i++) {
      await kiosk.rate(((i % 4) + 1) as 1 | 2 | 3 | 4);
    }
    expect(server.ratings(), 'nothing reaches the server while offline').toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(() => server.ratings().length, { timeout: 120_000 }).toBe(150);
    await expect
      .poll(() => server.submissions().filter((s) => texts.includes(s.text)).length, { timeout: 120_000 })
      .toBe(50);

    await page.reload();
    await expect(kiosk.question).toBeVisible();
    await page.waitForTimeout(3_000);
    const ratings = server.ratings();
    expect(new Set(ratings.map((r) => r.id)).size).toBe(150);
    expect(ratings.every((r) => r.unit === 'centre')).toBe(true);
    const submissions = server.submissions().filter((s) => texts.includes(s.text));
    expect(submissions).toHaveLength(50);
    expect(new Set(submissions.map((s) => s.text)).size).toBe(50);
    expect(submissions.every((s) => s.channel === 'kiosk' && s.unit === 'centre')).toBe(true);
  } finally {
    await server.stop();
  }
});

test('a revoked kiosk keeps what it collects, shows staff a discreet mark, and delivers it all once enrolled again', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const server = await KioskServer.start();
  try {
    const kiosk = new Kiosk(page, server);
    const { id, code } = server.addKiosk('centre');
    await kiosk.enrol(code);
    server.revoke(id);

    const text = uniqueText('Чакалнята беше чиста и подредена');
    await kiosk.tell('praise', text, 4);
    await kiosk.send();
    await expect(kiosk.queuedText).toBeVisible();
    await expect(kiosk.notEnrolledMark).toBeVisible();
    await kiosk.button('kiosk-done').click();
    await kiosk.rate(1);
    await expectNoAxeViolations(page, 'kiosk: not enrolled');
    expect(server.ratings()).toHaveLength(0);
    expect(server.submissions().filter((s) => s.text === text)).toHaveLength(0);

    await kiosk.notEnrolledMark.click();
    await page.getByRole('textbox', { name: kiosk.t('kiosk-enrol-code') }).fill(server.newCode(id));
    await kiosk.button('kiosk-enrol-submit').click();
    await expect(kiosk.question).toBeVisible();
    await expect(kiosk.notEnrolledMark).toBeHidden({ timeout: DELIVERED_WITHIN });

    await expect.poll(() => server.ratings().length, { timeout: DELIVERED_WITHIN }).toBe(2);
    await expect
      .poll(() => server.submissions().filter((s) => s.text === text).length, { timeout: DELIVERED_WITHIN })
      .toBe(1);
    expect(server.submissions().find((s) => s.text === text)).toMatchObject({ channel: 'kiosk', unit: 'centre' });
  } finally {
    await server.stop();
  }
});
