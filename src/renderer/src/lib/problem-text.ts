// Problems (from the engine, the contract or the form checks) worded in the reader's language.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { impairNoticeKeys, type Problem, type ProblemKey, type ProblemParams } from '../../../shared/problems';
import { splitQuotedInput } from '../../../shared/quote-input';

/**
 * Anything that explains itself: a Problem, or an error (a command error, a log row, a session's
 * lastError) with an English message and, nearly always, its Problem.
 */
export type Explained = Problem | { message: string; problem?: Problem | undefined };

/**
 * Params worded in the reader's language too: a session kind by its name in the catalog, the direction
 * of a simulated problem's datagram, and a long input cut by quoteInput with its "N characters" said
 * in this language.
 */
function localParams(t: TFunction, key: ProblemKey, params: ProblemParams | undefined): ProblemParams {
  const out: ProblemParams = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    const cut = typeof value === 'string' ? splitQuotedInput(value) : null;
    if (name === 'sessionKind') out[name] = t(`kind.${String(value)}`, { defaultValue: String(value) });
    // A simulated problem's datagram went 'in' or 'out': worded (incoming / 수신), not the spec's code.
    else if (name === 'direction' && impairNoticeKeys.has(key))
      out[name] = t(`impairWords.${String(value)}`, { defaultValue: String(value) });
    else if (cut) out[name] = t('problems.cutInput', cut);
    else out[name] = value;
  }
  return out;
}

export function sayProblem(t: TFunction, item: Explained): string {
  const problem = 'key' in item ? item : item.problem;
  // Only a failure from outside every catalog (a bug) has no problem: its English message is all there is.
  if (!problem) return 'message' in item ? item.message : '';
  return t(`problems.${problem.key}`, localParams(t, problem.key, problem.params));
}

export function useSay(): (item: Explained) => string {
  const { t } = useTranslation();
  return (item) => sayProblem(t, item);
}
