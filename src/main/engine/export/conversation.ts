// Turns a session's events into the packets of the conversation they describe: per TCP connection a
// handshake, data segments with per-direction sequence numbers (each acknowledged), FIN or RST at
// the close; per UDP datagram one packet. App events become comments on an adjacent packet.
import type { Endpoint, SocketEvent } from '../../../shared/contract';
import { formatHostPort } from '../../../shared/address';
import {
  ipBytes,
  ipPacket,
  maxTcpPayloadV4,
  maxTcpPayloadV6,
  maxUdpPayloadV4,
  maxUdpPayloadV6,
  tcpFlags,
  tcpSegment,
  udpDatagram,
  type IpBytes,
} from './ip-packets';

/** Where the packets go: one IP packet, its time in milliseconds since the epoch, and the comments it carries. */
export type PacketSink = (timeMs: number, packet: Uint8Array, comments: readonly string[]) => void;

/** What the synthesizer needs to know of the session. */
export interface ConversationSession {
  transport: 'tcp' | 'udp';
  /** Whether this side connects (a client) or accepts (a server) its TCP connections. */
  client: boolean;
  /** The session's own address: the fallback for a connection whose start the log no longer holds. */
  local: Endpoint | null;
}

/** Every window advertised: no scaling, and never filled, since each segment is acknowledged at once. */
const window = 65_535;
const { fin, syn, rst, psh, ack } = tcpFlags;

interface Side {
  ip: IpBytes;
  port: number;
  /** The next sequence number this side sends. */
  next: number;
  finSent: boolean;
}

interface TcpConnection {
  local: Side;
  peer: Side;
  closed: boolean;
}

const v4Any = new Uint8Array(4);
const v6Any = new Uint8Array(16);
const v4Loopback = Uint8Array.of(127, 0, 0, 1);
const v6Loopback = (() => {
  const b = new Uint8Array(16);
  b[15] = 1;
  return b;
})();
const isZero = (b: IpBytes): boolean => b.every((x) => x === 0);
const isLoopback = (b: IpBytes): boolean => (b.length === 4 ? b[0] === 127 : b.every((x, i) => x === (i === 15 ? 1 : 0)));

/** The local address as a packet carries it, in the peer's family: a wildcard bind is shown as loopback for a loopback peer. */
function localIp(local: Endpoint | null, peerIp: IpBytes): IpBytes {
  const own = local ? ipBytes(local.host) : null;
  if (own && own.length === peerIp.length && !isZero(own)) return own;
  if (isLoopback(peerIp)) return peerIp.length === 4 ? v4Loopback : v6Loopback;
  return peerIp.length === 4 ? v4Any : v6Any;
}

/** A peer that is not an IP literal (it should not happen: events carry resolved addresses) is shown as the unspecified address. */
const peerIp = (peer: Endpoint): IpBytes => ipBytes(peer.host) ?? v4Any;

/** A short, readable time for comments: the packet's own timestamp carries the exact one. */
const clock = (time: number): string => new Date(time).toISOString().slice(11, 23);

/** The words of an app event, or null for data (the packets say it). */
export function eventComment(event: SocketEvent): string | null {
  const who = event.peer ? ` ${formatHostPort(event.peer.host, event.peer.port)}` : '';
  const at = `[${clock(event.time)}] Socket Lab:`;
  switch (event.type) {
    case 'data':
      return event.partial ? `${at} the rest of a message when the stream ended (never whole)` : null;
    case 'listening':
      return `${at} listening on ${formatHostPort(event.local.host, event.local.port)}`;
    case 'opened':
      return `${at} connected to${who} from ${formatHostPort(event.local.host, event.local.port)}`;
    case 'accepted':
      return `${at} accepted${who} on ${formatHostPort(event.local.host, event.local.port)}`;
    case 'half-closed':
      return `${at} ${event.by === 'local' ? 'sent FIN to' : 'FIN received from'}${who} (half-closed)`;
    case 'closed':
      return `${at} closed${who} (${event.reason})`;
    case 'error':
      return `${at} error${who}: ${event.code} ${event.message}`;
    case 'secured':
      return `${at} TLS${who}: ${event.tls.protocol} ${event.tls.cipher}`;
    case 'notice':
      return `${at} ${event.message}`;
    case 'flood':
      return `${at} traffic generator ${event.phase}: ${event.flood.messages} messages, ${event.flood.bytes} bytes`;
  }
}

export class ConversationSynthesizer {
  private readonly connections = new Map<string, TcpConnection>();
  /** App events waiting for the next packet to ride on. */
  private pending: string[] = [];
  private ipId = 1;
  /** Initial sequence numbers, different per connection so tshark never mistakes one for another. */
  private nextIsn = 0x1000_0000;

  constructor(
    private readonly session: ConversationSession,
    private readonly sink: PacketSink,
  ) {}

  /** Comments that found no packet after them (the export is ending): the writer places them. */
  takePending(): string[] {
    const left = this.pending;
    this.pending = [];
    return left;
  }

