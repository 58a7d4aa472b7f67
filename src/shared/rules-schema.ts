// The rule list as the contract checks it (open options of servers and UDP sockets, and setRules):
// each rule in its table form, checked by parseRuleForm, its problem placed at the rule and part it concerns.
import * as z from 'zod/mini';
import { maxRuleDelayMs, maxRules, parseRuleForm, type LooseRuleForm } from './rules';
import { addProblem } from './schema-parts';

/** Longest match or reply value: a rule is typed, not pasted from a capture. */
export const maxRuleValueLength = 4096;

const ruleValue = () => z.string().check(z.maxLength(maxRuleValueLength));

const looseRuleSchema = () =>
  z.object({
    match: z.object({ kind: z.string().check(z.maxLength(32)), value: ruleValue() }),
    reply: z.object({ kind: z.string().check(z.maxLength(32)), value: z._default(ruleValue(), '') }),
    delayMs: z._default(z.number().check(z.minimum(0), z.maximum(maxRuleDelayMs)), 0),
    close: z._default(z.boolean(), false),
  });

/** Rules in order; `udp` refuses @close (a datagram socket has no connection to close). */
export const rulesSchema = (udp: boolean) =>
  z.array(looseRuleSchema()).check(
    z.maxLength(maxRules),
    z.superRefine((rules: LooseRuleForm[], ctx) => {
      for (const [index, form] of rules.entries()) {
        // A value past its length is already refused by its own check: not compiled on top.
        if (form.match.value.length > maxRuleValueLength || form.reply.value.length > maxRuleValueLength) continue;
        const parsed = parseRuleForm(form, index);
        if (!parsed.ok)
          addProblem(ctx, parsed.problem, [
            String(index),
            parsed.part === 'rule' ? 'match' : parsed.part === 'options' ? 'delayMs' : parsed.part,
          ]);
        else if (udp && parsed.rule.form.close)
          addProblem(ctx, { key: 'ruleCloseOnUdp', params: { rule: index + 1 } }, [String(index), 'close']);
      }
    }),
  );

export type RulesInput = z.input<ReturnType<typeof rulesSchema>>;
