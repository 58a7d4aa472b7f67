// The log's sentence for a completed TLS handshake, in the reader's language.
import type { TFunction } from 'i18next';
import type { TlsDetails } from '../../../../shared/contract';

export function securedSummary(tls: TlsDetails, t: TFunction): string {
  const c = tls.peerCertificate;
  if (!c) return t('tls.secured', { protocol: tls.protocol, cipher: tls.cipher });
  const line = t('tls.securedCert', {
    protocol: tls.protocol,
    cipher: tls.cipher,
    subject: c.subject,
    issuer: c.issuer,
    fingerprint: c.fingerprint256,
    from: c.validFrom,
    to: c.validTo,
  });
  return tls.authorized ? line : line + t('tls.securedUnverified', { reason: tls.authorizationError ?? '?' });
}
