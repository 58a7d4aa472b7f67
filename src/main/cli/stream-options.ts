// `--frame`, `--max-frame`, `--no-delay` and `--keep-alive` of `send` and `serve`: the TCP stream
// options as the open request carries them, each mistake one line about the option it concerns.
import type { SocketUrl } from '../../shared/address';
import { defaultMaxFrame, frameForSend, maxFrameRange, parseFraming } from '../../shared/framing';
import type { StreamOptions } from '../../shared/kinds/stream-schema';
import { keepAliveRangeMs } from '../../shared/kinds/stream-schema';
import { problemText, type Problem } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { intOption, usage, UsageError } from './args';

/** The parseArgs entries, spread into each command's option table. */
export const streamOptionTable = {
  frame: { type: 'string' },
  'max-frame': { type: 'string' },
  'no-delay': { type: 'string' },
  'keep-alive': { type: 'string' },
} as const;

export interface StreamOptionValues {
  frame?: string | undefined;
  'max-frame'?: string | undefined;
  'no-delay'?: string | undefined;
  'keep-alive'?: string | undefined;
}

/** The stream options for a TCP address (empty when none was given); on UDP any of them is a mistake. */
export function streamOptions(values: StreamOptionValues, target: SocketUrl): Partial<StreamOptions> {
  const given = (Object.keys(streamOptionTable) as (keyof StreamOptionValues)[]).filter((k) => values[k] !== undefined);
  // TCP and TLS are byte streams; a UDP datagram is already one message.
  if (target.transport === 'udp') {
    if (given.length === 0) return {};
    if (given[0] === 'frame' || given[0] === 'max-frame') throw new UsageError(problemText({ key: 'framingNotForUdp' }));
    throw usage(`--${given[0]} applies to TCP only: a UDP socket has no connection`);
  }
  const out: Partial<StreamOptions> = {};
  const maxFrame = intOption(values['max-frame'], 'max-frame', defaultMaxFrame, maxFrameRange.min, maxFrameRange.max);
  if (values['max-frame'] !== undefined) out.maxFrame = maxFrame;
  if (values.frame !== undefined) {
    const parsed = parseFraming(values.frame, maxFrame);
    if (!parsed.ok) throw new UsageError(`--frame: ${problemText(parsed.problem)}`);
    out.framing = values.frame.trim() === '' ? 'raw' : values.frame.trim();
  }
  const noDelay = values['no-delay'];
  if (noDelay !== undefined) {
    if (noDelay !== 'on' && noDelay !== 'off') throw usage(`--no-delay must be on or off, not "${quoteInput(noDelay)}"`);
    out.noDelay = noDelay === 'on';
  }
  if (values['keep-alive'] !== undefined) {
    out.keepAliveMs = intOption(values['keep-alive'], 'keep-alive', 0, keepAliveRangeMs.min, keepAliveRangeMs.max);
  }
  return out;
}

/** Why the framing refuses this message (null: it can go), checked before any socket is opened. */
export function frameCheck(framing: string, message: Uint8Array): Problem | null {
  const parsed = parseFraming(framing);
  if (!parsed.ok) return parsed.problem;
  const framed = frameForSend(parsed.framing, message);
  return framed.ok ? null : framed.problem;
}
