// socket-lab serve, talked to by the seed-style Python clients; and --help.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClient } from '../peers/spawn-peer';
import { eventually, root, run, serve, summary, useCli } from './run-cli';

useCli();

describe('socket-lab serve', () => {
  it('serve tcp --reply upper answers the seed 000/001 client, and stops on SIGTERM with status 0', async () => {
    const server = await serve(['tcp://127.0.0.1:0', '--reply', 'upper']);
    expect(server.url).toBe(`tcp://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    const client = await runClient('tcp_line_client', ['127.0.0.1', String(server.port), 'hello', 'world']);
    expect(client.lines).toEqual(['REPLY HELLO', 'REPLY WORLD']);
    await eventually(() => /closed 127\.0\.0\.1:\d+ \(by the peer\)/.test(server.output()), 'the close to be printed');
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`listening on ${server.url}`);
    const body = lines.slice(1).map((l) => l.replace(/^\d\d:\d\d:\d\d\.\d{3} /, ''));
    expect(body[0]).toMatch(/^accepted 127\.0\.0\.1:\d+ \(c1\)$/);
    expect(body).toContainEqual(expect.stringMatching(/^in 127\.0\.0\.1:\d+ 5 bytes: hello$/));
    expect(body).toContainEqual(expect.stringMatching(/^out 127\.0\.0\.1:\d+ 5 bytes: HELLO$/));
    expect(body).toContainEqual(expect.stringMatching(/^out 127\.0\.0\.1:\d+ 5 bytes: WORLD$/));
    expect(body.at(-2)).toBe('closed (stopped)');
    expect(lines.at(-1) + '\n').toBe(summary(2, 10, 2, 10));
  });

  it('serve udp on [::1] --reply echo answers the UDP client', async () => {
    const server = await serve(['udp://[::1]:0', '--reply', 'echo']);
    expect(server.url).toBe(`udp://[::1]:${server.port}`);
    const client = await runClient('udp_client', ['::1', String(server.port), 'ping', '안녕']);
    expect(client.lines).toEqual(['REPLY ping', 'REPLY 안녕']);
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/in \[::1\]:\d+ 4 bytes: ping\n/);
  });

  it('serve --reply "fixed:Hello, Client!" --close-after-reply answers the seed 002 client and closes', async () => {
    const server = await serve(['tcp://127.0.0.1:0', '--reply', 'fixed:Hello, Client!', '--close-after-reply']);
    const hello = await runClient('tcp_hello_client', ['127.0.0.1', String(server.port)]);
    expect(hello.lines).toEqual(['REPLY Hello, Client!']);
    const line = await runClient('tcp_line_client', ['127.0.0.1', String(server.port), 'one', 'two']);
    expect(line.lines).toEqual(['REPLY Hello, Client!', 'CLOSED']);
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stdout.match(/ out .*Hello, Client!/g)).toHaveLength(2);
  });

  it('serve --format json prints the NDJSON header, one event per line and the summary after the first line', async () => {
    const server = await serve(['tcp://127.0.0.1:0', '--reply', 'prefix:ACK : ', '--format', 'json']);
    const client = await runClient('tcp_line_client', ['127.0.0.1', String(server.port), 'hi']);
    expect(client.lines).toEqual(['REPLY ACK : hi']);
    const result = await server.stop();
    const [first, ...rest] = result.stdout.trimEnd().split('\n');
    expect(first).toBe(`listening on ${server.url}`);
    const lines = rest.map((l) => JSON.parse(l) as { type: string });
    expect(lines[0]).toMatchObject({
      type: 'header',
      version: 1,
      session: { kind: 'tcp-server', role: 'server', local: { port: server.port } },
    });
    const types = lines.map((l) => l.type);
    expect(types[1]).toBe('accepted');
    expect(types).toContain('data');
    expect(types.at(-2)).toBe('closed');
    expect(lines.at(-1)).toEqual({ type: 'summary', in: { messages: 1, bytes: 2 }, out: { messages: 1, bytes: 8 } });
  });
});

describe('socket-lab --help', () => {
  it('mentions every option the commands accept', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    // the options each parseArgs call declares, read from the sources so a new one cannot be forgotten
    const main = path.join(root, 'src', 'main');
    const files = [
      ...readdirSync(main)
        .filter((f) => /^cli.*\.ts$/.test(f))
        .map((f) => path.join(main, f)),
      ...readdirSync(path.join(main, 'cli')).map((f) => path.join(main, 'cli', f)),
    ];
    const source = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    const declared = [...source.matchAll(/'?([a-z][a-z-]*)'?: \{ type: '(?:string|boolean)'/g)].map((m) => m[1]!);
    expect(declared).toEqual(
      expect.arrayContaining([
        'text',
        'hex',
        'escaped',
        'count',
        'interval',
        'wait',
        'timeout',
        'format',
        'reply',
        'close-after-reply',
        'port',
        'until',
        'quiet',
        'max-print',
        'log-budget',
      ]),
    );
    for (const option of declared) expect(result.stdout, `--${option}`).toContain(`--${option}`);
    for (const command of ['send', 'serve', 'web']) expect(result.stdout).toContain(`socket-lab ${command}`);
    expect((await run(['send', '--help'])).stdout).toBe(result.stdout);
  });
});
