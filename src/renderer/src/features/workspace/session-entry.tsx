// One session in the sidebar as a thing the user names: its short id (#3), its name or default
// description, and Rename (inline: Enter keeps, Escape cancels, empty = the default), Duplicate and Close session.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { lessonLabel } from '../lessons/bundled-lessons';
import type { SessionInfo } from '../../../../shared/contract';
import { inputClass } from '../../lib/ui';
import { entryAddress } from './entry-address';
import { workspace, type Entry } from './workspace-store';

const iconPaths = {
  rename: 'M3 13.5V16h2.5l7.4-7.4-2.5-2.5L3 13.5Zm11.8-6.8a.7.7 0 0 0 0-1l-1.5-1.5a.7.7 0 0 0-1 0l-1.2 1.2 2.5 2.5 1.2-1.2Z',
  duplicate: 'M6 6h9v9H6zM3 3h9v2H5v7H3z',
  close: 'M5 5l10 10M15 5 5 15',
} as const;

function Icon({ name }: { name: keyof typeof iconPaths }) {
  const stroked = name === 'close';
  return (
    <svg viewBox="0 0 18 18" width="14" height="14" aria-hidden="true" className="block">
      <path
        d={iconPaths[name]}
        fill={stroked ? 'none' : 'currentColor'}
        stroke={stroked ? 'currentColor' : 'none'}
        strokeWidth={stroked ? 2 : 0}
        strokeLinecap="round"
      />
    </svg>
  );
}

function IconButton({ label, icon, onClick }: { label: string; icon: keyof typeof iconPaths; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      className="rounded p-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-700 dark:hover:text-slate-100"
    >
      <Icon name={icon} />
    </button>
  );
}

/** The name when the user gave one, else what the session is: "TCP client 127.0.0.1:9100". */
export function useEntryTitle(entry: Entry, info: SessionInfo | undefined): { title: string; named: boolean; description: string } {
  const { t, i18n } = useTranslation();
  const description = `${t(`kind.${info?.kind ?? entry.form.kind}`)} ${entryAddress(entry, info)}`.trim();
  // A lesson pack's session is shown as the lesson names it in the reader's language.
  const title = entry.name ? lessonLabel(entry.name, i18n.resolvedLanguage) : '';
  return entry.name ? { title, named: true, description } : { title: description, named: false, description };
}

function RenameField({ entry, description, onDone }: { entry: Entry; description: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(entry.name);
  const keep = (): void => {
    workspace.rename(entry.id, value);
    onDone();
  };
  return (
    <input
      aria-label={t('workspace.renameField')}
      autoFocus
      value={value}
      placeholder={description}
      maxLength={80}
      className={`${inputClass} py-0.5 text-xs`}
      onChange={(e) => setValue(e.target.value)}
      onBlur={keep}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
          e.preventDefault();
          keep();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
    />
  );
}

/**
 * The entry around what the sidebar says of its session (`children`: state, address, counters).
 * The select button and the action buttons are siblings: a button may not hold another.
 */
export function SessionEntry({
  entry,
  info,
  selected,
  badge,
  children,
}: {
  entry: Entry;
  info: SessionInfo | undefined;
  selected: boolean;
  badge: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);
  const { title, named, description } = useEntryTitle(entry, info);
  return (
    <div
      className={`flex flex-col border-l-4 ${selected ? 'border-sky-500 bg-white dark:bg-slate-800' : 'border-transparent hover:bg-white dark:hover:bg-slate-800'}`}
    >
      {renaming ? (
        <div className="px-3 pt-2">
          <RenameField entry={entry} description={description} onDone={() => setRenaming(false)} />
        </div>
      ) : null}
      <button
        type="button"
        onClick={() => workspace.select(entry.id)}
        aria-current={selected ? 'true' : undefined}
        className="flex w-full flex-col gap-0.5 px-3 pt-2 text-left text-xs focus-visible:-outline-offset-2"
      >
        {renaming ? null : (
          <span className="flex items-start gap-1.5">
            <span className="shrink-0 font-mono text-slate-500 dark:text-slate-400">#{entry.id}</span>
            <span className="line-clamp-2 min-w-0 flex-1 break-words font-semibold" title={title}>
              {title}
            </span>
            {badge}
          </span>
        )}
        {named ? (
          <span className="truncate text-slate-600 dark:text-slate-300" title={description}>
            {description}
          </span>
        ) : null}
        {children}
      </button>
      <span className="flex justify-end gap-0.5 px-2 pb-1">
        <IconButton label={t('workspace.rename')} icon="rename" onClick={() => setRenaming(true)} />
        <IconButton
          label={t('workspace.duplicate')}
          icon="duplicate"
          onClick={() => workspace.duplicate(entry.id, t('workspace.copyName', { name: title }))}
        />
        <IconButton label={t('workspace.close')} icon="close" onClick={() => void workspace.close(entry.id)} />
      </span>
    </div>
  );
}
