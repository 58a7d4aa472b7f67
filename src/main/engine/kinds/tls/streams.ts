// Where the TLS sessions get their sockets: tls.connect / tls.createServer handed to the TCP session
// code (tcp/streams.ts), with the trust and version settings closed over, ready on the handshake's end.
import type tls from 'node:tls';
import type { TlsVersion } from '../../../../shared/kinds/tls';
import type { StreamSockets } from '../tcp/streams';

/** What a TLS client checks, filled in before it connects (the CA file is read first). */
export interface TlsClientSettings {
  ca?: string | undefined;
  servername?: string | undefined;
  insecure: boolean;
  tlsVersion?: TlsVersion | undefined;
  /** Set once the TCP connection is made: a failure after it is the handshake's. */
  tcpConnected: boolean;
}

/**
 * node:tls loaded when a TLS session first needs it, not with the engine: it takes ~6 ms to load,
 * which every one-shot `socket-lab send tcp://...` would otherwise pay (bench figure 4a).
 */
const tlsModule = (): typeof tls => process.getBuiltinModule('node:tls');

const versions = (v: TlsVersion | undefined): tls.SecureContextOptions => (v ? { minVersion: v, maxVersion: v } : {});

/**
 * A TLS client's sockets. tls.connect makes its own TCP socket: wrapping one from the engine's network
 * would hide a name's socket behind a stream until its DNS lookup ends (no addresses, no setNoDelay).
 */
export function tlsClientStreams(settings: TlsClientSettings): StreamSockets {
  return {
    connect: (options) => {
      const socket = tlsModule().connect({
        ...options,
        ...versions(settings.tlsVersion),
        // SNI takes names only: an address as host sends none, and the certificate is checked against the address.
        ...(settings.servername !== undefined ? { servername: settings.servername } : {}),
        ...(settings.ca !== undefined ? { ca: settings.ca } : {}),
        rejectUnauthorized: !settings.insecure,
      });
      // A TLSSocket says 'connect' when its TCP connection is made, before the handshake.
      socket.once('connect', () => (settings.tcpConnected = true));
      return socket;
    },
    createServer: () => {
      throw new Error('a TLS client makes no server');
    },
    readyEvent: 'secureConnect',
    acceptEvent: 'secureConnection',
  };
}

/** A TLS server's sockets: its certificate is set when the session starts (setSecureContext), once read or made. */
export function tlsServerStreams(tlsVersion: TlsVersion | undefined): StreamSockets {
  return {
    connect: () => {
      throw new Error('a TLS server makes no outgoing connection');
    },
    createServer: (options) => tlsModule().createServer({ ...options, ...versions(tlsVersion) }),
    readyEvent: 'secureConnect',
    acceptEvent: 'secureConnection',
  };
}
