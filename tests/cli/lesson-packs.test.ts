// The lesson packs in lessons/ are workspaces the CLI reads: `send --workspace PACK --message NAME` sends a
// pack's saved message to a seed-style Python server (a loopback URL beside it, since the packs name fixed ports).
import path from 'node:path';
import { expect, it } from 'vitest';
import { startServer } from '../peers/spawn-peer';
import { eventually, root, run, useCli } from './run-cli';

useCli();

const pack = (file: string): string => path.join(root, 'lessons', file);

it.each([
  ['1-echo-and-ack-servers.socketlab.json', 'hello', 'tcp_ack_server', 'tcp', 'hello'],
  ['2-tcp-vs-udp-hello.socketlab.json', 'udp hello', 'udp_hello_server', 'udp', 'Hello, UDP Server!'],
  ['3-lifecycle-close-abort.socketlab.json', 'Lesson 3/hello', 'tcp_ack_server', 'tcp', 'hello'],
] as const)('%s: its message "%s" reaches the %s', async (file, message, peer, scheme, text) => {
  const server = await startServer(peer);
  const result = await run(['send', `${scheme}://127.0.0.1:${server.port}`, '--workspace', pack(file), '--message', message]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  await eventually(() => server.stderr().includes(`received : ${text}`), `the server to log "${text}"`);
});
