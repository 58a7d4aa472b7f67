// Open and save a workspace file from the window. Electron: the main side shows the system's dialog and
// reads or writes the file. Browser mode: the page reads the file the person chose and has its text checked
// main-side; saving downloads the file as the CLI writes it. Opening never opens a socket: sessions come in
// closed in place of the sidebar's closed entries, the saved messages are replaced, and Undo is offered.
import type { SavedMessagesSettings, WorkspaceFileMemory } from '../../../../shared/settings-schema';
import {
  serializeWorkspace,
  workspaceExtension,
  type Workspace,
  type WorkspaceCheck,
  type WorkspaceMistake,
} from '../../../../shared/workspace';
import { api } from '../../api';
import type { Explained } from '../../lib/problem-text';
import { savedMessages } from '../saved-messages/saved-store';
import { workspace, type Entry } from '../workspace/workspace-store';
import { download } from '../../lib/download';
import { formFromRequest, formlessOpenOptions, unmanagedFields, windowWorkspace } from './window-workspace';
import type { SessionKind } from '../../../../shared/kinds';
import { ChangeSignal } from '../../lib/change-signal';

/** How long opening a workspace can be undone. */
export const openUndoMs = 8000;
/** The first mistakes of a bad file shown; the count says how many there are in all. */
export const shownMistakes = 5;

export type FileNote =
  | { kind: 'opened'; file: string; sessions: number; messages: number }
  | { kind: 'saved'; file: string; sessions: number; messages: number; leftOut: number }
  | { kind: 'bad'; file: string; mistakes: WorkspaceMistake[] }
  | { kind: 'error'; error: Explained };

/** Inside Electron the preload gives window.socketLab; served by `socket-lab web`, the page talks over the bridge. */
const inElectron = (): boolean => typeof window !== 'undefined' && 'socketLab' in window && window.socketLab !== undefined;

const messageCount = (w: Workspace): number => (w.collections ?? []).reduce((n, c) => n + c.messages.length, 0);

class WorkspaceFileStore extends ChangeSignal {
  note: FileNote | null = null;
  /** Open can be undone while this is set. */
  canUndo = false;
  /**
   * The file last opened: its name (proposed when saving), its unknown top-level fields and, per entry that
   * came from it, the fields of its session the form does not hold. Kept in settings.json (workspace-store),
   * so a reload between open and save loses none of them.
   */
  private get memory(): WorkspaceFileMemory {
    return workspace.fileMemory ?? {};
  }

  private get openedName(): string | null {
    return this.memory.name ?? null;
  }

  private get kept(): Map<number, Record<string, unknown>> {
    return new Map(Object.entries(this.memory.sessions ?? {}).map(([id, fields]) => [Number(id), fields]));
  }
  /** While Undo is offered: how to take the open back, and how to let go of what it replaced. */
  private pending: { undo(): void; keep(): void } | null = null;
  private undoTimer: ReturnType<typeof setTimeout> | null = null;

  private say(note: FileNote | null): void {
    this.note = note;
    this.changed();
  }

  /** Open options the form has no field for, kept with this entry (from a file or a lab): sent when it opens. */
  openOptionsOf(entryId: number, kind: SessionKind): Record<string, unknown> {
    return formlessOpenOptions(kind, this.kept.get(entryId));
  }

  /** Keeps such options with an entry (a lab's session): reopening it from the sidebar, and saving, keep them. */
  keepOpenOptions(entryId: number, options: Record<string, unknown>): void {
    const memory = this.memory;
    const sessions = { ...memory.sessions, [String(entryId)]: { ...memory.sessions?.[String(entryId)], ...options } };
    workspace.setFileMemory({ ...memory, sessions });
  }

  dismiss(): void {
    this.settle('keep');
    this.say(null);
  }

  readonly electron = inElectron;

  /** Electron: the system's open dialog; the file is read and checked main-side. */
  async openWithDialog(): Promise<void> {
    const result = await api.openWorkspaceDialog({});
    if (!result.ok) return this.say({ kind: 'error', error: result.error });
    if (result.value.available && !result.value.canceled) this.apply(result.value.check, result.value.name);
  }

