// Rules built in the Rules table before a server or UDP socket opens: kept with the connection form's
// values and sent with the open request (the open schemas take `rules`), so the first message is already answered.
import type { CommandError, SessionInfo, SessionKind } from '../../../../shared/contract';
import { isClientKind } from '../../../../shared/kinds';
import { problemText, type Problem } from '../../../../shared/problems';
import { parseRuleForm, type LooseRuleForm } from '../../../../shared/rules';

export interface PendingRules {
  rules: LooseRuleForm[];
}

/** The open request's `rules`: only for kinds that answer, only when there are some. */
export function rulesRequestField(v: PendingRules & { kind: SessionKind }): { rules?: LooseRuleForm[] } {
  return !isClientKind(v.kind) && v.rules.length > 0 ? { rules: v.rules } : {};
}

/** A session's rules, as the form keeps them to open it again. */
export const pendingRulesFrom = (session: SessionInfo): PendingRules => ({ rules: session.rules?.list.map((r) => ({ ...r })) ?? [] });

/** The first rule the open request would refuse, worded as the main side would, placed at its row ("rules.N.part"). */
export function pendingRulesProblem(v: PendingRules & { kind: SessionKind }): CommandError | null {
  if (isClientKind(v.kind)) return null;
  for (const [index, form] of v.rules.entries()) {
    const parsed = parseRuleForm(form, index);
    const problem: Problem | null = !parsed.ok
      ? parsed.problem
      : v.kind === 'udp' && parsed.rule.form.close
        ? { key: 'ruleCloseOnUdp', params: { rule: index + 1 } }
        : null;
    if (!problem) continue;
    const part = parsed.ok ? 'close' : parsed.part === 'rule' ? 'match' : parsed.part === 'options' ? 'delayMs' : parsed.part;
    return { code: 'INVALID_INPUT', message: problemText(problem), problem, field: `rules.${index}.${part}` };
  }
  return null;
}
