// The message log: a virtualized listbox of entries driven by the keyboard, its view switches and the entry details.
import type { TFunction } from 'i18next';
import { shortcutTarget } from '../shortcuts/shortcut-targets';
import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogRow, SessionInfo } from '../../../../shared/contract';
import { formatNumber } from '../../lib/format-number';
import { Button } from '../../lib/ui';
import { clearUndoMs, shownFirst, store, type SessionLog } from '../../state/app-store';
import { logFilter } from '../../state/log-filter';
import { DetailPane } from './detail-pane';
import { asciiOf, directionOf, endpointText, rowName, rowSummary, sizeText, timeText, type PayloadView } from './describe-row';
import { toHex } from '../../../../shared/codec';
import { FilterBar } from './filter-bar';
import { EncodingSelect } from '../encodings/encoding-select';
import { ExportMenu } from '../export/export-menu';
import { LogPanes } from '../layout/log-panes';
import { diagramFocus, logFocus } from '../../state/row-focus';
import { rowHeight, useFixedRows } from './use-fixed-rows';
import { SimulatedBadge } from '../network-problems/simulated-badge';

const directionStyle: Record<ReturnType<typeof directionOf>, string> = {
  in: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200',
  out: 'bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-200',
  event: 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200',
  error: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200',
};

interface RowProps {
  id: string;
  row: LogRow | undefined;
  view: PayloadView;
  selected: boolean;
  /** 1-based place in the whole log: only a screenful of rows exists, so each says where it is. */
  position: number;
  setSize: number;
  onSelect: () => void;
  /** The list's translator: one useTranslation for the list, not one per row. */
  t: TFunction;
}

/** What a row shows and says: worked out once per row, view and language (a busy log redraws its rows ~30 times a second). */
function useRowWords(row: LogRow | undefined, view: PayloadView, t: TFunction) {
  return useMemo(() => {
    if (!row) return null;
    const dir = directionOf(row);
    return {
      dir,
      name: rowName(row, view, t),
      time: timeText(row.time),
      direction: t(`direction.${dir}`),
      peer: endpointText(row.peer),
      size: sizeText(row, t),
      summary: rowSummary(row, view, t),
      // Hex beside ASCII: two columns of their own, so the ASCII lines up row under row.
      columns:
        view === 'hex-ascii' && row.type === 'data'
          ? { hex: toHex(row.bytes), ascii: asciiOf(row.bytes), more: (row.size ?? 0) > row.bytes.length }
          : null,
    };
  }, [row, view, t]);
}

function Row({ id, row, view, selected, position, setSize, onSelect, t }: RowProps) {
  const words = useRowWords(row, view, t);
  if (!words) {
    // Not fetched yet: nothing to announce, it is replaced within a frame or two.
    return (
      <div aria-hidden="true" className="px-2 text-slate-500">
        …
      </div>
    );
  }
  const { dir } = words;
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={words.name}
      aria-posinset={position}
      aria-setsize={setSize}
      onClick={onSelect}
      // Selected: a tint and a sky bar at the left edge (a tint alone is faint). The active row also
      // shows the focus ring while the list has keyboard focus (the list keeps DOM focus).
      className={`flex h-full cursor-default items-center gap-2 border-b border-slate-100 px-2 dark:border-slate-800 ${selected ? 'bg-sky-100 shadow-[inset_4px_0_0_0_var(--color-sky-700)] group-focus-visible:outline-2 group-focus-visible:-outline-offset-2 group-focus-visible:outline-(--focus-ring) dark:bg-sky-950 dark:shadow-[inset_4px_0_0_0_var(--color-sky-400)]' : 'hover:bg-slate-50 dark:hover:bg-slate-800/50'}`}
    >
      {/* The spaces between cells take no room (flex) but keep the words apart in the row's text,
          which must read as its accessible name does. */}
      <span className="w-24 shrink-0 text-slate-600 dark:text-slate-400">{words.time}</span>{' '}
      {/* The same line height as the other cells: a row cut at the list's edge is cut evenly, never its badge alone. */}
      <span className={`w-12 shrink-0 rounded px-1 text-center text-[11px] leading-4 font-semibold uppercase ${directionStyle[dir]}`}>
        {words.direction}
      </span>{' '}
      {/* A long peer (an IPv6 address with a zone) gives way to the payload; the whole of it in the tooltip. */}
      <span className="w-36 min-w-12 shrink truncate text-slate-600 dark:text-slate-300" title={words.peer}>
        {words.peer}
      </span>{' '}
      <span className="w-18 shrink-0 text-right text-slate-600 dark:text-slate-400">{words.size}</span>{' '}
      {words.columns ? (
        <>
          <span className="min-w-40 flex-[3] truncate whitespace-pre font-mono">
            {words.columns.hex}
            {words.columns.more ? ' …' : ''}
          </span>{' '}
          <span className="min-w-0 flex-[1] truncate whitespace-pre border-l border-slate-200 pl-2 font-mono dark:border-slate-700">
            {words.columns.ascii}
          </span>
        </>
      ) : (
        <span
          className={`min-w-40 flex-1 truncate whitespace-pre ${dir === 'error' ? 'text-red-700 dark:text-red-300' : dir === 'event' ? 'italic text-slate-600 dark:text-slate-300' : ''}`}
        >
          {words.summary}
        </span>
      )}
    </div>
  );
}

