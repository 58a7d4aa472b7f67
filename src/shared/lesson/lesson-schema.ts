// A lesson pack's `lesson` field (a workspace file with a title, an introduction and prediction questions in
// English and Korean): its schema, checked with the rest of the workspace (loose objects: fields a newer
// Socket Lab adds are kept), and its type. zod/mini and lazySchema like every schema here.
import * as z from 'zod/mini';
import { lazySchema } from '../lazy-schema';
import { addProblem } from '../schema-parts';
import { quoteInput } from '../quote-input';
import { predictionKinds, type Localized, type PredictionQuestion } from './question';

/** Longest title, introduction or question text: a paragraph for a student, not a chapter. */
export const maxLessonText = 4000;
/** Most questions a lesson asks. */
export const maxLessonQuestions = 100;

export interface Lesson {
  title: Localized;
  intro?: Localized;
  questions: PredictionQuestion[];
  /** The pack's sessions, collections and saved messages as each language names them, keyed by their name in the
   * file (which stays the key). */
  names?: Record<string, Localized>;
  [field: string]: unknown;
}

const localized = () =>
  z.looseObject({ en: z.string().check(z.maxLength(maxLessonText)), ko: z.string().check(z.maxLength(maxLessonText)) });

const questionSchema = () =>
  z.looseObject({
    id: z.string().check(z.minLength(1), z.maxLength(100)),
    kind: z.enum(predictionKinds),
    text: localized(),
    explain: z.optional(localized()),
    glossary: z.optional(z.string().check(z.maxLength(100))),
    session: z.optional(z.string().check(z.maxLength(200))),
    direction: z.optional(z.enum(['in', 'out'])),
  });

export const lessonSchema = lazySchema(() =>
  z
    .looseObject({
      title: localized(),
      intro: z.optional(localized()),
      questions: z.array(questionSchema()).check(z.maxLength(maxLessonQuestions)),
      names: z.optional(z.record(z.string().check(z.maxLength(200)), localized())),
    })
    .check(
      z.superRefine((lesson, ctx) => {
        const seen = new Set<string>();
        lesson.questions.forEach((q, i) => {
          if (seen.has(q.id))
            addProblem(ctx, { key: 'lessonQuestionTwice', params: { id: quoteInput(q.id) } }, ['questions', String(i), 'id']);
          seen.add(q.id);
        });
      }),
    ),
);

/**
 * A question naming a session the pack does not have, or a translated name that is none of its sessions,
 * collections or saved messages: said at its path in the lesson.
 */
export function lessonNameMistakes(
  lesson: { questions: { session?: string }[]; names?: Record<string, unknown> },
  pack: { sessions: string[]; shown: string[] },
): { path: string[]; name: string; key: 'lessonSessionUnknown' | 'lessonNameUnknown' }[] {
  const sessions = new Set(pack.sessions);
  const shown = new Set([...pack.sessions, ...pack.shown]);
  const questions = lesson.questions.flatMap((q, index) =>
    q.session !== undefined && !sessions.has(q.session)
      ? [{ path: ['questions', String(index), 'session'], name: q.session, key: 'lessonSessionUnknown' as const }]
      : [],
  );
  const translated = Object.keys(lesson.names ?? {}).flatMap((name) =>
    shown.has(name) ? [] : [{ path: ['names', name], name, key: 'lessonNameUnknown' as const }],
  );
  return [...questions, ...translated];
}
