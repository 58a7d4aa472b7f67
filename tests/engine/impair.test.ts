// Simulated network problems on a UDP session, checked at Python peers on loopback: what the peer
// gets (dropped, doubled, swapped, late) is what the seed decides, and each decision is in the log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { autoReplySchema, contract, type AutoReplyInput, type SocketEvent } from '../../src/shared/contract';
import { parseImpairSpec, type ImpairSettings } from '../../src/shared/impair';
import { decideImpair } from '../../src/main/engine/pipeline/impair';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';
import { bytesOf, record, type Recorder } from './helpers';

let engine: Engine;
let rec: Recorder;

beforeEach(() => {
  engine = new Engine();
  rec = record(engine);
});

afterEach(async () => {
  await engine.closeAll();
  await stopPeers();
});

const settings = (spec: string): ImpairSettings => {
  const parsed = parseImpairSpec(spec);
  if (!parsed.ok) throw new Error(spec);
  return parsed.value;
};

const bind = async (spec: string | null, autoReply: AutoReplyInput = { mode: 'none' }) => {
  const info = await engine.open({
    kind: 'udp',
    host: '127.0.0.1',
    port: 0,
    autoReply: autoReplySchema().parse(autoReply),
    ...(spec === null ? {} : { impair: settings(spec) }),
  });
  return { id: info.id, port: info.local!.port };
};

/** Sends "0".."n-1" to a sink, one datagram each, and returns what the sink got, in arrival order. */
async function sendNumbered(spec: string | null, n: number, quietMs = 400): Promise<{ got: string[]; id: string }> {
  const sink = await startServer('udp_sink_server');
  const socket = await bind(spec);
  for (let i = 0; i < n; i++) await engine.send(socket.id, bytesOf(String(i)), { kind: 'peer', host: '127.0.0.1', port: sink.port });
  const received = (): string[] => [...sink.stdout().matchAll(/^RECEIVED ([0-9a-f]*)$/gm)].map((m) => Buffer.from(m[1]!, 'hex').toString());
  // Done when nothing new came for a quiet spell (bounded by until's own timeout).
  let last = -1;
  let since = Date.now();
  await rec.until(
    () => {
      const now = received().length;
      if (now !== last) [last, since] = [now, Date.now()];
      return Date.now() - since > quietMs;
    },
    10_000,
    'the sink to go quiet',
  );
  return { got: received(), id: socket.id };
}

const notices = (id: string, key: string): SocketEvent[] =>
  rec.events.filter((e) => e.sessionId === id && e.type === 'notice' && e.problem.key === key);

