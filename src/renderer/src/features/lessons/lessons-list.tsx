// "Lessons": the three bundled lesson packs, each opened like Open workspace opens a file (checked main-side,
// sessions in closed, Undo offered); and the lesson open now, with its introduction.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { predict } from '../predict/predict-store';
import { workspaceFile } from '../workspace-file/workspace-file-store';
import { workspace } from '../workspace/workspace-store';
import { bundledLessons, openLesson, say } from './bundled-lessons';

export function LessonsList() {
  const { t, i18n } = useTranslation();
  useSyncExternalStore(workspace.subscribe, workspace.getVersion);
  const lang = i18n.resolvedLanguage;
  return (
    <section aria-labelledby="lessons-heading" className="flex flex-col gap-1.5 [word-break:keep-all]">
      <h3 id="lessons-heading" className="text-sm font-semibold">
        {t('teach.lessons.title')}
      </h3>
      <ul className="flex flex-col gap-1">
        {bundledLessons.map((pack) => {
          const title = say(pack.title, lang);
          return (
            <li key={pack.file} className="flex items-center gap-2">
              <span className="min-w-0 flex-1 text-xs">{title}</span>
              <button
                type="button"
                aria-label={t('teach.lessons.openNamed', { title })}
                disabled={!workspace.started}
                onClick={() =>
                  // The lesson's first question is asked next (the picker falls back to it).
                  void workspaceFile.openText(pack.text, pack.file).then(() => predict.choose(''))
                }
                className="whitespace-nowrap rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800"
              >
                {t('teach.lessons.open')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The lesson open now: its title, and its introduction (folded away once read). */
export function CurrentLesson() {
  const { t, i18n } = useTranslation();
  useSyncExternalStore(workspace.subscribe, workspace.getVersion);
  const lesson = openLesson();
  if (!lesson) return null;
  const lang = i18n.resolvedLanguage;
  return (
    <details
      open
      className="rounded border border-sky-200 bg-sky-50 px-2 py-1.5 text-xs text-sky-950 [word-break:keep-all] dark:border-sky-800 dark:bg-sky-950 dark:text-sky-50"
    >
      <summary className="cursor-pointer font-semibold">{t('teach.lessons.current', { title: say(lesson.title, lang) })}</summary>
      {lesson.intro ? <p className="mt-0.5 leading-relaxed">{say(lesson.intro, lang)}</p> : null}
    </details>
  );
}
