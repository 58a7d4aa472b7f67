// Small node:net / node:dgram peers whose every move a test writes out (reply now, later, twice, close), on loopback port 0.
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach } from 'vitest';

const open: { close(): void }[] = [];

/** Closes every peer the test started (call once per test file). */
export function usePeers(): void {
  afterEach(() => {
    for (const peer of open.splice(0)) peer.close();
  });
}

export interface TcpPeer {
  port: number;
  /** Every byte each connection received, in order. */
  received: Buffer[];
}

/** A TCP server that runs `onConnection` for each client (errors from clients that go away are ignored). */
export async function tcpPeer(onConnection: (socket: net.Socket) => void, host = '127.0.0.1'): Promise<TcpPeer> {
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (d) => received.push(d));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen({ host, port: 0 }, resolve));
  open.push({
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  });
  return { port: (server.address() as net.AddressInfo).port, received };
}

/** Runs `step` after `ms`, unless the socket is gone by then. */
export function later(socket: net.Socket, ms: number, step: () => void): void {
  const timer = setTimeout(() => {
    if (!socket.destroyed) step();
  }, ms);
  socket.once('close', () => clearTimeout(timer));
}

/** A UDP socket on 127.0.0.1 that sends `count` datagrams of `text` to `port`, and closes. */
export async function sendDatagrams(port: number, text: string, count: number): Promise<void> {
  const socket = dgram.createSocket('udp4');
  try {
    for (let i = 0; i < count; i++)
      await new Promise<void>((resolve, reject) => socket.send(text, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  } finally {
    socket.close();
  }
}

/** A TCP client that sends each message once the previous one's reply came (so each is one read chunk), then closes. */
export async function talk(port: number, messages: string[], host = '127.0.0.1'): Promise<string[]> {
  const socket = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const replies: string[] = [];
  for (const message of messages) {
    const reply = new Promise<string>((resolve) => socket.once('data', (d) => resolve(d.toString())));
    socket.write(message);
    replies.push(await reply);
  }
  await new Promise<void>((resolve) => socket.end(resolve));
  socket.destroy();
  return replies;
}
