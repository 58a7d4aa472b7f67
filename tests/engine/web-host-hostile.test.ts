// Any web page can make a browser send requests to `socket-lab web`, and anything on this machine can
// open a socket to it: no request, frame or peer may end the process or the sessions in it. Each attack
// runs against an in-process host and a real `socket-lab web` process; after each one the host still
// serves the page, and a session opened before the attack is still there.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../src/main/engine/engine';
import { startWebHost } from '../../src/main/web-host';
import { decodeWire, encodeRequest, maxWireDepth } from '../../src/shared/wire';

const root = path.resolve(__dirname, '../..');

interface Target {
  port: number;
  token: string;
  /** False once the process is gone (always true in-process: a crash there fails the whole run). */
  alive(): boolean;
  /** Stops it (SIGTERM for a process; SIGKILL only after 5 s): 'clean', or 'killed' when it had to be. */
  close(): Promise<'clean' | 'killed'>;
}

async function inProcess(): Promise<Target> {
  const engine = new Engine();
  const host = await startWebHost({ engine, port: 0, rendererDir: path.join(root, 'out/renderer') });
  return {
    port: host.port,
    token: host.token,
    alive: () => true,
    close: async () => {
      await host.close();
      await engine.closeAll();
      return 'clean';
    },
  };
}

async function spawned(): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/socket-lab.js'), 'web', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`socket-lab web printed no URL within 10 s: ${out}${stderr}`)), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[0]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socket-lab web exited with ${code}: ${stderr}`));
    });
  });
  return {
    port: Number(url.port),
    token: url.searchParams.get('token')!,
    alive: () => child.exitCode === null && child.signalCode === null,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode === 0 ? 'clean' : 'killed');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code === 0 ? 'clean' : 'killed');
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Writes raw bytes and collects the answer until the host closes the socket or `ms` pass. */
function raw(port: number, data: string | Buffer, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(got);
    }, ms);
    socket.on('connect', () => socket.write(data));
    socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

/** Sends the start of something, then resets the connection (RST) without finishing it. */
function resetMidway(port: number, data: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.write(data, () => setTimeout(() => socket.resetAndDestroy(), 50));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

const upgradeHeaders = (port: number): string =>
  `Host: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

/** A bridge socket after a real handshake, for writing frames by hand. */
function rawBridge(target: Target): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: target.port }, () => {
      socket.write(`GET /bridge?token=${target.token} HTTP/1.1\r\n${upgradeHeaders(target.port)}`);
    });
    let got = '';
    const onData = (d: Buffer): void => {
      got += d.toString('latin1');
      if (!got.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (statusOf(got) === 101) resolve(socket);
      else reject(new Error(`handshake refused: ${got.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
    socket.on('error', () => undefined);
    setTimeout(() => reject(new Error('no handshake within 3 s')), 3000);
  });
}

/** Writes frames on a raw bridge and waits (bounded) for the host to close it. */
function framesThenClose(socket: net.Socket, frames: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve();
    }, 3000);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.write(frames);
  });
}

/** A client frame (masked with a zero mask, so the payload reads as is). */
const maskedFrame = (firstByte: number, payload: Buffer): Buffer =>
  Buffer.concat([Buffer.from([firstByte, 0x80 | payload.length, 0, 0, 0, 0]), payload]);

interface Bridge {
  ws: WebSocket;
  /** Sends text as is and waits (bounded) for the response carrying `id`. */
  request(
    text: string,
    id: number,
  ): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string; problem?: { key: string } } }>;
  call(command: string, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
}

let nextId = 1000;

function openBridge(target: Target): Promise<Bridge> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${target.port}/bridge?token=${target.token}`, { origin: `http://127.0.0.1:${target.port}` });
    ws.once('error', reject);
    ws.once('open', () => {
      const request: Bridge['request'] = (text, id) =>
        new Promise((done, fail) => {
          const timer = setTimeout(() => fail(new Error(`no answer to request ${id} within 5 s`)), 5000);
          const onMessage = (data: WebSocket.RawData): void => {
            const message = decodeWire(String(data)) as { kind: string; id?: number; result?: never };
            if (message.kind !== 'response' || message.id !== id) return;
            clearTimeout(timer);
            ws.off('message', onMessage);
            done(message.result!);
          };
          ws.on('message', onMessage);
          ws.send(text);
        });
      resolve({
        ws,
        request,
        call: (command, payload) => {
          const id = nextId++;
          return request(encodeRequest(id, command, payload), id);
        },
      });
    });
  });
}

