// Many entries: the window holds only what is on screen, fetches other rows by range when the
// view moves there, and every row it shows is the right one.
import { expect, test } from './web-app';
import { messageLog, openSession, pingPong } from './window';

test('10,001 entries: counters exact, any part of the log scrolls into view', async ({ page, app }) => {
  test.setTimeout(60_000);
  await page.goto(app.url);
  const port = await openSession(page, 'udp', { host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } });

  // Ping-pong over UDP: each datagram waits for its echo, so none is dropped and every one is a
  // row (in + out): exactly 1 + 2 x 5,000 entries, whatever the machine's speed.
  const total = 5_000;
  await pingPong(port, total);

  const log = messageLog(page);
  await expect(log.getByTestId('log-count')).toHaveText(`${1 + 2 * total} entries`);
  const sidebar = page.getByRole('navigation', { name: 'Sessions' });
  const kib = ((total * 10) / 1024).toFixed(0);
  await expect(sidebar).toContainText(`in ${kib} KiB · out ${kib} KiB`);

  // Jump to the very top: the first rows are fetched and are the oldest events.
  const list = log.getByRole('listbox', { name: 'Log entries' });
  await list.evaluate((el) => (el.scrollTop = 0));
  await expect(list.getByRole('option').first()).toContainText('Listening on');
  await expect(list.getByRole('option').nth(1)).toContainText('msg-00000;');
  await expect(list.getByRole('option').nth(2)).toContainText('msg-00000;');

  // The middle: rows arrive (no placeholder left), in order, around datagram 2,500.
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  // The scroll renders on the next frame, then placeholders until the range arrives: wait for rows.
  const options = list.getByRole('option');
  await expect.poll(async () => Number(/msg-(\d{5});/.exec((await options.first().innerText()) ?? '')?.[1] ?? 0)).toBeGreaterThan(2_000);
  await expect(list.getByText('…', { exact: true })).toHaveCount(0);
  // The rows are read together, and again until they agree: a frame may still draw the overscan's placeholders.
  await expect(async () => {
    const numbers = (await list.getByRole('option').allInnerTexts()).map((text) => Number(/msg-(\d{5});/.exec(text)?.[1] ?? NaN));
    expect(
      numbers.every((n) => Number.isInteger(n)),
      `rows ${numbers.join(', ')}`,
    ).toBe(true);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers[0]!).toBeGreaterThan(2_000);
    expect(numbers[numbers.length - 1]!).toBeLessThan(3_000);
    // The DOM holds a screenful, not the log.
    expect(numbers.length).toBeLessThan(80);
  }).toPass({ timeout: 5000 });
});
