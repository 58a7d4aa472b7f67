// One Node pinger, one TCP connection: sends `size` bytes, waits for all of them to come back, again,
// `count` times after `warmup` untimed ones. Options (JSON): { host, port, count, warmup, size, timeoutMs }.
// Prints one JSON line: { roundTrips, ms, rate } or { error }.
import net from 'node:net';

const { host = '127.0.0.1', port, count, warmup = 200, size = 32, timeoutMs = 5000 } = JSON.parse(process.argv[2]);
const finish = (result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
};
const payload = Buffer.alloc(size, 0x70);
const socket = net.connect({ host, port });
socket.setNoDelay(true);
socket.on('error', (err) => finish({ error: err.message }));
let got = 0;
let wake = null;
socket.on('data', (d) => {
  got += d.length;
  if (got >= size && wake) wake();
});
socket.on('close', () => wake?.('closed'));

function roundTrip(i) {
  got = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no echo for ping ${i} within ${timeoutMs} ms`)), timeoutMs);
    wake = (why) => {
      clearTimeout(timer);
      wake = null;
      if (why === 'closed') reject(new Error(`the server closed the connection at ping ${i}`));
      else resolve();
    };
    socket.write(payload);
  });
}

socket.once('connect', async () => {
  try {
    for (let i = 0; i < warmup; i++) await roundTrip(i);
    const t0 = performance.now();
    for (let i = 0; i < count; i++) await roundTrip(i);
    const ms = performance.now() - t0;
    finish({ roundTrips: count, ms, rate: count / (ms / 1000) });
  } catch (err) {
    finish({ error: err.message });
  }
});
