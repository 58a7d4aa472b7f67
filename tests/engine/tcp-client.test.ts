// TCP client sessions against the seed-style Python servers, and the ways a connect can fail.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { EngineError } from '../../src/main/engine/errors';
import { formatHostPort } from '../../src/shared/address';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { bytesOf, freePort, isDataIn, isType, loopbacks, record, sleep, type Recorder } from './helpers';

let engine: Engine;
let rec: Recorder;
const cleanups: (() => void)[] = [];

beforeEach(() => {
  engine = new Engine();
  rec = record(engine);
});

afterEach(async () => {
  await engine.closeAll();
  for (const c of cleanups.splice(0)) c();
  await stopPeers();
});

const connect = (host: string, port: number, connectTimeoutMs = 5000) => engine.open({ kind: 'tcp-client', host, port, connectTimeoutMs });

describe.each(loopbacks)('TCP client to the Python servers on %s', (host) => {
  it('gets "ACK : " + message from the seed 000 server, message after message', async () => {
    const server = await startServer('tcp_ack_server', host);
    const session = await connect(host, server.port);
    expect(session.state).toBe('connected');
    expect(session.local?.host).toBe(host);
    expect(session.connections).toHaveLength(1);
    const opened = await rec.waitFor(isType('opened', session.id));
    expect(opened.peer).toEqual({ host, port: server.port });

    await engine.send(session.id, bytesOf('hello'));
    await rec.waitFor(isDataIn(session.id, 'ACK : hello'));
    await engine.send(session.id, bytesOf('안녕'));
    await rec.waitFor(isDataIn(session.id, 'ACK : 안녕'));

    const info = engine.info(session.id);
    expect(info.counters).toEqual({
      bytesOut: 5 + 6,
      messagesOut: 2,
      bytesIn: 'ACK : hello'.length + 'ACK : '.length + 6,
      messagesIn: 2,
      bytesQueued: 0,
    });
    // the log has them in order: out before its answer
    const dataRows = engine.rows(session.id, 0, 100).rows.filter((r) => r.type === 'data');
    expect(dataRows.map((r) => (r.type === 'data' ? r.direction : ''))).toEqual(['out', 'in', 'out', 'in']);

    const closed = await engine.close(session.id);
    expect(closed.state).toBe('closed');
    const closedEvent = await rec.waitFor(isType('closed', session.id));
    expect(closedEvent.reason).toBe('local');
    expect(server.stderr()).toContain('received : hello');
  });

  it('gets upper case from the seed 001 server', async () => {
    const server = await startServer('tcp_upper_server', host);
    const session = await connect(host, server.port);
    await engine.send(session.id, bytesOf('hello, server'));
    await rec.waitFor(isDataIn(session.id, 'HELLO, SERVER'));
  });

  it('sees the seed 002 server answer "Hello, Client!" and close: closed by the peer', async () => {
    const server = await startServer('tcp_hello_server', host);
    const session = await connect(host, server.port);
    await engine.send(session.id, bytesOf('Hello, Server!'));
    await rec.waitFor(isDataIn(session.id, 'Hello, Client!'));
    const half = await rec.waitFor(isType('half-closed', session.id));
    expect(half.by).toBe('peer');
    const closed = await rec.waitFor(isType('closed', session.id));
    expect(closed.reason).toBe('peer');
    expect(engine.info(session.id).state).toBe('closed');
    expect(engine.info(session.id).connections).toHaveLength(0);
    // the order a person reads in the log
    const types = rec.events.filter((e) => e.sessionId === session.id).map((e) => e.type);
    expect(types).toEqual(['opened', 'data', 'data', 'half-closed', 'closed']);
    await expect(engine.send(session.id, bytesOf('again'))).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('says nothing is listening when the connection is refused', async () => {
    const port = await freePort(host);
    const error = await connect(host, port).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({
      code: 'ECONNREFUSED',
      field: 'port',
      message: `Nothing is listening on ${formatHostPort(host, port)} (connection refused).`,
    });
    expect(engine.list()).toHaveLength(0); // a failed open keeps nothing
  });
});

it('says "Nothing is listening on 127.0.0.1:PORT"', async () => {
  const port = await freePort();
  await expect(connect('127.0.0.1', port)).rejects.toThrow(`Nothing is listening on 127.0.0.1:${port} (connection refused).`);
});

describe.each(loopbacks)('connect timeout on %s', (host) => {
  it('gives up after connectTimeoutMs when the server never answers', async (ctx) => {
    // A server with a full accept queue (backlog 0, never accepts) drops new SYNs on Linux,
    // so a connect hangs until our timer fires: a deterministic timeout on loopback.
    const server = await startServer('tcp_never_accept_server', host);
    let hanging = false;
    for (let i = 0; i < 8 && !hanging; i++) {
      const filler = net.connect({ host, port: server.port });
      filler.on('error', () => undefined);
      cleanups.push(() => filler.destroy());
      hanging = await new Promise<boolean>((resolve) => {
        filler.once('connect', () => resolve(false));
        filler.once('error', () => resolve(false));
        setTimeout(() => resolve(true), 300);
      });
    }
    if (!hanging) ctx.skip(`this system answers every connect at once (no full-backlog drop), so no timeout can be reached`);

    const started = Date.now();
    const error = await connect(host, server.port, 300).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({
      code: 'ETIMEDOUT',
      field: 'host',
      message: `No answer from ${formatHostPort(host, server.port)} within 300 ms (connect timeout).`,
    });
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(3000);
    expect(engine.list()).toHaveLength(0);
  });
});

describe('half-close', () => {
  it('client half-close: sends FIN, still reads the answer that follows', async () => {
    // The classic use: "I am done sending" (shutdown(SHUT_WR)), then the server answers and closes.
    let received = '';
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      socket.on('data', (d: Buffer) => (received += d.toString()));
      socket.on('end', () => socket.end(`got ${received.length} bytes`));
    });
    await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, r));
    cleanups.push(() => server.close());
    const { port } = server.address() as net.AddressInfo;

    const session = await connect('127.0.0.1', port);
    await engine.send(session.id, bytesOf('12345'));
    engine.halfClose(session.id);
    // nothing can be sent after our FIN, and the refused bytes are not logged as sent
    await expect(engine.send(session.id, bytesOf('late'))).rejects.toMatchObject({ code: 'CLOSED' });
    const half = await rec.waitFor(isType('half-closed', session.id));
    expect(half.by).toBe('local');
    expect(engine.info(session.id).connections[0]?.state).toBe('half-closed');
    await rec.waitFor(isDataIn(session.id, 'got 5 bytes'));
    const closed = await rec.waitFor(isType('closed', session.id));
    expect(closed.reason).toBe('peer');
    expect(received).toBe('12345');
    expect(rec.text(session.id, 'out')).toBe('12345');
  });

  it('peer half-close is reported before the connection closes', async () => {
    const server = net.createServer({ allowHalfOpen: true }, (socket) => socket.end('bye'));
    await new Promise<void>((r) => server.listen({ host: '::1', port: 0 }, r));
    cleanups.push(() => server.close());
    const { port } = server.address() as net.AddressInfo;
    const session = await connect('::1', port);
    await rec.waitFor(isType('closed', session.id));
    const types = rec.events.filter((e) => e.sessionId === session.id).map((e) => e.type);
    expect(types).toEqual(['opened', 'data', 'half-closed', 'closed']);
  });
});

