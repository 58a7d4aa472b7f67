// This machine's network interfaces and their addresses (os.networkInterfaces()): what a socket can
// bind, which interface a multicast group is heard on, and whether an address is one of ours.
import { readFileSync } from 'node:fs';
import { osModule } from '../builtins';
import { stripBrackets } from '../../shared/address';
import type { LocalInterface } from '../../shared/contract';

/** IFF_MULTICAST in /sys/class/net/NAME/flags (linux/if.h). */
const iffMulticast = 0x1000;

/**
 * Whether the interface carries multicast, where that is cheap to know: Linux says it in /sys. IPv4 on
 * a loopback interface delivers groups to this machine's own sockets (lo has no IFF_MULTICAST, yet
 * IP_MULTICAST_IF 127.0.0.1 with loop on works); IPv6 on lo does not (ENETUNREACH).
 */
function carriesMulticast(name: string, family: 'IPv4' | 'IPv6', internal: boolean, platform: string): boolean | null {
  if (internal) return family === 'IPv4';
  if (platform !== 'linux') return null;
  try {
    return (Number.parseInt(readFileSync(`/sys/class/net/${name}/flags`, 'utf8').trim(), 16) & iffMulticast) !== 0;
  } catch {
    return null;
  }
}

/** Every address of every interface, in the system's order. */
export function listInterfaces(platform = process.platform): LocalInterface[] {
  const out: LocalInterface[] = [];
  for (const [name, addresses] of Object.entries(osModule().networkInterfaces())) {
    for (const a of addresses ?? []) {
      const family = a.family === 'IPv6' ? 'IPv6' : 'IPv4';
      out.push({ name, address: a.address, family, internal: a.internal, multicast: carriesMulticast(name, family, a.internal, platform) });
    }
  }
  return out;
}

const sameAddress = (a: string, b: string): boolean =>
  stripBrackets(a).replace(/%.*$/, '').toLowerCase() === stripBrackets(b).replace(/%.*$/, '').toLowerCase();

/** The interface that has `address`, or null when it is not an address of this machine. */
export function interfaceOf(address: string): LocalInterface | null {
  return listInterfaces().find((i) => sameAddress(i.address, address)) ?? null;
}
