// Socket Lab benchmark: `npm run bench` (builds, then `node --expose-gc ./bench/run.mjs`).
//
// Project rule: speed and memory targets are proved here, as ratios against a reference measured
// in the same run (raw node:net, a plain array, Array#slice), never as absolute timings in unit
// tests. Absolute numbers vary from machine to machine; the ratios are what to compare.
// Loopback only (127.0.0.1), port 0 everywhere, every loop bounded, the whole run well under 60 s.
import net from 'node:net';
import os from 'node:os';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

// The engine is built as plain CommonJS (out/main/engine.js) by `npm run build`.
const require = createRequire(import.meta.url);
const { Engine, UpdateBatcher, LogStore } = require('../out/main/engine.js');

const HOST = '127.0.0.1';
const KiB = 1024;
const MiB = 1024 * KiB;

// Sizes: big enough to swamp start-up costs, small enough for 2 cores in well under a minute.
const STREAM_BYTES = 256 * MiB;
const CHUNK_BYTES = 64 * KiB;
const STREAM_ROUNDS = 5; // engine and raw runs interleaved; the median round is reported
const UI_MESSAGES = 100_000;
const UI_MESSAGE_BYTES = 16;
const MEMORY_EVENTS = 1_000_000;
// The byte budget leaves room for 100k small rows (~716 B each as the store counts them), so the entry cap binds.
const STORE_LIMITS = { maxEntries: 100_000, maxBytes: 128 * MiB };
const PAGE_ROWS = 200;
const PAGE_FETCHES = 20_000;
const PAGE_PASSES = 5;
const WATCHDOG_MS = 90_000;

// ---------- small helpers ----------

const now = () => performance.now();
const mibPerSec = (bytes, ms) => bytes / MiB / (ms / 1000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const int = (n) => Math.round(n).toLocaleString('en-US');
const mib = (bytes) => `${fmt(bytes / MiB)} MiB`;
const ratio = (a, b) => (b === 0 ? 'n/a' : `${a / b >= 0.01 ? fmt(a / b, 2) : (a / b).toExponential(2)}x`);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Deterministic random numbers, so every run fetches the same pages. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts a raw node:net server on a free loopback port. */
function listen(onConnection) {
  return new Promise((resolve, reject) => {
    const server = net.createServer(onConnection);
    server.once('error', reject);
    server.listen({ host: HOST, port: 0 }, () => resolve(server));
  });
}

const closeServer = (server) => new Promise((resolve) => server.close(() => resolve()));

/** Writes `total` bytes in CHUNK_BYTES pieces, waiting for 'drain' whenever write() says so. */
async function rawWriteAll(socket, total, chunk) {
  for (let sent = 0; sent < total; sent += chunk.length) {
    if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve));
  }
}

const tcpClientInput = (port) => ({ kind: 'tcp-client', host: HOST, port, connectTimeoutMs: 5_000 });
const tcpServerInput = () => ({ kind: 'tcp-server', host: HOST, port: 0, autoReply: { mode: 'none', text: '', closeAfterReply: false } });

/** Runs `fn` with a fresh engine and always closes it, so no socket outlives its figure. */
async function withEngine(fn, options) {
  const engine = new Engine(options);
  try {
    return await fn(engine);
  } finally {
    await engine.closeAll();
  }
}

/** Runs the engine and the raw variant alternately, so drift on a shared machine hits both alike.
 * Round 0 is a discarded warm-up (JIT, fresh memory pages). Returns every measured round as
 * { engineMs, rawMs, ratio } sorted by the engine/raw speed ratio; the middle one is reported,
 * which is robust to one noisy round and keeps the printed rates consistent with the ratio. */
async function interleaved(rounds, engineRun, rawRun) {
  await rawRun();
  await engineRun();
  const results = [];
  for (let i = 0; i < rounds; i++) {
    const rawMs = await rawRun();
    const engineMs = await engineRun();
    results.push({ engineMs, rawMs, ratio: rawMs / engineMs }); // speed ratio = inverse time ratio
  }
  return results.sort((x, y) => x.ratio - y.ratio);
}

