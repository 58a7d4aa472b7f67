// The peers a UDP session has heard from or sent to, looked up once per datagram: by port (a number
// key) then address, with no string built per datagram, and kept in recency order by a linked list
// (a datagram from a known peer moves one node, never a Map delete and re-insert). At most `limit`
// are kept: a sender that uses a new port per datagram forgets the least recent.
import { formatHostPort } from '../../../../shared/address';
import type { Endpoint } from '../../../../shared/contract';

export interface UdpPeer {
  /** "127.0.0.1:5000", "[::1]:5000": the connection id, built once when the peer is first seen. */
  readonly id: string;
  /** One object per peer, shared by every event of that peer. */
  readonly endpoint: Endpoint;
  /** Recency neighbours: `older` is null for the least recent peer. */
  older: UdpPeer | null;
  newer: UdpPeer | null;
  /** The next peer with the same port (another address). */
  samePort: UdpPeer | null;
}

export class UdpPeers {
  private readonly byPort = new Map<number, UdpPeer>();
  private oldest: UdpPeer | null = null;
  private newest: UdpPeer | null = null;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly onAdded: (peer: UdpPeer) => void,
    private readonly onForgotten: (peer: UdpPeer) => void,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The peer at host:port, now the most recent; new ones are added (and the least recent forgotten past the limit). */
  touch(host: string, port: number): UdpPeer {
    let peer = this.byPort.get(port) ?? null;
    while (peer !== null && peer.endpoint.host !== host) peer = peer.samePort;
    if (peer === null) return this.add(host, port);
    if (peer !== this.newest) {
      this.unlink(peer);
      this.append(peer);
    }
    return peer;
  }

  /** Least recent first. */
  list(): UdpPeer[] {
    const out: UdpPeer[] = [];
    for (let p = this.oldest; p !== null; p = p.newer) out.push(p);
    return out;
  }

  private add(host: string, port: number): UdpPeer {
    const peer: UdpPeer = {
      id: formatHostPort(host, port),
      endpoint: { host, port },
      older: null,
      newer: null,
      samePort: this.byPort.get(port) ?? null,
    };
    this.byPort.set(port, peer);
    this.append(peer);
    this.count++;
    this.onAdded(peer);
    if (this.count > this.limit && this.oldest !== null) this.forget(this.oldest);
    return peer;
  }

  private forget(peer: UdpPeer): void {
    this.unlink(peer);
    const head = this.byPort.get(peer.endpoint.port)!;
    if (head === peer) {
      if (peer.samePort === null) this.byPort.delete(peer.endpoint.port);
      else this.byPort.set(peer.endpoint.port, peer.samePort);
    } else {
      let p = head;
      while (p.samePort !== peer) p = p.samePort!;
      p.samePort = peer.samePort;
    }
    this.count--;
    this.onForgotten(peer);
  }

  private append(peer: UdpPeer): void {
    peer.older = this.newest;
    peer.newer = null;
    if (this.newest !== null) this.newest.newer = peer;
    else this.oldest = peer;
    this.newest = peer;
  }

  private unlink(peer: UdpPeer): void {
    if (peer.older !== null) peer.older.newer = peer.newer;
    else this.oldest = peer.newer;
    if (peer.newer !== null) peer.newer.older = peer.older;
    else this.newest = peer.older;
    peer.older = null;
    peer.newer = null;
  }
}
