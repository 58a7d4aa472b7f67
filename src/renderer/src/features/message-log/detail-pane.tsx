// The pane beside the log that shows one entry in full.
import { useEffect, useState, type ReactNode } from 'react';
import { shortcutTarget } from '../shortcuts/shortcut-targets';
import { useTranslation } from 'react-i18next';
import { hexDump, toEscaped, toHex } from '../../../../shared/codec';
import type { LogRow } from '../../../../shared/contract';
import { api } from '../../api';
import { Button } from '../../lib/ui';
import { store } from '../../state/app-store';
import { entryDraft } from '../saved-messages/drafts';
import { SaveMessageButton } from '../saved-messages/save-message-button';
import { directionOf, endpointText, rowSummary, timeText } from './describe-row';

/** The selected entry in full: every byte as a hex dump and as escaped text, with copy buttons. */
export function DetailPane({
  sessionId,
  row,
  onClose,
  fold,
}: {
  sessionId: string;
  row: LogRow;
  onClose: () => void;
  /** The pane's collapse button (features/layout). */
  fold?: ReactNode;
}) {
  const { t } = useTranslation();
  const [full, setFull] = useState<LogRow>(row);
  const [copied, setCopied] = useState<string | null>(null);

  // Rows carry a preview of big payloads; fetch the whole entry for the dump. (The pane is keyed
  // by entry, so another entry starts with fresh state.)
  useEffect(() => {
    if (row.type === 'data' && (row.size ?? 0) > row.bytes.length) {
      void api.getEntry({ sessionId, seq: row.seq }).then((r) => r.ok && setFull(r.value));
    }
  }, [sessionId, row]);

  async function copy(kind: 'text' | 'hex'): Promise<void> {
    const text =
      full.type === 'data' ? (kind === 'hex' ? toHex(full.bytes) : (full.text ?? toEscaped(full.bytes))) : rowSummary(full, 'text', t);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(t('detail.copied'));
    } catch {
      setCopied(t('detail.copyFailed'));
    }
  }

  return (
    <aside
      aria-label={t('detail.title')}
      // As wide as its pane (features/layout/log-panes.tsx): the user sizes it.
      className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-3 text-xs"
    >
      <div className="flex items-center gap-2">
        {fold}
        <h3 className="min-w-0 flex-1 truncate text-sm font-semibold">{t('detail.title')}</h3>
        <Button onClick={onClose} aria-label={t('detail.close')} {...shortcutTarget('close-details')}>
          ×
        </Button>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => void copy('text')}>{t('detail.copyText')}</Button>
        <Button onClick={() => void copy('hex')} disabled={full.type !== 'data'}>
          {t('detail.copyHex')}
        </Button>
      </div>
      {copied ? <p role="status">{copied}</p> : null}
      <dl className="grid shrink-0 grid-cols-[7rem_1fr] gap-x-2 gap-y-0.5">
        <dt className="text-slate-500 dark:text-slate-400">{t('detail.time')}</dt>
        <dd>
          {new Date(full.time).toLocaleDateString()} {timeText(full.time)}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">{t('detail.direction')}</dt>
        <dd>{t(`direction.${directionOf(full)}`)}</dd>
        <dt className="text-slate-500 dark:text-slate-400">{t('detail.peer')}</dt>
        <dd>{endpointText(full.peer) || '—'}</dd>
        {full.connectionId ? (
          <>
            <dt className="text-slate-500 dark:text-slate-400">{t('detail.connection')}</dt>
            <dd>{full.connectionId}</dd>
          </>
        ) : null}
        {full.type === 'data' ? (
          <>
            <dt className="text-slate-500 dark:text-slate-400">{t('detail.length')}</dt>
            <dd>{t('log.length', { count: full.size ?? full.bytes.length })}</dd>
          </>
        ) : null}
      </dl>
      {full.type === 'data' ? (
        <>
          {/* Under the facts, not in the header: the header keeps its close button in view at 1024 px. */}
          <div>
            <SaveMessageButton className="scroll-my-2" draft={() => entryDraft(store.sessions.get(sessionId), full.bytes)} />
          </div>
          {/* Each dump is a named group: a label on a bare <pre> is not read out. */}
          <h4 className="font-semibold">{t('detail.hexDump')}</h4>
          <pre
            role="group"
            aria-label={t('detail.hexDump')}
            // Focusable: in a narrow pane the dump scrolls sideways, and a keyboard must be able to scroll it.
            tabIndex={0}
            // scroll-m: a Tab that scrolls it into view leaves room for its focus ring.
            className="shrink-0 scroll-m-2 overflow-x-auto rounded text-[11px] bg-slate-100 p-2 font-mono dark:bg-slate-800"
          >
            {hexDump(full.bytes) || t('detail.emptyPayload')}
          </pre>
          <h4 className="font-semibold">{t('detail.asText')}</h4>
          <pre
            role="group"
            aria-label={t('detail.asText')}
            className="shrink-0 whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono dark:bg-slate-800"
          >
            {full.text ?? toEscaped(full.bytes)}
          </pre>
        </>
      ) : (
        <p>{rowSummary(full, 'text', t)}</p>
      )}
    </aside>
  );
}
