// Multicast groups and the UDP socket options around them, checked the same way by the contract, the
// window and the CLI (no schema library here: the CLI's start and the renderer's form read it).
import { hostKind, hostProblem, stripBrackets } from './address';
import type { Problem } from './problems';
import { quoteInput } from './quote-input';

/** A group this socket has joined: on one interface (by its address), or on the one the system picks (null). */
export interface JoinedGroup {
  group: string;
  iface: string | null;
}

/** The most groups one socket may join: Linux's own default per socket (net.ipv4.igmp_max_memberships). */
export const maxJoinedGroups = 20;

const ipv4Octets = (h: string): number[] | null => {
  const parts = h.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.map(Number);
};

/** 224.0.0.0/4 or ff00::/8: the addresses that name a group, not a host. */
export function isMulticastAddress(host: string): boolean {
  const h = stripBrackets(host).toLowerCase();
  if (hostKind(h) === 'ipv6') return /^ff[0-9a-f]{2}:/.test(h);
  const octets = ipv4Octets(h);
  return octets !== null && octets[0]! >= 224 && octets[0]! <= 239;
}

/** An IPv4 peer of a dual-stack socket as people write it: "::ffff:127.0.0.1" -> "127.0.0.1". */
export function unmapIpv4(host: string): string {
  // Cheap first test (a char code) so the common case allocates nothing.
  return host.charCodeAt(0) === 58 && host.length > 7 && /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(host) ? host.slice(7) : host;
}

/** Why `group` cannot be joined, or null: an IP address in 224.0.0.0/4 or ff00::/8. */
export function groupProblem(group: string): Problem | null {
  const g = stripBrackets(group);
  if (g === '') return { key: 'multicastGroupEmpty' };
  if (hostKind(g) === 'name' || hostProblem(g) !== null || !isMulticastAddress(g))
    return { key: 'multicastNotGroup', params: { group: quoteInput(g) } };
  return null;
}

/** Why `iface` cannot name an interface for `group`, or null (whether it is on this machine is the engine's to say). */
export function groupInterfaceProblem(group: string, iface: string): Problem | null {
  const i = stripBrackets(iface);
  if (hostKind(i) === 'name' || hostProblem(i) !== null) return { key: 'multicastBadInterface', params: { iface: quoteInput(i) } };
  if (hostKind(i) !== hostKind(stripBrackets(group)))
    return { key: 'multicastInterfaceFamily', params: { group: quoteInput(stripBrackets(group)), iface: quoteInput(i) } };
  return null;
}

/** Why `ttl` (as typed, or a number) is not a hop limit, or null: a whole number from 0 to 255. */
export function ttlProblem(ttl: string | number): Problem | null {
  const text = String(ttl).trim();
  return /^\d{1,3}$/.test(text) && Number(text) <= 255 ? null : { key: 'multicastTtlRange', params: { ttl: quoteInput(text) } };
}

/** "GROUP" or "GROUP,IFACE_ADDR" (the CLI's --join and the window's one field), or what is wrong with it. */
export function parseJoinSpec(spec: string): { ok: true; value: { group: string; iface?: string } } | { ok: false; problem: Problem } {
  const comma = spec.indexOf(',');
  const group = stripBrackets(comma === -1 ? spec : spec.slice(0, comma));
  const iface = comma === -1 ? undefined : stripBrackets(spec.slice(comma + 1));
  const bad = groupProblem(group) ?? (iface === undefined ? null : groupInterfaceProblem(group, iface));
  if (bad) return { ok: false, problem: bad };
  return { ok: true, value: iface === undefined ? { group } : { group, iface } };
}

/** Two joins name the same membership: the same group on the same interface (both "any" counts as the same). */
export const sameGroup = (
  a: { group: string; iface?: string | null | undefined },
  b: { group: string; iface?: string | null | undefined },
) => a.group.toLowerCase() === b.group.toLowerCase() && (a.iface ?? null)?.toLowerCase() === (b.iface ?? null)?.toLowerCase();

/** "239.1.2.3" or "239.1.2.3 (127.0.0.1)": a membership as sentences name it, in any language. */
export const describeGroup = (g: { group: string; iface?: string | null | undefined }): string =>
  g.iface ? `${g.group} (${g.iface})` : g.group;

/** What a UDP open request says about where to bind (the contract's udp options, or the CLI's plan). */
export interface UdpBindRequest {
  host?: string | undefined;
  broadcast?: boolean | undefined;
  join?: readonly { group: string }[] | undefined;
  multicastIf?: string | undefined;
}

/**
 * The address a UDP socket binds when none was given: the wildcard of the groups' family when it
 * joins groups or broadcasts (a socket bound to a loopback address hears neither), else 127.0.0.1.
 */
export function udpBindHost(request: UdpBindRequest): string {
  if (request.host !== undefined) return request.host;
  const ipv6 = (request.join ?? []).some((j) => hostKind(j.group) === 'ipv6') || hostKind(request.multicastIf ?? '') === 'ipv6';
  if (ipv6) return '::';
  return (request.join?.length ?? 0) > 0 || request.broadcast || request.multicastIf !== undefined ? '0.0.0.0' : '127.0.0.1';
}
