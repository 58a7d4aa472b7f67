// Reference file sender: a bare node:net client that pipes fs.createReadStream into the socket (the
// textbook constant-memory send). Options (JSON): { port, file, host }. Prints { bytes } when done.
import { createReadStream } from 'node:fs';
import net from 'node:net';
import { pipeline } from 'node:stream/promises';

const { port, file, host = '127.0.0.1' } = JSON.parse(process.argv[2] ?? '{}');
const socket = net.connect(port, host);
await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
await pipeline(createReadStream(file, { highWaterMark: 64 * 1024 }), socket);
process.stdout.write(`${JSON.stringify({ bytes: socket.bytesWritten })}\n`);
