// Backpressure end to end: an echo server whose client sends fast and never reads stops reading from
// that client once the replies pile up, so 300 MB sent its way cannot grow memory; once the client
// reads, everything flows again and every byte is counted exactly. Real sockets on 127.0.0.1.
import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { replyHighWaterBytes } from '../../src/main/engine/kinds/tcp/connection';
import { autoReplySchema } from '../../src/shared/contract';
import { isType, record, sleep } from './helpers';

const MiB = 1024 * 1024;
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function memory(): Promise<{ held: number; rss: number }> {
  await new Promise((r) => setImmediate(r));
  gc();
  gc();
  const m = process.memoryUsage();
  return { held: m.heapUsed + m.arrayBuffers, rss: m.rss };
}

let engine: Engine | null = null;
let client: net.Socket | null = null;
afterEach(async () => {
  client?.destroy();
  await engine?.closeAll();
});

it('an echo server stops reading from a client that never reads, then delivers all 300 MB once it does', { timeout: 120_000 }, async () => {
  // A small log budget, so what is measured is the connection, not the log.
  engine = new Engine({ logBudgetBytes: 16 * MiB });
  const rec = record(engine);
  const server = await engine.open({
    kind: 'tcp-server',
    host: '127.0.0.1',
    port: 0,
    autoReply: autoReplySchema().parse({ mode: 'echo' }),
  });
  const total = 300 * MiB;
  const chunk = Buffer.alloc(MiB, 0x5a);
  const socket = net.connect({ host: '127.0.0.1', port: server.local!.port });
  client = socket;
  socket.pause(); // never reads, for now
  let echoed = 0;
  socket.on('data', (d: Buffer) => void (echoed += d.length));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  await rec.waitFor(isType('accepted', server.id));
  rec.stop(); // a recorder keeps every event: it would hold all 300 MB
  rec.events.length = 0;
  const before = await memory();

  // Writes as a careful sender does (waiting for 'drain'); `stalled` once a drain takes a second.
  let written = 0;
  let stalled = false;
  let resume: (() => void) | null = null;
  const writing = (async () => {
    while (written < total) {
      written += chunk.length;
      if (socket.write(chunk)) continue;
      const drained = await Promise.race([new Promise<boolean>((r) => socket.once('drain', () => r(true))), sleep(1000).then(() => false)]);
      if (!drained) {
        stalled = true;
        await new Promise<void>((r) => (resume = r));
        await new Promise<void>((r) => (socket.writableLength === 0 ? r() : socket.once('drain', () => r())));
      }
    }
  })();

  const deadline = Date.now() + 30_000;
  while (!stalled && Date.now() < deadline) await sleep(50);
  expect(stalled, 'the client was never held back').toBe(true);
  // Held back long before 300 MB: the server read only about what its replies may queue, plus the kernel's buffers.
  expect(written).toBeLessThan(total / 4);
  const readAtStall = engine.info(server.id).counters.bytesIn;
  await sleep(500);
  const info = engine.info(server.id);
  expect(info.counters.bytesIn).toBe(readAtStall); // not reading at all
  expect(info.counters.bytesQueued).toBeGreaterThan(replyHighWaterBytes);
  expect(info.counters.bytesQueued).toBeLessThan(replyHighWaterBytes + 4 * MiB);
  expect(info.connections[0]!.bytesQueued).toBe(info.counters.bytesQueued);
  expect(info.counters.bytesOut + info.counters.bytesQueued!).toBe(info.counters.bytesIn);
  const stalledAt = await memory();
  expect(stalledAt.held - before.held).toBeLessThan(48 * MiB);
  expect(stalledAt.rss - before.rss).toBeLessThan(100 * MiB);

  // The client reads: the replies drain, the server reads again, and the rest of the 300 MB flows.
  socket.resume();
  (resume as (() => void) | null)?.();
  await writing;
  while (echoed < total && Date.now() < deadline + 60_000) await sleep(50);
  expect(echoed).toBe(total);
  while (engine.info(server.id).counters.bytesQueued !== 0 && Date.now() < deadline + 65_000) await sleep(20);
  const end = engine.info(server.id);
  expect(end.counters).toMatchObject({ bytesIn: total, bytesOut: total, bytesQueued: 0 });
  expect(end.counters.messagesOut).toBe(end.counters.messagesIn); // one reply per chunk read
  expect(end.connections[0]).toMatchObject({ bytesIn: total, bytesOut: total, bytesQueued: 0 });
  expect((await memory()).held - before.held).toBeLessThan(48 * MiB);
});
