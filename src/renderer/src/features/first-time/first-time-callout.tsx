// The first-time explanation, under the composer above the log: a short callout the first time a behaviour
// shows up in any session, with "Why?" (the glossary entry) and the lab tool that shows it; dismissable.
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { labNav } from '../lab/lab-nav';
import { firstTime } from './first-time-watch';

export function FirstTimeCallout() {
  const { t } = useTranslation();
  useEffect(() => firstTime.start(), []);
  useSyncExternalStore(firstTime.subscribe, firstTime.getVersion);
  const note = firstTime.note;
  if (!note) return null;
  const title = t(`teach.firstTime.${note.variant}.title`);
  return (
    <section
      aria-label={t('teach.firstTime.region')}
      className="mx-3 my-1.5 flex items-start gap-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-950 [word-break:keep-all] dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50"
    >
      <div className="min-w-0 flex-1">
        <p className="font-semibold">{title}</p>
        <p className="mt-0.5">{t(`teach.firstTime.${note.variant}.text`, note.params)}</p>
        <div className="mt-1 flex flex-wrap gap-3">
          <button type="button" className="font-medium underline" onClick={() => labNav.explain(note.glossary)}>
            {t('teach.firstTime.why')}
          </button>
          <button type="button" className="font-medium underline" onClick={() => labNav.show(note.tool)}>
            {t('teach.glossary.showIn', { tool: t(`lab.tabs.${note.tool}`) })}
          </button>
        </div>
      </div>
      <button
        type="button"
        aria-label={t('teach.firstTime.dismiss')}
        title={t('teach.firstTime.dismiss')}
        onClick={() => firstTime.dismiss()}
        className="rounded p-1 hover:bg-amber-100 dark:hover:bg-amber-900"
      >
        <svg viewBox="0 0 18 18" width="12" height="12" aria-hidden="true" className="block">
          <path d="M4 4l10 10M14 4 4 14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </button>
    </section>
  );
}
