// A stream session's framing and socket options, made ready once when the session opens: every
// connection it has then shares the same framer factory and encoder (nothing parsed per connection).
import { defaultMaxFrame, parseFraming } from '../../../../shared/framing';
import type { StreamOptions } from '../../../../shared/kinds/stream-schema';
import { encoderFor } from '../../pipeline/encoder';
import { framerFor } from '../../pipeline/framer';
import type { StreamPipeline } from './connection';

export function streamPipelineOf(given: Partial<StreamOptions>): StreamPipeline {
  const options = streamInfo(given);
  const parsed = parseFraming(options.framing, options.maxFrame);
  // The open schema checked the text already: a failure here is a caller that skipped it.
  if (!parsed.ok) throw new Error(`framing "${options.framing}" was not checked`);
  return {
    framer: framerFor(parsed.framing, options.maxFrame),
    encoder: encoderFor(parsed.framing, options.maxFrame),
    noDelay: options.noDelay,
    keepAliveMs: options.keepAliveMs,
    allowHalfOpen: options.allowHalfOpen,
    manualRead: options.read === 'manual',
  };
}

/** The options as SessionInfo shows them, the schema's defaults filled in (a caller in the main process may leave them out). */
export const streamInfo = (options: Partial<StreamOptions>): StreamOptions => ({
  framing: options.framing ?? 'raw',
  maxFrame: options.maxFrame ?? defaultMaxFrame,
  noDelay: options.noDelay ?? true,
  keepAliveMs: options.keepAliveMs ?? null,
  allowHalfOpen: options.allowHalfOpen ?? false,
  read: options.read ?? 'auto',
});
