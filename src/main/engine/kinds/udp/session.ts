// A UDP session: binds (port 0 = any), sends datagrams anywhere, hears from anyone, can reply
// to whoever sent last, and applies the auto-reply rule per datagram.
import dgram from 'node:dgram';
import { hostKind } from '../../../../shared/address';
import type { AutoReplyRule, ConnectionInfo, Endpoint, SendTarget } from '../../../../shared/contract';
import { maxUdpPayloadFor } from '../../../../shared/limits';
import { quoteInput } from '../../../../shared/quote-input';
import { EngineError, explainSocketError } from '../../errors';
import { udpSocket } from '../../../../shared/kinds/udp';
import type { Network } from '../../network';
import type { FloodTarget } from '../../generator';
import { endpointOf, SessionBase, type SendReport, type SessionHooks } from '../../session-base';

import { UdpPeers, type UdpPeer } from './peers';

/** UDP peers listed with their own counters; the session's counters always count everyone. */
const maxListedPeers = 256;

/** Asked of the kernel for every UDP socket: 4 MiB holds ~0.2 s of a 25,000/s stream of 64 B datagrams (with its bookkeeping). */
const udpReceiveBufferBytes = 4 * 1024 * 1024;
export interface UdpOptions {
  /** The local address and port to bind (port 0: any free one). */
  host: string;
  port: number;
  autoReply: AutoReplyRule;
}

export class UdpSession extends SessionBase {
  private readonly socket: dgram.Socket;
  private readonly family: 'udp4' | 'udp6';
  /** The largest datagram payload of this socket's family. */
  private readonly maxPayload: number;
  /** Peers by port and address, most recent last; each has its entry in `connections` while listed. */
  private readonly peers = new UdpPeers(
    maxListedPeers,
    (peer) => this.addConnection(peer.id, peer.endpoint, this.local),
    (peer) => this.connections.delete(peer.id),
  );

  private readonly host: string;
  private readonly port: number;

