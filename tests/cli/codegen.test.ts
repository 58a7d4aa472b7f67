// socket-lab codegen python|node|c FILE.ndjson: sessions recorded by the CLI against the seed peers are turned
// into scripts, and the scripts are RUN (python3, node, cc) against live loopback peers to replay the same bytes.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runClient, startServer } from '../peers/spawn-peer';
import { runToEnd } from '../run-to-end';
import { expectOneErrorLine, run, serve, useCli } from './run-cli';

useCli();
// Each test records a session, then compiles or starts three scripts.
vi.setConfig({ testTimeout: 60_000 });

let dir: string;
const scripts = new Set<ChildProcess>();
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-codegen-'));
});
afterEach(async () => {
  for (const child of scripts) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  scripts.clear();
  await rm(dir, { recursive: true, force: true });
});

type Language = 'python' | 'node' | 'c';
const languages: Language[] = ['python', 'node', 'c'];

/** Writes the script for `recording` in `language` and returns the command that runs it (C: compiled with -Wall -Werror). */
async function build(language: Language, recording: string): Promise<string[]> {
  const generated = await run(['codegen', language, recording]);
  expect(generated.code, generated.stderr).toBe(0);
  expect(generated.stderr).toBe('');
  const file = path.join(dir, `${language}-${path.basename(recording)}.${language === 'python' ? 'py' : language === 'node' ? 'js' : 'c'}`);
  await writeFile(file, generated.stdout);
  if (language === 'python') return ['python3', file];
  if (language === 'node') return [process.execPath, file];
  const binary = file.replace(/\.c$/, '');
  execFileSync('cc', ['-Wall', '-Werror', '-o', binary, file], { stdio: 'pipe' });
  return [binary];
}

function start(command: string[], args: string[]): ChildProcess {
  const child = spawn(command[0]!, [...command.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  scripts.add(child);
  return child;
}

const runScript = (command: string[], args: string[]) => runToEnd(start(command, args), command.join(' '), 15_000);

/** Starts a generated server on port 0 and waits for its "Listening on port N" line. */
async function startScriptServer(
  command: string[],
  host: string,
): Promise<{ port: number; done: Promise<{ code: number | null; stdout: string }> }> {
  const child = start(command, [host, '0']);
  const done = runToEnd(child, command.join(' '), 20_000);
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${command.join(' ')} printed no port: ${seen}`)), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      const m = /Listening on port (\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return { port, done };
}

describe('socket-lab codegen: a TCP client session', () => {
  it('gives Python, Node and C clients that send the same bytes and receive what the recording received', async () => {
    const upper = await startServer('tcp_upper_server', '127.0.0.1');
    const recording = path.join(dir, 'client.ndjson');
    const sent = await run(['send', `tcp://127.0.0.1:${upper.port}`, '--text', 'hello\r\n', '--count', '2', '--export', recording]);
    expect(sent.code, sent.stderr).toBe(0);
    for (const language of languages) {
      const command = await build(language, recording);
      const result = await runScript(command, ['127.0.0.1', String(upper.port)]);
      expect(result.code, `${language}: ${result.stderr}`).toBe(0);
      // The upper-case server answers exactly what it got: "HELLO\r\n" twice means it received "hello\r\n" twice.
      expect(result.stdout, language).toBe('Received: HELLO\r\nHELLO\r\n\n');
    }
  });

  it('gives clients whose peer receives exactly the recorded bytes, binary and line endings included', async () => {
    const sink = await startServer('tcp_sink_server', '127.0.0.1');
    const recording = path.join(dir, 'sink.ndjson');
    const sent = await run([
      'send',
      `tcp://127.0.0.1:${sink.port}`,
      '--hex',
      '00 01 ff 0d 0a 41',
      '--count',
      '2',
      '--wait',
      '0',
      '--export',
      recording,
    ]);
    expect(sent.code, sent.stderr).toBe(0);
    for (const language of languages) {
      const result = await runScript(await build(language, recording), ['127.0.0.1', String(sink.port)]);
      expect(result.code, `${language}: ${result.stderr}`).toBe(0);
    }
    // One line per connection: the recording's, then each script's.
    const expected = 'RECEIVED 0001ff0d0a410001ff0d0a41';
    await expect
      .poll(
        () =>
          sink
            .stdout()
            .split('\n')
            .filter((l) => l.startsWith('RECEIVED')),
        { timeout: 5000 },
      )
      .toEqual([expected, expected, expected, expected]);
  });

  it('writes binary payloads as byte literals and prints what comes back in hex', async () => {
    const upper = await startServer('tcp_upper_server', '127.0.0.1');
    const recording = path.join(dir, 'binary.ndjson');
    const sent = await run(['send', `tcp://127.0.0.1:${upper.port}`, '--hex', '01 02 ff 61', '--until', 'first', '--export', recording]);
    expect(sent.code, sent.stderr).toBe(0);
    const python = (await run(['codegen', 'python', recording])).stdout;
    expect(python).toContain("s.sendall(b'\\x01\\x02\\xff\\x61')  # event seq 1, ");
    expect(python).toContain('recv may return fewer bytes than one send');
    expect((await run(['codegen', 'node', recording])).stdout).toContain('Buffer.from([0x01, 0x02, 0xff, 0x61])');
    const c = (await run(['codegen', 'c', recording])).stdout;
    expect(c).toContain('{0x01, 0x02, 0xff, 0x61}');
    expect(c).toMatch(/POSIX sockets .*Winsock differs/);
    for (const language of languages) {
      const result = await runScript(await build(language, recording), ['127.0.0.1', String(upper.port)]);
      expect(result.stdout, `${language}: ${result.stderr}`).toBe('Received: 01 02 ff 41\n');
    }
  });
});

