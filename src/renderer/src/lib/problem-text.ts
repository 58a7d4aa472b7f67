// Problems (from the engine, the contract or the form checks) worded in the reader's language.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../../shared/problems';

/** Anything that explains itself: a Problem, or an error with an English message and maybe a Problem. */
export type Explained = Problem | { message: string; problem?: Problem | undefined };

export function sayProblem(t: TFunction, item: Explained): string {
  if ('key' in item) return t(`problems.${item.key}`, item.params ?? {});
  return item.problem ? t(`problems.${item.problem.key}`, item.problem.params ?? {}) : item.message;
}

export function useSay(): (item: Explained) => string {
  const { t } = useTranslation();
  return (item) => sayProblem(t, item);
}
