// State every session kind shares: lifecycle state, counters (exact, whatever the log keeps),
// connections / peers, and the single way events leave a session.
import type {
  AutoReplyRule,
  ConnectionInfo,
  Counters,
  Endpoint,
  SendTarget,
  SessionInfo,
  SessionKind,
  SessionState,
  SocketEvent,
} from '../../shared/contract';
import { EngineError } from './errors';

/** Distributive Omit, so each member of the event union keeps its own fields. */
export type EventWithoutMeta = SocketEvent extends infer E ? (E extends SocketEvent ? Omit<E, 'sessionId' | 'time'> : never) : never;

export interface SessionHooks {
  /** Every event of the session, in order. */
  event(event: SocketEvent): void;
  /** State, counters or connections changed without (or besides) an event. */
  changed(sessionId: string): void;
}

export interface SendReport {
  bytes: number;
  recipients: number;
}

/** How a long send is watched and stopped (by the command layer's jobs). */
export interface SendOptions {
  /** Stops writing between chunks; the send then rejects with CANCELLED. */
  signal?: AbortSignal | undefined;
  /** Bytes handed to the network so far across every recipient, and the total to write. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

const zeroCounters = (): Counters => ({ bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 });

export abstract class SessionBase {
  protected state: SessionState;
  protected local: Endpoint | null = null;
  protected lastPeer: Endpoint | null = null;
  protected lastError: SessionInfo['lastError'] = null;
  protected readonly connections = new Map<string, ConnectionInfo>();
  private readonly counters = zeroCounters();
  private readonly openedAt = Date.now();

  constructor(
    readonly id: string,
    readonly kind: SessionKind,
    protected readonly target: Endpoint,
    protected autoReply: AutoReplyRule | null,
    private readonly hooks: SessionHooks,
    initialState: SessionState,
  ) {
    this.state = initialState;
  }

  abstract start(): Promise<void>;
  abstract send(bytes: Uint8Array, to: SendTarget, options?: SendOptions): Promise<SendReport>;
  abstract close(): Promise<void>;

  disconnect(_connectionId: string): void {
    throw new EngineError('UNSUPPORTED', { key: 'onlyServersDisconnect' });
  }

  halfClose(_connectionId?: string): void {
    throw new EngineError('UNSUPPORTED', { key: 'onlyTcpHalfClose' });
  }

  setAutoReply(rule: AutoReplyRule): void {
    if (this.kind === 'tcp-client') throw new EngineError('UNSUPPORTED', { key: 'onlyServersReply' });
    this.autoReply = rule;
    this.hooks.changed(this.id);
  }

  get isOpen(): boolean {
    return this.state !== 'closed' && this.state !== 'error';
  }

  info(): SessionInfo {
    return {
      id: this.id,
      kind: this.kind,
      state: this.state,
      target: this.target,
      local: this.local,
      autoReply: this.autoReply,
      counters: { ...this.counters },
      connections: [...this.connections.values()].map((c) => ({ ...c })),
      lastPeer: this.lastPeer,
      lastError: this.lastError,
      openedAt: this.openedAt,
    };
  }

  protected setState(state: SessionState): void {
    if (this.state === state) return;
    this.state = state;
    this.hooks.changed(this.id);
  }

  protected addConnection(id: string, peer: Endpoint, local: Endpoint | null): ConnectionInfo {
    const conn: ConnectionInfo = { id, peer, local, since: Date.now(), state: 'open', ...zeroCounters() };
    this.connections.set(id, conn);
    return conn;
  }

  /** Stamps, counts and forwards one event. Counting here keeps every counter exact. */
  protected emit(partial: EventWithoutMeta): void {
    const event = { ...partial, sessionId: this.id, time: Date.now() } as SocketEvent;
    if (event.type === 'data') {
      const conn = event.connectionId ? this.connections.get(event.connectionId) : undefined;
      const n = event.bytes.byteLength;
      for (const c of conn ? [this.counters, conn] : [this.counters]) {
        if (event.direction === 'in') {
          c.bytesIn += n;
          c.messagesIn++;
        } else {
          c.bytesOut += n;
          c.messagesOut++;
        }
      }
    } else if (event.type === 'error') {
      this.lastError = { code: event.code, message: event.message, problem: event.problem };
      if (event.unsentBytes) {
        // A cancelled send was counted whole when it was logged: take back what never left.
        const conn = event.connectionId ? this.connections.get(event.connectionId) : undefined;
        for (const c of conn ? [this.counters, conn] : [this.counters]) c.bytesOut -= event.unsentBytes;
      }
    }
    this.hooks.event(event);
    this.hooks.changed(this.id);
  }

  protected emitError(err: EngineError, extra: { connectionId?: string; peer?: Endpoint } = {}): void {
    this.emit({ type: 'error', code: err.code, message: err.message, problem: err.problem, ...extra });
  }
}

/** Node hands out Buffers that may share a pooled ArrayBuffer; keep an independent copy. */
export const ownBytes = (buf: Uint8Array): Uint8Array => new Uint8Array(buf);
