// The server of the one-shot figure: echoes what a client sends, then closes the connection.
// Prints "port N". Options (JSON): { host }.
import net from 'node:net';

const { host = '127.0.0.1' } = JSON.parse(process.argv[2] ?? '{}');
const server = net.createServer((socket) => {
  socket.once('data', (d) => socket.end(d));
  socket.on('error', () => undefined);
});
server.listen(0, host, () => process.stdout.write(`port ${server.address().port}\n`));
process.once('SIGTERM', () => process.exit(0));
