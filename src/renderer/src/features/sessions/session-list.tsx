// The sidebar: every session of the workspace (features/workspace) with its state and byte counters, and New for another one.
import { useSyncExternalStore } from 'react';
import { focusTargetSettled, shortcutTarget } from '../shortcuts/shortcut-targets';
import { useTranslation } from 'react-i18next';
import type { SessionInfo, SessionState } from '../../../../shared/contract';
import { sayProblem } from '../../lib/problem-text';
import { Button } from '../../lib/ui';
import { store } from '../../state/app-store';
import { rates } from '../../state/rates';
import { rateParams } from '../rate/format-rate';
import { formatBytes } from '../status-bar/format-bytes';
import { roleOf } from '../../../../shared/kinds';
import { InsecureBadge } from '../tls/insecure-badge';
import { SavedMessagesPanel } from '../saved-messages/saved-messages-panel';
import { SessionEntry } from '../workspace/session-entry';
import { workspace, type Entry } from '../workspace/workspace-store';

const stateStyle: Record<SessionState, string> = {
  connecting: 'bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200',
  connected: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200',
  listening: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200',
  open: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200',
  closed: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200',
  error: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200',
};

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

export function SessionList({ entries, selected }: { entries: Entry[]; selected: number | null }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('sessions.title')} className="flex min-h-0 flex-1 flex-col bg-slate-50 dark:bg-slate-900">
      <div className="flex items-center justify-between px-3 py-2">
        <h2 className="text-sm font-semibold">{t('sessions.title')}</h2>
        {/* A toggle, so plain: pressed (filled) while the new-session form is shown. */}
        <Button
          onClick={() => {
            workspace.select(null);
            // A new session starts at its first question: which protocol.
            focusTargetSettled('protocol');
          }}
          aria-pressed={selected === null}
          {...shortcutTarget('new')}
        >
          {t('sessions.new')}
        </Button>
      </div>
      <ul className="flex-1 overflow-auto">
        {entries.length === 0 ? <li className="px-3 py-2 text-xs text-slate-500 dark:text-slate-400">{t('sessions.none')}</li> : null}
        {entries.map((entry) => {
          // A restored or duplicated entry has no session yet: it reads closed until it is opened.
          const s = entry.sessionId !== null ? store.sessions.get(entry.sessionId) : undefined;
          const state: SessionState = s?.state ?? 'closed';
          return (
            <li key={entry.id}>
              <SessionEntry
                entry={entry}
                info={s}
                selected={entry.id === selected}
                badge={<span className={`shrink-0 rounded px-1.5 text-[11px] ${stateStyle[state]}`}>{t(`state.${state}`)}</span>}
              >
                {s ? <SessionFacts s={s} /> : null}
              </SessionEntry>
            </li>
          );
        })}
      </ul>
      <SavedMessagesPanel />
    </nav>
  );
}

/** What the sidebar says of a session's traffic: TLS trust, why it failed, counters and live rate. */
function SessionFacts({ s }: { s: SessionInfo }) {
  const { t } = useTranslation();
  return (
    <>
      <InsecureBadge session={s} />
      {/* Why it failed (a reset, a refused send...), in the reader's language. */}
      {s.state === 'error' && s.lastError ? <span className="text-red-700 dark:text-red-300">{sayProblem(t, s.lastError)}</span> : null}
      <span className="text-slate-500 dark:text-slate-400">
        {t('sessions.counters', { in: formatBytes(s.counters.bytesIn), out: formatBytes(s.counters.bytesOut) })}
        {roleOf(s.kind) === 'server' ? ` · ${t('sessions.clients', { count: s.connections.length })}` : ''}
        {/* Bytes waiting for a peer that reads slowly: shown only while there are some. */}
        {s.counters.bytesQueued ? ` · ${t('sessions.queued', { bytes: formatBytes(s.counters.bytesQueued) })}` : ''}
      </span>
      <SessionRate id={s.id} />
    </>
  );
}
