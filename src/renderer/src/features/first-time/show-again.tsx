// "Show explanations again" (in the Glossary): forgets which first-time explanations were shown.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { firstTime } from './first-time-watch';

export function ShowAgainButton() {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          firstTime.showAgain();
          setDone(true);
        }}
        className="whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        {t('teach.glossary.again')}
      </button>
      {done ? (
        <p role="status" className="w-full text-xs text-slate-600 dark:text-slate-300">
          {t('teach.glossary.againDone')}
        </p>
      ) : null}
    </>
  );
}
