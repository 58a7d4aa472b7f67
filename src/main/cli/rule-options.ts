// `serve --rule 'MATCH=>REPLY[ @delay=MS][ @close]'` (repeatable): the rules in the text syntax,
// checked here with shared/rules.ts so a mistake is one line naming the rule, then sent in table form.
import type { LooseRuleForm } from '../../shared/rules';
import { maxRules, parseRule, ruleToForm } from '../../shared/rules';
import { problemText } from '../../shared/problems';
import { usage, UsageError } from './args';

/** Its parseArgs entry, spread into serve's own. */
export const ruleOptionSpecs = { rule: { type: 'string', multiple: true } } as const;

/** The rules as the open request's `rules` field (absent when none was given). */
export function parseRuleOptions(specs: string[] | undefined, transport: string): { rules?: LooseRuleForm[] } {
  if (specs === undefined || specs.length === 0) return {};
  if (specs.length > maxRules) throw usage(`--rule is given ${specs.length} times: at most ${maxRules} rules`);
  const rules = specs.map((spec, index) => {
    const parsed = parseRule(spec, index);
    if (!parsed.ok) throw new UsageError(`--rule: ${problemText(parsed.problem)}`);
    if (transport === 'udp' && parsed.rule.form.close)
      throw new UsageError(`--rule: ${problemText({ key: 'ruleCloseOnUdp', params: { rule: index + 1 } })}`);
    return ruleToForm(parsed.rule);
  });
  return { rules };
}
