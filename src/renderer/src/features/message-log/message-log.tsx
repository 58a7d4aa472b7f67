import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogRow, SessionInfo } from '../../../../shared/contract';
import { Button } from '../../lib/ui';
import { store, type SessionLog } from '../../state/app-store';
import { DetailPane } from './detail-pane';
import { directionOf, endpointText, rowSummary, timeText, type PayloadView } from './describe-row';
import { rowHeight, useFixedRows } from './use-fixed-rows';

const directionStyle: Record<ReturnType<typeof directionOf>, string> = {
  in: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200',
  out: 'bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-200',
  event: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200',
  error: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200',
};

function Row({ row, view, selected, onSelect }: { row: LogRow | undefined; view: PayloadView; selected: boolean; onSelect: () => void }) {
  const { t } = useTranslation();
  if (!row) {
    return <div className="px-2 text-slate-400">…</div>;
  }
  const dir = directionOf(row);
  return (
    <div
      role="option"
      aria-selected={selected}
      onClick={onSelect}
      className={`flex h-full cursor-default items-center gap-2 border-b border-slate-100 px-2 dark:border-slate-800 ${selected ? 'bg-sky-100 dark:bg-sky-950' : 'hover:bg-slate-50 dark:hover:bg-slate-800/50'}`}
    >
      <span className="w-24 shrink-0 text-slate-500 dark:text-slate-400">{timeText(row.time)}</span>
      <span className={`w-12 shrink-0 rounded px-1 text-center text-[11px] font-semibold uppercase ${directionStyle[dir]}`}>{t(`direction.${dir}`)}</span>
      <span className="w-36 shrink-0 truncate text-slate-600 dark:text-slate-300">{endpointText(row.peer)}</span>
      <span className="w-14 shrink-0 text-right text-slate-500 dark:text-slate-400">{row.type === 'data' ? t('log.length', { count: row.size ?? row.bytes.length }) : ''}</span>
      <span className={`min-w-0 flex-1 truncate whitespace-pre ${dir === 'error' ? 'text-red-700 dark:text-red-300' : dir === 'event' ? 'italic text-slate-600 dark:text-slate-300' : ''}`}>{rowSummary(row, view, t)}</span>
    </div>
  );
}

export function MessageLog({ session, log }: { session: SessionInfo; log: SessionLog }) {
  const { t } = useTranslation();
  const [view, setView] = useState<PayloadView>('text');
  const [follow, setFollow] = useState(true);
  const [selected, setSelected] = useState<number | null>(null);
  const count = Math.max(0, log.total - log.first);
  const onUserScroll = useCallback((atBottom: boolean) => setFollow(atBottom), []);
  const { ref, onScroll, start, end, totalHeight } = useFixedRows(count, follow, onUserScroll);

  useEffect(() => {
    store.setVisible(session.id, log.first + start, log.first + end);
  }, [session.id, log.first, start, end, log.total]);

  useEffect(() => setSelected(null), [session.id]);

  const selectedRow = selected !== null ? log.rows.get(selected) : undefined;

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const current = selected ?? log.total;
    const next = Math.min(log.total - 1, Math.max(log.first, current + (e.key === 'ArrowDown' ? 1 : -1)));
    setSelected(next);
    setFollow(false);
    const el = ref.current;
    if (el) {
      const top = (next - log.first) * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    }
  }

  const rows = [];
  for (let i = start; i < end; i++) {
    const seq = log.first + i;
    rows.push(
      <div key={seq} style={{ position: 'absolute', top: i * rowHeight, height: rowHeight, left: 0, right: 0 }}>
        <Row row={log.rows.get(seq)} view={view} selected={seq === selected} onSelect={() => setSelected(seq)} />
      </div>,
    );
  }

  return (
    <section aria-label={t('log.title')} className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-1.5 dark:border-slate-700">
        <h2 className="text-sm font-semibold">{t('log.title')}</h2>
        <span className="text-xs text-slate-500 dark:text-slate-400" data-testid="log-count">
          {t('log.entries', { count })}
          {log.first > 0 ? ` · ${t('log.dropped', { count: log.first })}` : ''}
        </span>
        <div className="ml-auto flex items-center gap-2">
          <div role="group" aria-label={t('log.payloadView')} className="flex gap-1">
            <Button aria-pressed={view === 'text'} onClick={() => setView('text')}>
              {t('log.viewText')}
            </Button>
            <Button aria-pressed={view === 'hex'} onClick={() => setView('hex')}>
              {t('log.viewHex')}
            </Button>
          </div>
          <Button aria-pressed={!follow} onClick={() => setFollow((f) => !f)}>
            {follow ? t('log.pause') : t('log.resume')}
          </Button>
          <Button onClick={() => void store.clearLog(session.id)}>{t('log.clear')}</Button>
        </div>
      </div>
      <div className="flex min-h-0 flex-1">
        <div
          ref={ref}
          onScroll={onScroll}
          role="listbox"
          aria-label={t('log.entriesLabel')}
          tabIndex={0}
          onKeyDown={onKeyDown}
          className="relative min-h-0 flex-1 overflow-auto font-mono text-xs focus:outline-none"
        >
          <div style={{ height: totalHeight, position: 'relative' }}>{rows}</div>
          {count === 0 ? <p className="absolute inset-0 p-4 text-sm text-slate-500 dark:text-slate-400">{t('log.empty')}</p> : null}
        </div>
        {selectedRow ? <DetailPane sessionId={session.id} row={selectedRow} onClose={() => setSelected(null)} /> : null}
      </div>
    </section>
  );
}
