// The lab's sequence diagram against real sockets: a TCP server in the window answering the seed client
// (listen, accept, recv, the handshake inferred), a connect to a closed port (refused), a UDP socket losing
// every datagram it sends (the cross), stepping, and the SVG and PNG exports; pictures in both languages
// and themes, and the README's picture (docs/sequence-diagram.png) when UPDATE_DOCS=1.
import { copyFileSync, readFileSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import type { Result, SessionInfo } from '../../src/shared/contract';
import { decodeServerMessage, encodeRequest } from '../../src/shared/wire';
import { runClient, stopPeers } from '../peers/spawn-peer';
import { expect, test, type WebApp } from './web-app';
import { expectNoSeriousAxe, logRow, messageLog, openSession, send } from './window';

test.afterEach(async () => {
  await stopPeers();
});

const shot = (name: string): string => path.join('test-results', 'screenshots', `sequence-diagram-${name}.png`);
const diagram = (page: Page, name = 'Sequence diagram') => page.getByRole('region', { name });

async function openLab(page: Page, name = 'Lab'): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.locator('#lab-pane')).toBeVisible();
}

/** One command to the engine over the page's bridge (as the page itself, by its origin): what a lab tool would set. */
async function engineCall<T>(app: WebApp, command: string, payload: unknown): Promise<Result<T>> {
  const url = new URL(app.url);
  const ws = new WebSocket(`ws://${url.host}/bridge?token=${url.searchParams.get('token') ?? ''}`, { origin: `http://${url.host}` });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const answer = new Promise<Result<T>>((resolve) =>
      ws.on('message', (data: Buffer) => {
        const message = decodeServerMessage(data.toString());
        if (message?.kind === 'response' && message.id === 1) resolve(message.result as Result<T>);
      }),
    );
    ws.send(encodeRequest(1, command, payload));
    return await answer;
  } finally {
    ws.close();
  }
}

/** A port on 127.0.0.1 where nothing listens (taken from the system, then let go). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A TCP echo server in the window and the seed line client: "ping" and "pong" echoed, then closed. */
async function echoExchange(page: Page): Promise<number> {
  const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0, autoReply: { mode: 'echo' } });
  const run = await runClient('tcp_line_client', ['--timeout', '5', '127.0.0.1', String(port), 'ping', 'pong']);
  expect(run.lines).toEqual(['REPLY ping', 'REPLY pong']);
  return port;
}

