// Saved messages in the window, against real peers on loopback: saved from the composer and from a log
// entry, sent by click and by Ctrl+1/Ctrl+2, reordered, searched, edited (bad input refused at its field),
// deleted and undone, sent to their own target when no session is open, and kept in settings.json.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { expect, freshDataDir, startWebApp, stopWebApp, test, type WebApp } from './web-app';
import { logRow, loopbackServer, openSession } from './window';

test.afterEach(async () => {
  await stopPeers();
});

const panel = (page: Page) => page.getByRole('region', { name: /^(Saved messages|저장된 메시지)$/ });
const item = (page: Page, name: string) =>
  panel(page)
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) });
const composer = (page: Page) => page.getByRole('region', { name: 'Composer' });
const dialog = (page: Page) => page.getByRole('dialog');
const shot = (name: string): string => path.join('test-results', 'screenshots', `${name}.png`);

/** Saves what the composer holds under `name` (the dialog's Save). */
async function saveFromComposer(page: Page, text: string, name: string): Promise<void> {
  await composer(page).getByRole('textbox', { name: 'Message' }).fill(text);
  await composer(page).getByRole('button', { name: 'Save message' }).click();
  await dialog(page).getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(item(page, name)).toBeVisible();
}

async function stopSeeded(app: WebApp): Promise<void> {
  await stopWebApp(app);
  rmSync(app.dataDir, { recursive: true, force: true });
}

/** A data folder whose settings.json already holds these collections (as the window writes them). */
function seededApp(collections: unknown[]): Promise<WebApp> {
  const dataDir = freshDataDir();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ version: 1, savedMessages: { collections } }, null, 2));
  return startWebApp(['--data-dir', dataDir]);
}

test('saved from the composer and a log entry, sent by click and Ctrl+1/2, reordered, searched, kept after a reload', async ({
  page,
  app,
}) => {
  test.setTimeout(60_000);
  const upper = await startServer('tcp_upper_server');
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { port: upper.port });

  await saveFromComposer(page, 'alpha', 'first');
  await expect(item(page, 'first')).toContainText(`tcp://127.0.0.1:${upper.port}`);
  await expect(item(page, 'first')).toContainText('Ctrl+1');
  await saveFromComposer(page, 'beta', 'second');
  await expect(panel(page).getByRole('combobox', { name: 'Collection' })).toHaveValue('Messages');

  await panel(page).getByRole('button', { name: 'Send first' }).click();
  await expect(logRow(page, 'in', 'ALPHA')).toHaveCount(1);
  await expect(panel(page).getByRole('status')).toHaveText('Sent "first": 5 bytes.');

  // Ctrl+digit reaches the page, also while typing in the composer (checked as the page sees the key).
  await page.evaluate(() => {
    (window as unknown as { ctrlDigits: string[] }).ctrlDigits = [];
    window.addEventListener(
      'keydown',
      (e) => e.ctrlKey && e.code.startsWith('Digit') && (window as unknown as { ctrlDigits: string[] }).ctrlDigits.push(e.code),
      true,
    );
  });
  await composer(page).getByRole('textbox', { name: 'Message' }).fill('typing');
  await composer(page).getByRole('textbox', { name: 'Message' }).press('Control+2');
  await expect(logRow(page, 'in', 'BETA')).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { ctrlDigits: string[] }).ctrlDigits)).toEqual(['Digit2']);
  await expect(composer(page).getByRole('textbox', { name: 'Message' })).toHaveValue('typing');
  await page.keyboard.press('Control+1');
  await expect(logRow(page, 'in', 'ALPHA')).toHaveCount(2);

  // A received entry saved from its details: printable text stays text.
  await logRow(page, 'in', 'ALPHA').first().click();
  await page.getByRole('complementary', { name: 'Entry details' }).getByRole('button', { name: 'Save message' }).click();
  await expect(dialog(page).getByRole('combobox', { name: 'Payload format' })).toHaveValue('text');
  await expect(dialog(page).getByRole('textbox', { name: 'Payload' })).toHaveValue('ALPHA');
  await dialog(page).getByRole('textbox', { name: 'Name' }).fill('from the log');
  await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(item(page, 'from the log')).toBeVisible();

  // Reordered: Ctrl+1 now sends "second".
  await panel(page).getByRole('button', { name: 'Move second up' }).click();
  await expect(item(page, 'second')).toContainText('Ctrl+1');
  await page.keyboard.press('Control+1');
  await expect(logRow(page, 'in', 'BETA')).toHaveCount(2);

  const search = panel(page).getByRole('searchbox', { name: 'Search messages' });
  await search.fill('log');
  await expect(panel(page).getByRole('listitem')).toHaveCount(1);
  await expect(item(page, 'from the log')).toBeVisible();
  await search.fill('nothing like it');
  await expect(panel(page).getByText('No message matches the search.')).toBeVisible();
  await search.fill('');
  await expect(panel(page).getByRole('listitem')).toHaveCount(3);

  // On disk, then back after a reload, in the order left.
  const file = path.join(app.dataDir, 'settings.json');
  await expect
    .poll(() => (existsSync(file) ? readFileSync(file, 'utf8') : ''), { timeout: 5000 })
    .toMatch(/"name": "second"[\s\S]*"name": "first"[\s\S]*"name": "from the log"/);
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { savedMessages: { collections: { messages: { payload: unknown }[] }[] } };
  expect(saved.savedMessages.collections[0]!.messages[2]!.payload).toEqual({ format: 'text', text: 'ALPHA' });
  await page.reload();
  await expect(panel(page).getByRole('listitem')).toHaveCount(3);
  await expect(panel(page).getByRole('listitem').first()).toContainText('second');
});

