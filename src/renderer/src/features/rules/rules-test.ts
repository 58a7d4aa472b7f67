// What a rule list answers to one sample message, for the Rules table's Test button: asked of the
// main side (testRules), whose regex worker stops a runaway pattern at its deadline, so the page never freezes.
import type { AutoReplyRule, RulesTestVerdict, TextEncoding } from '../../../../shared/contract';
import type { LooseRuleForm } from '../../../../shared/rules';
import { api } from '../../api';
import type { Explained } from '../../lib/problem-text';

export type SampleVerdict =
  | { kind: 'answer'; answer: Extract<RulesTestVerdict, { kind: 'answer' }> }
  | { kind: 'none' }
  /** A rule or the sample is wrong: said at its row (index) or at the sample (-1). */
  | { kind: 'problem'; problem: Explained; index: number };

/** The session's encoding applies when it is open (sessionId); before a server opens, the encoding it will have. */
export async function testSample(
  rules: readonly LooseRuleForm[],
  fallback: AutoReplyRule | null,
  sample: string,
  where: { sessionId: string } | { encoding: TextEncoding },
): Promise<SampleVerdict> {
  const result = await api.testRules({ rules: [...rules], fallback, sample, ...where });
  if (result.ok) return result.value.kind === 'none' ? { kind: 'none' } : { kind: 'answer', answer: result.value };
  const path = result.error.field?.split('.') ?? [];
  const index = path[0] === 'rules' && path[1] !== undefined ? Number(path[1]) : -1;
  return { kind: 'problem', problem: result.error, index: Number.isNaN(index) ? -1 : index };
}