describe('simulated network problems on a UDP socket', () => {
  it('with loss=100% sends nothing; with loss=0% (or none) sends all', async () => {
    const lost = await sendNumbered('out:loss=100%', 20, 300);
    expect(lost.got).toEqual([]);
    expect(notices(lost.id, 'impairDropped')).toHaveLength(20);
    expect(engine.info(lost.id).impair?.out).toEqual({ dropped: 20, duplicated: 0, reordered: 0, delayed: 0 });
    expect(engine.info(lost.id).counters.messagesOut).toBe(0);
    const all = await sendNumbered('loss=0%', 20, 300);
    expect(all.got).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(engine.info(all.id).impair).toBeUndefined();
  });

  it('drops exactly the same datagrams in two runs of the same seed (as the peer sees it), the ones the seed decides', async () => {
    const n = 200;
    const first = await sendNumbered('loss=30%,seed=7', n);
    const second = await sendNumbered('loss=30%,seed=7', n);
    expect(second.got).toEqual(first.got);
    const d = settings('loss=30%,seed=7').out!;
    const expected = Array.from({ length: n }, (_, i) => i)
      .filter((i) => !decideImpair(d, 7, 'out', i).drop)
      .map(String);
    expect(first.got).toEqual(expected);
    expect(n - first.got.length).toBe(engine.info(first.id).impair!.out.dropped);
    expect(first.got.length).toBeGreaterThan(n * 0.5);
    expect(first.got.length).toBeLessThan(n * 0.9);
    const other = await sendNumbered('loss=30%,seed=8', n);
    expect(other.got).not.toEqual(first.got);
  });

  it('with dup=100% sends every datagram twice', async () => {
    const run = await sendNumbered('dup=100%', 5, 300);
    expect(run.got).toEqual(['0', '0', '1', '1', '2', '2', '3', '3', '4', '4']);
    expect(notices(run.id, 'impairDuplicated')).toHaveLength(5);
    expect(engine.info(run.id).counters.messagesOut).toBe(10);
  });

  it('with reorder swaps a held-back datagram with the next one', async () => {
    // Find a seed whose first four decisions hold back only datagram 1: the peer gets 0 2 1 3.
    const d = { loss: 0, dup: 0, reorder: 30, delay: 0, jitter: 0 };
    let seed = 0;
    while (![false, true, false, false].every((r, i) => decideImpair(d, seed, 'out', i).reorder === r)) seed++;
    const run = await sendNumbered(`reorder=30%,seed=${seed}`, 4, 400);
    expect(run.got).toEqual(['0', '2', '1', '3']);
    expect(notices(run.id, 'impairReordered')).toHaveLength(1);
    expect(notices(run.id, 'impairReordered')[0]).toMatchObject({ message: expect.stringContaining('#2') });
  });

  it('lets a held-back datagram go alone when no next one comes', async () => {
    const run = await sendNumbered('reorder=100%', 1, 400);
    expect(run.got).toEqual(['0']);
  });

  it('delays by delay ± jitter, and close waits for what is still on its way', async () => {
    const sink = await startServer('udp_sink_server');
    const socket = await bind('delay=150,jitter=50');
    const started = Date.now();
    await engine.send(socket.id, bytesOf('late'), { kind: 'peer', host: '127.0.0.1', port: sink.port });
    await rec.until(() => sink.stdout().includes('RECEIVED ' + Buffer.from('late').toString('hex')), 3000, 'the late datagram');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(95);
    expect(took).toBeLessThan(1500);
    const [delayed] = notices(socket.id, 'impairDelayed');
    expect(delayed).toMatchObject({
      message: expect.stringMatching(/^Simulated: outgoing datagram #1 \(127\.0\.0\.1:\d+\) delayed (\d+) ms\.$/),
    });

    await engine.send(socket.id, bytesOf('last'), { kind: 'peer', host: '127.0.0.1', port: sink.port });
    await engine.close(socket.id);
    await rec.until(() => sink.stdout().includes('RECEIVED ' + Buffer.from('last').toString('hex')), 3000, 'the one sent before close');
  });

  it('drops incoming datagrams before auto-reply sees them, and logs each', async () => {
    const server = await bind('in:loss=100%', { mode: 'echo' });
    const run = await runClient('udp_client', ['--timeout', '0.3', '127.0.0.1', String(server.port), 'one', 'two']);
    expect(run.lines).toEqual(['NO REPLY', 'NO REPLY']);
    expect(rec.events.filter((e) => e.sessionId === server.id && e.type === 'data')).toEqual([]);
    expect(notices(server.id, 'impairDropped').map((e) => e.type === 'notice' && e.message)).toEqual([
      expect.stringMatching(/^Simulated: incoming datagram #1 \(3 bytes, 127\.0\.0\.1:\d+\) dropped\.$/),
      expect.stringMatching(/^Simulated: incoming datagram #2 \(3 bytes, 127\.0\.0\.1:\d+\) dropped\.$/),
    ]);
    expect(engine.info(server.id).impair?.in.dropped).toBe(2);
  });

  it('changes while open (setImpair), says so in the log, and turns off', async () => {
    const server = await bind(null, { mode: 'echo' });
    engine.setImpair(server.id, settings('in:loss=100%'));
    let run = await runClient('udp_client', ['--timeout', '0.3', '127.0.0.1', String(server.port), 'one']);
    expect(run.lines).toEqual(['NO REPLY']);
    expect(engine.setImpair(server.id, null).impair).toMatchObject({ settings: null, spec: '', in: { dropped: 1 } });
    run = await runClient('udp_client', ['--timeout', '1', '127.0.0.1', String(server.port), 'two']);
    expect(run.lines).toEqual(['REPLY two']);
    const keys = rec.events
      .filter((e) => e.sessionId === server.id && e.type === 'notice')
      .map((e) => e.type === 'notice' && e.problem.key);
    expect(keys).toEqual(['impairOn', 'impairDropped', 'impairOff']);
  });

  it('is refused on TCP, and a bad spec is refused at the field by the contract', async () => {
    const tcp = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });
    expect(() => engine.setImpair(tcp.id, settings('loss=1%'))).toThrow(/UDP sockets only/);
    const bad = contract.setImpair.input().safeParse({ sessionId: 's1', impair: 'loss=130%' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['impair'], message: 'loss=130%: a percentage is 0 to 100 (e.g. loss=30%).' });
  });
});
