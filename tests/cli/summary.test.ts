// The last line of send and serve in every format, exact whatever was printed; --quiet, --max-print, and --format raw byte for byte.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, run, serve, summary, useCli } from './run-cli';
import { sendDatagrams, talk, tcpPeer, usePeers } from './scripted-peers';

useCli();
usePeers();

/** An echo server that answers the first chunk and closes, as a one-shot server does. */
const echoAndClose = () => tcpPeer((socket) => socket.once('data', (d) => socket.end(d)));

/** Runs the CLI keeping stdout as bytes (raw output is not text). */
function runBinary(args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'socket-lab.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socket-lab ${args.join(' ')} did not finish within 10 s`));
    }, 10_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
  });
}

describe('send ends with the summary line', () => {
  it('text: the reply, then the summary on stdout', async () => {
    const peer = await echoAndClose();
    const result = await run(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'hello']);
    expect(result).toEqual({ code: 0, stdout: 'hello\n' + summary(1, 5, 1, 5), stderr: '' });
  });

  it('hex: the reply in hex, then the summary on stdout', async () => {
    const peer = await echoAndClose();
    const result = await run(['send', `tcp://127.0.0.1:${peer.port}`, '--hex', '00 ff 41', '--format', 'hex']);
    expect(result).toEqual({ code: 0, stdout: '00 FF 41\n' + summary(1, 3, 1, 3), stderr: '' });
  });

  it('json: the NDJSON header first, the NDJSON summary line last', async () => {
    const peer = await echoAndClose();
    const v4 = await run(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'hi', '--format', 'json']);
    expect(v4.code).toBe(0);
    const lines = v4.stdout.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'header', version: 1, payload: 'hex', session: { kind: 'tcp-client' } });
    expect(lines.at(-1)).toBe('{"type":"summary","in":{"messages":1,"bytes":2},"out":{"messages":1,"bytes":2}}');
  });

  it('raw: stdout is the reply bytes exactly (binary included), the summary goes to stderr', async () => {
    const reply = Buffer.concat([Buffer.from([0x00, 0xff, 0x0a, 0x80, 0xc3, 0x28, 0x0d]), randomBytes(300_000)]);
    const peer = await tcpPeer((socket) => socket.once('data', () => socket.end(reply)));
    const result = await runBinary(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'give', '--format', 'raw']);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(reply.length);
    expect(createHash('sha256').update(result.stdout).digest('hex')).toBe(createHash('sha256').update(reply).digest('hex'));
    expect(result.stderr).toMatch(new RegExp(`^summary: in \\d+ messages ${reply.length} bytes, out 1 messages 4 bytes\\n$`));
  });

  it('--quiet prints only the summary, with the same exact counts', async () => {
    const peer = await echoAndClose();
    const result = await run(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'hello', '--quiet']);
    expect(result).toEqual({ code: 0, stdout: summary(1, 5, 1, 5), stderr: '' });
    const json = await run(['send', `tcp://127.0.0.1:${(await echoAndClose()).port}`, '--text', 'hello', '--quiet', '--format', 'json']);
    expect(
      json.stdout
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { type: string }).type),
    ).toEqual(['header', 'summary']);
  });
});

describe('--max-print cuts each printed payload and shows its full length', () => {
  it('send: text cut before a character that does not fit, hex cut at the byte', async () => {
    const text = await run(['send', `tcp://127.0.0.1:${(await echoAndClose()).port}`, '--text', '안녕 hello', '--max-print', '4']);
    expect(text).toEqual({ code: 0, stdout: '안… (12 bytes)\n' + summary(1, 12, 1, 12), stderr: '' });
    const hex = await run([
      'send',
      `tcp://127.0.0.1:${(await echoAndClose()).port}`,
      '--text',
      'hello world',
      '--max-print',
      '3',
      '--format',
      'hex',
    ]);
    expect(hex.stdout).toBe('68 65 6C… (11 bytes)\n' + summary(1, 11, 1, 11));
  });

  it('serve: each event line ends with the cut payload and its length; the summary counts every byte', async () => {
    const server = await serve(['tcp://127.0.0.1:0', '--reply', 'echo', '--max-print', '4']);
    expect(await talk(server.port, ['hello world', 'abc'])).toEqual(['hello world', 'abc']);
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ in 127\.0\.0\.1:\d+ 11 bytes: hell… \(11 bytes\)\n/);
    expect(result.stdout).toMatch(/ out 127\.0\.0\.1:\d+ 11 bytes: hell… \(11 bytes\)\n/);
    expect(result.stdout).toMatch(/ in 127\.0\.0\.1:\d+ 3 bytes: abc\n/);
    expect(result.stdout.endsWith(summary(2, 14, 2, 14))).toBe(true);
  });
});

describe('serve ends with the summary line on SIGTERM', () => {
  it.each(['text', 'hex'])('%s: the summary is the last line on stdout', async (format) => {
    const server = await serve(['tcp://127.0.0.1:0', '--reply', 'upper', '--format', format]);
    expect(await talk(server.port, ['one', 'three'])).toEqual(['ONE', 'THREE']);
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.at(-1) + '\n').toBe(summary(2, 8, 2, 8));
    if (format === 'hex') expect(result.stdout).toMatch(/ in 127\.0\.0\.1:\d+ 3 bytes: 6F 6E 65\n/);
  });

  it('json: the listening line, the NDJSON header, the events, the NDJSON summary last', async () => {
    const server = await serve(['tcp://127.0.0.1:0', '--reply', 'echo', '--format', 'json']);
    await talk(server.port, ['ping']);
    const result = await server.stop();
    const [first, header, ...rest] = result.stdout.trimEnd().split('\n');
    expect(first).toBe(`listening on ${server.url}`);
    expect(JSON.parse(header!)).toMatchObject({ type: 'header', session: { role: 'server', framing: 'none: a message is a read chunk' } });
    expect(rest.at(-1)).toBe('{"type":"summary","in":{"messages":1,"bytes":4},"out":{"messages":1,"bytes":4}}');
  });

  it('--quiet: only the listening line and the summary, with every datagram counted', async () => {
    const server = await serve(['udp://127.0.0.1:0', '--reply', 'echo', '--quiet']);
    await sendDatagrams(server.port, 'tick', 200);
    // Loopback delivers every datagram of this small burst; wait until the echoes are counted.
    await new Promise((r) => setTimeout(r, 300));
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`listening on ${server.url}\n` + summary(200, 800, 200, 800));
  });
});
