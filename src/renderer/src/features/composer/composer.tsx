import { memo, useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { LineEndingOptions, PayloadFormatOptions } from './payload-options';
import { shortcutTarget } from '../shortcuts/shortcut-targets';
import { useTranslation } from 'react-i18next';
import { hostProblem, portProblem } from '../../../../shared/address';
import {
  decodeStrictUtf8,
  encodePayload,
  formatPayload,
  withLineEnding,
  type LineEnding,
  type PayloadFormat,
} from '../../../../shared/codec';
import { isJobStarted, type CommandError, type JobInfo, type SendTarget, type SessionInfo } from '../../../../shared/contract';
import { api } from '../../api';
import { formatNumber } from '../../lib/format-number';
import { ClientTarget, PeerFields } from '../../lib/peer-fields';
import { useSay } from '../../lib/problem-text';
import { bytesInSessionEncoding } from '../encodings/session-bytes';
import { useSessionEncoded } from '../encodings/use-session-encoded';
import { convertInSession, convertsInSession } from '../encodings/convert-format';
import { Button, ErrorRow, Field, inputClass, SelectField } from '../../lib/ui';
import { sessionPropsEqual } from '../../lib/same-session';
import { store } from '../../state/app-store';
import { activeFraming, FramingNote } from '../framing/framing-field';
import { RepeatControl } from '../repeat/repeat-control';
import { FileSendControl, FileSendToggle } from '../file-send/file-send-control';
import { useSendHistory } from './use-send-history';
import { composerMemoryOf, rememberComposer } from '../workspace/composer-memory';
import { roleOf } from '../../../../shared/kinds';
import { composerDraft } from '../saved-messages/drafts';
import { SaveMessageButton } from '../saved-messages/save-message-button';

type ComposerErrors = Partial<Record<'message' | 'host' | 'port' | 'target', string>>;
type SendOutcome = { kind: 'sent'; bytes: number; recipients: number } | { kind: 'cancelled'; error: CommandError };

/** Where an error from the main side is shown: at the field it names, else under the message box. */
const errorField = (error: CommandError): keyof ComposerErrors =>
  error.field === 'host' || error.field === 'port' || error.field === 'target' ? error.field : 'message';

/** A running send's progress, with the button that stops it. */
function JobProgress({ job, onCancel }: { job: JobInfo; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const number = { format: (n: number): string => formatNumber(n, i18n.resolvedLanguage) };
  const percent = job.total > 0 ? Math.floor((job.done * 100) / job.total) : 0;
  return (
    <div className="flex items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
      <progress aria-label={t('composer.progressLabel')} max={Math.max(1, job.total)} value={job.done} className="w-48" />
      <span role="status">{t('composer.progress', { done: number.format(job.done), total: number.format(job.total), percent })}</span>
      <Button onClick={onCancel} title={t('composer.cancelHint')}>
        {t('action.cancel')}
      </Button>
    </div>
  );
}

/** The message with the bad character marked, so a person sees exactly where the problem is. */
function ErrorPointer({ text, position, length }: { text: string; position: number; length: number }) {
  const start = Math.max(0, position - 20);
  return (
    <code className="block overflow-hidden whitespace-pre text-xs text-slate-600 dark:text-slate-300" data-testid="error-pointer">
      {start > 0 ? '…' : ''}
      {text.slice(start, position)}
      <mark className="rounded bg-red-200 px-0.5 text-red-900 dark:bg-red-800 dark:text-red-100">
        {text.slice(position, position + Math.max(1, length)) || ' '}
      </mark>
      {text.slice(position + Math.max(1, length), position + 20)}
    </code>
  );
}

export const Composer = memo(function Composer({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const say = useSay();
  // Starts as this session's composer was left (features/workspace): switching sessions loses nothing.
  const [memory] = useState(() => composerMemoryOf(session.id));
  const [format, setFormat] = useState<PayloadFormat>(memory.format);
  const [message, setMessage] = useState(memory.draft);
  /** A format switch converting main-side: the message box waits for it (read-only), so no typing is lost under it. */
  const [converting, setConverting] = useState(false);
  const [ending, setEnding] = useState<LineEnding>(memory.lineEnding);
  const [destHost, setDestHost] = useState(memory.destHost);
  const [destPort, setDestPort] = useState(memory.destPort);
  useEffect(
    () => rememberComposer(session.id, { format, draft: message, lineEnding: ending, destHost, destPort }),
    [session.id, format, message, ending, destHost, destPort],
  );
  const [errors, setErrors] = useState<ComposerErrors>({});
  const [sending, setSending] = useState(false);
  // The outcome is kept as data and worded while rendering, so it follows a language switch.
  const [lastResult, setLastResult] = useState<SendOutcome | null>(null);
  /** The send this composer started that answered with a job: followed until it ends. */
  const [jobId, setJobId] = useState<string | null>(null);
  const unfollow = useRef<(() => void) | null>(null);
  useEffect(() => () => unfollow.current?.(), []);
  const history = useSendHistory(memory.history, (entries) => rememberComposer(session.id, { history: entries }));
  const [fileOpen, setFileOpen] = useState(false);

  // A framed stream (line, len:2...) frames each send itself: the line ending then gives way.
  const framing = activeFraming(session);
  const effectiveEnding: LineEnding = framing ? 'none' : ending;
  const encoded = useMemo(() => {
    const result = encodePayload(message, format);
    // Hex is byte-exact by nature: a line ending applies to text and escaped text only.
    return result.ok && format !== 'hex' ? { ok: true as const, bytes: withLineEnding(result.bytes, effectiveEnding) } : result;
  }, [message, format, effectiveEnding]);
  // A session in another encoding: its count and mistakes come from the main side.
  const inEncoding = useSessionEncoded(session, message, format, effectiveEnding);
  const live = session.state === 'connected' || session.state === 'listening' || session.state === 'open';
  const clients = roleOf(session.kind) === 'server' ? session.connections : [];
  // Read from the store here (not from a prop), so a batch that changes only counters need not redraw the composer.
  const target = useSyncExternalStore(store.subscribe, () => store.sendTargets.get(session.id) ?? 'all');
  const selectedTarget = target === 'all' || clients.some((c) => c.id === target) ? target : 'all';
  // Ours, or one of this session's sends started before a reload or in another tab.
  const followed = useSyncExternalStore(store.subscribe, () => (jobId !== null ? store.jobs.get(jobId) : undefined));
  const sessionJob = useSyncExternalStore(store.subscribe, () => store.runningJob(session.id));
  const runningJob = followed?.state === 'running' ? followed : sessionJob;

  /** Switching format keeps the same bytes: "hi" in Text becomes "68 69" in Hex, and back. */
  function changeFormat(next: PayloadFormat): void {
    // A session in another encoding: the same bytes in it, converted main-side (encodings/convert-format.ts).
    if (message !== '' && convertsInSession(session, format, next)) {
      setFormat(next);
      setConverting(true);
      // Applied only to the draft it was made from: typed over meanwhile, the newer text stays.
      void convertInSession(session, message, format, next)
        .then((text) => {
          if (text !== null) setMessage((draft) => (draft === message ? text : draft));
        })
        .finally(() => setConverting(false));
      return;
    }
    const current = encodePayload(message, format);
    // Bytes that are not UTF-8 have no faithful Text form: then the message stays as typed.
    const faithful = current.ok && (next !== 'text' || decodeStrictUtf8(current.bytes) !== null);
    if (current.ok && faithful && message !== '') setMessage(formatPayload(current.bytes, next));
    setFormat(next);
  }

  function resolveTarget(): { to?: SendTarget; errors: ComposerErrors } {
    if (roleOf(session.kind) === 'server') {
      return { to: selectedTarget === 'all' ? { kind: 'all' } : { kind: 'connection', connectionId: selectedTarget }, errors: {} };
    }
    if (session.kind === 'udp') {
      if (destHost.trim() === '' && destPort.trim() === '') {
        return session.lastPeer ? { to: { kind: 'default' }, errors: {} } : { errors: { host: t('composer.needDestination') } };
      }
      const found: ComposerErrors = {};
      const h = hostProblem(destHost);
      if (h) found.host = say(h);
      const p = portProblem(destPort, { allowZero: false });
      if (p) found.port = say(p);
      if (h || p) return { errors: found };
      return { to: { kind: 'peer', host: destHost.trim(), port: Number(destPort.trim()) }, errors: {} };
    }
    return { to: { kind: 'default' }, errors: {} };
  }

  async function send(): Promise<void> {
    if (runningJob) return; // one long send at a time from the composer: its progress is on screen
    if (!encoded.ok) return setErrors({ message: say(encoded.error.problem) });
    const inSession = await bytesInSessionEncoding(session, message, format, effectiveEnding);
    if (inSession && !inSession.ok) return setErrors({ message: say(inSession.error) });
    const bytes = inSession ? inSession.bytes : encoded.bytes;
    // An empty UDP datagram is a real one (the peer receives it); a TCP stream has no empty message.
    if (bytes.length === 0 && session.kind !== 'udp') return setErrors({ message: say({ key: 'nothingToSendTcp' }) });
    const { to, errors: found } = resolveTarget();
    setErrors(found);
    if (!to) return;
    setSending(true);
    setLastResult(null);
    const result = await api.send({ sessionId: session.id, bytes, to });
    setSending(false);
    if (!result.ok) {
      setErrors({ [errorField(result.error)]: say(result.error) });
      return;
    }
    if (isJobStarted(result.value)) {
      follow(result.value.job, message);
      return;
    }
    history.push(message);
    setLastResult({ kind: 'sent', bytes: result.value.bytes, recipients: result.value.recipients });
    // Clear only what was sent: text typed (or recalled) while the send was in flight stays.
    setMessage((current) => (current === message ? '' : current));
  }

  /** Long sends answer with a job id: progress shows while it runs, the outcome once it ends. */
  function follow(id: string, sent: string): void {
    unfollow.current?.();
    setJobId(id);
    const check = (): void => {
      const job = store.jobs.get(id);
      if (!job || job.state === 'running' || job.command !== 'send') return;
      unfollow.current?.();
      unfollow.current = null;
      setJobId(null);
      if (job.state === 'done') {
        history.push(sent);
        setLastResult({ kind: 'sent', bytes: job.result.bytes, recipients: job.result.recipients });
        setMessage((current) => (current === sent ? '' : current));
      } else if (job.state === 'cancelled') {
        setLastResult({ kind: 'cancelled', error: job.error });
      } else {
        setErrors({ [errorField(job.error)]: say(job.error) });
      }
    };
    unfollow.current = store.subscribe(check);
    check();
  }

  async function cancelJob(id: string): Promise<void> {
    const result = await api.cancelJob({ jobId: id });
    if (!result.ok) setErrors({ message: say(result.error) });
  }

  const halfClosed = session.connections[0]?.state === 'half-closed';
  async function halfClose(): Promise<void> {
    const result = await api.halfClose({ sessionId: session.id });
    if (!result.ok) setErrors({ message: say(result.error) });
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
      return;
    }
    const el = e.currentTarget;
    const atFirstLine = !el.value.slice(0, el.selectionStart).includes('\n');
    const atLastLine = !el.value.slice(el.selectionEnd).includes('\n');
    if (e.key === 'ArrowUp' && atFirstLine) {
      const prev = history.back(message);
      if (prev !== null) {
        e.preventDefault();
        setMessage(prev);
      }
    } else if (e.key === 'ArrowDown' && atLastLine) {
      const next = history.forward();
      if (next !== null) {
        e.preventDefault();
        setMessage(next);
      }
    }
  }

  const inEncodingError = inEncoding?.error ? say(inEncoding.error) : undefined;
  const messageError = errors.message ?? (!encoded.ok && message !== '' ? say(encoded.error.problem) : inEncodingError);
  const byteCount = inEncoding ? inEncoding.count : encoded.ok ? encoded.bytes.length : null;
  const byteInfo = byteCount !== null ? t('composer.bytes', { count: byteCount }) : null;

  return (
    <section aria-label={t('composer.title')} className="flex flex-col gap-2 border-b border-slate-200 p-3 dark:border-slate-700">
      <div className="flex flex-wrap items-start gap-3">
        <SelectField
          label={t('composer.format')}
          value={format}
          onChange={(e) => changeFormat(e.target.value as PayloadFormat)}
          className="w-32"
        >
          <PayloadFormatOptions />
        </SelectField>
        <SelectField
          label={t('composer.lineEnding')}
          value={ending}
          disabled={format === 'hex' || framing !== null}
          onChange={(e) => setEnding(e.target.value as LineEnding)}
          className="w-40"
        >
          <LineEndingOptions />
        </SelectField>
        {framing ? <FramingNote framing={framing} /> : null}
        {roleOf(session.kind) === 'server' ? (
          <ClientTarget
            label={t('composer.sendTo')}
            allLabel={t('composer.allClients', { count: clients.length })}
            value={selectedTarget}
            clients={clients}
            onChange={(value) => {
              store.setSendTarget(session.id, value);
              rememberComposer(session.id, { target: value });
            }}
            error={errors.target}
            className="w-64"
          />
        ) : null}
        {session.kind === 'udp' ? (
          <>
            <PeerFields
              labels={{ host: t('composer.destHost'), port: t('composer.destPort') }}
              host={destHost}
              port={destPort}
              onHost={(value) => {
                setDestHost(value);
                setErrors((x) => ({ ...x, host: undefined }));
              }}
              onPort={(value) => {
                setDestPort(value);
                setErrors((x) => ({ ...x, port: undefined }));
              }}
              errors={errors}
              lastPeer={session.lastPeer}
              lastPeerHint={(peer) => t('composer.replyHint', { peer })}
              widths={{ host: 'w-48', port: 'w-32' }}
            />
          </>
        ) : null}
      </div>
      <Field
        label={t('composer.message')}
        error={messageError}
        hint={
          <span className="flex gap-3">
            <span data-testid="byte-count">{byteInfo}</span>
            <span>{t('composer.keys')}</span>
            {lastResult ? (
              <span role="status">
                {lastResult.kind === 'sent'
                  ? t('composer.sent', { count: lastResult.bytes, recipients: lastResult.recipients })
                  : say(lastResult.error)}
              </span>
            ) : null}
          </span>
        }
      >
        {({ id, errorId, invalid }) => (
          <>
            {/* Repeat's narrow Every / Times fields say their errors under this whole line. */}
            {/* A narrow work area (the lab open beside it): the buttons wrap under the message, never squeeze it. */}
            <ErrorRow className="flex flex-wrap items-end gap-2">
              <textarea
                id={id}
                rows={1}
                value={message}
                readOnly={converting}
                aria-busy={converting}
                aria-invalid={invalid}
                aria-describedby={invalid ? errorId : undefined}
                spellCheck={false}
                {...shortcutTarget('composer')}
                placeholder={
                  format === 'text' ? t(`composer.placeholder.text.${roleOf(session.kind)}`) : t(`composer.placeholder.${format}`)
                }
                className={`${inputClass} min-w-0 flex-[1_1_16rem] resize-y font-mono`}
                onChange={(e) => {
                  setMessage(e.target.value);
                  setErrors((x) => ({ ...x, message: undefined }));
                }}
                onKeyDown={onKeyDown}
              />
              <Button
                tone="primary"
                onClick={() => void send()}
                disabled={!live || sending || runningJob !== undefined}
                title={live ? undefined : t('composer.notLive')}
              >
                {t('action.send')}
              </Button>
              <SaveMessageButton
                disabled={message === ''}
                draft={() => composerDraft(session, { format, text: message, lineEnding: effectiveEnding, destHost, destPort })}
              />
              {roleOf(session.kind) === 'client' ? (
                <Button onClick={() => void halfClose()} disabled={!live || halfClosed} title={t('composer.halfCloseHint')}>
                  {t('action.halfClose')}
                </Button>
              ) : null}
              <FileSendToggle open={fileOpen} onToggle={() => setFileOpen((v) => !v)} />
              <RepeatControl
                session={session}
                live={live}
                payload={{ payload: message, format, lineEnding: effectiveEnding }}
                target={() => {
                  const { to, errors: found } = resolveTarget();
                  setErrors(found);
                  return to ?? null;
                }}
                onMessageError={(problem) => setErrors({ message: typeof problem === 'string' ? problem : say(problem) })}
              />
            </ErrorRow>
            {runningJob ? <JobProgress job={runningJob} onCancel={() => void cancelJob(runningJob.id)} /> : null}
            {!encoded.ok && message !== '' ? (
              <ErrorPointer text={message} position={encoded.error.position} length={encoded.error.offending.length} />
            ) : null}
          </>
        )}
      </Field>
      {fileOpen ? (
        <FileSendControl
          session={session}
          live={live}
          target={() => {
            const { to, errors: found } = resolveTarget();
            setErrors(found);
            return to ?? null;
          }}
        />
      ) : null}
    </section>
  );
}, sessionPropsEqual);
