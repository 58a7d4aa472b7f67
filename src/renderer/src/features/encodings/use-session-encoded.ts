// The composer's live byte count and mistake for text in a session's encoding other than UTF-8: asked of
// the main side (encodeText) a moment after typing stops, as the window has no decoder of its own.
import { useEffect, useState } from 'react';
import type { LineEnding, PayloadFormat } from '../../../../shared/codec';
import { defaultEncoding, type CommandError, type SessionInfo } from '../../../../shared/contract';
import { bytesInSessionEncoding } from './session-bytes';

/** Typing pauses this long before the main side is asked. */
const settleMs = 150;

export type SessionEncoded = { count: number; error: null } | { count: null; error: CommandError | null };

/** null when the composer's own UTF-8 count applies (UTF-8 session, hex, escaped text). */
export function useSessionEncoded(session: SessionInfo, message: string, format: PayloadFormat, ending: LineEnding): SessionEncoded | null {
  const applies = format === 'text' && (session.encoding ?? defaultEncoding) !== defaultEncoding;
  const [state, setState] = useState<SessionEncoded>({ count: null, error: null });
  const { id, encoding } = session;
  // Keyed on the id and encoding, not the session object: a batch brings a new one every ~30 ms under traffic.
  useEffect(() => {
    if (!applies) return;
    let current = true;
    const timer = setTimeout(() => {
      void bytesInSessionEncoding({ id, encoding }, message, format, ending).then((r) => {
        if (!current || r === null) return;
        setState(r.ok ? { count: r.bytes.length, error: null } : { count: null, error: r.error });
      });
    }, settleMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [applies, id, encoding, message, format, ending]);
  return applies ? state : null;
}
