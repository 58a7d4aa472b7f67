// A TCP server session: listens, accepts many clients (each its own connection id and counters),
// sends to one or to all, disconnects one, applies the auto-reply rule, stops. Its server comes from
// the injected factory (streams.ts), so a TLS server can be this same session.
import type { LooseRuleForm } from '../../../../shared/rules';
import type net from 'node:net';
import type { AutoReplyRule, RecvResult, SendTarget } from '../../../../shared/contract';
import type { SessionKind } from '../../../../shared/kinds';
import { EngineError, explainSocketError } from '../../errors';
import type { FloodTarget } from '../../generator';
import { endpointOf, SessionBase, type SendOptions, type SendReport, type SessionHooks } from '../../session-base';
import { cancelledSend, TcpConnection, type StreamPipeline } from './connection';
import { streamInfo, streamPipelineOf } from './stream-setup';
import type { StreamSockets } from './streams';
import type { StreamOptions } from '../../../../shared/kinds/stream-schema';
import type { SessionInfo } from '../../../../shared/contract';

/** Connections the kernel may hold accepted before the server takes them (capped by net.core.somaxconn). */
const listenBacklog = 4096;

export interface TcpServerOptions extends Partial<StreamOptions> {
  /** The local address and port to listen on (port 0: any free one). */
  host: string;
  port: number;
  autoReply: AutoReplyRule;
  /** Rule-based auto-replies (contract-checked table forms), first match wins; autoReply answers the rest. */
  rules?: LooseRuleForm[] | undefined;
}

export class TcpServerSession extends SessionBase {
  protected readonly server: net.Server;
  private readonly clients = new Map<string, TcpConnection>();
  private readonly acceptEvent: StreamSockets['acceptEvent'];
  private nextClient = 1;
  private readonly pipeline: StreamPipeline;
  private readonly stream: StreamOptions;

  private readonly host: string;
  private readonly port: number;

