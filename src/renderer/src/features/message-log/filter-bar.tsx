// The log filter's controls: a search box (text or hex), match case, direction toggles, a peer box
// and a clear button. The filter itself runs in the engine, next to the log.
import { useEffect, useId, useSyncExternalStore, type KeyboardEvent } from 'react';
import { shortcutTarget } from '../shortcuts/shortcut-targets';
import { useTranslation } from 'react-i18next';
import { filterModes, logDirections, type LogDirection } from '../../../../shared/contract';
import { useSay } from '../../lib/problem-text';
import { Button, inputClass } from '../../lib/ui';
import { isEmptyDraft, logFilter } from '../../state/log-filter';

/** Typing waits this long after the last key before the engine scans the log. */
const typingDelayMs = 200;

export function FilterBar({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const say = useSay();
  useSyncExternalStore(logFilter.subscribe, logFilter.getVersion);
  useEffect(() => logFilter.load(sessionId), [sessionId]);
  const draft = logFilter.draft(sessionId);
  const problem = logFilter.problem(sessionId);
  const active = logFilter.filtered(sessionId) !== null;
  const ids = useId();
  const queryError = problem?.field === 'query' ? say(problem) : undefined;
  const peerError = problem?.field === 'peer' ? say(problem) : undefined;

  const toggle = (d: LogDirection): void => {
    const directions = draft.directions.includes(d) ? draft.directions.filter((x) => x !== d) : [...draft.directions, d];
    logFilter.edit(sessionId, { directions });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    logFilter.clear(sessionId);
  };

  return (
    <div
      role="search"
      aria-label={t('filter.region')}
      className="flex flex-wrap items-start gap-2 border-b border-slate-200 px-3 py-1.5 dark:border-slate-700"
    >
      <div className="flex min-w-48 flex-1 flex-col gap-0.5">
        <input
          type="search"
          aria-label={t('filter.label')}
          {...shortcutTarget('find')}
          value={draft.query}
          placeholder={t(`filter.placeholder.${draft.mode}`)}
          spellCheck={false}
          aria-invalid={queryError !== undefined}
          aria-describedby={queryError !== undefined ? `${ids}-query` : undefined}
          className={`${inputClass} font-mono`}
          onChange={(e) => logFilter.edit(sessionId, { query: e.target.value }, typingDelayMs)}
          onKeyDown={onKeyDown}
        />
        {queryError !== undefined ? (
          <p id={`${ids}-query`} role="alert" title={queryError} className="line-clamp-3 text-xs text-red-600 dark:text-red-400">
            {queryError}
          </p>
        ) : null}
      </div>
      <div role="group" aria-label={t('filter.as')} className="flex gap-1">
        {filterModes.map((mode) => (
          <Button key={mode} aria-pressed={draft.mode === mode} onClick={() => logFilter.edit(sessionId, { mode })}>
            {t(`filter.${mode}`)}
          </Button>
        ))}
      </div>
      <Button
        aria-pressed={draft.matchCase}
        disabled={draft.mode === 'hex'}
        onClick={() => logFilter.edit(sessionId, { matchCase: !draft.matchCase })}
      >
        {t('filter.matchCase')}
      </Button>
      <div role="group" aria-label={t('filter.directions')} className="flex gap-1">
        {logDirections.map((d) => (
          <Button key={d} aria-pressed={draft.directions.includes(d)} onClick={() => toggle(d)}>
            {t(`direction.${d}`)}
          </Button>
        ))}
      </div>
      {/* With an error it widens, as every field does (lib/ui.tsx): its sentence in a line or two. */}
      <div className={`flex w-52 flex-col gap-0.5 ${peerError !== undefined ? 'min-w-[min(18rem,100%)]' : ''}`}>
        <input
          type="text"
          aria-label={t('filter.peer')}
          value={draft.peer}
          placeholder={t('filter.peerPlaceholder')}
          spellCheck={false}
          aria-invalid={peerError !== undefined}
          aria-describedby={peerError !== undefined ? `${ids}-peer` : undefined}
          className={inputClass}
          onChange={(e) => logFilter.edit(sessionId, { peer: e.target.value }, typingDelayMs)}
          onKeyDown={onKeyDown}
        />
        {peerError !== undefined ? (
          <p id={`${ids}-peer`} role="alert" title={peerError} className="line-clamp-3 text-xs text-red-600 dark:text-red-400">
            {peerError}
          </p>
        ) : null}
      </div>
      <Button onClick={() => logFilter.clear(sessionId)} disabled={!active && problem === null && isEmptyDraft(draft)}>
        {t('filter.clear')}
      </Button>
    </div>
  );
}
