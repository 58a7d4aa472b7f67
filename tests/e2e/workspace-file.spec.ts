// Open and save a workspace file in browser mode: a file the CLI wrote (import packetsender) opened in the
// window brings its sessions in closed (the listening peer sees no connection) and its saved messages; Undo
// takes it back; Save downloads a file the CLI then sends from to a real peer; a damaged file is said at its
// paths, in English and Korean, changing nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { expect, test } from './web-app';

const root = path.resolve(__dirname, '../..');
const cli = (args: string[]): string =>
  execFileSync(process.execPath, [path.join(root, 'bin/socket-lab.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let dir = '';
test.beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-workspace-file-'));
});
test.afterEach(async () => {
  await stopPeers();
  rmSync(dir, { recursive: true, force: true });
});

const sidebar = (page: Page) => page.getByRole('navigation', { name: /^(Sessions|세션)$/ });
const panel = (page: Page) => page.getByRole('region', { name: /^(Saved messages|저장된 메시지)$/ });
const sessionEntries = (page: Page) => sidebar(page).getByRole('button', { name: /^#\d+ / });

/** A TCP server that counts the connections it accepts: a session that opened by itself would show here. */
async function watchedServer(): Promise<{ port: number; accepted: () => number; close: () => void }> {
  let accepted = 0;
  const server = net.createServer((s) => {
    accepted++;
    s.on('error', () => undefined);
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as net.AddressInfo).port, accepted: () => accepted, close: () => server.close() };
}

/** The CLI's import of the Packet Sender fixture, with three sessions and a lesson collection added as a teacher would. */
function lessonFile(watchedPort: number, sinkPort: number): string {
  const file = path.join(dir, 'lesson.socketlab.json');
  cli(['import', 'packetsender', path.join(root, 'tests/fixtures/packet-sender/packets.ini'), '-o', file]);
  const workspace = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { collections: unknown[] };
  workspace.teacher = 'kept as it was';
  workspace.sessions = [
    { name: 'Watched client', kind: 'tcp-client', host: '127.0.0.1', port: watchedPort, pinned: true },
    { name: 'Echo server', kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } },
    { name: 'Datagrams', kind: 'udp', host: '127.0.0.1', port: 0 },
  ];
  workspace.collections.push({
    name: 'Lab',
    messages: [
      { name: 'hello', payload: { format: 'text', text: 'hello sink' }, target: { protocol: 'tcp', host: '127.0.0.1', port: sinkPort } },
    ],
  });
  writeFileSync(file, JSON.stringify(workspace, null, 2) + '\n');
  return file;
}

async function openFile(page: Page, file: string, button: RegExp = /^Open workspace…$/): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(file);
}

test('a workspace the CLI wrote opens closed with its messages, Undo takes it back, Save (after a reload) downloads what the CLI sends from', async ({
  page,
  app,
}) => {
  test.setTimeout(60_000);
  const watched = await watchedServer();
  const sink = await startServer('tcp_sink_server');
  try {
    const file = lessonFile(watched.port, sink.port);
    await page.goto(app.url);
    await openFile(page, file);
    await expect(page.getByRole('status').filter({ hasText: 'lesson.socketlab.json:' })).toHaveText(
      /lesson\.socketlab\.json: 3 sessions, 27 messages/,
    );
    await expect(sessionEntries(page)).toHaveCount(3);
    await expect(sidebar(page)).toContainText('Watched client');
    await expect(sidebar(page).getByText('closed', { exact: true })).toHaveCount(3);
    await expect(panel(page).getByRole('combobox', { name: 'Collection' })).toHaveValue('Packet Sender');
    await expect(panel(page).getByText('DNS dannagle.com', { exact: true })).toBeVisible();
    // Nothing connected by itself, even after a while.
    await page.waitForTimeout(500);
    expect(watched.accepted()).toBe(0);

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(sessionEntries(page)).toHaveCount(0);
    await expect(panel(page).getByText('No saved messages yet')).toBeVisible();

    // Opened again; one of its sessions opened by hand, then everything saved as a download.
    await openFile(page, file);
    await expect(sessionEntries(page)).toHaveCount(3);
    await sidebar(page)
      .getByRole('button', { name: /Watched client/ })
      .click();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => watched.accepted()).toBe(1);
    // What the window does not hold itself (the file's name, its unknown fields) is kept in settings.json:
    // a reload between open and save loses none of it.
    const settingsFile = path.join(app.dataDir, 'settings.json');
    const settingsText = () => (existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : '');
    await expect.poll(settingsText).toContain('kept as it was');
    // Written after the Connect too (its entry knows its engine session), or the reload would adopt it anew.
    await expect.poll(settingsText).toContain('"engineId"');
    await page.reload();
    await expect(sessionEntries(page)).toHaveCount(3);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save workspace…' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('lesson.socketlab.json');
    const saved = path.join(dir, 'downloaded.socketlab.json');
    await download.saveAs(saved);
    await expect(page.getByRole('status').filter({ hasText: 'Saved lesson.socketlab.json' })).toBeVisible();

    const text = readFileSync(saved, 'utf8');
    const written = JSON.parse(text) as { teacher: string; sessions: Record<string, unknown>[]; collections: { name: string }[] };
    // The CLI's formatting, the file's unknown fields kept, the sessions as the forms hold them.
    expect(text).toBe(JSON.stringify(written, null, 2) + '\n');
    expect(written.teacher).toBe('kept as it was');
    expect(written.sessions.map((s) => s.name)).toEqual(['Watched client', 'Echo server', 'Datagrams']);
    expect(written.sessions[0]).toMatchObject({ kind: 'tcp-client', host: '127.0.0.1', port: watched.port, pinned: true });
    expect(written.sessions[1]).toMatchObject({ kind: 'tcp-server', port: 0, autoReply: { mode: 'echo' } });
    expect(written.collections.map((c) => c.name)).toEqual(['Packet Sender', 'Lab']);

    const sent = cli(['send', '--workspace', saved, '--message', 'Lab/hello']);
    expect(sent).toBeDefined();
    await expect.poll(() => sink.stdout(), { timeout: 5000 }).toContain(`RECEIVED ${Buffer.from('hello sink').toString('hex')}`);
  } finally {
    watched.close();
  }
});

