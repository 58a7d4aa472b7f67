// The receive side of a stream: turns the chunks a socket reads into the messages the log shows and
// the responder answers. The cutting itself (line, delimiter, fixed size, length prefix) is the one
// algorithm in shared/framing.ts; this adapts it to a connection, which hands each message on as found.
import { createFramer, type Framing, type FrameTooLarge } from '../../../shared/framing';

/** Where a framer hands each whole message, in order. */
export type MessageSink = (message: Uint8Array) => void;

/**
 * One connection's framer (it keeps the partial message between reads). Messages go to the sink it
 * was made with rather than back as an array per chunk: the raw framer then costs no allocation at
 * all, and a framer that finds several messages in one chunk hands them on as it finds them.
 */
export interface Framer {
  /** Takes one read chunk and hands every message it completes to the sink; answers the frame that
   * broke the limit (the connection then stops), else null. */
  push(chunk: Uint8Array): FrameTooLarge | null;
  /** The stream ended: the bytes that never made a whole message, or null when none are left. */
  end(): Uint8Array | null;
}

/** Makes a framer for one connection, delivering to `deliver`. */
export type FramerFactory = (deliver: MessageSink) => Framer;

/** Each read chunk is one message, handed through as it is: no copy, no wrapping, nothing kept. */
export const rawFramer: FramerFactory = (deliver) => ({
  push: (chunk) => {
    deliver(chunk);
    return null;
  },
  end: () => null,
});

/** The framer of a setting: raw stays the allocation-free pass-through above. */
export function framerFor(framing: Framing, maxFrame: number): FramerFactory {
  if (framing.kind === 'raw') return rawFramer;
  return (deliver) => {
    const framer = createFramer(framing, maxFrame);
    return { push: (chunk) => framer.push(chunk, deliver), end: () => framer.end() };
  };
}
