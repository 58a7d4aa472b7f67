// The receive side of a stream: turns the chunks a socket reads into the messages the log shows and
// the responder answers. Today one framer, raw (each read chunk is one message, as a TCP tester
// without framing shows it); line, delimiter, fixed-size and length-prefixed framers plug in here.

/** Where a framer hands each whole message, in order. */
export type MessageSink = (message: Uint8Array) => void;

/**
 * One connection's framer (it keeps the partial message between reads). Messages go to the sink it
 * was made with rather than back as an array per chunk: the raw framer then costs no allocation at
 * all, and a framer that finds several messages in one chunk hands them on as it finds them.
 */
export interface Framer {
  /** Takes one read chunk and hands every message it completes to the sink. */
  push(chunk: Uint8Array): void;
  /** The stream ended: the bytes that never made a whole message, or null when none are left. */
  end(): Uint8Array | null;
}

/** Makes a framer for one connection, delivering to `deliver`. */
export type FramerFactory = (deliver: MessageSink) => Framer;

/** Each read chunk is one message, handed through as it is: no copy, no wrapping, nothing kept. */
export const rawFramer: FramerFactory = (deliver) => ({ push: deliver, end: () => null });
