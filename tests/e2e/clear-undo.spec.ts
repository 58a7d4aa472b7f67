// Clear asks nothing and can be undone for a few seconds; then the main side drops the rows for good
// (a reload does not bring them back), except those logged since the Clear.
import { expect, test } from './web-app';
import { echo, logRow, loopbackServer, openSession, send } from './window';

test('Clear hides the log at once, Undo brings it back, and after the undo time it is gone for good', async ({ page, app }) => {
  test.setTimeout(60_000);
  const server = await loopbackServer(echo);
  try {
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
    await send(page, 'one');
    await expect(logRow(page, 'in', 'one')).toBeVisible();

    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect(logRow(page, 'in', 'one')).toHaveCount(0);
    const undo = page.getByRole('button', { name: 'Undo' });
    await expect(page.getByRole('status').filter({ hasText: 'Log cleared' })).toBeVisible();
    await undo.click();
    await expect(logRow(page, 'in', 'one')).toBeVisible();
    await expect(undo).toHaveCount(0);

    // Cleared again; what comes during the undo time is not cleared with it.
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await send(page, 'two');
    await expect(logRow(page, 'in', 'two')).toBeVisible();
    await expect(undo).toHaveCount(0, { timeout: 10_000 });
    await expect(logRow(page, 'in', 'one')).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Sessions' })).toContainText(`127.0.0.1:${server.port}`);
    await expect(logRow(page, 'in', 'two')).toBeVisible();
    await expect(logRow(page, 'in', 'one')).toHaveCount(0);
    await expect(logRow(page, 'out', 'one')).toHaveCount(0);
  } finally {
    server.close();
  }
});

test('in Korean: 되돌리기', async ({ browser, app }) => {
  const server = await loopbackServer(echo);
  const context = await browser.newContext({ locale: 'ko-KR', colorScheme: 'dark' });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await page.getByRole('combobox', { name: '언어' }).selectOption('en');
    await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
    await send(page, 'one');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await page.getByRole('button', { name: '지우기', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: '로그를 지웠습니다' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/clear-undo-ko-dark.png' });
    await page.getByRole('button', { name: '되돌리기' }).click();
    await expect(page.getByRole('option', { name: /one/ }).first()).toBeVisible();
  } finally {
    await context.close();
    server.close();
  }
});
