// Reference echo server: bare node:net, writes back what it reads. Prints "port N".
// Options (JSON): { host, backlog }.
import net from 'node:net';

const { host = '127.0.0.1', backlog = 4096 } = JSON.parse(process.argv[2] ?? '{}');
const server = net.createServer((socket) => {
  socket.on('data', (d) => socket.write(d));
  socket.on('error', () => undefined);
});
server.on('error', () => undefined);
server.listen({ port: 0, host, backlog }, () => process.stdout.write(`port ${server.address().port}\n`));
process.once('SIGTERM', () => process.exit(0));
