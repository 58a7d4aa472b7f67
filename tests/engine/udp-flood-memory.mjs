// Drives the built engine (out/main/engine.js) with COUNT datagrams of 64 B into one UDP session,
// in a fresh `node --expose-gc` process, and prints one JSON line: what was logged and what the
// process holds after gc. Run by memory-bound.test.ts; by hand: node --expose-gc this-file BUDGET_MIB COUNT
import dgram from 'node:dgram';
import { createRequire } from 'node:module';

const MiB = 1024 * 1024;
const [budgetMiB, count] = process.argv.slice(2).map(Number);
const { Engine } = createRequire(import.meta.url)('../../out/main/engine.js');

const settle = () => new Promise((resolve) => setImmediate(resolve));
async function measure() {
  await settle();
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { rss: m.rss, held: m.heapUsed + m.arrayBuffers };
}

const engine = new Engine({ logBudgetBytes: budgetMiB * MiB });
let logged = 0;
engine.subscribe({ event: (e) => void (e.type === 'data' && e.direction === 'in' && logged++) });
const session = await engine.open({
  kind: 'udp',
  host: '127.0.0.1',
  port: 0,
  autoReply: { mode: 'none', text: '', closeAfterReply: false },
});
const sender = dgram.createSocket('udp4');
await new Promise((resolve) => sender.bind(0, '127.0.0.1', resolve));
const payload = Buffer.alloc(64, 0x61);
const before = await measure();
const started = Date.now();
// A few at a time, letting the receiver read between bursts: loopback then drops (nearly) nothing.
for (let sent = 0; sent < count; sent += 32) {
  await Promise.all(
    Array.from({ length: Math.min(32, count - sent) }, () => new Promise((r) => sender.send(payload, session.local.port, '127.0.0.1', r))),
  );
  await settle();
}
for (let last = -1; last !== logged;) {
  last = logged;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const after = await measure();
const settings = engine.settings();
const rows = engine.rows(session.id, 0, 0);
sender.close();
await engine.closeAll();
process.stdout.write(
  JSON.stringify({
    logged,
    counted: engine.info(session.id).counters.messagesIn,
    held: rows.total - rows.first,
    settings,
    before,
    after,
    ms: Date.now() - started,
  }) + '\n',
);
