// The warning mark of a TLS client that accepts any certificate: seen wherever the session is.
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/contract';

export function InsecureBadge({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  if (!session.tls?.insecure) return null;
  return (
    <span
      role="img"
      aria-label={t('tls.insecureBadgeTitle')}
      title={t('tls.insecureBadgeTitle')}
      className="whitespace-nowrap rounded bg-amber-200 px-1.5 text-[11px] font-semibold text-amber-950 dark:bg-amber-700 dark:text-amber-50"
    >
      ⚠ {t('tls.insecureBadge')}
    </span>
  );
}
