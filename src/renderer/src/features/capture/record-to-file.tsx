// The "Record to file" switch of a session: starts and stops the engine's capture, and shows its
// file, how much is on disk, and any loss or failure in plain words.
import { memo, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError, SessionInfo } from '../../../../shared/contract';
import { api } from '../../api';
import { formatNumber } from '../../lib/format-number';
import { useSay } from '../../lib/problem-text';
import { Button } from '../../lib/ui';
import { sessionPropsEqual } from '../../lib/same-session';
import { formatBytes } from '../status-bar/format-bytes';

export const RecordToFile = memo(function RecordToFile({ session }: { session: SessionInfo }) {
  const { t, i18n } = useTranslation();
  const say = useSay();
  const hintId = useId();
  const capture = session.capture ?? null;
  const on = capture?.state === 'recording';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);
  const [copied, setCopied] = useState<'copied' | 'copyFailed' | null>(null);

  async function toggle(): Promise<void> {
    setBusy(true);
    setError(null);
    setCopied(null);
    const result = on ? await api.stopCapture({ sessionId: session.id }) : await api.startCapture({ sessionId: session.id });
    setBusy(false);
    if (!result.ok) setError(result.error);
  }

  async function copyPath(path: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(path);
      setCopied('copied');
    } catch {
      setCopied('copyFailed');
    }
  }

  const heading =
    capture?.state === 'recording' ? 'capture.recordingTo' : capture?.state === 'failed' ? 'capture.failedTo' : 'capture.recordedTo';
  return (
    <div className="flex w-80 max-w-full shrink-0 flex-col gap-1 text-xs">
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-describedby={hintId}
        disabled={busy}
        onClick={() => void toggle()}
        title={t('capture.hint')}
        className="flex items-center gap-2 self-start rounded text-sm font-semibold disabled:opacity-60"
      >
        {/* The track and knob only show the state the switch already says. */}
        <span
          aria-hidden="true"
          className={`relative inline-block h-4 w-7 shrink-0 rounded-full ${on ? 'bg-red-600' : 'bg-slate-500 dark:bg-slate-500'}`}
        >
          <span className={`absolute top-0.5 h-3 w-3 rounded-full bg-white ${on ? 'left-3.5' : 'left-0.5'}`} />
        </span>
        {t('capture.title')}
      </button>
      {/* Said with the switch, and shown as its tooltip: the strip stays one line until there is a file to show. */}
      <span id={hintId} className="sr-only">
        {t('capture.hint')}
      </span>
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {say(error)}
        </p>
      ) : null}
      {capture ? (
        <div className="flex flex-col gap-0.5" data-testid="capture-status">
          <span
            className={capture.state === 'failed' ? 'font-semibold text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-300'}
          >
            {t(heading)}
          </span>
          <span className="flex items-start gap-2">
            <code className="min-w-0 flex-1 break-all text-slate-800 dark:text-slate-100" data-testid="capture-path">
              {capture.path}
            </code>
            <Button className="py-0 text-xs" onClick={() => void copyPath(capture.path)}>
              {t('capture.copyPath')}
            </Button>
          </span>
          <span className="text-slate-600 tabular-nums dark:text-slate-300" data-testid="capture-progress">
            {t('capture.progress', { events: formatNumber(capture.events, i18n.resolvedLanguage), bytes: formatBytes(capture.bytes) })}
          </span>
          {capture.dropped > 0 ? (
            <p role="alert" className="font-semibold text-red-700 dark:text-red-300">
              {say({ key: 'captureDropped', params: { count: formatNumber(capture.dropped, i18n.resolvedLanguage) } })}
            </p>
          ) : null}
          {capture.state === 'failed' && capture.error ? (
            <p role="alert" className="text-red-700 dark:text-red-300">
              {say(capture.error)}
            </p>
          ) : null}
          <span role="status" className="text-slate-600 dark:text-slate-300">
            {copied ? t(`capture.${copied}`) : null}
          </span>
        </div>
      ) : null}
    </div>
  );
}, sessionPropsEqual);
