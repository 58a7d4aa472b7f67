// The engine's door to the network (DESIGN.md: injected connect/listen factories): node:net and node:dgram unless a host or test passes its own.
import type dgram from 'node:dgram';
import { dgramModule } from '../builtins';
import type net from 'node:net';
import { connect, createServer } from 'node:net';

/** Every socket the engine opens is made here, so a test can watch and refuse each address it is asked for. */
export interface Network {
  /** An outgoing TCP connection, as net.connect. */
  connect(options: net.TcpNetConnectOpts): net.Socket;
  /** A TCP server, not yet listening, as net.createServer. */
  createServer(options: net.ServerOpts): net.Server;
  /** A UDP socket, not yet bound, as dgram.createSocket. */
  createUdpSocket(options: dgram.SocketOptions): dgram.Socket;
}

export const nodeNetwork: Network = {
  connect: (options) => connect(options),
  createServer: (options) => createServer(options),
  createUdpSocket: (options) => dgramModule().createSocket(options),
};
