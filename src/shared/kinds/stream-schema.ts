// The open options every byte-stream kind shares (TCP today, TLS later): how the stream is cut into
// messages (framing, the largest frame) and the socket options (no-delay, keep-alive). Composed into
// the TCP kinds' schemas (tcp-schema.ts); the engine reads them once when a connection starts.
import { z } from 'zod';
import { defaultMaxFrame, maxFrameRange, parseFraming } from '../framing';
import { problemText } from '../problems';
import { addProblem } from '../schema-parts';

/** Longest framing text: `delim:` and 64 escaped bytes (\xHH each) fit with room to spare. */
export const maxFramingLength = 300;
/** Keep-alive's initial delay a person may ask for: 1 ms to a day (0 or absent: off). */
export const keepAliveRangeMs = { min: 1, max: 86_400_000 } as const;

const maxFrameProblem = { key: 'maxFrameRange', params: maxFrameRange } as const;
const keepAliveProblem = { key: 'keepAliveRange', params: keepAliveRangeMs } as const;

export const streamOptionsShape = {
  /** raw, line, delim:ESCAPED, fixed:N or len:(1|2|4)(be|le)?(+hdr)? (see shared/framing.ts). */
  framing: z
    .string({ error: problemText({ key: 'framingUnknown', params: { spec: '?' } }) })
    .max(maxFramingLength)
    .default('raw'),
  /** A frame longer than this closes the connection with a reason. */
  maxFrame: z
    .custom<number>((n) => typeof n === 'number' && Number.isInteger(n) && n >= maxFrameRange.min && n <= maxFrameRange.max, {
      message: problemText(maxFrameProblem),
      params: { problem: maxFrameProblem },
    })
    .default(defaultMaxFrame),
  /** TCP_NODELAY: each write leaves at once (a tester's default), or Nagle may gather small ones. */
  noDelay: z.boolean().default(true),
  /** SO_KEEPALIVE with this initial delay in ms; null: off. */
  keepAliveMs: z
    .custom<number | null>(
      (n) => n === null || (typeof n === 'number' && Number.isInteger(n) && n >= keepAliveRangeMs.min && n <= keepAliveRangeMs.max),
      { message: problemText(keepAliveProblem), params: { problem: keepAliveProblem } },
    )
    .default(null),
};

/** The framing text checked against the largest frame: placed at `framing`, keyed like every other mistake. */
export function checkFraming(options: { framing: string; maxFrame: number }, ctx: z.RefinementCtx): void {
  const parsed = parseFraming(options.framing, options.maxFrame);
  if (!parsed.ok) addProblem(ctx, parsed.problem, ['framing']);
}

/** What a stream session says about these options in its SessionInfo. */
export interface StreamOptions {
  framing: string;
  maxFrame: number;
  noDelay: boolean;
  keepAliveMs: number | null;
}
