// What a rule list answers to one sample message, for the Rules table's Test: run main-side with the
// engine's regex worker and its deadline, so a catastrophic pattern is an error at the sample, never a frozen window.
import { parseEscaped } from '../../../shared/codec';
import type { TextEncoding } from '../../../shared/encodings';
import { quoteInput } from '../../../shared/quote-input';
import type { RulesTestVerdict } from '../../../shared/rules-test-verdict';
import { compileRules, respond, type FallbackReply, type LooseRuleForm, type RegexMatcher } from '../../../shared/rules';
import { EngineError } from '../errors';
import { decodeVisible } from '../text/encoding';
import { codecIn, literalIn } from '../text/text-codec';

/**
 * The verdict, or an EngineError placed where the person typed the mistake: `rules.N.match|reply|delayMs`
 * for a rule, `fallback.text` for the auto-reply, `sample` for the sample and for a pattern stopped at its deadline.
 */
export async function testRules(
  rules: readonly LooseRuleForm[],
  fallback: FallbackReply | null,
  sample: string,
  encoding: TextEncoding,
  matcher: RegexMatcher,
): Promise<RulesTestVerdict> {
  const compiled = compileRules(rules, fallback, codecIn(encoding), literalIn(encoding));
  if (!compiled.ok) {
    const field =
      compiled.index === -1
        ? 'fallback.text'
        : `rules.${compiled.index}.${compiled.part === 'reply' ? 'reply' : compiled.part === 'options' ? 'delayMs' : 'match'}`;
    throw new EngineError('INVALID_INPUT', compiled.problem, field);
  }
  const bytes = parseEscaped(sample, literalIn(encoding));
  if (!bytes.ok) throw new EngineError('INVALID_INPUT', bytes.error.problem, 'sample');
  const outcome = await respond(compiled.rules, bytes.bytes, matcher);
  if (!outcome.ok) {
    // The engine's sentence says "nothing was sent" about traffic; a test sends nothing anyway, so it is said about the sample.
    const timedOut = outcome.problem.key === 'ruleRegexTimeout';
    const pattern = outcome.problem.params?.pattern ?? quoteInput('');
    throw new EngineError(
      timedOut ? 'REGEX_TIMEOUT' : 'REGEX_FAILED',
      timedOut
        ? { key: 'ruleTestTimeout', params: { rule: outcome.ruleIndex + 1, pattern, ms: outcome.problem.params?.ms ?? 0 } }
        : outcome.problem,
      'sample',
    );
  }
  const answer = outcome.answer;
  if (!answer) return { kind: 'none' };
  const { ruleIndex, reply, delayMs, close } = answer;
  return { kind: 'answer', ruleIndex, reply, text: decodeVisible(reply, encoding), delayMs, close };
}
