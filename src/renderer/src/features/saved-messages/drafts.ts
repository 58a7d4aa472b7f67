// What "Save message" starts from: the composer's message (with its destination or remote as the target),
// or a log entry's bytes (text when they read as printable text in the session's encoding, hex otherwise).
import { hostProblem, portProblem } from '../../../../shared/address';
import type { LineEnding, PayloadFormat } from '../../../../shared/codec';
import { defaultEncoding, type SessionInfo } from '../../../../shared/contract';
import { isClientKind, sessionKinds, type SocketScheme } from '../../../../shared/kinds';
import { payloadOfBytes } from '../../../../shared/saved-messages';
import type { SavedMessage, SavedTarget } from '../../../../shared/workspace';
import { api } from '../../api';

export interface ComposerDraft {
  format: PayloadFormat;
  text: string;
  lineEnding: LineEnding;
  destHost: string;
  destPort: string;
}

/** Where the composer's message goes: a UDP destination typed in full, or a client's remote. */
function composerTarget(session: SessionInfo, draft: ComposerDraft): SavedTarget | undefined {
  if (session.kind === 'udp') {
    const [host, port] = [draft.destHost.trim(), draft.destPort.trim()];
    if (hostProblem(host) || portProblem(port, { allowZero: false })) return undefined;
    return { protocol: 'udp', host, port: Number(port) };
  }
  if (!isClientKind(session.kind)) return undefined;
  return { protocol: sessionKinds[session.kind].scheme as SocketScheme, host: session.target.host, port: session.target.port };
}

export function composerDraft(session: SessionInfo, draft: ComposerDraft): SavedMessage {
  const target = composerTarget(session, draft);
  return {
    name: '',
    payload: { format: draft.format, text: draft.text },
    ...(draft.format !== 'hex' && draft.lineEnding !== 'none' ? { lineEnding: draft.lineEnding } : {}),
    ...(target ? { target } : {}),
  };
}

/** A log entry's bytes as a message: read in the session's encoding main-side when it is not UTF-8. */
export async function entryDraft(session: Pick<SessionInfo, 'id' | 'encoding'> | undefined, bytes: Uint8Array): Promise<SavedMessage> {
  let decoded: string | null | undefined;
  if (session && (session.encoding ?? defaultEncoding) !== defaultEncoding) {
    const read = await api.decodeText({ sessionId: session.id, bytes });
    decoded = read.ok ? read.value.text : null;
  }
  return { name: '', payload: payloadOfBytes(bytes, decoded) };
}
