// The glossary: one entry per socket term (the course's Korean term with the API name beside it), each a
// heading with an id, a few plain sentences and "Show in <tool>" where a lab tool demonstrates it; a search
// box; labNav.explain(id) from anywhere opens it at that entry, scrolled to and marked.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabProps } from '../lab/lab-props';
import { glossaryIds, labNav, type GlossaryId } from '../lab/lab-nav';
import { inputClass } from '../../lib/ui';
import { ShowAgainButton } from '../first-time/show-again';
import { glossaryTool } from './glossary-tools';

export const glossaryEntryId = (id: GlossaryId): string => `glossary-${id}`;

export function Glossary(_props: LabProps) {
  const { t, i18n } = useTranslation();
  const navVersion = useSyncExternalStore(labNav.subscribe, labNav.getVersion);
  const [query, setQuery] = useState('');
  const asked = labNav.glossaryEntry;
  const other = i18n.getFixedT(i18n.resolvedLanguage === 'ko' ? 'en' : 'ko');

  // Found in either language, or by its id: a Korean class may type "FIN" or "연결", an English one "recv".
  const words = query.trim().toLowerCase();
  const matches = (id: GlossaryId): boolean =>
    words === '' ||
    [id, t(`teach.glossary.entries.${id}.term`), t(`teach.glossary.entries.${id}.text`), other(`teach.glossary.entries.${id}.term`)].some(
      (s) => s.toLowerCase().includes(words),
    );
  // The entry asked for stays shown whatever the search says.
  const shown = glossaryIds.filter((id) => id === asked || matches(id));

  // An entry asked for (a link elsewhere) is scrolled to each time it is asked for.
  useEffect(() => {
    if (asked === null) return;
    const frame = requestAnimationFrame(() => document.getElementById(glossaryEntryId(asked))?.scrollIntoView({ block: 'start' }));
    return () => cancelAnimationFrame(frame);
  }, [asked, navVersion]);

  return (
    <div className="flex flex-col gap-2 [word-break:keep-all]">
      <div className="flex flex-wrap items-center gap-2">
        <input
          type="search"
          aria-label={t('teach.glossary.search')}
          placeholder={t('teach.glossary.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className={`${inputClass} min-w-0 flex-1`}
        />
        <ShowAgainButton />
      </div>
      <div className="flex flex-col gap-2">
        {shown.length === 0 ? <p className="text-slate-600 dark:text-slate-300">{t('teach.glossary.none', { query })}</p> : null}
        {shown.map((id) => {
          const tool = glossaryTool[id];
          const marked = id === asked;
          return (
            <section
              key={id}
              aria-labelledby={glossaryEntryId(id)}
              aria-current={marked ? 'true' : undefined}
              className={`scroll-mt-2 rounded border px-2 py-1.5 ${
                marked ? 'border-amber-400 bg-amber-50 dark:border-amber-500 dark:bg-amber-950' : 'border-slate-200 dark:border-slate-700'
              }`}
            >
              <h3 id={glossaryEntryId(id)} className="text-sm font-semibold text-slate-900 dark:text-slate-100">
                {t(`teach.glossary.entries.${id}.term`)}
              </h3>
              <p className="mt-0.5 text-xs leading-relaxed text-slate-700 dark:text-slate-300">{t(`teach.glossary.entries.${id}.text`)}</p>
              {tool ? (
                <button
                  type="button"
                  onClick={() => labNav.show(tool)}
                  className="mt-1 text-xs font-medium text-sky-800 underline hover:text-sky-950 dark:text-sky-300 dark:hover:text-sky-100"
                >
                  {t('teach.glossary.showIn', { tool: t(`lab.tabs.${tool}`) })}
                </button>
              ) : null}
            </section>
          );
        })}
      </div>
    </div>
  );
}
