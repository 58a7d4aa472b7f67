// What the UDP kind is, for every side: its name, role and URL scheme. No schema library here
// (the engine and the CLI's lean start read it); its open options are checked in udp-schema.ts.
import type { KindFacts } from './facts';

/** udp://HOST:PORT names a UDP endpoint, on the command line and wherever an address is written whole. */
export const udpScheme = 'udp';

/** One bound socket that sends to and hears from anyone: its peers are listed as connections. */
export const udpSocket = { kind: 'udp', english: 'UDP', role: 'peer', transport: 'udp', scheme: udpScheme } as const satisfies KindFacts;
