// The startRepeat command's input, as the main side checks it (contract.ts names the command): the
// payload's macros and escapes checked once, each mistake keyed and placed at its field.
import * as z from 'zod/mini';
import { lineEndings, payloadFormats } from './codec';
import { maxSendBytes } from './limits';
import { problemText, type Problem } from './problems';
import { maxRepeatTimes, parseRepeatPayload, repeatEveryRange } from './repeat';
import { addProblem } from './schema-parts';

const repeatEveryProblem: Problem = { key: 'repeatEvery', params: repeatEveryRange };
const repeatTimesProblem: Problem = { key: 'repeatTimes', params: { max: maxRepeatTimes } };

/**
 * Sends one payload every `everyMs`, `times` times or until stopped, its macros expanded for each send.
 * The contract hands in its session id and send-target schemas (importing them here would be a cycle).
 */
export const repeatInputSchema = <I extends z.ZodMiniType<string>, T extends z.ZodMiniType<{ kind: string }>>(
  idSchema: I,
  sendTarget: T,
  defaultTarget: z.output<T>,
) =>
  z
    .object({
      sessionId: idSchema,
      /** As typed in the composer: text or escaped text with {{macros}}, or hex. */
      payload: z.string().check(z.maxLength(maxSendBytes)),
      format: z._default(z.enum(payloadFormats), 'text'),
      /** The composer's line ending (text and escaped text; a framed stream adds its own). */
      lineEnding: z._default(z.enum(lineEndings), 'none'),
      everyMs: z.custom<number>(
        (n) => typeof n === 'number' && Number.isInteger(n) && n >= repeatEveryRange.min && n <= repeatEveryRange.max,
        { message: problemText(repeatEveryProblem), params: { problem: repeatEveryProblem } },
      ),
      times: z._default(
        z.custom<number | null>((n) => n === null || (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= maxRepeatTimes), {
          message: problemText(repeatTimesProblem),
          params: { problem: repeatTimesProblem },
        }),
        null,
      ),
      to: z._default(sendTarget, defaultTarget as never),
    })
    .check(
      z.superRefine((input, ctx) => {
        const parsed = parseRepeatPayload(input.payload, input.format);
        if (!parsed.ok) addProblem(ctx, parsed.problem, ['payload']);
      }),
    );
