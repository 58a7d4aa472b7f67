// Which session each kind opens: one line per kind, read by Engine.open. A new kind is a folder
// under kinds/ and a line here (its shared half, names and open options, lives in src/shared/kinds/).
import type { OpenSessionInput } from '../../../shared/contract';
import { tcpClient, tcpServer } from '../../../shared/kinds/tcp';
import { tlsClient, tlsServer } from '../../../shared/kinds/tls';
import { udpSocket } from '../../../shared/kinds/udp';
import type { SessionKind } from '../../../shared/kinds';
import type { Network } from '../network';
import type { SessionBase, SessionHooks } from '../session-base';
import { TcpClientSession } from './tcp/client-session';
import { tcpStreams } from './tcp/streams';

/** A kind's open request, as the contract checked it. */
export type OpenInput<K extends SessionKind> = Extract<OpenSessionInput, { kind: K }>;

/** Makes the kind's session, not yet started (Engine.open starts it and forgets it when that fails). */
/** Where a kind may keep files (a TLS server's made certificate): the app's data folder. */
export interface KindHost {
  dataDir: string;
}

export type SessionFactory<K extends SessionKind> = (
  id: string,
  input: OpenInput<K>,
  hooks: SessionHooks,
  network: Network,
  host: KindHost,
) => SessionBase | Promise<SessionBase>;

// The TCP client is here from the start; the TCP server, UDP and TLS are loaded when a first such
// session opens (each its own chunk of the build): a one-shot `socket-lab send tcp://...` does not load
// them (bench figure 4a).
const sessionFactories: { readonly [K in SessionKind]: SessionFactory<K> } = {
  [tcpClient.kind]: (id, input, hooks, network) => new TcpClientSession(id, tcpClient.kind, input, hooks, tcpStreams(network)),
  [tcpServer.kind]: async (id, input, hooks, network) =>
    new (await import('./tcp/server-session')).TcpServerSession(id, tcpServer.kind, input, hooks, tcpStreams(network)),
  [udpSocket.kind]: async (id, input, hooks, network) => new (await import('./udp/session')).UdpSession(id, input, hooks, network),
  [tlsClient.kind]: async (id, input, hooks) =>
    new (await import('./tls/client-session')).TlsClientSession(id, tlsClient.kind, input, hooks),
  [tlsServer.kind]: async (id, input, hooks, _network, host) =>
    new (await import('./tls/server-session')).TlsServerSession(id, tlsServer.kind, input, hooks, host.dataDir),
};

export async function createSession(
  id: string,
  input: OpenSessionInput,
  hooks: SessionHooks,
  network: Network,
  host: KindHost,
): Promise<SessionBase> {
  // TypeScript cannot pair a member of the input union with its own factory through an index: the
  // table's type above already holds each line to its kind, so the lookup is widened once here.
  const factory = sessionFactories[input.kind] as SessionFactory<SessionKind>;
  return factory(id, input, hooks, network, host);
}
