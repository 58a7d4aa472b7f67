// The send side of a stream: what a message becomes on the wire (a line ending added, a length
// prefix, ...) before it is written, for a person's sends and auto-replies alike. Today one
// encoder, raw: the bytes go as they are.

export interface Encoder {
  /** The bytes to write for one message. What is logged and counted as sent is this, the wire bytes. */
  encode(message: Uint8Array): Uint8Array;
}

/** The message as it is: no copy. */
export const rawEncoder: Encoder = { encode: (message) => message };
