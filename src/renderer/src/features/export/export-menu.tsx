// The message log's "Export" menu: format, whole log or filtered view, a file name in the exports
// folder; the export runs as a job in the main process with progress and Cancel, and ends with the
// file's full path.
import { memo, useEffect, useId, useLayoutEffect, useRef, useState, useSyncExternalStore, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError, SessionInfo } from '../../../../shared/contract';
import { exportFormats, type ExportFormat } from '../../../../shared/export-formats';
import { api } from '../../api';
import { formatNumber } from '../../lib/format-number';
import { useSay } from '../../lib/problem-text';
import { Button, SelectField, TextField } from '../../lib/ui';
import { store } from '../../state/app-store';
import { formatBytes } from '../status-bar/format-bytes';

type Scope = 'all' | 'filtered';
/** Where a refusal is shown: at the field it concerns, or under the Start button. */
type ErrorPlace = 'fileName' | 'filtered' | 'format' | 'other';

/** About the panel's height with a result or an error shown: less room than this below the button, and it opens upwards. */
const panelHeightPx = 380;

// break-keep: Korean lines wrap between words, not inside one.
const panelClass =
  'flex w-96 flex-col gap-2 break-keep rounded border border-slate-300 bg-white p-3 text-sm shadow-lg dark:border-slate-600 dark:bg-slate-800';

const placeOf = (error: CommandError): ErrorPlace =>
  error.field === 'fileName' || error.field === 'filtered' || error.field === 'format' ? error.field : 'other';

