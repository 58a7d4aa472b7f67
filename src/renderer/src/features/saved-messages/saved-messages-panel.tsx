// The "Saved messages" region at the foot of the sidebar: a collection to choose (new, rename, delete), a
// search, and the messages, each sent with one click (the first nine also with Ctrl+1..9), edited, moved
// or deleted (with Undo for a few seconds). What a send did is said here, in the reader's language.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { lessonLabel } from '../lessons/bundled-lessons';
import {
  addCollection,
  moveMessage,
  payloadPreview,
  removeCollection,
  removeMessage,
  renameCollection,
  searchMessages,
  shortcutMessages,
} from '../../../../shared/saved-messages';
import { formatHostPort } from '../../../../shared/address';
import type { SavedMessage } from '../../../../shared/workspace';
import { useSay } from '../../lib/problem-text';
import { Button, inputClass, SelectField, TextField } from '../../lib/ui';
import { onSavedMessageKey } from '../shortcuts/saved-message-key';
import { IconButton } from './icon-button';
import { MessageEditor } from './message-editor';
import { savedMessages } from './saved-store';
import { sendSaved } from './send-saved';

const small = 'px-2 py-0.5 text-xs';

export function SavedMessagesPanel() {
  const { t } = useTranslation();
  useSyncExternalStore(savedMessages.subscribe, savedMessages.getVersion);
  const [open, setOpen] = useState(true);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<SavedMessage | null>(null);
  const current = savedMessages.current();

  // Ctrl+1..9: the first nine of the collection shown, whatever the search shows.
  useEffect(
    () =>
      onSavedMessageKey((index) => {
        const collection = savedMessages.current();
        const message = collection ? shortcutMessages(collection)[index] : undefined;
        if (!message) return false;
        void sendSaved(message);
        return true;
      }),
    [],
  );

  const shown = current
    ? query.trim() === ''
      ? current.messages
      : searchMessages({ format: 'socket-lab-workspace', version: 1, collections: [current] }, query).map((f) => f.message)
    : [];

  return (
    <section
      aria-label={t('saved.title')}
      className={`flex min-h-0 flex-col border-t border-slate-200 dark:border-slate-700 ${open ? 'max-h-[60%]' : ''}`}
    >
      <h2 className="px-3 py-1.5">
        <button
          type="button"
          aria-expanded={open}
          className="flex w-full items-center gap-1 text-left text-sm font-semibold"
          onClick={() => setOpen((v) => !v)}
        >
          <span aria-hidden="true" className="w-3 text-xs">
            {open ? '▾' : '▸'}
          </span>
          {t('saved.toggle')}
        </button>
      </h2>
      {open ? (
        <div className="flex min-h-0 flex-col gap-1.5 px-2 pb-2">
          <CollectionBar />
          <input
            type="search"
            aria-label={t('saved.search')}
            placeholder={t('saved.searchPlaceholder')}
            value={query}
            className={`${inputClass} py-0.5 text-xs`}
            onChange={(e) => setQuery(e.target.value)}
          />
          <PanelNote />
          <ul aria-label={t('saved.title')} className="min-h-0 flex-1 overflow-auto">
            {!current || current.messages.length === 0 ? (
              <li className="px-1 py-1 text-xs text-slate-500 [word-break:keep-all] dark:text-slate-400">{t('saved.empty')}</li>
            ) : shown.length === 0 ? (
              <li className="px-1 py-1 text-xs text-slate-500 dark:text-slate-400">{t('saved.noMatch')}</li>
            ) : null}
            {current
              ? shown.map((message) => (
                  <MessageItem
                    key={message.name}
                    message={message}
                    index={current.messages.indexOf(message)}
                    count={current.messages.length}
                    collection={current.name}
                    onEdit={() => setEditing(message)}
                  />
                ))
              : null}
          </ul>
        </div>
      ) : null}
      {editing && current ? (
        <MessageEditor
          title={t('saved.editTitle')}
          initial={editing}
          collection={current.name}
          replacing={editing.name}
          onDone={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}

function MessageItem(props: { message: SavedMessage; index: number; count: number; collection: string; onEdit: () => void }) {
  const { message, index, count, collection, onEdit } = props;
  const { t, i18n } = useTranslation();
  const say = useSay();
  // What the reader sees and hears (a lesson's message in Korean); the message's own name stays the key.
  const name = lessonLabel(message.name, i18n.resolvedLanguage);
  const move = (to: number): void => {
    const problem = savedMessages.apply(moveMessage(savedMessages.asWorkspace(), collection, index, to));
    if (problem) savedMessages.say({ kind: 'error', error: problem });
  };
  const target = message.target ? `${message.target.protocol}://${formatHostPort(message.target.host, message.target.port)}` : null;
  return (
    <li className="border-b border-slate-200 px-1 py-1 text-xs last:border-b-0 dark:border-slate-700">
      <div className="flex items-center gap-1">
        <span className="min-w-0 flex-1 truncate font-semibold" title={name}>
          {name}
        </span>
        {index < 9 ? (
          <kbd
            title={t('saved.shortcutHint', { n: index + 1 })}
            className="shrink-0 rounded border border-slate-300 bg-white px-1 font-mono text-[10px] text-slate-600 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-300"
          >
            {t('saved.shortcut', { n: index + 1 })}
          </kbd>
        ) : null}
      </div>
      <div className="truncate font-mono text-slate-600 dark:text-slate-300" title={message.payload.text}>
        <span className="mr-1 text-[10px] uppercase text-slate-500 dark:text-slate-400">{t(`format.${message.payload.format}`)}</span>
        {payloadPreview(message.payload)}
      </div>
      {target ? (
        <div className="truncate text-slate-500 dark:text-slate-400" title={target}>
          → {target}
        </div>
      ) : null}
      <div className="mt-0.5 flex items-center gap-1">
        <Button tone="primary" className={small} aria-label={t('saved.sendOne', { name })} onClick={() => void sendSaved(message)}>
          {t('saved.send')}
        </Button>
        <IconButton icon="rename" label={t('saved.editOne', { name })} onClick={onEdit} />
        <IconButton icon="up" label={t('saved.moveUpOne', { name })} disabled={index <= 0} onClick={() => move(index - 1)} />
        <IconButton icon="down" label={t('saved.moveDownOne', { name })} disabled={index >= count - 1} onClick={() => move(index + 1)} />
        <IconButton
          icon="delete"
          label={t('saved.deleteOne', { name })}
          onClick={() => {
            const problem = savedMessages.applyUndoable(
              removeMessage(savedMessages.asWorkspace(), collection, message.name),
              'deletedMessage',
              {
                name,
              },
            );
            if (problem) savedMessages.say({ kind: 'error', error: problem });
          }}
        />
      </div>
      {savedMessages.note?.kind === 'error' && savedMessages.note.name === message.name ? (
        <p role="alert" className="mt-0.5 text-red-700 [word-break:keep-all] dark:text-red-300">
          {t('saved.failed', { name, why: say(savedMessages.note.error) })}
        </p>
      ) : null}
    </li>
  );
}

/** What the last action did: a send, a save, or a delete with its Undo. */
function PanelNote() {
  const { t } = useTranslation();
  const say = useSay();
  const note = savedMessages.note;
  const undo = savedMessages.undo;
  return (
    <>
      {undo ? (
        <div role="status" className="flex items-center gap-1 text-xs">
          <span className="min-w-0 flex-1 [word-break:keep-all]">{t(`saved.${undo.says}`, undo.params)}</span>
          <Button className={small} onClick={() => savedMessages.undoLast()}>
            {t('saved.undo')}
          </Button>
        </div>
      ) : null}
      {note && note.kind !== 'error' ? (
        <p role="status" className="text-xs text-slate-600 [word-break:keep-all] dark:text-slate-300">
          {note.kind === 'sent'
            ? t('saved.sent', { name: note.name, count: note.bytes })
            : note.kind === 'opening'
              ? t('saved.opening', { name: note.name })
              : t('saved.savedNote', { name: note.name, collection: note.collection })}
        </p>
      ) : null}
      {note?.kind === 'error' && note.name === undefined ? (
        <p role="alert" className="text-xs text-red-700 [word-break:keep-all] dark:text-red-300">
          {say(note.error)}
        </p>
      ) : null}
    </>
  );
}

/** The collection shown, and new / rename / delete (a name typed in place, checked like a file's). */
function CollectionBar() {
  const { t, i18n } = useTranslation();
  const say = useSay();
  const collections = savedMessages.collections();
  const current = savedMessages.current();
  const [naming, setNaming] = useState<{ mode: 'new' | 'rename'; value: string; error?: string } | null>(null);

  function confirm(): void {
    if (!naming) return;
    const name = naming.value.trim();
    if (name === '') return setNaming({ ...naming, error: say({ key: 'workspaceNameEmpty' }) });
    const edit =
      naming.mode === 'new' || !current
        ? addCollection(savedMessages.asWorkspace(), name)
        : renameCollection(savedMessages.asWorkspace(), current.name, name);
    const problem = savedMessages.apply(edit, name);
    if (problem) return setNaming({ ...naming, error: say(problem) });
    setNaming(null);
  }

  if (naming)
    return (
      <form
        className="flex items-start gap-1"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            setNaming(null);
          }
        }}
      >
        <TextField
          label={t('saved.collectionName')}
          value={naming.value}
          error={naming.error}
          autoFocus
          className="min-w-0 flex-1 [&_input]:text-xs"
          onChange={(e) => setNaming({ ...naming, value: e.target.value, error: undefined })}
        />
        <Button type="submit" className={`${small} mt-5`}>
          {t('saved.ok')}
        </Button>
        <Button className={`${small} mt-5`} onClick={() => setNaming(null)}>
          {t('saved.cancel')}
        </Button>
      </form>
    );

  return (
    <div className="flex items-end gap-1">
      <SelectField
        label={t('saved.collection')}
        value={current?.name ?? ''}
        disabled={collections.length === 0}
        className="min-w-0 flex-1 [&_select]:py-0.5 [&_select]:text-xs"
        onChange={(e) => savedMessages.select(e.target.value)}
      >
        {collections.length === 0 ? <option value="">{t('saved.defaultCollection')}</option> : null}
        {collections.map((c) => (
          <option key={c.name} value={c.name}>
            {lessonLabel(c.name, i18n.resolvedLanguage)}
          </option>
        ))}
      </SelectField>
      <IconButton
        icon="add"
        label={t('saved.newCollection')}
        onClick={() => {
          let n = collections.length + 1;
          while (collections.some((c) => c.name === t('saved.newCollectionName', { n }))) n++;
          setNaming({ mode: 'new', value: t('saved.newCollectionName', { n }) });
        }}
      />
      <IconButton
        icon="rename"
        label={t('saved.renameCollection')}
        disabled={!current}
        onClick={() => current && setNaming({ mode: 'rename', value: current.name })}
      />
      <IconButton
        icon="delete"
        label={t('saved.deleteCollection')}
        disabled={!current}
        onClick={() => {
          if (!current) return;
          const problem = savedMessages.applyUndoable(removeCollection(savedMessages.asWorkspace(), current.name), 'deletedCollection', {
            name: current.name,
            count: current.messages.length,
          });
          if (problem) savedMessages.say({ kind: 'error', error: problem });
        }}
      />
    </div>
  );
}