const middle = (rounds) => rounds[Math.floor(rounds.length / 2)];
/** "0.85x (0.80x..0.90x over 5 rounds)": the median round's ratio and the range over all rounds. */
const spread = (rounds) =>
  `${fmt(middle(rounds).ratio, 2)}x (${fmt(rounds[0].ratio, 2)}x..${fmt(rounds[rounds.length - 1].ratio, 2)}x over ${rounds.length} rounds)`;

// ---------- 1. TCP send throughput ----------

/** A raw sink server that counts bytes; `received(total)` resolves once that many arrived. */
async function startSink() {
  let count = 0;
  let waiter = null;
  const server = await listen((socket) => {
    socket.on('data', (buf) => {
      count += buf.length;
      if (waiter && count >= waiter.total) waiter.resolve();
    });
    socket.on('error', () => undefined);
  });
  return {
    port: server.address().port,
    received(total) {
      count = 0;
      return new Promise((resolve) => (waiter = { total, resolve }));
    },
    close: () => closeServer(server),
  };
}

async function sendRaw(sink, chunk) {
  const done = sink.received(STREAM_BYTES);
  const socket = net.connect({ host: HOST, port: sink.port });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const t0 = now();
  await rawWriteAll(socket, STREAM_BYTES, chunk);
  await done; // timed until the sink has every byte, not just until it is queued
  const ms = now() - t0;
  socket.destroy();
  return ms;
}

async function sendEngine(sink, chunk) {
  return withEngine(async (engine) => {
    const done = sink.received(STREAM_BYTES);
    const { id } = await engine.open(tcpClientInput(sink.port));
    const t0 = now();
    // engine.send logs the chunk (the store keeps a reference) and waits for 'drain' when needed.
    for (let sent = 0; sent < STREAM_BYTES; sent += chunk.length) await engine.send(id, chunk, { kind: 'default' });
    await done;
    return now() - t0;
  });
}

async function benchSend() {
  const sink = await startSink();
  const chunk = Buffer.alloc(CHUNK_BYTES, 0x61);
  try {
    return await interleaved(
      STREAM_ROUNDS,
      () => sendEngine(sink, chunk),
      () => sendRaw(sink, chunk),
    );
  } finally {
    await sink.close();
  }
}

// ---------- 2. TCP receive throughput ----------

/** A raw server that floods STREAM_BYTES to each client; `accepted()` resolves with the time it accepted. */
async function startFlood() {
  const chunk = Buffer.alloc(CHUNK_BYTES, 0x62);
  let onAccept = null;
  const server = await listen((socket) => {
    socket.on('error', () => undefined);
    onAccept?.(now());
    rawWriteAll(socket, STREAM_BYTES, chunk).then(
      () => socket.end(),
      () => socket.destroy(),
    );
  });
  return {
    port: server.address().port,
    accepted: () => new Promise((resolve) => (onAccept = resolve)),
    close: () => closeServer(server),
  };
}

async function receiveRaw(flood) {
  const accepted = flood.accepted();
  const socket = net.connect({ host: HOST, port: flood.port });
  let count = 0;
  const done = new Promise((resolve, reject) => {
    socket.on('data', (buf) => {
      count += buf.length;
      if (count >= STREAM_BYTES) resolve(now());
    });
    socket.once('error', reject);
  });
  const ms = (await done) - (await accepted);
  socket.destroy();
  return ms;
}

async function receiveEngine(flood) {
  return withEngine(async (engine) => {
    const accepted = flood.accepted();
    let count = 0;
    let finish;
    const done = new Promise((resolve) => (finish = resolve));
    // A listener that only counts: the engine itself copies and logs every chunk.
    engine.subscribe({
      event(e) {
        if (e.type === 'data' && e.direction === 'in' && (count += e.bytes.byteLength) >= STREAM_BYTES) finish(now());
      },
    });
    await engine.open(tcpClientInput(flood.port));
    return (await done) - (await accepted);
  });
}

async function benchReceive() {
  const flood = await startFlood();
  try {
    return await interleaved(
      STREAM_ROUNDS,
      () => receiveEngine(flood),
      () => receiveRaw(flood),
    );
  } finally {
    await flood.close();
  }
}

// ---------- 3. UI batching ----------

