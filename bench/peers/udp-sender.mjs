// The UDP sender every UDP figure shares: a bare node:dgram loop on one connected socket.
// Options (JSON): { host, port, count, size, rate (0: as fast as it can), topUp (bool) }.
// topUp: after sending, read the receiver's drop counter in /proc/net/udp and send again what was
// dropped, until `count` datagrams have reached the receiver (at most 8 passes).
// Prints one JSON line: { sent, ms, rate, dropped (by the receiving socket), backlog (dropped before any
// socket, machine-wide: other traffic included) }.
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';

const { host = '127.0.0.1', port, count, size = 64, rate = 0, topUp = false } = JSON.parse(process.argv[2]);
const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
socket.on('error', () => undefined); // a receiver that goes away: what arrived is what counts
const payload = Buffer.alloc(size, 0x61);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

function drops() {
  const p = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 13 && f[1].endsWith(p)) return Number(f[12]);
    }
  }
  return 0;
}

/** Datagrams the kernel dropped before any socket (the per-CPU backlog), all CPUs: /proc/net/softnet_stat, 2nd column. */
function backlogDrops() {
  try {
    return readFileSync('/proc/net/softnet_stat', 'utf8')
      .trim()
      .split('\n')
      .reduce((sum, line) => sum + parseInt(line.trim().split(/\s+/)[1], 16), 0);
  } catch {
    return 0;
  }
}

let sent = 0;
let pending = 0;
let waitingForCallbacks = null;
const done = () => {
  pending--;
  if (pending === 0 && waitingForCallbacks) {
    waitingForCallbacks();
    waitingForCallbacks = null;
  }
};
/** Resolves once every send so far has called back. */
const callbacks = () => (pending === 0 ? Promise.resolve() : new Promise((resolve) => (waitingForCallbacks = resolve)));
const send = () => {
  pending++;
  sent++;
  socket.send(payload, done);
};

async function blast(n) {
  const end = sent + n;
  while (sent < end) {
    const batch = Math.min(256, end - sent);
    for (let i = 0; i < batch; i++) send();
    // Let callbacks run so the queue of pending sends stays short.
    if (pending > 4096) await nextTurn();
  }
}

async function paced(n, perSecond) {
  const start = sent;
  const t0 = performance.now();
  while (sent - start < n) {
    const due = Math.min(n, Math.floor(((performance.now() - t0) / 1000) * perSecond));
    while (sent - start < due) send();
    // Timers of 1 ms: no busy core at low rates, bursts of rate/1000 at high ones.
    await (pending > 4096 ? nextTurn() : tick());
  }
}

socket.connect(port, host, async () => {
  const before = drops();
  const backlogBefore = backlogDrops();
  const t0 = performance.now();
  const go = (n) => (rate > 0 ? paced(n, rate) : blast(n));
  await go(count);
  await callbacks();
  let ms = performance.now() - t0;
  let dropped;
  for (let pass = 0; topUp && pass < 8; pass++) {
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the receiver catch up before counting
    dropped = drops() - before;
    if (sent - dropped >= count) break;
    await go(count - (sent - dropped));
    await callbacks();
    ms = performance.now() - t0;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  dropped = drops() - before;
  const backlog = backlogDrops() - backlogBefore;
  process.stdout.write(`${JSON.stringify({ sent, ms, rate: sent / (ms / 1000), dropped, backlog })}\n`);
  socket.close();
});
