// Predict -> run -> explain: pick a question (the open lesson's or a built-in one), answer it, press Start,
// do the run against real sockets, press Check: the answer graded against the rows the run recorded, what
// really happened, why, and the glossary entry. The open lesson's introduction is above; the bundled lessons below.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { builtInQuestions, errorChoices, kindGlossary, readAnswer, type PredictionQuestion } from '../../../../shared/lesson/predictions';
import { Button, SelectField, TextField } from '../../lib/ui';
import { isGlossaryId } from '../glossary/glossary-tools';
import type { LabProps } from '../lab/lab-props';
import { labNav } from '../lab/lab-nav';
import { openLesson, say, lessonLabel } from '../lessons/bundled-lessons';
import { CurrentLesson, LessonsList } from '../lessons/lessons-list';
import { workspace } from '../workspace/workspace-store';
import { PredictResult } from './predict-result';
import { predict, questionKey } from './predict-store';

export function PredictPanel({ session }: LabProps) {
  const { t, i18n } = useTranslation();
  useSyncExternalStore(predict.subscribe, predict.getVersion);
  useSyncExternalStore(workspace.subscribe, workspace.getVersion);
  const lang = i18n.resolvedLanguage;
  const lesson = openLesson();
  const lessonQuestions = lesson?.questions ?? [];
  const options = [
    ...lessonQuestions.map((q) => ({ key: questionKey('lesson', q), q })),
    ...builtInQuestions.map((q) => ({ key: questionKey('builtIn', q), q })),
  ];
  // The question picked, else the lesson's first (a lesson just opened), else the first built-in one.
  const picked = options.find((o) => o.key === predict.key) ?? options[0]!;
  const question = picked.q;
  const asked = (q: PredictionQuestion, key: string): string =>
    key.startsWith('lesson:') && q.text ? say(q.text, lang) : t(`teach.predict.builtIn.${q.id}`, { defaultValue: q.id });

  // The session the question is about: the lesson's session by name, else the one selected.
  // The newest entry of that name: a lesson opened twice (its first sessions still open) asks about the latest.
  const entry = question.session !== undefined ? ([...workspace.entries].reverse().find((e) => e.name === question.session) ?? null) : null;
  const sessionId = question.session !== undefined ? (entry?.sessionId ?? null) : (session?.id ?? null);
  const answer = readAnswer(question, predict.answer);
  const started = predict.run !== null;
  const graded = predict.graded;
  // The lesson's entry when the glossary has it, else the kind's own.
  const glossary = [question.glossary, kindGlossary[question.kind]].find(isGlossaryId) ?? 'socket';

  return (
    <div className="flex flex-col gap-3 [word-break:keep-all]">
      <CurrentLesson />
      <div className="flex flex-col gap-2">
        <SelectField label={t('teach.predict.question')} value={picked.key} onChange={(e) => predict.choose(e.target.value)}>
          {lessonQuestions.length > 0 ? (
            <optgroup label={t('teach.predict.lessonGroup')}>
              {options
                .filter((o) => o.key.startsWith('lesson:'))
                .map((o) => (
                  <option key={o.key} value={o.key}>
                    {asked(o.q, o.key)}
                  </option>
                ))}
            </optgroup>
          ) : null}
          <optgroup label={t('teach.predict.builtInGroup')}>
            {options
              .filter((o) => o.key.startsWith('builtIn:'))
              .map((o) => (
                <option key={o.key} value={o.key}>
                  {asked(o.q, o.key)}
                </option>
              ))}
          </optgroup>
        </SelectField>
        <p className="text-sm font-medium">{asked(question, picked.key)}</p>
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-300">
          {question.session !== undefined ? (
            <>
              <span>
                {entry
                  ? t('teach.predict.about', { name: lessonLabel(question.session, lang) })
                  : t('teach.predict.notInWindow', { name: lessonLabel(question.session, lang) })}
              </span>
              {entry && workspace.selected !== entry.id ? (
                <button type="button" className="underline" onClick={() => workspace.select(entry.id)}>
                  {t('teach.predict.select', { name: lessonLabel(question.session, lang) })}
                </button>
              ) : null}
            </>
          ) : (
            <span>{t('teach.predict.aboutSelected', { name: session ? ` (${t(`kind.${session.kind}`)})` : '' })}</span>
          )}
        </div>
        <div className="flex flex-wrap items-end gap-2">
          {question.kind === 'error' ? (
            <SelectField
              label={t('teach.predict.answer')}
              className="min-w-0 flex-1"
              value={predict.answer}
              disabled={started}
              onChange={(e) => predict.type(e.target.value)}
            >
              <option value="" disabled>
                …
              </option>
              {errorChoices.map((c) => (
                <option key={c} value={c}>
                  {t(`teach.predict.choices.${c}`)}
                </option>
              ))}
            </SelectField>
          ) : (
            <TextField
              label={t('teach.predict.answer')}
              className="min-w-0 flex-1"
              inputMode={question.kind === 'recvText' ? 'text' : 'numeric'}
              value={predict.answer}
              disabled={started}
              error={
                question.kind !== 'recvText' && predict.answer.trim() !== '' && answer === null ? t('teach.predict.badNumber') : undefined
              }
              onChange={(e) => predict.type(e.target.value)}
            />
          )}
          {!started ? (
            <Button tone="primary" disabled={answer === null || predict.answer === ''} onClick={() => predict.start()}>
              {t('teach.predict.start')}
            </Button>
          ) : (
            <Button tone="primary" onClick={() => void predict.check(question, sessionId)}>
              {t('teach.predict.check')}
            </Button>
          )}
        </div>
        {started && !graded ? (
          <p role="status" className="text-xs text-slate-600 dark:text-slate-300">
            {t('teach.predict.started')}
          </p>
        ) : null}
        {graded ? (
          <PredictResult
            graded={graded}
            onGlossary={() => labNav.explain(glossary)}
            glossaryTerm={t(`teach.glossary.entries.${glossary}.term`)}
          />
        ) : null}
      </div>
      <div className="border-t border-slate-200 pt-2 dark:border-slate-700">
        <LessonsList />
      </div>
    </div>
  );
}
