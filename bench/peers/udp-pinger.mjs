// One Node pinger, one UDP socket: sends a numbered datagram, waits for its echo (a lost one is
// counted and the next sent after `lossMs`), `count` times after `warmup` untimed ones.
// Options (JSON): { host, port, count, warmup, size, lossMs }.
// Prints one JSON line: { roundTrips, lost, ms, rate } or { error }.
import dgram from 'node:dgram';

const { host = '127.0.0.1', port, count, warmup = 200, size = 32, lossMs = 200 } = JSON.parse(process.argv[2]);
const finish = (result) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
};
const socket = dgram.createSocket('udp4');
socket.on('error', (err) => finish({ error: err.message }));
const payload = Buffer.alloc(Math.max(size, 4), 0x70);
let expected = -1;
let wake = null;
socket.on('message', (msg) => {
  if (msg.length >= 4 && msg.readUInt32BE(0) === expected && wake) wake(true);
});

function roundTrip(seq) {
  expected = seq;
  payload.writeUInt32BE(seq, 0);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      wake = null;
      resolve(false);
    }, lossMs);
    wake = (ok) => {
      clearTimeout(timer);
      wake = null;
      resolve(ok);
    };
    socket.send(payload);
  });
}

socket.bind(0, host, () =>
  socket.connect(port, host, async () => {
    let seq = 0;
    let lost = 0;
    for (let i = 0; i < warmup; i++) await roundTrip(seq++);
    const t0 = performance.now();
    let lossTime = 0;
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      if (!(await roundTrip(seq++))) {
        lost++;
        lossTime += performance.now() - t;
        if (lost > Math.max(20, count / 100)) return finish({ error: `${lost} of ${i + 1} pings got no echo within ${lossMs} ms` });
      }
    }
    // Time spent waiting for lost echoes is not a round trip: left out, the losses are reported.
    const ms = performance.now() - t0 - lossTime;
    finish({ roundTrips: count - lost, lost, ms, rate: (count - lost) / (ms / 1000) });
  }),
);
