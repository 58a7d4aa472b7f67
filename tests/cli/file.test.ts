// socket-lab send --file: a file (and standard input) to a Python sink that hashes what it receives,
// UDP cut by --chunk, and every wrong combination refused with one line and exit 2.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../peers/spawn-peer';
import { runToEnd } from '../run-to-end';
import { root, run, summary, useCli } from './run-cli';

useCli();

let dir: string;
let file: string;
let bytes: Buffer;
const size = 3 * 1024 * 1024 + 7;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'socket-lab-cli-file-'));
  file = path.join(dir, 'data.bin');
  bytes = randomBytes(size);
  await writeFile(file, bytes);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function sinkResult(output: () => string): Promise<RegExpExecArray> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = /DONE (\d+) (\w+)/.exec(output());
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`the sink said nothing: ${output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('socket-lab send --file', () => {
  it('sends a 3 MiB file over TCP: the sink gets the same bytes, the summary counts them', async () => {
    const sink = await startServer('tcp_sha256_sink');
    const result = await run(['send', `tcp://127.0.0.1:${sink.port}`, '--file', file, '--wait', '0'], 20_000);
    // The log's notes, on stderr like every note (stderr is no terminal here: no progress line).
    expect(result.stderr.split('\n')).toEqual([
      `socket-lab: Sending the file data.bin (3,145,735 bytes) to 127.0.0.1:${sink.port}; its bytes go as they are, with no framing added.`,
      expect.stringMatching(/^socket-lab: Sent the file data\.bin: 3,145,735 bytes in [\d,]+ ms\.$/),
      '',
    ]);
    expect(result.code).toBe(0);
    // One message out per 64 KiB piece.
    expect(result.stdout).toBe(summary(0, 0, Math.ceil(size / 65536), size));
    const done = await sinkResult(sink.stdout);
    expect(Number(done[1])).toBe(size);
    expect(done[2]).toBe(sha(bytes));
  });

  it('--file - sends standard input as it comes', async () => {
    const sink = await startServer('tcp_sha256_sink');
    const bin = path.join(root, 'bin', 'socket-lab.js');
    const child = spawn(process.execPath, [bin, 'send', `tcp://127.0.0.1:${sink.port}`, '--file', '-', '--wait', '0'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const piped = randomBytes(200_000);
    child.stdin!.write(piped.subarray(0, 5000));
    setTimeout(() => child.stdin!.end(piped.subarray(5000)), 100);
    const result = await runToEnd(child, 'socket-lab send --file -', 15_000);
    expect(result.stderr).toMatch(
      /^socket-lab: Sending standard input to .*\nsocket-lab: Sent standard input: 200,000 bytes in [\d,]+ ms\.\n$/,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`out \\d+ messages ${piped.byteLength} bytes`));
    const done = await sinkResult(sink.stdout);
    expect(done[2]).toBe(sha(piped));
  });

  it('--chunk 512 over UDP: datagrams of 512 bytes, and a warning on stderr about order and loss', async () => {
    const sink = await startServer('udp_count_sink');
    const small = bytes.subarray(0, 100_000);
    const smallFile = path.join(dir, 'small.bin');
    await writeFile(smallFile, small);
    const result = await run(['send', `udp://127.0.0.1:${sink.port}`, '--file', smallFile, '--chunk', '512', '--wait', '0']);
    expect(result.code).toBe(0);
    const datagrams = Math.ceil(small.byteLength / 512);
    expect(result.stdout).toBe(summary(0, 0, datagrams, small.byteLength));
    expect(result.stderr).toContain('out of order');
    const deadline = Date.now() + 10_000;
    let last: RegExpMatchArray | undefined;
    while (Date.now() < deadline) {
      last = [...sink.stdout().matchAll(/TOTAL (\d+) (\d+) (\d+) (\w+)/g)].at(-1);
      if (last && Number(last[1]) === datagrams) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(last?.slice(1)).toEqual([String(datagrams), String(small.byteLength), '512', sha(small)]);
  });

  it('refuses bad input with one line and exit 2, before connecting', async () => {
    const cases: [string[], RegExp][] = [
      [['--file', path.join(dir, 'missing.bin')], /^socket-lab: --file: There is no file at .*missing\.bin\.\n$/],
      [['--file', dir], /^socket-lab: --file: .* is a folder: choose a file\.\n$/],
      [['--file', file, '--text', 'hi'], /^socket-lab: Send a file or a payload, not both/],
      [['--file', file, '--chunk', '512'], /^socket-lab: --chunk: A datagram size applies to UDP only/],
      [['--text', 'hi', '--chunk', '512'], /^socket-lab: --chunk: it sets the datagram size of --file/],
    ];
    // A real listener, which no case reaches: each is refused before connecting.
    const sink = await startServer('tcp_sha256_sink');
    for (const [args, stderr] of cases) {
      const result = await run(['send', `tcp://127.0.0.1:${sink.port}`, ...args]);
      expect({ args, code: result.code, lines: result.stderr.split('\n').length - 1 }).toEqual({ args, code: 2, lines: 1 });
      expect(result.stderr).toMatch(stderr);
      expect(result.stdout).toBe('');
    }
    expect(sink.stdout()).not.toContain('DONE');
    for (const chunk of ['0', '65508', 'x']) {
      const result = await run(['send', `udp://127.0.0.1:${sink.port}`, '--file', file, '--chunk', chunk]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^socket-lab: --chunk: The datagram size must be a whole number of bytes from 1 to 65507/);
    }
  });
});
