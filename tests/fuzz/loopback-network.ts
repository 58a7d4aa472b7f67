// A Network for the engine that reaches loopback only: it records every address asked for and refuses the rest before any packet or DNS lookup.
import dgram from 'node:dgram';
import net from 'node:net';
import type { Network } from '../../src/main/engine/network';

export type AttemptKind = 'connect' | 'connect-from' | 'listen' | 'bind' | 'send' | 'lookup';

export interface Attempt {
  kind: AttemptKind;
  host: string | undefined;
  port: number | undefined;
  /** Let through to the real network (a lookup: answered). */
  reached: boolean;
}

export interface LoopbackNetwork extends Network {
  readonly attempts: Attempt[];
  /** A port of the test's own peers: connections and datagrams go only to these and to what the engine opened here. */
  allowPeer(transport: 'tcp' | 'udp', port: number): void;
  /** What was made here and is still open (clients, servers, UDP sockets). */
  stillOpen(): string[];
}

const loopbackRanges = new net.BlockList();
loopbackRanges.addSubnet('127.0.0.0', 8, 'ipv4');
loopbackRanges.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 in any spelling (::ffff:127.x too), and the name localhost, which this network resolves itself. */
export function isLoopback(host: string | undefined): boolean {
  if (host === undefined) return false; // no address means every interface
  if (host === 'localhost') return true;
  const family = net.isIP(host);
  if (family === 0) return false;
  try {
    return loopbackRanges.check(host, family === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

/** The error a real socket reports, with the code the engine explains to the user. */
function refusal(
  syscall: string,
  code: 'EACCES' | 'ECONNREFUSED',
  host: string | undefined,
  port: number | undefined,
): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${syscall} ${code} ${host}:${port} (the test network reaches loopback only)`);
  err.code = code;
  err.syscall = syscall;
  return err;
}

const objectArg = <T>(value: unknown): Partial<T> => (typeof value === 'object' && value !== null ? (value as Partial<T>) : {});

export function loopbackNetwork(): LoopbackNetwork {
  const attempts: Attempt[] = [];
  const peers = { tcp: new Set<number>(), udp: new Set<number>() };
  const made: { what: string; open: () => boolean }[] = [];

  /** Answers localhost and IP literals (dgram asks even for those); any other name fails as one that does not exist, and no resolver is asked. */
  const lookup = (hostname: string, options: unknown, callback: (...args: unknown[]) => void): void => {
    const literal = net.isIP(hostname);
    const reached = hostname === 'localhost' || literal !== 0;
    attempts.push({ kind: 'lookup', host: hostname, port: undefined, reached });
    const asked = typeof options === 'number' ? options : objectArg<{ family: unknown }>(options).family;
    const family = literal !== 0 ? literal : asked === 6 || asked === 'IPv6' ? 6 : 4;
    const address = literal !== 0 ? hostname : family === 6 ? '::1' : '127.0.0.1';
    const all = objectArg<{ all: unknown }>(options).all === true;
    process.nextTick(() => {
      if (!reached)
        callback(
          Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (the test network resolves localhost only)`), {
            code: 'ENOTFOUND',
            hostname,
          }),
        );
      else if (all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    });
  };

  return {
    attempts,
    allowPeer(transport, port) {
      peers[transport].add(port);
    },
    stillOpen: () => made.filter((m) => m.open()).map((m) => m.what),

    connect(options) {
      const { host, port, localAddress, localPort } = options;
      const fromOk = localAddress === undefined || isLoopback(localAddress);
      const reached = fromOk && isLoopback(host) && peers.tcp.has(port);
      attempts.push({ kind: 'connect', host, port, reached });
      if (localAddress !== undefined) attempts.push({ kind: 'connect-from', host: localAddress, port: localPort, reached });
      if (reached) {
        const socket = net.connect({ ...options, lookup: lookup as net.LookupFunction });
        made.push({ what: `tcp client to ${host}:${port}`, open: () => !socket.destroyed });
        return socket;
      }
      // Outside loopback: refused. A loopback port that is not one of ours: as if nothing listened there (another test's server may).
      const error = !fromOk
        ? refusal('bind', 'EACCES', localAddress, localPort)
        : !isLoopback(host)
          ? refusal('connect', 'EACCES', host, port)
          : refusal('connect', 'ECONNREFUSED', host, port);
      const socket = new net.Socket();
      process.nextTick(() => socket.destroy(error));
      made.push({ what: `refused tcp client to ${host}:${port}`, open: () => !socket.destroyed });
      return socket;
    },

    createServer(options) {
      const server = net.createServer(options);
      const listen = server.listen.bind(server) as (...args: unknown[]) => net.Server;
      server.listen = ((...args: unknown[]) => {
        const { host, port } = objectArg<net.ListenOptions>(args[0]);
        const reached = isLoopback(host);
        attempts.push({ kind: 'listen', host, port, reached });
        if (!reached) {
          process.nextTick(() => server.emit('error', refusal('listen', 'EACCES', host, port)));
          return server;
        }
        server.once('listening', () => {
          const address = server.address();
          if (typeof address !== 'object' || address === null) return;
          peers.tcp.add(address.port);
          server.once('close', () => peers.tcp.delete(address.port));
        });
        // listen() has no lookup option: localhost is resolved here so that it never asks DNS either.
        return listen({ ...objectArg<net.ListenOptions>(args[0]), host: host === 'localhost' ? '127.0.0.1' : host }, ...args.slice(1));
      }) as typeof server.listen;
      made.push({ what: 'tcp server', open: () => server.listening });
      return server;
    },

    createUdpSocket(options) {
      const socket = dgram.createSocket({ ...options, lookup: lookup as dgram.SocketOptions['lookup'] });
      let bound = false;
      let closed = false;
      socket.once('close', () => (closed = true));
      const bind = socket.bind.bind(socket) as (...args: unknown[]) => dgram.Socket;
      socket.bind = ((...args: unknown[]) => {
        const { address, port } = objectArg<dgram.BindOptions>(args[0]);
        const reached = isLoopback(address);
        attempts.push({ kind: 'bind', host: address, port, reached });
        if (!reached) {
          process.nextTick(() => socket.emit('error', refusal('bind', 'EACCES', address, port)));
          return socket;
        }
        bound = true;
        socket.once('listening', () => {
          const own = socket.address().port;
          peers.udp.add(own);
          socket.once('close', () => peers.udp.delete(own));
        });
        return bind(...args);
      }) as typeof socket.bind;
      const send = socket.send.bind(socket) as (...args: unknown[]) => void;
      socket.send = ((...args: unknown[]) => {
        // send(msg, [offset, length,] port, host, callback): the host is the string after the message.
        const hostAt = args.findIndex((a, i) => i > 0 && typeof a === 'string');
        const host = hostAt > 0 ? (args[hostAt] as string) : undefined;
        const port = hostAt > 1 && typeof args[hostAt - 1] === 'number' ? (args[hostAt - 1] as number) : undefined;
        const callback = [...args].reverse().find((a) => typeof a === 'function') as ((err: Error | null) => void) | undefined;
        // An unbound socket would first bind to every interface.
        const allowed = bound && isLoopback(host);
        const reached = allowed && port !== undefined && peers.udp.has(port);
        attempts.push({ kind: 'send', host, port, reached });
        if (reached) return send(...args);
        // Outside loopback: refused. A loopback port that is not ours: the datagram is lost, as one to a closed port is.
        process.nextTick(() => callback?.(allowed ? null : refusal('send', 'EACCES', host, port)));
      }) as typeof socket.send;
      // A membership or an outgoing multicast interface off loopback would speak on a real network
      // (an IGMP report): refused as the system refuses an address it does not have.
      const offLoopback = (iface: string | undefined): boolean => !isLoopback(iface?.replace(/%.*$/, ''));
      for (const name of ['addMembership', 'dropMembership'] as const) {
        const real = socket[name].bind(socket);
        socket[name] = (group: string, iface?: string): void => {
          attempts.push({ kind: 'bind', host: iface, port: undefined, reached: !offLoopback(iface) });
          if (offLoopback(iface)) throw Object.assign(refusal(name, 'EACCES', group, undefined), { code: 'EADDRNOTAVAIL' });
          real(group, iface);
        };
      }
      const setIf = socket.setMulticastInterface.bind(socket);
      socket.setMulticastInterface = (iface: string): void => {
        if (offLoopback(iface))
          throw Object.assign(refusal('setMulticastInterface', 'EACCES', iface, undefined), { code: 'EADDRNOTAVAIL' });
        setIf(iface);
      };
      made.push({ what: `udp socket (${options.type})`, open: () => !closed });
      return socket;
    },
  };
}
