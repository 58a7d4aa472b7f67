// The sequence diagram's steps from log rows: each kind of session, the inferred packets, simulated problems,
// incremental mapping and the front of a long log dropped.
import { describe, expect, it } from 'vitest';
import type { Endpoint, LogRow, SocketEvent } from '../../src/shared/contract';
import { mapRows, StepMapper, type Step } from '../../src/shared/lesson/steps';

type Fields = Record<string, unknown> & { type: SocketEvent['type'] };
const local: Endpoint = { host: '127.0.0.1', port: 5000 };
const c1: Endpoint = { host: '127.0.0.1', port: 50001 };
const c2: Endpoint = { host: '127.0.0.1', port: 50002 };

/** Rows numbered from 0, 10 ms apart. */
function rows(...events: Fields[]): LogRow[] {
  return events.map((e, seq) => ({ sessionId: 's1', time: 1000 + seq * 10, seq, ...e }) as unknown as LogRow);
}
const data = (direction: 'in' | 'out', text: string, peer: Endpoint, connectionId = 'c1'): Fields => ({
  type: 'data',
  direction,
  peer,
  connectionId,
  bytes: new TextEncoder().encode(text),
});
const problem = (key: string, params: Record<string, unknown> = {}) => ({ key, params });

/** A step as a short line: "call what from->to [inferred] [simulated]". */
const say = (s: Step): string => {
  const what = s.what.kind === 'packet' ? s.what.packet : s.what.kind === 'data' ? `data ${s.what.bytes}` : s.what.kind;
  const flags = [s.inferred ? 'inferred' : '', s.simulated ?? ''].filter(Boolean).join(' ');
  return `${s.call ?? '-'} ${what} ${s.from}->${s.to}${flags ? ` ${flags}` : ''}`;
};

describe('steps of a TCP client', () => {
  it('shows socket, the inferred handshake, connect done, data both ways and a close by us with its FIN', () => {
    const m = mapRows(
      'tcp-client',
      rows({ type: 'opened', connectionId: 'c1', local: c1, peer: local }, data('out', 'hello', local), data('in', 'hello', local), {
        type: 'closed',
        reason: 'local',
        connectionId: 'c1',
        peer: local,
      }),
    );
    expect(m.lifelines.map((l) => [l.id, l.role, l.label])).toEqual([
      ['app', 'app', '127.0.0.1:50001'],
      ['peer', 'peer', '127.0.0.1:5000'],
    ]);
    expect(m.steps.map(say)).toEqual([
      'socket call app->app',
      'connect SYN app->peer inferred',
      'connect SYN-ACK peer->app inferred',
      'connect ACK app->peer inferred',
      'connect connected app->app',
      'sendall data 5 app->peer',
      'recv data 5 peer->app',
      'close FIN app->peer inferred',
      'close closed app->app',
      '- ACK peer->app inferred',
      '- FIN peer->app inferred',
      '- ACK app->peer inferred',
    ]);
    expect(m.steps.map((s) => s.index)).toEqual(m.steps.map((_, i) => i));
    expect(m.steps[5]).toMatchObject({ seq: 1, time: 1010, direction: 'out' });
  });

  it('shows a refused connect as a SYN answered by RST', () => {
    const m = mapRows('tcp-client', rows({ type: 'error', code: 'ECONNREFUSED', message: '', problem: problem('refused'), peer: local }));
    expect(m.steps.map(say)).toEqual([
      'socket call app->app',
      'connect SYN app->peer inferred',
      '- RST peer->app inferred',
      'connect refused app->app',
    ]);
  });

  it('shows a reset: the RST inferred, the app seeing ECONNRESET, the close with an error', () => {
    const m = mapRows(
      'tcp-client',
      rows(
        { type: 'opened', connectionId: 'c1', local: c1, peer: local },
        { type: 'error', code: 'ECONNRESET', message: '', problem: problem('reset'), connectionId: 'c1', peer: local },
        { type: 'closed', reason: 'reset', connectionId: 'c1', peer: local },
      ),
    );
    expect(m.steps.slice(5).map(say)).toEqual(['- RST peer->app inferred', 'recv rstReceived peer->app', 'close closed app->app']);
    expect(m.steps.at(-1)!.what).toEqual({ kind: 'closed', error: 'reset' });
  });

  it('shows a half-close: our FIN at shutdown(), the reply still read, the peer FIN seen as recv() of nothing', () => {
    const m = mapRows(
      'tcp-client',
      rows(
        { type: 'opened', connectionId: 'c1', local: c1, peer: local },
        data('out', 'last words', local),
        { type: 'half-closed', by: 'local', connectionId: 'c1', peer: local },
        data('in', 'reply', local),
        { type: 'half-closed', by: 'peer', connectionId: 'c1', peer: local },
        { type: 'closed', reason: 'peer', connectionId: 'c1', peer: local },
      ),
    );
    expect(m.steps.slice(6).map(say)).toEqual([
      'shutdown FIN app->peer inferred',
      '- ACK peer->app inferred',
      'recv data 5 peer->app',
      'recv finReceived peer->app',
      '- ACK app->peer inferred',
      'close closed app->app',
    ]);
  });
});