/** What IPC would carry: JSON with payload bytes as base64. */
const jsonBytes = (value) =>
  Buffer.byteLength(
    JSON.stringify(value, (_key, v) =>
      v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : v,
    ),
  );

/** Sends `count` small messages, one write per event-loop turn, so most arrive as separate reads. */
async function trickle(port, count, size) {
  const socket = net.connect({ host: HOST, port });
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const message = Buffer.alloc(size, 0x63);
  for (let i = 0; i < count; i++) {
    if (!socket.write(message)) await new Promise((resolve) => socket.once('drain', resolve));
    await nextTurn();
  }
  return socket;
}

async function benchBatching() {
  return withEngine(async (engine) => {
    const batches = { count: 0, bytes: 0, maxBytes: 0, maxRows: 0, rows: 0 };
    const batcher = new UpdateBatcher(
      engine,
      (batch) => {
        const size = jsonBytes(batch);
        batches.count++;
        batches.bytes += size;
        batches.maxBytes = Math.max(batches.maxBytes, size);
        for (const log of batch.logs) {
          batches.rows += log.rows.length;
          batches.maxRows = Math.max(batches.maxRows, log.rows.length);
        }
      },
      { intervalMs: 30 },
    );
    const server = await engine.open(tcpServerInput());
    const total = UI_MESSAGES * UI_MESSAGE_BYTES;
    let received = 0;
    let finish;
    const done = new Promise((resolve) => (finish = resolve));
    engine.subscribe({
      event(e) {
        if (e.type === 'data' && e.direction === 'in' && (received += e.bytes.byteLength) >= total) finish();
      },
    });
    const t0 = now();
    const client = await trickle(server.local.port, UI_MESSAGES, UI_MESSAGE_BYTES);
    await done;
    const ms = now() - t0;
    batcher.stop(); // flushes the last batch
    client.destroy();
    // Reference: one IPC message per logged event (what a naive bridge would send).
    const perEvent = perEventJson(engine, server.id);
    return { ms, batches, perEvent };
  });
}

/** JSON size of every logged row sent on its own, and how many of them were data events. */
function perEventJson(engine, sessionId) {
  const { first, total } = engine.rows(sessionId, 0, 0);
  let bytes = 0;
  let dataEvents = 0;
  let events = 0;
  for (let from = first; from < total; from += 2000) {
    for (const row of engine.rows(sessionId, from, 2000).rows) {
      bytes += jsonBytes(row);
      events++;
      if (row.type === 'data') dataEvents++;
    }
  }
  return { bytes, events, dataEvents };
}

// ---------- 4. Memory bound ----------

const gc = globalThis.gc ?? null;
const settle = () => {
  if (gc) for (let i = 0; i < 3; i++) gc();
};
/** Heap plus off-heap array buffers: a payload may live in either. */
const memoryNow = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const peer = { host: HOST, port: 40000 };
/** One small received-data event, shaped like the engine's (fresh payload copy, shared peer). */
const smallEvent = (i) => ({
  type: 'data',
  direction: 'in',
  sessionId: 's1',
  time: 1_700_000_000_000 + i,
  connectionId: 'c1',
  peer,
  bytes: new Uint8Array(UI_MESSAGE_BYTES),
});

/** Fills a container with MEMORY_EVENTS events; reports the memory it holds and the time taken. */
function measureFill(makeContainer, add) {
  settle();
  const before = memoryNow();
  const t0 = now();
  const container = makeContainer();
  for (let i = 0; i < MEMORY_EVENTS; i++) add(container, smallEvent(i), i);
  const ms = now() - t0;
  settle();
  const held = memoryNow() - before;
  return { held, ms, keepAlive: container };
}

function benchMemory() {
  const store = measureFill(
    () => new LogStore(STORE_LIMITS),
    (s, e) => s.append(e),
  );
  const { first, total } = store.keepAlive;
  store.keepAlive = null; // let it go before measuring the reference
  // Reference: an unbounded log keeping the same row shape the store keeps.
  const array = measureFill(
    () => [],
    (a, e, i) => a.push({ ...e, seq: i, size: e.bytes.byteLength }),
  );
  const kept = array.keepAlive.length;
  array.keepAlive = null;
  settle();
  return { store, array, first, total, kept };
}

