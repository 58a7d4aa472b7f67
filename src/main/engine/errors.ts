// Node's socket errors turned into sentences a student understands, tagged with the form field
// they concern so the window can show them in the right place.
import { formatHostPort } from '../../shared/address';
import type { CommandError } from '../../shared/contract';

/** An expected failure with a readable message: the engine throws only these. */
export class EngineError extends Error implements CommandError {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }

  toJSON(): CommandError {
    return this.field ? { code: this.code, message: this.message, field: this.field } : { code: this.code, message: this.message };
  }
}

export type SocketAction = 'connect' | 'listen' | 'bind' | 'send' | 'io';

export interface ErrorContext {
  action: SocketAction;
  host?: string;
  port?: number;
  /** For connect: the local bind address the user asked for, if any. */
  localAddress?: string;
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
      return new EngineError(code, `Nothing is listening on ${where} (connection refused).`, 'port');
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return new EngineError(code, `The host name "${host}" could not be found (DNS lookup failed).`, 'host');
    case 'EAI_AGAIN':
      return new EngineError(code, `The host name "${host}" could not be looked up right now (DNS not answering).`, 'host');
    case 'ETIMEDOUT':
      return new EngineError(code, `No answer from ${where}: the connection timed out.`, 'host');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new EngineError(code, `${host} cannot be reached from this computer (no route to it).`, 'host');
    case 'EADDRINUSE':
      return new EngineError(
        code,
        ctx.action === 'connect'
          ? `The local address ${ctx.localAddress ?? ''} port is already in use by another socket.`
          : `Port ${ctx.port ?? '?'} on ${host} is already in use by another program: pick another port, or 0 for any free one.`,
        ctx.action === 'connect' ? 'localPort' : 'port',
      );
    case 'EADDRNOTAVAIL':
      return ctx.action === 'connect'
        ? new EngineError(code, `${ctx.localAddress ?? 'The local address'} is not an address of this computer, so the connection cannot start from it.`, 'localAddress')
        : new EngineError(code, `${host} is not an address of this computer, so nothing can listen on it.`, 'host');
    case 'EACCES':
    case 'EPERM':
      return new EngineError(code, `Permission denied for ${where}: ports below 1024 need administrator rights.`, 'port');
    case 'ECONNRESET':
      return new EngineError(code, `The peer ${where} reset the connection.`);
    case 'EPIPE':
      return new EngineError(code, `The peer ${where} has closed the connection, so the data could not be sent.`);
    case 'EMSGSIZE':
      return new EngineError(code, `The datagram is too large for the network (EMSGSIZE).`, 'message');
    case 'EAFNOSUPPORT':
    case 'EINVAL':
      return new EngineError(code, `${where} cannot be used from this socket: ${raw}`, 'host');
    case 'ERR_SOCKET_DGRAM_NOT_RUNNING':
    case 'ERR_SOCKET_CLOSED':
    case 'ERR_STREAM_DESTROYED':
    case 'ERR_STREAM_WRITE_AFTER_END':
      return new EngineError('CLOSED', 'The socket is closed: open it again to send.');
    default:
      return new EngineError(code, raw || `Socket error ${code}.`);
  }
}