describe('steps of a TCP server with two clients', () => {
  it('has a lifeline per accepted connection, each handshake inferred, and the data on its own connection', () => {
    const m = mapRows(
      'tcp-server',
      rows(
        { type: 'listening', local },
        { type: 'accepted', connectionId: 'c1', local, peer: c1 },
        { type: 'accepted', connectionId: 'c2', local, peer: c2 },
        data('in', 'one', c1, 'c1'),
        data('out', 'ACK : one', c1, 'c1'),
        data('in', 'two!', c2, 'c2'),
        { type: 'half-closed', by: 'peer', connectionId: 'c2', peer: c2 },
        { type: 'closed', reason: 'peer', connectionId: 'c2', peer: c2 },
        { type: 'closed', reason: 'stopped', connectionId: 'c1', peer: c1 },
        { type: 'closed', reason: 'stopped' },
      ),
    );
    expect(m.lifelines.map((l) => [l.id, l.role, l.label, l.connectionId])).toEqual([
      ['app', 'listener', '127.0.0.1:5000', undefined],
      ['c1', 'peer', '127.0.0.1:50001', 'c1'],
      ['c2', 'peer', '127.0.0.1:50002', 'c2'],
    ]);
    expect(m.steps.map(say)).toEqual([
      'socket call app->app',
      'bind bound app->app',
      'listen listening app->app',
      '- SYN c1->app inferred',
      '- SYN-ACK app->c1 inferred',
      '- ACK c1->app inferred',
      'accept accepted app->app',
      '- SYN c2->app inferred',
      '- SYN-ACK app->c2 inferred',
      '- ACK c2->app inferred',
      'accept accepted app->app',
      'recv data 3 c1->app',
      'sendall data 9 app->c1',
      'recv data 4 c2->app',
      'recv finReceived c2->app',
      '- ACK app->c2 inferred',
      'close FIN app->c2 inferred',
      'close closed app->app',
      'close FIN app->c1 inferred',
      'close closed app->app',
      '- ACK c1->app inferred',
      '- FIN c1->app inferred',
      '- ACK app->c1 inferred',
      'close closed app->app',
    ]);
  });
});

describe('steps of a UDP socket under simulated problems', () => {
  const peer: Endpoint = { host: '127.0.0.1', port: 6000 };
  const notice = (key: string, direction: 'in' | 'out', extra: Record<string, unknown> = {}): Fields => ({
    type: 'notice',
    message: '',
    problem: problem(key, { direction, index: 1, size: 5, peer: '127.0.0.1:6000', ms: 0, ...extra }),
    peer,
  });
  const udp = (direction: 'in' | 'out', text: string): Fields => data(direction, text, peer, 'p1');

  it('draws a lost datagram, a duplicate as a second arrow, a delay as a slant and a reordered pair crossing', () => {
    const m = mapRows(
      'udp',
      rows(
        { type: 'listening', local },
        notice('impairOn', 'out'),
        udp('out', 'one'),
        notice('impairDropped', 'out'),
        notice('impairDuplicated', 'out'),
        udp('out', 'dup'),
        udp('out', 'dup'),
        notice('impairDelayed', 'in', { ms: 300 }),
        udp('in', 'late'),
        notice('impairReordered', 'out'),
        udp('out', 'second'),
        udp('out', 'first'),
        { type: 'closed', reason: 'local' },
      ),
    );
    expect(m.lifelines.map((l) => [l.id, l.role])).toEqual([
      ['app', 'app'],
      ['peer 127.0.0.1:6000', 'peer'],
    ]);
    const p = 'peer 127.0.0.1:6000';
    expect(m.steps.map(say)).toEqual([
      'socket call app->app',
      'bind bound app->app',
      `sendto data 3 app->${p}`,
      `sendto lost app->${p} lost`,
      `sendto data 3 app->${p}`,
      `sendto data 3 app->${p} duplicate`,
      `recvfrom data 4 ${p}->app delayed`,
      `sendto data 6 app->${p} reordered`,
      `sendto data 5 app->${p} reordered`,
      'close closed app->app',
    ]);
    const [delayed, overtaking, held] = [m.steps[6]!, m.steps[7]!, m.steps[8]!];
    expect(delayed.delayMs).toBe(300);
    expect(delayed.slant).toBeGreaterThan(0);
    // Crossing: the overtaking one starts below its end, the held one above.
    expect(overtaking.slant).toBe(-1);
    expect(held.slant).toBe(1);
    expect(m.steps[3]!.what).toEqual({ kind: 'lost', bytes: 5 });
  });

  it('a datagram held back that nobody overtook goes on alone: no crossing', () => {
    const events = rows({ type: 'listening', local }, notice('impairReordered', 'out'), udp('out', 'alone'));
    events[2]!.time = events[1]!.time + 200;
    const m = mapRows('udp', events);
    expect(m.steps.at(-1)).toMatchObject({ simulated: 'reordered', slant: 0 });
  });
});

