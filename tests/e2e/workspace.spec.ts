// Everything a user sets is kept, and sessions are things you name: the composer per session across
// switches, language / theme / composer across a reload, sessions restored closed after a restart,
// rename / duplicate / close, a clean New form, and a damaged settings file said once without a crash.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { expect, freshDataDir, startWebApp, stopWebApp, test, type WebApp } from './web-app';
import { logRow, openSession } from './window';

test.afterEach(async () => {
  await stopPeers();
});

const sidebar = (page: Page) => page.getByRole('navigation', { name: /Sessions|세션/ });
/** The sidebar entry whose select button starts with its short id. */
const entry = (page: Page, id: number) => sidebar(page).getByRole('button', { name: new RegExp(`^#${id} `) });
const lineEnding = (page: Page) => page.getByRole('combobox', { name: 'Line ending' });
const format = (page: Page) => page.getByRole('combobox', { name: 'Format' });
const message = (page: Page) => page.getByRole('textbox', { name: 'Message' });

/** What the window saved, once a save has reached the file (saves wait for a pause in typing). */
async function savedSettings(app: WebApp, check: (settings: Record<string, unknown>) => boolean): Promise<void> {
  const file = path.join(app.dataDir, 'settings.json');
  await expect
    .poll(() => (existsSync(file) ? check(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : false), { timeout: 5000 })
    .toBe(true);
}

test('switching sessions keeps each composer: CR LF, the draft and the send history', async ({ page, app }) => {
  const upper = await startServer('tcp_upper_server');
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { port: upper.port });
  await lineEnding(page).selectOption({ label: 'CR LF (\\r\\n)' });
  await message(page).fill('ping');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(logRow(page, 'in', 'PING')).toBeVisible();
  await message(page).fill('half typed');

  // Session B: its own composer, from the defaults.
  await openSession(page, 'udp', { port: 0 });
  await expect(lineEnding(page)).toHaveValue('none');
  await expect(message(page)).toHaveValue('');
  await format(page).selectOption('hex');

  await entry(page, 1).click();
  await expect(lineEnding(page)).toHaveValue('crlf');
  await expect(message(page)).toHaveValue('half typed');
  await message(page).press('ArrowUp');
  await expect(message(page)).toHaveValue('ping');

  await entry(page, 2).click();
  await expect(format(page)).toHaveValue('hex');
});

