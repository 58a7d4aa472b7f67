// Many concurrent TCP clients: `clients` connections started at most `connectsPerSecond` a second
// (in steps of 10 ms), each sending `size` bytes once and waiting for all of them to come back; all
// stay open until every reply is in (or `timeoutMs` after the last connect), then are reset (no
// TIME_WAIT left behind). Latency: from the connect() call to the last byte of the reply.
// Options (JSON): { host, port, clients, connectsPerSecond, size, timeoutMs }.
// Prints one JSON line: { clients, replies, errors, firstError, p50, p99, max, rampMs }.
import net from 'node:net';

const { host = '127.0.0.1', port, clients, connectsPerSecond = 2000, size = 16, timeoutMs = 30_000 } = JSON.parse(process.argv[2]);
const payload = Buffer.alloc(size, 0x71);
const sockets = [];
const latencies = [];
let errors = 0;
let firstError = null;
let settled = 0;
let allSettled = null;

function settle() {
  settled++;
  if (settled === clients && allSettled) allSettled();
}

function client() {
  const t0 = performance.now();
  const socket = net.connect({ host, port });
  sockets.push(socket);
  let got = 0;
  let done = false;
  socket.setNoDelay(true);
  socket.once('connect', () => socket.write(payload));
  socket.on('data', (d) => {
    got += d.length;
    if (!done && got >= size) {
      done = true;
      latencies.push(performance.now() - t0);
      settle();
    }
  });
  socket.on('error', (err) => {
    if (done) return;
    done = true;
    errors++;
    firstError ??= err.code ?? err.message;
    settle();
  });
  socket.on('close', () => {
    if (done) return;
    done = true;
    errors++;
    firstError ??= 'closed before the reply';
    settle();
  });
}

const t0 = performance.now();
let started = 0;
while (started < clients) {
  // Never ahead of the allowed rate: start what is due by now, then wait for the next step.
  const due = Math.min(clients, Math.floor(((performance.now() - t0) / 1000) * connectsPerSecond) + 1);
  while (started < due) {
    client();
    started++;
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const rampMs = performance.now() - t0;
await new Promise((resolve) => {
  allSettled = resolve;
  if (settled === clients) resolve();
  setTimeout(resolve, timeoutMs);
});
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] : null);
process.stdout.write(
  `${JSON.stringify({ clients, replies: latencies.length, errors, firstError, p50: pct(50), p99: pct(99), max: pct(100), rampMs })}\n`,
);
for (const s of sockets) if (!s.destroyed) s.resetAndDestroy();
setTimeout(() => process.exit(0), 200);