test('a TCP server answering the seed client: listen, accept, recv and the inferred handshake; stepping; SVG and PNG', async ({
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await openLab(page);
  await expect(diagram(page)).toContainText('Open or select a session');
  const port = await echoExchange(page);
  const region = diagram(page);
  for (const text of ['listen()', 'accept()', 'recv()', 'sendall()', 'close()', 'SYN-ACK', 'inferred, not captured']) {
    await expect(region).toContainText(text);
  }
  await expect(region).toContainText(`listening socket 127.0.0.1:${port}`);
  // The handshake is dashed (inferred); the data arrows are solid.
  const handshake = region.getByRole('listitem', { name: /SYN-ACK/ }).first();
  await expect(handshake.locator('line[stroke-dasharray]')).toHaveCount(1);
  await expect(
    region
      .getByRole('listitem', { name: /recv\(\) 4 bytes/ })
      .first()
      .locator('line[stroke-dasharray]'),
  ).toHaveCount(0);
  // The peer's FIN comes last: recv() of nothing, then our close().
  await expect(region.getByRole('listitem', { name: /FIN received/ })).toHaveCount(1);

  const status = region.getByTestId('diagram-step');
  await expect(status).toHaveText(/^Step (\d+) of \1: close\(\)$/);
  const count = Number(/of (\d+)/.exec((await status.textContent()) ?? '')![1]);
  await region.getByRole('button', { name: 'Step back' }).click();
  await expect(status).toHaveText(new RegExp(`^Step ${count - 1} of ${count}: `));
  await expect(region.getByRole('button', { name: 'Live' })).toHaveAttribute('aria-pressed', 'false');
  await region.getByRole('button', { name: 'Step back' }).click();
  await region.getByRole('button', { name: 'Step forward' }).click();
  await expect(status).toHaveText(new RegExp(`^Step ${count - 1} of ${count}: `));
  await region.getByRole('button', { name: 'Live' }).click();
  await expect(status).toHaveText(new RegExp(`^Step ${count} of ${count}: `));
  // Only the steps on screen are drawn: Home goes to the first (socket(), bind()), End back to live.
  await region.getByRole('group', { name: 'Steps' }).press('Home');
  await expect(status).toHaveText(new RegExp(`^Step 1 of ${count}: socket\\(\\)$`));
  await expect(region).toContainText('bind() 127.0.0.1');
  // A step picked is its row picked in the log beside: socket() and bind() come from the "Listening on" row.
  const picked = messageLog(page).getByRole('listbox', { name: 'Log entries' }).getByRole('option', { selected: true });
  await expect(picked).toHaveCount(1);
  await expect(picked).toContainText(`Listening on 127.0.0.1:${port}`);
  await region.getByRole('group', { name: 'Steps' }).press('ArrowDown');
  await region.getByRole('group', { name: 'Steps' }).press('ArrowDown');
  await expect(status).toHaveText(new RegExp(`^Step 3 of ${count}: listen\\(\\)`));
  await expect(picked).toContainText(`Listening on 127.0.0.1:${port}`);
  for (let i = 0; i < 20 && !/recv\(\) 4 bytes/.test((await status.textContent()) ?? ''); i++)
    await region.getByRole('group', { name: 'Steps' }).press('ArrowDown');
  await expect(picked).toContainText('ping');
  await expect(picked).toHaveAttribute('aria-label', /^\d\d:\d\d:\d\d\.\d{3} in\b/);
  // ...and a row picked in the log is its step in the diagram.
  await logRow(page, 'out', /pong/).click();
  await expect(status).toHaveText(new RegExp(`^Step \\d+ of ${count}: sendall\\(\\) 4 bytes$`));
  const pongStep = Number(/^Step (\d+)/.exec((await status.textContent()) ?? '')![1]);
  await logRow(page, 'in', /ping/).click();
  await expect(status).toHaveText(new RegExp(`^Step \\d+ of ${count}: recv\\(\\) 4 bytes$`));
  expect(Number(/^Step (\d+)/.exec((await status.textContent()) ?? '')![1])).toBeLessThan(pongStep);
  await expect(region.getByRole('button', { name: 'Live' })).toHaveAttribute('aria-pressed', 'false');
  // Each step links to the glossary entry that explains it (the Glossary tab words it).
  await region.getByRole('button', { name: 'Explain' }).click();
  await expect(page.getByRole('tab', { name: 'Glossary' })).toHaveAttribute('aria-selected', 'true');
  await region.getByRole('group', { name: 'Steps' }).press('End');
  await expect(status).toHaveText(new RegExp(`^Step ${count} of ${count}: `));

  const svgDownload = page.waitForEvent('download');
  await region.getByRole('button', { name: 'Export SVG' }).click();
  const svgFile = await svgDownload;
  expect(svgFile.suggestedFilename()).toBe(`tcp-server-127.0.0.1-${port}.sequence.svg`);
  const svg = readFileSync(await svgFile.path(), 'utf8');
  expect(svg.startsWith('<?xml')).toBe(true);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      errors: doc.getElementsByTagName('parsererror').length,
      root: doc.documentElement.nodeName,
      text: doc.documentElement.textContent,
    };
  }, svg);
  expect(parsed.errors).toBe(0);
  expect(parsed.root).toBe('svg');
  for (const text of ['listen()', 'accept()', 'recv()', 'inferred, not captured']) expect(parsed.text).toContain(text);
  expect(svg).toContain('NanumGothic'); // a font with Hangul named inline

  const pngDownload = page.waitForEvent('download');
  await region.getByRole('button', { name: 'Export PNG' }).click();
  const pngFile = await pngDownload;
  expect(pngFile.suggestedFilename()).toBe(`tcp-server-127.0.0.1-${port}.sequence.png`);
  await pngFile.saveAs(shot('exported'));
  const png = readFileSync(await pngFile.path());
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  // Drawn at twice the diagram's size: as wide as the lab at least, as tall as its steps.
  expect(width).toBeGreaterThanOrEqual(880);
  expect(width).toBeLessThan(4000);
  expect(height).toBeGreaterThan(count * 30 * 2);
  expect(height).toBeLessThan(20_000);

  await page.screenshot({ path: shot('en-light') });
  if (process.env.UPDATE_DOCS === '1') {
    // Tall enough for the whole exchange, from socket() to close().
    await page.setViewportSize({ width: 1280, height: 1180 });
    await expect(region.getByRole('listitem', { name: /socket\(\)/ })).toBeInViewport();
    await region.screenshot({ path: shot('docs') });
    copyFileSync(shot('docs'), path.join('docs', 'sequence-diagram.png'));
  }
});

