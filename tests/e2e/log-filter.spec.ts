// The log filter on 10,001 entries: type a filter, see the match count and only matching rows,
// scroll the matches, pick one, point at a bad hex query, and clear it with Escape or the button.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './web-app';
import { messageLog, openSession, pingPong } from './window';

const numberIn = (text: string): number => Number(/msg-(\d{5});/.exec(text)?.[1] ?? NaN);

test('a filter on 10,001 entries: match count, only matches, scrolling, details, bad hex, clear', async ({ page, app }) => {
  test.setTimeout(120_000);
  await page.goto(app.url);
  const port = await openSession(page, 'udp', { host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } });
  const senderPort = await pingPong(port, 5_000);

  const log = messageLog(page);
  await expect(log.getByTestId('log-count')).toHaveText('10001 entries');
  const list = log.getByRole('listbox', { name: 'Log entries' });
  const options = list.getByRole('option');
  const filter = log.getByRole('searchbox', { name: 'Filter' });
  const matchCount = log.getByTestId('match-count');

  // Text: datagrams 3,000-3,999, both ways.
  await filter.fill('MSG-03');
  await expect(matchCount).toHaveText('2,000 matches');
  await expect(log.getByTestId('log-count')).toHaveText('10001 entries');
  await list.evaluate((el) => (el.scrollTop = 0));
  await expect(options.first()).toContainText('msg-03000;');
  await expect(list.getByText('…', { exact: true })).toHaveCount(0);
  // Read together, and again until they agree: a frame may still draw the overscan's placeholders.
  await expect(async () => {
    for (const text of await options.allInnerTexts()) expect(text).toMatch(/msg-03\d{3};/);
  }).toPass({ timeout: 5000 });

  // Only what the window sent back, and then only one peer: the sender's.
  await log.getByRole('group', { name: 'Directions' }).getByRole('button', { name: 'out', exact: true }).click();
  await expect(log.getByRole('button', { name: 'out', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(matchCount).toHaveText('1,000 matches');
  await log.getByRole('textbox', { name: 'Peer' }).fill(`127.0.0.1:${senderPort}`);
  await expect(matchCount).toHaveText('1,000 matches');
  await log.getByRole('textbox', { name: 'Peer' }).fill('127.0.0.1:1');
  await expect(matchCount).toHaveText('0 matches');
  await expect(list).toContainText('No entry matches the filter.');
  await log.getByRole('textbox', { name: 'Peer' }).fill('');
  await expect(matchCount).toHaveText('1,000 matches');

  // Scroll the matches: the middle of the list is the middle of the matches, in order, every row an out.
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect.poll(async () => numberIn(await options.first().innerText())).toBeGreaterThan(3_300);
  await expect(list.getByText('…', { exact: true })).toHaveCount(0);
  // Names and texts are read in one go, and again until they agree: a frame may still be drawing.
  let numbers: number[] = [];
  await expect(async () => {
    const rows = await options.evaluateAll((els) =>
      els.map((el) => ({ name: el.getAttribute('aria-label') ?? '', text: (el as HTMLElement).innerText })),
    );
    expect(
      rows.every((row) => / out /.test(row.name)),
      `rows ${rows.map((row) => row.name).join(' | ')}`,
    ).toBe(true);
    numbers = rows.map((row) => numberIn(row.text));
    expect(
      numbers.every((n) => n >= 3_300 && n < 3_700),
      `rows ${numbers.join(', ')}`,
    ).toBe(true);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers.length).toBeLessThan(80);
  }).toPass({ timeout: 5000 });

  // A row of the filtered list opens its details like any other.
  const row = options.filter({ hasText: `msg-0${numbers[5]};` });
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  const details = page.getByRole('complementary', { name: 'Entry details' });
  await expect(details).toContainText(`msg-0${numbers[5]};`);
  await expect(details).toContainText(`127.0.0.1:${senderPort}`);

  // Hex: a bad query is pointed at, where it is typed, and the list keeps the last good filter.
  await log.getByRole('group', { name: 'Filter as' }).getByRole('button', { name: 'Hex' }).click();
  await expect(filter).toHaveAttribute('aria-invalid', 'true');
  await expect(log.getByRole('alert')).toHaveText('"M" at position 1 is not a hex digit (use 0-9 and A-F).');
  await expect(matchCount).toHaveText('1,000 matches');
  // The filter's controls, pressed toggles and problem pass axe like the rest of the window.
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await filter.fill('6d 73 67 2d 30 34 39 39 39'); // "msg-04999"
  await expect(filter).toHaveAttribute('aria-invalid', 'false');
  await expect(matchCount).toHaveText('1 match');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText('msg-04999;');

  // Escape takes the whole filter away: every entry again.
  await filter.press('Escape');
  await expect(matchCount).toHaveCount(0);
  await expect(filter).toHaveValue('');
  await expect(log.getByRole('button', { name: 'out', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await list.evaluate((el) => (el.scrollTop = 0));
  await expect(options.first()).toContainText('Listening on');

  // And the button does too.
  await log.getByRole('group', { name: 'Directions' }).getByRole('button', { name: 'event', exact: true }).click();
  await expect(matchCount).toHaveText('1 match');
  await log.getByRole('button', { name: 'Clear filter' }).click();
  await expect(matchCount).toHaveCount(0);
  await expect(log.getByTestId('log-count')).toHaveText('10001 entries');
});

test('one filter per session: a second window shows the same filter, and clearing it there clears it here', async ({
  page,
  context,
  app,
}) => {
  await page.goto(app.url);
  const port = await openSession(page, 'udp', { host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } });
  await pingPong(port, 20);
  const log = messageLog(page);
  await log.getByRole('searchbox', { name: 'Filter' }).fill('msg-0001');
  await expect(log.getByTestId('match-count')).toHaveText('20 matches');

  const other = await context.newPage();
  await other.goto(app.url);
  const otherLog = messageLog(other);
  await expect(otherLog.getByTestId('match-count')).toHaveText('20 matches');
  await expect(otherLog.getByRole('searchbox', { name: 'Filter' })).toHaveValue('msg-0001');
  await expect(otherLog.getByRole('listbox', { name: 'Log entries' }).getByRole('option')).toHaveCount(20);

  await otherLog.getByRole('button', { name: 'Clear filter' }).click();
  await expect(log.getByTestId('match-count')).toHaveCount(0);
  await expect(log.getByRole('searchbox', { name: 'Filter' })).toHaveValue('');
  await expect(log.getByTestId('log-count')).toHaveText('41 entries');
});
