// What a TLS handshake showed, as the log and the window say it: the certificate's names, fingerprint
// and dates, the protocol and the cipher, read from Node's own X509Certificate (no parsing here).
import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { CertificateSummary, TlsDetails } from '../../../../shared/kinds/tls';

/** Node writes a name one attribute per line ("CN=localhost\nO=Example"): one line reads better. */
const oneLine = (name: string): string => name.split('\n').filter(Boolean).join(', ');

/** Node's dates ("Nov 26 10:26:20 2026 GMT") as ISO 8601, or as given when unreadable. */
function isoDate(text: string): string {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

export function summarizeCertificate(cert: X509Certificate): CertificateSummary {
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    fingerprint256: cert.fingerprint256,
    validFrom: isoDate(cert.validFrom),
    validTo: isoDate(cert.validTo),
    altNames: cert.subjectAltName ?? '',
  };
}

/** A completed handshake's details (called on 'secureConnect' / 'secureConnection'). */
export function tlsDetailsOf(socket: TLSSocket): TlsDetails {
  const cipher = socket.getCipher();
  const peer = socket.getPeerX509Certificate();
  const error = socket.authorizationError as Error | string | null | undefined;
  return {
    protocol: socket.getProtocol() ?? '?',
    cipher: cipher.standardName || cipher.name,
    peerCertificate: peer ? summarizeCertificate(peer) : null,
    authorized: socket.authorized,
    authorizationError: error === null || error === undefined ? null : typeof error === 'string' ? error : (error.message ?? String(error)),
  };
}
