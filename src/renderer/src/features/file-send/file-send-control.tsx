// The composer's "Send file" control: a path typed or pasted (in Electron also picked with the system's
// dialog), a datagram size on UDP, then the job's progress with a Cancel, and how it ended. The main
// process reads the file (sendFile): the window never holds its bytes, whatever its size.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { fileChunkRange, type CommandError, type JobInfo, type SendTarget, type SessionInfo } from '../../../../shared/contract';
import { api } from '../../api';
import { formatNumber } from '../../lib/format-number';
import { useSay } from '../../lib/problem-text';
import { Button, TextField } from '../../lib/ui';
import { store } from '../../state/app-store';

interface Props {
  session: SessionInfo;
  live: boolean;
  /** Where the file goes (the composer's destination or client), or null when the composer showed why not. */
  target: () => SendTarget | null;
}

type Errors = Partial<Record<'path' | 'chunk', string>>;
type Ended = { state: 'done'; bytes: number } | { state: 'cancelled' | 'failed'; error: CommandError };

/** Only Electron has a native file dialog (its preload puts socketLab on window); a browser tab types the path. */
const canPick = typeof window !== 'undefined' && window.socketLab !== undefined;

function FileProgress({ job, onCancel }: { job: JobInfo; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const n = (value: number): string => formatNumber(value, i18n.resolvedLanguage);
  const percent = job.total > 0 ? Math.floor((job.done * 100) / job.total) : null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
      <progress
        aria-label={t('fileSend.progressLabel')}
        max={Math.max(1, job.total)}
        value={job.total > 0 ? job.done : undefined}
        className="w-48"
      />
      <span role="status" className="tabular-nums" data-testid="file-progress">
        {percent === null
          ? t('fileSend.progressUnknown', { done: n(job.done) })
          : t('fileSend.progress', { done: n(job.done), total: n(job.total), percent })}
      </span>
      <Button onClick={onCancel} title={t('fileSend.cancelHint')}>
        {t('fileSend.cancel')}
      </Button>
    </div>
  );
}

/** The composer row's button that shows the file fields below it: folded, they take no room from the log. */
export function FileSendToggle({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <Button aria-expanded={open} onClick={onToggle} title={t('fileSend.toggleHint')}>
      {t('fileSend.toggle')}
    </Button>
  );
}

export function FileSendControl({ session, live, target }: Props) {
  const { t, i18n } = useTranslation();
  const say = useSay();
  const [filePath, setFilePath] = useState('');
  const [chunk, setChunk] = useState(String(fileChunkRange.default));
  const [errors, setErrors] = useState<Errors>({});
  const [starting, setStarting] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [ended, setEnded] = useState<Ended | null>(null);
  const job = useSyncExternalStore(store.subscribe, () => (jobId !== null ? store.jobs.get(jobId) : undefined));
  const sessionJob = useSyncExternalStore(store.subscribe, () => store.runningJob(session.id, 'sendFile'));
  const unfollow = useRef<(() => void) | null>(null);
  useEffect(() => () => unfollow.current?.(), []);
  const udp = session.kind === 'udp';

  /** Watches the job until it ends, then keeps its outcome as data (worded while rendering). */
  function follow(id: string): void {
    unfollow.current?.();
    setJobId(id);
    const check = (): void => {
      const info = store.jobs.get(id);
      if (!info || info.state === 'running') return;
      unfollow.current?.();
      unfollow.current = null;
      if (info.state === 'done') setEnded({ state: 'done', bytes: info.result.bytes });
      else setEnded({ state: info.state, error: info.error });
      if (info.state === 'failed') setErrors({ path: say(info.error) });
    };
    unfollow.current = store.subscribe(check);
    check();
  }

  async function sendFile(): Promise<void> {
    const found: Errors = {};
    if (filePath.trim() === '') found.path = say({ key: 'fileEmptyPath' });
    const size = Number(chunk);
    if (udp && (!/^\d+$/.test(chunk.trim()) || size < fileChunkRange.min || size > fileChunkRange.max))
      found.chunk = say({ key: 'fileChunkRange', params: { min: fileChunkRange.min, max: fileChunkRange.max } });
    setErrors(found);
    if (found.path || found.chunk) return;
    const to = target();
    if (!to) return;
    setStarting(true);
    setEnded(null);
    const result = await api.sendFile({ sessionId: session.id, path: filePath.trim(), to, ...(udp ? { chunk: size } : {}) });
    setStarting(false);
    if (!result.ok) {
      setErrors({ [result.error.field === 'chunk' ? 'chunk' : 'path']: say(result.error) });
      return;
    }
    follow(result.value.job);
  }

  async function browse(): Promise<void> {
    const result = await api.pickFile({});
    if (!result.ok) return setErrors({ path: say(result.error) });
    if (!result.value.available) return setErrors({ path: say({ key: 'filePickUnavailable' }) });
    if (result.value.path !== null) {
      setFilePath(result.value.path);
      setErrors((x) => ({ ...x, path: undefined }));
    }
  }

  async function cancel(id: string): Promise<void> {
    const result = await api.cancelJob({ jobId: id });
    if (!result.ok) setErrors({ path: say(result.error) });
  }

  // Ours, or this session's file send started in another tab or before a reload.
  const running = job?.state === 'running' ? job : sessionJob;
  const outcome =
    ended === null
      ? null
      : ended.state === 'done'
        ? t('fileSend.done', { bytes: formatNumber(ended.bytes, i18n.resolvedLanguage) })
        : ended.state === 'cancelled'
          ? say(ended.error)
          : null;

  return (
    <div role="group" aria-label={t('fileSend.title')} className="flex flex-col gap-1" data-testid="file-send">
      <div className="flex flex-wrap items-start gap-2">
        <TextField
          label={t('fileSend.path')}
          value={filePath}
          placeholder={t('fileSend.pathPlaceholder')}
          error={errors.path}
          className="min-w-64 flex-1"
          onChange={(e) => {
            setFilePath(e.target.value);
            setErrors((x) => ({ ...x, path: undefined }));
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) void sendFile();
          }}
        />
        {canPick ? (
          <Button className="mt-5" onClick={() => void browse()} disabled={running !== undefined}>
            {t('fileSend.browse')}
          </Button>
        ) : null}
        {udp ? (
          <TextField
            label={t('fileSend.chunk')}
            value={chunk}
            inputMode="numeric"
            error={errors.chunk}
            className="w-40"
            onChange={(e) => {
              setChunk(e.target.value);
              setErrors((x) => ({ ...x, chunk: undefined }));
            }}
          />
        ) : null}
        <Button
          className="mt-5"
          onClick={() => void sendFile()}
          disabled={!live || starting || running !== undefined}
          title={live ? t('fileSend.hint') : t('composer.notLive')}
        >
          {t('fileSend.send')}
        </Button>
      </div>
      {running ? <FileProgress job={running} onCancel={() => void cancel(running.id)} /> : null}
      {outcome !== null && !running ? (
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
          {ended?.state === 'done' ? <progress aria-label={t('fileSend.progressLabel')} max={1} value={1} className="w-48" /> : null}
          <span role="status" data-testid="file-outcome">
            {outcome}
          </span>
        </div>
      ) : null}
    </div>
  );
}