/**
 * The active row: its seq, and, when it was picked in a filtered list, its place there (the list's
 * rows are matches by position, and the keyboard moves by position).
 */
interface Picked {
  sessionId: string;
  seq: number | null;
  row: LogRow | undefined;
  at: { filterId: number; position: number } | null;
}

export function MessageLog({ session, log }: { session: SessionInfo; log: SessionLog }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<PayloadView>('text');
  const [follow, setFollow] = useState(true);
  useSyncExternalStore(logFilter.subscribe, logFilter.getVersion);
  // With a filter the list shows its matches: keys are positions in the match list, not seqs.
  const filtered = logFilter.filtered(session.id);
  const filterId = filtered?.status.id ?? null;
  const first = shownFirst(log);
  const base = filtered ? filtered.status.first : first;
  const count = filtered ? filtered.status.matches : Math.max(0, log.total - first);
  const rowAt = (key: number): LogRow | undefined => (filtered ? filtered.rows.get(key) : log.rows.get(key));
  // The active row belongs to the session it was picked in: showing another session starts with none.
  const [picked, setPicked] = useState<Picked | null>(null);
  const mine = picked?.sessionId === session.id ? picked : null;
  const pickedPosition = mine?.at && mine.at.filterId === filterId ? mine.at.position : null;
  /** The active row's key in this list, when it is known here. */
  const selectedKey = filtered ? pickedPosition : (mine?.seq ?? null);
  const rowIdPrefix = useId();
  const rowId = (key: number): string => `${rowIdPrefix}-${filtered ? `match-${filterId}` : 'row'}-${key}`;
  const onUserScroll = useCallback((atBottom: boolean) => setFollow(atBottom), []);
  const { ref, onScroll, start, end, totalHeight } = useFixedRows(count, follow, onUserScroll);

  useEffect(() => {
    if (filterId !== null) logFilter.setVisible(session.id, base + start, base + end);
    else store.setVisible(session.id, base + start, base + end);
  }, [session.id, filterId, base, start, end, count, log.total]);

  const selectedRow = ((): LogRow | undefined => {
    if (!mine) return undefined;
    const row =
      pickedPosition !== null
        ? (filtered?.rows.get(pickedPosition) ?? mine.row)
        : mine.seq !== null
          ? (log.rows.get(mine.seq) ?? mine.row)
          : undefined;
    return row && row.seq >= first ? row : undefined;
  })();
  const isSelected = (key: number, row: LogRow | undefined): boolean =>
    selectedKey !== null ? key === selectedKey : mine?.seq != null && row?.seq === mine.seq;
  const pick = (key: number | null, row: LogRow | undefined): void =>
    setPicked(
      key === null
        ? null
        : filtered
          ? { sessionId: session.id, seq: row?.seq ?? null, row, at: { filterId: filtered.status.id, position: key } }
          : { sessionId: session.id, seq: key, row, at: null },
    );

  /** Selects the row at `key` and scrolls the list just enough to show it; new rows no longer pull the list down. */
  const showRow = (key: number): void => {
    pick(key, rowAt(key));
    setFollow(false);
    const el = ref.current;
    if (el) {
      const top = (key - base) * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    }
  };

  // A step picked in the sequence diagram: its row. Not with a filter on (the list then holds matches, by position).
  const showFocused = useRef<(seq: number) => void>(() => undefined);
  useEffect(() => {
    showFocused.current = (seq) => {
      if (!filtered && seq >= base && seq < base + count) showRow(seq);
    };
  });
  useEffect(
    () =>
      logFocus.subscribe(() => {
        const request = logFocus.request;
        if (request?.sessionId === session.id) showFocused.current(request.seq);
      }),
    [session.id],
  );

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const el = ref.current;
    const page = Math.max(1, Math.floor((el?.clientHeight ?? rowHeight) / rowHeight) - 1);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    const step = steps[e.key];
    if (step === undefined || count === 0) return;
    e.preventDefault();
    const current = selectedKey ?? base + count;
    const next = Math.min(base + count - 1, Math.max(base, current + step));
    showRow(next);
    const row = rowAt(next);
    if (row) diagramFocus.show(session.id, row.seq);
  }

  const rows = [];
  for (let i = start; i < end; i++) {
    const key = base + i;
    const row = rowAt(key);
    rows.push(
      <div key={key} style={{ position: 'absolute', top: i * rowHeight, height: rowHeight, left: 0, right: 0 }}>
        <Row
          id={rowId(key)}
          row={row}
          view={view}
          selected={isSelected(key, row)}
          position={i + 1}
          setSize={count}
          onSelect={() => {
            pick(key, row);
            if (row) diagramFocus.show(session.id, row.seq);
          }}
          t={t}
        />
      </div>,
    );
  }
  // Screen readers follow the active row through aria-activedescendant; it may only name a row
  // that exists, and the list is virtualized, so it is left out while that row is scrolled away.
  let activeId: string | undefined;
  for (let key = base + start; key < base + end && activeId === undefined; key++) {
    const row = rowAt(key);
    if (row && isSelected(key, row)) activeId = rowId(key);
  }

  return (
    <section aria-label={t('log.title')} data-work-fill className="flex flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-1.5 dark:border-slate-700">
        <h2 className="text-sm font-semibold">{t('log.title')}</h2>
        <SimulatedBadge session={session} />
        <span className="text-xs text-slate-500 dark:text-slate-400" data-testid="log-count">
          {t('log.entries', { count: Math.max(0, log.total - first) })}
          {log.first > 0 ? ` · ${t('log.dropped', { count: log.first })}` : ''}
        </span>
        {store.canUndoClear(session.id) ? (
          // Clear asks nothing; it can be taken back for a few seconds instead.
          <span role="status" className="flex items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
            {t('log.cleared', { seconds: clearUndoMs / 1000 })}
            <Button onClick={() => store.undoClear(session.id)}>{t('log.undo')}</Button>
          </span>
        ) : null}
        {filtered ? (
          <span className="text-xs font-semibold text-sky-800 dark:text-sky-300" data-testid="match-count">
            {t('filter.matches', { count: filtered.status.matches, formatted: formatNumber(filtered.status.matches, i18n.language) })}
          </span>
        ) : null}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <EncodingSelect session={session} />
          <div role="group" aria-label={t('log.payloadView')} className="flex gap-1">
            <Button aria-pressed={view === 'text'} onClick={() => setView('text')}>
              {t('log.viewText')}
            </Button>
            <Button aria-pressed={view === 'hex'} onClick={() => setView('hex')}>
              {t('log.viewHex')}
            </Button>
            <Button aria-pressed={view === 'hex-ascii'} onClick={() => setView('hex-ascii')}>
              {t('log.viewHexAscii')}
            </Button>
          </div>
          <Button aria-pressed={!follow} onClick={() => setFollow((f) => !f)}>
            {follow ? t('log.pause') : t('log.resume')}
          </Button>
          <ExportMenu session={session} hasFilter={Boolean(filtered)} />
          <Button onClick={() => store.clearLog(session.id)} {...shortcutTarget('clear')}>
            {t('log.clear')}
          </Button>
        </div>
      </div>
      <FilterBar sessionId={session.id} />
      {/* At least five rows: what the connection form leaves the list when the window is small (layout/app-panes.tsx).
          Sized without its rows (contain: size): the log asks for its header and these rows, whatever the list holds. */}
      <div data-work-stretch className="flex min-h-30 flex-1 flex-col [contain:size]">
        <LogPanes
          list={
            <div
              ref={ref}
              onScroll={onScroll}
              role="listbox"
              aria-label={t('log.entriesLabel')}
              aria-activedescendant={activeId}
              tabIndex={0}
              onKeyDown={onKeyDown}
              className="group relative min-h-0 flex-1 overflow-auto font-mono text-xs focus-visible:-outline-offset-2"
            >
              <div style={{ height: totalHeight, position: 'relative' }}>{rows}</div>
              {count === 0 ? (
                <p className="absolute inset-0 p-4 text-sm text-slate-500 dark:text-slate-400">
                  {filtered ? t('filter.none') : t('log.empty')}
                </p>
              ) : null}
            </div>
          }
          details={
            selectedRow
              ? (fold) => (
                  <DetailPane
                    key={`${session.id}:${selectedRow.seq}`}
                    sessionId={session.id}
                    row={selectedRow}
                    onClose={() => pick(null, undefined)}
                    fold={fold}
                  />
                )
              : null
          }
        />
      </div>
    </section>
  );
}
