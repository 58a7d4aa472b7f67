// What a rule list answers to one sample message, for the Rules table's Test button: the shared
// decide(), its regexes run here on the sample the person typed (only while they test, never on traffic).
import { parseEscaped } from '../../../../shared/codec';
import type { AutoReplyRule } from '../../../../shared/contract';
import type { Problem } from '../../../../shared/problems';
import { compileRules, respond, type LooseRuleForm, type RegexMatcher, type RuleAnswer } from '../../../../shared/rules';

export type SampleVerdict =
  | { kind: 'answer'; answer: RuleAnswer }
  | { kind: 'none' }
  /** A rule or the sample is wrong: said at its row (index) or at the sample (-1). */
  | { kind: 'problem'; problem: Problem; index: number };

/** First match in order, as the regex worker does; a pattern that throws is a failed verdict. */
const localMatcher: RegexMatcher = async (query) => {
  for (const [i, pattern] of query.patterns.entries()) {
    try {
      const m = new RegExp(pattern.source, pattern.flags).exec(query.text);
      if (m) return { ok: true, hit: i, groups: [...m].map((g) => g ?? null) };
    } catch (error) {
      return { ok: false, reason: 'failed', pattern: i, detail: error instanceof Error ? error.message : String(error) };
    }
  }
  return { ok: true, hit: -1, groups: [] };
};

export async function testSample(rules: readonly LooseRuleForm[], fallback: AutoReplyRule | null, sample: string): Promise<SampleVerdict> {
  const compiled = compileRules(rules, fallback);
  if (!compiled.ok) return { kind: 'problem', problem: compiled.problem, index: compiled.index };
  const bytes = parseEscaped(sample);
  if (!bytes.ok) return { kind: 'problem', problem: bytes.error.problem, index: -1 };
  const outcome = await respond(compiled.rules, bytes.bytes, localMatcher);
  if (!outcome.ok) return { kind: 'problem', problem: outcome.problem, index: outcome.ruleIndex };
  return outcome.answer ? { kind: 'answer', answer: outcome.answer } : { kind: 'none' };
}
