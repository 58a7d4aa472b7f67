// Reference TCP receiver: a bare node:net server that only counts. Prints "port N"; on SIGTERM one
// JSON line { bytes, connections }. Options (JSON): { host }.
import net from 'node:net';

const { host = '127.0.0.1' } = JSON.parse(process.argv[2] ?? '{}');
let bytes = 0;
let connections = 0;
const server = net.createServer((socket) => {
  connections++;
  socket.on('data', (d) => (bytes += d.length));
  socket.on('error', () => undefined);
});
server.listen(0, host, () => process.stdout.write(`port ${server.address().port}\n`));
process.once('SIGTERM', () => {
  process.stdout.write(`${JSON.stringify({ bytes, connections })}\n`);
  process.exit(0);
});
