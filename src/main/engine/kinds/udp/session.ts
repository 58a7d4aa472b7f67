// A UDP session: binds (port 0 = any), sends datagrams anywhere, hears from anyone, can reply
// to whoever sent last, and applies the auto-reply rule per datagram.
import type { LooseRuleForm, RuleList } from '../../../../shared/rules';
import { RuleReplies } from '../../pipeline/rule-replies';
import type dgram from 'node:dgram';
import { hostKind, isLoopbackHost } from '../../../../shared/address';
import type { AutoReplyRule, ConnectionInfo, Endpoint, SendTarget, SessionInfo } from '../../../../shared/contract';
import { describeGroup, udpBindHost, unmapIpv4 } from '../../../../shared/multicast';
import { maxUdpPayloadFor } from '../../../../shared/limits';
import { quoteInput } from '../../../../shared/quote-input';
import { problemText } from '../../../../shared/problems';
import { EngineError, explainSocketError } from '../../errors';
import { udpSocket } from '../../../../shared/kinds/udp';
import type { Network } from '../../network';
import type { FloodTarget } from '../../generator';
import { endpointOf, SessionBase, type SendReport, type SessionHooks } from '../../session-base';

import { describeImpair, type ImpairInfo, type ImpairSettings, type ImpairWay } from '../../../../shared/impair';
import { Impairer } from '../../pipeline/impair';
import { UdpGroups, type GroupFields, type MulticastOptions } from './groups';
import { UdpPeers, type UdpPeer } from './peers';

/** UDP peers listed with their own counters; the session's counters always count everyone. */
const maxListedPeers = 256;

/** Asked of the kernel for every UDP socket: 4 MiB holds ~0.2 s of a 25,000/s stream of 64 B datagrams (with its bookkeeping). */
const udpReceiveBufferBytes = 4 * 1024 * 1024;
export interface UdpOptions extends Partial<MulticastOptions> {
  /** The local address and port to bind (port 0: any free one); no address: see udpBindHost. */
  host?: string | undefined;
  port: number;
  autoReply: AutoReplyRule;
  /** Rule-based auto-replies (contract-checked table forms, no @close), first match wins; autoReply answers the rest. */
  rules?: LooseRuleForm[] | undefined;
  /** Groups joined once bound. */
  join?: { group: string; iface?: string | undefined }[];
  /** Simulated network problems from the start (absent: none). */
  impair?: ImpairSettings | undefined;
}

/** A datagram going through the simulated problems: its bytes and the peer it comes from or goes to. */
interface Datagram {
  bytes: Uint8Array;
  peer: Endpoint;
}

