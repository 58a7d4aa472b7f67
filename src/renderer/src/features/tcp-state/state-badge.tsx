// A connection's TCP state as a badge: the RFC name and its gloss in words (the colour only repeats them).
import { useTranslation } from 'react-i18next';
import type { AppState } from '../../../../shared/lesson/tcp-state';
import { glossOf } from './state-words';

// Each colour pair keeps 4.5:1 text contrast in its theme.
const tones: Record<AppState | 'RESET', string> = {
  LISTEN: 'bg-violet-100 text-violet-900 border-violet-300 dark:bg-violet-950 dark:text-violet-100 dark:border-violet-700',
  SYN_SENT: 'bg-amber-100 text-amber-900 border-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:border-amber-700',
  ESTABLISHED: 'bg-emerald-100 text-emerald-900 border-emerald-300 dark:bg-emerald-950 dark:text-emerald-100 dark:border-emerald-700',
  FIN_WAIT: 'bg-orange-100 text-orange-900 border-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:border-orange-700',
  CLOSE_WAIT: 'bg-orange-100 text-orange-900 border-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:border-orange-700',
  LAST_ACK: 'bg-orange-100 text-orange-900 border-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:border-orange-700',
  TIME_WAIT: 'bg-sky-100 text-sky-900 border-sky-300 dark:bg-sky-950 dark:text-sky-100 dark:border-sky-700',
  CLOSED: 'bg-slate-100 text-slate-800 border-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:border-slate-600',
  RESET: 'bg-red-100 text-red-900 border-red-300 dark:bg-red-950 dark:text-red-100 dark:border-red-700',
};

export function StateBadge({ state, reset = false }: { state: AppState; reset?: boolean }) {
  const { t } = useTranslation();
  return (
    <span
      data-state={state}
      className={`inline-flex shrink-0 items-baseline gap-1 rounded border px-1.5 py-0.5 text-xs ${tones[reset && state === 'CLOSED' ? 'RESET' : state]}`}
    >
      <span className="font-mono font-semibold">{state}</span>
      <span>{glossOf(t, state)}</span>
    </span>
  );
}
