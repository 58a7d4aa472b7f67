// The operating system's view (Linux, ss): a switch that asks the engine every second, while it is shown and
// the session is open, what the kernel holds on the session's ports; hidden where ss cannot be had.
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OsSocketRow, OsSocketsResult, SessionInfo } from '../../../../shared/contract';
import { rfcNameOfSsState } from '../../../../shared/os-sockets';
import { api } from '../../api';
import { Button } from '../../lib/ui';
import { sayProblem, type Explained } from '../../lib/problem-text';

const pollMs = 1000;
/** On or off for the whole window: showing the tab again resumes the view as it was left. */
let keptOn = false;

const isEnded = (s: SessionInfo): boolean => s.state === 'closed' || s.state === 'error';

export function OsView({ session, onRows }: { session: SessionInfo; onRows: (rows: OsSocketRow[] | null) => void }) {
  const { t } = useTranslation();
  const [available, setAvailable] = useState<boolean | null>(null);
  const [on, setOn] = useState(keptOn);
  const [answer, setAnswer] = useState<Extract<OsSocketsResult, { available: true }> | null>(null);
  const [failure, setFailure] = useState<Explained | null>(null);
  const [asks, setAsks] = useState(0);
  const ended = isEnded(session);
  const id = session.id;

  // Whether the view can be had at all (Linux with ss, a TCP session): asked once per session.
  useEffect(() => {
    let live = true;
    void api.osSockets({ sessionId: id }).then((r) => {
      if (live) setAvailable(r.ok && r.value.available);
    });
    return () => {
      live = false;
    };
  }, [id]);

  // While on and shown: ask every second; once the session has ended, one last answer (then "Ask again").
  useEffect(() => {
    if (!on || !available) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async (): Promise<void> => {
      // A hidden window asks nothing; it picks up when seen again.
      if (!document.hidden) {
        const r = await api.osSockets({ sessionId: id });
        if (!live) return;
        if (!r.ok) setFailure(r.error);
        else if (!r.value.available) setFailure(r.value.problem);
        else {
          setAnswer(r.value);
          setFailure(null);
          onRows(r.value.rows);
        }
      }
      if (live && !ended) timer = setTimeout(() => void ask(), pollMs);
    };
    void ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [on, available, id, ended, asks, onRows]);
  // Gone (another session, the tab hidden): the notes stop relying on its last answer.
  useEffect(() => () => onRows(null), [onRows]);

  if (!available) return null;
  const toggle = (): void => {
    keptOn = !on;
    setOn(!on);
    if (on) {
      setAnswer(null);
      setFailure(null);
      onRows(null);
    }
  };
  return (
    <section aria-label={t('tcpState.os.title')} className="mt-3 border-t border-slate-200 pt-2 dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          role="switch"
          aria-checked={on}
          onClick={toggle}
          className="flex items-center gap-2 rounded px-1 py-0.5 text-sm font-semibold hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          <span
            aria-hidden="true"
            className={`relative inline-block h-4 w-7 rounded-full transition-colors ${on ? 'bg-sky-700 dark:bg-sky-500' : 'bg-slate-300 dark:bg-slate-600'}`}
          >
            <span className={`absolute top-0.5 h-3 w-3 rounded-full bg-white transition-all ${on ? 'left-3.5' : 'left-0.5'}`} />
          </span>
          {t('tcpState.os.title')}
        </button>
        {on && ended ? (
          <Button className="!px-2 !py-0.5 text-xs" onClick={() => setAsks((n) => n + 1)}>
            {t('tcpState.os.refresh')}
          </Button>
        ) : null}
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">{t('tcpState.os.hint')}</p>
      {on && failure ? (
        <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-300">
          {sayProblem(t, failure)}
        </p>
      ) : null}
      {on && answer ? <OsTable answer={answer} ended={ended} /> : null}
    </section>
  );
}

/** "timewait, 59 s left": the kernel's running timer and how long it has to go. */
function timerText(t: TFunction, timer: OsSocketRow['timer']): string {
  if (!timer) return '';
  return timer.ms === null ? timer.name : `${timer.name}, ${t('tcpState.os.left', { s: Math.round(timer.ms / 1000) })}`;
}

function OsTable({ answer, ended }: { answer: Extract<OsSocketsResult, { available: true }>; ended: boolean }) {
  const { t } = useTranslation();
  const { rows, ports } = answer;
  return (
    <div className="mt-1">
      {ended ? <p className="text-xs text-slate-600 dark:text-slate-300">{t('tcpState.os.stopped')}</p> : null}
      {ports.length === 0 ? (
        <p className="text-xs">{t('tcpState.os.noPorts')}</p>
      ) : rows.length === 0 ? (
        <p className="text-xs">{t('tcpState.os.none', { ports: ports.join(', ') })}</p>
      ) : (
        <div className="-mx-1 overflow-x-auto px-1">
          <table className="w-full text-left text-xs" aria-label={t('tcpState.os.title')}>
            <thead className="text-slate-600 dark:text-slate-300">
              <tr>
                <th className="py-0.5 pr-2 font-medium">{t('tcpState.os.state')}</th>
                <th className="pr-2 font-medium">{t('tcpState.os.addresses')}</th>
                <th className="pr-2 font-medium">{t('tcpState.os.queues')}</th>
                <th className="pr-2 font-medium">{t('tcpState.os.rtt')}</th>
                <th className="font-medium">{t('tcpState.os.timer')}</th>
              </tr>
            </thead>
            <tbody className="font-mono">
              {rows.map((r, i) => (
                <tr
                  key={`${r.state}-${r.local}-${r.peer}-${i}`}
                  className={`border-t border-slate-100 align-top dark:border-slate-800 ${r.mine ? '' : 'text-slate-600 dark:text-slate-400'}`}
                >
                  <td className="whitespace-nowrap py-0.5 pr-2" title={rfcNameOfSsState(r.state)}>
                    {r.state}
                  </td>
                  <td className="whitespace-nowrap pr-2">
                    <span className="block">{r.local}</span>
                    <span className="block">-&gt; {r.peer}</span>
                    {r.mine ? null : <span className="block font-sans italic">({t('tcpState.os.otherEnd')})</span>}
                  </td>
                  <td className="whitespace-nowrap pr-2">
                    {r.recvQ} / {r.sendQ}
                  </td>
                  <td className="whitespace-nowrap pr-2">
                    {r.rttMs ?? '-'} / {r.retransmits ?? '-'}
                  </td>
                  <td className="font-sans">{timerText(t, r.timer)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {answer.truncated ? <p className="text-xs">{t('tcpState.os.truncated', { count: rows.length })}</p> : null}
        </div>
      )}
    </div>
  );
}