  /** Browser mode: the text of the file the person chose, checked main-side (the page checks nothing itself). */
  async openText(text: string, name: string): Promise<void> {
    const result = await api.checkWorkspaceText({ text, name });
    if (!result.ok) return this.say({ kind: 'error', error: result.error });
    this.apply(result.value.check, name);
  }

  /** A checked file: applied (Undo offered), or its first mistakes said and nothing changed. */
  private apply(check: WorkspaceCheck, file: string): void {
    if (!check.ok) return this.say({ kind: 'bad', file, mistakes: check.mistakes });
    this.settle('keep');
    const opened = check.workspace;
    const sessions = opened.sessions ?? [];
    const before = { messages: workspace.savedMessages, memory: workspace.fileMemory };
    const replaced = workspace.replaceClosedEntries(sessions.map((s) => ({ name: s.name, form: formFromRequest(s) })));
    // What the form does not hold, per entry: the open sessions' (from an earlier file) stay, the new ones join.
    const live = new Set(workspace.entries.map((e) => String(e.id)));
    const kept = Object.fromEntries(Object.entries(this.memory.sessions ?? {}).filter(([id]) => live.has(id)));
    replaced.added.forEach((entry, i) => (kept[String(entry.id)] = unmanagedFields(sessions[i]!)));
    savedMessages.replaceAll(opened.collections ?? []);
    const { sessions: _s, collections: _c, format: _f, version: _v, ...fields } = opened;
    workspace.setFileMemory({ name: file, fields, sessions: kept });
    this.pending = {
      undo: () => {
        replaced.undo();
        workspace.setSavedMessages(before.messages ?? ({ collections: [] } satisfies SavedMessagesSettings));
        workspace.setFileMemory(before.memory);
      },
      keep: () => replaced.keep(),
    };
    this.canUndo = true;
    this.undoTimer = setTimeout(() => this.settle('keep'), openUndoMs);
    this.say({ kind: 'opened', file, sessions: sessions.length, messages: messageCount(opened) });
  }

  undoOpen(): void {
    if (!this.pending) return;
    this.settle('undo');
    this.say(null);
  }

  /** Ends the Undo offer: the open taken back, or what it replaced let go. */
  private settle(how: 'undo' | 'keep'): void {
    if (this.undoTimer !== null) clearTimeout(this.undoTimer);
    this.undoTimer = null;
    const pending = this.pending;
    this.pending = null;
    if (pending) pending[how]();
    if (this.canUndo) {
      this.canUndo = false;
      this.changed();
    }
  }

  /** Saves the window's workspace: Electron's save dialog, or a download in browser mode. */
  async save(named: (entry: Entry) => string): Promise<void> {
    const { workspace: current, leftOut } = windowWorkspace(
      workspace.entries,
      named,
      savedMessages.collections(),
      this.kept,
      this.memory.fields ?? null,
    );
    const counts = { sessions: current.sessions?.length ?? 0, messages: messageCount(current), leftOut };
    const name = this.openedName ?? `socket-lab${workspaceExtension}`;
    if (this.electron()) {
      const saved = await api.saveWorkspaceDialog({ workspace: current, name });
      if (!saved.ok) return this.say({ kind: 'error', error: saved.error });
      if (saved.value.available && !saved.value.canceled) {
        workspace.setFileMemory({ ...this.memory, name: saved.value.name });
        this.say({ kind: 'saved', file: saved.value.name, ...counts });
      }
      return;
    }
    // Checked main-side as a file being opened is, so a download always opens again.
    const text = serializeWorkspace(current);
    const checked = await api.checkWorkspaceText({ text, name });
    if (!checked.ok) return this.say({ kind: 'error', error: checked.error });
    if (!checked.value.check.ok) return this.say({ kind: 'bad', file: name, mistakes: checked.value.check.mistakes });
    download(new Blob([text], { type: 'application/json' }), name);
    this.say({ kind: 'saved', file: name, ...counts });
  }
}

export const workspaceFile = new WorkspaceFileStore();
