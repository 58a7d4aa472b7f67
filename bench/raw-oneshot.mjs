// The reference for the one-shot figure: a bare node:net client that sends once, prints the reply, and exits when the peer closes.
// Usage: node bench/raw-oneshot.mjs HOST PORT TEXT   (what `socket-lab send tcp://HOST:PORT --text TEXT` does, minus Socket Lab)
import net from 'node:net';

const [host = '127.0.0.1', port = '0', text = 'hi'] = process.argv.slice(2);
const socket = net.connect({ host, port: Number(port) }, () => socket.write(text));
socket.on('data', (chunk) => process.stdout.write(chunk));
socket.on('error', (err) => {
  process.stderr.write(`raw-oneshot: ${err.message}\n`);
  process.exitCode = 1;
});
socket.on('close', () => process.exit());
