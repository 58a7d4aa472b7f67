// Bulk TCP sender shared by the bulk-in and RSS figures: writes `bytes` in `chunk` writes, respecting
// backpressure, then waits until the receiving program has read everything (its receive queue and
// our send queue both empty in /proc/net/tcp) before it stops the clock. The same client, timed the
// same way, for every receiver. Options (JSON): { host, port, bytes, chunk, timeoutMs }.
// Prints one JSON line: { bytes, ms } or { error }.
import { readFileSync } from 'node:fs';
import net from 'node:net';

const { host = '127.0.0.1', port, bytes, chunk = 1024 * 1024, timeoutMs = 300_000 } = JSON.parse(process.argv[2]);
const finish = (result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
};
setTimeout(() => finish({ error: `not all ${bytes} bytes were read within ${timeoutMs / 1000} s` }), timeoutMs).unref();

/** Send queue of our socket and receive queue of the peer's, from /proc/net/tcp. */
function queues(localPort) {
  const hex = (p) => `:${p.toString(16).toUpperCase().padStart(4, '0')}`;
  let tx = null;
  let rx = null;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const [txq, rxq] = f[4].split(':').map((h) => parseInt(h, 16));
    if (f[1].endsWith(hex(localPort)) && f[2].endsWith(hex(port))) tx = txq;
    if (f[1].endsWith(hex(port)) && f[2].endsWith(hex(localPort))) rx = rxq;
  }
  return { tx, rx };
}

const buffer = Buffer.alloc(chunk, 0x62);
const socket = net.connect({ host, port });
socket.on('error', (err) => finish({ error: err.message }));
socket.on('data', () => undefined);
socket.once('connect', async () => {
  const t0 = performance.now();
  let written = 0;
  while (written < bytes) {
    const piece = bytes - written >= chunk ? buffer : buffer.subarray(0, bytes - written);
    written += piece.length;
    if (!socket.write(piece)) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await new Promise((resolve) => socket.write('', resolve)); // handed to the kernel
  const localPort = socket.localPort;
  for (;;) {
    const { tx, rx } = queues(localPort);
    if (tx === 0 && (rx === 0 || rx === null)) break;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const ms = performance.now() - t0;
  socket.end();
  finish({ bytes: written, ms });
});
