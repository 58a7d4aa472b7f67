// The window as the server: each auto-reply rule on TCP and UDP, answered to the seed clients;
// and a TCP server with three clients (send to one, to all, disconnect one).
import net from 'node:net';
import { expect, test } from './web-app';
import { runClient, stopPeers } from '../peers/spawn-peer';
import { logRow, openSession, send } from './window';

test.afterEach(async () => {
  await stopPeers();
});

/**
 * How long a seed client waits for each reply. It prints a reply the moment it comes, so a rule that
 * answers is given a loaded machine's time (a reply later than the wait would read as NO REPLY, and
 * on TCP as the answer to the next line); a rule that never answers only needs to be seen silent.
 */
const replyWait = (expected: string[]): string => (expected.every((line) => line === 'NO REPLY') ? '0.7' : '5');

const tcpRules = [
  { rule: { mode: 'echo' as const }, expected: ['REPLY ping', 'REPLY pong'] },
  { rule: { mode: 'upper' as const }, expected: ['REPLY PING', 'REPLY PONG'] },
  { rule: { mode: 'prefix' as const, text: 'ACK : ' }, expected: ['REPLY ACK : ping', 'REPLY ACK : pong'] },
  { rule: { mode: 'none' as const }, expected: ['NO REPLY', 'NO REPLY'] },
];

for (const { rule, expected } of tcpRules) {
  test(`TCP server with auto-reply "${rule.mode}" answers the seed line client`, async ({ page, app }) => {
    await page.goto(app.url);
    const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0, autoReply: rule });
    const run = await runClient('tcp_line_client', ['--timeout', replyWait(expected), '127.0.0.1', String(port), 'ping', 'pong']);
    expect(run.lines).toEqual(expected);
    await expect(logRow(page, 'in', 'ping')).toBeVisible();
    await expect(logRow(page, 'event', /Accepted 127\.0\.0\.1:\d+ \(c1\)/)).toBeVisible();
  });
}

test('TCP server "fixed: Hello, Client!" + close after reply is the seed 002 server', async ({ page, app }) => {
  await page.goto(app.url);
  const port = await openSession(page, 'tcp-server', {
    host: '127.0.0.1',
    port: 0,
    autoReply: { mode: 'fixed', text: 'Hello, Client!', closeAfterReply: true },
  });
  const run = await runClient('tcp_hello_client', ['127.0.0.1', String(port)]);
  expect(run.lines).toEqual(['REPLY Hello, Client!']);
  await expect(logRow(page, 'in', 'Hello, Server!')).toBeVisible();
  await expect(logRow(page, 'out', 'Hello, Client!')).toBeVisible();
  await expect(logRow(page, 'event', 'Closed by us')).toBeVisible();
  // The server keeps listening for the next client.
  const again = await runClient('tcp_hello_client', ['127.0.0.1', String(port)]);
  expect(again.lines).toEqual(['REPLY Hello, Client!']);
});

const udpRules = [
  { rule: { mode: 'echo' as const }, expected: ['REPLY hi there'] },
  { rule: { mode: 'upper' as const }, expected: ['REPLY HI THERE'] },
  { rule: { mode: 'prefix' as const, text: 'ACK : ' }, expected: ['REPLY ACK : hi there'] },
  { rule: { mode: 'fixed' as const, text: 'Hello, UDP Client!' }, expected: ['REPLY Hello, UDP Client!'] },
  { rule: { mode: 'none' as const }, expected: ['NO REPLY'] },
];

for (const { rule, expected } of udpRules) {
  test(`UDP socket with auto-reply "${rule.mode}" answers the seed UDP client`, async ({ page, app }) => {
    await page.goto(app.url);
    const port = await openSession(page, 'udp', { host: '127.0.0.1', port: 0, autoReply: rule });
    const run = await runClient('udp_client', ['--timeout', replyWait(expected), '127.0.0.1', String(port), 'hi there']);
    expect(run.lines).toEqual(expected);
    await expect(logRow(page, 'in', 'hi there')).toBeVisible();
  });
}

test('UDP socket replies by hand to the last peer (empty destination)', async ({ page, app }) => {
  await page.goto(app.url);
  const port = await openSession(page, 'udp', { host: '::1', port: 0 });
  const dgram = await import('node:dgram');
  const peer = dgram.createSocket('udp6');
  await new Promise<void>((r) => peer.bind(0, '::1', () => r()));
  const got = new Promise<string>((resolve) => peer.once('message', (m) => resolve(m.toString())));
  peer.send('who is there?', port, '::1');
  await expect(logRow(page, 'in', 'who is there?')).toBeVisible();
  await expect(page.getByText(`Empty: reply to [::1]:${peer.address().port}`)).toBeVisible();
  await send(page, 'me!');
  expect(await got).toBe('me!');
  peer.close();
});

/** A raw loopback client that records what it receives. */
async function rawClient(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  let received = '';
  socket.on('data', (d) => (received += d.toString()));
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  return { socket, received: () => received, closed: () => closed, localPort: socket.localPort! };
}

test('TCP server with three clients: send to one, send to all, disconnect one', async ({ page, app }) => {
  await page.goto(app.url);
  const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0 });
  const clients = [await rawClient(port), await rawClient(port), await rawClient(port)];
  const clientList = page.getByRole('region', { name: 'Connected clients' });
  await expect(clientList.getByText('3 connected clients')).toBeVisible();
  for (const c of clients) await expect(clientList).toContainText(`127.0.0.1:${c.localPort}`);

  // To the second client only.
  await page.getByRole('combobox', { name: 'Send to' }).selectOption({ label: `127.0.0.1:${clients[1]!.localPort} (c2)` });
  await send(page, 'just you');
  await expect.poll(() => clients[1]!.received()).toBe('just you');
  expect(clients[0]!.received()).toBe('');
  expect(clients[2]!.received()).toBe('');

  // To everyone.
  await page.getByRole('combobox', { name: 'Send to' }).selectOption({ label: 'All clients (3)' });
  await send(page, '|everyone');
  for (const c of clients) await expect.poll(() => c.received()).toContain('|everyone');

  // Picking a client in the list makes it the destination.
  await clientList.getByRole('radio', { name: `Send to 127.0.0.1:${clients[0]!.localPort}` }).check();
  await expect(page.getByRole('combobox', { name: 'Send to' })).toHaveValue('c1');
  await send(page, '|first only');
  await expect.poll(() => clients[0]!.received()).toContain('|first only');
  expect(clients[1]!.received()).not.toContain('|first only');

  // Drop the third; the others stay.
  await clientList.getByRole('button', { name: `Disconnect 127.0.0.1:${clients[2]!.localPort}` }).click();
  await expect.poll(() => clients[2]!.closed()).toBe(true);
  await expect(clientList.getByText('2 connected clients')).toBeVisible();
  expect(clients[0]!.closed()).toBe(false);

  // A client's message shows with its peer address.
  clients[0]!.socket.write('from the first');
  await expect(logRow(page, 'in', `127.0.0.1:${clients[0]!.localPort}`).filter({ hasText: 'from the first' })).toBeVisible();
  for (const c of clients) c.socket.destroy();
});
