// Repeated sends run by the engine: macros expanded per send, paced every N ms, N times or until
// stopped, their countdown in SessionInfo.repeat, against the Python length-prefixed server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { decodeText } from '../../src/shared/codec';
import { openSessionInput } from '../../src/shared/contract';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { record, type Recorder } from './helpers';

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

const client = async (framing: string) => {
  const peer = await startServer('tcp_length_prefixed_server');
  const info = await engine.open(openSessionInput().parse({ kind: 'tcp-client', host: '127.0.0.1', port: peer.port, framing }));
  return { id: info.id, peer };
};

describe('repeated sends', () => {
  it('sends 5 times 40 ms apart with {{counter}} expanded each time, each framed, then ends as done', async () => {
    const { id, peer } = await client('len:2');
    const started = engine.startRepeat(id, {
      payload: 'n={{counter}}',
      format: 'text',
      lineEnding: 'none',
      everyMs: 40,
      times: 5,
      to: { kind: 'default' },
    });
    expect(started).toMatchObject({ state: 'running', sent: 0, times: 5, everyMs: 40 });
    const done = await engine.repeatDone(id);
    expect(done).toMatchObject({ state: 'done', sent: 5, nextAt: null });
    // Paced from the start: five sends take four gaps.
    expect(done.endedAt! - done.startedAt).toBeGreaterThanOrEqual(4 * 40 - 5);
    await rec.until(() => rec.data(id, 'in').length >= 5, 5000, 'five answers');
    expect(rec.data(id, 'in').map((e) => decodeText(e.bytes))).toEqual(['ACK : n=1', 'ACK : n=2', 'ACK : n=3', 'ACK : n=4', 'ACK : n=5']);
    expect(peer.stderr()).toContain('received : n=5');
    expect(engine.info(id).repeat).toMatchObject({ state: 'done', sent: 5 });
  });

  it('until stopped: runs until Stop, which answers the figures; a second start while one runs is refused', async () => {
    const { id } = await client('len:2');
    engine.startRepeat(id, {
      payload: '{{unixtime}}',
      format: 'escaped',
      lineEnding: 'none',
      everyMs: 20,
      times: null,
      to: { kind: 'default' },
    });
    expect(() =>
      engine.startRepeat(id, { payload: 'x', format: 'text', lineEnding: 'none', everyMs: 20, times: 1, to: { kind: 'default' } }),
    ).toThrow(expect.objectContaining({ code: 'REPEAT_RUNNING' }));
    await rec.until(() => rec.data(id, 'out').length >= 3, 5000, 'three sends');
    const stopped = await engine.stopRepeat(id);
    expect(stopped.state).toBe('stopped');
    expect(stopped.sent).toBeGreaterThanOrEqual(3);
    const sent = rec.data(id, 'out').length;
    await new Promise((r) => setTimeout(r, 100));
    expect(rec.data(id, 'out').length).toBe(sent);
  });

  it('a send the framing refuses ends the repeat as failed, with the reason', async () => {
    const { id } = await client('fixed:4');
    engine.startRepeat(id, { payload: 'abc', format: 'text', lineEnding: 'none', everyMs: 10, times: 3, to: { kind: 'default' } });
    const done = await engine.repeatDone(id);
    expect(done.state).toBe('failed');
    expect(done.error?.problem.key).toBe('frameFixedMismatch');
  });
});
