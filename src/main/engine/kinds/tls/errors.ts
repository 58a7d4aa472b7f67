// TLS failures in words a student understands: an untrusted certificate (and how to proceed), a name
// that does not match, a peer that is not TLS, no shared version, any other handshake failure.
import { formatHostPort } from '../../../../shared/address';
import { quoteInput } from '../../../../shared/quote-input';
import { EngineError, explainSocketError, type ErrorContext } from '../../errors';

/** OpenSSL's verification codes: the certificate was read, but nothing vouches for it. */
const untrustedCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_PURPOSE',
]);

const protocolCodes = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_TLSV1_ALERT_INAPPROPRIATE_FALLBACK',
]);

/** Not TLS on the other end: it echoed or wrote plain bytes, or closed without a word. */
const notTlsCodes = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'EUNKNOWN';

/** OpenSSL's reason without its "error:0A00010B:SSL routines::" prefix. */
export function sslReason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const reason = /(?:SSL routines|routines):[^:]*:(.*)$/.exec(text)?.[1] ?? text;
  return quoteInput(reason.replace(/^:/, '').trim(), 160);
}

export interface TlsErrorContext extends ErrorContext {
  /** The TCP connection was made: a failure now is the handshake's. */
  tcpConnected: boolean;
}

/** A TLS client's connect failure: TLS's own sentences first, the socket's otherwise. */
export function explainTlsClientError(err: unknown, ctx: TlsErrorContext): EngineError {
  const where = ctx.host !== undefined && ctx.port !== undefined ? formatHostPort(quoteInput(ctx.host), ctx.port) : 'the peer';
  const code = err instanceof EngineError ? err.code : codeOf(err);
  if (untrustedCodes.has(code)) {
    const reason = `${err instanceof Error ? quoteInput(err.message, 120) : code}, ${code}`;
    return new EngineError(code, { key: 'tlsUntrusted', params: { where, reason } }, 'caFile');
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const e = err as Error & { host?: string; cert?: { subjectaltname?: string; subject?: { CN?: string } } };
    const names = e.cert?.subjectaltname || (e.cert?.subject?.CN ? `CN=${e.cert.subject.CN}` : 'other names');
    return new EngineError(
      code,
      { key: 'tlsHostnameMismatch', params: { where, names: quoteInput(names, 160), host: quoteInput(e.host ?? ctx.host ?? '?') } },
      'servername',
    );
  }
  if (protocolCodes.has(code))
    return new EngineError(code, { key: 'tlsProtocolVersion', params: { where, detail: sslReason(err) } }, 'tlsVersion');
  if (notTlsCodes.has(code)) return new EngineError(code, { key: 'tlsNotTls', params: { where, detail: sslReason(err) } }, 'port');
  if (ctx.tcpConnected) {
    // The TCP connection was there, the handshake never finished: the peer closed, reset, or stayed silent.
    if (code === 'ECONNRESET' || code === 'EPIPE')
      return new EngineError(
        code,
        { key: 'tlsNotTls', params: { where, detail: 'it closed the connection during the handshake' } },
        'port',
      );
    if (code === 'ETIMEDOUT')
      return new EngineError(code, { key: 'tlsNotTls', params: { where, detail: 'no TLS answer before the connect timeout' } }, 'port');
    if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))
      return new EngineError(code, { key: 'tlsHandshakeFailed', params: { where, detail: sslReason(err) } }, 'port');
  }
  return explainSocketError(err, ctx);
}
