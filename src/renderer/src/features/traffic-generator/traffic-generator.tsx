// The "Traffic generator" panel of a session: size, payload, rate, count or duration, Start / Stop,
// and the engine's live figures (rate, sent, errors). The flood runs in the engine; this only asks
// and shows what each batch says about it.
import { memo, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostProblem, portProblem } from '../../../../shared/address';
import type { CommandError, SendTarget, SessionInfo } from '../../../../shared/contract';
import { floodPayloadKinds, floodProblems, type FloodInfo, type FloodPayloadKind, type FloodProblem } from '../../../../shared/flood';
import { api } from '../../api';
import { formatNumber } from '../../lib/format-number';
import { ClientTarget, PeerFields } from '../../lib/peer-fields';
import { useSay } from '../../lib/problem-text';
import { Button, SelectField, TextField } from '../../lib/ui';
import { sessionPropsEqual } from '../../lib/same-session';
import { formatBytes } from '../status-bar/format-bytes';
import { roleOf } from '../../../../shared/kinds';

type StopAfter = 'count' | 'duration' | 'none';
type Field = FloodProblem['field'] | 'host' | 'port' | 'target';
type Errors = Partial<Record<Field | 'general', string>>;
const fields: readonly string[] = ['size', 'payload', 'pattern', 'rate', 'count', 'duration', 'host', 'port', 'target'];

/** Folded or not: one choice for every session, remembered by the browser (folded by default: the log needs the room). */
const openKey = 'socket-lab:generator-open';
const rememberedOpen = (): boolean => {
  try {
    return localStorage.getItem(openKey) === '1';
  } catch {
    return false;
  }
};
const remember = (open: boolean): void => {
  try {
    localStorage.setItem(openKey, open ? '1' : '0');
  } catch {
    // No storage: the choice lasts until the page reloads.
  }
};

/** A whole number as typed ("" when not given); anything else is NaN, which the shared rules refuse. */
const whole = (text: string): number | null => (text.trim() === '' ? null : /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN);
/** Seconds, decimals allowed. */
const seconds = (text: string): number | null =>
  text.trim() === '' ? null : /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : NaN;