// ---------- 5. Log page fetch ----------

function benchPages() {
  // Overfill so the store has dropped old rows: `first` > 0, as in a long session.
  const store = new LogStore(STORE_LIMITS);
  for (let i = 0; i < STORE_LIMITS.maxEntries * 1.5; i++) store.append(smallEvent(i));
  const array = [];
  for (let i = 0; i < STORE_LIMITS.maxEntries; i++) array.push({ ...smallEvent(i), seq: i });

  const random = prng(42);
  const offsets = Array.from({ length: PAGE_FETCHES }, () => Math.floor(random() * (STORE_LIMITS.maxEntries - PAGE_ROWS)));
  const base = store.first;
  let sink = 0; // consumed so neither loop is optimised away
  const pass = (fn) => {
    const t0 = now();
    for (const off of offsets) sink += fn(off);
    return (now() - t0) / PAGE_FETCHES;
  };
  const page = (off) => store.page(base + off, PAGE_ROWS).rows.length;
  const slice = (off) => array.slice(off, off + PAGE_ROWS).length;
  pass(page); // warm-up: let the JIT optimise both before timing
  pass(slice);
  // A slice takes well under a microsecond, so one pass is noisy: median of interleaved passes.
  const storeRuns = [];
  const sliceRuns = [];
  for (let i = 0; i < PAGE_PASSES; i++) {
    storeRuns.push(pass(page));
    sliceRuns.push(pass(slice));
  }
  if (sink !== (PAGE_PASSES + 1) * 2 * PAGE_FETCHES * PAGE_ROWS) throw new Error('a page came back short');
  const storeMs = median(storeRuns);
  const sliceMs = median(sliceRuns);
  return { storeMs, sliceMs };
}

// ---------- report ----------

