// The sidebar: every session with its state and byte counters, and New for another one.
import { useSyncExternalStore } from 'react';
import { focusTarget, shortcutTarget } from '../shortcuts/shortcut-targets';
import { useTranslation } from 'react-i18next';
import { formatHostPort } from '../../../../shared/address';
import type { SessionInfo, SessionState } from '../../../../shared/contract';
import { isClientKind } from '../../../../shared/kinds';
import { sayProblem } from '../../lib/problem-text';
import { Button } from '../../lib/ui';
import { store } from '../../state/app-store';
import { rates } from '../../state/rates';
import { rateParams } from '../rate/format-rate';
import { formatBytes } from '../status-bar/format-bytes';
import { roleOf } from '../../../../shared/kinds';
import { InsecureBadge } from '../tls/insecure-badge';

const stateStyle: Record<SessionState, string> = {
  connecting: 'bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200',
  connected: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200',
  listening: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200',
  open: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200',
  closed: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200',
  error: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200',
};

/** "127.0.0.1:9000" for a client; the real bound address for servers and UDP. */
export function sessionAddress(s: SessionInfo): string {
  const e = isClientKind(s.kind) ? s.target : (s.local ?? s.target);
  return formatHostPort(e.host, e.port);
}

/** The session's live rate, each direction only while something moves (re-rendered alone, once a second). */
function SessionRate({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  useSyncExternalStore(rates.subscribe, rates.getVersion);
  const r = rates.current(id);
  const p = rateParams(r, i18n.resolvedLanguage);
  const moving = { in: r.messagesIn > 0 || r.bytesIn > 0, out: r.messagesOut > 0 || r.bytesOut > 0 };
  if (!moving.in && !moving.out) return null;
  return (
    <span className="flex flex-col tabular-nums text-slate-700 dark:text-slate-200">
      {moving.in ? <span>{t('rate.sidebarIn', { messages: p.inMessages, bytes: p.inBytes })}</span> : null}
      {moving.out ? <span>{t('rate.sidebarOut', { messages: p.outMessages, bytes: p.outBytes })}</span> : null}
    </span>
  );
}

export function SessionList({ sessions, selectedId }: { sessions: SessionInfo[]; selectedId: string | null }) {
  const { t } = useTranslation();
  return (
    <nav
      aria-label={t('sessions.title')}
      className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex items-center justify-between px-3 py-2">
        <h2 className="text-sm font-semibold">{t('sessions.title')}</h2>
        {/* A toggle, so plain: pressed (filled) while the new-session form is shown. */}
        <Button
          onClick={() => {
            store.select(null);
            // A new session starts at its first question: which protocol.
            focusTarget('protocol');
          }}
          aria-pressed={selectedId === null}
          {...shortcutTarget('new')}
        >
          {t('sessions.new')}
        </Button>
      </div>
      <ul className="flex-1 overflow-auto">
        {sessions.length === 0 ? <li className="px-3 py-2 text-xs text-slate-500 dark:text-slate-400">{t('sessions.none')}</li> : null}
        {sessions.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              onClick={() => store.select(s.id)}
              aria-current={s.id === selectedId ? 'true' : undefined}
              className={`flex w-full flex-col gap-0.5 border-l-4 px-3 py-2 text-left text-xs focus-visible:-outline-offset-2 ${s.id === selectedId ? 'border-sky-500 bg-white dark:bg-slate-800' : 'border-transparent hover:bg-white dark:hover:bg-slate-800'}`}
            >
              <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                <span className="whitespace-nowrap font-semibold">{t(`kind.${s.kind}`)}</span>
                <InsecureBadge session={s} />
                <span className={`ml-auto rounded px-1.5 text-[11px] ${stateStyle[s.state]}`}>{t(`state.${s.state}`)}</span>
              </span>
              <span className="font-mono text-slate-700 dark:text-slate-200">{sessionAddress(s)}</span>
              {/* Why it failed (a reset, a refused send...), in the reader's language. */}
              {s.state === 'error' && s.lastError ? (
                <span className="text-red-700 dark:text-red-300">{sayProblem(t, s.lastError)}</span>
              ) : null}
              <span className="text-slate-500 dark:text-slate-400">
                {t('sessions.counters', { in: formatBytes(s.counters.bytesIn), out: formatBytes(s.counters.bytesOut) })}
                {roleOf(s.kind) === 'server' ? ` · ${t('sessions.clients', { count: s.connections.length })}` : ''}
                {/* Bytes waiting for a peer that reads slowly: shown only while there are some. */}
                {s.counters.bytesQueued ? ` · ${t('sessions.queued', { bytes: formatBytes(s.counters.bytesQueued) })}` : ''}
              </span>
              <SessionRate id={s.id} />
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
