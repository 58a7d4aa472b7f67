// Sending a file from the window: a path typed in the composer's "Send file" control, a Python sink on
// 127.0.0.1 that hashes what it gets, the progress to 100%, a Cancel on a slow reader, and a missing
// file refused at the field. Pictures of the control idle and running, in English and Korean, light and dark.
import AxeBuilder from '@axe-core/playwright';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { expect as fastExpect, test } from './web-app';
import { logRow, openSession } from './window';

const expect = fastExpect.configure({ timeout: 20_000 });
const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);
const mib = 1024 * 1024;

let dir: string;
let smallFile: string;
let smallBytes: Buffer;
let bigFile: string;

test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'socket-lab-e2e-file-'));
  smallFile = path.join(dir, 'four.bin');
  smallBytes = randomBytes(4 * mib);
  writeFileSync(smallFile, smallBytes);
  // 16 MiB to a reader of 1 MiB/s: long enough to watch and cancel.
  bigFile = path.join(dir, 'big.bin');
  writeFileSync(bigFile, Buffer.alloc(16 * mib, 0x61));
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));
test.afterEach(() => stopPeers());

async function sinkDone(stdout: () => string): Promise<RegExpExecArray> {
  let found: RegExpExecArray | null = null;
  await expect.poll(() => (found = /DONE (\d+) (\w+)/.exec(stdout())) !== null).toBe(true);
  return found!;
}

/** Unfolds the file fields (the composer's "File…" button) when they are folded. */
async function showFileFields(page: Page, toggle = 'File…'): Promise<void> {
  const button = page.getByRole('button', { name: toggle, exact: true });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

/** axe on the page as it stands, light and dark: no serious or critical finding. */
async function expectAccessible(page: Page): Promise<void> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).include('[data-testid="file-send"]').analyze();
    for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`[${colorScheme}] ${v.id}: ${v.help}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(found).toEqual([]);
}

async function sendFile(page: Page, file: string, labels = { path: 'File to send', send: 'Send file', toggle: 'File…' }): Promise<void> {
  await showFileFields(page, labels.toggle);
  await page.getByRole('textbox', { name: labels.path }).fill(file);
  await page.getByRole('button', { name: labels.send, exact: true }).click();
}

test('a typed path goes to a Python sink whole, the progress reaching 100%', async ({ page, app }) => {
  const sink = await startServer('tcp_sha256_sink');
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port: sink.port });
  await sendFile(page, smallFile);
  await expect(page.getByTestId('file-outcome')).toHaveText('File sent: 4,194,304 bytes (100%).');
  await expect(page.getByRole('progressbar', { name: 'File send progress' })).toHaveAttribute('value', '1');
  await expect(logRow(page, 'event', /Sent the file four\.bin: 4,194,304 bytes/)).toHaveCount(1);
  await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  const done = await sinkDone(sink.stdout);
  expect(Number(done[1])).toBe(smallBytes.byteLength);
  expect(done[2]).toBe(createHash('sha256').update(smallBytes).digest('hex'));
});

test('Cancel on a big file to a slow reader stops it and says how far it got', async ({ page, app }) => {
  test.setTimeout(60_000);
  const sink = await startServer('tcp_sha256_sink', '127.0.0.1', 0, 5000, [String(mib)]);
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port: sink.port });
  await sendFile(page, bigFile);
  const status = page.getByTestId('file-progress');
  // Some of it gone (the picture shows a bar under way), not all: the reader takes 1 MiB/s.
  await expect(status).toHaveText(/^[1-9][\d,]* of 16,777,216 bytes \(\d+%\)$/);
  await expect(page.getByRole('button', { name: 'Send file', exact: true })).toBeDisabled();
  await page.screenshot({ path: shot('file-send-running-en-light') });
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Cancel file send' }).click();
  await expect(page.getByTestId('file-outcome')).toHaveText(/^The file send was cancelled after [\d,]+ of 16,777,216 bytes\.$/);
  await expect(page.getByRole('progressbar', { name: 'File send progress' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send file', exact: true })).toBeEnabled();
});

test('a missing file is refused at the path field, and a UDP socket asks for a datagram size', async ({ page, app }) => {
  const sink = await startServer('tcp_sha256_sink');
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port: sink.port });
  const missing = path.join(dir, 'missing.bin');
  await sendFile(page, missing);
  const field = page.getByRole('textbox', { name: 'File to send' });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toHaveText(`There is no file at ${missing}.`);
  // Typing again clears it.
  await field.fill(smallFile);
  await expect(field).toHaveAttribute('aria-invalid', 'false');
  await page.screenshot({ path: shot('file-send-idle-en-light') });

  await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  await page.getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Destination port' }).fill(String(sink.port));
  await showFileFields(page);
  await page.getByRole('textbox', { name: 'Datagram size (bytes)' }).fill('70000');
  await sendFile(page, smallFile);
  await expect(page.getByRole('alert')).toHaveText('The datagram size must be a whole number of bytes from 1 to 65507.');
  await page.screenshot({ path: shot('file-send-udp-chunk-error-en-light') });
  await expectAccessible(page);
});

test('in Korean and dark: the control idle and running', async ({ browser, app }) => {
  test.setTimeout(60_000);
  const context = await browser.newContext({ colorScheme: 'dark', locale: 'ko-KR' });
  const page = await context.newPage();
  const sink = await startServer('tcp_sha256_sink', '127.0.0.1', 0, 5000, [String(mib)]);
  await page.goto(app.url);
  await page.getByRole('textbox', { name: '포트', exact: true }).fill(String(sink.port));
  await page.getByRole('button', { name: '연결', exact: true }).click();
  const labels = { path: '보낼 파일', send: '파일 보내기', toggle: '파일…' };
  await showFileFields(page, labels.toggle);
  await expect(page.getByRole('button', { name: labels.send, exact: true })).toBeEnabled();
  await page.getByRole('textbox', { name: labels.path }).fill(bigFile);
  await page.screenshot({ path: shot('file-send-idle-ko-dark') });
  await sendFile(page, bigFile, labels);
  await expect(page.getByTestId('file-progress')).toHaveText(/^16,777,216 바이트 중 [1-9][\d,]* 바이트 \(\d+%\)$/);
  await page.screenshot({ path: shot('file-send-running-ko-dark') });
  await page.getByRole('button', { name: '파일 보내기 취소' }).click();
  await expect(page.getByTestId('file-outcome')).toHaveText(/^파일 보내기를 취소했습니다/);
  await context.close();
});
