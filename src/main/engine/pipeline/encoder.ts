// The send side of a stream: what a message becomes on the wire (a delimiter added, a length
// prefix, a fixed size checked) before it is written, for a person's sends and auto-replies alike.
// The framing rules are shared/framing.ts's frameForSend, the same the receive side cuts by.
import { frameForSend, type Framing } from '../../../shared/framing';
import { EngineError } from '../errors';

export interface Encoder {
  /** The bytes to write for one message (what is logged and counted as sent); throws an EngineError
   * (field `bytes`) when the framing refuses it (another size than fixed:N, too long for its prefix). */
  encode(message: Uint8Array): Uint8Array;
}

/** The message as it is: no copy. */
export const rawEncoder: Encoder = { encode: (message) => message };

/** The encoder of a setting; a framed message larger than `maxFrame` is refused as the peer would refuse it. */
export function encoderFor(framing: Framing, maxFrame: number): Encoder {
  if (framing.kind === 'raw') return rawEncoder;
  return {
    encode: (message) => {
      if (message.byteLength > maxFrame) {
        throw new EngineError(
          'FRAME_TOO_LARGE',
          { key: 'frameTooLargeSend', params: { size: message.byteLength, max: maxFrame } },
          'bytes',
        );
      }
      const framed = frameForSend(framing, message);
      if (!framed.ok) throw new EngineError('FRAME_REFUSED', framed.problem, 'bytes');
      return framed.bytes;
    },
  };
}
