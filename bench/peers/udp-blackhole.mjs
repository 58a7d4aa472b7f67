// A UDP port that never reads: bound with a tiny receive buffer, then the thread sleeps, so every
// datagram past the first few is dropped by the kernel and counted in /proc/net/udp ("drops").
// A sender's rate is read from that counter, at no CPU cost on the receiving side.
// Options (JSON): { host, maxMs }. Prints "port N" and sleeps until killed (or maxMs passes).
import dgram from 'node:dgram';

const { host = '127.0.0.1', maxMs = 120_000 } = JSON.parse(process.argv[2] ?? '{}');
const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 2048 });
socket.bind(0, host, () => {
  process.stdout.write(`port ${socket.address().port}\n`);
  // The event loop stops here: libuv never reads the socket again.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, maxMs);
  process.exit(0);
});
