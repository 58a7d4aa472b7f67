// What the TCP kinds are, for every side: their names, roles and URL scheme. No schema library here
// (the engine and the CLI's lean start read it); their open options are checked in tcp-schema.ts.
import type { KindFacts } from './facts';

/** tcp://HOST:PORT names a TCP endpoint, on the command line and wherever an address is written whole. */
export const tcpScheme = 'tcp';

/** Connects to one server: one connection, the remote address is its target. */
export const tcpClient = {
  kind: 'tcp-client',
  english: 'TCP client',
  role: 'client',
  transport: 'tcp',
  scheme: tcpScheme,
} as const satisfies KindFacts;

/** Listens and accepts many clients, each a connection of its own. */
export const tcpServer = {
  kind: 'tcp-server',
  english: 'TCP server',
  role: 'server',
  transport: 'tcp',
  scheme: tcpScheme,
} as const satisfies KindFacts;
