// What one log row really costs, measured on its own: each kind of row in a fresh `node --expose-gc`
// process that appends N rows (built as the engine builds them) to a fresh store and reads the growth
// after gc. The figures behind the row costs in src/main/engine/log-store.ts. Needs `npm run build`.
// Usage: node bench/row-cost.mjs [rows]   (the parent spawns one child per payload size)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Data rows by payload size, then rows without a payload: a connection accepted, an error.
// "own64": 64 B on a buffer of their own (a small send, say), not in a slab.
const kinds = ['0', '16', '64', '512', '1400', '65536', 'own64', 'accepted', 'error'];
const here = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const [kind, rows] = [process.argv[3], Number(process.argv[4])];
  const size = kind === 'own64' ? 64 : Number(kind) || 0;
  const { LogStore, PayloadSlab } = createRequire(here)('../out/main/engine.js');
  const payloads = new PayloadSlab();
  const store = new LogStore({ maxEntries: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER }, 's1');
  const peer = { host: '127.0.0.1', port: 40000 };
  const measure = () => {
    globalThis.gc();
    globalThis.gc();
    const m = process.memoryUsage();
    return { v8: m.heapUsed + m.arrayBuffers, rss: m.rss };
  };
  const before = measure();
  const problem = { key: 'reset', params: { where: '127.0.0.1:40000' } };
  for (let i = 0; i < rows; i++) {
    let event;
    if (kind === 'accepted') {
      // A new connection: its own id, peer and local address.
      const local = { host: '127.0.0.1', port: 9000 };
      event = { type: 'accepted', connectionId: `c${i}`, local, peer: { host: '127.0.0.1', port: 40000 + (i % 20000) } };
    } else if (kind === 'error') {
      const message = `The peer 127.0.0.1:${40000 + (i % 20000)} reset the connection.`;
      event = { type: 'error', code: 'ECONNRESET', message, problem, connectionId: `c${i}`, peer };
    } else if (kind === 'own64') {
      event = { type: 'data', direction: 'out', connectionId: '127.0.0.1:40000', peer, bytes: new Uint8Array(64).fill(0x62) };
    } else {
      // As node:dgram / node:net hand a payload over (its own memory, written by the read), kept as the engine keeps it.
      const bytes = payloads.keep(Buffer.allocUnsafeSlow(size).fill(0x61));
      event = { type: 'data', direction: 'in', connectionId: '127.0.0.1:40000', peer, bytes };
    }
    // As SessionBase.emit stamps the event in place and LogStore.append adds its seq.
    event.sessionId = 's1';
    event.time = Date.now();
    store.append(event);
  }
  const after = measure();
  if (store.size !== rows) throw new Error('the store dropped rows');
  const per = (a, b) => Math.round((a - b) / rows - size);
  process.stdout.write(JSON.stringify({ rows, v8: per(after.v8, before.v8), rss: per(after.rss, before.rss) }) + '\n');
} else {
  const rows = Number(process.argv[2] ?? 200_000);
  console.log(`Per-row cost over the payload, ${rows.toLocaleString('en-US')} rows per fresh process (Node ${process.version}):`);
  console.log('row (payload B)   heapUsed+arrayBuffers B   RSS B');
  for (const kind of kinds) {
    const n = kind === '65536' ? Math.min(rows, 2000) : rows;
    const child = spawnSync(process.execPath, ['--expose-gc', here, '--child', kind, String(n)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    const r = JSON.parse(child.stdout);
    console.log(`${kind.padStart(15)}   ${String(r.v8).padStart(23)}   ${String(r.rss).padStart(5)}`);
  }
}