function printTable(rows) {
  const header = ['#', 'figure', 'engine', 'reference', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Runs one figure and says how long it took, so a slow step is easy to spot. */
async function step(label, fn) {
  const t0 = now();
  const result = await fn();
  console.log(`  ${label}: ${fmt((now() - t0) / 1000)} s`);
  return result;
}

function printEnvironment() {
  const cpus = os.cpus();
  console.log(
    `env: node ${process.version}, ${os.platform()}/${os.arch()}, ${cpus.length} cpus (${cpus[0]?.model.trim() ?? '?'}), ` +
      `${fmt(os.totalmem() / 1024 ** 3)} GiB RAM, gc ${gc ? 'exposed' : 'NOT exposed (run with --expose-gc for exact memory figures)'}`,
  );
}

function printResults({ send, recv, ui, mem, pages }) {
  const sendEng = mibPerSec(STREAM_BYTES, middle(send).engineMs);
  const sendRef = mibPerSec(STREAM_BYTES, middle(send).rawMs);
  const recvEng = mibPerSec(STREAM_BYTES, middle(recv).engineMs);
  const recvRef = mibPerSec(STREAM_BYTES, middle(recv).rawMs);
  const events = ui.perEvent.dataEvents;
  const seconds = ui.ms / 1000;

  console.log('');
  printTable([
    [
      '1',
      `TCP send ${STREAM_BYTES / MiB} MiB, ${CHUNK_BYTES / KiB} KiB chunks (MiB/s)`,
      fmt(sendEng),
      `${fmt(sendRef)} raw net`,
      `${ratio(sendEng, sendRef)} engine/raw`,
    ],
    [
      '2',
      `TCP receive ${STREAM_BYTES / MiB} MiB flood (MiB/s)`,
      fmt(recvEng),
      `${fmt(recvRef)} raw net`,
      `${ratio(recvEng, recvRef)} engine/raw`,
    ],
    [
      '3a',
      `UI updates for ${int(events)} data events (messages)`,
      `${int(ui.batches.count)} batches`,
      `${int(events)} events`,
      `${ratio(ui.batches.count, events)} batches/events`,
    ],
    [
      '3b',
      'UI IPC volume as JSON',
      mib(ui.batches.bytes),
      `${mib(ui.perEvent.bytes)} per-event`,
      `${ratio(ui.batches.bytes, ui.perEvent.bytes)} batched/per-event`,
    ],
    [
      '4a',
      `memory held after ${int(MEMORY_EVENTS)} events`,
      mib(mem.store.held),
      `${mib(mem.array.held)} array`,
      `${ratio(mem.store.held, mem.array.held)} store/array`,
    ],
    [
      '4b',
      `time to log ${int(MEMORY_EVENTS)} events, GC included (ms)`,
      fmt(mem.store.ms, 0),
      `${fmt(mem.array.ms, 0)} array`,
      `${ratio(mem.store.ms, mem.array.ms)} store/array`,
    ],
    [
      '5',
      `page(from, ${PAGE_ROWS}) at random offsets (µs/call)`,
      fmt(pages.storeMs * 1000, 2),
      `${fmt(pages.sliceMs * 1000, 2)} slice`,
      `${ratio(pages.storeMs, pages.sliceMs)} store/slice`,
    ],
  ]);

  console.log('');
  console.log('conclusions:');
  console.log(
    `  1. Sending, the engine runs at ${spread(send)} the raw socket's rate ` +
      `(every chunk is logged and awaited, 'drain' respected; the sink runs in this process too).`,
  );
  console.log(
    `  2. Receiving, the engine runs at ${spread(recv)} the raw socket's rate ` +
      `while copying every chunk into its own buffer and keeping it in the log (up to the default 256 MiB).`,
  );
  console.log(
    `  3. ${int(UI_MESSAGES)} x ${UI_MESSAGE_BYTES} B messages arrived as ${int(events)} reads in ${fmt(seconds, 2)} s and reached the UI as ` +
      `${int(ui.batches.count)} batches (${fmt(events / Math.max(1, ui.batches.count))} events/batch, ${fmt(ui.batches.count / seconds)} batches/s); ` +
      `batches carried ${int(ui.batches.rows)} rows, at most ${ui.batches.maxRows} (the tail cap) and ${fmt(ui.batches.maxBytes / KiB)} KiB in one, ` +
      `so IPC volume is bounded by batch rate x tail cap, not by the traffic.`,
  );
  const rowsKept = mem.total - mem.first;
  console.log(
    `  4. The store keeps only rows ${int(mem.first)}..${int(mem.total - 1)} and holds ` +
      `${ratio(mem.store.held, mem.array.held)} the memory of an array keeping all ${int(mem.kept)}` +
      `${gc ? '' : ' (no --expose-gc: figures include garbage, treat as rough)'}; memory stays flat however long the session runs.`,
  );
  // Per-row cost only means something after a real GC; without one it is mostly garbage.
  if (gc) {
    console.log(
      `     Measured ~${int(mem.store.held / rowsKept)} B per kept ${UI_MESSAGE_BYTES} B row: ${int(rowsKept)} rows take ${mib(mem.store.held)}, ` +
        `${mem.store.held > STORE_LIMITS.maxBytes ? 'more than' : 'within'} the ${mib(STORE_LIMITS.maxBytes)} byte budget ` +
        `(it counts payload plus a fixed per-row estimate), so for tiny packets the entry cap is what bounds memory.`,
    );
  }
  console.log(
    `  5. A ${PAGE_ROWS}-row page from a full ${int(STORE_LIMITS.maxEntries)}-row store costs ${ratio(pages.storeMs, pages.sliceMs)} a bare slice ` +
      `(page() reads every row to build previews; slice only copies pointers), i.e. ${fmt(pages.storeMs * 1000, 1)} µs per call (a 60 Hz frame is 16,667 µs).`,
  );
}

async function main() {
  // Every loop is bounded, but a stuck socket must not hang CI: give up loudly instead.
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 1000} s, giving up.`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  const started = now();
  printEnvironment();
  const results = {
    send: await step('1/5 TCP send', benchSend),
    recv: await step('2/5 TCP receive', benchReceive),
    ui: await step('3/5 UI batching', benchBatching),
    mem: await step('4/5 memory bound', benchMemory),
    pages: await step('5/5 log page fetch', benchPages),
  };
  printResults(results);
  console.log(`\ndone in ${fmt((now() - started) / 1000)} s`);
}

await main();
