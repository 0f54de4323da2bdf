// What a program probably sent: the form's trap filled in, or the form sent sooner
// after it opened than a person can write. The sender sees the same receipt as
// anyone (a program learns nothing); the server keeps it aside. A person, and the
// keyboard, never meet the trap. These run a Glas server of their own with the
// default settings (the shared servers keep nothing aside for speed).

import { KioskServer } from '../fixtures/kiosk';
import { uniqueText } from '../fixtures/glas';
import { expect, test } from '../fixtures/test';
import { Widget } from '../fixtures/widget';

test('a person is not kept aside; a program filling the trap, or sending at once, is, with the same receipt', async ({
  page,
}) => {
  const server = await KioskServer.start();
  const stored = (text: string) => server.submissions().filter((s) => s.text === text);
  try {
    const widget = new Widget(page, 'bg');
    await page.goto(`${server.url}/`);

    await test.step('a person: the keyboard passes the trap by, and writing takes a while', async () => {
      const text = uniqueText('Благодаря на служителката на гише 2 за търпението.');
      await widget.open();
      await widget.fill({ kind: 'praise', text });
      await widget.address.focus();
      await page.keyboard.press('Tab');
      const focused = await widget.host.evaluate((host) => host.shadowRoot?.activeElement?.getAttribute('name') ?? null);
      expect(focused, 'Tab never lands on the trap').not.toBe('website');
      await page.waitForTimeout(3_500);
      await widget.send();
      await widget.receipt();
      expect(stored(text)).toMatchObject([{ set_aside: null }]);
    });

    await test.step('a program fills in every field, the trap too: the same receipt, kept aside', async () => {
      await page.reload();
      const text = uniqueText('Купете евтини лекарства онлайн без рецепта.');
      await widget.open();
      await widget.host.evaluate((host) => {
        const trap = host.shadowRoot!.querySelector<HTMLInputElement>('input[name="website"]')!;
        trap.value = 'https://cheap.example';
        trap.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await page.waitForTimeout(3_500);
      await widget.fill({ kind: 'comment', text });
      await widget.send();
      await widget.receipt();
      expect(stored(text)).toMatchObject([{ set_aside: 'trap' }]);
    });

    await test.step('a program sends the moment the form opens: kept aside', async () => {
      await page.reload();
      const text = uniqueText('Посетете нашия сайт за най-добрите оферти.');
      await widget.open();
      await widget.fill({ kind: 'comment', text });
      await widget.send();
      await widget.receipt();
      expect(stored(text)).toMatchObject([{ set_aside: 'too_fast' }]);
    });
  } finally {
    await server.stop();
  }
});
