// The log's memory is really bounded: dropped rows are released at once (collected by the next gc),
// one budget holds across every session of an engine (the oldest rows of any session go first), and
// the window can change that budget through the router, bad values refused with a keyed problem.
import dgram from 'node:dgram';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateBatcher } from '../../src/main/engine/batcher';
import { Engine } from '../../src/main/engine/engine';
import { LogStore, rowCost } from '../../src/main/engine/log-store';
import { PayloadSlab } from '../../src/main/engine/payload-slab';
import { createRouter } from '../../src/main/commands/router';
import { autoReplySchema, type SocketEvent, type UpdateBatch } from '../../src/shared/contract';
import { record, sleep } from './helpers';

const MiB = 1024 * 1024;

// A real collection, in this process: the flag is set at run time and `gc` read from a fresh context.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** heapUsed + arrayBuffers after a full collection: what the rows really hold. */
async function heldMemory(): Promise<number> {
  // WeakRef targets and finished microtasks are only released once the current job has ended.
  await new Promise((r) => setImmediate(r));
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const slab = new PayloadSlab();
/** A data event whose payload is kept as the engine keeps a received one. */
function received(n: number, size: number): SocketEvent {
  return {
    type: 'data',
    sessionId: 's1',
    time: n,
    direction: 'in',
    connectionId: 'c1',
    peer: { host: '127.0.0.1', port: 1 },
    bytes: slab.keep(new Uint8Array(size).fill(n % 256)),
  };
}

describe('a store past its budget', () => {
  it('releases each dropped row at once: no reference keeps it, or its payload, until later', async () => {
    const store = new LogStore({ maxEntries: 1e9, maxBytes: 4 * MiB });
    const dropped: WeakRef<object>[] = [];
    // 200 rows of 64 KiB (12.5 MiB) into a 4 MiB budget: the first 20 are long gone by the end.
    for (let i = 0; i < 200; i++) {
      const row = store.append(received(i, 64 * 1024));
      if (i < 20 && row.type === 'data') dropped.push(new WeakRef(row), new WeakRef(row.bytes.buffer));
    }
    expect(store.first).toBeGreaterThan(20);
    expect(store.bytes).toBeLessThanOrEqual(4 * MiB);
    expect(store.bytes).toBe(Array.from({ length: store.size }, (_, k) => rowCost(store.get(store.first + k)!)).reduce((a, b) => a + b, 0));
    await heldMemory();
    expect(dropped.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
  });

  it('holds its budget in memory whatever was appended: ten times the budget, big rows and small', async () => {
    const budget = 8 * MiB;
    const before = await heldMemory();
    const big = new LogStore({ maxEntries: 1e9, maxBytes: budget });
    for (let i = 0; i < 1280; i++) big.append(received(i, 64 * 1024)); // 80 MiB of payload
    const small = new LogStore({ maxEntries: 1e9, maxBytes: budget });
    for (let i = 0; i < 200_000; i++) small.append(received(i, 64)); // ~77 MiB as counted
    const after = await heldMemory();
    expect(big.bytes + small.bytes).toBeLessThanOrEqual(2 * budget);
    // Each store costs about its budget in the process (the row cost is measured, not guessed).
    expect(after - before).toBeLessThan(2 * budget + 8 * MiB);
    expect(small.size).toBeGreaterThan(10_000);
  });
});

describe('one log budget for the whole engine', () => {
  let engine: Engine;
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) c();
    await engine?.closeAll();
  });

  /** Sends `count` datagrams of `size` bytes to `port`, a few at a time so loopback drops none. */
  async function blast(port: number, count: number, size: number): Promise<void> {
    const socket = dgram.createSocket('udp4');
    cleanups.push(() => socket.close());
    const payload = Buffer.alloc(size, 0x61);
    for (let i = 0; i < count; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, count - i) }, () => new Promise((r) => socket.send(payload, port, '127.0.0.1', r))),
      );
      await sleep(1);
    }
  }

  it('holds across two sessions: the newest rows of either are kept, the oldest of any dropped, counters exact', async () => {
    const budget = 128 * 1024; // about 570 rows of 100 B
    engine = new Engine({ logBudgetBytes: budget });
    const rec = record(engine);
    const batches: UpdateBatch[] = [];
    const batcher = new UpdateBatcher(engine, (b) => batches.push(b), { intervalMs: 10 });
    cleanups.push(() => batcher.stop());
    const none = autoReplySchema().parse({ mode: 'none' });
    const a = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: none });
    const b = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: none });
    const inOf = (id: string): number => engine.info(id).counters.messagesIn;

    await blast(a.local!.port, 1000, 100);
    await rec.until(() => inOf(a.id) === 1000, 5000, '1000 datagrams at a');
    const aBefore = engine.rows(a.id, 0, 0);
    expect(aBefore.total - aBefore.first).toBeGreaterThan(100); // a alone: it keeps what the budget holds
    // b's traffic alone is more than the whole budget: every older row of a goes, b keeps its newest.
    await blast(b.local!.port, 1000, 100);
    await rec.until(() => inOf(b.id) === 1000, 5000, '1000 datagrams at b');
    const aAfter = engine.rows(a.id, 0, 2000);
    const bAfter = engine.rows(b.id, 0, 2000);
    expect(aAfter.rows).toHaveLength(0);
    expect(aAfter.first).toBe(aAfter.total);
    expect(bAfter.rows.length).toBeGreaterThan(100);
    expect(bAfter.rows.at(-1)?.seq).toBe(bAfter.total - 1);
    const settings = engine.settings();
    expect(settings.logBytes).toBeLessThanOrEqual(budget);
    expect(settings.logBytes).toBeGreaterThan(budget - 1000); // full, to within one row
    expect(settings.logEntries).toBe(bAfter.rows.length);
    for (const id of [a.id, b.id]) expect(engine.info(id).counters).toMatchObject({ messagesIn: 1000, bytesIn: 100_000 });
    // The window heard that a's log was emptied by b's traffic, though a had no event of its own.
    await sleep(30);
    expect(batches.flatMap((x) => x.logs).some((l) => l.sessionId === a.id && l.first === aAfter.total)).toBe(true);

    // Removing a session gives its share back.
    await engine.remove(b.id);
    expect(engine.settings()).toMatchObject({ logBytes: 0, logEntries: 0 });
  });

  it('round-trips through the router: read, changed at once (a smaller budget drops rows now), bad values refused at the field', async () => {
    engine = new Engine();
    const router = createRouter(engine);
    const first = await router.handle('getSettings', {});
    expect(first).toMatchObject({ ok: true, value: { logBudgetBytes: 96 * MiB, logBytes: 0, logEntries: 0 } });

    const rec = record(engine);
    const socket = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    await blast(socket.local!.port, 400, 1000);
    await rec.until(() => engine.info(socket.id).counters.messagesIn === 400, 5000, '400 datagrams');
    const full = engine.settings();
    expect(full.logEntries).toBeGreaterThan(400); // the datagrams and the listening entry

    const set = await router.handle('setLogBudget', { mib: 16 });
    expect(set).toMatchObject({ ok: true, value: { logBudgetBytes: 16 * MiB } });
    expect(await router.handle('getSettings', {})).toMatchObject({ ok: true, value: { logBudgetBytes: 16 * MiB } });
    // The same rows fit in 16 MiB; a budget below what is held would have dropped the oldest now.
    expect(engine.settings().logEntries).toBe(full.logEntries);
    engine.setLogBudget(100 * 1024);
    expect(engine.settings().logBytes).toBeLessThanOrEqual(100 * 1024);
    expect(engine.rows(socket.id, 0, 0).first).toBeGreaterThan(0);

    for (const bad of [{ mib: 15 }, { mib: 4097 }, { mib: 64.5 }, { mib: '64' }, { mib: null }, {}, { mib: Number.NaN }]) {
      const answer = await router.handle('setLogBudget', bad);
      expect(answer, JSON.stringify(bad)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', field: 'mib', problem: { key: 'logBudgetRange', params: { min: 16, max: 4096 } } },
      });
    }
    expect(engine.settings().logBudgetBytes).toBe(100 * 1024); // nothing refused changed anything
    expect(await router.handle('getSettings', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
