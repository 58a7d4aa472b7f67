// Opens and closes the teaching lab (the header's "Lab" button and the lab's own close button); the choice is
// kept in settings.json (app.layout.lab) like the other panes'.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { labPaneId } from '../layout/app-panes';
import { withPane } from '../layout/pane-sizes';
import { workspace } from '../workspace/workspace-store';

export const isLabOpen = (): boolean => workspace.layout.lab?.collapsed === false;

export const setLabOpen = (open: boolean): void => workspace.setLayoutShown(withPane(workspace.layout, 'lab', { collapsed: !open }));

export function LabToggle() {
  const { t } = useTranslation();
  useSyncExternalStore(workspace.subscribe, workspace.getVersion);
  const open = isLabOpen();
  return (
    <button
      type="button"
      aria-expanded={open}
      aria-controls={labPaneId}
      // Until the kept settings are read, a choice made here would be overwritten by them.
      disabled={!workspace.started}
      onClick={() => setLabOpen(!open)}
      className={`rounded px-2 py-0.5 text-xs ${
        open
          ? 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100'
          : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
      }`}
    >
      {t('lab.title')}
    </button>
  );
}

export function LabCloseButton() {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      aria-label={t('lab.close')}
      title={t('lab.close')}
      onClick={() => setLabOpen(false)}
      className="ml-auto rounded p-1 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-700"
    >
      <svg viewBox="0 0 18 18" width="14" height="14" aria-hidden="true" className="block">
        <path d="M4 4l10 10M14 4 4 14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
    </button>
  );
}
