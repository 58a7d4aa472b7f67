// Each TCP connection's state as far as the app can know it from its own log (the lab's State tool):
// which state, and every change with the edge taken, the event that caused it and the row it came from.
import type { Endpoint, LogRow, SessionInfo } from '../contract';
import { roleOf, transportOf } from '../kinds';

/** The states of RFC 793's diagram that a socket program meets. */
export const rfcStates = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RECEIVED',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
] as const;
export type RfcState = (typeof rfcStates)[number];

/** What the app can tell apart: FIN_WAIT_1 and FIN_WAIT_2 differ only by an ACK it never sees. */
export const appStates = ['CLOSED', 'LISTEN', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT'] as const;
export type AppState = (typeof appStates)[number];

/**
 * What moved the connection: a call the program made ('connect' called, listen, close), what it was told
 * ('connect' done, accepted, FIN received, RST), a FIN it sent (shutdown / end), an error, or a step the
 * kernel takes unseen (the ACK of our last FIN).
 */
export const stateEvents = [
  'listen',
  'connectCalled',
  'connected',
  'accepted',
  'finSent',
  'finReceived',
  'rst',
  'close',
  'error',
  'finAcked',
] as const;
export type StateEvent = (typeof stateEvents)[number];

export interface StateStep {
  from: AppState;
  to: AppState;
  event: StateEvent;
  /** The log row it came from; null when no row says it (the connect call of a session still connecting). */
  seq: number | null;
  /** The app saw no sign of it: the kernel's part (the peer's FIN after our close, the ACK of our last FIN). */
  inferred: boolean;
}

export interface ConnectionState {
  /** The engine's connection id; 'listen' for a server's listening socket. */
  id: string;
  role: 'client' | 'accepted' | 'listener';
  local: Endpoint | null;
  peer: Endpoint | null;
  state: AppState;
  steps: StateStep[];
  /**
   * We closed first, and the socket is closed for the app: the kernel keeps the connection in TIME_WAIT
   * (60 s on Linux) unless the operating system's view says otherwise.
   */
  timeWaitLikely: boolean;
  /** The error that ended it (ECONNRESET, ECONNREFUSED...), when one did. */
  errorCode: string | null;
  /** Its first rows are no longer held: the state is known from the rows that are. */
  partial: boolean;
}

export type TcpStateModel = { transport: 'udp' } | { transport: 'tcp'; connections: ConnectionState[] };

type SessionFacts = Pick<SessionInfo, 'kind' | 'state' | 'lastError' | 'local'>;

/** The RFC state(s) an app state stands for (FIN_WAIT is one of two). */
export const rfcStatesOf = (state: AppState): RfcState[] => (state === 'FIN_WAIT' ? ['FIN_WAIT_1', 'FIN_WAIT_2'] : [state]);

/** The edges of RFC 793's diagram one step walks, in order (accept goes through SYN_RECEIVED in the kernel). */
export function diagramEdges(step: Pick<StateStep, 'from' | 'to'>): [RfcState, RfcState][] {
  const { from, to } = step;
  if (from === 'LISTEN' && to === 'ESTABLISHED') {
    return [
      ['LISTEN', 'SYN_RECEIVED'],
      ['SYN_RECEIVED', 'ESTABLISHED'],
    ];
  }
  if (from === 'ESTABLISHED' && to === 'FIN_WAIT') return [['ESTABLISHED', 'FIN_WAIT_1']];
  if (from === 'FIN_WAIT' && to === 'TIME_WAIT') {
    return [
      ['FIN_WAIT_1', 'FIN_WAIT_2'],
      ['FIN_WAIT_2', 'TIME_WAIT'],
    ];
  }
  // A reset or an error from FIN_WAIT: shown from its first half.
  return [[rfcStatesOf(from)[0]!, rfcStatesOf(to)[0]!]];
}

/** One connection's walk through the states, built row by row. */
class Walk {
  readonly conn: ConnectionState;
  private resetSeen = false;

  constructor(id: string, role: ConnectionState['role'], state: AppState, partial: boolean) {
    this.conn = { id, role, local: null, peer: null, state, steps: [], timeWaitLikely: false, errorCode: null, partial };
  }

  go(to: AppState, event: StateEvent, seq: number | null, inferred = false): void {
    this.conn.steps.push({ from: this.conn.state, to, event, seq, inferred });
    this.conn.state = to;
  }

  finSent(seq: number): void {
    if (this.conn.state === 'ESTABLISHED') this.go('FIN_WAIT', 'finSent', seq);
    else if (this.conn.state === 'CLOSE_WAIT') this.go('LAST_ACK', 'finSent', seq);
  }

  finReceived(seq: number): void {
    if (this.conn.state === 'ESTABLISHED') this.go('CLOSE_WAIT', 'finReceived', seq);
    else if (this.conn.state === 'FIN_WAIT') this.go('TIME_WAIT', 'finReceived', seq);
  }

  error(code: string): void {
    this.conn.errorCode = code;
    if (code === 'ECONNRESET' || code === 'EPIPE') this.resetSeen = true;
  }

  /** The socket is closed for the app (Node's 'close'): where the kernel takes it from here depends on who sent FIN first. */
  closed(reason: string, seq: number): void {
    const { state } = this.conn;
    if (state === 'CLOSED') return;
    if (reason === 'reset' || (reason === 'error' && this.resetSeen)) {
      this.go('CLOSED', 'rst', seq);
      return;
    }
    if (reason === 'error') {
      this.go('CLOSED', 'error', seq);
      return;
    }
    // Our close, the server stopping, or the automatic close after the peer's FIN (half-open off): a FIN leaves.
    if (state === 'ESTABLISHED' && reason === 'peer') {
      // Closed with no FIN seen first: the peer's FIN and ours crossed; the app cannot tell more.
      this.go('CLOSED', 'close', seq);
    } else if (state === 'ESTABLISHED') {
      this.go('FIN_WAIT', 'close', seq);
      this.go('TIME_WAIT', 'finReceived', seq, true);
    } else if (state === 'FIN_WAIT') {
      this.go('TIME_WAIT', 'finReceived', seq, true);
    } else if (state === 'CLOSE_WAIT') {
      this.go('LAST_ACK', 'close', seq);
      this.go('CLOSED', 'finAcked', seq, true);
    } else if (state === 'LAST_ACK') {
      this.go('CLOSED', 'finAcked', seq, true);
    } else if (state === 'LISTEN' || state === 'SYN_SENT') {
      this.go('CLOSED', 'close', seq);
    }
    this.conn.timeWaitLikely = this.conn.state === 'TIME_WAIT';
  }
}

/** Rows in log order, whatever order they are held in. */
const inOrder = (rows: Iterable<LogRow>): LogRow[] => [...rows].sort((a, b) => a.seq - b.seq);

/**
 * The TCP state of each connection of a session (TCP or TLS), from the rows held and the session's state:
 * a server's listening socket first, then its connections in the order they came. UDP: no states.
 */
export function tcpStateModel(session: SessionFacts, rows: Iterable<LogRow>): TcpStateModel {
  if (transportOf(session.kind) !== 'tcp') return { transport: 'udp' };
  const isServer = roleOf(session.kind) === 'server';
  const walks = new Map<string, Walk>();
  const ordered = inOrder(rows);
  const firstSeq = ordered[0]?.seq ?? 0;
  let listener: Walk | null = null;
  if (isServer) {
    listener = new Walk('listen', 'listener', 'CLOSED', false);
    listener.conn.local = session.local;
    walks.set(listener.conn.id, listener);
  }
  // A connection whose first rows were dropped: it was connected, as far as anything says.
  const walkOf = (id: string): Walk => {
    let w = walks.get(id);
    if (!w) {
      w = new Walk(id, isServer ? 'accepted' : 'client', 'ESTABLISHED', true);
      walks.set(id, w);
    }
    return w;
  };
  for (const row of ordered) {
    switch (row.type) {
      case 'listening':
        if (listener) {
          listener.conn.local = row.local;
          listener.go('LISTEN', 'listen', row.seq);
        }
        break;
      case 'opened': {
        const w = new Walk(row.connectionId, 'client', 'CLOSED', false);
        w.conn.local = row.local;
        w.conn.peer = row.peer;
        // The call was made before the row that tells its result: that row's number stands for both.
        w.go('SYN_SENT', 'connectCalled', row.seq);
        w.go('ESTABLISHED', 'connected', row.seq);
        walks.set(row.connectionId, w);
        break;
      }
      case 'accepted': {
        const w = new Walk(row.connectionId, 'accepted', 'LISTEN', false);
        w.conn.local = row.local;
        w.conn.peer = row.peer;
        w.go('ESTABLISHED', 'accepted', row.seq);
        walks.set(row.connectionId, w);
        break;
      }
      case 'half-closed': {
        const w = walkOf(row.connectionId);
        if (row.by === 'local') w.finSent(row.seq);
        else w.finReceived(row.seq);
        break;
      }
      case 'error':
        if (row.connectionId) walkOf(row.connectionId).error(row.code);
        break;
      case 'closed':
        if (row.connectionId) walkOf(row.connectionId).closed(row.reason, row.seq);
        else if (listener) listener.closed('local', row.seq);
        break;
      case 'data':
      case 'secured':
        if (row.connectionId) {
          const w = walkOf(row.connectionId);
          w.conn.peer ??= row.peer;
        }
        break;
      default:
        break;
    }
  }
  if (!isServer) addUnopenedClient(session, walks, firstSeq);
  // A listener seen only after its rows were dropped: listening as the session says.
  if (listener && listener.conn.steps.length === 0 && session.state === 'listening') {
    listener.conn.state = 'LISTEN';
    listener.conn.partial = true;
  }
  return { transport: 'tcp', connections: [...walks.values()].map((w) => w.conn) };
}

/** A client with no connection row yet: still connecting (SYN_SENT), or its connect failed (refused: an RST). */
function addUnopenedClient(session: SessionFacts, walks: Map<string, Walk>, firstSeq: number): void {
  if (walks.size > 0 || firstSeq > 0) return;
  if (session.state === 'connecting') {
    const w = new Walk('c1', 'client', 'CLOSED', false);
    w.go('SYN_SENT', 'connectCalled', null);
    walks.set('c1', w);
  } else if (session.state === 'error' && session.lastError) {
    const w = new Walk('c1', 'client', 'CLOSED', false);
    const code = session.lastError.code;
    w.go('SYN_SENT', 'connectCalled', null);
    w.conn.errorCode = code;
    w.go('CLOSED', code === 'ECONNREFUSED' ? 'rst' : 'error', null);
    walks.set('c1', w);
  }
}
