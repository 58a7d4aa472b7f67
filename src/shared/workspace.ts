// A workspace (.socketlab.json) as data: its types, the check of a parsed file (format, version, then
// the schema, every mistake keyed at its path), finding a saved message by NAME or COLLECTION/NAME, and
// a message's bytes. Runs anywhere: the main side reads and writes files, the window shows the result.
import { encodePayload, withLineEnding, type LineEnding, type PayloadFormat } from './codec';
import type { OpenSessionRequest } from './contract';
import type { SocketScheme } from './kinds';
import { problemText, type Problem } from './problems';
import type { Lesson } from './lesson/lesson-schema';
import { quoteInput } from './quote-input';
import { issueProblem, workspaceBodySchema, workspaceParseParams } from './workspace-schema';

export const workspaceFormat = 'socket-lab-workspace';
/** The version this Socket Lab writes and reads; a file of a newer one is refused with a clear sentence. */
export const workspaceVersion = 1;
/** The largest workspace file read: a file past it is refused before it is read into memory. */
export const maxWorkspaceBytes = 16 * 1024 * 1024;
/** What a workspace file's name ends with. */
export const workspaceExtension = '.socketlab.json';

/** Fields a newer Socket Lab may add at any level: read, kept, and written back as they were. */
type Open = { [field: string]: unknown };

export interface SavedPayload extends Open {
  format: PayloadFormat;
  text: string;
}

export interface SavedTarget extends Open {
  protocol: SocketScheme;
  host: string;
  port: number;
}

export interface SavedMessage extends Open {
  name: string;
  payload: SavedPayload;
  target?: SavedTarget;
  notes?: string;
  lineEnding?: LineEnding;
}

export interface MessageCollection extends Open {
  name: string;
  messages: SavedMessage[];
}

/** A session as the connection form holds it: the open request, a name, and nothing opened. */
export type WorkspaceSession = OpenSessionRequest & Open & { name: string };

export interface Workspace extends Open {
  format: typeof workspaceFormat;
  version: number;
  name?: string;
  sessions?: WorkspaceSession[];
  collections?: MessageCollection[];
  /** A lesson pack: its title, introduction and prediction questions (src/shared/lesson). */
  lesson?: Lesson;
}

/** A mistake in a workspace: its problem, and the path of the field it is at ("collections.0.name"). */
export interface WorkspaceMistake {
  problem: Problem;
  field?: string;
}

export type WorkspaceCheck = { ok: true; workspace: Workspace } | { ok: false; mistakes: WorkspaceMistake[] };

export const emptyWorkspace = (): Workspace => ({ format: workspaceFormat, version: workspaceVersion, sessions: [], collections: [] });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a parsed workspace file. `where` names it in the sentences (its path, quoted). On success the
 * workspace is the very value given: nothing filled in, nothing dropped, so saving it writes back what was read.
 */
export function checkWorkspace(value: unknown, where: string): WorkspaceCheck {
  const fail = (problem: Problem, field?: string): WorkspaceCheck => ({ ok: false, mistakes: [{ problem, ...(field ? { field } : {}) }] });
  if (!isRecord(value) || value.format !== workspaceFormat)
    return fail({ key: 'workspaceWrongFormat', params: { path: where } }, isRecord(value) ? 'format' : undefined);
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return fail({ key: 'workspaceBadVersion', params: { supported: workspaceVersion } }, 'version');
  if (version > workspaceVersion)
    return fail({ key: 'workspaceNewerVersion', params: { path: where, version, supported: workspaceVersion } }, 'version');
  const parsed = workspaceBodySchema().safeParse(value, workspaceParseParams);
  if (parsed.success) return { ok: true, workspace: value as Workspace };
  return {
    ok: false,
    mistakes: parsed.error.issues.map((issue) => ({
      problem: issueProblem(issue),
      ...(issue.path.length > 0 ? { field: issue.path.map(String).join('.') } : {}),
    })),
  };
}

/**
 * A workspace file's text checked: JSON first (a byte-order mark allowed), then checkWorkspace. `where`
 * names the file in the sentences. Used main-side for a file read from disk and for the text a page read.
 */
