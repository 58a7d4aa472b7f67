// A TCP client session: one outgoing connection, with a connect timeout and an optional local bind.
// Its socket comes from the injected factory (streams.ts), so a TLS client can be this same session.
import { formatHostPort } from '../../../../shared/address';
import type { AutoReplyRule, CloseReason, RecvResult, SendTarget } from '../../../../shared/contract';
import type { SessionKind } from '../../../../shared/kinds';
import type net from 'node:net';
import { EngineError, explainSocketError, type ErrorContext } from '../../errors';
import type { FloodTarget } from '../../generator';
import { endpointOf, SessionBase, type SendOptions, type SendReport, type SessionHooks } from '../../session-base';
import { TcpConnection, type StreamPipeline } from './connection';
import { streamInfo, streamPipelineOf } from './stream-setup';
import type { StreamSockets } from './streams';
import type { StreamOptions } from '../../../../shared/kinds/stream-schema';
import type { SessionInfo } from '../../../../shared/contract';

export interface TcpClientOptions extends Partial<StreamOptions> {
  host: string;
  port: number;
  localAddress?: string;
  localPort?: number;
  connectTimeoutMs: number;
}

export class TcpClientSession extends SessionBase {
  private connection: TcpConnection | null = null;
  private readonly pipeline: StreamPipeline;

  constructor(
    id: string,
    kind: SessionKind,
    private readonly options: TcpClientOptions,
    hooks: SessionHooks,
    private readonly sockets: StreamSockets,
  ) {
    super(id, kind, { host: options.host, port: options.port }, null, hooks, 'connecting');
    this.pipeline = streamPipelineOf(options);
  }

  start(): Promise<void> {
    const { host, port, localAddress, localPort, connectTimeoutMs } = this.options;
    const ctx = { action: 'connect' as const, host, port, localAddress, localPort };
    return new Promise((resolve, reject) => {
      let socket: ReturnType<StreamSockets['connect']>;
      try {
        socket = this.sockets.connect({ host, port, localAddress, localPort, allowHalfOpen: this.pipeline.allowHalfOpen });
        // Manual read mode: paused before it connects, so the first read never starts (see manual-read.ts).
        if (this.pipeline.manualRead) socket.pause();
      } catch (err) {
        // Node throws at once, rather than emitting 'error', on options it refuses (a local address that is a name, not an IP).
        const e = this.explain(err, ctx);
        this.lastError = { code: e.code, message: e.message, problem: e.problem };
        this.setState('error');
        reject(e);
        return;
      }
      const timer = setTimeout(() => {
        fail(
          new EngineError(
            'ETIMEDOUT',
            { key: 'connectTimeout', params: { where: formatHostPort(host, port), ms: connectTimeoutMs } },
            'host',
          ),
        );
      }, connectTimeoutMs);
      const fail = (err: unknown): void => {
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.on('error', () => undefined); // a late error after destroy must not crash the process
        socket.destroy();
        const e = this.explain(err, ctx);
        this.lastError = { code: e.code, message: e.message, problem: e.problem };
        this.setState('error');
        reject(e);
      };
      socket.once('error', fail);
      socket.once(this.sockets.readyEvent, () => {
        clearTimeout(timer);
        socket.off('error', fail);
        const peer = endpointOf(socket.remoteAddress, socket.remotePort);
        this.local = endpointOf(socket.localAddress, socket.localPort);
        this.addConnection('c1', peer, this.local);
        this.connection = new TcpConnection(
          'c1',
          socket,
          peer,
          {
            emit: (e) => this.emit(e),
            keep: (chunk) => this.payloads.keep(chunk),
            responder: () => null,
            onPeerHalfClose: () => this.markHalfClosed(),
            onClosed: (_id, reason) => this.onClosed(reason),
            sent: (cid, n) => this.countSent(cid, n),
            queued: (cid, delta) => this.countQueued(cid, delta),
          },
          this.pipeline,
        );
        this.setState('connected');
        this.emit({ type: 'opened', connectionId: 'c1', local: this.local, peer });
        this.ready('c1', socket);
        resolve();
      });
    });
  }

