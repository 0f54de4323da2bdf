// A citizen sends feedback without a connection: it waits on the device and is
// delivered, once, the next time a page with the widget is opened online.

import type { Route } from '@playwright/test';

import { expectNoAxeViolations } from '../fixtures/axe';
import { hostPage } from '../fixtures/env';
import { submissionsWithText, uniqueText } from '../fixtures/glas';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

test('feedback sent offline is saved on the device, then delivered exactly once when the site is opened online', async ({
  context,
  page,
  submissionRequests,
}) => {
  const text = uniqueText('The street light at ul. Bulgaria 12 has been off for a week.');

  await test.step('send while offline', async () => {
    const widget = new Widget(page, 'en');
    await page.goto(hostPage('basic'));
    await widget.open(); // loads the Wasm while there is still a connection
    await context.setOffline(true);

    await widget.fill({
      kind: 'signal',
      text,
      contact: { name: 'Ivan Dimitrov', email: 'ivan.dimitrov@example.com', phone: '0888 123 456' },
    });
    await widget.send();

    await expect(widget.queuedTitle).toBeVisible();
    await expect(widget.queuedBody).toBeVisible();
    await expect(widget.sentReference).toHaveCount(0);
    await expectNoAxeViolations(page, 'saved on this device');
    expect(submissionsWithText(text), 'nothing may reach the server while offline').toEqual([]);
    await page.close();
  });

  let reference = '';
  await test.step('open the site again online: delivered in the background', async () => {
    await context.setOffline(false);
    const again = await context.newPage();
    const widget = new Widget(again, 'en');
    await again.goto(hostPage('basic'));

    // The citizen does nothing: no click, no send.
    reference = await widget.deliveredReference();
    await expectNoAxeViolations(again, 'earlier feedback delivered');

    const stored = submissionsWithText(text);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ reference, kind: 'signal', channel: 'web', status: 'registered' });
    await again.close();
  });

  await test.step('open the site once more: the queue is empty, nothing is sent again', async () => {
    const sentBefore = submissionRequests.all.length;
    const third = await context.newPage();
    const widget = new Widget(third, 'en');
    await third.goto(hostPage('basic'));
    await expect(widget.launcher).toBeVisible();
    // Proving that something does not happen needs a wait: give a background
    // drain ample time to start if it (wrongly) were going to.
    await third.waitForTimeout(3_000);

    expect(submissionRequests.all.slice(sentBefore).map((r) => r.url()), 'no further submission requests').toEqual([]);
    const stored = submissionsWithText(text);
    expect(stored).toHaveLength(1);
    expect(stored[0].reference).toBe(reference);
  });
});

// Online, the server busy or out of reach: the feedback is kept the same way,
// and the citizen is told what happened, not that they are offline.
for (const [why, answer] of [
  ['busy', (route: Route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"errors":[]}' })],
  ['unreachable', (route: Route) => route.abort('connectionrefused')],
] as const) {
  test(`online, a server that is ${why} keeps the feedback on the device and says so, not that the device is offline`, async ({
    page,
  }) => {
    const text = uniqueText('The bus stop at ul. Bulgaria 3 has no timetable.');
    const widget = new Widget(page, 'en');
    await page.goto(hostPage('basic'));
    await widget.open();
    await page.route('**/api/v1/submissions**', answer);

    await widget.fill({ kind: 'proposal', text, contact: { name: 'Elena Georgieva', email: 'elena@example.com' } });
    await widget.send();

    await expect(widget.queuedTitle).toBeVisible();
    await expect(widget.queuedBecause(why)).toBeVisible();
    await expect(widget.queuedBecause('offline')).toHaveCount(0);
    await expectNoAxeViolations(page, `saved on this device: ${why}`);
    expect(submissionsWithText(text), 'nothing reached the server').toEqual([]);

    // Once the server answers again, the waiting feedback is delivered.
    await page.unroute('**/api/v1/submissions**');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(() => submissionsWithText(text).length, { timeout: 15_000 }).toBe(1);
  });
}
