// Predict -> run -> explain as data: the kinds of question, the built-in ones, and each kind's grader, which
// turns the rows a session recorded during the run into the actual answer. Runs anywhere (no DOM, no node:*).
import { decodeText } from '../codec';
import type { LogRow } from '../contract';

export { errorChoices, predictionKinds } from './question';
export type { ErrorChoice, Localized, PredictionKind, PredictionQuestion } from './question';
import { errorChoices, type ErrorChoice, type PredictionKind, type PredictionQuestion } from './question';

/** The questions the Predict tab always offers; their words are in the locale block `predict.builtIn`. */
export const builtInQuestions: readonly PredictionQuestion[] = [
  { id: 'reads', kind: 'dataCount', direction: 'in' },
  { id: 'clientError', kind: 'error' },
  { id: 'datagrams', kind: 'datagramCount' },
  { id: 'firstRecv', kind: 'recvText' },
];

/** Each kind's glossary entry when the question names none. */
export const kindGlossary: Record<PredictionKind, string> = {
  dataCount: 'stream',
  datagramCount: 'datagram',
  error: 'refused',
  recvText: 'recv',
};

export type Answer = number | string;

/** What the rows say happened, for the sentence after the run. */
export interface Outcome {
  actual: Answer;
  /** Data rows in and out, errors and closes by reason, counted over the run. */
  dataIn: number;
  dataOut: number;
  /** The error codes seen, in order (first one is the answer of an `error` question). */
  errors: string[];
  /** Closed by a reset (RST) during the run. */
  reset: boolean;
  /** The explanation to give (a key under `predict.explain`), chosen by what happened. */
  explainKey: string;
}

/** The rows a grader reads: a log row's shape, as much as it needs. */
export type GradedRow = Pick<LogRow, 'type'> &
  Partial<Pick<Extract<LogRow, { type: 'data' }>, 'direction' | 'bytes'>> & {
    code?: string;
    reason?: string;
    text?: string;
  };

const isData = (row: GradedRow, direction: 'in' | 'out'): boolean => row.type === 'data' && row.direction === direction;

/** A data row's text as the window shows it (its decoded text when the session's encoding is not UTF-8). */
export const rowText = (row: GradedRow): string => row.text ?? (row.bytes ? decodeText(row.bytes) : '');

/** Only the codes an `error` question offers; another code counts as the error it most resembles: none of them. */
const errorAnswer = (codes: string[]): ErrorChoice => {
  for (const code of codes) if ((errorChoices as readonly string[]).includes(code)) return code as ErrorChoice;
  return 'none';
};

/**
 * What the recorded rows of the run say the answer is, and which explanation fits. `failedOpens` are the
 * codes of opens that failed during the run (a refused or timed-out connect leaves no session to log in:
 * the open request itself answers with the error).
 */
export function outcomeOf(question: PredictionQuestion, rows: readonly GradedRow[], failedOpens: readonly string[] = []): Outcome {
  const dataIn = rows.filter((r) => isData(r, 'in')).length;
  const dataOut = rows.filter((r) => isData(r, 'out')).length;
  const errors = [...failedOpens, ...rows.filter((r) => r.type === 'error' && typeof r.code === 'string').map((r) => r.code!)];
  const reset = rows.some((r) => r.type === 'closed' && r.reason === 'reset') || errors.includes('ECONNRESET');
  const base = { dataIn, dataOut, errors, reset };
  switch (question.kind) {
    case 'dataCount': {
      const direction = question.direction ?? 'in';
      const actual = direction === 'in' ? dataIn : dataOut;
      // Fewer reads than writes on the other side is joining; more is splitting: the same lesson either way.
      return { ...base, actual, explainKey: actual === 1 ? 'dataCountOne' : 'dataCountMany' };
    }
    case 'datagramCount':
      return { ...base, actual: dataIn, explainKey: dataOut > dataIn ? 'datagramsFewer' : 'datagramsEach' };
    case 'error': {
      // A reset the engine logged only as a close (no error row) is still the ECONNRESET a program would get.
      const actual = errorAnswer(reset ? [...errors, 'ECONNRESET'] : errors);
      return { ...base, actual, explainKey: `error${actual === 'none' ? 'None' : actual}` };
    }
    case 'recvText': {
      const first = rows.find((r) => isData(r, 'in'));
      return { ...base, actual: first ? rowText(first) : '', explainKey: first ? 'recvText' : 'recvNothing' };
    }
  }
}

/** Line endings and surrounding spaces are not part of what a person types as an answer. */
const plain = (text: string): string => text.replace(/^[\s]+|[\s]+$/g, '');

/** Whether an answer matches the actual one: numbers exactly, choices exactly, text without the line ending. */
export function isCorrect(question: PredictionQuestion, answer: Answer, actual: Answer): boolean {
  switch (question.kind) {
    case 'dataCount':
    case 'datagramCount':
      return Number(answer) === actual;
    case 'error':
      return answer === actual;
    case 'recvText':
      return plain(String(answer)) === plain(String(actual));
  }
}

/** A typed answer read for its kind: a whole number from 0, a choice, or text; null when it is not one. */
export function readAnswer(question: PredictionQuestion, typed: string): Answer | null {
  if (question.kind === 'dataCount' || question.kind === 'datagramCount') {
    const trimmed = typed.trim();
    return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
  }
  if (question.kind === 'error') return (errorChoices as readonly string[]).includes(typed) ? typed : null;
  return typed;
}
