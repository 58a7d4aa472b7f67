// The zod building blocks every command's schema is made of (host, port, auto-reply rule), apart from
// contract.ts so each kind's open-options schema (kinds/*-schema.ts) can use them without importing the contract.
import { z } from 'zod';
import { hostProblem, localAddressProblem, portProblem, stripBrackets } from './address';
import { parseEscaped } from './codec';
import { maxUdpPayload } from './limits';
import { problemText, type Problem } from './problems';

/** A schema issue that carries its Problem, so the window can word it in the reader's language. */
export const addProblem = (ctx: z.RefinementCtx, problem: Problem, path?: string[]): void =>
  ctx.addIssue({ code: 'custom', message: problemText(problem), params: { problem }, ...(path ? { path } : {}) });

const hostSchemaWith = (problemOf: (host: string) => Problem | null) =>
  z
    .string({ error: problemText({ key: 'hostNotText' }) })
    .superRefine((host, ctx) => {
      const problem = problemOf(host);
      if (problem) addProblem(ctx, problem);
    })
    .transform(stripBrackets);
export const hostSchema = hostSchemaWith(hostProblem);
export const localAddressSchema = hostSchemaWith(localAddressProblem);

export const portSchema = (allowZero: boolean) =>
  z.number({ error: problemText({ key: 'portNotNumberType' }) }).superRefine((port, ctx) => {
    const problem = portProblem(port, { allowZero });
    if (problem) addProblem(ctx, problem);
  });

export const autoReplyModes = ['none', 'echo', 'upper', 'prefix', 'fixed'] as const;
export type AutoReplyMode = (typeof autoReplyModes)[number];

/** What a server answers to each message it receives. `text` is escaped text (\r\n, \xHH). */
export const autoReplySchema = z
  .object({
    mode: z.enum(autoReplyModes),
    text: z.string().max(maxUdpPayload).default(''),
    closeAfterReply: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    if (rule.mode !== 'prefix' && rule.mode !== 'fixed') return;
    const parsed = parseEscaped(rule.text);
    if (!parsed.ok) addProblem(ctx, parsed.error.problem, ['text']);
    else if (rule.mode === 'fixed' && parsed.bytes.length === 0) addProblem(ctx, { key: 'fixedReplyEmpty' }, ['text']);
  });
export type AutoReplyRule = z.output<typeof autoReplySchema>;
export type AutoReplyInput = z.input<typeof autoReplySchema>;

/** A server's or a socket's rule when the request names none: answer nothing. */
export const autoReplyOrNone = autoReplySchema.default({ mode: 'none', text: '', closeAfterReply: false });
