// Reference of the one-shot figure: a bare node:net client that connects, sends TEXT, prints what
// comes back and exits when the peer closes. Usage: node oneshot-client.mjs PORT TEXT
import net from 'node:net';

const [port, text = 'hi'] = process.argv.slice(2);
const socket = net.connect({ host: '127.0.0.1', port: Number(port) }, () => socket.write(text));
socket.on('data', (chunk) => process.stdout.write(chunk));
socket.on('error', (err) => {
  process.stderr.write(`oneshot-client: ${err.message}\n`);
  process.exitCode = 1;
});
socket.on('close', () => process.exit());
