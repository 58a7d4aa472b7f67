// "Open workspace…" and "Save workspace…" in the header, and what they did, said under it: the counts of
// what was opened (with Undo for a few seconds), or a bad file's first mistakes at their paths.
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { maxWorkspaceBytes } from '../../../../shared/workspace';
import { api } from '../../api';
import { store } from '../../state/app-store';
import { useSay } from '../../lib/problem-text';
import { Button } from '../../lib/ui';
import type { Entry } from '../workspace/workspace-store';
import { entryAddress } from '../workspace/entry-address';
import { shownMistakes, workspaceFile } from './workspace-file-store';

const headerButton =
  'rounded px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800 whitespace-nowrap';

export function WorkspaceFileButtons() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  // An entry's name in the file: its own, else what it is ("TCP client 127.0.0.1:9100").
  const named = useCallback(
    (entry: Entry): string => {
      const info = entry.sessionId !== null ? store.sessions.get(entry.sessionId) : undefined;
      return entry.name || `${t(`kind.${info?.kind ?? entry.form.kind}`)} ${entryAddress(entry, info)}`.trim();
    },
    [t],
  );
  // Electron's File menu asks for the same two actions as these buttons.
  useEffect(
    () =>
      api.onMenu?.((action) => {
        if (action === 'openWorkspace') void workspaceFile.openWithDialog();
        else void workspaceFile.save(named);
      }),
    [named],
  );
  return (
    <>
      <button
        type="button"
        className={headerButton}
        title={t('workspaceFile.openHint')}
        onClick={() => (workspaceFile.electron() ? void workspaceFile.openWithDialog() : input.current?.click())}
      >
        {t('workspaceFile.open')}
      </button>
      <button type="button" className={headerButton} title={t('workspaceFile.saveHint')} onClick={() => void workspaceFile.save(named)}>
        {t('workspaceFile.save')}
      </button>
      {/* Browser mode: the page reads the chosen file; its text is checked main-side. */}
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        aria-label={t('workspaceFile.fileInput')}
        className="hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // the same file can be chosen again
          if (!file) return;
          // Past the limit the main side refuses anyway: the page does not read a huge file for nothing.
          const text = file.size > maxWorkspaceBytes + 1 ? Promise.resolve(' '.repeat(maxWorkspaceBytes + 1)) : file.text();
          void text.then((content) => workspaceFile.openText(content, file.name));
        }}
      />
    </>
  );
}

export function WorkspaceFileNotice() {
  const { t } = useTranslation();
  const say = useSay();
  useSyncExternalStore(workspaceFile.subscribe, workspaceFile.getVersion);
  const note = workspaceFile.note;
  if (!note) return null;
  const counts = (n: { sessions: number; messages: number }) => ({
    sessions: t('workspaceFile.sessions', { count: n.sessions }),
    messages: t('workspaceFile.messages', { count: n.messages }),
  });
  const bad = note.kind === 'bad' || note.kind === 'error';
  return (
    <div
      role={bad ? 'alert' : 'status'}
      className={`flex items-start gap-3 border-b px-3 py-1.5 text-xs [word-break:keep-all] ${
        bad
          ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
          : 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100'
      }`}
    >
      <div className="min-w-0 flex-1 break-words">
        {note.kind === 'opened' ? t('workspaceFile.opened', { file: note.file, ...counts(note) }) : null}
        {note.kind === 'saved' ? (
          <>
            {t('workspaceFile.saved', { file: note.file, ...counts(note) })}
            {note.leftOut > 0 ? ` ${t('workspaceFile.leftOut', { count: note.leftOut })}` : null}
          </>
        ) : null}
        {note.kind === 'error' ? say(note.error) : null}
        {note.kind === 'bad' ? (
          <>
            <p>{say({ key: 'workspaceFileBad', params: { file: note.file, count: note.mistakes.length } })}</p>
            <ul aria-label={t('workspaceFile.mistakes')} className="mt-1 list-disc pl-5">
              {note.mistakes.slice(0, shownMistakes).map((m, i) => (
                <li key={i}>
                  <code className="font-mono">{m.field ?? t('workspaceFile.whole')}</code>: {say(m.problem)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      {workspaceFile.canUndo && note.kind === 'opened' ? (
        <Button className="px-2 py-0.5 text-xs" onClick={() => workspaceFile.undoOpen()}>
          {t('workspaceFile.undo')}
        </Button>
      ) : null}
      <Button className="px-2 py-0.5 text-xs" onClick={() => workspaceFile.dismiss()}>
        {t('workspaceFile.dismiss')}
      </Button>
    </div>
  );
}
