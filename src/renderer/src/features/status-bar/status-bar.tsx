// The footer: totals over every session, the engine link when it is down, and the spoken announcements.
import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatHostPort } from '../../../../shared/address';
import type { SessionInfo, SessionState } from '../../../../shared/contract';
import { isClientKind } from '../../../../shared/kinds';
import { sayProblem } from '../../lib/problem-text';
import { rates } from '../../state/rates';
import { rateParams } from '../rate/format-rate';
import { formatBytes } from './format-bytes';
import { LogMemory } from './log-memory';

/**
 * A visually hidden polite live region that speaks what matters (a session changing state, the
 * engine link going down), not the counters, which change many times a second under traffic.
 */
function Announcer({ sessions, link }: { sessions: SessionInfo[]; link: string }) {
  const { t } = useTranslation();
  // What was last heard (each session's state, the link) and said; compared during render, the
  // way React derives state from changing props, so nothing renders twice.
  const [heard, setHeard] = useState<{ states: Record<string, SessionState>; link: string; text: string; n: number }>({
    states: {},
    link: 'open',
    text: '',
    n: 0,
  });

  const news: string[] = [];
  for (const s of sessions) {
    if (heard.states[s.id] === s.state) continue;
    const at = isClientKind(s.kind) ? s.target : (s.local ?? s.target);
    news.push(
      t('status.sessionState', { kind: t(`kind.${s.kind}`), address: formatHostPort(at.host, at.port), state: t(`state.${s.state}`) }),
    );
    // An error is spoken with its reason, as the sidebar shows it.
    if (s.state === 'error' && s.lastError) news.push(sayProblem(t, s.lastError));
  }
  if (link !== heard.link && link !== 'open') news.push(t(`status.link.${link}`));
  if (news.length > 0 || link !== heard.link) {
    const said = news.length > 0 ? { text: news.join(' '), n: heard.n + 1 } : { text: heard.text, n: heard.n };
    setHeard({ states: Object.fromEntries(sessions.map((s) => [s.id, s.state])), link, ...said });
  }

  return (
    <div role="status" aria-label={t('status.announcements')} className="sr-only">
      {/* A new node each time: the same sentence twice (connected, closed, connected) is spoken twice. */}
      {heard.text ? <span key={heard.n}>{heard.text}</span> : null}
    </div>
  );
}

/** Every session's rate together, re-rendered alone once a second. */
function TotalRate() {
  const { t, i18n } = useTranslation();
  useSyncExternalStore(rates.subscribe, rates.getVersion);
  const text = t('rate.status', rateParams(rates.total(), i18n.resolvedLanguage));
  // The longest part of the bar: it gives way (cut, whole in the tooltip) so the bar never wraps.
  return (
    <span className="min-w-0 truncate tabular-nums" title={text}>
      {text}
    </span>
  );
}

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
    <footer
      aria-label={t('status.title')}
      className="flex gap-4 border-t border-slate-200 bg-slate-50 px-3 py-1 text-xs text-slate-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
    >
      <span className="shrink-0">{t('status.sessions', { open, count: sessions.length })}</span>
      <span className="shrink-0">{t('status.in', { bytes: formatBytes(totals.bytesIn), count: totals.messagesIn })}</span>
      <span className="shrink-0">{t('status.out', { bytes: formatBytes(totals.bytesOut), count: totals.messagesOut })}</span>
      <TotalRate />
      {link !== 'open' ? (
        <span className="ml-auto shrink-0 font-semibold text-red-600 dark:text-red-400">{t(`status.link.${link}`)}</span>
      ) : null}
      <span className={`shrink-0 ${link !== 'open' ? '' : 'ml-auto'}`}>
        <LogMemory />
      </span>
      <Announcer sessions={sessions} link={link} />
    </footer>
  );
}
