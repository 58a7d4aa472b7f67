// When a listen or bind fails with EADDRINUSE, the holder is often one of our own sessions (a server
// left running in another tab): name it, so nobody hunts for "another program" that is not there.
import { hostKind } from '../../shared/address';
import type { OpenSessionInput, SessionInfo } from '../../shared/contract';
import { transportOf, type Transport } from '../../shared/kinds';
import { udpBindHost } from '../../shared/multicast';
import { quoteInput } from '../../shared/quote-input';
import { EngineError } from './errors';

// TCP and UDP ports are separate spaces: a UDP socket on 9000 never blocks a TCP server on 9000,
// so a holder is looked for among the kinds of the same transport (kinds/index.ts).

const holdsItsPort = (s: SessionInfo): boolean => s.state === 'open' || s.state === 'listening' || s.state === 'connected';

/** Whether sockets on these two local addresses compete for one port (same address, or a wildcard that covers the other). */
export function addressesOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  // Node opens "::" dual-stack (IPv6 only is off): it takes the port on every IPv4 address too.
  if (a === '::' || b === '::') return true;
  if (a === '0.0.0.0') return hostKind(b) !== 'ipv6';
  if (b === '0.0.0.0') return hostKind(a) !== 'ipv6';
  // A name (localhost) was resolved when the socket opened: it may be either address.
  return hostKind(a) === 'name' || hostKind(b) === 'name';
}

/** Our own live session that holds `port` on an address overlapping `host`, the exact address first. */
export function findPortHolder(sessions: SessionInfo[], transport: Transport, host: string, port: number): SessionInfo | undefined {
  if (port === 0) return undefined; // port 0 never collides: the system picks a free one
  const holders = sessions.filter(
    (s) =>
      transportOf(s.kind) === transport &&
      holdsItsPort(s) &&
      s.local !== null &&
      s.local.port === port &&
      addressesOverlap(s.local.host, host),
  );
  return holders.find((s) => s.local!.host === host) ?? holders[0];
}

/** The same failure, naming our own session when one holds the port; any other error is returned as it is. */
export function namePortHolder(err: unknown, input: OpenSessionInput, sessions: SessionInfo[]): unknown {
  if (!(err instanceof EngineError) || err.code !== 'EADDRINUSE') return err;
  if (input.kind === 'tcp-client') {
    if (input.localPort === undefined) return err;
    // No local address given: the client binds the wildcard of the destination's family.
    const local = input.localAddress ?? (hostKind(input.host) === 'ipv6' ? '::' : '0.0.0.0');
    const holder = findPortHolder(sessions, transportOf(input.kind), local, input.localPort);
    if (!holder) return err;
    const params = { port: input.localPort, session: holder.id, sessionKind: holder.kind };
    return new EngineError(err.code, { key: 'localPortInUseBySession', params }, 'localPort');
  }
  const host = input.kind === 'udp' ? udpBindHost(input) : input.host;
  const holder = findPortHolder(sessions, transportOf(input.kind), host, input.port);
  if (!holder) return err;
  const params = { port: input.port, host: quoteInput(host), session: holder.id, sessionKind: holder.kind };
  return new EngineError(err.code, { key: 'portInUseBySession', params }, 'port');
}