describe('socket-lab codegen: IPv6 and empty datagrams', () => {
  it('gives clients for a session on ::1 that reach the server over IPv6', async () => {
    const upper = await startServer('tcp_upper_server', '::1');
    const recording = path.join(dir, 'v6.ndjson');
    const sent = await run(['send', `tcp://[::1]:${upper.port}`, '--text', 'six', '--export', recording]);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await run(['codegen', 'python', recording])).stdout).toContain('socket.AF_INET6');
    for (const language of languages) {
      const result = await runScript(await build(language, recording), ['::1', String(upper.port)]);
      expect(result.stdout, `${language}: ${result.stderr}`).toBe('Received: SIX\n');
    }
  });

  it('sends an empty UDP datagram as recorded (C sends no array: C has no empty ones)', async () => {
    const sink = await startServer('udp_sink_server', '127.0.0.1');
    const recording = path.join(dir, 'empty.ndjson');
    const sent = await run(['send', `udp://127.0.0.1:${sink.port}`, '--text', '', '--wait', '0', '--export', recording]);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await run(['codegen', 'c', recording])).stdout).toContain('sendto(fd, NULL, 0, 0,');
    for (const language of languages) {
      const result = await runScript(await build(language, recording), ['127.0.0.1', String(sink.port)]);
      expect(result.code, `${language}: ${result.stderr}`).toBe(0);
    }
    await expect
      .poll(
        () =>
          sink
            .stdout()
            .split('\n')
            .filter((l) => l === 'RECEIVED ').length,
        { timeout: 5000 },
      )
      .toBe(4);
  });
});

describe('socket-lab codegen: a TCP server session', () => {
  it('gives servers that answer the original client as the recorded echo server did', async () => {
    const recording = path.join(dir, 'server.ndjson');
    const server = await serve(['tcp://127.0.0.1:0', '--reply', 'echo', '--quiet', '--export', recording]);
    const client = await runClient('tcp_line_client', ['127.0.0.1', String(server.port), 'abc', 'def']);
    expect(client.lines).toEqual(['REPLY abc', 'REPLY def']);
    await new Promise((r) => setTimeout(r, 300));
    expect((await server.stop()).code).toBe(0);
    for (const language of languages) {
      const script = await startScriptServer(await build(language, recording), '127.0.0.1');
      const replayed = await runClient('tcp_line_client', ['127.0.0.1', String(script.port), 'abc', 'def']);
      expect(replayed.lines, language).toEqual(['REPLY abc', 'REPLY def']);
      const ended = await script.done;
      expect(ended.code, language).toBe(0);
      expect(ended.stdout, language).toMatch(/Received: abc\n[\s\S]*Received: def\n/);
    }
  });
});

