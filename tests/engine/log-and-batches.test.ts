// The bounded log (drops the oldest rows, counters stay exact) and the update batcher
// (many events, few batches), with real traffic where it matters.
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateBatcher } from '../../src/main/engine/batcher';
import { Engine } from '../../src/main/engine/engine';
import { LogStore, rowOverheadBytes } from '../../src/main/engine/log-store';
import { autoReplySchema, rowPreviewBytes, type SocketEvent, type UpdateBatch } from '../../src/shared/contract';
import { bytesOf, isDataIn, record, sleep } from './helpers';

const dataEvent = (n: number, size = 1): SocketEvent => ({
  type: 'data',
  sessionId: 's1',
  time: n,
  direction: 'in',
  peer: { host: '127.0.0.1', port: 1 },
  bytes: new Uint8Array(size).fill(n % 256),
});

describe('LogStore', () => {
  it('keeps the newest maxEntries rows; sequence numbers keep counting', () => {
    const store = new LogStore({ maxEntries: 5, maxBytes: 1e9 });
    for (let i = 0; i < 12; i++) expect(store.append(dataEvent(i)).seq).toBe(i);
    expect(store.total).toBe(12);
    expect(store.first).toBe(7);
    const page = store.page(0, 100);
    expect(page.first).toBe(7);
    expect(page.total).toBe(12);
    expect(page.rows.map((r) => r.seq)).toEqual([7, 8, 9, 10, 11]);
    expect(store.get(6)).toBeUndefined();
    expect(store.get(7)?.time).toBe(7);
    expect(store.get(12)).toBeUndefined();
    expect(store.page(9, 2).rows.map((r) => r.seq)).toEqual([9, 10]);
  });

  it('keeps to its byte budget, always holding at least the newest row', () => {
    // each row costs its payload + the measured overhead: two 300-byte rows fit, three do not
    const store = new LogStore({ maxEntries: 1000, maxBytes: 2 * (rowOverheadBytes + 300) + 100 });
    for (let i = 0; i < 10; i++) store.append(dataEvent(i, 300));
    expect(store.page(0, 100).rows.map((r) => r.seq)).toEqual([8, 9]);
    expect(store.bytes).toBe(2 * (rowOverheadBytes + 300));
    store.append(dataEvent(10, 5000)); // bigger than the whole budget: kept alone
    expect(store.page(0, 100).rows.map((r) => r.seq)).toEqual([10]);
    const kept = store.get(10);
    expect(kept?.type === 'data' && kept.bytes.byteLength).toBe(5000);
  });

  it('stays correct across many drops, as its ring wraps, grows and shrinks', () => {
    const store = new LogStore({ maxEntries: 100, maxBytes: 1e9 });
    for (let i = 0; i < 20_000; i++) store.append(dataEvent(i));
    expect(store.first).toBe(19_900);
    const rows = store.page(19_950, 10).rows;
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, k) => 19_950 + k));
    expect(rows.map((r) => r.time)).toEqual(rows.map((r) => r.seq));
    // Grown to thousands of rows, then cut back to a few by a smaller budget: every row still in place.
    const big = new LogStore({ maxEntries: 5000, maxBytes: 1e9 });
    for (let i = 0; i < 7000; i++) big.append(dataEvent(i));
    for (let i = 0; i < 4990; i++) big.dropOldest();
    expect(big.size).toBe(10);
    expect(big.page(big.first, 100).rows.map((r) => r.time)).toEqual(Array.from({ length: 10 }, (_, k) => 6990 + k));
    for (let i = 7000; i < 7100; i++) big.append(dataEvent(i));
    expect(big.get(7099)?.time).toBe(7099);
    expect(big.get(6990)?.time).toBe(6990);
  });

  it('sends previews in pages but the whole payload on get()', () => {
    const store = new LogStore();
    store.append(dataEvent(1, rowPreviewBytes + 1000));
    const [row] = store.page(0, 1).rows;
    expect(row?.type === 'data' && row.bytes.byteLength).toBe(rowPreviewBytes);
    expect(row?.size).toBe(rowPreviewBytes + 1000);
    const whole = store.get(0);
    expect(whole?.type === 'data' && whole.bytes.byteLength).toBe(rowPreviewBytes + 1000);
  });

  it('clear() forgets rows but never reuses a sequence number', () => {
    const store = new LogStore();
    for (let i = 0; i < 3; i++) store.append(dataEvent(i));
    store.clear();
    expect(store.page(0, 10)).toEqual({ first: 3, total: 3, rows: [] });
    expect(store.append(dataEvent(3)).seq).toBe(3);
  });

  it('dropBefore(seq) forgets the older rows only (a Clear taken after its Undo time), and their bytes leave the budget', () => {
    const store = new LogStore();
    for (let i = 0; i < 5; i++) store.append(dataEvent(i, 100));
    const held = store.bytes;
    store.dropBefore(3);
    expect(store.page(0, 10).first).toBe(3);
    expect(store.page(0, 10).rows.map((r) => r.seq)).toEqual([3, 4]);
    expect(store.bytes).toBeLessThan(held);
    store.dropBefore(2); // already gone: nothing more
    expect(store.page(0, 10).rows.map((r) => r.seq)).toEqual([3, 4]);
    store.dropBefore(99);
    expect(store.page(0, 10)).toEqual({ first: 5, total: 5, rows: [] });
  });
});

