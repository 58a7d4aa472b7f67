// The message log's Export menu: a real TCP conversation exported as pcapng (read back with tshark)
// and CSV into the data folder's exports folder, a long export cancelled, and a bad name explained.
import { test as base, expect, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runClient, stopPeers } from '../peers/spawn-peer';
import { followTcp, packetsMatching } from '../tshark';
import { startWebApp, stopWebApp, type WebApp } from './web-app';
import { logRow, openSession } from './window';

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);

/** The window served with its own data folder, so exports land in a temp folder the test reads. */
const test = base.extend<{ app: WebApp & { dataDir: string } }>({
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-e2e-export-'));
    const app = await startWebApp(['--data-dir', dataDir]);
    await use({ ...app, dataDir });
    // Ended first (it writes its kept settings as it stops), then its folder removed.
    await stopWebApp(app);
    await stopPeers();
    await rm(dataDir, { recursive: true, force: true });
  },
});

const exportButton = (page: Page, name = 'Export') => page.getByRole('button', { name, exact: true });

/** Opens the menu (if closed), picks the format and name, starts, and answers the path shown at the end. */
async function exportAs(page: Page, format: string, name: string): Promise<string> {
  const panel = page.getByRole('group', { name: 'Export the log' });
  if (!(await panel.isVisible())) await exportButton(page).click();
  await panel.getByRole('combobox', { name: 'Export format' }).selectOption(format);
  await panel.getByRole('textbox', { name: 'File name' }).fill(name);
  await panel.getByRole('button', { name: 'Start export' }).click();
  await expect(panel.getByTestId('export-path')).toHaveText(new RegExp(`${name}\\.${format}$`));
  return (await panel.getByTestId('export-path').textContent())!;
}

test('exports a real TCP conversation as pcapng that tshark reads back, and as CSV, into the exports folder', async ({ page, app }) => {
  test.setTimeout(60_000);
  await page.goto(app.url);
  const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } });
  const client = await runClient('tcp_echo_check_client', ['127.0.0.1', String(port), Buffer.from('hello, export\n').toString('hex'), '2']);
  expect(client.lines).toEqual(['ECHOED 28']);
  await expect(logRow(page, 'event', /closed/).first()).toBeVisible();

  await exportButton(page).click();
  const panel = page.getByRole('group', { name: 'Export the log' });
  await expect(panel.getByRole('radio', { name: 'Whole log' })).toBeChecked();
  // No filter set: there is no filtered view to export.
  await expect(panel.getByRole('radio', { name: 'Filtered view' })).toBeDisabled();
  await page.screenshot({ path: shot('20-export-menu-light-en') });

  const pcapng = await exportAs(page, 'pcapng', 'conversation');
  expect(pcapng).toBe(path.join(app.dataDir, 'exports', 'conversation.pcapng'));
  await expect(panel.getByRole('status').filter({ hasText: /^Exported \d+ rows/ })).toBeVisible();
  const { fromOpener, fromAnswerer } = followTcp(pcapng);
  expect(fromOpener.toString()).toBe('hello, export\n'.repeat(2));
  expect(fromAnswerer.toString()).toBe('hello, export\n'.repeat(2));
  expect(packetsMatching(pcapng, 'tcp.analysis.flags')).toBe('');

  const csv = await exportAs(page, 'csv', 'conversation');
  const lines = (await readFile(csv, 'utf8')).split('\r\n');
  expect(lines[0]).toBe('time,seq,event,direction,peer,bytes,text,hex');
  expect(lines.filter((l) => /,data,in,/.test(l)).length).toBeGreaterThan(0);
  expect(lines.some((l) => l.includes(',68656C6C6F2C206578706F72740A'))).toBe(true);
});

test('a long export shows its progress and stops on Cancel, leaving no file; a bad name is explained at the field', async ({
  page,
  app,
}) => {
  test.setTimeout(90_000);
  await page.goto(app.url);
  const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
  // 64 MiB in: about a thousand big rows, an export of some seconds in NDJSON (hex and text of each).
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      let left = 64;
      const more = (): void => {
        while (left > 0) {
          left--;
          if (!socket.write(chunk)) return void socket.once('drain', more);
        }
        socket.end(resolve);
      };
      more();
    });
    socket.on('error', reject);
  });
  // The peer's close is logged after its last byte.
  await expect(logRow(page, 'event', /closed/).first()).toBeVisible({ timeout: 20_000 });

  await exportButton(page).click();
  const panel = page.getByRole('group', { name: 'Export the log' });
  // A name with a folder in it is refused where it was typed, with the keyed sentence.
  await panel.getByRole('textbox', { name: 'File name' }).fill('../outside');
  await panel.getByRole('button', { name: 'Start export' }).click();
  await expect(panel.getByRole('alert')).toHaveText(/"\.\.\/outside" cannot be used as an export file name/);
  await expect(panel.getByRole('textbox', { name: 'File name' })).toHaveAttribute('aria-invalid', 'true');

  await panel.getByRole('combobox', { name: 'Export format' }).selectOption('ndjson');
  await panel.getByRole('textbox', { name: 'File name' }).fill('long');
  await panel.getByRole('button', { name: 'Start export' }).click();
  await expect(panel.getByRole('progressbar', { name: 'Export progress' })).toBeVisible();
  await page.screenshot({ path: shot('21-export-running-light-en') });
  await panel.getByRole('button', { name: 'Cancel export' }).click();
  await expect(
    panel.getByRole('status').filter({ hasText: /^Export cancelled after [\d,]+ rows; the partial file was removed\.$/ }),
  ).toBeVisible({
    timeout: 15_000,
  });
  expect(existsSync(path.join(app.dataDir, 'exports', 'long.ndjson'))).toBe(false);
});

test('the Export menu in Korean, light and dark, idle and running', async ({ browser, app }) => {
  test.setTimeout(90_000);
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(app.url);
    // The language chosen in the round before is kept (settings): each round starts in English, picked once the
    // kept settings are read (the panes are drawn then), or they would switch the page back to Korean.
    await expect(page.getByRole('button', { name: /^(New|새로 만들기)$/ })).toBeVisible();
    await page.getByRole('combobox', { name: /^(Language|언어)$/ }).selectOption('en');
    const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    for (let i = 0; i < 24; i++) socket.write(Buffer.alloc(1024 * 1024, 0x30 + i));
    socket.end();
    await expect(logRow(page, 'event', /closed/).first()).toBeVisible({ timeout: 20_000 });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await exportButton(page, '내보내기').click();
    const panel = page.getByRole('group', { name: '로그 내보내기' });
    await expect(panel.getByRole('radio', { name: '전체 로그' })).toBeChecked();
    await page.screenshot({ path: shot(`22-export-menu-${colorScheme}-ko`) });
    await panel.getByRole('combobox', { name: '내보낼 형식' }).selectOption('ndjson');
    await panel.getByRole('textbox', { name: '파일 이름' }).fill(`ko-${colorScheme}`);
    await panel.getByRole('button', { name: '내보내기 시작' }).click();
    await expect(panel.getByRole('progressbar', { name: '내보내기 진행' })).toBeVisible();
    await page.screenshot({ path: shot(`23-export-running-${colorScheme}-ko`) });
    await expect(panel.getByTestId('export-path')).toHaveText(/ko-(light|dark)\.ndjson$/, { timeout: 30_000 });
    await page.screenshot({ path: shot(`24-export-done-${colorScheme}-ko`) });
    await context.close();
  }
});