  constructor(id: string, options: UdpOptions, hooks: SessionHooks, network: Network) {
    const { host, port } = options;
    super(id, udpSocket.kind, { host, port }, options.autoReply, hooks, 'connecting');
    this.host = host;
    this.port = port;
    this.family = hostKind(host) === 'ipv6' ? 'udp6' : 'udp4';
    // A bigger kernel receive buffer rides out a pause of the event loop (a GC, a busy window)
    // instead of dropping datagrams; the system caps it (net.core.rmem_max on Linux).
    this.socket = network.createUdpSocket({ type: this.family, recvBufferSize: udpReceiveBufferBytes });
    this.maxPayload = maxUdpPayloadFor(this.family === 'udp6' ? 'ipv6' : 'ipv4');
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onBindError = (err: unknown): void => {
        const e = explainSocketError(err, { action: 'bind', host: this.host, port: this.port });
        this.lastError = { code: e.code, message: e.message, problem: e.problem };
        this.setState('error');
        this.socket.close();
        reject(e);
      };
      this.socket.once('error', onBindError);
      this.socket.bind({ address: this.host, port: this.port }, () => {
        this.socket.off('error', onBindError);
        this.socket.on('error', (err) => this.emitError(explainSocketError(err, { action: 'io' })));
        const addr = this.socket.address();
        this.local = endpointOf(addr.address, addr.port);
        this.setState('open');
        this.emit({ type: 'listening', local: this.local });
        resolve();
      });
      this.socket.on('message', (msg, rinfo) => this.onMessage(this.payloads.keep(msg), rinfo.address, rinfo.port));
    });
  }

  /** Listed most recent last: the order the peer list keeps. */
  protected override listedConnections(): ConnectionInfo[] {
    return this.peers.list().map((peer) => this.connections.get(peer.id)!);
  }

  private onMessage(bytes: Uint8Array, host: string, port: number): void {
    const peer = this.peers.touch(host, port);
    this.lastPeer = peer.endpoint;
    this.emit({ type: 'data', direction: 'in', connectionId: peer.id, peer: peer.endpoint, bytes });
    // A datagram has no connection to close: only the reply's bytes count here.
    const reply = this.responder?.replyTo(bytes)?.bytes ?? null;
    if (reply !== null) this.replyTo(reply, peer);
  }

  /**
   * An auto-reply to the peer a datagram came from: socket.send with a callback, no promise per
   * datagram. The peer is of this socket's family (it just sent from there), so only the size and the
   * state can refuse it. Counted and logged once sent, as sendTo does; a failure or a refusal is an error
   * entry, as nobody else would hear of it.
   */
  private replyTo(reply: Uint8Array, peer: UdpPeer): void {
    if (!this.isOpen || reply.byteLength > this.maxPayload) {
      const refused = this.refusal(reply, peer.endpoint);
      if (refused) {
        this.emitError(refused, { peer: peer.endpoint });
        return;
      }
    }
    const { host, port } = peer.endpoint;
    this.socket.send(reply, port, host, (err) => {
      if (err) {
        this.emitError(explainSocketError(err, { action: 'send', host, port, localAddress: this.host }), { peer: peer.endpoint });
        return;
      }
      // dgram calls back from process.nextTick, before any answer can be read: the log keeps the order.
      const known = this.peers.touch(host, port);
      this.countSent(known.id, reply.byteLength);
      this.emit({ type: 'data', direction: 'out', connectionId: known.id, peer: known.endpoint, bytes: reply });
    });
  }

  async send(bytes: Uint8Array, to: SendTarget): Promise<SendReport> {
    let peer: Endpoint;
    if (to.kind === 'peer') peer = { host: to.host, port: to.port };
    else if (to.kind === 'default' && this.lastPeer) peer = this.lastPeer;
    else if (to.kind === 'connection' && this.connections.has(to.connectionId)) peer = this.connections.get(to.connectionId)!.peer;
    else throw new EngineError('NO_PEER', { key: 'noPeer' }, 'host');
    await this.sendTo(bytes, peer);
    return { bytes: bytes.byteLength, recipients: 1 };
  }

  /** The traffic generator's target: this socket, to the peer a send would go to, if a datagram of `size` bytes can go. */
  floodTargets(to: SendTarget, size: number): FloodTarget[] {
    let peer: Endpoint;
    if (to.kind === 'peer') peer = { host: to.host, port: to.port };
    else if (to.kind === 'default' && this.lastPeer) peer = this.lastPeer;
    else if (to.kind === 'connection' && this.connections.has(to.connectionId)) peer = this.connections.get(to.connectionId)!.peer;
    else throw new EngineError('NO_PEER', { key: 'noPeer' }, 'host');
    // Open, and the peer of this socket's family (the size is checked below, at its own field).
    const refused = this.refusal(new Uint8Array(0), peer);
    if (refused) throw refused;
    const family = this.family === 'udp6' ? 'ipv6' : 'ipv4';
    const limit = maxUdpPayloadFor(family);
    if (size > limit) {
      const params = {
        family: family === 'ipv6' ? 'IPv6' : 'IPv4',
        limit: limit.toLocaleString('en-US'),
        size: size.toLocaleString('en-US'),
      };
      throw new EngineError('EMSGSIZE', { key: 'udpTooLarge', params }, 'size');
    }
    const known = this.peers.touch(peer.host, peer.port);
    return [{ kind: 'udp', socket: this.socket, peer: known.endpoint, connectionId: known.id, localAddress: this.host }];
  }

  /**
   * Sends one datagram; a failure rejects with an EngineError. A failure of the network is also an
   * error entry in the log; a refusal before sending (too large, wrong family) only when `logRefusal`
   * (auto-replies, whose failure nobody else would see; a person sending sees it at the field).
   */
  private sendTo(bytes: Uint8Array, peer: Endpoint, logRefusal = false): Promise<void> {
    const refused = this.refusal(bytes, peer);
    if (refused) {
      if (logRefusal) this.emitError(refused, { peer });
      return Promise.reject(refused);
    }
    return new Promise((resolve, reject) => {
      this.socket.send(bytes, peer.port, peer.host, (err) => {
        if (err) {
          // Never logged as out nor counted: the datagram did not leave.
          const e = explainSocketError(err, { action: 'send', host: peer.host, port: peer.port, localAddress: this.host });
          this.emitError(e, { peer });
          reject(e);
          return;
        }
        // Logged once sent. dgram calls back from process.nextTick, before any reply can be read,
        // so a fast answer is still shown below the datagram it answers.
        const known = this.peers.touch(peer.host, peer.port);
        this.countSent(known.id, bytes.byteLength);
        this.emit({ type: 'data', direction: 'out', connectionId: known.id, peer: known.endpoint, bytes });
        resolve();
      });
    });
  }

  /** Why this datagram cannot be sent from this socket, or null. */
  private refusal(bytes: Uint8Array, peer: Endpoint): EngineError | null {
    if (!this.isOpen) return new EngineError('CLOSED', { key: 'socketClosed' });
    // IPv6 carries 20 bytes more than IPv4: its payload length leaves the IPv6 header out.
    const family = this.family === 'udp6' ? 'ipv6' : 'ipv4';
    const limit = maxUdpPayloadFor(family);
    if (bytes.byteLength > limit) {
      const params = {
        family: family === 'ipv6' ? 'IPv6' : 'IPv4',
        limit: limit.toLocaleString('en-US'),
        size: bytes.byteLength.toLocaleString('en-US'),
      };
      return new EngineError('EMSGSIZE', { key: 'udpTooLarge', params }, 'message');
    }
    const destKind = hostKind(peer.host);
    if ((destKind === 'ipv6') !== (this.family === 'udp6') && destKind !== 'name') {
      const [need, example] = destKind === 'ipv6' ? ['IPv6', ':: or ::1'] : ['IPv4', '0.0.0.0 or 127.0.0.1'];
      const bound = this.family === 'udp6' ? 'IPv6' : 'IPv4';
      return new EngineError(
        'EAFNOSUPPORT',
        { key: 'wrongFamily', params: { family: bound, bound: quoteInput(this.host), host: quoteInput(peer.host), need, example } },
        'host',
      );
    }
    return null;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    await new Promise<void>((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve(); // already closed
      }
    });
    this.setState('closed');
    this.emit({ type: 'closed', reason: 'stopped' });
  }
}
