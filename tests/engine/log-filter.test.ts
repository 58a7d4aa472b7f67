// The log filter: the same answers as a plain reading of every row, on 50,000 mixed rows, as rows
// arrive and as the log drops old ones; and the commands and batches that carry it to a window.
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateBatcher } from '../../src/main/engine/batcher';
import { Engine } from '../../src/main/engine/engine';
import { LogFilterIndex, eventWords } from '../../src/main/engine/log-filter';
import { LogStore } from '../../src/main/engine/log-store';
import { createRouter } from '../../src/main/commands/router';
import { formatHostPort } from '../../src/shared/address';
import {
  autoReplySchema,
  logFilterSchema,
  type LogFilterInput,
  type LogRow,
  type SocketEvent,
  type UpdateBatch,
} from '../../src/shared/contract';
import { bytesOf, record, sleep } from './helpers';

// ---------- a log of mixed traffic ----------

const peers = [
  { host: '127.0.0.1', port: 5000 },
  { host: '127.0.0.1', port: 5001 },
  { host: '::1', port: 6000 },
  { host: '::ffff:10.0.0.2', port: 7000 },
  { host: '10.0.0.20', port: 7001 },
];
const texts = [
  'Hello, Server!',
  'GET /index.html HTTP/1.1\r\n',
  'temperature=21.5;humidity=40',
  'HELLO again',
  'héllo wörld',
  'ping',
  'ACK : hello',
];

/** Deterministic random numbers, so a failure can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mixedEvents(count: number, seed: number): SocketEvent[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: SocketEvent[] = [];
  for (let i = 0; i < count; i++) {
    const peer = pick(peers);
    const roll = random();
    if (roll < 0.02) out.push({ type: 'accepted', sessionId: 's1', time: i, connectionId: `c${i}`, local: peers[0]!, peer });
    else if (roll < 0.03) out.push({ type: 'closed', sessionId: 's1', time: i, peer, reason: 'reset' });
    else if (roll < 0.04) {
      out.push({
        type: 'error',
        sessionId: 's1',
        time: i,
        code: 'ECONNRESET',
        message: 'The peer reset the connection.',
        problem: { key: 'reset' },
      });
    } else {
      // Text, binary with the 0xDEADBEEF marker now and then, or text that a Buffer sub-view holds.
      let bytes: Uint8Array;
      if (roll < 0.15) {
        bytes = Uint8Array.from({ length: 16 + Math.floor(random() * 60) }, () => Math.floor(random() * 256));
        if (random() < 0.5) bytes.set([0xde, 0xad, 0xbe, 0xef], Math.floor(random() * (bytes.length - 4)));
      } else {
        const text = `${pick(texts)} #${i} ${pick(texts)}`;
        bytes = roll < 0.5 ? Buffer.from(text) : new Uint8Array(bytesOf(`..${text}`).buffer, 2);
      }
      out.push({ type: 'data', sessionId: 's1', time: i, direction: random() < 0.5 ? 'in' : 'out', peer, bytes });
    }
  }
  return out;
}

// ---------- the plain reading every answer is checked against ----------

const directionOf = (row: LogRow): string => (row.type === 'data' ? row.direction : row.type === 'error' ? 'error' : 'event');

function naiveIncludes(hay: Uint8Array, needle: Uint8Array, foldCase: boolean): boolean {
  const f = (b: number): number => (foldCase && b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (f(hay[i + k]!) !== f(needle[k]!)) continue outer;
    return true;
  }
  return false;
}

function naiveMatch(row: LogRow, input: LogFilterInput): boolean {
  const filter = logFilterSchema().parse(input);
  if (filter.directions.length > 0 && !filter.directions.includes(directionOf(row) as never)) return false;
  const peerQuery = filter.peer.trim().toLowerCase();
  if (peerQuery !== '') {
    if (!row.peer) return false;
    const { host, port } = row.peer;
    const exact: Record<string, (h: string, p: number) => boolean> = {
      '127.0.0.1:5001': (h, p) => h === '127.0.0.1' && p === 5001,
      '::1': (h) => h === '::1',
      '10.0.0.2': (h) => h === '10.0.0.2' || h === '::ffff:10.0.0.2',
      '[::1]:6000': (h, p) => h === '::1' && p === 6000,
    };
    const test = exact[peerQuery] ?? ((h: string, p: number) => formatHostPort(h, p).toLowerCase().includes(peerQuery));
    if (!test(host, port)) return false;
  }
  if (filter.query === '') return true;
  if (filter.mode === 'hex') {
    const needle = Buffer.from(filter.query.replace(/[\s:,;-]|0x/g, ''), 'hex');
    return row.type === 'data' && naiveIncludes(row.bytes, needle, false);
  }
  if (row.type !== 'data') {
    const words = eventWords(row);
    return filter.matchCase ? words.includes(filter.query) : words.toLowerCase().includes(filter.query.toLowerCase());
  }
  return naiveIncludes(row.bytes, Buffer.from(filter.query), !filter.matchCase);
}

/** Every held row's seq that the plain reading matches. */
function expected(store: LogStore, filter: LogFilterInput): number[] {
  const seqs: number[] = [];
  for (let seq = store.first; seq < store.total; seq++) if (naiveMatch(store.get(seq)!, filter)) seqs.push(seq);
  return seqs;
}

