// The window as a workspace file and back: the sidebar's sessions as open requests (checked by the form's
// own rules) with their names, the saved-messages collections, and the unknown fields of the file last
// opened kept; a file's session turned back into the connection form's values.
import type { OpenSessionRequest } from '../../../../shared/contract';
import type { SessionKind } from '../../../../shared/kinds';
import { workspaceFormat, workspaceVersion, type Workspace, type WorkspaceSession } from '../../../../shared/workspace';
import { initialForm, validateForm, type FormValues } from '../connection-form/form-model';
import { formFrom } from '../workspace/saved-form';
import type { Entry } from '../workspace/workspace-store';

/** Request fields the connection form writes itself: a file's own value of these gives way to the form's. */
const formManaged = new Set<string>([...Object.keys(initialForm), 'autoReply', 'keepAliveMs', 'name']);

/** The fields of a file's session the form does not hold (a newer version's, an option it has no field for). */
export function unmanagedFields(session: WorkspaceSession): Record<string, unknown> {
  return Object.fromEntries(Object.entries(session).filter(([key]) => !formManaged.has(key)));
}

/**
 * Open options the connection form has no field for, by kind: a lesson's simulated network problems, a lab's
 * half-open and read mode. Kept with the entry, they go with the form's request when it opens the session.
 */
const formlessOptions: Record<SessionKind, readonly string[]> = {
  'tcp-client': ['allowHalfOpen', 'read'],
  'tcp-server': ['allowHalfOpen', 'read'],
  'tls-client': ['allowHalfOpen'],
  'tls-server': ['allowHalfOpen'],
  udp: ['impair'],
};

/** The kept fields of an entry that are open options of `kind` the form does not hold. */
export function formlessOpenOptions(kind: SessionKind, kept: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!kept) return {};
  return Object.fromEntries(formlessOptions[kind].filter((key) => kept[key] !== undefined).map((key) => [key, kept[key]]));
}

const text = (value: unknown): unknown => (typeof value === 'number' ? String(value) : value);

/** A file's session as the connection form's values: each field the form has, of the type it expects. */
export function formFromRequest(session: WorkspaceSession): FormValues {
  const r = session as Record<string, unknown>;
  const reply = (typeof r.autoReply === 'object' && r.autoReply !== null ? r.autoReply : {}) as Record<string, unknown>;
  return formFrom({
    ...r,
    port: text(r.port),
    localPort: text(r.localPort),
    connectTimeoutMs: text(r.connectTimeoutMs),
    maxFrame: text(r.maxFrame),
    keepAlive: typeof r.keepAliveMs === 'number',
    keepAliveMs: text(r.keepAliveMs ?? undefined),
    replyMode: reply.mode,
    replyText: reply.text,
    closeAfterReply: reply.closeAfterReply,
  });
}

export interface WindowWorkspace {
  workspace: Workspace;
  /** Entries left out: their form is not complete (no port yet...), so they are no open request. */
  leftOut: number;
}

/**
 * The window's workspace: `named` gives an entry's name (its own, else what it is); `kept` holds, per
 * entry, the fields of the file's session the form does not manage; `openedFields` are the top-level
 * fields of the file last opened (its unknown ones are written back).
 */
export function windowWorkspace(
  entries: Entry[],
  named: (entry: Entry) => string,
  collections: Workspace['collections'],
  kept: ReadonlyMap<number, Record<string, unknown>>,
  openedFields: Record<string, unknown> | null,
): WindowWorkspace {
  const sessions: WorkspaceSession[] = [];
  let leftOut = 0;
  for (const entry of entries) {
    // The form's own checks; their wording is not needed here, only whether a request comes out.
    const { request } = validateForm(entry.form, (problem) => problem.key);
    if (!request) {
      leftOut++;
      continue;
    }
    sessions.push({ ...kept.get(entry.id), ...(request as OpenSessionRequest), name: named(entry) } as WorkspaceSession);
  }
  const { sessions: _s, collections: _c, ...rest } = openedFields ?? {};
  return {
    workspace: { ...rest, format: workspaceFormat, version: workspaceVersion, sessions, collections: collections ?? [] },
    leftOut,
  };
}
