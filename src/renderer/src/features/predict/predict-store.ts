// The Predict tab's state, kept while its tab is hidden: the question chosen, the answer typed, where the run
// started (each session's log position and the time), and the graded result. Grading fetches the run's rows
// from the engine (getRows from the Start position), so it reads what was recorded, not what is on screen.
import { maxRowsPerFetch, type LogRow } from '../../../../shared/contract';
import {
  isCorrect,
  outcomeOf,
  readAnswer,
  type Answer,
  type Outcome,
  type PredictionQuestion,
} from '../../../../shared/lesson/predictions';
import { api } from '../../api';
import { store } from '../../state/app-store';
import { openFailuresSince } from './open-failures';
import { ChangeSignal } from '../../lib/change-signal';

export interface Graded {
  question: PredictionQuestion;
  answer: Answer;
  outcome: Outcome;
  correct: boolean;
  /** The run's rows were partly dropped from the log (a long run past its memory bound). */
  incomplete: boolean;
}

/** A question's place in the picker: the built-in ones and the open lesson's, told apart. */
export const questionKey = (source: 'builtIn' | 'lesson', q: PredictionQuestion): string => `${source}:${q.id}`;

class PredictStore extends ChangeSignal {
  /** '' until one is picked: the open lesson's first question, else the first built-in one. */
  key = '';
  answer = '';
  run: { starts: Map<string, number>; time: number } | null = null;
  graded: Graded | null = null;

  choose(key: string): void {
    this.key = key;
    this.answer = '';
    this.run = null;
    this.graded = null;
    this.changed();
  }

  type(answer: string): void {
    this.answer = answer;
    this.changed();
  }

  /** Start: where every session's log is now; what is logged from here on is the run. */
  start(): void {
    this.run = { starts: new Map([...store.logs].map(([id, log]) => [id, log.total])), time: Date.now() };
    this.graded = null;
    this.changed();
  }

  again(): void {
    this.run = null;
    this.graded = null;
    this.answer = '';
    this.changed();
  }

  /** Check: the session's rows since Start (a session opened since then: all of them), graded. */
  async check(question: PredictionQuestion, sessionId: string | null): Promise<void> {
    const run = this.run;
    const answer = readAnswer(question, this.answer);
    if (!run || answer === null) return;
    let rows: LogRow[] = [];
    let incomplete = false;
    if (sessionId !== null) {
      const from = run.starts.get(sessionId) ?? 0;
      const page = await api.getRows({ sessionId, from, count: maxRowsPerFetch });
      if (page.ok) {
        rows = page.value.rows.filter((r) => r.seq >= from);
        incomplete = page.value.first > from;
      }
    }
    const outcome = outcomeOf(question, rows, question.kind === 'error' ? openFailuresSince(run.time) : []);
    this.graded = { question, answer, outcome, correct: isCorrect(question, answer, outcome.actual), incomplete };
    this.changed();
  }
}

export const predict = new PredictStore();
