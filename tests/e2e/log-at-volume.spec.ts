// Many entries: the window holds only what is on screen, fetches other rows by range when the
// view moves there, and every row it shows is the right one.
import net from 'node:net';
import { expect, test } from './web-app';
import { messageLog, openSession } from './window';

test('20,000 messages over TCP: counters exact, any part of the log scrolls into view', async ({ page, app }) => {
  test.setTimeout(60_000);
  await page.goto(app.url);
  const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
  const total = 20_000;
  const client = net.connect(port, '127.0.0.1');
  client.setNoDelay(true);
  await new Promise<void>((r) => client.once('connect', () => r()));
  // One write per event-loop turn, so most arrive as separate reads (separate log rows).
  for (let i = 0; i < total; i++) {
    client.write(`msg-${String(i).padStart(5, '0')};`);
    if (i % 5 === 0) await new Promise((r) => setImmediate(r));
  }
  const expectedBytes = total * 10;
  const sidebar = page.getByRole('navigation', { name: 'Sessions' });
  await expect(sidebar).toContainText(`in ${(expectedBytes / 1024).toFixed(0)} KiB`, { timeout: 20_000 });

  const list = messageLog(page).getByRole('listbox', { name: 'Log entries' });
  const count = Number((await messageLog(page).getByTestId('log-count').innerText()).replace(/\D/g, ''));
  expect(count).toBeGreaterThan(200); // TCP coalesces writes (how much varies), but far more rows than a screen

  // Jump to the very top: the first rows are fetched and are the oldest events.
  await list.evaluate((el) => (el.scrollTop = 0));
  await expect(list.getByRole('option').first()).toContainText('Listening on');
  await expect(list.getByRole('option').nth(1)).toContainText('Accepted');
  await expect(list.getByRole('option').nth(2)).toContainText('msg-00000;');

  // The middle: rows appear (no placeholders left) and are in order.
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect(list.getByText('…', { exact: true })).toHaveCount(0);
  const numbers = (await list.getByRole('option').allInnerTexts())
    .map((text) => [...text.matchAll(/msg-(\d{5});/g)].map((m) => Number(m[1])))
    .flat();
  expect(numbers.length).toBeGreaterThan(10);
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  expect(numbers[0]!).toBeGreaterThan(1000);
  expect(numbers[numbers.length - 1]!).toBeLessThan(19_000);
  // The DOM holds a screenful, not the log.
  expect(await list.getByRole('option').count()).toBeLessThan(80);
  client.destroy();
});
