// Node's socket errors turned into sentences a student understands, tagged with the form field
// they concern so the window can show them in the right place.
import { formatHostPort } from '../../shared/address';
import type { CommandError } from '../../shared/contract';
import { problemText, type Problem } from '../../shared/problems';

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
  action: SocketAction;
  host?: string;
  port?: number;
  /** For connect: the local bind address and port the user asked for, if any. */
  localAddress?: string;
  localPort?: number;
}

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'EUNKNOWN';

/** Turns any error thrown by node:net / node:dgram into an EngineError with a clear sentence. */
export function explainSocketError(err: unknown, ctx: ErrorContext): EngineError {
  if (err instanceof EngineError) return err;
  const code = codeOf(err);
  const where = ctx.host !== undefined && ctx.port !== undefined ? formatHostPort(ctx.host, ctx.port) : 'the peer';
  const host = ctx.host ?? 'the host';
  const raw = err instanceof Error ? err.message : String(err);
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
      return new EngineError(code, { key: 'permissionDenied', params: { where } }, 'port');
    case 'ECONNRESET':
      return new EngineError(code, { key: 'reset', params: { where } });
    case 'EPIPE':
      return new EngineError(code, { key: 'peerGone', params: { where } });
    case 'EMSGSIZE':
      return new EngineError(code, { key: 'datagramTooLarge' }, 'message');
    case 'EAFNOSUPPORT':
    case 'EINVAL':
      return new EngineError(code, { key: 'unusableAddress', params: { where, detail: raw } }, 'host');
    case 'ERR_SOCKET_DGRAM_NOT_RUNNING':
    case 'ERR_SOCKET_CLOSED':
    case 'ERR_STREAM_DESTROYED':
    case 'ERR_STREAM_WRITE_AFTER_END':
      return new EngineError('CLOSED', { key: 'socketClosed' });
    default:
      return new EngineError(code, { key: 'socketError', params: { code, detail: raw } });
  }
}
