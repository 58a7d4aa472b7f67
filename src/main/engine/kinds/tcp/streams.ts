// Where the TCP sessions get their sockets: injected factories, so tests can hand in a loopback-only
// network, and a TLS kind can reuse the connection and session code by handing in tls.connect and
// tls.createServer (with its own certificate options closed over) and the TLS events to wait for.
import type net from 'node:net';
import type { Network } from '../../network';

export interface StreamSockets {
  /** An outgoing connection, not yet connected, as net.connect (tls.connect returns a net.Socket too). */
  connect(options: net.TcpNetConnectOpts): net.Socket;
  /** A server, not yet listening, as net.createServer (a tls.Server is a net.Server too). */
  createServer(options: net.ServerOpts): net.Server;
  /** When a client's socket is ready for data: 'connect' for TCP, 'secureConnect' (after the handshake) for TLS. */
  readonly readyEvent: 'connect' | 'secureConnect';
  /** How a server hands over a connection ready for data: 'connection' for TCP, 'secureConnection' for TLS. */
  readonly acceptEvent: 'connection' | 'secureConnection';
}

/** Plain TCP from the engine's network (node:net unless a test replaced it). */
export const tcpStreams = (network: Network): StreamSockets => ({
  connect: (options) => network.connect(options),
  createServer: (options) => network.createServer(options),
  readyEvent: 'connect',
  acceptEvent: 'connection',
});
