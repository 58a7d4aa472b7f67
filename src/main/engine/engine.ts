// The one owner of every socket session. Commands come in as plain method calls (already
// validated by the contract), events go out to whoever subscribed. No electron here.
import type { AutoReplyRule, LogRow, OpenSessionInput, RowsPage, SendTarget, SessionInfo, SocketEvent } from '../../shared/contract';
import { EngineError } from './errors';
import { defaultStoreLimits, LogStore, type StoreLimits } from './log-store';
import { nodeNetwork, type Network } from './network';
import { namePortHolder } from './port-holder';
import type { SendOptions, SendReport, SessionBase, SessionHooks } from './session-base';
import { TcpClientSession } from './tcp-client';
import { TcpServerSession } from './tcp-server';
import { UdpSession } from './udp-socket';

export interface EngineListener {
  /** Every event, full payload, in order (the CLI prints these). */
  event?(event: SocketEvent, row: LogRow): void;
  /** A session's state or counters changed, or it was removed. */
  sessionChanged?(sessionId: string, removed: boolean): void;
}

export interface EngineOptions {
  storeLimits?: StoreLimits;
  /** Where sockets come from: node:net / node:dgram by default; tests pass one that refuses every address outside loopback. */
  network?: Network;
}

interface Entry {
  session: SessionBase;
  log: LogStore;
}

export class Engine {
  private readonly sessions = new Map<string, Entry>();
  private readonly listeners = new Set<EngineListener>();
  private nextId = 1;
  private readonly storeLimits: StoreLimits;
  private readonly network: Network;

  constructor(options: EngineOptions = {}) {
    this.storeLimits = options.storeLimits ?? defaultStoreLimits;
    this.network = options.network ?? nodeNetwork;
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens a session and waits until it is connected / listening / bound; on failure nothing is kept. */
  async open(input: OpenSessionInput): Promise<SessionInfo> {
    const id = `s${this.nextId++}`;
    const log = new LogStore(this.storeLimits);
    const hooks: SessionHooks = {
      event: (event) => {
        const row = log.append(event);
        for (const l of this.listeners) l.event?.(event, row);
      },
      changed: (sessionId) => {
        if (this.sessions.has(sessionId)) for (const l of this.listeners) l.sessionChanged?.(sessionId, false);
      },
    };
    const session = this.create(id, input, hooks);
    this.sessions.set(id, { session, log });
    this.notifyChanged(id);
    try {
      await session.start();
    } catch (err) {
      this.sessions.delete(id);
      for (const l of this.listeners) l.sessionChanged?.(id, true);
      // "In use by another program" is wrong when the holder is one of ours: then it names the session.
      throw namePortHolder(err, input, this.list());
    }
    return session.info();
  }

  private create(id: string, input: OpenSessionInput, hooks: SessionHooks): SessionBase {
    switch (input.kind) {
      case 'tcp-client':
        return new TcpClientSession(id, input, hooks, this.network);
      case 'tcp-server':
        return new TcpServerSession(id, input.host, input.port, input.autoReply, hooks, this.network);
      case 'udp':
        return new UdpSession(id, input.host, input.port, input.autoReply, hooks, this.network);
    }
  }

  private entry(sessionId: string): Entry {
    const entry = this.sessions.get(sessionId);
    if (!entry) throw new EngineError('NO_SESSION', { key: 'noSession', params: { id: sessionId } });
    return entry;
  }

  async close(sessionId: string): Promise<SessionInfo> {
    const { session } = this.entry(sessionId);
    await session.close();
    return session.info();
  }

  /** Closes the session if needed and forgets it and its log. */
  async remove(sessionId: string): Promise<void> {
    const { session } = this.entry(sessionId);
    if (session.isOpen) await session.close();
    this.sessions.delete(sessionId);
    for (const l of this.listeners) l.sessionChanged?.(sessionId, true);
  }

  /** `options` lets the command layer watch a long send and cancel it between chunks. */
  send(sessionId: string, bytes: Uint8Array, to: SendTarget = { kind: 'default' }, options?: SendOptions): Promise<SendReport> {
    return this.entry(sessionId).session.send(bytes, to, options);
  }

  disconnect(sessionId: string, connectionId: string): void {
    this.entry(sessionId).session.disconnect(connectionId);
  }

  halfClose(sessionId: string, connectionId?: string): void {
    this.entry(sessionId).session.halfClose(connectionId);
  }

  setAutoReply(sessionId: string, rule: AutoReplyRule): SessionInfo {
    const { session } = this.entry(sessionId);
    session.setAutoReply(rule);
    return session.info();
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((e) => e.session.info());
  }

  info(sessionId: string): SessionInfo {
    return this.entry(sessionId).session.info();
  }

  rows(sessionId: string, from: number, count: number): RowsPage {
    return this.entry(sessionId).log.page(from, count);
  }

  row(sessionId: string, seq: number): LogRow {
    const row = this.entry(sessionId).log.get(seq);
    if (!row) throw new EngineError('NO_ENTRY', { key: 'entryDropped', params: { seq } });
    return row;
  }

  clearLog(sessionId: string): void {
    this.entry(sessionId).log.clear();
    this.notifyChanged(sessionId);
  }

  /** Closes everything: used on app quit, SIGINT, and after each test. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((e) => e.session.close().catch(() => undefined)));
  }

  private notifyChanged(sessionId: string): void {
    for (const l of this.listeners) l.sessionChanged?.(sessionId, false);
  }
}
