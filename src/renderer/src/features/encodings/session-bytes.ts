// The composer's text in the session's encoding: written main-side (encodeText), so the window and the
// CLI agree byte for byte; a character the encoding lacks comes back as a keyed error for the message box.
import { withLineEnding, type LineEnding, type PayloadFormat } from '../../../../shared/codec';
import { defaultEncoding, type CommandError, type SessionInfo } from '../../../../shared/contract';
import { api } from '../../api';

/** The bytes to send, or null when the composer's own UTF-8 bytes apply (UTF-8, hex, escaped text). */
export async function bytesInSessionEncoding(
  session: Pick<SessionInfo, 'id' | 'encoding'>,
  message: string,
  format: PayloadFormat,
  ending: LineEnding,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: CommandError } | null> {
  if (format !== 'text' || (session.encoding ?? defaultEncoding) === defaultEncoding) return null;
  const result = await api.encodeText({ sessionId: session.id, text: message });
  return result.ok ? { ok: true, bytes: withLineEnding(result.value, ending) } : result;
}
