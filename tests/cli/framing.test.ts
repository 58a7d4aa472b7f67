// socket-lab send and serve with --frame, --max-frame, --no-delay, --keep-alive, and macros in
// repeated sends, against the Python length-prefixed server and burst client.
import { describe, expect, it } from 'vitest';
import { runClient, startServer } from '../peers/spawn-peer';
import { eventually, expectOneErrorLine, run, serve, summary, useCli } from './run-cli';

useCli();

const hex = (text: string): string => Buffer.from(text).toString('hex');

describe('socket-lab send --frame', () => {
  it('len:2 prefixes the message and prints the framed "ACK : hi" answer of the Python server', async () => {
    const server = await startServer('tcp_length_prefixed_server');
    const result = await run(['send', `tcp://127.0.0.1:${server.port}`, '--frame', 'len:2', '--text', 'hi', '--until', 'first']);
    // Out: the wire bytes (2-byte prefix + "hi"); in: one framed message of 8 bytes.
    expect(result).toEqual({ code: 0, stdout: 'ACK : hi\n' + summary(1, 8, 1, 4), stderr: '' });
  });

  it('expands {{counter}} for each of --count sends, each framed', async () => {
    const server = await startServer('tcp_length_prefixed_server');
    const result = await run([
      'send',
      `tcp://127.0.0.1:${server.port}`,
      '--frame',
      'len:2',
      '--text',
      'n={{counter}}',
      '--count',
      '3',
      '--interval',
      '50',
      '--until',
      '27',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ACK : n=1\nACK : n=2\nACK : n=3\n' + summary(3, 27, 3, 15));
  });

  it('a bad --frame, a bad macro, and --frame on udp:// each exit 2 with one line', async () => {
    expectOneErrorLine(
      await run(['send', 'tcp://127.0.0.1:9', '--frame', 'len:3', '--text', 'x']),
      2,
      /^socket-lab: --frame: "len:3" is not a length prefix: write len: then 1, 2 or 4 bytes/,
    );
    expectOneErrorLine(
      await run(['send', 'tcp://127.0.0.1:9', '--text', 'a{{count}}']),
      2,
      /^socket-lab: --text: \{\{count\}\} at position 2 is not a macro: use \{\{counter\}\}/,
    );
    expectOneErrorLine(
      await run(['send', 'udp://127.0.0.1:9', '--frame', 'line', '--text', 'x']),
      2,
      'socket-lab: Framing applies to TCP streams only: a UDP datagram is already one message (leave --frame out).',
    );
    expectOneErrorLine(
      await run(['send', 'tcp://127.0.0.1:9', '--no-delay', 'maybe', '--text', 'x']),
      2,
      'socket-lab: --no-delay must be on or off, not "maybe" (see socket-lab --help)',
    );
    expectOneErrorLine(
      await run(['send', 'tcp://127.0.0.1:9', '--frame', 'fixed:4', '--text', 'abcd']),
      1,
      'socket-lab: Nothing is listening on 127.0.0.1:9 (connection refused).',
    );
  });

  it('fixed:4 refuses a send of another size with one line', async () => {
    const server = await startServer('tcp_ack_server');
    expectOneErrorLine(
      await run(['send', `tcp://127.0.0.1:${server.port}`, '--frame', 'fixed:4', '--text', 'abc']),
      2,
      'socket-lab: This connection sends messages of exactly 4 bytes (fixed:4); this one has 3.',
    );
  });
});

describe('socket-lab serve --frame', () => {
  it('line: one event per line, a reply per line, the unended rest printed as partial', async () => {
    const serving = await serve(['tcp://127.0.0.1:0', '--frame', 'line', '--reply', 'upper', '--no-delay', 'off', '--keep-alive', '1000']);
    const client = await runClient('tcp_burst_client', ['127.0.0.1', String(serving.port), hex('one\ntwo\nthr'), hex('ee\nfour')]);
    expect(Buffer.from(client.lines.join(''), 'hex').toString()).toBe('ONE\nTWO\nTHREE\n');
    await eventually(() => serving.output().includes('(partial): four'), 'the partial line');
    const { stdout, code } = await serving.stop();
    expect(code).toBe(0);
    const ins = stdout.split('\n').filter((l) => /^\d\d:\S+ in /.test(l));
    expect(ins.map((l) => l.replace(/^\S+ in \S+ /, ''))).toEqual([
      '3 bytes: one',
      '3 bytes: two',
      '5 bytes: three',
      '4 bytes (partial): four',
    ]);
    expect(stdout).toContain(summary(4, 15, 3, 14).trim());
  });

  it('a frame over --max-frame closes the connection and says why', async () => {
    const serving = await serve(['tcp://127.0.0.1:0', '--frame', 'line', '--max-frame', '4']);
    await runClient('tcp_burst_client', ['127.0.0.1', String(serving.port), hex('too long\n')]);
    await eventually(() => serving.output().includes('closed'), 'the close');
    const { stdout } = await serving.stop();
    expect(stdout).toMatch(/error FRAME_TOO_LARGE: A message of \d+\+ bytes is larger than the largest frame allowed \(4 bytes\)/);
    expect(stdout).toMatch(/closed 127\.0\.0\.1:\d+ \(error\)/);
  });

  it('says "reset" for a peer that resets the connection', async () => {
    const serving = await serve(['tcp://127.0.0.1:0']);
    await runClient('tcp_reset_client', ['127.0.0.1', String(serving.port), hex('bye')]);
    await eventually(() => serving.output().includes('closed'), 'the close');
    const { stdout } = await serving.stop();
    expect(stdout).toMatch(/closed 127\.0\.0\.1:\d+ \(reset\)/);
  });
});