  constructor(id: string, kind: SessionKind, options: TcpServerOptions, hooks: SessionHooks, sockets: StreamSockets) {
    super(id, kind, { host: options.host, port: options.port }, options.autoReply, hooks, 'connecting');
    this.host = options.host;
    this.port = options.port;
    this.pipeline = streamPipelineOf(options);
    this.stream = streamInfo(options);
    // Manual read mode: accepted sockets start paused, so nothing is read before a recv (see manual-read.ts).
    this.server = sockets.createServer({ allowHalfOpen: this.stream.allowHalfOpen, pauseOnConnect: this.stream.read === 'manual' });
    this.acceptEvent = sockets.acceptEvent;
    if (options.rules) this.compileRuleList(options.rules);
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onListenError = (err: unknown): void => {
        const e = explainSocketError(err, { action: 'listen', host: this.host, port: this.port });
        this.lastError = { code: e.code, message: e.message, problem: e.problem };
        this.setState('error');
        reject(e);
      };
      this.server.once('error', onListenError);
      // Node's default backlog (511) overflows when thousands of clients connect at once: a dropped SYN
      // is retried a second later, a second on that client's latency. 4,096 is what the kernel allows here.
      this.server.listen({ host: this.host, port: this.port, backlog: listenBacklog }, () => {
        this.server.off('error', onListenError);
        // After listening, errors (e.g. EMFILE on accept) are reported, never thrown.
        this.server.on('error', (err) => this.emitError(explainSocketError(err, { action: 'io', host: this.host, port: this.port })));
        const addr = this.server.address();
        this.local = typeof addr === 'object' && addr ? endpointOf(addr.address, addr.port) : { host: this.host, port: this.port };
        this.setState('listening');
        this.emit({ type: 'listening', local: this.local });
        resolve();
      });
      this.server.on(this.acceptEvent, (socket: net.Socket) => this.accept(socket));
    });
  }

  private accept(socket: net.Socket): void {
    const id = `c${this.nextClient++}`;
    const peer = endpointOf(socket.remoteAddress, socket.remotePort);
    const local = endpointOf(socket.localAddress, socket.localPort);
    this.addConnection(id, peer, local);
    this.emit({ type: 'accepted', connectionId: id, local, peer });
    this.clients.set(
      id,
      new TcpConnection(
        id,
        socket,
        peer,
        {
          emit: (e) => this.emit(e),
          keep: (chunk) => this.payloads.keep(chunk),
          responder: () => this.responder,
          rules: () => this.ruleList,
          rulesHit: () => this.ruleHit(),
          onPeerHalfClose: (cid) => {
            const c = this.connections.get(cid);
            if (c) c.state = 'half-closed';
          },
          onClosed: (cid) => {
            this.clients.delete(cid);
            this.rememberGone(cid);
            this.connections.delete(cid);
          },
          sent: (cid, n) => this.countSent(cid, n),
          queued: (cid, delta) => this.countQueued(cid, delta),
        },
        this.pipeline,
      ),
    );
    this.accepted(id, socket);
  }

  /** A client is accepted and logged: a kind over TCP (TLS) adds what it learned while accepting. */
  protected accepted(_connectionId: string, _socket: net.Socket): void {}

  async send(bytes: Uint8Array, to: SendTarget, options: SendOptions = {}): Promise<SendReport> {
    if (!this.isOpen) throw new EngineError('CLOSED', { key: 'serverStopped' });
    let targets: TcpConnection[];
    if (to.kind === 'connection') {
      const client = this.clients.get(to.connectionId);
      if (!client) throw new EngineError('NO_CONNECTION', { key: 'clientGone', params: { id: to.connectionId } }, 'target');
      targets = [client];
    } else if (to.kind === 'all' || to.kind === 'default') {
      targets = [...this.clients.values()];
    } else {
      throw new EngineError('INVALID_TARGET', { key: 'serverTargets' }, 'target');
    }
    if (targets.length === 0) throw new EngineError('NO_CONNECTION', { key: 'noClients' }, 'target');
    // Progress counts every recipient's copy: the total is bytes x recipients.
    const total = bytes.byteLength * targets.length;
    const written = targets.map(() => 0);
    const sum = (): number => written.reduce((a, b) => a + b, 0);
    const results = await Promise.allSettled(
      targets.map((t, i) =>
        t.send(bytes, {
          signal: options.signal,
          onProgress: (n) => {
            written[i] = n;
            options.onProgress?.(sum(), total);
          },
        }),
      ),
    );
    const cancelled = results.some((r) => r.status === 'rejected' && r.reason instanceof EngineError && r.reason.code === 'CANCELLED');
    if (cancelled) throw cancelledSend(sum(), total);
    const delivered = results.filter((r) => r.status === 'fulfilled').length;
    const firstFailure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (delivered === 0 && firstFailure) throw explainSocketError(firstFailure.reason, { action: 'send' });
    return { bytes: bytes.byteLength, recipients: delivered };
  }

  override disconnect(connectionId: string): void {
    const client = this.clients.get(connectionId);
    if (!client) throw new EngineError('NO_CONNECTION', { key: 'clientGone', params: { id: connectionId } }, 'target');
    client.close('local');
  }

  override closeConnection(connectionId: string | undefined, how: 'destroy' | 'reset'): void {
    this.client(connectionId).closeBy(how);
  }

  override recv(connectionId: string | undefined, max: number, waitMs: number): Promise<RecvResult> {
    if (connectionId !== undefined && this.gone.has(connectionId)) {
      return Promise.resolve({ bytes: new Uint8Array(0), peerClosed: true, timedOut: false });
    }
    try {
      return this.client(connectionId).recv(max, waitMs);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Manual read mode: a recv on a client gone since answers b'' (peer closed), as recv() does; the newest few kept. */
  private readonly gone = new Set<string>();
  private rememberGone(connectionId: string): void {
    if (this.stream.read !== 'manual') return;
    this.gone.add(connectionId);
    if (this.gone.size > 256) this.gone.delete(this.gone.values().next().value!);
  }

  /** The client named, or the only one when none is named (a lab's one-client server); otherwise "choose a client". */
  private client(connectionId: string | undefined): TcpConnection {
    if (connectionId === undefined) {
      const [only, ...others] = this.clients.values();
      if (only && others.length === 0) return only;
      throw new EngineError('NO_CONNECTION', { key: 'chooseClient' }, 'target');
    }
    const client = this.clients.get(connectionId);
    if (!client) throw new EngineError('NO_CONNECTION', { key: 'clientGone', params: { id: connectionId } }, 'target');
    return client;
  }

  override info(): SessionInfo {
    return { ...super.info(), stream: streamInfo(this.stream) };
  }

  /** The traffic generator's targets: one client or all of them, refused as a send would be. */
  floodTargets(to: SendTarget): FloodTarget[] {
    if (!this.isOpen) throw new EngineError('CLOSED', { key: 'serverStopped' });
    let clients: TcpConnection[];
    if (to.kind === 'connection') {
      const client = this.clients.get(to.connectionId);
      if (!client) throw new EngineError('NO_CONNECTION', { key: 'clientGone', params: { id: to.connectionId } }, 'target');
      clients = [client];
    } else if (to.kind === 'all' || to.kind === 'default') clients = [...this.clients.values()];
    else throw new EngineError('INVALID_TARGET', { key: 'serverTargets' }, 'target');
    // Clients that half-closed towards us can still be written to; ones we half-closed cannot.
    const writable = clients.filter((c) => !c.socket.destroyed && c.socket.writable);
    if (writable.length === 0) throw new EngineError('NO_CONNECTION', { key: 'noClients' }, 'target');
    return writable.map((c) => ({ kind: 'tcp', socket: c.socket, peer: c.peer, connectionId: c.id }));
  }

  override halfClose(connectionId?: string): void {
    const client = this.client(connectionId);
    client.halfClose();
    const c = this.connections.get(client.id);
    if (c) c.state = 'half-closed';
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // The server's own 'closed' goes last: wait for every client's close event too
    // (Node may report the server closed before the last socket's 'close').
    const clientsClosed = [...this.clients.values()].map((c) => new Promise<void>((resolve) => c.socket.once('close', () => resolve())));
    for (const client of this.clients.values()) client.close('stopped');
    await Promise.all([closed.catch(() => undefined), ...clientsClosed]);
    this.setState('closed');
    this.emit({ type: 'closed', reason: 'stopped' });
  }
}