test('a damaged file is said at its paths, in English and Korean, and changes nothing', async ({ page, app }) => {
  const bad = path.join(dir, 'broken.socketlab.json');
  writeFileSync(
    bad,
    JSON.stringify({
      format: 'socket-lab-workspace',
      version: 1,
      sessions: [{ name: 'Bad', kind: 'tcp-client', host: '127.0.0.1', port: 70000 }],
      collections: [{ name: 'Lab', messages: [{ name: 'x', payload: { format: 'hex', text: '4g' } }] }],
    }),
  );
  const good = path.join(dir, 'good.socketlab.json');
  writeFileSync(
    good,
    JSON.stringify({
      format: 'socket-lab-workspace',
      version: 1,
      sessions: [{ name: 'Kept', kind: 'udp', host: '127.0.0.1', port: 0 }],
      collections: [{ name: 'Mine', messages: [{ name: 'mine', payload: { format: 'text', text: 'm' } }] }],
    }),
  );
  await page.goto(app.url);
  await openFile(page, good);
  await expect(sessionEntries(page)).toHaveCount(1);

  await openFile(page, bad);
  const alert = page.getByRole('alert').filter({ hasText: 'broken.socketlab.json' });
  await expect(alert).toContainText('broken.socketlab.json was not opened: 2 mistakes');
  await expect(alert.getByRole('listitem')).toHaveText([
    /^sessions\.0\.port: .*70000/,
    /^collections\.0\.messages\.0\.payload\.text: .*hex digit/,
  ]);
  await expect(sessionEntries(page)).toHaveCount(1);
  await expect(sidebar(page)).toContainText('Kept');
  await expect(panel(page).getByText('mine', { exact: true })).toBeVisible();

  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await expect(alert).toContainText('broken.socketlab.json 파일을 열지 않았습니다');
  await expect(alert.getByRole('listitem').first()).toContainText('70000');

  // Not JSON at all: said in one line.
  const notJson = path.join(dir, 'notes.socketlab.json');
  writeFileSync(notJson, 'these are my notes');
  await openFile(page, notJson, /^작업 공간 열기…$/);
  await expect(page.getByRole('alert').filter({ hasText: 'notes.socketlab.json' })).toContainText('JSON');
  await expect(sessionEntries(page)).toHaveCount(1);
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
])
  for (const look of [
    { locale: 'en-US', colorScheme: 'light' as const },
    { locale: 'ko-KR', colorScheme: 'dark' as const },
    { locale: 'en-US', colorScheme: 'dark' as const },
    { locale: 'ko-KR', colorScheme: 'light' as const },
  ])
    test(`pictures: ${size.width}x${size.height} ${look.locale} ${look.colorScheme}`, async ({ browser, app }) => {
      const file = lessonFile(9, 9);
      const bad = path.join(dir, 'broken.socketlab.json');
      writeFileSync(
        bad,
        JSON.stringify({
          format: 'socket-lab-workspace',
          version: 1,
          sessions: [{ name: 'Bad', kind: 'tcp-client', host: '127.0.0.1', port: 70000 }],
          collections: [{ name: 'Lab', messages: [{ name: 'x', payload: { format: 'hex', text: '4g' } }] }],
        }),
      );
      const context = await browser.newContext({ viewport: size, locale: look.locale, colorScheme: look.colorScheme });
      const page = await context.newPage();
      const tag = `${size.width}x${size.height}-${look.locale.slice(0, 2)}-${look.colorScheme}`;
      const open = /^(Open workspace…|작업 공간 열기…)$/;
      try {
        await page.goto(app.url);
        await openFile(page, file, open);
        await expect(sessionEntries(page)).toHaveCount(3);
        await page.screenshot({ path: path.join('test-results', 'screenshots', `workspace-file-${tag}-opened.png`) });
        await openFile(page, bad, open);
        await expect(page.getByRole('alert').filter({ hasText: 'broken.socketlab.json' })).toBeVisible();
        await page.screenshot({ path: path.join('test-results', 'screenshots', `workspace-file-${tag}-bad.png`) });
      } finally {
        await context.close();
      }
    });