/** The live figures, or how the last flood ended. */
function Figures({ flood }: { flood: FloodInfo }) {
  const { t, i18n } = useTranslation();
  const say = useSay();
  const number = { format: (n: number): string => formatNumber(n, i18n.resolvedLanguage) };
  const params = {
    rate: number.format(flood.rate),
    messages: number.format(flood.messages),
    bytes: formatBytes(flood.bytes),
    errors: number.format(flood.errors),
  };
  if (flood.state === 'running') {
    // Not a live region: it changes four times a second. The end is announced once, below.
    return (
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm tabular-nums" data-testid="generator-live">
        <span className="text-base font-semibold text-sky-800 dark:text-sky-300">{t('generator.liveRate', params)}</span>
        <span>{t('generator.sent', params)}</span>
        <span className={flood.errors > 0 ? 'text-red-700 dark:text-red-300' : ''}>{t('generator.errors', params)}</span>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-1 text-sm tabular-nums">
      <p role="status" data-testid="generator-summary">
        {t('generator.summary', { ...params, state: t(`generator.state.${flood.state}`) })}
      </p>
      {flood.error ? <p className="text-red-700 dark:text-red-300">{say(flood.error)}</p> : null}
    </div>
  );
}

export const TrafficGenerator = memo(function TrafficGenerator({ session }: { session: SessionInfo }) {
  const { t, i18n } = useTranslation();
  const say = useSay();
  const headingId = useId();
  const bodyId = useId();
  const [open, setOpen] = useState(rememberedOpen);
  const [size, setSize] = useState('64');
  const [payload, setPayload] = useState<FloodPayloadKind>('text');
  const [pattern, setPattern] = useState('');
  const [rate, setRate] = useState('');
  const [stopAfter, setStopAfter] = useState<StopAfter>('count');
  const [count, setCount] = useState('1000');
  const [duration, setDuration] = useState('10');
  const [toHost, setToHost] = useState('');
  const [toPort, setToPort] = useState('');
  const [target, setTarget] = useState('all');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const flood = session.flood ?? null;
  const running = flood?.state === 'running';
  const live = session.state === 'connected' || session.state === 'listening' || session.state === 'open';
  const clients = roleOf(session.kind) === 'server' ? session.connections : [];
  const number = { format: (n: number): string => formatNumber(n, i18n.resolvedLanguage) };

  function toggle(): void {
    setOpen((was) => {
      remember(!was);
      return !was;
    });
  }

  /** Typing in a field clears its message (and a general one). */
  const edit =
    (field: Field, set: (value: string) => void) =>
    (value: string): void => {
      set(value);
      setErrors((e) => ({ ...e, [field]: undefined, general: undefined }));
    };

  function destination(found: Errors): SendTarget | null {
    if (roleOf(session.kind) === 'server') return target === 'all' ? { kind: 'all' } : { kind: 'connection', connectionId: target };
    if (session.kind !== 'udp') return { kind: 'default' };
    if (toHost.trim() === '' && toPort.trim() === '') {
      if (session.lastPeer) return { kind: 'default' };
      found.host = t('generator.needDestination');
      return null;
    }
    const h = hostProblem(toHost);
    const p = portProblem(toPort, { allowZero: false });
    if (h) found.host = say(h);
    if (p) found.port = say(p);
    return h || p ? null : { kind: 'peer', host: toHost.trim(), port: Number(toPort.trim()) };
  }

  async function start(): Promise<void> {
    const options = {
      size: whole(size) ?? NaN,
      payload,
      pattern: payload === 'counter' ? '' : pattern,
      rate: whole(rate),
      count: stopAfter === 'count' ? (whole(count) ?? NaN) : null,
      duration: stopAfter === 'duration' ? (seconds(duration) ?? NaN) : null,
    };
    const found: Errors = {};
    // The rules the engine applies too (shared/flood.ts), said at each field before anything is sent.
    for (const { field, problem } of floodProblems(options)) found[field] ??= say(problem);
    const to = destination(found);
    setErrors(found);
    if (Object.keys(found).length > 0 || !to) return;
    setBusy(true);
    const result = await api.startFlood({ sessionId: session.id, ...options, to });
    setBusy(false);
    if (!result.ok) showError(result.error);
  }

  async function stop(): Promise<void> {
    setBusy(true);
    const result = await api.stopFlood({ sessionId: session.id });
    setBusy(false);
    if (!result.ok) showError(result.error);
  }

  /** An error from the engine lands at the field it names ("size" for a datagram too large), else under the buttons. */
  function showError(error: CommandError): void {
    const field = error.field === 'message' ? 'size' : error.field;
    setErrors(field !== undefined && fields.includes(field) ? { [field]: say(error) } : { general: say(error) });
  }

  return (
    <section aria-labelledby={headingId} className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
      <div className="flex items-center gap-3">
        <h2 id={headingId} className="text-sm font-semibold">
          <button type="button" aria-expanded={open} aria-controls={bodyId} onClick={toggle} className="flex items-center gap-1 rounded">
            <span aria-hidden="true" className="inline-block w-3 text-slate-500 dark:text-slate-400">
              {open ? '▾' : '▸'}
            </span>
            {t('generator.title')}
          </button>
        </h2>
        {!open && running ? (
          <span className="text-xs tabular-nums text-sky-800 dark:text-sky-300">
            {t('generator.liveRate', { rate: number.format(flood.rate) })}
          </span>
        ) : null}
      </div>
      {open ? (
        <div id={bodyId} className="mt-2 flex flex-col gap-2">
          <div className="flex flex-wrap items-start gap-3">
            <TextField
              label={t('generator.size')}
              value={size}
              inputMode="numeric"
              onChange={(e) => edit('size', setSize)(e.target.value)}
              error={errors.size}
              className="w-28"
            />
            <SelectField
              label={t('generator.payload')}
              value={payload}
              onChange={(e) => edit('payload', (v) => setPayload(v as FloodPayloadKind))(e.target.value)}
              error={errors.payload}
              className="w-48"
            >
              {floodPayloadKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`generator.payloadKind.${kind}`)}
                </option>
              ))}
            </SelectField>
            {payload === 'counter' ? (
              <p className="w-64 self-center text-xs text-slate-600 dark:text-slate-300">{t('generator.counterHint')}</p>
            ) : (
              <TextField
                label={t(`generator.pattern.${payload}`)}
                value={pattern}
                placeholder={t(`generator.patternPlaceholder.${payload}`)}
                onChange={(e) => edit('pattern', setPattern)(e.target.value)}
                error={errors.pattern}
                className={`w-48 ${payload === 'hex' ? 'font-mono' : ''}`}
              />
            )}
            <TextField
              label={t('generator.rate')}
              value={rate}
              inputMode="numeric"
              placeholder={t('generator.ratePlaceholder')}
              onChange={(e) => edit('rate', setRate)(e.target.value)}
              error={errors.rate}
              className="w-44"
            />
            <SelectField
              label={t('generator.stopAfter')}
              value={stopAfter}
              onChange={(e) => {
                setStopAfter(e.target.value as StopAfter);
                setErrors((x) => ({ ...x, count: undefined, duration: undefined }));
              }}
              className="w-44"
            >
              <option value="count">{t('generator.stopKind.count')}</option>
              <option value="duration">{t('generator.stopKind.duration')}</option>
              <option value="none">{t('generator.stopKind.none')}</option>
            </SelectField>
            {stopAfter === 'count' ? (
              <TextField
                label={t('generator.count')}
                value={count}
                inputMode="numeric"
                onChange={(e) => edit('count', setCount)(e.target.value)}
                error={errors.count}
                className="w-32"
              />
            ) : stopAfter === 'duration' ? (
              <TextField
                label={t('generator.duration')}
                value={duration}
                inputMode="decimal"
                onChange={(e) => edit('duration', setDuration)(e.target.value)}
                error={errors.duration}
                className="w-32"
              />
            ) : null}
            {session.kind === 'udp' ? (
              <PeerFields
                labels={{ host: t('generator.toHost'), port: t('generator.toPort') }}
                host={toHost}
                port={toPort}
                onHost={edit('host', setToHost)}
                onPort={edit('port', setToPort)}
                errors={errors}
                lastPeer={session.lastPeer}
                lastPeerHint={(peer) => t('generator.toLastPeer', { peer })}
                widths={{ host: 'w-44', port: 'w-28' }}
              />
            ) : null}
            {roleOf(session.kind) === 'server' ? (
              <ClientTarget
                label={t('generator.sendTo')}
                allLabel={t('generator.allClients', { count: clients.length })}
                value={target}
                clients={clients}
                onChange={edit('target', setTarget)}
                error={errors.target}
                className="w-56"
              />
            ) : null}
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <Button
              tone="primary"
              aria-label={t('generator.startLabel')}
              onClick={() => void start()}
              disabled={!live || running || busy}
              title={live ? undefined : t('generator.notLive')}
            >
              {t('generator.start')}
            </Button>
            <Button tone="danger" aria-label={t('generator.stopLabel')} onClick={() => void stop()} disabled={!running || busy}>
              {t('generator.stop')}
            </Button>
            {flood ? <Figures flood={flood} /> : <span className="text-xs text-slate-600 dark:text-slate-300">{t('generator.hint')}</span>}
          </div>
          {errors.general ? (
            <p role="alert" className="text-xs text-red-700 dark:text-red-300">
              {errors.general}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}, sessionPropsEqual);