describe('socket-lab codegen: UDP sessions', () => {
  it('gives clients that send the datagrams and print the answers, with the UDP warning', async () => {
    const upper = await startServer('udp_upper_server', '127.0.0.1');
    const recording = path.join(dir, 'udp.ndjson');
    const sent = await run(['send', `udp://127.0.0.1:${upper.port}`, '--text', 'hi there', '--wait', '500', '--export', recording]);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await run(['codegen', 'python', recording])).stdout).toContain('UDP may lose or reorder');
    for (const language of languages) {
      const result = await runScript(await build(language, recording), ['127.0.0.1', String(upper.port)]);
      expect(result.stdout, `${language}: ${result.stderr}`).toBe('Received: HI THERE\n');
    }
  });

  it('gives servers that answer the original client as the recorded upper-case server did', async () => {
    const recording = path.join(dir, 'udp-server.ndjson');
    const server = await serve(['udp://127.0.0.1:0', '--reply', 'upper', '--quiet', '--export', recording]);
    const client = await runClient('udp_client', ['127.0.0.1', String(server.port), 'abc']);
    expect(client.lines).toEqual(['REPLY ABC']);
    expect((await server.stop()).code).toBe(0);
    for (const language of languages) {
      const script = await startScriptServer(await build(language, recording), '127.0.0.1');
      const replayed = await runClient('udp_client', ['127.0.0.1', String(script.port), 'abc']);
      expect(replayed.lines, language).toEqual(['REPLY ABC']);
      expect((await script.done).code, language).toBe(0);
    }
  });
});

describe('socket-lab codegen --help', () => {
  it('documents the command', async () => {
    const help = await run(['codegen', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('socket-lab codegen python|node|c FILE.ndjson [-o OUT [--force]]');
    expect(help.stdout).toContain('Copy as code (codegen)');
  });
});

describe('socket-lab codegen: bad input is one line on stderr, exit 2', () => {
  const header = (session: Record<string, unknown>, version = 1): string =>
    JSON.stringify({
      type: 'header',
      version,
      payload: 'hex',
      session: {
        id: 's1',
        kind: 'tcp-client',
        role: 'client',
        local: null,
        remote: { host: '127.0.0.1', port: 9 },
        framing: 'none: a message is a read chunk',
        encoding: 'utf-8',
        openedAt: '2026-01-01T00:00:00.000Z',
        ...session,
      },
    });
  const data = '{"seq":1,"type":"data","direction":"out","connectionId":"c1","bytes":"6869","time":"2026-01-01T00:00:00.001Z","length":2}';

  async function fails(content: string | null, message: RegExp, args: string[] = []): Promise<void> {
    const file = path.join(dir, 'in.ndjson');
    if (content !== null) await writeFile(file, content);
    expectOneErrorLine(await run(['codegen', 'python', file, ...args]), 2, message);
  }

  it('refuses a missing file', () => fails(null, /^socket-lab: ".*in\.ndjson" does not exist: give an NDJSON export/));
  it('refuses a file that is not NDJSON', () => fails('hello\n', /is not NDJSON: line 1 is not one JSON object/));
  it('refuses NDJSON without Socket Lab header', () => fails('{"a":1}\n', /is not a Socket Lab session/));
  it('refuses an unknown version', () =>
    fails(header({}, 2) + '\n' + data + '\n', /version 2 of the session format; this Socket Lab reads version 1/));
  it('refuses an empty file and a session with no data', async () => {
    await fails('', /holds no data sent or received/);
    await fails(header({}) + '\n{"type":"summary"}\n', /holds no data sent or received/);
  });
  it('refuses a TLS session, saying why', () =>
    fails(
      header({ kind: 'tls-client' }) + '\n' + data + '\n',
      /is a tls-client session: code can be written for TCP and UDP sessions only/,
    ));
  it('refuses a framed session', () =>
    fails(header({ framing: 'line: a message is one frame' }) + '\n' + data + '\n', /recorded with framing "line"/));
  it('refuses an unknown language', async () => {
    const file = path.join(dir, 'ok.ndjson');
    await writeFile(file, header({}) + '\n' + data + '\n');
    expectOneErrorLine(await run(['codegen', 'ruby', file]), 2, 'socket-lab: Cannot write code in "ruby": use python, node or c.');
  });
  it('writes -o OUT, refuses to replace it without --force, replaces it with --force', async () => {
    const file = path.join(dir, 'ok.ndjson');
    const out = path.join(dir, 'client.py');
    await writeFile(file, header({}) + '\n' + data + '\n');
    const first = await run(['codegen', 'python', file, '-o', out]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(await readFile(out, 'utf8')).toContain("s.sendall(b'hi')");
    expectOneErrorLine(await run(['codegen', 'node', file, '-o', out]), 2, /client\.py" already exists: add --force to replace it\.$/);
    expect((await run(['codegen', 'node', file, '-o', out, '--force'])).code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain("require('node:net')");
  });
});
