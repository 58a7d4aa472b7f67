// The lab's Copy as code: a TCP client session in the window talks to the seed "ACK : " server (a Python peer),
// the panel's Python, Node and C are read from its code box and RUN (C compiled with -Wall -Werror) against a
// NEW server of the same behaviour, on the port given the way the generated code takes it (HOST PORT arguments).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { runToEnd } from '../run-to-end';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { expect, test } from './web-app';
import { expectNoSeriousAxe, logRow, openSession, send } from './window';

const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-copy-code-'));
});
test.afterEach(async () => {
  await stopPeers();
  rmSync(dir, { recursive: true, force: true });
});

async function openTool(page: Page, tab = 'Copy as code', tools = 'Lab tools', lab = 'Lab') {
  const toggle = page.getByRole('button', { name: lab, exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByRole('tablist', { name: tools }).getByRole('tab', { name: tab }).click();
  return page.getByRole('tabpanel', { name: tab });
}

/** The window as a client of the seed "ACK : " server: two messages, two answers. */
async function recordedClient(page: Page): Promise<void> {
  const first = await startServer('tcp_ack_server');
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port: first.port });
  await send(page, 'hello');
  await expect(logRow(page, 'in', 'ACK : hello')).toBeVisible();
  await send(page, 'second');
  await expect(logRow(page, 'in', 'ACK : second')).toBeVisible();
}

test('the Python, Node and C from the panel replay the session against a new live server', async ({ page, app }) => {
  test.setTimeout(90_000);
  await page.goto(app.url);
  await recordedClient(page);
  const panel = await openTool(page);
  const code = panel.getByRole('textbox', { name: 'Generated code' });
  const language = panel.getByRole('combobox', { name: 'Code language' });
  await expect(language).toHaveValue('python');
  await expect(code).toHaveValue(/with socket\.socket\(socket\.AF_INET, socket\.SOCK_STREAM\) as s:/);
  await expect(code).toHaveValue(/s\.sendall\(b'second'\)/);
  await expect(panel.getByRole('region', { name: 'What this code cannot promise' })).toContainText(
    'recv may return fewer bytes than one send',
  );
  await page.screenshot({ path: shot('copy-as-code-en-light') });

  const builds: Record<string, (file: string) => string[]> = {
    python: (file) => ['python3', file],
    node: (file) => [process.execPath, file],
    c: (file) => {
      const binary = file.replace(/\.c$/, '');
      execFileSync('cc', ['-Wall', '-Werror', '-o', binary, file], { stdio: 'pipe' });
      return [binary];
    },
  };
  for (const [name, build] of Object.entries(builds)) {
    await language.selectOption(name);
    if (name === 'c') await expect(code).toHaveValue(/^\/\*[^]*?\n \* POSIX sockets/);
    const text = await code.inputValue();
    const file = path.join(dir, `client.${name === 'python' ? 'py' : name === 'node' ? 'js' : 'c'}`);
    writeFileSync(file, text);
    const command = build(file);
    // A NEW server of the same behaviour, on a port the generated code is given as its HOST PORT arguments.
    const server = await startServer('tcp_ack_server');
    const child = spawn(command[0]!, [...command.slice(1), '127.0.0.1', String(server.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run = await runToEnd(child, `${name} script`, 15_000);
    expect(run.code, `${name}: ${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('Received: ACK : hello');
    expect(run.stdout).toContain('Received: ACK : second');
    // The server got exactly the bytes the session sent (it logs each read).
    await expect.poll(() => server.stderr()).toContain('received : hello');
    expect(server.stderr().replaceAll('received : ', '').replace(/\r?\n/g, '')).toBe('hellosecond');
  }
});

test('Copy puts the code on the clipboard, or says how to copy it when the clipboard is refused; Download names the file', async ({
  browser,
  app,
}) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await recordedClient(page);
    const panel = await openTool(page);
    await panel.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(panel.getByRole('status')).toHaveText('Copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await panel.getByRole('textbox', { name: 'Generated code' }).inputValue());

    const downloading = page.waitForEvent('download');
    await panel.getByRole('combobox', { name: 'Code language' }).selectOption('node');
    await panel.getByRole('button', { name: 'Download' }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe('tcp-client-s1.js');
    const saved = path.join(dir, file.suggestedFilename());
    await file.saveAs(saved);
    expect(readFileSync(saved, 'utf8')).toBe(await panel.getByRole('textbox', { name: 'Generated code' }).inputValue());

    // A page where the clipboard is refused: the code is selected for Ctrl+C and the panel says so.
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));
    });
    await panel.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(panel.getByRole('status')).toHaveText(/The clipboard was refused here: the code is selected in the box/);
    await expect(panel.getByRole('textbox', { name: 'Generated code' })).toBeFocused();
  } finally {
    await context.close();
  }
});

test('the code follows the log as it grows; a session with nothing sent or received says so; in Korean and dark', async ({ page, app }) => {
  await page.goto(app.url);
  const server = await startServer('tcp_ack_server');
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
  const panel = await openTool(page);
  await expect(panel).toContainText('Nothing sent or received yet: send or receive something and the code appears here.');
  await send(page, 'late');
  // Regenerated by itself (throttled) once the log grew.
  await expect(panel.getByRole('textbox', { name: 'Generated code' })).toHaveValue(/s\.sendall\(b'late'\)/);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('ko');
  const ko = page.getByRole('tabpanel', { name: '코드로 복사' });
  await expect(ko.getByRole('combobox', { name: '코드 언어' })).toBeVisible();
  await expect(ko.getByRole('region', { name: '이 코드가 약속할 수 없는 것' })).toContainText('TCP 는 바이트 스트림입니다');
  await expect(ko.getByRole('button', { name: '복사', exact: true })).toBeVisible();
  await expect(ko.getByRole('button', { name: '내려받기' })).toBeVisible();
  await page.screenshot({ path: shot('copy-as-code-ko-dark') });
  await ko.getByRole('combobox', { name: '코드 언어' }).selectOption('c');
  await expect(ko).toContainText('POSIX 소켓');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: shot('copy-as-code-ko-light-c') });

  // A UDP socket that has done nothing yet says so too.
  await page.getByRole('combobox', { name: '언어', exact: true }).selectOption('en');
  await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  await expect(page.getByRole('tabpanel', { name: 'Copy as code' })).toContainText('Nothing sent or received yet');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: shot('copy-as-code-en-dark-empty') });
});

test('the tool passes axe in light and dark, code and notes shown, after a Copy', async ({ browser, app }) => {
  test.setTimeout(60_000);
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await recordedClient(page);
    const panel = await openTool(page);
    await panel.getByRole('combobox', { name: 'Code language' }).selectOption('c');
    await panel.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(panel.getByRole('status')).toHaveText('Copied.');
    await expectNoSeriousAxe(page, '#lab-pane');
  } finally {
    await context.close();
  }
});