export const ExportMenu = memo(function ExportMenu({ session, hasFilter }: { session: SessionInfo; hasFilter: boolean }) {
  const { t, i18n } = useTranslation();
  const say = useSay();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('pcapng');
  const [scope, setScope] = useState<Scope>('all');
  const [fileName, setFileName] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<ErrorPlace, string>>>({});
  const [started, setStarted] = useState<{ job: string; path: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<'copied' | 'copyFailed' | null>(null);
  const job = useSyncExternalStore(store.subscribe, () => (started ? store.jobs.get(started.job) : undefined));
  const running = busy || job?.state === 'running' || (started !== null && job === undefined);
  const number = (n: number): string => formatNumber(n, i18n.resolvedLanguage);
  const anchor = useRef<HTMLDivElement>(null);
  // The log's toolbar may sit low in the window: the panel then opens upwards, over the controls. It is
  // placed against the window, not the pane it opens from: a pane that scrolls (features/layout) would cut
  // it off; where even the window is short, it scrolls inside. Placed again as the pane scrolls.
  const [place, setPlace] = useState<CSSProperties>({});
  useLayoutEffect(() => {
    const el = anchor.current;
    if (!open || !el) return;
    const placeIt = (): void => {
      const r = el.getBoundingClientRect();
      const below = window.innerHeight - r.bottom;
      const upwards = below < panelHeightPx && r.top > below;
      setPlace({
        position: 'fixed',
        right: Math.max(4, window.innerWidth - r.right),
        ...(upwards ? { bottom: window.innerHeight - r.top + 4 } : { top: r.bottom + 4 }),
        maxHeight: Math.max(120, (upwards ? r.top : below) - 8),
        overflowY: 'auto',
      });
    };
    placeIt();
    addEventListener('resize', placeIt);
    addEventListener('scroll', placeIt, true);
    return () => {
      removeEventListener('resize', placeIt);
      removeEventListener('scroll', placeIt, true);
    };
  }, [open]);

  // The filter was removed while "filtered view" was chosen: the whole log is what remains.
  useEffect(() => {
    if (!hasFilter && scope === 'filtered') setScope('all');
  }, [hasFilter, scope]);

  async function start(): Promise<void> {
    setErrors({});
    setCopied(null);
    setBusy(true);
    const name = fileName.trim();
    const result = await api.startExport({
      sessionId: session.id,
      format,
      filtered: scope === 'filtered',
      overwrite,
      ...(name === '' ? {} : { fileName: name }),
    });
    setBusy(false);
    if (!result.ok) {
      setErrors({ [placeOf(result.error)]: say(result.error) });
      return;
    }
    setStarted({ job: result.value.job, path: result.value.path });
  }

  async function copyPath(path: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(path);
      setCopied('copied');
    } catch {
      setCopied('copyFailed');
    }
  }

  const percent = job && job.total > 0 ? Math.floor((job.done * 100) / job.total) : 0;
  return (
    <div ref={anchor} className="relative">
      <Button aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        {t('exportLog.button')}
      </Button>
      {open ? (
        <div
          id={panelId}
          role="group"
          aria-label={t('exportLog.panel')}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
          style={place}
          className={`z-30 ${panelClass}`}
        >
          <div className="flex gap-2">
            <SelectField
              label={t('exportLog.format')}
              value={format}
              onChange={(e) => setFormat(e.target.value as ExportFormat)}
              error={errors.format}
              className="w-40 shrink-0"
              disabled={running}
            >
              {exportFormats.map((f) => (
                <option key={f} value={f}>
                  {t(`exportLog.formats.${f}`)}
                </option>
              ))}
            </SelectField>
            <fieldset className="flex min-w-0 flex-col gap-1" disabled={running}>
              <legend className="text-xs font-semibold text-slate-600 dark:text-slate-300">{t('exportLog.rows')}</legend>
              <label className="flex items-center gap-1.5 text-sm">
                <input type="radio" name={`${panelId}-scope`} checked={scope === 'all'} onChange={() => setScope('all')} />
                {t('exportLog.wholeLog')}
              </label>
              <label className="flex items-center gap-1.5 text-sm">
                <input
                  type="radio"
                  name={`${panelId}-scope`}
                  checked={scope === 'filtered'}
                  disabled={!hasFilter}
                  onChange={() => setScope('filtered')}
                />
                {t('exportLog.filteredView')}
              </label>
              {errors.filtered ? (
                <p role="alert" className="text-xs text-red-600 dark:text-red-400">
                  {errors.filtered}
                </p>
              ) : null}
            </fieldset>
          </div>
          <TextField
            label={t('exportLog.fileName')}
            value={fileName}
            placeholder={t('exportLog.fileNamePlaceholder')}
            onChange={(e) => {
              setFileName(e.target.value);
              setErrors((current) => ({ ...current, fileName: undefined }));
            }}
            error={errors.fileName}
            hint={t('exportLog.fileNameHint', { ext: format })}
            disabled={running}
          />
          <label className="flex items-center gap-1.5 text-xs text-slate-700 dark:text-slate-200">
            <input type="checkbox" checked={overwrite} disabled={running} onChange={(e) => setOverwrite(e.target.checked)} />
            {t('exportLog.overwrite')}
          </label>
          {format === 'pcapng' ? <p className="text-xs text-slate-600 dark:text-slate-300">{t('exportLog.pcapngNote')}</p> : null}
          <div className="flex items-center gap-2">
            <Button tone="primary" onClick={() => void start()} disabled={running}>
              {t('exportLog.start')}
            </Button>
            {running && started ? (
              <Button onClick={() => void api.cancelJob({ jobId: started.job })}>{t('exportLog.cancel')}</Button>
            ) : null}
          </div>
          {errors.other ? (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {errors.other}
            </p>
          ) : null}
          {job?.state === 'running' ? (
            <div className="flex items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
              <progress aria-label={t('exportLog.progressLabel')} max={Math.max(1, job.total)} value={job.done} className="w-40" />
              <span role="status">{t('exportLog.progress', { done: number(job.done), total: number(job.total), percent })}</span>
            </div>
          ) : null}
          {job?.command === 'export' && job.state === 'done' ? (
            <div className="flex flex-col gap-0.5 text-xs" data-testid="export-done">
              <span role="status" className="text-slate-700 dark:text-slate-200">
                {t('exportLog.done', { rows: number(job.result.rows), bytes: formatBytes(job.result.bytes) })}
              </span>
              {job.result.from === 'capture' ? (
                <span className="text-slate-600 dark:text-slate-300">{t('exportLog.fromCapture')}</span>
              ) : null}
              <span className="flex items-start gap-2">
                <code className="min-w-0 flex-1 break-all text-slate-800 dark:text-slate-100" data-testid="export-path">
                  {job.result.path}
                </code>
                <Button className="py-0 text-xs" onClick={() => void copyPath(job.result.path)}>
                  {t('exportLog.copyPath')}
                </Button>
              </span>
              {copied ? <span className="text-slate-600 dark:text-slate-300">{t(`capture.${copied}`)}</span> : null}
            </div>
          ) : null}
          {job && (job.state === 'cancelled' || job.state === 'failed') ? (
            <p role={job.state === 'failed' ? 'alert' : 'status'} className="text-xs text-slate-700 dark:text-slate-200">
              {say(job.error)}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
});