/** Every match the index holds, read back page by page. */
function matchedSeqs(index: LogFilterIndex): number[] {
  const { first, total } = index.status();
  const seqs: number[] = [];
  for (let from = first; from < total; from += 2000) seqs.push(...index.page(from, 2000).rows.map((r) => r.seq));
  return seqs;
}

const filters: LogFilterInput[] = [
  { query: 'hello' },
  { query: 'Hello', matchCase: true },
  { query: 'HELLO AGAIN #1' },
  { query: 'héllo' },
  { query: 'de ad be ef', mode: 'hex' },
  { query: '0x48,0x45', mode: 'hex' },
  { directions: ['in'] },
  { directions: ['event', 'error'] },
  { query: 'econnreset' },
  { query: 'accepted [::1]:6000' },
  { peer: '127.0.0.1:5001' },
  { peer: '::1' },
  { peer: '[::1]:6000' },
  { peer: '10.0.0.2' },
  { peer: ':700' },
  { directions: ['out'], peer: '127.0.0.1', query: 'humidity=4' },
  { query: 'nothing like this' },
  {},
];

describe('LogStore#scan, what the filter reads', () => {
  it('walks exactly the held rows of a range, as get builds them, across the wrap of the ring and drops', () => {
    const store = new LogStore({ maxEntries: 1000, maxBytes: 1e12 });
    for (const e of mixedEvents(2500, 11)) store.append(e);
    expect(store.first).toBe(1500);
    const seen: LogRow[] = [];
    store.scan(1400, 2300, {
      data: (seq, direction, peer, buffer, offset, length) =>
        seen.push({ type: 'data', direction, peer, bytes: new Uint8Array(buffer, offset, length), seq } as LogRow),
      event: (_seq, row) => seen.push(row),
    });
    expect(seen.map((r) => r.seq)).toEqual(Array.from({ length: 800 }, (_, i) => 1500 + i));
    for (const row of seen) {
      const whole = store.get(row.seq)!;
      if (whole.type !== 'data') expect(row).toBe(whole);
      else expect(row).toMatchObject({ direction: whole.direction, peer: whole.peer, bytes: whole.bytes });
    }
  });

  it('gives the same matches as a log read through get alone', () => {
    const store = new LogStore({ maxEntries: 5000, maxBytes: 1e12 });
    for (const e of mixedEvents(8000, 12)) store.append(e);
    const getOnly = { first: store.first, total: store.total, get: (seq: number) => store.get(seq) };
    for (const input of filters) {
      const filter = logFilterSchema().parse(input);
      expect(matchedSeqs(new LogFilterIndex(store, filter, 1))).toEqual(matchedSeqs(new LogFilterIndex(getOnly, filter, 1)));
    }
  });
});

