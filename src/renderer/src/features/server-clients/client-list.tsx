// A TCP server's connected clients, as a table with a send-to choice and a disconnect button per row.
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../shared/contract';
import { api } from '../../api';
import { store } from '../../state/app-store';
import { Button } from '../../lib/ui';
import { endpointText, timeText } from '../message-log/describe-row';
import { formatBytes } from '../status-bar/format-bytes';

/** A TCP server's connected clients: who, since when, how much, and a way to drop one. */
export function ClientList({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const clients = session.connections;
  const target = store.sendTargets.get(session.id) ?? 'all';
  return (
    <section aria-label={t('clients.title')} className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
      <h2 className="mb-1 text-sm font-semibold">{t('clients.heading', { count: clients.length })}</h2>
      {clients.length === 0 ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">{t('clients.none')}</p>
      ) : (
        // The padding (cancelled by the margin) leaves room for the focus rings the scroller would clip.
        <div className="-m-1 max-h-40 overflow-auto p-1">
          <table className="w-full whitespace-nowrap text-left text-xs [&_td]:pr-3 [&_th]:pr-3">
            <thead className="text-slate-500 dark:text-slate-400">
              <tr>
                <th className="py-0.5 font-medium">{t('clients.id')}</th>
                <th className="font-medium">{t('clients.peer')}</th>
                <th className="font-medium">{t('clients.since')}</th>
                <th className="font-medium">{t('clients.in')}</th>
                <th className="font-medium">{t('clients.out')}</th>
                <th className="font-medium">{t('clients.state')}</th>
                <th>
                  <span className="sr-only">{t('clients.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="font-mono">
              {clients.map((c) => (
                <tr
                  key={c.id}
                  aria-selected={c.id === target}
                  className={`border-t border-slate-100 dark:border-slate-800 ${c.id === target ? 'bg-sky-50 dark:bg-sky-950' : ''}`}
                >
                  <td className="py-0.5">
                    <label className="flex items-center gap-1">
                      <input
                        type="radio"
                        name={`target-${session.id}`}
                        checked={c.id === target}
                        onChange={() => store.setSendTarget(session.id, c.id)}
                        aria-label={t('clients.sendToOne', { peer: endpointText(c.peer) })}
                      />
                      {c.id}
                    </label>
                  </td>
                  <td>
                    {/* A long peer (IPv6 with a zone) is cut, whole in the tooltip. */}
                    <span className="block max-w-64 truncate" title={endpointText(c.peer)}>
                      {endpointText(c.peer)}
                    </span>
                  </td>
                  <td>{timeText(c.since)}</td>
                  <td>{formatBytes(c.bytesIn)}</td>
                  <td>
                    {formatBytes(c.bytesOut)}
                    {/* Bytes this client has not read yet: shown only while there are some. */}
                    {c.bytesQueued ? ` · ${t('clients.queued', { bytes: formatBytes(c.bytesQueued) })}` : ''}
                  </td>
                  <td>{t(`clients.connState.${c.state}`)}</td>
                  <td className="text-right">
                    <Button
                      className="py-0 text-xs"
                      aria-label={t('clients.disconnectOne', { peer: endpointText(c.peer) })}
                      onClick={() => void api.disconnectClient({ sessionId: session.id, connectionId: c.id })}
                    >
                      {t('action.disconnect')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