  /** Why connecting failed, in words: a kind over TCP (TLS) says more about its own failures. */
  protected explain(err: unknown, ctx: ErrorContext): EngineError {
    return explainSocketError(err, ctx);
  }

  /** The connection is open and logged: a kind over TCP (TLS) adds what it learned while connecting. */
  protected ready(_connectionId: string, _socket: net.Socket): void {}

  async send(bytes: Uint8Array, to: SendTarget, options: SendOptions = {}): Promise<SendReport> {
    if (to.kind !== 'default' && to.kind !== 'connection') {
      throw new EngineError('INVALID_TARGET', { key: 'clientTarget' });
    }
    const conn = this.connection;
    if (!conn || !this.isOpen) throw new EngineError('CLOSED', { key: 'notConnected' });
    const total = bytes.byteLength;
    await conn.send(bytes, { signal: options.signal, onProgress: (written) => options.onProgress?.(written, total) });
    return { bytes: total, recipients: 1 };
  }

  override info(): SessionInfo {
    return { ...super.info(), stream: streamInfo(this.options) };
  }

  /** The traffic generator's target: the one connection, refused as a send would be. */
  floodTargets(to: SendTarget): FloodTarget[] {
    if (to.kind !== 'default' && to.kind !== 'connection') throw new EngineError('INVALID_TARGET', { key: 'clientTarget' });
    const conn = this.connection;
    if (!conn || !this.isOpen) throw new EngineError('CLOSED', { key: 'notConnected' });
    if (conn.socket.destroyed || !conn.socket.writable) throw new EngineError('CLOSED', { key: 'sendingClosed' });
    return [{ kind: 'tcp', socket: conn.socket, peer: conn.peer, connectionId: conn.id }];
  }

  /** A client answers nobody: auto-replies are for the side that is asked. */
  override setAutoReply(_rule: AutoReplyRule): void {
    throw new EngineError('UNSUPPORTED', { key: 'onlyServersReply' });
  }

  override setRules(): void {
    throw new EngineError('UNSUPPORTED', { key: 'rulesOnClient' });
  }

  override halfClose(): void {
    const conn = this.connection;
    if (!conn || !this.isOpen) throw new EngineError('CLOSED', { key: 'notConnected' });
    conn.halfClose();
    this.markHalfClosed();
  }

  override closeConnection(connectionId: string | undefined, how: 'destroy' | 'reset'): void {
    this.openConnection(connectionId).closeBy(how);
  }

  override recv(connectionId: string | undefined, max: number, waitMs: number): Promise<RecvResult> {
    const conn = this.connection;
    // After the close a recv still answers as recv() does on a closed socket's last read: b''.
    if (conn && (connectionId === undefined || connectionId === conn.id)) return conn.recv(max, waitMs);
    return Promise.reject(new EngineError('CLOSED', { key: 'notConnected' }));
  }

  private openConnection(connectionId: string | undefined): TcpConnection {
    const conn = this.connection;
    if (!conn || !this.isOpen || (connectionId !== undefined && connectionId !== conn.id)) {
      throw new EngineError('CLOSED', { key: 'notConnected' });
    }
    return conn;
  }

  async close(): Promise<void> {
    const conn = this.connection;
    if (!conn || conn.socket.destroyed) {
      this.setState('closed');
      return;
    }
    const closed = new Promise<void>((resolve) => conn.socket.once('close', () => resolve()));
    conn.close('local');
    await closed;
  }

  private markHalfClosed(): void {
    const c = this.connections.get('c1');
    if (c) c.state = 'half-closed';
  }

  private onClosed(reason: CloseReason): void {
    this.connections.delete('c1');
    this.setState(reason === 'error' || reason === 'reset' ? 'error' : 'closed');
  }
}
