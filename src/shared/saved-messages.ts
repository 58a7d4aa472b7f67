// The saved messages of a workspace as the window's panel will edit them: search, add, replace, remove and
// reorder, each a pure function answering a new workspace (what it does not touch, unknown fields included,
// is carried over as it was), or a keyed problem when a name would clash. Sessions leave as open requests.
import { hostKind, isLoopbackHost, stripBrackets } from './address';
import { decodeStrictUtf8, toHex, type PayloadFormat } from './codec';
import type { OpenSessionRequest } from './contract';
import type { SessionKind, SocketScheme } from './kinds';
import type { Problem } from './problems';
import { quoteInput } from './quote-input';
import type { FoundMessage, MessageCollection, SavedMessage, Workspace, WorkspaceSession } from './workspace';

export type Edit = { ok: true; workspace: Workspace } | { ok: false; problem: Problem };

/** Messages whose name, notes, payload text or target contain every word of the query (any case), in order. */
export function searchMessages(workspace: Workspace, query: string): FoundMessage[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const found: FoundMessage[] = [];
  for (const collection of workspace.collections ?? [])
    for (const message of collection.messages) {
      const target = message.target ? `${message.target.protocol}://${message.target.host}:${message.target.port}` : '';
      const haystack = [collection.name, message.name, message.notes ?? '', message.payload.text, target].join('\n').toLowerCase();
      if (words.every((w) => haystack.includes(w))) found.push({ collection, message });
    }
  return found;
}

const withCollections = (workspace: Workspace, collections: MessageCollection[]): Workspace => ({ ...workspace, collections });

type Changed = { ok: true; collection: MessageCollection } | { ok: false; problem: Problem };
const changedTo = (collection: MessageCollection): Changed => ({ ok: true, collection });

function changeCollection(workspace: Workspace, name: string, change: (c: MessageCollection) => Changed): Edit {
  const collections = workspace.collections ?? [];
  const index = collections.findIndex((c) => c.name === name);
  if (index < 0) return { ok: false, problem: { key: 'workspaceCollectionUnknown', params: { name: quoteInput(name) } } };
  const changed = change(collections[index]!);
  if (!changed.ok) return changed;
  return {
    ok: true,
    workspace: withCollections(
      workspace,
      collections.map((c, i) => (i === index ? changed.collection : c)),
    ),
  };
}

/** Adds a collection at the end; a name taken already is refused. */
export function addCollection(workspace: Workspace, name: string): Edit {
  const collections = workspace.collections ?? [];
  if (collections.some((c) => c.name === name))
    return { ok: false, problem: { key: 'workspaceCollectionTwice', params: { name: quoteInput(name) } } };
  if (name.includes('/')) return { ok: false, problem: { key: 'workspaceCollectionSlash' } };
  return { ok: true, workspace: withCollections(workspace, [...collections, { name, messages: [] }]) };
}

/** Renames a collection in place; a name taken by another one, or with a "/", is refused. */
export function renameCollection(workspace: Workspace, from: string, to: string): Edit {
  if (from === to) return changeCollection(workspace, from, changedTo);
  if ((workspace.collections ?? []).some((c) => c.name === to))
    return { ok: false, problem: { key: 'workspaceCollectionTwice', params: { name: quoteInput(to) } } };
  if (to.includes('/')) return { ok: false, problem: { key: 'workspaceCollectionSlash' } };
  return changeCollection(workspace, from, (c) => changedTo({ ...c, name: to }));
}

/** Removes a collection and its messages. */
export function removeCollection(workspace: Workspace, name: string): Edit {
  const collections = workspace.collections ?? [];
  if (!collections.some((c) => c.name === name))
    return { ok: false, problem: { key: 'workspaceCollectionUnknown', params: { name: quoteInput(name) } } };
  return {
    ok: true,
    workspace: withCollections(
      workspace,
      collections.filter((c) => c.name !== name),
    ),
  };
}

/** Adds a message at the end of a collection, or replaces the one of the name `replacing` (an edit, kept in place). */
export function putMessage(workspace: Workspace, collection: string, message: SavedMessage, replacing?: string): Edit {
  return changeCollection(workspace, collection, (c) => {
    const at = replacing === undefined ? -1 : c.messages.findIndex((m) => m.name === replacing);
    if (c.messages.some((m, i) => m.name === message.name && i !== at))
      return {
        ok: false,
        problem: { key: 'workspaceMessageTwice', params: { collection: quoteInput(c.name), name: quoteInput(message.name) } },
      };
    return changedTo({ ...c, messages: at < 0 ? [...c.messages, message] : c.messages.map((m, i) => (i === at ? message : m)) });
  });
}

export function removeMessage(workspace: Workspace, collection: string, name: string): Edit {
  return changeCollection(workspace, collection, (c) => changedTo({ ...c, messages: c.messages.filter((m) => m.name !== name) }));
}

/** Moves the message at `from` to position `to` in its collection (both clamped to the list). */
export function moveMessage(workspace: Workspace, collection: string, from: number, to: number): Edit {
  return changeCollection(workspace, collection, (c) => {
    const messages = [...c.messages];
    if (from < 0 || from >= messages.length) return changedTo(c);
    const [moved] = messages.splice(from, 1);
    messages.splice(Math.max(0, Math.min(to, messages.length)), 0, moved!);
    return changedTo({ ...c, messages });
  });
}

/** The first nine messages of a collection: what Ctrl+1..Ctrl+9 send. */
export const shortcutMessages = (collection: MessageCollection): SavedMessage[] => collection.messages.slice(0, 9);

/** A workspace session as the request openSession takes: its name left out (the session opens only when asked). */
export function openRequestOf(session: WorkspaceSession): OpenSessionRequest {
  const { name: _name, ...request } = session;
  return request as OpenSessionRequest;
}

/** The session a message's target opens when nothing is open to send it through: a client of its protocol. */
export const clientKindOf = (protocol: SocketScheme): SessionKind =>
  protocol === 'udp' ? 'udp' : protocol === 'tls' ? 'tls-client' : 'tcp-client';

/**
 * Where a UDP socket opened for a target binds: loopback of the target's family for a loopback target
 * (nothing opened to the network), else every address of that family, so the datagram can leave.
 */
export function udpBindHostFor(targetHost: string): string {
  const v6 = hostKind(stripBrackets(targetHost)) === 'ipv6';
  if (isLoopbackHost(targetHost)) return v6 ? '::1' : '127.0.0.1';
  return v6 ? '::' : '0.0.0.0';
}

/** A message's payload in a line: what the list shows under its name (cut, control characters made visible). */
export function payloadPreview(payload: { format: PayloadFormat; text: string }, max = 40): string {
  const flat = payload.text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Printable text: no control characters other than tab, CR and LF. */
const printable = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return false;
  }
  return true;
};

/**
 * A log entry's bytes as a saved payload: text when they read as printable text (`decoded`: the session's
 * encoding read main-side, or null for UTF-8 read here), hex otherwise, so every byte is kept exactly.
 */
export function payloadOfBytes(bytes: Uint8Array, decoded?: string | null): { format: PayloadFormat; text: string } {
  const text = decoded === undefined ? decodeStrictUtf8(bytes) : decoded;
  if (text !== null && text !== '' && printable(text)) return { format: 'text', text };
  return { format: 'hex', text: toHex(bytes) };
}
