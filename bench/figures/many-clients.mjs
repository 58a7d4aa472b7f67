// Figure 6: 10,000 concurrent TCP clients, each doing one echo round trip against
// `serve tcp --reply echo --quiet`; the clients in another process, ramped at most 2,000 connects/s,
// all held open to the end. Latency from connect() to the reply. Reference: the same clients against
// a bare node:net echo server, in interleaved rounds.
import {
  QUICK,
  fmt,
  int,
  interleaved,
  median,
  openFileLimit,
  range,
  requireAvailable,
  runFigure,
  runPeer,
  say,
  size,
  Failed,
} from '../lib/common.mjs';
import { readFileSync } from 'node:fs';
import { peerReceiver, serveReceiver } from '../lib/receivers.mjs';

const WANTED = size(10_000, 1_000);
const RATE = 2_000;
const ROUNDS = size(2, 1);
const P99_MS = 100;

function clientCount() {
  const notes = [];
  let n = WANTED;
  const limit = openFileLimit();
  // Each side holds one descriptor per client, plus a few dozen of its own.
  if (limit !== null && limit - 100 < n) {
    n = Math.max(100, limit - 100);
    notes.push(`ulimit -n is ${limit}: ${int(n)} clients instead of ${int(WANTED)}`);
  }
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (hi - lo + 1 - 1000 < n) {
      n = Math.max(100, hi - lo + 1 - 1000);
      notes.push(`only ${int(hi - lo + 1)} ephemeral ports: ${int(n)} clients`);
    }
  } catch {
    // not Linux: no such file
  }
  return { n, notes };
}

async function round(start, clients) {
  const server = await start();
  const r = await runPeer('tcp-clients', { port: server.port, clients, connectsPerSecond: RATE, size: 16, timeoutMs: 30_000 }, 180_000);
  const counts = await server.stop();
  say(`    ${server.name}: ${int(r.replies)} replies, ${r.errors} errors${r.firstError ? ` (first: ${r.firstError})` : ''}`);
  return { ...r, serverCounted: counts.messages ?? null };
}

await runFigure(
  {
    id: '6',
    figure: `${int(WANTED)} concurrent TCP clients, one echo each, ramp <= ${int(RATE)}/s (p99 ms)`,
    target: `all replies, p99 <= ${P99_MS} ms`,
  },
  async () => {
    const { n, notes } = clientCount();
    for (const note of notes) say(`  note: ${note}`);
    const r = await interleaved(
      ROUNDS,
      { engine: () => round(() => serveReceiver('tcp', 'echo'), n), bare: () => round(() => peerReceiver('tcp-echo-server'), n) },
      'round',
    );
    const refText = () =>
      `p99 ${fmt(median(r.bare.map((x) => x.p99)), 0)} ms bare node:net, ${range(r.bare.map((x) => x.replies))}/${int(n)} replies`;
    requireAvailable(r, () => ({ reference: r.bare.length ? refText() : '', notes: notes.join('; ') }));
    if (r.engine.some((x) => x.p99 === null)) throw new Failed(`no client got a reply (${r.engine[0].firstError ?? 'no error seen'})`);
    const allReplied = r.engine.every((x) => x.replies === n);
    const worstP99 = Math.max(...r.engine.map((x) => x.p99));
    return {
      measured: `p99 ${fmt(median(r.engine.map((x) => x.p99)), 0)} ms, ${range(r.engine.map((x) => x.replies))}/${int(n)} replies`,
      reference: refText(),
      ratio: `${(median(r.engine.map((x) => x.p99)) / median(r.bare.map((x) => x.p99))).toFixed(2)}x p99`,
      status: allReplied && worstP99 <= P99_MS ? 'PASS' : 'MISSED',
      notes: [
        ...notes,
        `every round must pass (worst p99 ${fmt(worstP99, 0)} ms); engine p50 ${range(
          r.engine.map((x) => x.p50),
          (v) => fmt(v, 1),
        )} ms, max ${range(
          r.engine.map((x) => x.max),
          (v) => fmt(v, 0),
        )} ms`,
        `errors engine ${r.engine.map((x) => x.errors).join('/')}${r.engine.find((x) => x.firstError) ? ` (${r.engine.find((x) => x.firstError).firstError})` : ''}, bare ${r.bare.map((x) => x.errors).join('/')}`,
        `${ROUNDS} interleaved round(s)${QUICK ? '; QUICK size' : ''}`,
      ].join('; '),
    };
  },
);
