// The Close and abort lab: end() / destroy() / reset on the selected TCP connection, the allow-half-open
// switch, and three ready-made runs on loopback, each ending with what happened and why.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloseHow, SessionInfo } from '../../../../shared/contract';
import { api } from '../../api';
import { sayProblem, type Explained } from '../../lib/problem-text';
import { Button } from '../../lib/ui';
import type { LabProps } from '../lab/lab-props';
import { labNav, type GlossaryId } from '../lab/lab-nav';
import { closeRunIds, runCloseLab, type CloseRunId, type RunOutcome } from './close-abort-runs';
import { RunFailed } from './lab-sessions';

const streamKinds = new Set(['tcp-client', 'tcp-server', 'tls-client', 'tls-server']);
const isLive = (s: SessionInfo): boolean => s.state === 'connected' || s.state === 'listening';
const runGlossary: Record<CloseRunId, GlossaryId> = { halfClose: 'halfClose', unread: 'rst', refused: 'refused' };
const hows: CloseHow[] = ['end', 'destroy', 'reset'];

/** The three closes for the selected session's connection (a server: the one chosen). */
function CloseButtons({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string>('');
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null);
  const server = session.kind.endsWith('-server');
  const connections = session.connections;
  const connectionId = server ? (connections.find((c) => c.id === chosen) ?? connections[0])?.id : connections[0]?.id;
  const usable = isLive(session) && connectionId !== undefined;
  const close = async (how: CloseHow): Promise<void> => {
    const result = await api.closeConnection({ sessionId: session.id, how, ...(server && connectionId ? { connectionId } : {}) });
    setSaid(
      result.ok
        ? { text: t('closeAbort.done', { how: t(`closeAbort.${how}`) }), error: false }
        : { text: sayProblem(t, result.error), error: true },
    );
  };
  return (
    <div className="flex flex-col gap-2">
      {server && connections.length > 1 ? (
        <label className="flex items-center gap-2 text-xs">
          <span>{t('closeAbort.connection')}</span>
          <select
            className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs dark:border-slate-600 dark:bg-slate-800"
            value={connectionId}
            onChange={(e) => setChosen(e.target.value)}
          >
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {`${c.id} · ${c.peer.host}:${c.peer.port}`}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {!usable ? <p className="text-xs text-slate-500 dark:text-slate-400">{t('closeAbort.noConnection')}</p> : null}
      <ul className="flex flex-col gap-1.5">
        {hows.map((how) => (
          <li key={how} className="flex flex-col gap-0.5">
            <Button tone={how === 'reset' ? 'danger' : 'plain'} className="self-start" disabled={!usable} onClick={() => void close(how)}>
              {t(`closeAbort.${how}`)}
            </Button>
            <span className="text-xs text-slate-600 dark:text-slate-300">{t(`closeAbort.${how}Hint`)}</span>
          </li>
        ))}
      </ul>
      {said ? (
        <p role="status" className={`text-xs ${said.error ? 'text-red-700 dark:text-red-300' : 'text-emerald-700 dark:text-emerald-300'}`}>
          {said.text}
        </p>
      ) : null}
    </div>
  );
}

/** One ready-made run: what it does, its button, and what happened and why once it ran. */
function RunCard({ id, allowHalfOpen }: { id: CloseRunId; allowHalfOpen: boolean }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<RunOutcome | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const title = t(`closeAbort.${id}.title`);
  const start = async (): Promise<void> => {
    setBusy(true);
    setOutcome(null);
    setFailure(null);
    try {
      const names = {
        halfCloseServer: t('closeAbort.sessionNames.halfCloseServer'),
        halfCloseClient: t('closeAbort.sessionNames.halfCloseClient'),
        unreadServer: t('closeAbort.sessionNames.unreadServer'),
        unreadClient: t('closeAbort.sessionNames.unreadClient'),
        refusedPort: t('closeAbort.sessionNames.refusedPort'),
      };
      setOutcome(await runCloseLab(id, names, allowHalfOpen));
    } catch (err) {
      const reason: Explained = err instanceof RunFailed ? err.error : { message: err instanceof Error ? err.message : String(err) };
      setFailure(t('closeAbort.failed', { reason: sayProblem(t, reason) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="rounded border border-slate-200 p-2 dark:border-slate-700">
      <h4 className="text-sm font-semibold">{title}</h4>
      <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-300">{t(`closeAbort.${id}.what`)}</p>
      <div className="mt-1.5 flex flex-wrap items-center gap-2">
        <Button tone="primary" disabled={busy} aria-label={`${t('closeAbort.run')}: ${title}`} onClick={() => void start()}>
          {busy ? t('closeAbort.running') : t('closeAbort.run')}
        </Button>
        <button
          type="button"
          className="text-xs text-sky-700 underline dark:text-sky-300"
          aria-label={`${t('closeAbort.glossary')}: ${title}`}
          onClick={() => labNav.explain(runGlossary[id])}
        >
          {t('closeAbort.glossary')}
        </button>
      </div>
      {outcome ? (
        <section
          aria-label={`${t('closeAbort.result')}: ${title}`}
          className={`mt-2 rounded p-2 text-xs ${
            outcome.asTaught
              ? 'bg-sky-50 text-slate-800 dark:bg-sky-950 dark:text-slate-100'
              : 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100'
          }`}
        >
          <h5 className="font-semibold">{t('closeAbort.result')}</h5>
          <p className="mt-0.5">{t(`closeAbort.explain.${outcome.explain}`, outcome.params)}</p>
        </section>
      ) : null}
      {failure ? (
        <p role="alert" className="mt-2 text-xs text-red-700 dark:text-red-300">
          {failure}
        </p>
      ) : null}
    </li>
  );
}

export function CloseAbortLab({ session }: LabProps) {
  const { t } = useTranslation();
  const [allowHalfOpen, setAllowHalfOpen] = useState(true);
  const tcp = session !== null && streamKinds.has(session.kind) ? session : null;
  return (
    <div className="flex flex-col gap-3 p-2 text-sm">
      <p className="text-xs text-slate-600 dark:text-slate-300">{t('closeAbort.intro')}</p>
      <section aria-labelledby="close-abort-selected" className="flex flex-col gap-1.5">
        <h3 id="close-abort-selected" className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          {t('closeAbort.selected')}
        </h3>
        {tcp ? (
          <>
            <p className="text-xs">
              {t('closeAbort.halfOpen')}: {tcp.stream?.allowHalfOpen ? t('closeAbort.halfOpenOn') : t('closeAbort.halfOpenOff')}
            </p>
            <CloseButtons key={tcp.id} session={tcp} />
          </>
        ) : (
          <p className="text-xs text-slate-500 dark:text-slate-400">{t('closeAbort.noTcp')}</p>
        )}
      </section>
      <section aria-labelledby="close-abort-runs" className="flex flex-col gap-1.5">
        <h3 id="close-abort-runs" className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          {t('closeAbort.runs')}
        </h3>
        <label className="flex items-start gap-2 text-xs">
          <input type="checkbox" className="mt-0.5" checked={allowHalfOpen} onChange={(e) => setAllowHalfOpen(e.target.checked)} />
          <span>
            <span className="font-medium">{t('closeAbort.halfOpen')}</span>
            <span className="block text-slate-600 dark:text-slate-300">
              {allowHalfOpen ? t('closeAbort.halfOpenOn') : t('closeAbort.halfOpenOff')}
            </span>
          </span>
        </label>
        <p className="text-xs text-slate-500 dark:text-slate-400">{t('closeAbort.halfOpenNote')}</p>
        <p className="text-xs text-slate-500 dark:text-slate-400">{t('closeAbort.runsNote')}</p>
        <ul className="flex flex-col gap-2">
          {closeRunIds.map((id) => (
            <RunCard key={id} id={id} allowHalfOpen={allowHalfOpen} />
          ))}
        </ul>
      </section>
    </div>
  );
}