describe('LogFilterIndex on 50,000 mixed rows', () => {
  const store = new LogStore({ maxEntries: 100_000, maxBytes: 1e12 });
  for (const event of mixedEvents(50_000, 8)) store.append(event);

  it.each(filters.map((f) => [JSON.stringify(f), f] as const))('%s: the same rows as reading every row', (_name, input) => {
    const index = new LogFilterIndex(store, logFilterSchema().parse(input), 1);
    const want = expected(store, input);
    expect(index.status().matches).toBe(want.length);
    expect(matchedSeqs(index)).toEqual(want);
  });

  it('finds something for every filter that should (the log is mixed enough to prove anything)', () => {
    const counts = filters.map((f) => expected(store, f).length);
    expect(counts.filter((n) => n === 0)).toHaveLength(1); // "nothing like this"
    expect(counts.at(-1)).toBe(50_000);
  });

  it('pages carry real sequence numbers, previews, and the filter status', () => {
    const index = new LogFilterIndex(store, logFilterSchema().parse({ query: 'ping' }), 7);
    const { rows, status } = index.page(10, 5);
    expect(status).toMatchObject({ id: 7, first: 0, filter: { query: 'ping', mode: 'text' } });
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.seq)).toEqual(expected(store, { query: 'ping' }).slice(10, 15));
    expect(index.positionOf(rows[0]!.seq)).toBe(10);
    expect(index.positionOf(rows[0]!.seq + 0.5)).toBe(-1);
  });
});

describe('LogFilterIndex on rows where the query almost matches again and again', () => {
  it('finds the match after many near misses, in rows up to 64 KiB, either case', () => {
    const store = new LogStore({ maxEntries: 100, maxBytes: 1e12 });
    const peer = { host: '127.0.0.1', port: 1 };
    const rows = ['ab'.repeat(20) + 'aab', 'ab'.repeat(30), 'ab'.repeat(32_000) + 'AaB', 'ab'.repeat(32_000) + 'aab', 'aab'];
    for (const text of rows) store.append({ type: 'data', sessionId: 's1', time: 0, direction: 'in', peer, bytes: bytesOf(text) });
    const seqs = (input: LogFilterInput): number[] => matchedSeqs(new LogFilterIndex(store, logFilterSchema().parse(input), 1));
    expect(seqs({ query: 'aab', matchCase: true })).toEqual([0, 3, 4]);
    expect(seqs({ query: 'aab' })).toEqual([0, 2, 3, 4]);
    expect(seqs({ query: '61 61 62', mode: 'hex' })).toEqual([0, 3, 4]);
    expect(seqs({ query: 'abba' })).toEqual([]);
  });
});

describe('LogFilterIndex on short rows (searched in JS), at their edges', () => {
  it('finds the query at the start, at the end, as the whole row, in either case, and not past the row', () => {
    const store = new LogStore({ maxEntries: 100, maxBytes: 1e12 });
    const peer = { host: '127.0.0.1', port: 1 };
    const rows = ['abc', 'xxabc', 'ABCxx', 'ab', 'aBc', 'xabxbcx', 'cab', 'c', ''];
    // Rows 0-8 in a buffer of their own; row 9 a short view of a buffer that goes on with "abc".
    for (const text of rows) store.append({ type: 'data', sessionId: 's1', time: 0, direction: 'in', peer, bytes: bytesOf(text) });
    store.append({ type: 'data', sessionId: 's1', time: 0, direction: 'in', peer, bytes: bytesOf('xxab|abc').subarray(0, 4) });
    const seqs = (input: LogFilterInput): number[] => matchedSeqs(new LogFilterIndex(store, logFilterSchema().parse(input), 1));
    expect(seqs({ query: 'abc' })).toEqual([0, 1, 2, 4]);
    expect(seqs({ query: 'abc', matchCase: true })).toEqual([0, 1]);
    expect(seqs({ query: 'C' })).toEqual([0, 1, 2, 4, 5, 6, 7]);
    expect(seqs({ query: 'C', matchCase: true })).toEqual([2]);
    expect(seqs({ query: 'xab' })).toEqual([1, 5, 9]);
    expect(seqs({ query: 'ab|' })).toEqual([]);
    expect(seqs({ query: '61 62', mode: 'hex' })).toEqual([0, 1, 3, 5, 6, 9]);
    expect(seqs({ query: 'abcabc' })).toEqual([]);
  });
});

