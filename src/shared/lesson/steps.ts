// A session's log rows as the steps of a sequence diagram: lifelines (this socket, its peers or accepted
// connections) and, in order, each call the tutorials name with what was observed, plus the packets the
// kernel exchanged that the app never saw (handshake, FIN, RST), marked inferred. Pure and incremental:
// rows are pushed once each, in seq order; nothing here knows React, zod or the DOM.
import type { LogRow, SessionKind } from '../contract';

/** The calls the tutorials name; the window words them with its `calls` locale block. */
export type CallKey =
  'socket' | 'bind' | 'listen' | 'accept' | 'connect' | 'send' | 'sendall' | 'recv' | 'sendto' | 'recvfrom' | 'shutdown' | 'close';

/** A packet the kernel sent or answered on its own: never seen by the app, drawn dashed. */
export type PacketName = 'SYN' | 'SYN-ACK' | 'ACK' | 'FIN' | 'RST';

/** What a step shows happened. */
export type Observed =
  | { kind: 'call' }
  | { kind: 'bound'; where: string }
  | { kind: 'listening'; where: string }
  | { kind: 'connected' }
  | { kind: 'accepted'; peer: string }
  | { kind: 'data'; bytes: number }
  | { kind: 'finReceived' }
  | { kind: 'rstReceived' }
  | { kind: 'refused' }
  | { kind: 'timedOut' }
  | { kind: 'closed'; error: string | null }
  | { kind: 'packet'; packet: PacketName }
  | { kind: 'lost'; bytes: number }
  | { kind: 'error'; code: string }
  | { kind: 'secured' }
  | { kind: 'flood'; messages: number; bytes: number; ended: boolean };

/** What Socket Lab's simulated problems did to a datagram's arrow. */
export type Simulated = 'lost' | 'duplicate' | 'delayed' | 'reordered';

export interface Step {
  /** Position in the session's whole diagram, from 0 (steps dropped at the front keep their numbers taken). */
  index: number;
  /** The log row it comes from, and that row's time. */
  seq: number;
  time: number;
  /** The call this step belongs to (null: the kernel's own doing, an error, a TLS handshake). */
  call: CallKey | null;
  what: Observed;
  /** Lifeline ids: from === to is a note on one lifeline (a call that sends nothing). */
  from: string;
  to: string;
  /** in: towards this socket; out: from it; local: a note. */
  direction: 'in' | 'out' | 'local';
  /** A packet the kernel exchanged but the app did not see. */
  inferred: boolean;
  simulated?: Simulated;
  /** Rows the arrow starts above its end (a delayed datagram slants; a reordered pair crosses: negative starts below). */
  slant?: number;
  delayMs?: number;
}

export interface Lifeline {
  id: string;
  /** app: this socket (a client's, a UDP socket); listener: a server's listening socket; peer: the other end. */
  role: 'app' | 'listener' | 'peer';
  /** The address it stands for ('' until known). */
  label: string;
  /** A server's accepted connection id (c1, c2...). */
  connectionId?: string;
}

/** The app's own lifeline id, whatever the kind. */
export const appLifeline = 'app';

const tcpCalls = { in: 'recv', out: 'sendall' } as const;
const udpCalls = { in: 'recvfrom', out: 'sendto' } as const;
/** How long the engine holds a datagram back for reordering before it goes on alone (engine/pipeline/impair.ts). */
const reorderHoldMs = 200;
const maxPending = 64;
/** A diagram keeps this many steps at most (a step is about a hundred bytes; the log may hold a million rows). */
export const defaultMaxSteps = 200_000;