describe.each([
  ['an in-process host', inProcess],
  ['a `socket-lab web` process', spawned],
])('%s', (_name, start) => {
  let target: Target;
  let sessionId: string;

  beforeAll(async () => {
    target = await start();
    // A session opened before any attack: it must outlive all of them.
    const bridge = await openBridge(target);
    const opened = await bridge.call('openSession', { kind: 'tcp-server', host: '127.0.0.1', port: 0 });
    expect(opened.ok).toBe(true);
    sessionId = (opened.value as { id: string }).id;
    bridge.ws.close();
  });

  afterAll(async () => {
    await target.close();
  });

  /** Still alive, still serving the page, and the session from before is still there. */
  async function expectStillServing(): Promise<void> {
    expect(target.alive()).toBe(true);
    const page = await raw(target.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${target.port}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(page)).toBe(200);
    const bridge = await openBridge(target);
    const listed = await bridge.call('listSessions', {});
    bridge.ws.close();
    expect(listed.ok).toBe(true);
    expect((listed.value as { id: string }[]).map((s) => s.id)).toContain(sessionId);
  }

  const request = (line: string, extra = ''): string => `${line}\r\nHost: 127.0.0.1:${target?.port}\r\n${extra}Connection: close\r\n\r\n`;

  it('answers a bad percent escape (GET /%ff) with 400', async () => {
    expect(statusOf(await raw(target.port, request('GET /%ff HTTP/1.1')))).toBe(400);
    await expectStillServing();
  });

  it('answers a request target that is no URL (GET http://[) with 400', async () => {
    expect(statusOf(await raw(target.port, request('GET http://[ HTTP/1.1')))).toBe(400);
    await expectStillServing();
  });

  it('answers the same target as a WebSocket upgrade with 400', async () => {
    expect(statusOf(await raw(target.port, `GET http://[ HTTP/1.1\r\n${upgradeHeaders(target.port)}`))).toBe(400);
    expect(statusOf(await raw(target.port, `GET /%ff HTTP/1.1\r\n${upgradeHeaders(target.port)}`))).toBe(403);
    expect(statusOf(await raw(target.port, `GET /bridge?token=%ff HTTP/1.1\r\n${upgradeHeaders(target.port)}`))).toBe(403);
    await expectStillServing();
  });

  it('answers bytes that are not HTTP at all with 400', async () => {
    expect(
      statusOf(
        await raw(target.port, Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, 0x0d, 0x0a, 0x0d, 0x0a])),
      ),
    ).toBe(400);
    expect(statusOf(await raw(target.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\n\r\n'))).toBe(400);
    await expectStillServing();
  });

  it('survives peers that reset in the middle of a request, an upgrade, or an answer', async () => {
    await resetMidway(target.port, 'GET /index.html HTTP/1.1\r\nHost: 127.0.0.1');
    await resetMidway(
      target.port,
      `GET /bridge?token=${target.token} HTTP/1.1\r\nHost: 127.0.0.1:${target.port}\r\nUpgrade: websocket\r\n`,
    );
    await resetMidway(target.port, `GET http://[ HTTP/1.1\r\n${upgradeHeaders(target.port)}`);
    // Ask for the page and reset before reading the answer, many times over.
    await Promise.all(Array.from({ length: 20 }, () => resetMidway(target.port, request('GET / HTTP/1.1'))));
    await expectStillServing();
  });

  it('survives malformed WebSocket frames on an open bridge', async () => {
    // Reserved opcode 0xF.
    await framesThenClose(await rawBridge(target), maskedFrame(0x8f, Buffer.alloc(0)));
    // An unmasked client frame.
    await framesThenClose(await rawBridge(target), Buffer.from([0x81, 0x02, 0x68, 0x69]));
    // A length of 2^63 - 1.
    await framesThenClose(await rawBridge(target), Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]));
    // Text that is not UTF-8.
    await framesThenClose(await rawBridge(target), maskedFrame(0x81, Buffer.from([0xff, 0xfe, 0xfd])));
    // Half a frame, then a reset.
    const half = await rawBridge(target);
    half.write(Buffer.from([0x81, 0xfe, 0x10]));
    await new Promise<void>((resolve) => {
      half.once('close', () => resolve());
      setTimeout(() => half.resetAndDestroy(), 50);
    });
    await expectStillServing();
  });

  it('ignores garbage messages that do not say which request they are, and goes on answering', async () => {
    const bridge = await openBridge(target);
    for (const garbage of [
      '{not json',
      'null',
      '[]',
      '42',
      '"text"',
      '{}',
      '{"kind":"request"}',
      '['.repeat(100_000) + ']'.repeat(100_000),
    ])
      bridge.ws.send(garbage);
    bridge.ws.send(Buffer.from([0, 1, 2, 255]), { binary: true });
    expect(await bridge.call('listSessions', {})).toMatchObject({ ok: true });
    bridge.ws.close();
    await expectStillServing();
  });

  it('survives a page that sends a request and leaves before the answer', async () => {
    const bridge = await openBridge(target);
    bridge.ws.send(encodeRequest(1, 'openSession', { kind: 'tcp-server', host: '127.0.0.1', port: 0 }));
    bridge.ws.terminate();
    await expectStillServing();
  });

  describe('answers every request that has an id, even one it cannot read', () => {
    const envelope = (id: number, payload: unknown): string => JSON.stringify({ kind: 'request', id, command: 'send', payload });

    it.each([
      ['bad base64 in {"$bytes": ...}', JSON.stringify({ sessionId: 's1', bytes: { $bytes: '!!not base64!!' } }), 'requestBadBytes'],
      ['100,000 nested arrays', '['.repeat(100_000) + ']'.repeat(100_000), 'requestTooDeep'],
      ['text JSON.parse cannot read', '{"sessionId": "s1", "bytes": {"$bytes"', 'requestNotJson'],
    ])('%s -> INVALID_INPUT with its id', async (_what, payload, key) => {
      const bridge = await openBridge(target);
      const id = nextId++;
      const answer = await bridge.request(envelope(id, payload), id);
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', problem: { key } } });
      if (key === 'requestTooDeep') expect(answer.error?.message).toContain(String(maxWireDepth));
      bridge.ws.close();
    });

    it('a payload that is not wire text, or no command -> INVALID_INPUT with its id', async () => {
      const bridge = await openBridge(target);
      expect(await bridge.request(envelope(7, { sessionId: 's1' }), 7)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', problem: { key: 'requestMalformed' } },
      });
      expect(await bridge.request(JSON.stringify({ kind: 'request', id: 8, payload: '{}' }), 8)).toMatchObject({
        ok: false,
        error: { problem: { key: 'requestMalformed' } },
      });
      expect(await bridge.request(JSON.stringify({ kind: 'request', id: 9, command: 'nope', payload: '{}' }), 9)).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_COMMAND' },
      });
      bridge.ws.close();
      await expectStillServing();
    });
  });

  // Last: it stops the host.
  it('stops cleanly even with peers that neither read nor close', async () => {
    const stuck = await Promise.all(
      [`GET http://[ HTTP/1.1\r\n${upgradeHeaders(target.port)}`, 'GET / HTTP/1.1\r\nHost: 127.0.0.1', ''].map(
        (data) =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect({ host: '127.0.0.1', port: target.port }, () => socket.write(data, () => resolve(socket)));
            socket.pause(); // never reads: the host's answer sits unread
            socket.on('error', () => undefined);
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    expect(await target.close()).toBe('clean');
    expect(Date.now() - started).toBeLessThan(3000);
    for (const socket of stuck) socket.destroy();
  });
});
