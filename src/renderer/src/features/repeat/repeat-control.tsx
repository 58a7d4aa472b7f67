// The composer's Repeat control: send the message every N ms, N times or until stopped. The engine
// runs it (startRepeat), so it keeps its pace whatever this window does; its countdown comes with the
// session in each batch, and only the "next in" seconds tick here.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LineEnding, PayloadFormat } from '../../../../shared/codec';
import {
  maxRepeatTimes,
  repeatEveryRange,
  type Problem,
  type RepeatInfo,
  type SendTarget,
  type SessionInfo,
} from '../../../../shared/contract';
import { macroNames } from '../../../../shared/macros';
import { parseRepeatPayload } from '../../../../shared/repeat';
import { api } from '../../api';
import { useSay } from '../../lib/problem-text';
import { Button, TextField } from '../../lib/ui';

export interface RepeatPayload {
  payload: string;
  format: PayloadFormat;
  lineEnding: LineEnding;
}

interface Props {
  session: SessionInfo;
  live: boolean;
  /** The composer's message as it stands. */
  payload: RepeatPayload;
  /** Where the repeat sends, or null when the composer showed why it cannot (a destination missing). */
  target: () => SendTarget | null;
  /** A problem with the message (a bad macro, with its position): shown under the message box. */
  onMessageError: (problem: Problem | string) => void;
}

/** Ticks every 100 ms while `on`, so "next in" counts down between batches. */
function useTick(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

function RepeatStatus({ repeat, now }: { repeat: RepeatInfo; now: number }) {
  const { t } = useTranslation();
  const say = useSay();
  if (repeat.state !== 'running') {
    const reason = repeat.error ? say(repeat.error) : '';
    return (
      <span role="status" data-testid="repeat-status">
        {t(`repeat.ended.${repeat.state}`, { sent: repeat.sent, reason })}
      </span>
    );
  }
  const seconds = (Math.max(0, (repeat.nextAt ?? now) - now) / 1000).toFixed(1);
  const text =
    repeat.times === null
      ? t('repeat.forever', { sent: repeat.sent, seconds })
      : t('repeat.left', { left: repeat.times - repeat.sent, seconds });
  return (
    <span role="status" data-testid="repeat-status" className="tabular-nums">
      {text}
    </span>
  );
}

export function RepeatControl({ session, live, payload, target, onMessageError }: Props) {
  const { t } = useTranslation();
  const say = useSay();
  const [every, setEvery] = useState('1000');
  const [times, setTimes] = useState('');
  const [errors, setErrors] = useState<{ every?: string; times?: string }>({});
  const [busy, setBusy] = useState(false);
  const repeat = session.repeat ?? null;
  const running = repeat?.state === 'running';
  const now = useTick(running);

  async function start(): Promise<void> {
    const found: { every?: string; times?: string } = {};
    const everyMs = /^\d+$/.test(every.trim()) ? Number(every.trim()) : NaN;
    if (!(everyMs >= repeatEveryRange.min && everyMs <= repeatEveryRange.max))
      found.every = say({ key: 'repeatEvery', params: repeatEveryRange });
    const count = times.trim() === '' ? null : /^\d+$/.test(times.trim()) ? Number(times.trim()) : NaN;
    if (count !== null && !(count >= 1 && count <= maxRepeatTimes))
      found.times = say({ key: 'repeatTimes', params: { max: maxRepeatTimes } });
    setErrors(found);
    // The message is checked here too, so a bad macro is pointed at before anything is asked of the engine.
    const parsed = parseRepeatPayload(payload.payload, payload.format);
    if (!parsed.ok) return onMessageError(parsed.problem);
    if (found.every || found.times) return;
    const to = target();
    if (!to) return;
    setBusy(true);
    const result = await api.startRepeat({ sessionId: session.id, ...payload, everyMs, times: count, to });
    setBusy(false);
    if (!result.ok) {
      if (result.error.field === 'everyMs') setErrors({ every: say(result.error) });
      else if (result.error.field === 'times') setErrors({ times: say(result.error) });
      else onMessageError(result.error.problem ?? result.error.message);
    }
  }

  async function stop(): Promise<void> {
    setBusy(true);
    const result = await api.stopRepeat({ sessionId: session.id });
    setBusy(false);
    if (!result.ok) onMessageError(result.error.problem ?? result.error.message);
  }

  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-end gap-2">
        <TextField
          label={t('repeat.every')}
          value={every}
          inputMode="numeric"
          disabled={running}
          onChange={(e) => {
            setEvery(e.target.value);
            setErrors((x) => ({ ...x, every: undefined }));
          }}
          error={errors.every}
          className="w-24"
        />
        <TextField
          label={t('repeat.times')}
          value={times}
          inputMode="numeric"
          disabled={running}
          placeholder="∞"
          title={t('repeat.timesHint')}
          onChange={(e) => {
            setTimes(e.target.value);
            setErrors((x) => ({ ...x, times: undefined }));
          }}
          error={errors.times}
          className="w-20"
        />
        {running ? (
          <Button tone="danger" onClick={() => void stop()} disabled={busy}>
            {t('repeat.stop')}
          </Button>
        ) : (
          <Button
            onClick={() => void start()}
            disabled={!live || busy}
            title={t('repeat.macros', { list: macroNames.map((n) => `{{${n}}}`).join(' ') })}
          >
            {t('repeat.start')}
          </Button>
        )}
      </div>
      {repeat ? (
        <div className="text-xs text-slate-600 dark:text-slate-300">
          <RepeatStatus repeat={repeat} now={now} />
        </div>
      ) : null}
    </div>
  );
}