test('a log entry that is not text is saved as hex', async ({ page, app }) => {
  const server = await loopbackServer((socket) => socket.write(Buffer.from([0x00, 0x01, 0xfe, 0x41])));
  try {
    await page.goto(app.url);
    await openSession(page, 'tcp-client', { port: server.port });
    await logRow(page, 'in', /./).first().click();
    await page.getByRole('complementary', { name: 'Entry details' }).getByRole('button', { name: 'Save message' }).click();
    await expect(dialog(page).getByRole('combobox', { name: 'Payload format' })).toHaveValue('hex');
    await expect(dialog(page).getByRole('textbox', { name: 'Payload' })).toHaveValue('00 01 FE 41');
  } finally {
    server.close();
  }
});

test('edit refuses bad hex and a bad port at the field; delete can be undone', async ({ page }) => {
  const app = await seededApp([
    {
      name: 'Lab',
      messages: [
        { name: 'hello', payload: { format: 'text', text: 'hello' } },
        { name: 'bytes', payload: { format: 'hex', text: '01 02' } },
      ],
    },
  ]);
  try {
    await page.goto(app.url);
    await expect(panel(page).getByRole('combobox', { name: 'Collection' })).toHaveValue('Lab');
    await panel(page).getByRole('button', { name: 'Edit bytes' }).click();
    const payload = dialog(page).getByRole('textbox', { name: 'Payload' });
    await payload.fill('01 zz');
    await expect(dialog(page).getByRole('alert')).toContainText('not a hex digit');
    await expect(payload).toHaveAttribute('aria-invalid', 'true');
    await payload.fill('01 02 03');
    await dialog(page).getByRole('combobox', { name: 'Target' }).selectOption('udp');
    await dialog(page).getByRole('textbox', { name: 'Target host' }).fill('127.0.0.1');
    await dialog(page).getByRole('textbox', { name: 'Target port' }).fill('70000');
    await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog(page).getByRole('textbox', { name: 'Target port' })).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog(page).getByRole('alert')).toContainText('70000');
    await dialog(page).getByRole('textbox', { name: 'Target port' }).fill('9999');
    await dialog(page).getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog(page)).toHaveCount(0);
    await expect(item(page, 'bytes')).toContainText('udp://127.0.0.1:9999');
    await expect(item(page, 'bytes')).toContainText('01 02 03');

    await panel(page).getByRole('button', { name: 'Delete hello' }).click();
    await expect(item(page, 'hello')).toHaveCount(0);
    await expect(panel(page).getByRole('status')).toContainText('Deleted "hello".');
    await panel(page).getByRole('button', { name: 'Undo' }).click();
    await expect(panel(page).getByRole('listitem').first()).toContainText('hello');
    await expect(panel(page).getByRole('button', { name: 'Undo' })).toHaveCount(0);

    // Collections: new, renamed (a taken name refused at the field), deleted and brought back.
    const collection = panel(page).getByRole('combobox', { name: 'Collection' });
    await panel(page).getByRole('button', { name: 'New collection' }).click();
    await expect(panel(page).getByRole('textbox', { name: 'Collection name' })).toHaveValue('Collection 2');
    await panel(page).getByRole('textbox', { name: 'Collection name' }).fill('Week 2');
    await panel(page).getByRole('button', { name: 'OK' }).click();
    await expect(collection).toHaveValue('Week 2');
    await expect(panel(page).getByText('No saved messages yet')).toBeVisible();
    await panel(page).getByRole('button', { name: 'Edit collection name' }).click();
    await panel(page).getByRole('textbox', { name: 'Collection name' }).fill('Lab');
    await panel(page).getByRole('button', { name: 'OK' }).click();
    await expect(panel(page).getByRole('alert')).toContainText('"Lab"');
    await panel(page).getByRole('textbox', { name: 'Collection name' }).fill('Week 3');
    await panel(page).getByRole('textbox', { name: 'Collection name' }).press('Enter');
    await expect(collection).toHaveValue('Week 3');
    await panel(page).getByRole('button', { name: 'Delete collection' }).click();
    await expect(collection).toHaveValue('Lab');
    await panel(page).getByRole('button', { name: 'Undo' }).click();
    await expect(collection.getByRole('option')).toHaveText(['Lab', 'Week 3']);
  } finally {
    await stopSeeded(app);
  }
});

