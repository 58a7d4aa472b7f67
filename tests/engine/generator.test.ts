// The traffic generator on loopback: exact counts at a real receiver, a real target rate without a busy core, TCP backpressure, stop, and every refusal keyed.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import type { FloodOptions } from '../../src/main/engine/generator';
import { createRouter } from '../../src/main/commands/router';
import type { FloodInfo, SocketEvent } from '../../src/shared/contract';
import { loopbacks, record, sleep, type Recorder } from './helpers';
import { udpCounterReceiver } from '../udp-counter-receiver';

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
});

const noReply = { mode: 'none', text: '', closeAfterReply: false } as const;

const flood = (overrides: Partial<FloodOptions>): FloodOptions => ({
  size: 64,
  payload: 'text',
  pattern: '',
  rate: null,
  count: null,
  duration: null,
  to: { kind: 'default' },
  ...overrides,
});

const udpReceiver = (host: string) => udpCounterReceiver(host, cleanups);

const openUdp = async (host: string) => (await engine.open({ kind: 'udp', host, port: 0, autoReply: noReply })).id;
const floodRows = (sessionId: string) =>
  rec.events.filter((e): e is Extract<SocketEvent, { type: 'flood' }> => e.type === 'flood' && e.sessionId === sessionId);

describe.each(loopbacks)('UDP floods on %s', (host) => {
  it('sends exactly the count, each datagram starting with its sequence number, and counts every one in the session', async () => {
    const receiver = await udpReceiver(host);
    const id = await openUdp(host);
    const started = engine.startFlood(
      id,
      flood({ payload: 'counter', rate: 10_000, count: 3000, to: { kind: 'peer', host, port: receiver.port } }),
    );
    expect(started).toMatchObject({ state: 'running', settings: { size: 64, payload: 'counter', rate: 10_000, count: 3000 } });
    const done = await engine.floodDone(id);
    expect(done).toMatchObject({ state: 'done', messages: 3000, bytes: 3000 * 64, errors: 0, error: null });
    await rec.until(() => receiver.seqs.length === 3000, 5000, 'the receiver to get 3000 datagrams');
    expect(new Set(receiver.seqs).size).toBe(3000);
    expect(Math.min(...receiver.seqs)).toBe(0);
    expect(Math.max(...receiver.seqs)).toBe(2999);
    const info = engine.info(id);
    expect(info.counters).toMatchObject({ messagesOut: 3000, bytesOut: 3000 * 64 });
    expect(info.connections[0]).toMatchObject({ peer: { host, port: receiver.port }, messagesOut: 3000, bytesOut: 3000 * 64 });
    expect(info.flood).toMatchObject({ state: 'done', messages: 3000 });
    // No row per datagram: a start, perhaps a progress row, an end.
    expect(rec.events.filter((e) => e.type === 'data' && e.sessionId === id)).toHaveLength(0);
    const rows = floodRows(id);
    expect(rows[0]).toMatchObject({ phase: 'started', peer: { host, port: receiver.port } });
    expect(rows.at(-1)).toMatchObject({ phase: 'ended', flood: { state: 'done', messages: 3000 } });
    expect(rows.length).toBeLessThanOrEqual(4);
  });

  it('as fast as possible, counts exactly what the system took (whatever the receiver keeps)', async () => {
    const receiver = await udpReceiver(host);
    const id = await openUdp(host);
    engine.startFlood(id, flood({ size: 32, count: 20_000, to: { kind: 'peer', host, port: receiver.port } }));
    const done = await engine.floodDone(id);
    expect(done).toMatchObject({ state: 'done', messages: 20_000, bytes: 640_000, errors: 0 });
    expect(engine.info(id).counters).toMatchObject({ messagesOut: 20_000, bytesOut: 640_000 });
    expect(done.rate).toBeGreaterThan(0);
  });
});