  event(event: SocketEvent): void {
    const comment = eventComment(event);
    if (comment !== null) this.pending.push(comment);
    if (this.session.transport === 'udp') {
      if (event.type === 'data') this.datagram(event.time, event.direction, event.peer, event.bytes);
      return;
    }
    switch (event.type) {
      case 'opened':
      case 'accepted':
        this.connect(event.time, event.connectionId, event.local, event.peer);
        break;
      case 'data':
        if (event.connectionId) this.data(event.time, event.connectionId, event.direction, event.peer, event.bytes);
        break;
      case 'half-closed': {
        const c = this.connections.get(event.connectionId);
        if (c) this.finFrom(event.time, c, event.by === 'local' ? 'local' : 'peer');
        break;
      }
      case 'closed':
        if (event.connectionId) this.close(event.time, event.connectionId, event.reason, event.how);
        break;
      default:
        break;
    }
  }

  private emit(time: number, from: Side, to: Side, flags: number, payload?: Uint8Array): void {
    const segment = tcpSegment(from.ip, to.ip, {
      srcPort: from.port,
      dstPort: to.port,
      seq: from.next,
      ack: to.next,
      flags,
      window,
      ...(payload ? { payload } : {}),
    });
    this.send(time, ipPacket(from.ip, to.ip, 6, segment, this.ipId++));
  }

  private send(time: number, packet: Uint8Array): void {
    const comments = this.pending;
    this.pending = [];
    this.sink(time, packet, comments);
  }

  /** A new connection: SYN from the side that connects, SYN-ACK, ACK. */
  private connect(time: number, id: string, localEp: Endpoint | null, peerEp: Endpoint): TcpConnection {
    const pIp = peerIp(peerEp);
    const local: Side = {
      ip: localIp(localEp ?? this.session.local, pIp),
      port: localEp?.port ?? this.session.local?.port ?? 0,
      next: 0,
      finSent: false,
    };
    const peer: Side = { ip: pIp, port: peerEp.port, next: 0, finSent: false };
    local.next = this.isn();
    peer.next = this.isn();
    const c: TcpConnection = { local, peer, closed: false };
    this.connections.set(id, c);
    const [opener, answerer] = this.session.client ? [local, peer] : [peer, local];
    // The SYN's ack field is zero and not flagged; each SYN takes one sequence number.
    this.emit(time, opener, { ...answerer, next: 0 }, syn);
    opener.next = (opener.next + 1) >>> 0;
    this.emit(time, answerer, opener, syn | ack);
    answerer.next = (answerer.next + 1) >>> 0;
    this.emit(time, opener, answerer, ack);
    return c;
  }

  private isn(): number {
    const isn = this.nextIsn;
    this.nextIsn = (this.nextIsn + 0x0100_0000) >>> 0;
    return isn;
  }

  private data(time: number, id: string, direction: 'in' | 'out', peerEp: Endpoint, bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    // A connection whose start the log no longer holds (or the filter left out) gets its handshake now.
    const c = this.connections.get(id) ?? this.connect(time, id, null, peerEp);
    if (c.closed) return;
    const [from, to] = direction === 'out' ? [c.local, c.peer] : [c.peer, c.local];
    const most = from.ip.length === 4 ? maxTcpPayloadV4 : maxTcpPayloadV6;
    for (let at = 0; at < bytes.byteLength; at += most) {
      const piece = bytes.subarray(at, Math.min(at + most, bytes.byteLength));
      this.emit(time, from, to, psh | ack, piece);
      from.next = (from.next + piece.byteLength) >>> 0;
      this.emit(time, to, from, ack);
    }
  }

  private finFrom(time: number, c: TcpConnection, side: 'local' | 'peer'): void {
    const [from, to] = side === 'local' ? [c.local, c.peer] : [c.peer, c.local];
    if (from.finSent || c.closed) return;
    from.finSent = true;
    this.emit(time, from, to, fin | ack);
    from.next = (from.next + 1) >>> 0;
    this.emit(time, to, from, ack);
  }

  private close(time: number, id: string, reason: string, how?: string): void {
    const c = this.connections.get(id);
    if (!c || c.closed) return;
    if (how === 'reset') {
      // We reset it (closeConnection how reset): one RST from our side ends it.
      this.emit(time, c.local, c.peer, rst | ack);
    } else if (reason === 'reset' || reason === 'error') {
      // The peer reset (or the connection broke): one RST from the peer ends it.
      this.emit(time, c.peer, c.local, rst | ack);
    } else {
      const first = reason === 'peer' ? 'peer' : 'local';
      this.finFrom(time, c, first);
      this.finFrom(time, c, first === 'peer' ? 'local' : 'peer');
    }
    c.closed = true;
    this.connections.delete(id);
  }

  private datagram(time: number, direction: 'in' | 'out', peerEp: Endpoint, bytes: Uint8Array): void {
    const pIp = peerIp(peerEp);
    const lIp = localIp(this.session.local, pIp);
    const lPort = this.session.local?.port ?? 0;
    const most = pIp.length === 4 ? maxUdpPayloadV4 : maxUdpPayloadV6;
    const payload = bytes.byteLength > most ? bytes.subarray(0, most) : bytes;
    const [src, dst, sp, dp] = direction === 'out' ? [lIp, pIp, lPort, peerEp.port] : [pIp, lIp, peerEp.port, lPort];
    this.send(time, ipPacket(src, dst, 17, udpDatagram(src, dst, sp, dp, payload), this.ipId++));
  }
}
