// The composer's format switch in a session whose encoding is not UTF-8: Text to Hex writes the text
// in that encoding, Hex to Text reads the bytes in it, both main-side (the window decodes nothing itself).
import { encodePayload, formatPayload, type PayloadFormat } from '../../../../shared/codec';
import { defaultEncoding, type SessionInfo } from '../../../../shared/contract';
import { api } from '../../api';

/** Whether this switch goes through the session's encoding (Text on one side, a non-UTF-8 session). */
export const convertsInSession = (session: Pick<SessionInfo, 'encoding'>, from: PayloadFormat, to: PayloadFormat): boolean =>
  (session.encoding ?? defaultEncoding) !== defaultEncoding && from !== to && (from === 'text' || to === 'text');

/** The message in the other format, the same bytes; null keeps it as typed (not text in the encoding, or a mistake in it). */
export async function convertInSession(
  session: Pick<SessionInfo, 'id'>,
  message: string,
  from: PayloadFormat,
  to: PayloadFormat,
): Promise<string | null> {
  if (from === 'text') {
    const bytes = await api.encodeText({ sessionId: session.id, text: message });
    return bytes.ok ? formatPayload(bytes.value, to) : null;
  }
  const bytes = encodePayload(message, from);
  if (!bytes.ok) return null;
  const decoded = await api.decodeText({ sessionId: session.id, bytes: bytes.bytes });
  return decoded.ok ? decoded.value.text : null;
}