describe('pacing', () => {
  it('never runs ahead of a target of 20,000 messages a second, and catches up after a stall', async () => {
    const receiver = await udpReceiver('127.0.0.1');
    const id = await openUdp('127.0.0.1');
    const t0 = performance.now();
    engine.startFlood(id, flood({ rate: 20_000, count: 20_000, to: { kind: 'peer', host: '127.0.0.1', port: receiver.port } }));
    // A stall of the event loop mid-flood (a loaded machine does this too): the messages owed are sent after it.
    setTimeout(() => {
      const until = performance.now() + 150;
      while (performance.now() < until);
    }, 300);
    const done = await engine.floodDone(id);
    const seconds = (performance.now() - t0) / 1000;
    expect(done.state).toBe('done');
    expect(done.messages).toBe(20_000);
    // Message k goes k / rate seconds after the start: the last one not before 0.95 s. (How close to
    // 1 s it ends on a quiet machine is the benchmark's figure 5b, not a unit test's.)
    expect(seconds).toBeGreaterThan(0.95);
    expect(seconds).toBeLessThan(10);
  });

  it('does not keep a core busy at a low rate (timers, not a spin loop)', async () => {
    const receiver = await udpReceiver('127.0.0.1');
    const id = await openUdp('127.0.0.1');
    const cpu = process.cpuUsage();
    engine.startFlood(id, flood({ rate: 40, duration: 0.75, to: { kind: 'peer', host: '127.0.0.1', port: receiver.port } }));
    const done = await engine.floodDone(id);
    const used = process.cpuUsage(cpu);
    expect(done.messages).toBe(30);
    // A spin loop would burn about 750 ms of CPU here.
    expect((used.user + used.system) / 1000).toBeLessThan(200);
  });

  it('reports a live rate while it runs and stops at once when asked', async () => {
    const receiver = await udpReceiver('127.0.0.1');
    const id = await openUdp('127.0.0.1');
    engine.startFlood(id, flood({ payload: 'counter', rate: 2000, to: { kind: 'peer', host: '127.0.0.1', port: receiver.port } }));
    await rec.until(() => (engine.info(id).flood?.rate ?? 0) > 1000, 3000, 'a live rate above 1,000/s');
    const stopped = await engine.stopFlood(id);
    expect(stopped.state).toBe('stopped');
    const sent = engine.info(id).counters.messagesOut;
    expect(sent).toBe(stopped.messages);
    await rec.until(() => receiver.seqs.length === sent, 3000, 'every datagram sent to arrive');
    await sleep(50);
    expect(engine.info(id).counters.messagesOut).toBe(sent);
    // Stopping again answers the same figures; a new flood may start.
    expect((await engine.stopFlood(id)).messages).toBe(sent);
    engine.startFlood(id, flood({ count: 1, to: { kind: 'peer', host: '127.0.0.1', port: receiver.port } }));
    expect((await engine.floodDone(id)).messages).toBe(1);
  });
});

describe('TCP floods', () => {
  it('respects backpressure: a peer that reads nothing holds the flood back, memory stays bounded, every byte is counted', async () => {
    const sockets: net.Socket[] = [];
    let received = 0;
    const server = net.createServer((s) => {
      s.pause(); // reads nothing until told
      s.on('data', (d) => (received += d.length));
      s.on('error', () => undefined);
      sockets.push(s);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => server.close());
    const port = (server.address() as net.AddressInfo).port;
    const id = (await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port, connectTimeoutMs: 2000 })).id;
    const rss = process.memoryUsage().rss;
    engine.startFlood(id, flood({ size: 1024, duration: 1 }));
    const done = await engine.floodDone(id);
    // Without waiting for 'drain' a second of writes would queue gigabytes; the kernel holds a few MiB.
    expect(done.state).toBe('done');
    expect(done.bytes).toBeLessThan(64 * 1024 * 1024);
    expect(process.memoryUsage().rss - rss).toBeLessThan(96 * 1024 * 1024);
    expect(done.bytes % 1024).toBe(0);
    // Once the peer reads, what was still in the socket is taken and counted: sent = received, exactly.
    for (const s of sockets) s.resume();
    await rec.until(() => received > 0 && received === engine.info(id).counters.bytesOut, 10_000, 'the peer to read everything sent');
    await sleep(100);
    expect(received).toBe(engine.info(id).counters.bytesOut);
    expect(engine.info(id).counters.messagesOut).toBe(received / 1024);
    for (const s of sockets) s.destroy();
  });

  it('floods every client of a server, each counted on its own', async () => {
    const sid = (await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: noReply })).id;
    const port = engine.info(sid).local!.port;
    const got = [0, 0];
    const clients = await Promise.all(
      [0, 1].map(
        (i) =>
          new Promise<net.Socket>((resolve) => {
            const c = net.connect(port, '127.0.0.1', () => resolve(c));
            c.on('data', (d) => (got[i]! += d.length));
          }),
      ),
    );
    cleanups.push(() => clients.forEach((c) => c.destroy()));
    await rec.until(() => engine.info(sid).connections.length === 2, 3000, 'two clients');
    engine.startFlood(sid, flood({ size: 100, payload: 'counter', count: 1000, to: { kind: 'all' } }));
    const done = await engine.floodDone(sid);
    expect(done).toMatchObject({ state: 'done', target: 'all', messages: 2000, bytes: 200_000 });
    await rec.until(() => got[0] === 100_000 && got[1] === 100_000, 5000, 'both clients to get 1000 messages');
    const info = engine.info(sid);
    expect(info.counters).toMatchObject({ messagesOut: 2000, bytesOut: 200_000 });
    for (const c of info.connections) expect(c).toMatchObject({ messagesOut: 1000, bytesOut: 100_000 });
  });

  it('fails with the reason when the peer resets the connection', async () => {
    const server = net.createServer((s) => {
      s.on('error', () => undefined);
      setTimeout(() => s.resetAndDestroy(), 100);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => server.close());
    const port = (server.address() as net.AddressInfo).port;
    const id = (await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port, connectTimeoutMs: 2000 })).id;
    engine.startFlood(id, flood({ size: 512 }));
    const done = await engine.floodDone(id);
    expect(done.state).toBe('failed');
    expect(done.error?.problem.key).toMatch(/^(reset|peerGone|sendingClosed|socketClosed)$/);
    expect(floodRows(id).at(-1)).toMatchObject({ phase: 'ended', flood: { state: 'failed' } });
  });
});

