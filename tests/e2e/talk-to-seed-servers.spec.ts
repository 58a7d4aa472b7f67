// The window as a client of each seed-style server (tests/peers): connect, send, see the reply.
import { expect, test } from './web-app';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { logRow, openSession, send } from './window';

test.afterEach(async () => {
  await stopPeers();
});

test('TCP client gets "ACK : " replies from the seed 000 server', async ({ page, app }) => {
  const server = await startServer('tcp_ack_server');
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '127.0.0.1', port: server.port });
  await expect(logRow(page, 'event', `Connected to 127.0.0.1:${server.port}`)).toBeVisible();
  await send(page, 'hello');
  await expect(logRow(page, 'out', 'hello')).toBeVisible();
  await expect(logRow(page, 'in', 'ACK : hello')).toBeVisible();
  await send(page, 'second');
  await expect(logRow(page, 'in', 'ACK : second')).toBeVisible();
});

test('TCP client over IPv6 gets upper-case replies from the seed 001 server', async ({ page, app }) => {
  const server = await startServer('tcp_upper_server', '::1');
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: '::1', port: server.port });
  await send(page, 'make me loud');
  await expect(logRow(page, 'in', 'MAKE ME LOUD')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Sessions' })).toContainText(`[::1]:${server.port}`);
});

test('TCP client sees "Hello, Client!" and then the server closing (seeds 002/004)', async ({ page, app }) => {
  const server = await startServer('tcp_hello_server');
  await page.goto(app.url);
  await openSession(page, 'tcp-client', { host: 'localhost', port: server.port });
  await send(page, 'Hello, Server!');
  await expect(logRow(page, 'in', 'Hello, Client!')).toBeVisible();
  await expect(logRow(page, 'event', 'closed the connection')).toBeVisible();
  // Closed by the peer: the form offers Connect again and the sidebar says closed.
  await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Sessions' })).toContainText('closed');
});

test('UDP socket gets upper-case datagrams back from the seed 001 UDP server', async ({ page, app }) => {
  const server = await startServer('udp_upper_server');
  await page.goto(app.url);
  await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  await page.getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Destination port' }).fill(String(server.port));
  await send(page, 'datagram one');
  await expect(logRow(page, 'in', 'DATAGRAM ONE')).toBeVisible();
  await expect(logRow(page, 'in', `127.0.0.1:${server.port}`)).toBeVisible();
});

test('UDP socket gets "Hello, UDP Client!" from the seed 004 UDP server', async ({ page, app }) => {
  const server = await startServer('udp_hello_server');
  await page.goto(app.url);
  await openSession(page, 'udp', { host: '127.0.0.1', port: 0 });
  await page.getByRole('textbox', { name: 'Destination host' }).fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Destination port' }).fill(String(server.port));
  await send(page, 'Hello, UDP Server!');
  await expect(logRow(page, 'in', 'Hello, UDP Client!')).toBeVisible();
});
