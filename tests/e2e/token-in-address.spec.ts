// The bridge token leaves the address bar and history as soon as the page has it (no screenshot,
// shared screen or synced history shows it), and a reload of the same tab still reconnects.
import { expect, test } from './web-app';
import { openSession } from './window';

test('the token is dropped from the address, and a reload of the tab reconnects', async ({ page, app }) => {
  await page.goto(app.url);
  await expect.poll(() => page.evaluate(() => location.search)).toBe('');
  expect(page.url()).not.toContain('token');

  // The bridge works: a session opened now is found again after the reload.
  await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  await page.reload();
  const sessions = page.getByRole('navigation', { name: 'Sessions' });
  await expect(sessions.getByRole('button', { name: /UDP/ })).toBeVisible();
  await expect(page.getByText('Lost the connection to the Socket Lab engine')).toHaveCount(0);
  expect(await page.evaluate(() => location.search)).toBe('');

  // The token is the gate: a new tab at the bare address cannot reach the engine.
  const other = await page.context().newPage();
  await other.goto(new URL('/', app.url).href);
  const footer = other.getByRole('contentinfo', { name: 'Totals' });
  await expect(footer.getByText('Lost the connection to the Socket Lab engine: restart it and reload this page.').first()).toBeVisible();
  await other.close();
});
