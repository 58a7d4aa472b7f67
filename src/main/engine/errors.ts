// Node's socket errors turned into sentences a student understands, tagged with the form field
// they concern so the window can show them in the right place.
import { formatHostPort, hostKind, isLoopbackHost } from '../../shared/address';
import type { CommandError } from '../../shared/contract';
import { problemText, type Problem } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';

/** An expected failure with a readable message: the engine throws only these. */
export class EngineError extends Error implements CommandError {
  constructor(
    readonly code: string,
    readonly problem: Problem,
    readonly field?: string,
  ) {
    super(problemText(problem));
    this.name = 'EngineError';
  }

  toJSON(): CommandError {
    return { code: this.code, message: this.message, problem: this.problem, ...(this.field ? { field: this.field } : {}) };
  }
}

export type SocketAction = 'connect' | 'listen' | 'bind' | 'send' | 'io';

export interface ErrorContext {
  /** What failed: the same errno means different things for a bind, a send or a connect. */
  action: SocketAction;
  /** The address the action was about: bound / listened on, or connected / sent to. */
  host?: string;
  port?: number;
  /** For connect: the local bind address and port the user asked for, if any. For a UDP send: the bound address. */
  localAddress?: string;
  localPort?: number;
  /** process.platform unless a test says otherwise: some sentences are true on one system only. */
  platform?: string;
}

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'EUNKNOWN';

const syscallOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'syscall' in err && typeof err.syscall === 'string' ? err.syscall : '';

/** Turns any error thrown by node:net / node:dgram into an EngineError with a clear sentence. */
export function explainSocketError(err: unknown, ctx: ErrorContext): EngineError {
  if (err instanceof EngineError) return err;
  const code = codeOf(err);
  // Hosts were checked, but an IPv6 zone (fe80::1%...) can still be long: every echo is quoted short.
  const where = ctx.host !== undefined && ctx.port !== undefined ? formatHostPort(quoteInput(ctx.host), ctx.port) : 'the peer';
  const host = ctx.host !== undefined ? quoteInput(ctx.host) : 'the host';
  const raw = quoteInput(err instanceof Error ? err.message : String(err), 160);
  switch (code) {
    case 'ECONNREFUSED':
      return new EngineError(code, { key: 'refused', params: { where } }, 'port');
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return new EngineError(code, { key: 'hostNotFound', params: { host } }, 'host');
    case 'EAI_AGAIN':
      return new EngineError(code, { key: 'dnsNotAnswering', params: { host } }, 'host');
    case 'ETIMEDOUT':
      return new EngineError(code, { key: 'timedOut', params: { where } }, 'host');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new EngineError(code, { key: 'unreachable', params: { host } }, 'host');
    case 'EADDRINUSE':
      return ctx.action === 'connect'
        ? new EngineError(code, { key: 'localPortInUse', params: { port: ctx.localPort ?? 0 } }, 'localPort')
        : new EngineError(code, { key: 'portInUse', params: { port: ctx.port ?? '?', host } }, 'port');
    case 'EADDRNOTAVAIL':
      return ctx.action === 'connect'
        ? new EngineError(code, { key: 'localAddressNotHere', params: { host: ctx.localAddress ?? '?' } }, 'localAddress')
        : new EngineError(code, { key: 'addressNotHere', params: { host } }, 'host');
    case 'EACCES':
    case 'EPERM':
      return explainPermission(code, syscallOf(err), ctx, where, host);
    case 'ECONNRESET':
      return new EngineError(code, { key: 'reset', params: { where } });
    case 'EPIPE':
      return new EngineError(code, { key: 'peerGone', params: { where } });
    case 'EMSGSIZE':
      return new EngineError(code, { key: 'datagramTooLarge' }, 'message');
    case 'EAFNOSUPPORT':
    case 'EINVAL': {
      // Linux refuses (EINVAL) to route a datagram from a loopback source to another computer.
      const bound = ctx.localAddress;
      if (ctx.action === 'send' && bound !== undefined && isLoopbackHost(bound) && ctx.host !== undefined && !isLoopbackHost(ctx.host)) {
        const wildcard = hostKind(bound) === 'ipv6' ? '::' : '0.0.0.0';
        return new EngineError(code, { key: 'loopbackCannotSendOut', params: { bound: quoteInput(bound), where, wildcard } }, 'host');
      }
      return new EngineError(code, { key: 'unusableAddress', params: { where, detail: raw } }, 'host');
    }
    case 'ERR_SOCKET_DGRAM_NOT_RUNNING':
    case 'ECANCELED': // a write still waiting when the socket closed (reset, or closed here)
    case 'ERR_SOCKET_CLOSED':
    case 'ERR_STREAM_DESTROYED':
    case 'ERR_STREAM_WRITE_AFTER_END':
      return new EngineError('CLOSED', { key: 'socketClosed' });
    default:
      return new EngineError(code, { key: 'socketError', params: { code, detail: raw } });
  }
}

/** EACCES / EPERM by what failed and where: each sentence says what is true for this operation on this system. */
function explainPermission(code: string, syscall: string, ctx: ErrorContext, where: string, host: string): EngineError {
  const platform = ctx.platform ?? process.platform;
  if (ctx.action === 'send') {
    // sendto() answers EACCES when a UDP socket without SO_BROADCAST sends to a broadcast address
    // (Linux, macOS, Windows alike); EPERM on a send is a firewall rule refusing the packet.
    return code === 'EACCES'
      ? new EngineError(code, { key: 'broadcastNotEnabled', params: { where } }, 'host')
      : new EngineError(code, { key: 'sendNotPermitted', params: { where } }, 'host');
  }
  // The port being taken: the one listened on / bound, or the local port a client asked for.
  const taking =
    ctx.action === 'listen' || ctx.action === 'bind'
      ? { port: ctx.port, at: host, field: 'port' }
      : ctx.action === 'connect' && syscall === 'bind' && ctx.localPort !== undefined
        ? {
            port: ctx.localPort,
            at: quoteInput(ctx.localAddress ?? (hostKind(ctx.host ?? '') === 'ipv6' ? '::' : '0.0.0.0')),
            field: 'localPort',
          }
        : null;
  if (taking && taking.port !== undefined && taking.port > 0) {
    const { port, at, field } = taking;
    // Linux keeps ports below 1024 for administrators (net.ipv4.ip_unprivileged_port_start, 1024 by
    // default); Windows and recent macOS do not, so there the low-port sentence would be wrong.
    if (platform === 'linux' && port < 1024) return new EngineError(code, { key: 'lowPortNeedsAdmin', params: { port, host: at } }, field);
    // Windows refuses a bind in the port ranges it reserves (Hyper-V, WinNAT...), whatever the rights.
    if (platform === 'win32')
      return new EngineError(
        code,
        { key: 'portReservedWindows', params: { port, host: at, protocol: ctx.action === 'bind' ? 'udp' : 'tcp' } },
        field,
      );
  }
  return new EngineError(code, { key: 'permissionDenied', params: { where } }, taking?.field ?? 'host');
}
