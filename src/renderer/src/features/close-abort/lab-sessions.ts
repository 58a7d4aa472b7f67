// What the labs' ready-made runs share: open a loopback session as a named sidebar entry (so it can be
// selected, and the sequence diagram shows it), wait a bounded time for what the engine reports, and read
// a session's rows to explain what happened.
import type { CommandError, LogRow, OpenSessionRequest, Result, SessionInfo } from '../../../../shared/contract';
import { api } from '../../api';
import { store } from '../../state/app-store';
import { initialForm, type FormValues } from '../connection-form/form-model';
import { workspace } from '../workspace/workspace-store';
import { workspaceFile } from '../workspace-file/workspace-file-store';
import { formlessOpenOptions } from '../workspace-file/window-workspace';

/** Opens the session, adds it to the sidebar under `name`; the newest opened is selected (as the form does). */
export async function openLabSession(request: OpenSessionRequest, name: string): Promise<Result<SessionInfo>> {
  const opened = await api.openSession(request);
  if (!opened.ok) return opened;
  // The entry's form: what reopening it from the sidebar starts from (the lab's own options are not form fields).
  const values: FormValues = {
    ...initialForm,
    kind: request.kind,
    host: request.host ?? '127.0.0.1',
    port: String(request.port),
    framing: 'framing' in request && typeof request.framing === 'string' ? request.framing : 'raw',
  };
  workspace.opened(null, opened.value, values);
  const entry = workspace.entryOfSession(opened.value.id);
  if (entry) {
    workspace.rename(entry.id, name);
    // The lab's own options (half-open, read mode) are no form fields: kept with the entry, reopening keeps them.
    workspaceFile.keepOpenOptions(entry.id, formlessOpenOptions(request.kind, request as Record<string, unknown>));
  }
  return opened;
}

/** Shows this session in the window (its sidebar entry selected): the diagram above the tabs follows. */
export function selectSession(sessionId: string): void {
  const entry = workspace.entryOfSession(sessionId);
  if (entry) workspace.select(entry.id);
  else store.select(sessionId);
}

/** The session as the engine has it now (fresh, not the last batch). */
export async function sessionNow(sessionId: string): Promise<SessionInfo | null> {
  const all = await api.listSessions({});
  return all.ok ? (all.value.find((s) => s.id === sessionId) ?? null) : null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks `check` every 50 ms until it is true, at most `ms`: answers whether it became true. */
export async function waitUntil(check: () => Promise<boolean> | boolean, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= until) return false;
    await sleep(50);
  }
}

/** Every row the session still holds (a lab run logs a few dozen at most). */
export async function rowsOf(sessionId: string): Promise<LogRow[]> {
  const page = await api.getRows({ sessionId, from: 0, count: 500 });
  return page.ok ? page.value.rows : [];
}

/** A failed step of a run, carried up as the command's error so it is said in the reader's language. */
export class RunFailed extends Error {
  constructor(readonly error: CommandError) {
    super(error.message);
  }
}

/** The value of a command's result, or a RunFailed with its error. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new RunFailed(result.error);
  return result.value;
}
