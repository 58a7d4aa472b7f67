// The lab's live sequence diagram of the selected session (a region named "Sequence diagram"): its calls
// and the packets inferred around them, drawn as they happen, stepped through one at a time, exported.
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatHostPort } from '../../../../shared/address';
import { isClientKind } from '../../../../shared/kinds';
import type { Lifeline, StepMapper } from '../../../../shared/lesson/steps';
import { formatNumber } from '../../lib/format-number';
import { useDarkTheme } from '../../lib/theme';
import { Button } from '../../lib/ui';
import { store } from '../../state/app-store';
import type { LabProps } from '../lab/lab-props';
import { diagramFeed } from './diagram-feed';
import { columns, headerHeight, scrollFor, stepHeight, visibleRows } from './diagram-layout';
import { diagramPng, diagramSvgText, fileStem, type ExportInput } from './diagram-export';
import { download } from '../../lib/download';
import { DiagramHeader, DiagramRows, palettes, type StepTexts } from './diagram-svg';
import { glossaryFor, relativeTime, stepLabel, stepSentence } from './step-text';
import { labNav } from '../lab/lab-nav';
import { diagramFocus, logFocus } from '../../state/row-focus';

export function SequenceDiagram({ session, log }: LabProps) {
  const { t } = useTranslation();
  const storeVersion = useSyncExternalStore(store.subscribe, store.getVersion);
  useSyncExternalStore(diagramFeed.subscribe, diagramFeed.getVersion);

  useEffect(() => {
    diagramFeed.forgetAllBut(store.sessions.keys());
    if (session && log) diagramFeed.sync(session.id, session.kind, log);
  }, [session, log, storeVersion]);

  if (!session || !log) {
    const attempt = diagramFeed.failedAttempt;
    return (
      <section aria-label={t('diagram.title')} className="flex min-h-0 flex-1 flex-col">
        <h3 className="border-b border-slate-200 px-2 py-1 text-xs font-semibold dark:border-slate-700">{t('diagram.title')}</h3>
        <p className="px-2 pt-2 text-sm text-slate-600 dark:text-slate-300">{t('diagram.noSession')}</p>
        <p className="px-2 py-1 text-xs text-slate-500 dark:text-slate-400">{t('diagram.legend')}</p>
        {attempt ? (
          <>
            <p className="px-2 pt-1 text-xs font-semibold">{t('diagram.attempt')}</p>
            <DiagramView
              key={attempt.failed.time}
              mapper={attempt.mapper}
              since={attempt.failed.time}
              title={`${t(`kind.${attempt.failed.kind}`)} ${formatHostPort(attempt.failed.host, attempt.failed.port)}`}
              stem={fileStem(`${attempt.failed.kind} ${attempt.failed.host} ${attempt.failed.port}`)}
              impaired={false}
            />
          </>
        ) : null}
      </section>
    );
  }
  const where = isClientKind(session.kind) ? session.target : (session.local ?? session.target);
  return (
    <section aria-label={t('diagram.title')} className="flex min-h-0 flex-1 flex-col">
      <DiagramView
        key={session.id}
        mapper={diagramFeed.mapper(session.id, session.kind)}
        since={session.openedAt}
        title={`${t(`kind.${session.kind}`)} ${formatHostPort(where.host, where.port)}`}
        stem={fileStem(`${session.kind} ${where.host} ${where.port}`)}
        impaired={Boolean(session.impair?.settings)}
        heading
        sessionId={session.id}
      />
    </section>
  );
}

interface ViewProps {
  mapper: StepMapper;
  /** Times are shown from here (the session's opening). */
  since: number;
  title: string;
  stem: string;
  impaired: boolean;
  heading?: boolean;
  /** The session whose log shows the row of a step the reader picks (none: an attempt that left no session). */
  sessionId?: string;
}