test('a message with a target and no open session opens one and the peer gets the bytes; failures are said in the panel', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const sink = await startServer('udp_sink_server');
  const upper = await startServer('tcp_upper_server');
  // A port nothing listens on: a server opened and closed again.
  const gone = await loopbackServer(() => undefined);
  gone.close();
  const app = await seededApp([
    {
      name: 'Lab',
      messages: [
        {
          name: 'to sink',
          payload: { format: 'text', text: 'hi sink' },
          lineEnding: 'lf',
          target: { protocol: 'udp', host: '127.0.0.1', port: sink.port },
        },
        { name: 'to upper', payload: { format: 'text', text: 'shout' }, target: { protocol: 'tcp', host: '127.0.0.1', port: upper.port } },
        { name: 'nowhere', payload: { format: 'text', text: 'x' } },
        { name: 'refused', payload: { format: 'text', text: 'x' }, target: { protocol: 'tcp', host: '127.0.0.1', port: gone.port } },
      ],
    },
  ]);
  try {
    await page.goto(app.url);
    const sessions = page.getByRole('navigation', { name: 'Sessions' });
    await panel(page).getByRole('button', { name: 'Send to sink' }).click();
    await expect.poll(() => sink.stdout(), { timeout: 5000 }).toContain(`RECEIVED ${Buffer.from('hi sink\n').toString('hex')}`);
    await expect(sessions).toContainText('UDP');

    await page.getByRole('button', { name: 'New', exact: true }).click();
    await panel(page).getByRole('button', { name: 'Send to upper' }).click();
    await expect(logRow(page, 'in', 'SHOUT')).toBeVisible();
    await expect(sessions).toContainText(`127.0.0.1:${upper.port}`);

    await page.getByRole('button', { name: 'New', exact: true }).click();
    await panel(page).getByRole('button', { name: 'Send nowhere' }).click();
    await expect(item(page, 'nowhere').getByRole('alert')).toContainText('No session is open and this message has no target');
    await panel(page).getByRole('button', { name: 'Send refused' }).click();
    await expect(item(page, 'refused').getByRole('alert')).toContainText('refused');

    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await expect(item(page, 'refused').getByRole('alert')).toContainText('보내지 못했습니다');
    await panel(page).getByRole('button', { name: 'nowhere 보내기' }).click();
    await expect(item(page, 'nowhere').getByRole('alert')).toContainText('열린 세션이 없고');
  } finally {
    await stopSeeded(app);
  }
});