test('Korean, dark: the course terms with the API names, inferred packets marked', async ({ browser, app }) => {
  const context = await browser.newContext({ locale: 'ko-KR', colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(app.url);
    await page.getByRole('button', { name: '실습', exact: true }).click();
    const region = diagram(page, '시퀀스 다이어그램');
    await expect(region).toContainText('점선');
    await page.screenshot({ path: shot('ko-dark-empty') });
    await page.getByRole('button', { name: '새로 만들기', exact: true }).click();
    await page.getByRole('combobox', { name: '프로토콜' }).selectOption('tcp-server');
    await page.getByRole('textbox', { name: '호스트', exact: true }).fill('127.0.0.1');
    await page.getByRole('textbox', { name: '포트', exact: true }).fill('0');
    await page.getByRole('button', { name: '대기 시작', exact: true }).click();
    await expect(region).toContainText('연결 대기(listen)');
    const port = Number(await page.getByRole('textbox', { name: '포트', exact: true }).inputValue());
    // A client that says hello and finishes sending at once (its FIN).
    const client = net.connect(port, '127.0.0.1', () => client.end('Hello, Server!'));
    client.on('error', () => undefined);
    await expect(region).toContainText('FIN 받음');
    for (const text of ['소켓 생성(socket)', '연결 수락(accept)', '수신(recv)', '추론, 캡처 아님'])
      await expect(region).toContainText(text);
    await expect(region.getByRole('button', { name: '이전 단계' })).toBeVisible();
    await expect(region.getByRole('button', { name: 'SVG 내보내기' })).toBeVisible();
    await page.screenshot({ path: shot('ko-dark') });
  } finally {
    await context.close();
  }
});

test('a connect to a closed port is drawn refused: the SYN answered by RST', async ({ browser, app }) => {
  const context = await browser.newContext({ locale: 'ko-KR', colorScheme: 'light', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    const port = await closedPort();
    await page.goto(app.url);
    await page.getByRole('button', { name: '실습', exact: true }).click();
    await page.getByRole('combobox', { name: '프로토콜' }).selectOption('tcp-client');
    await page.getByRole('textbox', { name: '호스트', exact: true }).fill('127.0.0.1');
    await page.getByRole('textbox', { name: '포트', exact: true }).fill(String(port));
    await page.getByRole('button', { name: '연결', exact: true }).click();
    const region = diagram(page, '시퀀스 다이어그램');
    await expect(region).toContainText('거부됨(ECONNREFUSED)');
    await expect(region.getByRole('listitem', { name: /RST/ })).toHaveCount(1);
    await expect(region).toContainText('추론, 캡처 아님');
    await page.screenshot({ path: shot('ko-light-refused') });
  } finally {
    await context.close();
  }
});

test('a UDP socket losing every datagram it sends draws a cross; duplicates, delays and reorderings drawn too', async ({
  browser,
  app,
}) => {
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const peer = dgram.createSocket('udp4');
  try {
    await page.goto(app.url);
    await openLab(page);
    const port = await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
    const sessions = await engineCall<SessionInfo[]>(app, 'listSessions', {});
    if (!sessions.ok) throw new Error(sessions.error.message);
    const session = sessions.value.find((s) => s.local?.port === port)!;
    const impaired = await engineCall(app, 'setImpair', { sessionId: session.id, impair: 'out:loss=100%' });
    expect(impaired.ok).toBe(true);
    await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
    peer.send('hello from the peer', port, '127.0.0.1');
    const region = diagram(page);
    await expect(region).toContainText('recvfrom() 19 bytes');
    await send(page, 'never arrives');
    await expect(region).toContainText('lost (simulated)');
    await expect(region).toContainText('simulated by Socket Lab');
    const lost = region.getByRole('listitem', { name: /sendto\(\) 13 bytes · lost \(simulated\)/ });
    await expect(lost).toHaveCount(1);
    // The cross: two short strokes where the arrow stops, and no arrowhead.
    await expect(lost.locator('[data-cross] line')).toHaveCount(2);
    await expect(lost.locator('polygon')).toHaveCount(0);

    // The peer's datagrams doubled, then delayed, then some held back and overtaken (the seed decides which).
    const impair = async (spec: string): Promise<void> => {
      expect((await engineCall(app, 'setImpair', { sessionId: session.id, impair: spec })).ok).toBe(true);
    };
    await impair('in:dup=100%');
    peer.send('twice', port, '127.0.0.1');
    await expect(region.getByRole('listitem', { name: /recvfrom\(\) 5 bytes · duplicate \(simulated\)/ })).toHaveCount(1);
    await impair('in:delay=300');
    peer.send('late', port, '127.0.0.1');
    await expect(region.getByRole('listitem', { name: /delayed 300 ms \(simulated\)/ })).toHaveCount(1);
    await impair('in:reorder=50%,seed=3');
    for (const text of ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']) peer.send(text, port, '127.0.0.1');
    await expect(region.getByRole('listitem', { name: /reordered \(simulated\)/ }).first()).toBeVisible();
    await expect(region).toContainText('simulated by Socket Lab');
    await page.screenshot({ path: shot('en-dark-udp-simulated') });
  } finally {
    peer.close();
    await context.close();
  }
});

test('axe finds nothing serious in the diagram, light and dark', async ({ page, app }) => {
  await page.goto(app.url);
  await openLab(page);
  await echoExchange(page);
  await expect(diagram(page)).toContainText('close()');
  await diagram(page).getByRole('button', { name: 'Step back' }).click();
  await expectNoSeriousAxe(page, '#lab-pane');
});

test('when the log drops its oldest rows (its memory budget), the diagram says how many earlier steps it no longer holds', async ({
  page,
  app,
}) => {
  await page.goto(app.url);
  await openLab(page);
  expect((await engineCall(app, 'setLogBudget', { mib: 16 })).ok).toBe(true);
  const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
  const region = diagram(page);
  await expect(region).toContainText('listen()');
  // 24 MiB through one connection: more than the log may hold, so its first rows (listen, accept) go.
  const client = net.connect(port, '127.0.0.1', () => client.end(Buffer.alloc(24 * 1024 * 1024, 0x61)));
  client.on('error', () => undefined);
  await expect(region).toContainText(/\d+ earlier steps? no longer held/, { timeout: 20_000 });
  await expect(region.getByRole('listitem', { name: /FIN received/ })).toHaveCount(1, { timeout: 20_000 });
  await page.screenshot({ path: shot('en-light-dropped') });
});
