// The "Certificate" view of a TLS session: the certificate the peer showed (client) or the one it
// presents (server), with each connection's protocol, cipher and whether the certificate was verified.
import { useTranslation } from 'react-i18next';
import { formatHostPort } from '../../../../shared/address';
import type { CertificateSummary, SessionInfo, TlsDetails } from '../../../../shared/contract';
import { InsecureBadge } from './insecure-badge';

function Row({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  return (
    <>
      <dt className="font-semibold text-slate-600 dark:text-slate-300">{label}</dt>
      <dd className={`min-w-0 break-all text-slate-900 dark:text-slate-100 ${mono ? 'font-mono' : ''}`}>{value}</dd>
    </>
  );
}

function CertificateRows({ cert }: { cert: CertificateSummary }) {
  const { t } = useTranslation();
  return (
    <>
      <Row label={t('tls.subject')} value={cert.subject} />
      <Row label={t('tls.issuer')} value={cert.issuer} />
      <Row label={t('tls.fingerprint')} value={cert.fingerprint256} mono />
      <Row label={t('tls.validFrom')} value={cert.validFrom} mono />
      <Row label={t('tls.validTo')} value={cert.validTo} mono />
      {cert.altNames ? <Row label={t('tls.altNames')} value={cert.altNames} /> : null}
    </>
  );
}

function HandshakeRows({ tls }: { tls: TlsDetails }) {
  const { t } = useTranslation();
  return (
    <>
      <Row label={t('tls.protocol')} value={tls.protocol} mono />
      <Row label={t('tls.cipher')} value={tls.cipher} mono />
    </>
  );
}

const gridClass = 'grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs';

export function CertificateView({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  if (!session.tls) return null;
  const isServer = session.kind === 'tls-server';
  const own = session.tls.ownCertificate;
  const handshakes = session.connections.filter((c) => c.tls);
  const first = handshakes[0]?.tls;
  return (
    <section aria-label={t('tls.certificate')} className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
      <h2 className="mb-1 flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
        {t('tls.certificate')}
        <InsecureBadge session={session} />
      </h2>
      {isServer ? (
        <div className="flex flex-col gap-2">
          {own ? (
            <div>
              <p className="mb-0.5 text-xs text-slate-600 dark:text-slate-300">
                {t('tls.ownCertificate')} · {t(session.tls.certificateSource === 'made' ? 'tls.madeCertificate' : 'tls.filesCertificate')}
              </p>
              <dl className={gridClass}>
                <CertificateRows cert={own} />
              </dl>
            </div>
          ) : null}
          {handshakes.map((c) => (
            <div key={c.id}>
              <p className="mb-0.5 text-xs text-slate-600 dark:text-slate-300">
                {t('tls.connection', { id: c.id, peer: formatHostPort(c.peer.host, c.peer.port) })}
              </p>
              <dl className={gridClass}>
                <HandshakeRows tls={c.tls!} />
              </dl>
            </div>
          ))}
        </div>
      ) : first ? (
        <dl className={gridClass}>
          <HandshakeRows tls={first} />
          <Row
            label={t('tls.peerCertificate')}
            value={first.authorized ? t('tls.verified') : t('tls.notVerified', { reason: first.authorizationError ?? '?' })}
          />
          {first.peerCertificate ? <CertificateRows cert={first.peerCertificate} /> : <Row label="" value={t('tls.noCertificate')} />}
        </dl>
      ) : (
        <p className="text-xs text-slate-600 dark:text-slate-300">{t('tls.noHandshake')}</p>
      )}
    </section>
  );
}
