// The TLS options of `send`, `serve` and `flood` (--cert, --key, --ca, --servername, --insecure,
// --tls-version, --data-dir), the open requests they make, and how their mistakes are said.
import type { SocketUrl } from '../../shared/address';
import type { CommandError, OpenSessionRequest, Result, SessionInfo } from '../../shared/contract';
import { tlsDetailsLine, type TlsDetails, type TlsVersion } from '../../shared/kinds/tls';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { usage, UsageError } from './args';
import { commandFailure } from './common';

/** The parseArgs specs, spread into each command's own. */
export const tlsOptionSpecs = {
  cert: { type: 'string' },
  key: { type: 'string' },
  ca: { type: 'string' },
  servername: { type: 'string' },
  insecure: { type: 'boolean' },
  'tls-version': { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

export interface TlsValues {
  cert?: string | undefined;
  key?: string | undefined;
  ca?: string | undefined;
  servername?: string | undefined;
  insecure?: boolean | undefined;
  'tls-version'?: string | undefined;
  'data-dir'?: string | undefined;
}

const clientOnly = ['ca', 'servername', 'insecure'] as const;
const serverOnly = ['cert', 'key', 'data-dir'] as const;

function versionOption(value: string | undefined): TlsVersion | undefined {
  if (value === undefined) return undefined;
  const v = value === '1.2' || value === 'TLSv1.2' ? 'TLSv1.2' : value === '1.3' || value === 'TLSv1.3' ? 'TLSv1.3' : null;
  if (v === null) throw usage(`--tls-version must be 1.2 or 1.3, not "${quoteInput(value)}"`);
  return v;
}

/** The TLS options given on a line whose URL is not tls://, or that belong to the other role: refused, never ignored. */
export function checkTlsOptions(values: TlsValues, target: SocketUrl, role: 'client' | 'server'): void {
  const given = (Object.keys(tlsOptionSpecs) as (keyof TlsValues)[]).filter((k) => values[k] !== undefined);
  if (target.transport !== 'tls' && given.length > 0) throw usage(`--${given[0]!} is for tls:// addresses`);
  const wrong = (role === 'client' ? serverOnly : clientOnly).find((k) => values[k] !== undefined);
  if (wrong) throw usage(`--${wrong} is for ${role === 'client' ? 'serve' : 'send'} (a TLS ${role === 'client' ? 'server' : 'client'})`);
}

/** A tls-client open request from `tls://HOST:PORT` and the options. */
export function tlsClientRequest(target: SocketUrl, values: TlsValues, connectTimeoutMs: number): OpenSessionRequest {
  return {
    kind: 'tls-client',
    host: target.host,
    port: target.port,
    connectTimeoutMs,
    insecure: values.insecure ?? false,
    ...(values.ca !== undefined ? { caFile: values.ca } : {}),
    ...(values.servername !== undefined ? { servername: values.servername } : {}),
    ...(values['tls-version'] !== undefined ? { tlsVersion: versionOption(values['tls-version']) } : {}),
  };
}

export function tlsServerFields(values: TlsValues): { certFile?: string; keyFile?: string; tlsVersion?: TlsVersion } {
  return {
    ...(values.cert !== undefined ? { certFile: values.cert } : {}),
    ...(values.key !== undefined ? { keyFile: values.key } : {}),
    ...(values['tls-version'] !== undefined ? { tlsVersion: versionOption(values['tls-version']) } : {}),
  };
}

/** Each open-request field, as the option it was typed as. */
const optionOfField: Readonly<Record<string, string>> = {
  certFile: '--cert',
  keyFile: '--key',
  caFile: '--ca',
  servername: '--servername',
  tlsVersion: '--tls-version',
};

/** Mistakes in what was typed (a bad or missing file, a key that is not the cert's): exit 2 at the option. */
const fileCodes = new Set(['INVALID_INPUT', 'TLS_FILE_MISSING', 'TLS_FILE_UNREADABLE', 'TLS_BAD_PEM', 'TLS_KEY_MISMATCH']);

/** openSession's value, or its error as one line: a TLS option's mistake names the option (exit 2). */
export function openedOrFail(result: Result<SessionInfo>, otherWords?: Parameters<typeof commandFailure>[1]): SessionInfo {
  if (result.ok) return result.value;
  const error: CommandError = result.error;
  const option = error.field === undefined ? undefined : optionOfField[error.field];
  if (option !== undefined && fileCodes.has(error.code)) {
    throw new UsageError(`${option}: ${error.problem ? problemText(error.problem) : error.message}`);
  }
  throw commandFailure(error, otherWords);
}

/** The handshake as `send` and `serve` print it in text: one line per connection. */
export const securedLine = (tls: TlsDetails): string => tlsDetailsLine(tls);