describe('backpressure', () => {
  it('sends 32 MiB to a paused reader without losing a byte, waiting for drain', async () => {
    const chunk = 1024 * 1024;
    const chunks = 32;
    let receivedBytes = 0;
    let mismatch = -1;
    let serverSocket: net.Socket | null = null;
    const server = net.createServer((socket) => {
      serverSocket = socket;
      socket.pause(); // a reader that does not read: the kernel buffers fill up
      socket.on('data', (d: Buffer) => {
        for (let i = 0; i < d.length; i++) {
          // every byte of chunk k is k: any loss, duplicate or reordering shows up here
          if (mismatch < 0 && d[i] !== Math.floor((receivedBytes + i) / chunk)) mismatch = receivedBytes + i;
        }
        receivedBytes += d.length;
      });
    });
    await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, r));
    cleanups.push(() => server.close());
    const { port } = server.address() as net.AddressInfo;

    const session = await connect('127.0.0.1', port);
    let sent = 0;
    const sending = (async () => {
      for (let k = 0; k < chunks; k++) {
        await engine.send(session.id, new Uint8Array(chunk).fill(k));
        sent++;
      }
    })();
    sending.catch(() => undefined);

    // While the reader is paused the sends must stall: the socket buffers only a few MiB.
    await sleep(300);
    const stalledAt = sent;
    await sleep(200);
    expect(sent).toBe(stalledAt);
    expect(sent).toBeLessThan(chunks);

    (serverSocket as net.Socket | null)?.resume();
    await sending;
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 10_000;
      const tick = (): void => {
        if (receivedBytes >= chunk * chunks) resolve();
        else if (Date.now() > deadline) reject(new Error(`only ${receivedBytes} bytes arrived`));
        else setTimeout(tick, 10);
      };
      tick();
    });
    expect(receivedBytes).toBe(chunk * chunks);
    expect(mismatch).toBe(-1);
    expect(engine.info(session.id).counters).toMatchObject({ bytesOut: chunk * chunks, messagesOut: chunks });
  }, 30_000);
});