export function parseWorkspaceText(text: string, where: string): WorkspaceCheck {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return {
      ok: false,
      mistakes: [{ problem: { key: 'workspaceNotJson', params: { path: where, detail: quoteInput((err as Error).message, 120) } } }],
    };
  }
  return checkWorkspace(value, where);
}

/** "collections.0.messages.2.payload.text: ..." — a mistake in one line, at its place. */
export const mistakeText = (mistake: WorkspaceMistake): string =>
  mistake.field ? `${mistake.field}: ${problemText(mistake.problem)}` : problemText(mistake.problem);

/** The workspace as written to disk: two-space JSON and a final newline, so a diff reads well. */
export const serializeWorkspace = (workspace: Workspace): string => JSON.stringify(workspace, null, 2) + '\n';

// ---------- finding a saved message ----------

export interface FoundMessage {
  collection: MessageCollection;
  message: SavedMessage;
}

export type MessageLookup = { ok: true; found: FoundMessage } | { ok: false; problem: Problem; matches: FoundMessage[] };

/** How a message is named where a collection must be said: COLLECTION/NAME. */
export const qualifiedName = ({ collection, message }: FoundMessage): string => `${collection.name}/${message.name}`;

const allMessages = (workspace: Workspace): FoundMessage[] =>
  (workspace.collections ?? []).flatMap((collection) => collection.messages.map((message) => ({ collection, message })));

/**
 * NAME or COLLECTION/NAME. A NAME in several collections is ambiguous (the matches are listed); an
 * unknown one lists close names. A collection name has no "/", so the first "/" splits the two.
 */
export function findMessage(workspace: Workspace, ref: string, where: string): MessageLookup {
  const every = allMessages(workspace);
  const slash = ref.indexOf('/');
  if (slash > 0) {
    const [collection, name] = [ref.slice(0, slash), ref.slice(slash + 1)];
    const exact = every.find((m) => m.collection.name === collection && m.message.name === name);
    if (exact) return { ok: true, found: exact };
  }
  const named = every.filter((m) => m.message.name === ref);
  if (named.length === 1) return { ok: true, found: named[0]! };
  if (named.length > 1)
    return {
      ok: false,
      matches: named,
      problem: { key: 'workspaceMessageAmbiguous', params: { name: quoteInput(ref), matches: named.map(qualifiedName).join(', ') } },
    };
  const near = closeNames(ref, every);
  return {
    ok: false,
    matches: [],
    problem:
      near.length > 0
        ? { key: 'workspaceMessageUnknownNear', params: { name: quoteInput(ref), path: where, near: near.join(', ') } }
        : { key: 'workspaceMessageUnknown', params: { name: quoteInput(ref), path: where } },
  };
}

/** Up to five names within a few edits of what was typed (or containing it), closest first. */
function closeNames(typed: string, every: FoundMessage[]): string[] {
  const want = typed.toLowerCase();
  const scored = every
    .map((m) => {
      const name = m.message.name.toLowerCase();
      const distance = name.includes(want) || want.includes(name) ? 0 : editDistance(want, name);
      return { label: m.collection.name + '/' + m.message.name, distance, name };
    })
    .filter((s) => s.distance <= Math.max(2, Math.floor(want.length / 3)));
  scored.sort((a, b) => a.distance - b.distance || a.label.localeCompare(b.label));
  return scored.slice(0, 5).map((s) => `"${quoteInput(s.label)}"`);
}

/** Levenshtein distance; names are short, so the plain table is enough. */
function editDistance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** A checked message's bytes: its payload as the composer reads it, then its line ending. */
export function messageBytes(message: SavedMessage): Uint8Array {
  const encoded = encodePayload(message.payload.text, message.payload.format);
  // A checked workspace's payloads all parse: this only fires on a message nobody checked.
  if (!encoded.ok) throw new Error(encoded.error.message);
  return withLineEnding(encoded.bytes, message.lineEnding ?? 'none');
}