describe('refusals and the session lifecycle', () => {
  it('refuses what a send would refuse, keyed and at its field', async () => {
    const id = await openUdp('127.0.0.1');
    const err = (fn: () => unknown): { code?: string; field?: string; problem?: { key: string } } => {
      try {
        fn();
      } catch (e) {
        return e as { code: string };
      }
      throw new Error('no error');
    };
    expect(err(() => engine.startFlood(id, flood({ size: 70_000, to: { kind: 'peer', host: '127.0.0.1', port: 9 } })))).toMatchObject({
      code: 'EMSGSIZE',
      field: 'size',
      problem: { key: 'udpTooLarge' },
    });
    expect(err(() => engine.startFlood(id, flood({})))).toMatchObject({ code: 'NO_PEER', problem: { key: 'noPeer' } });
    await expect(engine.stopFlood(id)).rejects.toMatchObject({ code: 'NO_FLOOD', problem: { key: 'noFlood' } });
    const receiver = await udpReceiver('127.0.0.1');
    engine.startFlood(id, flood({ rate: 100, to: { kind: 'peer', host: '127.0.0.1', port: receiver.port } }));
    expect(err(() => engine.startFlood(id, flood({ to: { kind: 'peer', host: '127.0.0.1', port: receiver.port } })))).toMatchObject({
      code: 'FLOOD_RUNNING',
      problem: { key: 'floodRunning' },
    });
    // Closing the session stops its flood first.
    await engine.close(id);
    expect(engine.info(id).flood?.state).toBe('stopped');
  });

  it('checks every option through the router, with the problem at the field it concerns', async () => {
    const router = createRouter(engine);
    const id = await openUdp('127.0.0.1');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ size: 0 }, 'size', 'floodSize'],
      [{ size: 1.5 }, 'size', 'floodSize'],
      [{ size: 4, payload: 'counter' }, 'size', 'floodCounterSize'],
      [{ size: 64, payload: 'hex', pattern: 'zz' }, 'pattern', 'hexBadDigit'],
      [{ size: 64, payload: 'hex', pattern: '' }, 'pattern', 'floodHexEmpty'],
      [{ size: 64, rate: 0 }, 'rate', 'floodRate'],
      [{ size: 64, rate: 2_000_000 }, 'rate', 'floodRate'],
      [{ size: 64, count: 0 }, 'count', 'floodCount'],
      [{ size: 64, duration: 0 }, 'duration', 'floodDuration'],
      [{ size: 64, count: 5, duration: 1 }, 'duration', 'floodCountAndDuration'],
    ];
    for (const [options, field, key] of cases) {
      const answer = await router.handle('startFlood', { sessionId: id, ...options });
      expect(answer, JSON.stringify(options)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field, problem: { key } } });
    }
    const bad = await router.handle('startFlood', { sessionId: id, size: 64, payload: 'noise' });
    expect(bad).toMatchObject({ ok: false, error: { field: 'payload' } });
    const receiver = await udpReceiver('127.0.0.1');
    const ok = await router.handle('startFlood', {
      sessionId: id,
      size: 16,
      count: 10,
      to: { kind: 'peer', host: '127.0.0.1', port: receiver.port },
    });
    expect(ok).toMatchObject({ ok: true, value: { state: 'running', settings: { size: 16, payload: 'text', count: 10, rate: null } } });
    const done: FloodInfo = await engine.floodDone(id);
    expect(done.messages).toBe(10);
    expect(await router.handle('stopFlood', { sessionId: id })).toMatchObject({ ok: true, value: { state: 'done', messages: 10 } });
  });
});
