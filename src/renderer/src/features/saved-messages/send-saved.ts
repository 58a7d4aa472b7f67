// Sends a saved message with one click: through the selected session when it is open (UDP: to the message's
// target, else to the composer's destination; a TCP server: to the composer's chosen client or all), else,
// for a message with a target, through a client session opened to it as a new sidebar entry. Every failure
// comes back as something to say in the panel, never a throw.
import { hostProblem, portProblem } from '../../../../shared/address';
import { encodePayload, withLineEnding } from '../../../../shared/codec';
import type { SendTarget, SessionInfo } from '../../../../shared/contract';
import { roleOf } from '../../../../shared/kinds';
import { clientKindOf, udpBindHostFor } from '../../../../shared/saved-messages';
import type { SavedMessage } from '../../../../shared/workspace';
import { api } from '../../api';
import type { Explained } from '../../lib/problem-text';
import { store } from '../../state/app-store';
import { initialForm, validateForm, type FormValues } from '../connection-form/form-model';
import { bytesInSessionEncoding } from '../encodings/session-bytes';
import { workspace } from '../workspace/workspace-store';
import { savedMessages } from './saved-store';

type Sent = { ok: true; bytes: number; recipients: number } | { ok: false; error: Explained };

const isLive = (s: SessionInfo): boolean => s.state === 'connected' || s.state === 'listening' || s.state === 'open';

/** The session of the entry shown in the window, if it has one. */
function selectedSession(): SessionInfo | null {
  const entry = workspace.entry(workspace.selected);
  return entry?.sessionId ? (store.sessions.get(entry.sessionId) ?? null) : null;
}

/** Where the datagram or bytes go through this session, or why they cannot. */
function targetIn(session: SessionInfo, message: SavedMessage): { to: SendTarget } | { error: Explained } {
  if (roleOf(session.kind) === 'server') {
    const chosen = store.sendTargets.get(session.id) ?? 'all';
    const known = chosen !== 'all' && session.connections.some((c) => c.id === chosen);
    return { to: known ? { kind: 'connection', connectionId: chosen } : { kind: 'all' } };
  }
  if (session.kind !== 'udp') return { to: { kind: 'default' } };
  if (message.target) return { to: { kind: 'peer', host: message.target.host, port: message.target.port } };
  const composer = workspace.entryOfSession(session.id)?.composer;
  const host = composer?.destHost.trim() ?? '';
  const port = composer?.destPort.trim() ?? '';
  if (host === '' && port === '') return session.lastPeer ? { to: { kind: 'default' } } : { error: { key: 'savedNeedDestination' } };
  const wrong = hostProblem(host) ?? portProblem(port, { allowZero: false });
  return wrong ? { error: { key: 'savedComposerDestination' } } : { to: { kind: 'peer', host, port: Number(port) } };
}

/** The message's bytes as this session sends text (its encoding), then its line ending. */
async function bytesFor(
  session: SessionInfo,
  message: SavedMessage,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; error: Explained }> {
  const ending = message.lineEnding ?? 'none';
  const inSession = await bytesInSessionEncoding(session, message.payload.text, message.payload.format, ending);
  if (inSession) return inSession.ok ? inSession : { ok: false, error: inSession.error };
  const encoded = encodePayload(message.payload.text, message.payload.format);
  if (!encoded.ok) return { ok: false, error: encoded.error.problem };
  return { ok: true, bytes: withLineEnding(encoded.bytes, ending) };
}

async function sendThrough(session: SessionInfo, message: SavedMessage): Promise<Sent> {
  const where = targetIn(session, message);
  if ('error' in where) return { ok: false, error: where.error };
  const bytes = await bytesFor(session, message);
  if (!bytes.ok) return bytes;
  if (bytes.bytes.length === 0 && session.kind !== 'udp') return { ok: false, error: { key: 'nothingToSendTcp' } };
  const result = await api.send({ sessionId: session.id, bytes: bytes.bytes, to: where.to });
  if (!result.ok) return { ok: false, error: result.error };
  // A long payload runs as a job: it is under way, its progress in the session's log.
  if ('job' in result.value) return { ok: true, bytes: bytes.bytes.length, recipients: 1 };
  return { ok: true, bytes: result.value.bytes, recipients: result.value.recipients };
}

/** The connection form's values for a client of the message's target (checked by the form's own rules). */
function formFor(message: SavedMessage): FormValues {
  const target = message.target!;
  const kind = clientKindOf(target.protocol);
  // A UDP socket is opened where it can reach the target; the target is where each datagram goes.
  if (kind === 'udp') return { ...initialForm, kind, host: udpBindHostFor(target.host), port: '0' };
  return { ...initialForm, kind, host: target.host, port: String(target.port) };
}

/** Opens a client to the message's target as a new sidebar entry, then sends through it once open. */
async function openAndSend(message: SavedMessage, say: (note: 'opening') => void): Promise<Sent> {
  const values = formFor(message);
  const { request } = validateForm(values, (problem) => problem.key);
  if (!request) return { ok: false, error: { key: 'savedTargetUnusable' } };
  say('opening');
  const opened = await api.openSession(request);
  if (!opened.ok) return { ok: false, error: opened.error };
  workspace.opened(null, opened.value, values);
  const session = store.sessions.get(opened.value.id) ?? opened.value;
  return sendThrough(session, message);
}

/** One click (or Ctrl+N): sends and says how it went in the panel. */
export async function sendSaved(message: SavedMessage): Promise<void> {
  const name = message.name;
  const session = selectedSession();
  let sent: Sent;
  if (session && isLive(session)) sent = await sendThrough(session, message);
  else if (message.target) sent = await openAndSend(message, () => savedMessages.say({ kind: 'opening', name }));
  else sent = { ok: false, error: { key: session ? 'savedSessionNotOpen' : 'savedNoSession' } };
  savedMessages.say(
    sent.ok ? { kind: 'sent', name, bytes: sent.bytes, recipients: sent.recipients } : { kind: 'error', name, error: sent.error },
  );
}
