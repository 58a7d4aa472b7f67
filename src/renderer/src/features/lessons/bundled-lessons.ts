// The lesson packs shipped in lessons/ (bundled at build time as text), and the lesson of the workspace file
// open now: read from the file's kept top-level fields (features/workspace-file keeps them in settings.json).
import lessonOne from '../../../../../lessons/1-echo-and-ack-servers.socketlab.json?raw';
import lessonTwo from '../../../../../lessons/2-tcp-vs-udp-hello.socketlab.json?raw';
import lessonThree from '../../../../../lessons/3-lifecycle-close-abort.socketlab.json?raw';
import type { Lesson } from '../../../../shared/lesson/lesson-schema';
import { predictionKinds, type Localized, type PredictionQuestion } from '../../../../shared/lesson/question';
import { workspace } from '../workspace/workspace-store';

export interface BundledLesson {
  /** The file's name, as Open workspace would say it. */
  file: string;
  text: string;
  title: Localized;
}

const titleOf = (text: string): Localized => {
  const parsed = JSON.parse(text) as { lesson?: { title?: Localized } };
  return parsed.lesson?.title ?? { en: '?', ko: '?' };
};

export const bundledLessons: BundledLesson[] = [
  ['1-echo-and-ack-servers.socketlab.json', lessonOne],
  ['2-tcp-vs-udp-hello.socketlab.json', lessonTwo],
  ['3-lifecycle-close-abort.socketlab.json', lessonThree],
].map(([file, text]) => ({ file: file!, text: text!, title: titleOf(text!) }));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLocalized = (v: unknown): v is Localized => isRecord(v) && typeof v.en === 'string' && typeof v.ko === 'string';
const isQuestion = (q: unknown): q is PredictionQuestion =>
  isRecord(q) && typeof q.id === 'string' && (predictionKinds as readonly unknown[]).includes(q.kind);

/**
 * The lesson of the workspace file open now, if it has one. The file was checked main-side when opened; this
 * reads it back from settings.json, so a hand-edited settings file yields no lesson rather than a broken one.
 */
export function openLesson(): Lesson | null {
  const lesson = workspace.fileMemory?.fields?.lesson;
  if (!isRecord(lesson) || !isLocalized(lesson.title) || !Array.isArray(lesson.questions)) return null;
  return { ...lesson, title: lesson.title, questions: lesson.questions.filter(isQuestion) } as Lesson;
}

/**
 * A name from the open lesson's file (a session, a collection of saved messages, a saved message) as the lesson
 * words it in the reader's language, else as the file has it. Shown only: the file's own name stays the key.
 */
export function lessonLabel(name: string, language: string | undefined): string {
  const named = openLesson()?.names?.[name];
  return isLocalized(named) ? say(named, language) : name;
}

/** The text of the reader's language. */
export const say = (text: Localized, language: string | undefined): string => (language === 'ko' ? text.ko : text.en);
