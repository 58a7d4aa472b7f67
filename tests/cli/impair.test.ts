// `--impair` on send and serve over udp://: the seed's drops seen at a Python sink, the notes on
// stderr, the summary's counts, and every refusal (a bad spec, tcp://, tls://) as one line, exit 2.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClient, startServer } from '../peers/spawn-peer';
import { decideImpair } from '../../src/main/engine/pipeline/impair';
import { eventually, run, serve, useCli } from './run-cli';

useCli();

const received = (stdout: string): string[] =>
  [...stdout.matchAll(/^RECEIVED ([0-9a-f]*)$/gm)].map((m) => Buffer.from(m[1]!, 'hex').toString());

describe('socket-lab --impair', () => {
  it('send drops the datagrams the seed decides (seen at the sink), says so on stderr and counts them in the summary', async () => {
    const sink = await startServer('udp_sink_server');
    const count = 40;
    const result = await run([
      'send',
      `udp://127.0.0.1:${sink.port}`,
      '--text',
      'm{{counter}}',
      '--count',
      String(count),
      '--wait',
      '0',
      '--impair',
      'out:loss=30%;seed=7',
    ]);
    expect(result.code).toBe(0);
    const d = { loss: 30, dup: 0, reorder: 0, delay: 0, jitter: 0 };
    const kept = Array.from({ length: count }, (_, i) => i).filter((i) => !decideImpair(d, 7, 'out', i).drop);
    const dropped = count - kept.length;
    await eventually(() => received(sink.stdout()).length === kept.length, 'the sink to get every kept datagram');
    expect(received(sink.stdout())).toEqual(kept.map((i) => `m${i + 1}`));
    const notes = result.stderr.split('\n');
    expect(notes[0]).toBe('socket-lab: Network problems simulated by Socket Lab on this socket (not by the network): out:loss=30%;seed=7.');
    expect(notes.filter((l) => / dropped\.$/.test(l))).toHaveLength(dropped);
    expect(result.stdout).toBe(
      `summary: in 0 messages 0 bytes, out ${kept.length} messages ${kept.reduce((n, i) => n + `m${i + 1}`.length, 0)} bytes; ` +
        `simulated: in dropped 0 duplicated 0 reordered 0, out dropped ${dropped} duplicated 0 reordered 0\n`,
    );
  });

  it('--export keeps each decision as a row (CSV and NDJSON)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-impair-'));
    try {
      const sink = await startServer('udp_sink_server');
      for (const name of ['log.csv', 'log.ndjson']) {
        const file = path.join(dir, name);
        const args = ['send', `udp://127.0.0.1:${sink.port}`, '--text', 'x', '--count', '3', '--wait', '0'];
        const result = await run([...args, '--impair', 'out:dup=100%', '--export', file]);
        expect(result.code).toBe(0);
        const text = await readFile(file, 'utf8');
        expect(text.match(/Simulated: outgoing datagram #\d \(127\.0\.0\.1:\d+\) duplicated\./g)).toHaveLength(3);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serve drops what comes in before the echo answers, and says it once on stderr', async () => {
    const server = await serve(['udp://127.0.0.1:0', '--reply', 'echo', '--impair', 'in:loss=100%']);
    const client = await runClient('udp_client', ['--timeout', '0.3', '127.0.0.1', String(server.port), 'ping']);
    expect(client.lines).toEqual(['NO REPLY']);
    await eventually(() => / dropped\./.test(server.output()), 'the drop to be printed');
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('socket-lab: network problems are simulated by Socket Lab, not by the network: in:loss=100%;seed=1\n');
    expect(result.stdout).toMatch(/Simulated: incoming datagram #1 \(4 bytes, 127\.0\.0\.1:\d+\) dropped\.\n/);
    expect(result.stdout).not.toMatch(/^\S+ in 127/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      'summary: in 0 messages 0 bytes, out 0 messages 0 bytes; simulated: in dropped 1 duplicated 0 reordered 0, out dropped 0 duplicated 0 reordered 0',
    );
  });

  it('serve with out:dup=100% sends each answer twice', async () => {
    const server = await serve(['udp://127.0.0.1:0', '--reply', 'upper', '--impair', 'out:dup=100%']);
    const client = await runClient('udp_client', ['--timeout', '0.5', '127.0.0.1', String(server.port), 'a', 'b']);
    // udp_client reads one answer per message: the second copy of "A" is read as the answer to "b".
    expect(client.lines).toEqual(['REPLY A', 'REPLY A']);
    const result = await server.stop();
    expect(result.stdout).toMatch(/out dropped 0 duplicated 2 reordered 0$/m);
  });

  it.each([
    [
      ['send', 'udp://127.0.0.1:9', '--text', 'x', '--impair', 'loss=130%'],
      'socket-lab: --impair loss=130%: loss=130%: a percentage is 0 to 100 (e.g. loss=30%).',
    ],
    [
      ['send', 'udp://127.0.0.1:9', '--text', 'x', '--impair', 'in:loss=1%;up:dup=2%'],
      'socket-lab: --impair in:loss=1%;up:dup=2%: "up:dup=2%": start each part with in: or out: (e.g. in:loss=10%;out:delay=100).',
    ],
    [
      ['serve', 'udp://127.0.0.1:0', '--impair', 'delay=fast'],
      'socket-lab: --impair delay=fast: delay=fast: a time is a whole number of milliseconds from 0 to 5000 (e.g. delay=50).',
    ],
    [
      ['send', 'tcp://127.0.0.1:9', '--text', 'x', '--impair', 'loss=10%'],
      'socket-lab: --impair applies to udp:// only (TCP resends what is lost, so it always looks perfect) (see socket-lab --help)',
    ],
    [
      ['serve', 'tls://127.0.0.1:0', '--impair', 'loss=10%'],
      'socket-lab: --impair applies to udp:// only (TCP resends what is lost, so it always looks perfect) (see socket-lab --help)',
    ],
  ])('refuses %j with one line and exit 2', async (args, line) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(line + '\n');
  });

  it('--help lists --impair', async () => {
    const result = await run(['--help']);
    expect(result.stdout).toMatch(/--impair SPEC +drop, duplicate, delay and reorder datagrams/);
  });
});
