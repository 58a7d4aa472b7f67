// The graded answer: right or not, what the recorded rows say happened, why (the kind's explanation and the
// lesson's own words), the glossary entry, and Ask again.
import { useTranslation } from 'react-i18next';
import type { Graded } from './predict-store';
import { predict } from './predict-store';
import { say } from '../lessons/bundled-lessons';

/** Long replies are cut in the sentence; the log has them whole. */
const shownText = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

export function PredictResult({ graded, onGlossary, glossaryTerm }: { graded: Graded; onGlossary: () => void; glossaryTerm: string }) {
  const { t, i18n } = useTranslation();
  const { question, outcome, correct, answer } = graded;
  const answerText = (value: string | number): string =>
    question.kind === 'error'
      ? t(`teach.predict.choices.${String(value)}`)
      : question.kind === 'recvText'
        ? `"${shownText(String(value))}"`
        : String(value);
  const actual =
    question.kind === 'error'
      ? t('teach.predict.actual.error', { code: answerText(outcome.actual) })
      : question.kind === 'recvText'
        ? t('teach.predict.actual.recvText', {
            text: shownText(String(outcome.actual).replace(/\r?\n$/, '')) || t('teach.predict.emptyText'),
          })
        : t(`teach.predict.actual.${question.kind}`, { count: Number(outcome.actual), out: outcome.dataOut });
  return (
    <div
      role="status"
      aria-label={correct ? t('teach.predict.correct') : t('teach.predict.wrong')}
      className={`flex flex-col gap-1 rounded border px-2 py-1.5 text-xs ${
        correct
          ? 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-50'
          : 'border-rose-300 bg-rose-50 text-rose-950 dark:border-rose-700 dark:bg-rose-950 dark:text-rose-50'
      }`}
    >
      <p className="text-sm font-semibold">{correct ? t('teach.predict.correct') : t('teach.predict.wrong')}</p>
      <p>{t('teach.predict.yourAnswer', { answer: answerText(answer) })}</p>
      <p className="font-medium">{actual}</p>
      <p>{t(`teach.predict.explain.${outcome.explainKey}`)}</p>
      {question.explain ? <p>{say(question.explain, i18n.resolvedLanguage)}</p> : null}
      {graded.incomplete ? <p>{t('teach.predict.noRows')}</p> : null}
      <div className="flex flex-wrap gap-3">
        <button type="button" className="font-medium underline" onClick={onGlossary}>
          {t('teach.predict.readMore', { term: glossaryTerm })}
        </button>
        <button type="button" className="font-medium underline" onClick={() => predict.again()}>
          {t('teach.predict.again')}
        </button>
      </div>
    </div>
  );
}
