import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/contract';
import { formatBytes } from './format-bytes';

export function StatusBar({ sessions, link }: { sessions: SessionInfo[]; link: string }) {
  const { t } = useTranslation();
  const totals = sessions.reduce(
    (acc, s) => ({
      bytesIn: acc.bytesIn + s.counters.bytesIn,
      bytesOut: acc.bytesOut + s.counters.bytesOut,
      messagesIn: acc.messagesIn + s.counters.messagesIn,
      messagesOut: acc.messagesOut + s.counters.messagesOut,
    }),
    { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
  );
  const open = sessions.filter((s) => s.state !== 'closed' && s.state !== 'error').length;
  return (
    <footer role="status" aria-label={t('status.title')} className="flex gap-4 border-t border-slate-200 bg-slate-50 px-3 py-1 text-xs text-slate-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300">
      <span>{t('status.sessions', { open, count: sessions.length })}</span>
      <span>{t('status.in', { bytes: formatBytes(totals.bytesIn), count: totals.messagesIn })}</span>
      <span>{t('status.out', { bytes: formatBytes(totals.bytesOut), count: totals.messagesOut })}</span>
      {link !== 'open' ? <span className="ml-auto font-semibold text-red-600">{t(`status.link.${link}`)}</span> : null}
    </footer>
  );
}
