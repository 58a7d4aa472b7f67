// The open options every byte-stream kind shares (TCP today, TLS later): how the stream is cut into
// messages (framing, the largest frame) and the socket options (no-delay, keep-alive). Composed into
// the TCP kinds' schemas (tcp-schema.ts); the engine reads them once when a connection starts.
// zod/mini (method-free schemas, cheap to build: see the contract's note); they compose into classic
// objects and mini ones alike, the same zod core underneath.
import * as z from 'zod/mini';
import { defaultMaxFrame, maxFrameRange, parseFraming } from '../framing';
import { problemText, type Problem } from '../problems';
import { addProblem } from '../schema-parts';

/** Longest framing text: `delim:` and 64 escaped bytes (\xHH each) fit with room to spare. */
export const maxFramingLength = 300;
/** Keep-alive's initial delay a person may ask for: 1 ms to a day (0 or absent: off). */
export const keepAliveRangeMs = { min: 1, max: 86_400_000 } as const;

const maxFrameProblem: Problem = { key: 'maxFrameRange', params: maxFrameRange };
const keepAliveProblem: Problem = { key: 'keepAliveRange', params: keepAliveRangeMs };

/** A whole number in a range, or one keyed problem for every wrong value (not a number, a fraction, out of range). */
const wholeIn = (min: number, max: number, problem: Problem) =>
  z.custom<number>((n) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max, {
    message: problemText(problem),
    params: { problem },
  });

/** How a stream connection takes bytes from the kernel (see engine/kinds/tcp/manual-read.ts). */
export const readModes = ['auto', 'manual'] as const;
export type ReadMode = (typeof readModes)[number];

/** A function, so the schemas are made only when a kind's schema is (see schema-parts.ts). */
export const streamOptionsShape = () => ({
  /** raw, line, delim:ESCAPED, fixed:N or len:(1|2|4)(be|le)?(+hdr)? (see shared/framing.ts). */
  framing: z._default(
    z.string({ error: problemText({ key: 'framingUnknown', params: { spec: '?' } }) }).check(z.maxLength(maxFramingLength)),
    'raw',
  ),
  /** A frame longer than this closes the connection with a reason. */
  maxFrame: z._default(wholeIn(maxFrameRange.min, maxFrameRange.max, maxFrameProblem), defaultMaxFrame),
  /** TCP_NODELAY: each write leaves at once (a tester's default), or Nagle may gather small ones. */
  noDelay: z._default(z.boolean(), true),
  /** SO_KEEPALIVE with this initial delay in ms; null: off. */
  keepAliveMs: z._default(z.nullable(wholeIn(keepAliveRangeMs.min, keepAliveRangeMs.max, keepAliveProblem)), null),
  /** A FIN from the peer leaves our side open to write (CLOSE_WAIT) instead of ending it at once. */
  allowHalfOpen: z._default(z.boolean(), false),
  /** auto: every byte is read as it comes; manual: bytes wait in the kernel until a recv command (TCP only). */
  read: z._default(
    z.custom<ReadMode>((v) => (readModes as readonly unknown[]).includes(v), {
      message: problemText({ key: 'readModeBad' }),
      params: { problem: { key: 'readModeBad' } },
    }),
    'auto',
  ),
});

/** The framing text checked against the largest frame: placed at `framing`, keyed like every other mistake. */
export const checkFraming = () =>
  z.superRefine((options: { framing: string; maxFrame: number }, ctx) => {
    const parsed = parseFraming(options.framing, options.maxFrame);
    if (!parsed.ok) addProblem(ctx, parsed.problem, ['framing']);
  });

/** The most a recv command reads at once, as recv(n)'s n in the tutorials (1024 there). */
export const recvRange = { min: 1, max: 65_536, default: 1024 } as const;

/** TLS reads records, not the kernel's bytes: manual read mode is refused there, at `read`. */
export const refuseManualRead = () =>
  z.superRefine((options: { read: ReadMode }, ctx) => {
    if (options.read === 'manual') addProblem(ctx, { key: 'readManualTls' }, ['read']);
  });

/** What a stream session says about these options in its SessionInfo. */
export interface StreamOptions {
  framing: string;
  maxFrame: number;
  noDelay: boolean;
  keepAliveMs: number | null;
  allowHalfOpen: boolean;
  read: ReadMode;
}
