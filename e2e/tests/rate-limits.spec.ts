// A client past its rate limit is answered 429: the widget and the kiosk keep what
// they were sending, say it waits, and deliver it once, when the limit allows.
// Each test runs a Glas server of its own with a low limit (six requests a minute:
// one more allowed every ten seconds), used up by other requests from the same
// address just before the citizen sends.

import { uniqueText } from '../fixtures/glas';
import { Kiosk, KioskServer } from '../fixtures/kiosk';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

const LIMIT = 6;
/** The courier tries again after 5 s, 10 s, 20 s…: past the limit's ten seconds, with room. */
const DELIVERED_WITHIN = 90_000;

/** Sends `count` requests as another client at the same address would; their statuses. */
async function useUp(url: string, count: number, init: RequestInit): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await fetch(url, init)).status);
  return statuses;
}

test('the widget keeps feedback refused for too many requests, says it waits, and delivers it once', async ({
  page,
}) => {
  const server = await KioskServer.start({ env: { GLAS_RATE_LIMIT_SUBMISSIONS: String(LIMIT) } });
  try {
    const text = uniqueText('The playground on ul. Vasil Levski has a broken swing.');
    const widget = new Widget(page, 'bg');
    await page.goto(`${server.url}/`);
    await widget.open();
    await widget.fill({ kind: 'proposal', text, contact: { name: 'Елена Георгиева', email: 'elena@example.com' } });

    const refusals = useUp(`${server.url}/api/v1/submissions`, LIMIT + 1, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(await refusals, 'the limit is used up').toContain(429);
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/submissions') && r.status() === 429);
    await widget.send();
    const answer = await refused;
    expect(Number(await answer.headerValue('retry-after'))).toBeGreaterThan(0);

    await expect(widget.queuedTitle).toBeVisible();
    await expect(widget.queuedBecause('busy')).toBeVisible();
    expect(server.submissions().filter((s) => s.text === text)).toEqual([]);

    await expect
      .poll(() => server.submissions().filter((s) => s.text === text).length, { timeout: DELIVERED_WITHIN })
      .toBe(1);
    await widget.deliveredReference(DELIVERED_WITHIN);

    // Once: a new page, a moment for a (wrong) second delivery, still one.
    await page.reload();
    await expect(widget.launcher).toBeVisible();
    await page.waitForTimeout(3_000);
    expect(server.submissions().filter((s) => s.text === text)).toHaveLength(1);
  } finally {
    await server.stop();
  }
});

test('a kiosk past its limit keeps the ratings it collects and delivers them once', async ({ page }) => {
  const server = await KioskServer.start({ env: { GLAS_RATE_LIMIT_KIOSKS: String(LIMIT) } });
  try {
    const kiosk = new Kiosk(page, server);
    const { code } = server.addKiosk('centre');
    await kiosk.enrol(code);
    const { token } = await page.evaluate(() => JSON.parse(localStorage.getItem('glas-kiosk')!));

    const refusals = useUp(`${server.url}/api/v1/kiosk/heartbeat`, LIMIT + 1, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ queue_length: 0, app_version: 'e2e' }),
    });
    expect(await refusals, 'the kiosk\'s limit is used up').toContain(429);
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/ratings') && r.status() === 429);
    await kiosk.rate(4);
    await refused;
    expect(server.ratings()).toEqual([]);
    // The next person is not held up: the kiosk takes another rating at once.
    await kiosk.rate(2);

    await expect.poll(() => server.ratings().length, { timeout: DELIVERED_WITHIN }).toBe(2);
    await page.waitForTimeout(3_000);
    const ratings = server.ratings();
    expect(ratings.map((r) => r.score).sort()).toEqual([2, 4]);
    expect(new Set(ratings.map((r) => r.id)).size).toBe(2);
  } finally {
    await server.stop();
  }
});
