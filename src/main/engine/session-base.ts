// State every session kind shares: lifecycle state, counters (exact, whatever the log keeps),
// connections / peers, and the single way events leave a session.
import type {
  RecvResult,
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
import { unmapIpv4 } from '../../shared/multicast';
import type { Problem } from '../../shared/problems';
import { problemText } from '../../shared/problems';
import { EngineError } from './errors';
import type { FloodSource, FloodTarget } from './generator';
import { buildResponder, type Responder } from './pipeline/responder';
import { compileRules, ruleToForm, utf8Codec, type LooseRuleForm, type RuleList, type TextCodec } from '../../shared/rules';
import type { LiteralEncoder } from '../../shared/codec';
import type { TextEncoding } from '../../shared/encodings';
import { codecIn, literalIn } from './text/text-codec';
import { PayloadSlab } from './payload-slab';
import type { ImpairSettings } from '../../shared/impair';

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

/**
 * A socket's address as the log shows it (Node leaves it undefined on a socket already gone). An IPv4
 * peer of a dual-stack socket ("::ffff:127.0.0.1") is shown as it is, 127.0.0.1, so log, filter, CLI and
 * window agree on one way to write it.
 */
export const endpointOf = (address: string | undefined, port: number | undefined): Endpoint => ({
  host: address === undefined ? '?' : unmapIpv4(address),
  port: port ?? 0,
});

const zeroCounters = (): Required<Counters> => ({ bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0, bytesQueued: 0 });

/** A connection's entry in the list, with every counter present (they are updated in place). */
type ListedConnection = ConnectionInfo & Required<Counters>;

export abstract class SessionBase implements FloodSource {
  protected state: SessionState;
  protected local: Endpoint | null = null;
  protected lastPeer: Endpoint | null = null;
  protected lastError: SessionInfo['lastError'] = null;
  protected readonly connections = new Map<string, ListedConnection>();
  private readonly counters = zeroCounters();
  private readonly openedAt = Date.now();
  /** Where received payloads are kept for the log (one per session, whatever its connections). */
  protected readonly payloads = new PayloadSlab();
  /** The auto-reply rule made ready to answer, rebuilt only when the rule changes; null answers nothing. */
  protected responder: Responder | null;

  constructor(
    readonly id: string,
    readonly kind: SessionKind,
    protected readonly target: Endpoint,
    protected autoReply: AutoReplyRule | null,
    private readonly hooks: SessionHooks,
    initialState: SessionState,
  ) {
    this.state = initialState;
    this.responder = buildResponder(autoReply);
  }

  /** The rule list made ready to answer (its fallback is the auto-reply); null: no rules, the responder answers alone. */
  protected ruleList: RuleList | null = null;

  /** Rules as the contract checked them (an empty list removes them); @close refused where there is no connection. */
  setRules(forms: readonly LooseRuleForm[]): void {
    this.compileRuleList(forms);
    this.hooks.changed(this.id);
  }

  /** A rule answered: its count rides in info(), so the windows learn it with the session. */
  protected ruleHit(): void {
    this.hooks.changed(this.id);
  }

  /** Whether a rule may close what it answers (UDP: no). */
  protected get rulesMayClose(): boolean {
    return true;
  }

  protected compileRuleList(forms: readonly LooseRuleForm[], keepHits = false): void {
    if (forms.length === 0) {
      this.ruleList = null;
      return;
    }
    if (!this.rulesMayClose) {
      const closing = forms.findIndex((f) => f.close);
      if (closing !== -1) throw new EngineError('BAD_INPUT', { key: 'ruleCloseOnUdp', params: { rule: closing + 1 } }, 'rules');
    }
    const compiled = compileRules(forms, this.autoReply, this.textCodec, this.literal);
    if (!compiled.ok) throw new EngineError('BAD_INPUT', compiled.problem, 'rules');
    const old = this.ruleList;
    if (keepHits && old) {
      compiled.rules.hits.splice(0, old.hits.length, ...old.hits.slice(0, compiled.rules.hits.length));
      compiled.rules.fallbackHits = old.fallbackHits;
    }
    this.ruleList = compiled.rules;
  }

  abstract start(): Promise<void>;
  abstract send(bytes: Uint8Array, to: SendTarget, options?: SendOptions): Promise<SendReport>;
  abstract close(): Promise<void>;
  /** The sockets a traffic generator writes into for `to`, refused as a send of `size` bytes would be (generator.ts). */
  abstract floodTargets(to: SendTarget, size: number): FloodTarget[];

  /** A traffic generator's messages the system took: counted in place like any send, with no log row each. */
  countGenerated(connectionId: string, messages: number, bytes: number): void {
    this.counters.messagesOut += messages;
    const conn = this.connections.get(connectionId);
    if (conn) conn.messagesOut += messages;
    this.countSent(connectionId, bytes);
    this.hooks.changed(this.id);
  }

  /** A traffic generator's row in the log: its summaries, its first refused send. */
  logGenerated(event: EventWithoutMeta): void {
    this.emit(event);
  }

  disconnect(_connectionId: string): void {
    throw new EngineError('UNSUPPORTED', { key: 'onlyServersDisconnect' });
  }

  halfClose(_connectionId?: string): void {
    throw new EngineError('UNSUPPORTED', { key: 'onlyTcpHalfClose' });
  }

  /** TCP: closes one connection by destroy() or reset (end() is halfClose); other kinds refuse. */
  closeConnection(_connectionId: string | undefined, _how: 'destroy' | 'reset'): void {
    throw new EngineError('UNSUPPORTED', { key: 'onlyTcpClose' });
  }

  /** TCP in manual read mode: one read of at most `max` bytes; other kinds refuse. */
  recv(_connectionId: string | undefined, _max: number, _waitMs: number): Promise<RecvResult> {
    return Promise.reject(new EngineError('UNSUPPORTED', { key: 'recvOnlyTcp' }));
  }

  /** UDP: simulated network problems (null: off); other kinds refuse. */
  setImpair(_settings: ImpairSettings | null): void {
    throw new EngineError('UNSUPPORTED', { key: 'impairOnlyUdp' });
  }

  joinGroup(_group: string, _iface: string | undefined): void {
    throw new EngineError('UNSUPPORTED', { key: 'multicastOnlyUdp' });
  }

  leaveGroup(_group: string, _iface: string | undefined): void {
    throw new EngineError('UNSUPPORTED', { key: 'multicastOnlyUdp' });
  }

  /** How typed reply and match text is written, and messages read for regex rules: the session's encoding. */
  private textCodec: TextCodec = utf8Codec;
  private literal: LiteralEncoder | undefined;

  /**
   * The session's text encoding (the engine's setEncoding and open): the auto-reply and the rules are
   * compiled again in it, hits kept. Refused, and nothing changed, when a reply's text cannot be written in it.
   */
  useEncoding(encoding: TextEncoding): void {
    const previous = { codec: this.textCodec, literal: this.literal };
    this.textCodec = codecIn(encoding);
    this.literal = literalIn(encoding);
    try {
      const responder = buildResponder(this.autoReply, this.literal);
      if (this.ruleList) this.compileRuleList(this.ruleList.rules.map(ruleToForm), true);
      this.responder = responder;
    } catch (err) {
      this.textCodec = previous.codec;
      this.literal = previous.literal;
      throw err;
    }
  }

  setAutoReply(rule: AutoReplyRule): void {
    const responder = buildResponder(rule, this.literal);
    this.autoReply = rule;
    this.responder = responder;
    // The rules' fallback is the auto-reply: rebuilt with it, counts kept.
    if (this.ruleList) this.compileRuleList(this.ruleList.rules.map(ruleToForm), true);
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
      ...(this.ruleList
        ? { rules: { list: this.ruleList.rules.map(ruleToForm), hits: [...this.ruleList.hits], fallbackHits: this.ruleList.fallbackHits } }
        : {}),
      counters: { ...this.counters },
      connections: this.listedConnections().map((c) => ({ ...c })),
      lastPeer: this.lastPeer,
      lastError: this.lastError,
      openedAt: this.openedAt,
    };
  }

  /** The connections as info() lists them: insertion order unless a kind keeps its own order. */
  protected listedConnections(): ConnectionInfo[] {
    return [...this.connections.values()];
  }

  protected setState(state: SessionState): void {
    if (this.state === state) return;
    this.state = state;
    this.hooks.changed(this.id);
  }

  protected addConnection(id: string, peer: Endpoint, local: Endpoint | null): ListedConnection {
    const conn: ListedConnection = { id, peer, local, since: Date.now(), state: 'open', ...zeroCounters() };
    this.connections.set(id, conn);
    return conn;
  }

  /**
   * Stamps, counts and forwards one event. Counting here keeps every counter exact. The event is the
   * caller's fresh object: it is stamped in place and becomes the log row itself, so an event costs
   * one object (no copy per step), and counters are updated in place.
   */
  protected emit(partial: EventWithoutMeta): void {
    const event = partial as EventWithoutMeta & { sessionId: string; time: number };
    event.sessionId = this.id;
    event.time = Date.now();
    if (event.type === 'data') {
      const conn = event.connectionId === undefined ? undefined : this.connections.get(event.connectionId);
      const c = this.counters;
      if (event.direction === 'in') {
        const n = event.bytes.byteLength;
        c.bytesIn += n;
        c.messagesIn++;
        if (conn) {
          conn.bytesIn += n;
          conn.messagesIn++;
        }
      } else {
        // Its bytes count once the kernel takes them (countSent), not when the message is logged.
        c.messagesOut++;
        if (conn) conn.messagesOut++;
      }
    } else if (event.type === 'error') {
      this.lastError = { code: event.code, message: event.message, problem: event.problem };
    }
    this.hooks.event(event as SocketEvent);
    this.hooks.changed(this.id);
  }

  /** Bytes the kernel has taken: bytesOut counts these, whatever is still queued. */
  protected countSent(connectionId: string | undefined, n: number): void {
    this.counters.bytesOut += n;
    const conn = connectionId === undefined ? undefined : this.connections.get(connectionId);
    if (conn) conn.bytesOut += n;
  }

  /** Bytes waiting to be taken by the kernel went up (delta > 0) or down. */
  protected countQueued(connectionId: string, delta: number): void {
    this.counters.bytesQueued += delta;
    const conn = this.connections.get(connectionId);
    if (conn) conn.bytesQueued += delta;
    this.hooks.changed(this.id);
  }

  /** A row in the log that explains, not a failure (a group joined, the wildcard bound for groups). */
  protected emitNotice(problem: Problem): void {
    this.emit({ type: 'notice', message: problemText(problem), problem });
  }

  protected emitError(err: EngineError, extra: { connectionId?: string; peer?: Endpoint } = {}): void {
    this.emit({ type: 'error', code: err.code, message: err.message, problem: err.problem, ...extra });
  }
}