const hostPort = (e: { host: string; port: number } | undefined | null): string =>
  e ? (e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`) : '';

interface ConnectionState {
  finSent: boolean;
  finReceived: boolean;
  closed: boolean;
}

/** A simulated decision waiting for the data row it concerns (per direction). */
interface PendingSim {
  kind: 'duplicate' | 'delayed' | 'reordered';
  peer: string;
  time: number;
  ms: number;
  /** reordered: the next datagram (the one overtaking) was seen. */
  overtaken?: boolean;
  /** duplicate: the first copy was seen. */
  seen?: boolean;
}

/**
 * The diagram of one session, built row by row. push() takes rows in seq order (a row at or below the last
 * seq pushed is ignored, so the same row twice does nothing); dropBefore() forgets steps of rows the log no
 * longer holds.
 */
export class StepMapper {
  readonly steps: Step[] = [];
  readonly lifelines: Lifeline[] = [];
  /** Steps forgotten at the front (their rows left the log), and rows that were never mapped. */
  dropped = 0;
  /** The next seq expected (rows below it were mapped or skipped). */
  nextSeq = 0;
  /** Grows with every change, so a view knows to redraw. */
  version = 0;
  private readonly transport: 'tcp' | 'udp';
  private readonly role: 'client' | 'server' | 'peer';
  private readonly connections = new Map<string, ConnectionState>();
  private readonly pending: { in: PendingSim[]; out: PendingSim[] } = { in: [], out: [] };
  private connectedOnce = false;
  private sessionClosed = false;
  private flood: Step | null = null;
  private stepCount = 0;

  /** maxSteps bounds memory: past it the oldest tenth goes at once (counted in `dropped`). */
  constructor(
    kind: SessionKind,
    private readonly maxSteps = defaultMaxSteps,
  ) {
    this.transport = kind === 'udp' ? 'udp' : 'tcp';
    this.role = kind === 'udp' ? 'peer' : kind.endsWith('server') ? 'server' : 'client';
    this.lifelines.push({ id: appLifeline, role: this.role === 'server' ? 'listener' : 'app', label: '' });
  }

  /** Maps the rows after nextSeq; a gap (rows never seen) is counted as dropped and skipped. */
  push(rows: Iterable<LogRow>): void {
    let changed = false;
    for (const row of rows) {
      if (row.seq < this.nextSeq) continue;
      if (row.seq > this.nextSeq) this.dropped += row.seq - this.nextSeq;
      this.nextSeq = row.seq + 1;
      this.map(row);
      changed = true;
    }
    if (this.steps.length > this.maxSteps) {
      const n = this.steps.length - Math.floor(this.maxSteps * 0.9);
      this.steps.splice(0, n);
      this.dropped += n;
      // A flood step dropped here is not grown any more.
      if (this.flood !== null && !this.steps.includes(this.flood)) this.flood = null;
    }
    if (changed) this.version++;
  }

  /** Skips to `seq` (the log dropped the rows before it): those never mapped count as no longer held. */
  skipTo(seq: number): void {
    if (seq <= this.nextSeq) return;
    this.dropped += seq - this.nextSeq;
    this.nextSeq = seq;
    this.version++;
  }

  /** Forgets the steps of rows below `seq` (the log no longer holds them). */
  dropBefore(seq: number): void {
    let n = 0;
    while (n < this.steps.length && this.steps[n]!.seq < seq) n++;
    if (n === 0) return;
    this.steps.splice(0, n);
    this.dropped += n;
    this.version++;
  }

  private add(row: LogRow, step: Omit<Step, 'index' | 'seq' | 'time'>): Step {
    const full: Step = { index: this.stepCount++, seq: row.seq, time: row.time, ...step };
    this.steps.push(full);
    return full;
  }

  private note(row: LogRow, call: CallKey | null, what: Observed, on = appLifeline): Step {
    return this.add(row, { call, what, from: on, to: on, direction: 'local', inferred: false });
  }

  private packet(row: LogRow, packet: PacketName, towardsApp: boolean, peer: string, call: CallKey | null): Step {
    return this.add(row, {
      call,
      what: { kind: 'packet', packet },
      from: towardsApp ? peer : appLifeline,
      to: towardsApp ? appLifeline : peer,
      direction: towardsApp ? 'in' : 'out',
      inferred: true,
    });
  }

  /** The lifeline of a peer (client: the one server; server: an accepted connection; UDP: an address). */
  private peerLine(row: LogRow): string {
    const label = hostPort(row.peer);
    let id: string;
    if (this.role === 'client') id = 'peer';
    else if (this.role === 'server') id = row.connectionId ?? `peer ${label}`;
    else id = `peer ${label}`;
    const known = this.lifelines.find((l) => l.id === id);
    if (known) {
      if (known.label === '' && label !== '') known.label = label;
      return id;
    }
    const line: Lifeline = { id, role: 'peer', label };
    if (this.role === 'server' && row.connectionId !== undefined) line.connectionId = row.connectionId;
    this.lifelines.push(line);
    return id;
  }

  /** Where a traffic generator sends: its peer ("127.0.0.1:5005"), or every client ("all": a note on this socket). */
  private floodLine(target: string): string {
    if (target === 'all') return appLifeline;
    const known = this.role === 'client' ? this.lifelines[1] : this.lifelines.find((l) => l.label === target);
    if (known) return known.id;
    const id = this.role === 'client' ? 'peer' : `peer ${target}`;
    this.lifelines.push({ id, role: 'peer', label: target });
    return id;
  }

  private connection(id: string | undefined): ConnectionState {
    const key = id ?? 'c1';
    let c = this.connections.get(key);
    if (!c) {
      c = { finSent: false, finReceived: false, closed: false };
      this.connections.set(key, c);
    }
    return c;
  }

  private map(row: LogRow): void {
    switch (row.type) {
      case 'opened': {
        // A client: socket() then connect(): the handshake happened in the kernel before 'connect' fired.
        this.connectedOnce = true;
        this.lifelines[0]!.label = hostPort(row.local);
        const peer = this.peerLine(row);
        this.note(row, 'socket', { kind: 'call' });
        this.packet(row, 'SYN', false, peer, 'connect');
        this.packet(row, 'SYN-ACK', true, peer, 'connect');
        this.packet(row, 'ACK', false, peer, 'connect');
        this.note(row, 'connect', { kind: 'connected' });
        this.connection(row.connectionId);
        return;
      }
      case 'listening': {
        const where = hostPort(row.local);
        this.lifelines[0]!.label = where;
        this.note(row, 'socket', { kind: 'call' });
        this.note(row, 'bind', { kind: 'bound', where });
        if (this.transport === 'tcp') this.note(row, 'listen', { kind: 'listening', where });
        return;
      }
      case 'accepted': {
        const peer = this.peerLine(row);
        this.packet(row, 'SYN', true, peer, null);
        this.packet(row, 'SYN-ACK', false, peer, null);
        this.packet(row, 'ACK', true, peer, null);
        this.note(row, 'accept', { kind: 'accepted', peer: hostPort(row.peer) });
        this.connection(row.connectionId);
        return;
      }
      case 'data':
        return this.mapData(row);
      case 'half-closed': {
        const peer = this.peerLine(row);
        const c = this.connection(row.connectionId);
        if (row.by === 'local') {
          c.finSent = true;
          this.packet(row, 'FIN', false, peer, 'shutdown');
          this.packet(row, 'ACK', true, peer, null);
        } else {
          c.finReceived = true;
          // recv() returning 0 bytes is how the app sees the peer's FIN.
          this.add(row, { call: 'recv', what: { kind: 'finReceived' }, from: peer, to: appLifeline, direction: 'in', inferred: false });
          this.packet(row, 'ACK', false, peer, null);
        }
        return;
      }
      case 'error':
        return this.mapError(row);
      case 'closed':
        return this.mapClosed(row);
      case 'secured':
        this.note(row, null, { kind: 'secured' });
        return;
      case 'notice':
        return this.mapNotice(row);
      case 'flood': {
        const what: Observed = { kind: 'flood', messages: row.flood.messages, bytes: row.flood.bytes, ended: row.phase === 'ended' };
        if (row.phase === 'started' || this.flood === null) {
          const call = this.transport === 'udp' ? 'sendto' : 'sendall';
          const to = this.floodLine(row.flood.target);
          this.flood = this.add(row, {
            call,
            what,
            from: appLifeline,
            to,
            direction: to === appLifeline ? 'local' : 'out',
            inferred: false,
          });
        } else {
          // One summary step for the whole run: its figures grow in place.
          this.flood.what = what;
        }
        if (row.phase === 'ended') this.flood = null;
        return;
      }
    }
  }

  private mapData(row: Extract<LogRow, { type: 'data' }>): void {
    const peer = this.peerLine(row);
    const bytes = row.size ?? row.bytes.byteLength;
    const calls = this.transport === 'udp' ? udpCalls : tcpCalls;
    const towardsApp = row.direction === 'in';
    const step = this.add(row, {
      call: calls[row.direction],
      what: { kind: 'data', bytes },
      from: towardsApp ? peer : appLifeline,
      to: towardsApp ? appLifeline : peer,
      direction: row.direction,
      inferred: false,
    });
    if (this.transport === 'udp') this.applySimulated(row, step);
  }

  /** Marks a datagram's arrow with what the simulated problems announced for its direction just before. */
  private applySimulated(row: Extract<LogRow, { type: 'data' }>, step: Step): void {
    const queue = this.pending[row.direction];
    const peer = hostPort(row.peer);
    const at = queue.findIndex((p) => p.peer === peer);
    if (at < 0) return;
    const p = queue[at]!;
    if (p.kind === 'delayed') {
      step.simulated = 'delayed';
      step.delayMs = p.ms;
      step.slant = Math.min(3, 0.6 + p.ms / 250);
      queue.splice(at, 1);
    } else if (p.kind === 'duplicate') {
      if (p.seen) {
        step.simulated = 'duplicate';
        queue.splice(at, 1);
      } else p.seen = true;
    } else if (!p.overtaken && row.time - p.time < reorderHoldMs - 10) {
      // The datagram after the held one goes first; the held one follows right after it: their arrows cross.
      p.overtaken = true;
      step.simulated = 'reordered';
      step.slant = -1;
    } else {
      step.simulated = 'reordered';
      step.slant = p.overtaken ? 1 : 0;
      queue.splice(at, 1);
    }
  }

  private mapNotice(row: Extract<LogRow, { type: 'notice' }>): void {
    const key = row.problem.key;
    const params = (row.problem as { params?: Record<string, unknown> }).params ?? {};
    const way = params.direction === 'in' ? 'in' : params.direction === 'out' ? 'out' : null;
    if (way === null) return;
    const peer = typeof params.peer === 'string' ? params.peer : hostPort(row.peer);
    // Bounded: decisions whose datagram never shows (its row dropped from the log) must not pile up.
    if (this.pending[way].length >= maxPending) this.pending[way].shift();
    if (key === 'impairDropped') {
      const line = this.peerLine(row);
      const towardsApp = way === 'in';
      this.add(row, {
        call: towardsApp ? 'recvfrom' : 'sendto',
        what: { kind: 'lost', bytes: typeof params.size === 'number' ? params.size : 0 },
        from: towardsApp ? line : appLifeline,
        to: towardsApp ? appLifeline : line,
        direction: way,
        inferred: false,
        simulated: 'lost',
      });
    } else if (key === 'impairDuplicated') this.pending[way].push({ kind: 'duplicate', peer, time: row.time, ms: 0 });
    else if (key === 'impairDelayed')
      this.pending[way].push({ kind: 'delayed', peer, time: row.time, ms: typeof params.ms === 'number' ? params.ms : 0 });
    else if (key === 'impairReordered') this.pending[way].push({ kind: 'reordered', peer, time: row.time, ms: 0 });
  }

  private mapError(row: Extract<LogRow, { type: 'error' }>): void {
    const code = row.code;
    if (this.role === 'client' && !this.connectedOnce && (code === 'ECONNREFUSED' || code === 'ETIMEDOUT')) {
      // A connect that failed: the SYN went out; a refusal is the peer's RST, a timeout no answer at all.
      this.connectedOnce = true; // one failed attempt per session
      const peer = this.peerLine(row);
      this.note(row, 'socket', { kind: 'call' });
      this.packet(row, 'SYN', false, peer, 'connect');
      if (code === 'ECONNREFUSED') {
        this.packet(row, 'RST', true, peer, null);
        this.note(row, 'connect', { kind: 'refused' });
      } else this.note(row, 'connect', { kind: 'timedOut' });
      return;
    }
    if (code === 'ECONNRESET' && this.transport === 'tcp') {
      const peer = this.peerLine(row);
      this.packet(row, 'RST', true, peer, null);
      this.add(row, { call: 'recv', what: { kind: 'rstReceived' }, from: peer, to: appLifeline, direction: 'in', inferred: false });
      return;
    }
    this.note(row, null, { kind: 'error', code });
  }

  private mapClosed(row: Extract<LogRow, { type: 'closed' }>): void {
    const ofConnection = row.connectionId !== undefined;
    if (!ofConnection) {
      // The session's own close: a server's listening socket, a UDP socket (a client's connection said it already).
      if (this.sessionClosed) return;
      this.sessionClosed = true;
      if (this.role === 'client' && this.connections.size > 0 && [...this.connections.values()].every((c) => c.closed)) return;
      this.note(row, 'close', { kind: 'closed', error: row.reason === 'error' ? 'error' : null });
      return;
    }
    const c = this.connection(row.connectionId);
    if (c.closed) return;
    c.closed = true;
    const peer = this.peerLine(row);
    if (row.reason === 'reset' || row.reason === 'error') {
      this.note(row, 'close', { kind: 'closed', error: row.reason });
      return;
    }
    if (row.reason === 'local' || row.reason === 'stopped') {
      // close() sends our FIN (unless shutdown() did); the peer's FIN and ACK follow in the kernel.
      if (!c.finSent) this.packet(row, 'FIN', false, peer, 'close');
      this.note(row, 'close', { kind: 'closed', error: null });
      if (!c.finReceived) {
        this.packet(row, 'ACK', true, peer, null);
        this.packet(row, 'FIN', true, peer, null);
        this.packet(row, 'ACK', false, peer, null);
      }
      return;
    }
    // The peer closed: after its FIN (seen as recv() returning 0 bytes) our side closes and sends its own FIN.
    if (!c.finReceived)
      this.add(row, { call: 'recv', what: { kind: 'finReceived' }, from: peer, to: appLifeline, direction: 'in', inferred: false });
    if (!c.finSent) this.packet(row, 'FIN', false, peer, 'close');
    this.note(row, 'close', { kind: 'closed', error: null });
  }
}

/** The whole diagram of a list of rows (tests; the window maps incrementally with a StepMapper). */
export function mapRows(kind: SessionKind, rows: Iterable<LogRow>): StepMapper {
  const mapper = new StepMapper(kind);
  mapper.push(rows);
  return mapper;
}