describe('engine log bounds with real traffic', () => {
  const engine = new Engine({ logMaxEntries: 20, logBudgetBytes: 1e9 });
  afterEach(() => engine.closeAll());

  it('drops the oldest rows of any session past the engine-wide cap, while the counters stay exact', async () => {
    const rec = record(engine);
    const a = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'echo' }) });
    const b = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    for (let i = 0; i < 50; i++) await engine.send(b.id, bytesOf(`m${i}`), { kind: 'peer', host: '127.0.0.1', port: a.local!.port });
    await rec.until(() => engine.info(b.id).counters.messagesIn === 50, 5000, '50 echoes');

    for (const id of [a.id, b.id]) {
      const info = engine.info(id);
      const bytes = 10 * 2 + 40 * 3; // "m0".."m9", "m10".."m49"
      expect(info.counters).toEqual({ messagesIn: 50, messagesOut: 50, bytesIn: bytes, bytesOut: bytes, bytesQueued: 0 });
      const page = engine.rows(id, 0, 1000);
      // Whatever a session keeps is its newest rows, without a gap (it may keep none).
      expect(page.rows.map((r) => r.seq)).toEqual(Array.from({ length: page.total - page.first }, (_, k) => page.first + k));
    }
    // 20 rows in all, the newest of both sessions: none held is older than any dropped.
    const held = [a.id, b.id].flatMap((id) => engine.rows(id, 0, 1000).rows);
    expect(held).toHaveLength(20);
    expect(engine.settings()).toMatchObject({ logEntries: 20, logMaxEntries: 20 });
    const kept = new Set(held.map((r) => `${r.sessionId}/${r.seq}`));
    const dropped = rec.events.filter(
      (e) => (e.sessionId === a.id || e.sessionId === b.id) && !kept.has(`${e.sessionId}/${(e as { seq?: number }).seq}`),
    );
    expect(Math.min(...held.map((r) => r.time))).toBeGreaterThanOrEqual(Math.max(...dropped.map((e) => e.time)));
    expect(() => engine.row(b.id, 0)).toThrow(/no longer held in memory/);
    await rec.waitFor(isDataIn(b.id, 'm49'));
    rec.stop();
  });
});

describe('UpdateBatcher', () => {
  const engine = new Engine();
  afterEach(() => engine.closeAll());

  it('coalesces a burst of traffic into a few batches that still account for every row', async () => {
    const batches: UpdateBatch[] = [];
    const batcher = new UpdateBatcher(engine, (b) => batches.push(b), { intervalMs: 30, tailLimit: 1000 });
    const rec = record(engine);
    const a = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    const b = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    const started = Date.now();
    const n = 400;
    for (let i = 0; i < n; i++) {
      await engine.send(a.id, bytesOf(`#${i}`), { kind: 'peer', host: '127.0.0.1', port: b.local!.port });
      // let the receiver read now and then: a full receive buffer drops datagrams (it is UDP)
      if (i % 20 === 19) await new Promise((r) => setImmediate(r));
    }
    await rec.until(() => engine.info(b.id).counters.messagesIn === n, 5000, `${n} datagrams`);
    const elapsed = Date.now() - started;
    await sleep(60);
    batcher.stop();

    const events = rec.events.length; // 2 listening + n out + n in
    expect(events).toBe(2 + 2 * n);
    // at most one batch per interval (plus the first and the final flush), far fewer than events
    expect(batches.length).toBeLessThanOrEqual(Math.ceil((elapsed + 60) / 30) + 3);
    expect(batches.length).toBeLessThan(events / 10);

    // every row of b arrives exactly once across the batches, in order
    const seqs = batches.flatMap((batch) => batch.logs.filter((l) => l.sessionId === b.id).flatMap((l) => l.rows.map((r) => r.seq)));
    expect(seqs).toEqual(Array.from({ length: n + 1 }, (_, i) => i));
    const last = batches.at(-1)!;
    expect(last.sessions.find((s) => s.id === b.id)?.counters.messagesIn).toBe(n);
  });

  it('carries only the newest rows when a batch overflows its tail limit', async () => {
    const batches: UpdateBatch[] = [];
    const batcher = new UpdateBatcher(engine, (b) => batches.push(b), { intervalMs: 50, tailLimit: 10 });
    const a = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    const b = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    for (let i = 0; i < 100; i++) await engine.send(a.id, bytesOf(`${i}`), { kind: 'peer', host: '127.0.0.1', port: b.local!.port });
    batcher.flush();
    const log = batches.at(-1)!.logs.find((l) => l.sessionId === a.id)!;
    expect(log.total).toBe(101);
    expect(log.rows.length).toBeLessThanOrEqual(10);
    expect(log.rows.at(-1)?.seq).toBe(100);
    batcher.stop();
  });

  it('reports removed sessions', async () => {
    const batches: UpdateBatch[] = [];
    const batcher = new UpdateBatcher(engine, (b) => batches.push(b), { intervalMs: 10 });
    const a = await engine.open({ kind: 'tcp-server', host: '::1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    batcher.flush();
    await engine.remove(a.id);
    batcher.stop();
    const last = batches.at(-1)!;
    expect(last.removed).toEqual([a.id]);
    expect(last.sessions.map((s) => s.id)).not.toContain(a.id);
  });
});
