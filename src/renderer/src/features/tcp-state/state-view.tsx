// The lab's State tool: a badge per TCP connection (a server's listening socket and its clients), the RFC 793
// diagram with the picked one's last edge lit and its text equivalent, its steps, and the operating system's view.
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatHostPort } from '../../../../shared/address';
import type { OsSocketRow } from '../../../../shared/contract';
import { tcpStateModel, type ConnectionState } from '../../../../shared/lesson/tcp-state';
import type { LabProps } from '../lab/lab-props';
import { labNav, type GlossaryId } from '../lab/lab-nav';
import { OsView } from './os-view';
import { StateBadge } from './state-badge';
import { StateDiagram } from './state-diagram';
import { eventText, stepText } from './state-words';

const endpoint = (e: { host: string; port: number } | null): string => (e ? formatHostPort(e.host, e.port) : '');

function GlossaryLink({ id, label }: { id: GlossaryId; label: string }) {
  return (
    <button
      type="button"
      onClick={() => labNav.explain(id)}
      className="rounded px-1 text-sky-800 underline hover:bg-sky-50 dark:text-sky-300 dark:hover:bg-slate-800"
    >
      {label}
    </button>
  );
}

export function StateView({ session, log }: LabProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string | null>(null);
  const [osRows, setOsRows] = useState<OsSocketRow[] | null>(null);
  const onRows = useCallback((rows: OsSocketRow[] | null) => setOsRows(rows), []);
  // The log's rows are a Map kept up to date in place: its bounds and size say when to read it again.
  const rowCount = log?.rows.size ?? 0;
  const total = log?.total ?? 0;
  const model = useMemo(
    () => (session ? tcpStateModel(session, log?.rows.values() ?? []) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the rows Map changes in place; total and size track it
    [session?.id, session?.kind, session?.state, session?.lastError, session?.local, log, rowCount, total],
  );

  if (!session || !model) return <p className="text-slate-600 dark:text-slate-300">{t('tcpState.noSession')}</p>;
  if (model.transport === 'udp') {
    return (
      <p>
        {t('tcpState.udp')} <GlossaryLink id="datagram" label={t('tcpState.links.datagram')} />
      </p>
    );
  }
  const conns = model.connections;
  // The picked connection, or the newest one that is not the listener (a server's latest client).
  const conn: ConnectionState | null =
    conns.find((c) => c.id === picked) ?? [...conns].reverse().find((c) => c.role !== 'listener') ?? conns[0] ?? null;
  const last = conn?.steps[conn.steps.length - 1];
  const equivalent = conn
    ? `${t('tcpState.current', { state: conn.state })}; ${last ? stepText(t, last) : t('tcpState.noStep')}`
    : t('tcpState.noSession');
  return (
    <div className="flex flex-col gap-2">
      <section aria-label={t('tcpState.connections')}>
        <ul className="flex flex-col gap-1">
          {conns.map((c) => {
            const name =
              c.role === 'listener'
                ? t('tcpState.listener', { local: endpoint(c.local) })
                : c.peer
                  ? t('tcpState.connection', { id: c.id, peer: endpoint(c.peer) })
                  : t('tcpState.connectionNoPeer', { id: c.id });
            return (
              <li key={c.id}>
                <button
                  type="button"
                  aria-pressed={c === conn}
                  onClick={() => setPicked(c.id)}
                  className={`flex w-full flex-wrap items-center justify-between gap-x-2 gap-y-0.5 rounded border px-2 py-1 text-left ${
                    c === conn
                      ? 'border-sky-700 bg-sky-50 dark:border-sky-400 dark:bg-slate-800'
                      : 'border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800'
                  }`}
                >
                  <span className="min-w-0 break-all font-mono text-xs">{name}</span>
                  <StateBadge state={c.state} reset={c.errorCode !== null} />
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      <StateDiagram conn={conn} />
      <p className="font-mono text-xs" data-testid="tcp-state-equivalent">
        {equivalent}
      </p>
      {conn ? <ConnectionNotes conn={conn} osRows={osRows} /> : null}
      {conn && conn.steps.length > 0 ? (
        <section aria-label={t('tcpState.steps')}>
          <h3 className="text-xs font-semibold">{t('tcpState.steps')}</h3>
          <ol className="text-xs">
            {conn.steps.map((s, i) => (
              <li key={i} className={s.inferred ? 'italic text-slate-600 dark:text-slate-400' : ''}>
                <span className="font-mono">
                  {s.from} -&gt; {s.to}
                </span>
                : {eventText(t, s.event)}
                {s.seq !== null ? ` (${t('tcpState.row', { seq: s.seq })})` : ''}
                {s.inferred ? ` (${t('tcpState.inferred')})` : ''}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p className="text-xs">
        {t('tcpState.learn')}
        {(['handshake', 'fin', 'rst', 'halfClose', 'timeWait'] as const).map((id) => (
          <GlossaryLink key={id} id={id} label={t(`tcpState.links.${id}`)} />
        ))}
      </p>
      <OsView key={session.id} session={session} onRows={onRows} />
    </div>
  );
}

/** What the badge cannot say: the likely TIME_WAIT (or what the OS says of it), an RST, rows no longer kept. */
function ConnectionNotes({ conn, osRows }: { conn: ConnectionState; osRows: OsSocketRow[] | null }) {
  const { t } = useTranslation();
  const notes: string[] = [];
  if (conn.partial) notes.push(t('tcpState.partial'));
  if (conn.errorCode) notes.push(t('tcpState.ended', { code: conn.errorCode }));
  if (conn.timeWaitLikely) {
    // The OS view, when on, has the last word on TIME_WAIT.
    const mine = osRows?.find((r) => r.localPort === conn.local?.port && r.peerPort === conn.peer?.port && r.mine);
    if (osRows === null) notes.push(t('tcpState.timeWaitLikely'));
    else if (mine?.state === 'TIME-WAIT') notes.push(t('tcpState.timeWaitConfirmed', { left: Math.round((mine.timer?.ms ?? 0) / 1000) }));
    else notes.push(t('tcpState.timeWaitNotSeen'));
  }
  if (notes.length === 0) return null;
  return (
    <div className="flex flex-col gap-1 text-xs" role="note">
      {notes.map((n) => (
        <p key={n} className="rounded bg-slate-100 px-2 py-1 dark:bg-slate-800">
          {n}
        </p>
      ))}
    </div>
  );
}
