// A UDP socket's multicast memberships and options (broadcast, TTL, loop, outgoing interface):
// checked against this machine's interfaces, applied to the bound socket, listed in the session info.
import type dgram from 'node:dgram';
import { hostKind, stripBrackets } from '../../../../shared/address';
import type { JoinedGroup, MulticastSettings } from '../../../../shared/contract';
import { describeGroup, maxJoinedGroups, sameGroup } from '../../../../shared/multicast';
import { quoteInput } from '../../../../shared/quote-input';
import { EngineError } from '../../errors';
import { interfaceOf } from '../../interfaces';

export interface MulticastOptions {
  broadcast: boolean;
  ttl?: number | undefined;
  multicastLoop?: boolean | undefined;
  multicastIf?: string | undefined;
}

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'EUNKNOWN';

/** Where an error about a membership is shown: the open request's join list, or the window's fields. */
export type GroupFields = { group: string; iface: string };

export class UdpGroups {
  private readonly joined: JoinedGroup[] = [];
  private broadcastOn = false;

  constructor(
    private readonly socket: dgram.Socket,
    private readonly family: 'udp4' | 'udp6',
    private readonly bound: string,
  ) {}

  get broadcast(): boolean {
    return this.broadcastOn;
  }

  /** TTL, loop and outgoing interface as they were asked for (null: left to the system), for the session info. */
  private asked: MulticastSettings = { ttl: null, loop: null, iface: null };

  get settings(): MulticastSettings {
    return { ...this.asked };
  }

  list(): JoinedGroup[] {
    return this.joined.map((g) => ({ ...g }));
  }

  /** Applies the open options to the bound socket; a refusal names the option's field. */
  apply(options: MulticastOptions): void {
    if (options.broadcast) this.set('broadcast', 'broadcast', () => this.socket.setBroadcast(true));
    this.broadcastOn = options.broadcast;
    if (options.ttl !== undefined) this.set('ttl', 'ttl', () => this.socket.setMulticastTTL(options.ttl!));
    if (options.multicastLoop !== undefined)
      this.set('multicastLoop', 'multicast-loop', () => this.socket.setMulticastLoopback(options.multicastLoop!));
    if (options.multicastIf !== undefined) {
      const address = stripBrackets(options.multicastIf);
      const wire = this.interfaceArgument(address, 'multicastIf');
      this.set('multicastIf', 'multicast-if', () => this.socket.setMulticastInterface(wire));
    }
    this.asked = {
      ttl: options.ttl ?? null,
      loop: options.multicastLoop ?? null,
      iface: options.multicastIf === undefined ? null : stripBrackets(options.multicastIf),
    };
  }

  /** Joins `group` (on the interface with address `iface`, or the one the system picks); refused if already joined. */
  join(group: string, iface: string | undefined, fields: GroupFields): JoinedGroup {
    const membership: JoinedGroup = { group, iface: iface === undefined ? null : stripBrackets(iface) };
    const said = describeGroup(membership);
    if (this.joined.some((g) => sameGroup(g, membership)))
      throw new EngineError('INVALID_INPUT', { key: 'multicastAlreadyJoined', params: { group: said } }, fields.group);
    if (this.joined.length >= maxJoinedGroups)
      throw new EngineError('INVALID_INPUT', { key: 'multicastTooMany', params: { max: maxJoinedGroups } }, fields.group);
    this.checkFamily(group, fields.group);
    const wire = membership.iface === null ? undefined : this.interfaceArgument(membership.iface, fields.iface);
    try {
      this.socket.addMembership(group, wire);
    } catch (err) {
      throw new EngineError(
        codeOf(err),
        { key: 'multicastJoinRefused', params: { group: said, code: codeOf(err) } },
        membership.iface === null ? fields.group : fields.iface,
      );
    }
    this.joined.push(membership);
    return membership;
  }

  /** Leaves a group joined before (the same group on the same interface). */
  leave(group: string, iface: string | undefined, fields: GroupFields): JoinedGroup {
    const membership: JoinedGroup = { group, iface: iface === undefined ? null : stripBrackets(iface) };
    const at = this.joined.findIndex((g) => sameGroup(g, membership));
    if (at === -1)
      throw new EngineError('INVALID_INPUT', { key: 'multicastNotJoined', params: { group: describeGroup(membership) } }, fields.group);
    const wire = membership.iface === null ? undefined : this.interfaceArgument(membership.iface, fields.iface);
    try {
      this.socket.dropMembership(group, wire);
    } catch {
      // The interface went away (or the socket is closing): the membership is gone with it.
    }
    this.joined.splice(at, 1);
    return membership;
  }

  /** A group of the other family cannot be joined from this socket. */
  private checkFamily(address: string, field: string): void {
    const ipv6 = hostKind(address) === 'ipv6';
    if (ipv6 === (this.family === 'udp6')) return;
    const params = {
      family: this.family === 'udp6' ? 'IPv6' : 'IPv4',
      bound: quoteInput(this.bound),
      address: quoteInput(address),
      example: ipv6 ? '::' : '0.0.0.0',
    };
    throw new EngineError('INVALID_INPUT', { key: 'multicastFamily', params }, field);
  }

  /**
   * The interface argument libuv takes: an IPv4 address as it is; for IPv6, the interface is a scope
   * (uv_ip6_addr reads "%name" into sin6_scope_id), so "ADDRESS%NAME". Refused when not an address here.
   */
  private interfaceArgument(address: string, field: string): string {
    this.checkFamily(address, field);
    const found = interfaceOf(address);
    if (!found) throw new EngineError('INVALID_INPUT', { key: 'multicastInterfaceNotHere', params: { iface: quoteInput(address) } }, field);
    return found.family === 'IPv6' ? `${address.replace(/%.*$/, '')}%${found.name}` : address;
  }

  private set(field: string, option: string, apply: () => void): void {
    try {
      apply();
    } catch (err) {
      const detail = quoteInput(err instanceof Error ? err.message : String(err), 160);
      throw new EngineError(
        codeOf(err),
        { key: 'multicastOptionRefused', params: { option: `--${option}`, code: codeOf(err), detail } },
        field,
      );
    }
  }
}