describe('the traffic generator', () => {
  it('is one step to its peer, or a note on the server when it sends to every client', () => {
    const run = (target: string): Fields[] =>
      ['started', 'progress', 'ended'].map((phase, i) => ({ type: 'flood', phase, flood: { messages: i * 10, bytes: i * 100, target } }));
    const udp = mapRows('udp', rows({ type: 'listening', local }, ...run('127.0.0.1:6000')));
    expect(udp.steps.slice(2).map((s) => [s.call, s.to, s.direction])).toEqual([['sendto', 'peer 127.0.0.1:6000', 'out']]);
    const server = mapRows('tcp-server', rows({ type: 'listening', local }, ...run('all')));
    expect(server.steps.slice(3).map((s) => [s.call, s.to, s.direction, s.what])).toEqual([
      ['sendall', 'app', 'local', { kind: 'flood', messages: 20, bytes: 200, ended: true }],
    ]);
  });
});

describe('mapping as rows arrive', () => {
  it('maps each row once, counts a gap and forgets steps whose rows the log dropped', () => {
    const all = rows(
      { type: 'opened', connectionId: 'c1', local: c1, peer: local },
      ...Array.from({ length: 10 }, (_, i) => data(i % 2 ? 'in' : 'out', 'x'.repeat(i + 1), local)),
    );
    const m = new StepMapper('tcp-client');
    m.push(all.slice(0, 4));
    const v = m.version;
    m.push(all.slice(0, 4)); // the same rows again: nothing new
    expect(m.version).toBe(v);
    expect(m.steps).toHaveLength(5 + 3);
    m.push(all.slice(6)); // rows 4 and 5 never came
    expect(m.dropped).toBe(2);
    expect(m.steps).toHaveLength(5 + 3 + 5);
    m.dropBefore(7);
    expect(m.steps[0]!.seq).toBe(7);
    expect(m.dropped).toBe(2 + 5 + 3 + 1);
    m.skipTo(20);
    expect(m.nextSeq).toBe(20);
  });

  it('keeps at most its bound of steps, the oldest tenth dropped at once', () => {
    const m = new StepMapper('tcp-client', 100);
    m.push(
      rows({ type: 'opened', connectionId: 'c1', local: c1, peer: local }, ...Array.from({ length: 200 }, () => data('in', 'x', local))),
    );
    expect(m.steps.length).toBeLessThanOrEqual(100);
    expect(m.steps.length + m.dropped).toBe(205);
    expect(m.steps.at(-1)!.seq).toBe(200);
  });

  it('maps 100,000 rows in one pass (a third of a second here when idle), a flood as one summary step', () => {
    const flood = (phase: string, messages: number): Fields => ({
      type: 'flood',
      phase,
      flood: { messages, bytes: messages * 10, target: '127.0.0.1:5000' },
    });
    const many = rows(
      { type: 'opened', connectionId: 'c1', local: c1, peer: local },
      flood('started', 0),
      flood('progress', 50_000),
      flood('ended', 100_000),
      ...Array.from({ length: 100_000 }, (_, i) => data(i % 2 ? 'in' : 'out', 'ping', local)),
    );
    const started = performance.now();
    const m = mapRows('tcp-client', many);
    // A bound for a loaded machine: per-row work, not per-row redraws.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(m.steps).toHaveLength(5 + 1 + 100_000);
    expect(m.steps[5]).toMatchObject({
      call: 'sendall',
      to: 'peer',
      what: { kind: 'flood', messages: 100_000, bytes: 1_000_000, ended: true },
    });
  });
});
