// What a person does in the window, as steps the specs share: fill the form, send, read the log.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import dgram from 'node:dgram';
import net from 'node:net';

export type Protocol = 'tcp-client' | 'tcp-server' | 'udp';
const openButton: Record<Protocol, string> = { 'tcp-client': 'Connect', 'tcp-server': 'Listen', udp: 'Open' };
const closeButton: Record<Protocol, string> = { 'tcp-client': 'Disconnect', 'tcp-server': 'Stop', udp: 'Close' };

export interface OpenOptions {
  host?: string;
  port: number | string;
  autoReply?: { mode: 'none' | 'echo' | 'upper' | 'prefix' | 'fixed'; text?: string; closeAfterReply?: boolean };
}

/** Fills the connection form and opens the session; returns the real port shown afterwards. */
export async function openSession(page: Page, protocol: Protocol, options: OpenOptions): Promise<number> {
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.getByRole('combobox', { name: 'Protocol' }).selectOption(protocol);
  if (options.host !== undefined) await page.getByRole('textbox', { name: 'Host', exact: true }).fill(options.host);
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(options.port));
  if (options.autoReply) {
    await page.getByText('Advanced options').click();
    await page.getByRole('combobox', { name: 'Auto-reply' }).selectOption(options.autoReply.mode);
    if (options.autoReply.text !== undefined) await page.getByRole('textbox', { name: 'Reply text' }).fill(options.autoReply.text);
    if (options.autoReply.closeAfterReply) await page.getByRole('checkbox', { name: 'Close the connection after replying' }).check();
  }
  await page.getByRole('button', { name: openButton[protocol], exact: true }).click();
  await expect(page.getByRole('button', { name: closeButton[protocol], exact: true })).toBeVisible();
  return Number(await page.getByRole('textbox', { name: 'Port', exact: true }).inputValue());
}

export async function send(page: Page, message: string, format: 'Text' | 'Hex' | 'Escaped' = 'Text'): Promise<void> {
  await page.getByRole('combobox', { name: 'Format' }).selectOption({ label: format });
  await page.getByRole('textbox', { name: 'Message' }).fill(message);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('');
}

export const messageLog = (page: Page) => page.getByRole('region', { name: 'Message log' });

/** The log rows whose name says `direction` after the time ("14:02:03.123 in …") and whose text contains `text`. */
export const logRow = (page: Page, direction: 'in' | 'out' | 'event' | 'error', text: string | RegExp) =>
  messageLog(page)
    .getByRole('option', { name: new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ${direction}\\b`) })
    .filter({ hasText: text });

/** A small TCP server on 127.0.0.1 (any free port) for the window to talk to. */
export async function loopbackServer(onConnection: (socket: net.Socket) => void): Promise<{ port: number; close: () => void }> {
  const server = net.createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

export const echo = (socket: net.Socket): void => void socket.on('data', (d) => socket.write(d));

/** The TCP server the README shows: "ACK : " replies, two raw loopback clients (one text, one
 * binary) that have each sent something, and a message from the window to all. */
export async function serverWithTwoClients(page: Page): Promise<net.Socket[]> {
  const port = await openSession(page, 'tcp-server', { host: '127.0.0.1', port: 0, autoReply: { mode: 'prefix', text: 'ACK : ' } });
  const clients = await Promise.all(
    [0, 1].map(
      () =>
        new Promise<net.Socket>((resolve) => {
          const s = net.connect(port, '127.0.0.1', () => resolve(s));
          s.on('data', () => undefined);
          s.on('error', () => undefined);
        }),
    ),
  );
  clients[0]!.write('hello from client one\r\n');
  clients[1]!.write(Buffer.from([0x01, 0x02, 0x7f, 0xff, 0x41]));
  await expect(logRow(page, 'out', 'ACK : hello from client one')).toBeVisible();
  await send(page, 'Welcome, everyone!');
  return clients;
}

/** Ping-pong over UDP with an echoing session: 1 + 2 x total entries, none dropped whatever the speed. */
export async function pingPong(port: number, total: number): Promise<number> {
  const sender = dgram.createSocket('udp4');
  await new Promise<void>((r) => sender.bind(0, '127.0.0.1', () => r()));
  let waiting: (() => void) | null = null;
  sender.on('message', () => waiting?.());
  for (let i = 0; i < total; i++) {
    const echoed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no echo for datagram ${i} within 5 s`)), 5000);
      waiting = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    sender.send(`msg-${String(i).padStart(5, '0')};`, port, '127.0.0.1');
    await echoed;
  }
  const senderPort = sender.address().port;
  sender.close();
  return senderPort;
}

/**
 * axe on one part of the window (a CSS selector), light and dark: no serious or critical finding, each one
 * spelled out with the elements it concerns. The page is left in the light theme.
 */
export async function expectNoSeriousAxe(page: Page, selector: string): Promise<void> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
    for (const v of violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push(`[${colorScheme}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.html}\n  ${n.failureSummary ?? ''}`).join('\n')}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(found, found.join('\n\n')).toEqual([]);
}