test("through an open TCP server: to the composer's chosen client, or all; through UDP: to the composer's destination", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const sink = await startServer('udp_sink_server');
  const app = await seededApp([
    {
      name: 'Lab',
      messages: [
        { name: 'greeting', payload: { format: 'text', text: 'hello clients' } },
        { name: 'dgram', payload: { format: 'hex', text: '01 02' } },
      ],
    },
  ]);
  const clients: net.Socket[] = [];
  try {
    await page.goto(app.url);
    const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
    const got = ['', ''];
    for (const i of [0, 1]) {
      const socket = net.connect(port, '127.0.0.1');
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (got[i] += d));
      socket.on('error', () => undefined);
      clients.push(socket);
    }
    await expect(page.getByRole('region', { name: 'Connected clients' }).getByText('2 connected clients')).toBeVisible();
    await panel(page).getByRole('button', { name: 'Send greeting' }).click();
    await expect.poll(() => got).toEqual(['hello clients', 'hello clients']);
    await expect(panel(page).getByRole('status')).toHaveText('Sent "greeting": 13 bytes.');

    // One client chosen in the composer: only it gets the next one.
    await composer(page).getByRole('combobox', { name: 'Send to' }).selectOption({ index: 2 });
    await panel(page).getByRole('button', { name: 'Send greeting' }).click();
    await expect
      .poll(() => got.join('|'))
      .toMatch(/^hello clients\|hello clientshello clients$|^hello clientshello clients\|hello clients$/);

    await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
    await panel(page).getByRole('button', { name: 'Send dgram' }).click();
    await expect(item(page, 'dgram').getByRole('alert')).toContainText('no destination');
    await composer(page).getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
    await composer(page).getByRole('textbox', { name: 'Destination port' }).fill(String(sink.port));
    await panel(page).getByRole('button', { name: 'Send dgram' }).click();
    await expect.poll(() => sink.stdout(), { timeout: 5000 }).toContain('RECEIVED 0102');
  } finally {
    for (const c of clients) c.destroy();
    await stopSeeded(app);
  }
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
    test(`pictures: ${size.width}x${size.height} ${look.locale} ${look.colorScheme}`, async ({ browser }) => {
      const app = await seededApp([
        {
          name: 'Lab 1',
          messages: [
            {
              name: 'HELO',
              payload: { format: 'text', text: 'HELO socket-lab.example\r\n' },
              target: { protocol: 'tcp', host: '127.0.0.1', port: 2525 },
            },
            { name: 'Ping bytes', payload: { format: 'hex', text: '01 02 03 04 05 06 07 08 09 0A 0B 0C' } },
            { name: '한국어 인사말 메시지', payload: { format: 'text', text: '안녕하세요, 서버!' }, notes: 'ko' },
            { name: 'A rather long message name that does not fit', payload: { format: 'escaped', text: 'GET / HTTP/1.0\\r\\n\\r\\n' } },
          ],
        },
      ]);
      const context = await browser.newContext({ viewport: size, locale: look.locale, colorScheme: look.colorScheme });
      const page = await context.newPage();
      try {
        const upper = await startServer('tcp_upper_server');
        await page.goto(app.url);
        // The form starts as a TCP client to 127.0.0.1: only the port to give, in either language.
        await page.getByRole('textbox', { name: /^(Port|포트)$/ }).fill(String(upper.port));
        await page.getByRole('button', { name: /^(Connect|연결)$/ }).click();
        await expect(page.getByRole('button', { name: /^(Disconnect|연결 끊기)$/ })).toBeVisible();
        await panel(page)
          .getByRole('button', { name: /^(Send|보내기) HELO|HELO 보내기$/ })
          .click();
        // The entry's details show their own Save message.
        await page
          .getByRole('option')
          .filter({ hasText: /SOCKET-LAB\.EXAMPLE/ })
          .click();
        const tag = `${size.width}x${size.height}-${look.locale.slice(0, 2)}-${look.colorScheme}`;
        await page.screenshot({ path: shot(`saved-${tag}`) });
        await panel(page)
          .getByRole('button', { name: /^(Edit Ping bytes|Ping bytes 편집)$/ })
          .click();
        await expect(dialog(page)).toBeVisible();
        await page.screenshot({ path: shot(`saved-${tag}-editor`) });
      } finally {
        await context.close();
        await stopSeeded(app);
      }
    });
