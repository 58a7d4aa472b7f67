// The saved messages of a workspace as the window's panel will edit them: search, add, replace, remove and
// reorder, each a pure function answering a new workspace (what it does not touch, unknown fields included,
// is carried over as it was), or a keyed problem when a name would clash. Sessions leave as open requests.
import type { OpenSessionRequest } from './contract';
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