test('a reload keeps language, theme and the composer; a restart brings the sessions back closed', async ({ browser }) => {
  const dataDir = freshDataDir();
  let app = await startWebApp(['--data-dir', dataDir]);
  let accepted = 0;
  // Counts connections to a second server, so a restored session is seen to open nothing by itself.
  const watched = net.createServer((s) => {
    accepted++;
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => watched.listen(0, '127.0.0.1', () => r()));
  const watchedPort = (watched.address() as net.AddressInfo).port;
  const context = await browser.newContext({ locale: 'en-US', colorScheme: 'light' });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { port: watchedPort });
    expect(accepted).toBe(1);
    await format(page).selectOption('escaped');
    await lineEnding(page).selectOption('crlf');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await expect(page.locator('html')).toHaveClass(/dark/);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await expect(page.getByRole('combobox', { name: '테마' })).toBeVisible();
    await savedSettings(app, (s) => JSON.stringify(s).includes('"language":"ko"') && JSON.stringify(s).includes('"lineEnding":"crlf"'));

    await page.reload();
    await expect(page.getByRole('combobox', { name: '테마' })).toHaveValue('dark');
    await expect(page.locator('html')).toHaveClass(/dark/);
    await expect(page.getByRole('combobox', { name: '형식' })).toHaveValue('escaped');
    await expect(page.getByRole('combobox', { name: '줄 끝' })).toHaveValue('crlf');
    await page.getByRole('combobox', { name: '언어' }).selectOption('en');

    // Name it, then restart the app: the session comes back named and closed, opening nothing.
    await sidebar(page).getByRole('button', { name: 'Rename' }).click();
    await sidebar(page).getByRole('textbox', { name: 'Session name' }).fill('Watched server');
    await sidebar(page).getByRole('textbox', { name: 'Session name' }).press('Enter');
    await expect(entry(page, 1)).toContainText('Watched server');
    await savedSettings(app, (s) => JSON.stringify(s).includes('Watched server'));
    await stopWebApp(app);

    app = await startWebApp(['--data-dir', dataDir]);
    await page.goto(app.url);
    await expect(entry(page, 1)).toContainText('Watched server');
    await expect(entry(page, 1)).toContainText('closed');
    await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
    await page.waitForTimeout(300);
    expect(accepted).toBe(1);

    // One click shows it ready, one more opens it, with its composer as it was.
    await entry(page, 1).click();
    await expect(page.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue(String(watchedPort));
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Disconnect', exact: true })).toBeVisible();
    await expect.poll(() => accepted).toBe(2);
    await expect(format(page)).toHaveValue('escaped');
    await expect(lineEnding(page)).toHaveValue('crlf');
    // Still one entry: reopening does not add a copy to the sidebar.
    await expect(sidebar(page).getByRole('button', { name: /^#\d+ / })).toHaveCount(1);
  } finally {
    await context.close();
    await stopWebApp(app);
    watched.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('sessions are named: rename, duplicate, close; New is a clean form', async ({ page, app }) => {
  await page.goto(app.url);
  const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } });
  await expect(entry(page, 1)).toContainText('TCP server');
  await expect(entry(page, 1)).toContainText(`127.0.0.1:${port}`);

  // Rename: Enter keeps, Escape cancels, empty goes back to the default description.
  await sidebar(page).getByRole('button', { name: 'Rename' }).click();
  await sidebar(page).getByRole('textbox', { name: 'Session name' }).fill('Echo');
  await sidebar(page).getByRole('textbox', { name: 'Session name' }).press('Enter');
  await expect(entry(page, 1)).toContainText('Echo');
  await sidebar(page).getByRole('button', { name: 'Rename' }).click();
  await sidebar(page).getByRole('textbox', { name: 'Session name' }).fill('Not this');
  await sidebar(page).getByRole('textbox', { name: 'Session name' }).press('Escape');
  await expect(entry(page, 1)).toContainText('Echo');
  await expect(entry(page, 1)).not.toContainText('Not this');

  // Duplicate: a closed copy of its settings, named after it.
  await sidebar(page).getByRole('button', { name: 'Duplicate' }).click();
  await expect(entry(page, 2)).toContainText('Echo (copy)');
  await expect(entry(page, 2)).toContainText('closed');
  await expect(page.getByRole('combobox', { name: 'Protocol' })).toHaveValue('tcp-server');
  // The port as typed (any free port), not the one the running original got.
  await expect(page.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue('0');

  await sidebar(page).getByRole('button', { name: 'Rename' }).nth(1).click();
  await sidebar(page).getByRole('textbox', { name: 'Session name' }).fill('');
  await sidebar(page).getByRole('textbox', { name: 'Session name' }).press('Enter');
  await expect(entry(page, 2)).toContainText('TCP server 127.0.0.1:0');
  await expect(entry(page, 2)).not.toContainText('copy');

  // Close session: the server stops (nothing listens on its port) and it leaves the list.
  await sidebar(page).getByRole('button', { name: 'Close session' }).first().click();
  await expect(entry(page, 1)).toHaveCount(0);
  const refused = await new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
  expect(refused).toBe(true);

  // New: the clean form, never a copy of the last session.
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Protocol' })).toHaveValue('tcp-client');
  await expect(page.getByRole('textbox', { name: 'Host', exact: true })).toHaveValue('127.0.0.1');
  await expect(page.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue('');
});

test('a recent target is offered beside the host field and fills host and port', async ({ page, app }) => {
  const upper = await startServer('tcp_upper_server');
  await page.goto(app.url);
  await expect(page.getByRole('combobox', { name: 'Recent' })).toHaveCount(0);
  await openSession(page, 'tcp-client', { port: upper.port });
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('textbox', { name: 'Host', exact: true }).fill('localhost');
  await page.getByRole('combobox', { name: 'Recent' }).selectOption(`127.0.0.1:${upper.port}`);
  await expect(page.getByRole('textbox', { name: 'Host', exact: true })).toHaveValue('127.0.0.1');
  await expect(page.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue(String(upper.port));
});

test('a damaged settings file is moved aside and said, and the window works', async ({ page }) => {
  const dataDir = freshDataDir();
  writeFileSync(path.join(dataDir, 'settings.json'), '{"app": {"theme": "dark"', 'utf8');
  const app = await startWebApp(['--data-dir', dataDir]);
  try {
    await page.goto(app.url);
    await expect(page.getByRole('status').filter({ hasText: 'settings file was damaged' })).toBeVisible();
    const aside = readdirSync(dataDir).find((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    await expect(page.getByRole('status').filter({ hasText: aside! })).toBeVisible();
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'damaged' })).toHaveCount(0);
    const port = await openSession(page, 'udp', { port: 0 });
    expect(port).toBeGreaterThan(0);
    await savedSettings(app, (s) => Array.isArray(s['sessions']) && (s['sessions'] as unknown[]).length === 1);
  } finally {
    await stopWebApp(app);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('with "Restore last workspace" off, the next start begins with an empty sidebar', async ({ page }) => {
  const dataDir = freshDataDir();
  let app = await startWebApp(['--data-dir', dataDir]);
  try {
    await page.goto(app.url);
    await openSession(page, 'udp', { port: 0 });
    await page.getByRole('checkbox', { name: 'Restore last workspace' }).uncheck();
    await savedSettings(app, (s) => (s['app'] as { restoreWorkspace?: boolean }).restoreWorkspace === false);
    await stopWebApp(app);
    app = await startWebApp(['--data-dir', dataDir]);
    await page.goto(app.url);
    await expect(page.getByRole('checkbox', { name: 'Restore last workspace' })).not.toBeChecked();
    await expect(sidebar(page).getByText('No sessions yet.')).toBeVisible();
  } finally {
    await stopWebApp(app);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('pictures: named sessions, the rename field and the theme toggle, en / ko, light / dark', async ({ browser, app }) => {
  const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);
  const context = await browser.newContext({ locale: 'en-US', colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(app.url);
  await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
  await openSession(page, 'udp', { port: 0 });
  const rename = async (id: number, name: string): Promise<void> => {
    await sidebar(page)
      .getByRole('button', { name: /Rename|이름 바꾸기/ })
      .nth(id - 1)
      .click();
    await sidebar(page).getByRole('textbox').fill(name);
    await sidebar(page).getByRole('textbox').press('Enter');
  };
  await rename(1, 'Line server for the lab');
  await rename(2, '멀티캐스트 수신');
  await entry(page, 1).click();
  await sidebar(page).getByRole('button', { name: 'Duplicate' }).first().click();
  for (const [language, theme] of [
    ['en', 'light'],
    ['en', 'dark'],
    ['ko', 'dark'],
    ['ko', 'light'],
  ] as const) {
    await page.getByRole('combobox', { name: /Language|언어/ }).selectOption(language);
    await page.getByRole('combobox', { name: /Theme|테마/ }).selectOption(theme);
    await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /dark/ : /^(?!.*dark)/);
    await sidebar(page)
      .getByRole('button', { name: /Rename|이름 바꾸기/ })
      .nth(2)
      .click();
    await expect(sidebar(page).getByRole('textbox')).toBeFocused();
    await page.screenshot({ path: shot(`20-workspace-${language}-${theme}`) });
    await sidebar(page).getByRole('textbox').press('Escape');
  }
  await context.close();
});
