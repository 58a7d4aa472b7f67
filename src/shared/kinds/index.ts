// Every session kind in one list, without a schema library: the engine, the CLI and the window ask it
// a kind's role, transport and URL scheme instead of naming kinds one by one. A new kind adds its
// facts file here, its schema to contract.ts's openSessionInput, and its session to the engine's registry.
import type { KindFacts } from './facts';
import { tcpClient, tcpScheme, tcpServer } from './tcp';
import { tlsClient, tlsScheme, tlsServer } from './tls';
import { udpScheme, udpSocket } from './udp';

export type { KindFacts } from './facts';

/** Keyed by kind, in the order the window offers them. */
export const sessionKinds = {
  [tcpClient.kind]: tcpClient,
  [tcpServer.kind]: tcpServer,
  [udpSocket.kind]: udpSocket,
  [tlsClient.kind]: tlsClient,
  [tlsServer.kind]: tlsServer,
} as const satisfies Record<string, KindFacts>;

export type SessionKind = keyof typeof sessionKinds;
export type KindRole = KindFacts['role'];
export type Transport = KindFacts['transport'];

/** Every kind, in the order the window offers them. */
export const sessionKindList = Object.keys(sessionKinds) as SessionKind[];

/** The URL schemes a socket address may be written with, one per kind family (tcp://, udp://, tls://). */
export const socketSchemes = [tcpScheme, udpScheme, tlsScheme] as const;
export type SocketScheme = (typeof socketSchemes)[number];

export const roleOf = (kind: SessionKind): KindRole => sessionKinds[kind].role;
export const transportOf = (kind: SessionKind): Transport => sessionKinds[kind].transport;
/** A client's address is the remote one it connects to; a server's or a socket's is where it listens. */
export const isClientKind = (kind: SessionKind): boolean => sessionKinds[kind].role === 'client';
