// The zod building blocks every command's schema is made of (host, port, auto-reply rule), apart from
// contract.ts so each kind's open-options schema (kinds/*-schema.ts) can use them without importing the contract.
// zod/mini, not classic zod: its schemas carry no methods, so building the contract costs a few ms where
// classic zod cost about 15 (a one-shot `socket-lab send` validates through these, bench figure 4a).
// Every schema a module exports is made by lazySchema (lazy-schema.ts): built on its first call, so a command
// builds only what it checks (a one-shot `send` builds two commands' schemas, not the forty of the contract).
import './zod-config';
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';
import { hostProblem, localAddressProblem, portProblem, stripBrackets } from './address';
import { parseEscaped } from './codec';
import { maxUdpPayload } from './limits';
import { problemText, type Problem } from './problems';

/** A schema issue that carries its Problem, so the window can word it in the reader's language. */
export const addProblem = <T>(ctx: z.core.$RefinementCtx<T>, problem: Problem, path?: string[]): void =>
  ctx.addIssue({ code: 'custom', message: problemText(problem), params: { problem }, ...(path ? { path } : {}) });

const hostSchemaWith = (problemOf: (host: string) => Problem | null) =>
  z.pipe(
    z.string({ error: problemText({ key: 'hostNotText' }) }).check(
      z.superRefine((host, ctx) => {
        const problem = problemOf(host);
        if (problem) addProblem(ctx, problem);
      }),
    ),
    z.transform(stripBrackets),
  );
export const hostSchema = lazySchema(() => hostSchemaWith(hostProblem));
export const localAddressSchema = lazySchema(() => hostSchemaWith(localAddressProblem));

export const portSchema = (allowZero: boolean) =>
  z.number({ error: problemText({ key: 'portNotNumberType' }) }).check(
    z.superRefine((port, ctx) => {
      const problem = portProblem(port, { allowZero });
      if (problem) addProblem(ctx, problem);
    }),
  );

export const autoReplyModes = ['none', 'echo', 'upper', 'prefix', 'fixed'] as const;
export type AutoReplyMode = (typeof autoReplyModes)[number];

/** What a server answers to each message it receives. `text` is escaped text (\r\n, \xHH). */
export const autoReplySchema = lazySchema(() =>
  z
    .object({
      mode: z.enum(autoReplyModes),
      text: z._default(z.string().check(z.maxLength(maxUdpPayload)), ''),
      closeAfterReply: z._default(z.boolean(), false),
    })
    .check(
      z.superRefine((rule, ctx) => {
        if (rule.mode !== 'prefix' && rule.mode !== 'fixed') return;
        const parsed = parseEscaped(rule.text);
        if (!parsed.ok) addProblem(ctx, parsed.error.problem, ['text']);
        else if (rule.mode === 'fixed' && parsed.bytes.length === 0) addProblem(ctx, { key: 'fixedReplyEmpty' }, ['text']);
      }),
    ),
);
export type AutoReplyRule = z.output<ReturnType<typeof autoReplySchema>>;
export type AutoReplyInput = z.input<ReturnType<typeof autoReplySchema>>;

/** A server's or a socket's rule when the request names none: answer nothing. */
export const autoReplyOrNone = lazySchema(() => z._default(autoReplySchema(), { mode: 'none', text: '', closeAfterReply: false }));