describe('LogFilterIndex as the log moves', () => {
  it('scans only new rows, and positions never move', () => {
    const events = mixedEvents(60_000, 3);
    const store = new LogStore({ maxEntries: 100_000, maxBytes: 1e12 });
    for (const e of events.slice(0, 50_000)) store.append(e);
    const input: LogFilterInput = { query: 'hello', directions: ['in', 'event'] };
    const index = new LogFilterIndex(store, logFilterSchema().parse(input), 1);
    const before = matchedSeqs(index);

    // Count the rows the index reads from now on: only the new ones.
    let reads = 0;
    const counting = {
      first: 0,
      get total(): number {
        return store.total;
      },
      get: (seq: number): LogRow | undefined => {
        reads++;
        return store.get(seq);
      },
    };
    const watched = new LogFilterIndex(counting, logFilterSchema().parse(input), 2);
    // Every row once, and a sample of payloads to pick the rarest byte of the query.
    expect(reads).toBeGreaterThanOrEqual(50_000);
    expect(reads).toBeLessThanOrEqual(50_000 + 1024);
    const built = reads;
    for (const e of events.slice(50_000, 55_000)) store.append(e);
    watched.status();
    index.status();
    expect(reads - built).toBe(5_000);
    watched.status();
    expect(reads - built).toBe(5_000);
    for (const e of events.slice(55_000)) store.append(e);

    const after = matchedSeqs(index);
    expect(after).toEqual(expected(store, input));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(index.positionOf(before.at(-1)!)).toBe(before.length - 1);
    expect(matchedSeqs(watched)).toEqual(after);
  });

  it('forgets matches of dropped rows: counts held rows only, keeps positions, releases memory', () => {
    const events = mixedEvents(50_000, 5);
    const store = new LogStore({ maxEntries: 10_000, maxBytes: 1e12 });
    for (const e of events.slice(0, 10_000)) store.append(e);
    const input: LogFilterInput = { query: 'hello' };
    const index = new LogFilterIndex(store, logFilterSchema().parse(input), 1);
    const firstRound = matchedSeqs(index);
    const lastOfFirstRound = firstRound.at(-1)!;

    for (let i = 10_000; i < 50_000; i += 997) {
      for (const e of events.slice(i, i + 997)) store.append(e);
      const status = index.status();
      const want = expected(store, input);
      expect(status.matches).toBe(want.length);
      expect(status.total - status.first).toBe(want.length);
      expect(index.page(status.first, 1).rows[0]?.seq).toBe(want[0]);
    }
    expect(store.first).toBe(40_000);
    expect(matchedSeqs(index)).toEqual(expected(store, input));
    // The match list's positions kept counting: dropped matches are below first, not renumbered.
    const { first, total } = index.status();
    expect(first).toBeGreaterThan(firstRound.length);
    expect(index.positionOf(lastOfFirstRound)).toBe(-1);
    expect(index.page(0, first).rows).toEqual([]);
    expect(total).toBe(first + expected(store, input).length);
    // Bounded by what is held: the index never holds more slots than a few times the held matches.
    const slots = (index as unknown as { seqs: Float64Array }).seqs.length;
    expect(slots).toBeLessThanOrEqual(Math.max(1024, 4 * (total - first)));

    store.clear();
    expect(index.status()).toMatchObject({ matches: 0, first: total, total });
    for (const e of mixedEvents(100, 9)) store.append(e);
    expect(index.status().matches).toBe(expected(store, input).length);
    expect(index.status().first).toBe(total);
  });
});