function DiagramView({ mapper, since, title, stem, impaired, heading = false, sessionId }: ViewProps) {
  const { t, i18n } = useTranslation();
  const dark = useDarkTheme();
  const p = palettes[dark ? 'dark' : 'light'];
  const steps = mapper.steps;
  const count = steps.length;
  const [live, setLive] = useState(true);
  /** The highlighted step's index (stable while the front is dropped); null: none yet. */
  const [picked, setPicked] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, width: 440, height: 300 });

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => setView((v) => ({ ...v, width: el.clientWidth, height: el.clientHeight - headerHeight }));
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);

  const firstIndex = steps[0]?.index ?? 0;
  const currentRow = count === 0 ? null : live ? count - 1 : Math.min(count - 1, Math.max(0, (picked ?? 0) - firstIndex));

  // Live: the newest step stays in view as steps arrive.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !live) return;
    const bottom = Math.max(0, count * stepHeight + headerHeight - el.clientHeight);
    if (Math.abs(el.scrollTop - bottom) > 1) el.scrollTop = bottom;
    setView((v) => (v.top === el.scrollTop ? v : { ...v, top: el.scrollTop }));
  }, [count, live, view.height]);

  /** Steps to `row` (the reader's pick: the log beside then selects the row this step was drawn from). */
  const goTo = (row: number, fromLog = false): void => {
    const target = steps[Math.min(count - 1, Math.max(0, row))];
    if (!target) return;
    setLive(false);
    setPicked(target.index);
    if (sessionId && !fromLog) logFocus.show(sessionId, target.seq);
    const el = scroller.current;
    if (el) {
      const row0 = target.index - firstIndex;
      const top = scrollFor(row0, el.scrollTop, el.clientHeight - headerHeight);
      if (top !== el.scrollTop) el.scrollTop = top;
    }
  };
  // A row picked in the log: its step, or the last step before it (a row that draws none, such as a notice).
  const stepToRow = useRef<(seq: number) => void>(() => undefined);
  useEffect(() => {
    stepToRow.current = (seq) => {
      let at = -1;
      for (let i = 0; i < count && steps[i]!.seq <= seq; i++) if (at === -1 || steps[i]!.seq !== steps[at]!.seq) at = i;
      if (at !== -1) goTo(at, true);
    };
  });
  useEffect(
    () =>
      diagramFocus.subscribe(() => {
        const request = diagramFocus.request;
        if (sessionId !== undefined && request?.sessionId === sessionId) stepToRow.current(request.seq);
      }),
    [sessionId],
  );
  const stepBy = (delta: number): void => goTo((currentRow ?? count) + delta);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, () => void> = {
      ArrowUp: () => stepBy(-1),
      ArrowDown: () => stepBy(1),
      Home: () => goTo(0),
      End: () => setLive(true),
    };
    const move = moves[e.key];
    if (!move || count === 0) return;
    e.preventDefault();
    move();
  };

  const language = i18n.language;
  const lines = new Map(mapper.lifelines.map((l) => [l.id, l]));
  const texts: StepTexts = {
    label: (s) => stepLabel(s, t, language),
    sentence: (s) => stepSentence(s, lines, since, t, language),
    time: (row) => {
      const s = steps[row];
      if (!s || (row > 0 && steps[row - 1]!.seq === s.seq)) return null;
      return relativeTime(s.time - since);
    },
  };
  const name = (l: Lifeline): string[] => {
    const role = l.connectionId ? `${t('diagram.lifeline.client')} ${l.connectionId}` : t(`diagram.lifeline.${l.role}`);
    return l.label === '' ? [role] : [role, l.label];
  };
  const lifelines = mapper.lifelines;
  const cols = columns(lifelines.length, view.width);
  const { start, end } = visibleRows(view.top, view.height, count);

  const exportInput = (): ExportInput => ({
    steps,
    lifelines,
    width: Math.max(view.width, 440),
    p,
    texts,
    name,
    title: `${t('diagram.title')}: ${title}`,
    around: currentRow,
  });
  const exportAs = async (format: 'svg' | 'png'): Promise<void> => {
    setFailure(null);
    try {
      const file = `${stem}.sequence.${format}`;
      if (format === 'svg') download(new Blob([diagramSvgText(exportInput())], { type: 'image/svg+xml' }), file);
      else download(await diagramPng(exportInput()), file);
    } catch (err) {
      setFailure(t('diagram.exportFailed', { reason: err instanceof Error ? err.message : String(err) }));
    }
  };

  const current = currentRow === null ? null : steps[currentRow];
  const dropped = mapper.dropped;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-1 border-b border-slate-200 px-2 py-1 dark:border-slate-700">
        {heading ? <h3 className="mr-1 text-xs font-semibold">{t('diagram.title')}</h3> : null}
        {impaired ? (
          <span
            title={t('diagram.simulatedHint')}
            className="rounded bg-amber-100 px-1.5 py-0.5 text-[11px] font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100"
          >
            {t('diagram.simulated')}
          </span>
        ) : null}
        <div className="ml-auto flex flex-wrap items-center gap-1">
          <Button className="!px-2 !py-0.5 !text-xs" onClick={() => stepBy(-1)} disabled={count === 0 || currentRow === 0}>
            {t('diagram.stepBack')}
          </Button>
          <Button className="!px-2 !py-0.5 !text-xs" onClick={() => stepBy(1)} disabled={count === 0 || live || currentRow === count - 1}>
            {t('diagram.stepForward')}
          </Button>
          <Button className="!px-2 !py-0.5 !text-xs" aria-pressed={live} onClick={() => setLive(true)}>
            {t('diagram.live')}
          </Button>
          <Button className="!px-2 !py-0.5 !text-xs" onClick={() => void exportAs('svg')} disabled={count === 0}>
            {t('diagram.exportSvg')}
          </Button>
          <Button className="!px-2 !py-0.5 !text-xs" onClick={() => void exportAs('png')} disabled={count === 0}>
            {t('diagram.exportPng')}
          </Button>
        </div>
      </div>
      {dropped > 0 ? (
        <p className="px-2 pt-1 text-xs text-slate-600 dark:text-slate-300">
          {t('diagram.dropped', { count: dropped, formatted: formatNumber(dropped, language) })}
        </p>
      ) : null}
      {failure ? (
        <p role="alert" className="px-2 pt-1 text-xs text-red-700 dark:text-red-400">
          {failure}
        </p>
      ) : null}
      <div className="flex items-center gap-2 px-2 py-0.5">
        <p role="status" className="min-w-0 flex-1 truncate text-xs text-slate-700 dark:text-slate-200" data-testid="diagram-step">
          {current
            ? t('diagram.position', {
                at: formatNumber(currentRow! + 1, language),
                count: formatNumber(count, language),
                text: stepLabel(current, t, language),
              })
            : t('diagram.empty')}
        </p>
        {current ? (
          // The glossary words each term; the diagram only links to it.
          <button
            type="button"
            onClick={() => labNav.explain(glossaryFor(current))}
            className="shrink-0 text-xs text-sky-800 underline hover:text-sky-950 dark:text-sky-300 dark:hover:text-sky-100"
          >
            {t('diagram.explain')}
          </button>
        ) : null}
      </div>
      <div
        ref={scroller}
        tabIndex={0}
        role="group"
        aria-label={t('diagram.steps')}
        onKeyDown={onKeyDown}
        onScroll={(e) => {
          const top = e.currentTarget.scrollTop;
          setView((v) => (v.top === top ? v : { ...v, top }));
        }}
        className="relative min-h-0 flex-1 overflow-auto focus-visible:-outline-offset-2"
      >
        <svg width={cols.width} height={headerHeight} className="sticky top-0 z-10 block" fontFamily="inherit">
          <rect width={cols.width} height={headerHeight} fill={p.background} />
          <DiagramHeader lifelines={lifelines} cols={cols} p={p} name={name} />
        </svg>
        <div className="relative" style={{ height: count * stepHeight, width: cols.width }}>
          <svg
            width={cols.width}
            height={Math.max(0, end - start) * stepHeight}
            overflow="visible"
            className="absolute left-0 block"
            style={{ top: start * stepHeight }}
          >
            <DiagramRows
              steps={steps}
              start={start}
              end={end}
              top={0}
              lifelines={lifelines}
              cols={cols}
              p={p}
              texts={texts}
              current={currentRow}
              onPick={(row) => goTo(row)}
            />
          </svg>
        </div>
      </div>
    </div>
  );
}
