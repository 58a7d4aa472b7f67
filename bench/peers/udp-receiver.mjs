// Reference receiver: a bare node:dgram socket that only counts. Prints "port N", then on SIGTERM
// (or stdin closing) its counts as one JSON line. Options (JSON): { host }.
import dgram from 'node:dgram';

const { host = '127.0.0.1' } = JSON.parse(process.argv[2] ?? '{}');
const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
let messages = 0;
let bytes = 0;
socket.on('message', (msg) => {
  messages++;
  bytes += msg.length;
});
socket.bind(0, host, () => process.stdout.write(`port ${socket.address().port}\n`));
process.once('SIGTERM', () => {
  process.stdout.write(`${JSON.stringify({ messages, bytes })}\n`);
  process.exit(0);
});