const impairNoticeKeys = {
  dropped: 'impairDropped',
  duplicated: 'impairDuplicated',
  delayed: 'impairDelayed',
  reordered: 'impairReordered',
} as const;

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
  private readonly options: UdpOptions;
  /** Memberships and multicast options, applied once bound. */
  private readonly groups: UdpGroups;
  /**
   * An IPv6 socket on the wildcard hears IPv4 peers too, as ::ffff:a.b.c.d: they are shown, kept and
   * answered as a.b.c.d (mapped back only on the wire), so log, filter, CLI and window agree.
   */
  private dualStack = false;
  /** The gate datagrams pass while problems are simulated; null when off (one check per datagram, nothing else). */
  private impairGate: Impairer<Datagram> | null = null;
  /** The latest gate, on or off: its counts for info(), and what close waits for. */
  private impairLast: Impairer<Datagram> | null = null;

  constructor(id: string, options: UdpOptions, hooks: SessionHooks, network: Network) {
    const host = udpBindHost(options);
    const { port } = options;
    super(id, udpSocket.kind, { host, port }, options.autoReply, hooks, 'connecting');
    this.host = host;
    this.port = port;
    this.options = options;
    this.family = hostKind(host) === 'ipv6' ? 'udp6' : 'udp4';
    // A bigger kernel receive buffer rides out a pause of the event loop (a GC, a busy window)
    // instead of dropping datagrams; the system caps it (net.core.rmem_max on Linux).
    this.socket = network.createUdpSocket({ type: this.family, recvBufferSize: udpReceiveBufferBytes });
    this.maxPayload = maxUdpPayloadFor(this.family === 'udp6' ? 'ipv6' : 'ipv4');
    this.groups = new UdpGroups(this.socket, this.family, host);
    if (options.rules) this.compileRuleList(options.rules);
  }

  /** A datagram has no connection to close: @close is refused when the rules are set. */
  protected override get rulesMayClose(): boolean {
    return false;
  }

  /**
   * Replies by rules, one chain for the whole socket: replies leave in the order datagrams came in,
   * whoever sent them, so a delayed reply holds back the ones behind it (as on a TCP connection).
   */
  private ruleReplies: RuleReplies<UdpPeer> | null = null;

  private answerByRules(list: RuleList, bytes: Uint8Array, peer: UdpPeer): void {
    this.ruleReplies ??= new RuleReplies({
      problem: (problem, from) => this.emitError(new EngineError('RULE_FAILED', problem), { peer: from.endpoint }),
      // An empty datagram is a message too: sent as the rule says. replyTo refuses once closed.
      deliver: async (answer, to) => this.replyTo(answer.reply, to),
      hit: () => this.ruleHit(),
    });
    this.ruleReplies.answer(list, bytes, peer);
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
        try {
          this.applyMulticast();
        } catch (err) {
          // A refused option or membership is the open request's mistake: nothing is kept.
          const e = explainSocketError(err, { action: 'bind', host: this.host, port: this.port });
          this.lastError = { code: e.code, message: e.message, problem: e.problem };
          this.setState('error');
          this.socket.close();
          reject(e);
          return;
        }
        this.socket.on('error', (err) => this.emitError(explainSocketError(err, { action: 'io' })));
        const addr = this.socket.address();
        this.local = endpointOf(addr.address, addr.port);
        this.dualStack = this.family === 'udp6' && /^(::|0*:(0*:)*0*)$/.test(addr.address);
        this.setState('open');
        this.emit({ type: 'listening', local: this.local });
        this.noticeBinding();
        if (this.options.impair) this.setImpair(this.options.impair);
        for (const g of this.groups.list()) this.notice('joinedGroup', describeGroup(g));
        resolve();
      });
      this.socket.on('message', (msg, rinfo) => {
        const host = this.dualStack ? unmapIpv4(rinfo.address) : rinfo.address;
        if (this.impairGate === null) this.onMessage(this.payloads.keep(msg), host, rinfo.port);
        else this.impairGate.passIn({ bytes: this.payloads.keep(msg), peer: { host, port: rinfo.port } });
      });
    });
  }

  /** The open request's broadcast, TTL, loop, interface and groups, on the bound socket. */
  private applyMulticast(): void {
    const o = this.options;
    this.groups.apply({ broadcast: o.broadcast ?? false, ttl: o.ttl, multicastLoop: o.multicastLoop, multicastIf: o.multicastIf });
    (o.join ?? []).forEach((j, i) => this.groups.join(j.group, j.iface, { group: `join.${i}.group`, iface: `join.${i}.iface` }));
  }

  /** Says in the log why this socket hears (or cannot hear) group and broadcast traffic where it is bound. */
  private noticeBinding(): void {
    const o = this.options;
    const wantsGroups = (o.join?.length ?? 0) > 0 || o.broadcast === true;
    const wildcard = this.family === 'udp6' ? '::' : '0.0.0.0';
    if (o.host === undefined && wantsGroups) this.emitNotice({ key: 'boundWildcardForGroups', params: { wildcard } });
    else if ((o.join?.length ?? 0) > 0 && isLoopbackHost(this.host))
      this.emitNotice({ key: 'loopbackHearsNoGroups', params: { bound: quoteInput(this.host), wildcard } });
  }

  private notice(key: 'joinedGroup' | 'leftGroup', group: string): void {
    this.emitNotice({ key, params: { group } });
  }

  /** Joins a group while open (the window's "Join group", the joinGroup command). */
  override joinGroup(group: string, iface: string | undefined): void {
    if (!this.isOpen) throw new EngineError('CLOSED', { key: 'socketClosed' });
    const fields: GroupFields = { group: 'group', iface: 'iface' };
    this.notice('joinedGroup', describeGroup(this.groups.join(group, iface, fields)));
  }

  override leaveGroup(group: string, iface: string | undefined): void {
    if (!this.isOpen) throw new EngineError('CLOSED', { key: 'socketClosed' });
    const fields: GroupFields = { group: 'group', iface: 'iface' };
    this.notice('leftGroup', describeGroup(this.groups.leave(group, iface, fields)));
  }

  override info(): SessionInfo {
    const info: SessionInfo = {
      ...super.info(),
      groups: this.groups.list(),
      broadcast: this.groups.broadcast,
      multicast: this.groups.settings,
    };
    if (this.impairLast !== null) info.impair = this.impairInfo(this.impairLast);
    return info;
  }

  private impairInfo(last: Impairer<Datagram>): ImpairInfo {
    const settings = this.impairGate === null ? null : last.current;
    return { settings, spec: settings ? describeImpair(settings) : '', in: last.counts('in'), out: last.counts('out') };
  }

  /**
   * Simulated network problems from the next datagram on (null or nothing impaired: off). Counts and
   * datagram indices go on across changes, so a seed replays the same only from the session's start.
   */
  override setImpair(settings: ImpairSettings | null): void {
    if (!this.isOpen) throw new EngineError('CLOSED', { key: 'socketClosed' });
    const spec = settings ? describeImpair(settings) : '';
    if (spec === '') {
      if (this.impairGate !== null) this.emitNotice({ key: 'impairOff' });
      this.impairGate = null;
      return;
    }
    this.impairLast ??= new Impairer<Datagram>(
      settings!,
      (d) => this.onMessage(d.bytes, d.peer.host, d.peer.port),
      (d) => this.sendNow(d.bytes, d.peer),
      (what, way, index, d, ms) => this.noticeImpair(what, way, index, d, ms),
    );
    this.impairLast.set(settings!);
    this.impairGate = this.impairLast;
    this.emitNotice({ key: 'impairOn', params: { settings: spec } });
  }

  private noticeImpair(what: keyof typeof impairNoticeKeys, way: ImpairWay, index: number, d: Datagram, ms: number): void {
    const peer = d.peer.host.includes(':') ? `[${d.peer.host}]:${d.peer.port}` : `${d.peer.host}:${d.peer.port}`;
    // Numbered from 1 as a person counts; the decision is drawn for index - 1.
    const params = { direction: way, index: index + 1, size: d.bytes.byteLength, peer, ms };
    this.emit({
      type: 'notice',
      message: problemText({ key: impairNoticeKeys[what], params }),
      problem: { key: impairNoticeKeys[what], params },
      peer: d.peer,
    });
  }

  /** Where a datagram to `host` goes on the wire: an IPv4 peer of a dual-stack socket as ::ffff:a.b.c.d. */
  private wireHost(host: string): string {
    return this.dualStack && hostKind(host) === 'ipv4' ? `::ffff:${host}` : host;
  }

  /** Listed most recent last: the order the peer list keeps. */
  protected override listedConnections(): ConnectionInfo[] {
    return this.peers.list().map((peer) => this.connections.get(peer.id)!);
  }

  private onMessage(bytes: Uint8Array, host: string, port: number): void {
    const peer = this.peers.touch(host, port);
    this.lastPeer = peer.endpoint;
    this.emit({ type: 'data', direction: 'in', connectionId: peer.id, peer: peer.endpoint, bytes });
    if (this.ruleList !== null) return this.answerByRules(this.ruleList, bytes, peer);
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
    if (this.impairGate !== null) return this.impairGate.passOut({ bytes: reply, peer: peer.endpoint });
    this.sendNow(reply, peer.endpoint);
  }

  /** Sends without waiting: a failure is an error entry, a datagram that left is counted and logged. */
  private sendNow(reply: Uint8Array, to: Endpoint): void {
    const { host, port } = to;
    this.socket.send(reply, port, this.wireHost(host), (err) => {
      if (err) {
        this.emitError(explainSocketError(err, { action: 'send', host, port, localAddress: this.host }), { peer: to });
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
    const wire = this.wireHost(known.endpoint.host);
    const onWire = wire === known.endpoint.host ? known.endpoint : { host: wire, port: known.endpoint.port };
    return [{ kind: 'udp', socket: this.socket, peer: onWire, connectionId: known.id, localAddress: this.host }];
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
    // Simulated problems: handed to the gate, which sends it (or not) in its time; a failure then is an error entry.
    if (this.impairGate !== null) {
      this.impairGate.passOut({ bytes, peer });
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.socket.send(bytes, peer.port, this.wireHost(peer.host), (err) => {
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
    // A dual-stack socket reaches IPv4 peers too (as ::ffff:a.b.c.d).
    const reachable = this.dualStack && destKind === 'ipv4';
    if ((destKind === 'ipv6') !== (this.family === 'udp6') && destKind !== 'name' && !reachable) {
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
    // Delayed and held-back datagrams go first (bounded: the longest delay plus the reorder hold).
    if (this.impairLast !== null) {
      await this.impairLast.idle();
      this.impairLast.stop();
    }
    await new Promise<void>((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve(); // already closed
      }
    });
    this.ruleReplies?.stop();
    this.setState('closed');
    this.emit({ type: 'closed', reason: 'stopped' });
  }
}
