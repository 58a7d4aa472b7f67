// The State tool's model: each connection's TCP state and the edges it took, from the rows the engine logs.
import { describe, expect, it } from 'vitest';
import type { Endpoint, LogRow, SessionInfo, SocketEvent } from '../../src/shared/contract';
import { diagramEdges, tcpStateModel, type ConnectionState, type TcpStateModel } from '../../src/shared/lesson/tcp-state';

const server: Endpoint = { host: '127.0.0.1', port: 5000 };
const client: Endpoint = { host: '127.0.0.1', port: 40001 };
const client2: Endpoint = { host: '127.0.0.1', port: 40002 };

type Facts = Pick<SessionInfo, 'kind' | 'state' | 'lastError' | 'local'>;
const facts = (kind: SessionInfo['kind'], state: SessionInfo['state'], lastError: SessionInfo['lastError'] = null): Facts => ({
  kind,
  state,
  lastError,
  local: null,
});

type EventOnly = SocketEvent extends infer E ? (E extends SocketEvent ? Omit<E, 'sessionId' | 'time'> : never) : never;
/** Rows numbered from `first`, in the order given. */
const rows = (events: EventOnly[], first = 0): LogRow[] =>
  events.map((e, i) => ({ ...e, sessionId: 's1', time: 1000 + i, seq: first + i }) as LogRow);

const problem = { key: 'invalidRequest' as const };
const opened: EventOnly = { type: 'opened', connectionId: 'c1', local: client, peer: server };
const out: EventOnly = { type: 'data', direction: 'out', connectionId: 'c1', peer: server, bytes: new Uint8Array([104, 105]) };

const tcp = (model: TcpStateModel): ConnectionState[] => {
  if (model.transport !== 'tcp') throw new Error('expected TCP');
  return model.connections;
};
/** "FROM>TO:event@seq" per step, inferred steps marked with "~". */
const walk = (c: ConnectionState): string[] => c.steps.map((s) => `${s.from}>${s.to}:${s.event}@${s.seq ?? '-'}${s.inferred ? '~' : ''}`);

