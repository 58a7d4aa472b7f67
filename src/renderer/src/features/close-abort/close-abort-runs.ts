// The Close and abort lab's three ready-made runs on loopback: each opens its own sessions (port 0), does
// what the tutorials do, then reads the events back and says what happened and why (an explain key and its values).
import { decodeText, encodeText } from '../../../../shared/codec';
import type { LogRow } from '../../../../shared/contract';
import { api } from '../../api';
import { diagramFeed } from '../sequence-diagram/diagram-feed';
import { workspace } from '../workspace/workspace-store';
import { openLabSession, rowsOf, selectSession, sessionNow, valueOf, waitUntil } from './lab-sessions';

export const closeRunIds = ['halfClose', 'unread', 'refused'] as const;
export type CloseRunId = (typeof closeRunIds)[number];

/** What a run found: the explanation to show (a closeAbort.explain key), its values, and whether it went as taught. */
export interface RunOutcome {
  explain: string;
  params: Record<string, string | number>;
  asTaught: boolean;
  /** The session selected at the end, so the sequence diagram shows it. */
  sessionId: string | null;
}

/** Session names in the reader's language (closeAbort.sessionNames). */
export type RunNames = Record<'halfCloseServer' | 'halfCloseClient' | 'unreadServer' | 'unreadClient' | 'refusedPort', string>;

const host = '127.0.0.1';
const noReply = { mode: 'none' } as const;
const question = 'question';
const lateReply = 'answer after your FIN';
const unreadData = 'data nobody reads';

const dataIn = (rows: LogRow[]): string =>
  rows
    .filter((r) => r.type === 'data' && r.direction === 'in')
    .map((r) => (r.type === 'data' ? decodeText(r.bytes) : ''))
    .join('');

/** The server's one client, once it is accepted. */
async function acceptedClient(serverId: string): Promise<string> {
  let id: string | null = null;
  await waitUntil(async () => {
    id = (await sessionNow(serverId))?.connections[0]?.id ?? null;
    return id !== null;
  });
  if (id === null) throw new Error('no client was accepted');
  return id;
}

const ended = async (sessionId: string): Promise<boolean> => {
  const s = await sessionNow(sessionId);
  return s === null || s.state === 'closed' || s.state === 'error';
};

/** (1) The client sends, shuts down writing, and still reads the answer the server sends after that FIN. */
async function halfCloseRun(names: RunNames, allowHalfOpen: boolean): Promise<RunOutcome> {
  const server = valueOf(
    await openLabSession({ kind: 'tcp-server', host, port: 0, autoReply: noReply, allowHalfOpen }, names.halfCloseServer),
  );
  const client = valueOf(await openLabSession({ kind: 'tcp-client', host, port: server.local!.port }, names.halfCloseClient));
  const connectionId = await acceptedClient(server.id);
  valueOf(await api.send({ sessionId: client.id, bytes: encodeText(question), to: { kind: 'default' } }));
  valueOf(await api.closeConnection({ sessionId: client.id, how: 'end' }));
  await waitUntil(async () => (await sessionNow(server.id))?.connections[0]?.state !== 'open');
  // Refused when the server's side closed with the client's FIN (allow half-open off): the run says so below.
  await api.send({ sessionId: server.id, bytes: encodeText(lateReply), to: { kind: 'connection', connectionId } });
  await api.closeConnection({ sessionId: server.id, connectionId, how: 'end' });
  await waitUntil(() => ended(client.id));
  const read = dataIn(await rowsOf(client.id));
  const asTaught = read === lateReply;
  return {
    explain: asTaught ? 'halfClose' : 'halfCloseMissing',
    params: { sent: question, reply: lateReply },
    asTaught,
    sessionId: client.id,
  };
}

/** (2) A server in manual read mode never reads; the client sends; the server closes: RST, ECONNRESET at the client. */
async function unreadRun(names: RunNames): Promise<RunOutcome> {
  const server = valueOf(
    await openLabSession({ kind: 'tcp-server', host, port: 0, autoReply: noReply, read: 'manual' }, names.unreadServer),
  );
  const client = valueOf(await openLabSession({ kind: 'tcp-client', host, port: server.local!.port }, names.unreadClient));
  const connectionId = await acceptedClient(server.id);
  valueOf(await api.send({ sessionId: client.id, bytes: encodeText(unreadData), to: { kind: 'default' } }));
  // Loopback delivers at once; a moment more and the bytes surely wait in the server's kernel buffer.
  await new Promise((resolve) => setTimeout(resolve, 150));
  valueOf(await api.closeConnection({ sessionId: server.id, connectionId, how: 'destroy' }));
  await waitUntil(() => ended(client.id));
  const reset = (await rowsOf(client.id)).find((r) => r.type === 'error' && r.code === 'ECONNRESET');
  return {
    explain: reset ? 'unread' : 'unreadMissing',
    params: { bytes: encodeText(unreadData).byteLength, code: 'ECONNRESET' },
    asTaught: reset !== undefined,
    sessionId: client.id,
  };
}

/** (3) A port taken then freed (never a fixed one): connect() there is refused. */
async function refusedRun(names: RunNames): Promise<RunOutcome> {
  const holder = valueOf(await openLabSession({ kind: 'tcp-server', host, port: 0, autoReply: noReply }, names.refusedPort));
  const port = holder.local!.port;
  valueOf(await api.closeSession({ sessionId: holder.id }));
  const request = { kind: 'tcp-client', host, port, connectTimeoutMs: 3000 } as const;
  const attempt = await api.openSession(request);
  // A refused connect leaves no session: the diagram draws the attempt itself while no session is selected.
  diagramFeed.noteOpen(request, attempt.ok ? null : attempt.error);
  if (attempt.ok) {
    // Someone took the port meanwhile: nothing to teach this time, and nothing left open.
    await api.removeSession({ sessionId: attempt.value.id });
    return { explain: 'refusedMissing', params: { port }, asTaught: false, sessionId: holder.id };
  }
  const code = attempt.error.code;
  return {
    explain: code === 'ECONNREFUSED' ? 'refused' : 'refusedMissing',
    params: { port, code },
    asTaught: code === 'ECONNREFUSED',
    sessionId: null,
  };
}

/** Runs one; the session it ends on is selected (the diagram above the tabs shows it). */
export async function runCloseLab(id: CloseRunId, names: RunNames, allowHalfOpen: boolean): Promise<RunOutcome> {
  const outcome =
    id === 'halfClose' ? await halfCloseRun(names, allowHalfOpen) : id === 'unread' ? await unreadRun(names) : await refusedRun(names);
  if (outcome.sessionId !== null) selectSession(outcome.sessionId);
  // The refused attempt has no session: none is selected, so the diagram shows the attempt.
  else workspace.select(null);
  return outcome;
}