describe('the filter through the commands and the batches', () => {
  const engine = new Engine();
  const router = createRouter(engine);
  afterEach(() => engine.closeAll());

  it('a bad hex query is refused with the composer problem, at the query', async () => {
    const a = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    const answer = await router.handle('setFilter', { sessionId: a.id, filter: { query: '48 6G', mode: 'hex' } });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'filter.query', problem: { key: 'hexBadDigit', params: { char: 'G', position: 5 } } },
    });
    const long = await router.handle('setFilter', { sessionId: a.id, filter: { peer: 'x'.repeat(1001) } });
    expect(long).toMatchObject({ ok: false, error: { field: 'filter.peer', problem: { key: 'filterTooLong', params: { limit: 1000 } } } });
    const none = await router.handle('getRows', { sessionId: a.id, from: 0, count: 10, filtered: true });
    expect(none).toMatchObject({ ok: false, error: { code: 'NO_FILTER', problem: { key: 'noFilter' } } });
  });

  it('filters real traffic, pages the matches and keeps every window told of the count', async () => {
    const batches: UpdateBatch[] = [];
    const batcher = new UpdateBatcher(engine, (b) => batches.push(b), { intervalMs: 20, tailLimit: 1000 });
    const rec = record(engine);
    const a = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    const b = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    const sendAll = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i++) {
        await engine.send(a.id, bytesOf(i % 3 === 0 ? `Temp ${i}` : `other ${i}`), {
          kind: 'peer',
          host: '127.0.0.1',
          port: b.local!.port,
        });
        if (i % 20 === 19) await new Promise((r) => setImmediate(r));
      }
      await rec.until(() => engine.info(b.id).counters.messagesIn === to, 5000, `${to} datagrams`);
    };
    await sendAll(0, 30);

    const set = await router.handle('setFilter', { sessionId: b.id, filter: { query: 'temp', directions: ['in'] } });
    expect(set).toMatchObject({ ok: true, value: { id: expect.any(Number), filter: { first: 0, total: 10, matches: 10 } } });
    const page = await router.handle('getRows', { sessionId: b.id, from: 8, count: 5, filtered: true });
    expect(page.ok).toBe(true);
    const rows = page.ok ? (page.value as { rows: LogRow[] }).rows : [];
    // Row 0 is "listening"; datagram i is row i + 1.
    expect(rows.map((r) => r.seq)).toEqual([25, 28]);

    batcher.flush();
    batches.length = 0;
    await sendAll(30, 60);
    await sleep(60);
    const updates = batches.flatMap((x) => x.logs.filter((l) => l.sessionId === b.id));
    expect(updates.at(-1)?.filter).toMatchObject({ matches: 20, first: 0, total: 20 });
    // Each batch says where its new rows sit among the matches: every new match once, in order.
    expect(updates.flatMap((u) => (u.filter && 'tail' in u.filter ? u.filter.tail : []))).toEqual(
      // datagram 3k is a match at position k, and row 3k + 1
      Array.from({ length: 10 }, (_, k) => ({ position: 10 + k, seq: 31 + 3 * k })),
    );
    const unfiltered = await router.handle('getRows', { sessionId: b.id, from: 0, count: 0 });
    expect(unfiltered).toMatchObject({ ok: true, value: { first: 0, total: 61, rows: [], filter: { matches: 20 } } });

    // Removed: the batches say so with a newer id, so a window can tell it from an older word.
    batches.length = 0;
    const removed = await router.handle('setFilter', { sessionId: b.id, filter: null });
    const setId = set.ok ? (set.value as { id: number }).id : 0;
    expect(removed).toEqual({ ok: true, value: { id: setId + 1, filter: null } });
    batcher.flush();
    expect(batches.at(-1)?.logs.find((l) => l.sessionId === b.id)?.filter).toEqual({ id: setId + 1, filter: null });
    expect(batches.at(-1)?.logs.find((l) => l.sessionId === a.id)?.filter).toBeUndefined();
    batcher.stop();
    rec.stop();
  });
});