describe("a TCP connection's state, from its rows", () => {
  it('follows a client that connects, talks and closes first into TIME_WAIT (likely)', () => {
    const model = tcpStateModel(
      facts('tcp-client', 'closed'),
      rows([opened, out, { type: 'closed', reason: 'local', connectionId: 'c1', peer: server }]),
    );
    const [c] = tcp(model);
    expect(c).toMatchObject({ id: 'c1', role: 'client', state: 'TIME_WAIT', timeWaitLikely: true, local: client, peer: server });
    expect(walk(c!)).toEqual([
      'CLOSED>SYN_SENT:connectCalled@0',
      'SYN_SENT>ESTABLISHED:connected@0',
      'ESTABLISHED>FIN_WAIT:close@2',
      'FIN_WAIT>TIME_WAIT:finReceived@2~',
    ]);
  });

  it('shows SYN_SENT while connecting, before any row', () => {
    const [c] = tcp(tcpStateModel(facts('tcp-client', 'connecting'), []));
    expect(c).toMatchObject({ state: 'SYN_SENT' });
    expect(walk(c!)).toEqual(['CLOSED>SYN_SENT:connectCalled@-']);
  });

  it('half-closes then hears the peer: FIN_WAIT, then TIME_WAIT on FIN received', () => {
    const [c] = tcp(
      tcpStateModel(
        facts('tcp-client', 'closed'),
        rows([
          opened,
          { type: 'half-closed', connectionId: 'c1', by: 'local', peer: server },
          { type: 'half-closed', connectionId: 'c1', by: 'peer', peer: server },
          { type: 'closed', reason: 'peer', connectionId: 'c1', peer: server },
        ]),
      ),
    );
    expect(walk(c!).slice(2)).toEqual(['ESTABLISHED>FIN_WAIT:finSent@1', 'FIN_WAIT>TIME_WAIT:finReceived@2']);
    expect(c).toMatchObject({ state: 'TIME_WAIT', timeWaitLikely: true });
  });

  it('is in CLOSE_WAIT when the peer closes first, then LAST_ACK and CLOSED on close', () => {
    const before = tcp(
      tcpStateModel(
        facts('tcp-client', 'connected'),
        rows([opened, { type: 'half-closed', connectionId: 'c1', by: 'peer', peer: server }]),
      ),
    );
    expect(before[0]).toMatchObject({ state: 'CLOSE_WAIT', timeWaitLikely: false });
    const [c] = tcp(
      tcpStateModel(
        facts('tcp-client', 'closed'),
        rows([
          opened,
          { type: 'half-closed', connectionId: 'c1', by: 'peer', peer: server },
          { type: 'closed', reason: 'peer', connectionId: 'c1', peer: server },
        ]),
      ),
    );
    expect(walk(c!).slice(2)).toEqual([
      'ESTABLISHED>CLOSE_WAIT:finReceived@1',
      'CLOSE_WAIT>LAST_ACK:close@2',
      'LAST_ACK>CLOSED:finAcked@2~',
    ]);
    expect(c).toMatchObject({ state: 'CLOSED', timeWaitLikely: false });
  });

  it('goes to CLOSED on a reset, naming ECONNRESET', () => {
    const [c] = tcp(
      tcpStateModel(
        facts('tcp-client', 'error'),
        rows([
          opened,
          { type: 'error', code: 'ECONNRESET', message: 'reset', problem, connectionId: 'c1', peer: server },
          { type: 'closed', reason: 'reset', connectionId: 'c1', peer: server },
        ]),
      ),
    );
    expect(walk(c!).slice(2)).toEqual(['ESTABLISHED>CLOSED:rst@2']);
    expect(c).toMatchObject({ state: 'CLOSED', errorCode: 'ECONNRESET', timeWaitLikely: false });
  });

  it('goes from SYN_SENT to CLOSED on the RST of a refused connect', () => {
    const lastError = { code: 'ECONNREFUSED', message: 'refused', problem };
    const [c] = tcp(tcpStateModel(facts('tcp-client', 'error', lastError), []));
    expect(walk(c!)).toEqual(['CLOSED>SYN_SENT:connectCalled@-', 'SYN_SENT>CLOSED:rst@-']);
    expect(c).toMatchObject({ state: 'CLOSED', errorCode: 'ECONNREFUSED' });
    const timedOut = tcp(tcpStateModel(facts('tcp-client', 'error', { ...lastError, code: 'ETIMEDOUT' }), []));
    expect(walk(timedOut[0]!)[1]).toBe('SYN_SENT>CLOSED:error@-');
  });

  it('shows a server LISTEN socket and each of two clients in its own state', () => {
    const model = tcpStateModel(
      facts('tcp-server', 'listening'),
      rows([
        { type: 'listening', local: server },
        { type: 'accepted', connectionId: 'k1', local: server, peer: client },
        { type: 'accepted', connectionId: 'k2', local: server, peer: client2 },
        { type: 'half-closed', connectionId: 'k1', by: 'peer', peer: client },
        { type: 'closed', reason: 'peer', connectionId: 'k1', peer: client },
        { type: 'data', direction: 'in', connectionId: 'k2', peer: client2, bytes: new Uint8Array([1]) },
      ]),
    );
    const [listen, k1, k2] = tcp(model);
    expect(listen).toMatchObject({ id: 'listen', role: 'listener', state: 'LISTEN', local: server });
    expect(walk(listen!)).toEqual(['CLOSED>LISTEN:listen@0']);
    expect(k1).toMatchObject({ role: 'accepted', state: 'CLOSED', peer: client });
    expect(walk(k1!)).toEqual([
      'LISTEN>ESTABLISHED:accepted@1',
      'ESTABLISHED>CLOSE_WAIT:finReceived@3',
      'CLOSE_WAIT>LAST_ACK:close@4',
      'LAST_ACK>CLOSED:finAcked@4~',
    ]);
    expect(k2).toMatchObject({ state: 'ESTABLISHED', peer: client2 });
    // Stopping the server closes what is left and the listening socket.
    const stopped = tcp(
      tcpStateModel(
        facts('tcp-server', 'closed'),
        rows([
          { type: 'listening', local: server },
          { type: 'accepted', connectionId: 'k2', local: server, peer: client2 },
          { type: 'closed', reason: 'stopped', connectionId: 'k2', peer: client2 },
          { type: 'closed', reason: 'stopped' },
        ]),
      ),
    );
    expect(stopped.map((c) => c.state)).toEqual(['CLOSED', 'TIME_WAIT']);
    expect(walk(stopped[0]!)[1]).toBe('LISTEN>CLOSED:close@3');
  });

  it('reads rows in log order and starts a connection whose first rows are gone as ESTABLISHED', () => {
    const [c] = tcp(
      tcpStateModel(
        facts('tcp-client', 'connected'),
        rows([out, { type: 'half-closed', connectionId: 'c1', by: 'peer', peer: server }], 50).reverse(),
      ),
    );
    expect(c).toMatchObject({ state: 'CLOSE_WAIT', partial: true, peer: server });
    expect(walk(c!)).toEqual(['ESTABLISHED>CLOSE_WAIT:finReceived@51']);
  });

  it('treats TLS as TCP and says UDP has no states', () => {
    expect(tcp(tcpStateModel(facts('tls-client', 'connected'), rows([opened])))[0]!.state).toBe('ESTABLISHED');
    expect(tcpStateModel(facts('udp', 'open'), [])).toEqual({ transport: 'udp' });
  });

  it('walks the RFC diagram through the states the app cannot see', () => {
    expect(diagramEdges({ from: 'LISTEN', to: 'ESTABLISHED' })).toEqual([
      ['LISTEN', 'SYN_RECEIVED'],
      ['SYN_RECEIVED', 'ESTABLISHED'],
    ]);
    expect(diagramEdges({ from: 'FIN_WAIT', to: 'TIME_WAIT' })).toEqual([
      ['FIN_WAIT_1', 'FIN_WAIT_2'],
      ['FIN_WAIT_2', 'TIME_WAIT'],
    ]);
    expect(diagramEdges({ from: 'SYN_SENT', to: 'ESTABLISHED' })).toEqual([['SYN_SENT', 'ESTABLISHED']]);
  });
});
