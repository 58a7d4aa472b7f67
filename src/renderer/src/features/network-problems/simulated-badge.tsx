// The permanent "Simulated by Socket Lab" badge shown wherever a session's log is, while Socket Lab itself
// drops, duplicates, delays or reorders its datagrams: nobody mistakes the simulation for the network.
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/contract';

export function SimulatedBadge({ session, className = '' }: { session: SessionInfo | null; className?: string }) {
  const { t } = useTranslation();
  const spec = session?.impair?.settings ? session.impair.spec : '';
  if (spec === '') return null;
  const title = t('networkProblems.badgeTitle', { spec });
  return (
    <span
      role="note"
      aria-label={title}
      title={title}
      className={`rounded border border-amber-500 bg-amber-100 px-1.5 text-[11px] leading-5 font-semibold text-amber-950 dark:border-amber-400 dark:bg-amber-900 dark:text-amber-50 ${className}`}
    >
      {t('networkProblems.badge')}
    </span>
  );
}
