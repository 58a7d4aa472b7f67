// The window's saved messages as the panel edits them: kept by the workspace store in settings.json
// (savedMessages), changed only through the pure edits of shared/saved-messages.ts, with the one step back
// Undo offers for a few seconds after a delete, and what the last send did (worded while rendering).
import type { Problem, ProblemParams } from '../../../../shared/problems';
import { addCollection, type Edit } from '../../../../shared/saved-messages';
import { workspaceFormat, workspaceVersion, type MessageCollection, type Workspace } from '../../../../shared/workspace';
import type { SavedMessagesSettings } from '../../../../shared/settings-schema';
import type { Explained } from '../../lib/problem-text';
import { workspace } from '../workspace/workspace-store';
import { ChangeSignal } from '../../lib/change-signal';

/** How long a delete can be undone, like Clear in the log. */
export const savedUndoMs = 5000;

/** What the panel says under its search box: kept as data so it follows a language switch. */
export type PanelNote =
  | { kind: 'sent'; name: string; bytes: number; recipients: number }
  | { kind: 'opening'; name: string }
  | { kind: 'saved'; name: string; collection: string }
  | { kind: 'error'; name?: string; error: Explained };

/** A step that can be taken back: the messages as they were, and what the notice says (a `saved.*` key). */
export interface UndoStep {
  says: 'deletedMessage' | 'deletedCollection';
  params: ProblemParams;
  before: SavedMessagesSettings;
}

class SavedMessagesStore extends ChangeSignal {
  note: PanelNote | null = null;
  undo: UndoStep | null = null;
  private undoTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    // Redrawn when the workspace changes too (settings loaded, a workspace opened).
    workspace.subscribe(() => this.changed());
  }

  /** The collections as a workspace, so the shared edits apply as they do to a file. */
  asWorkspace(): Workspace {
    return { format: workspaceFormat, version: workspaceVersion, collections: workspace.savedMessages?.collections ?? [] };
  }

  collections(): MessageCollection[] {
    return workspace.savedMessages?.collections ?? [];
  }

  /** The collection shown (and sent from by Ctrl+1..9): the one chosen, else the first. */
  current(): MessageCollection | undefined {
    const all = this.collections();
    return all.find((c) => c.name === workspace.savedMessages?.current) ?? all[0];
  }

  select(name: string): void {
    workspace.setSavedMessages({ ...this.settings(), current: name });
  }

  /** There is always a collection to save into: the first use makes one named in the reader's language. */
  ensureCollection(defaultName: string): MessageCollection {
    const found = this.current();
    if (found) return found;
    const made = addCollection(this.asWorkspace(), defaultName);
    if (made.ok) workspace.setSavedMessages({ ...this.settings(), collections: made.workspace.collections ?? [], current: defaultName });
    return this.current()!;
  }

  /** Applies an edit; a refused one answers its problem (said at the field it concerns), nothing changed. */
  apply(edit: Edit, current?: string): Problem | null {
    if (!edit.ok) return edit.problem;
    const collections = edit.workspace.collections ?? [];
    const keep = current ?? this.current()?.name;
    workspace.setSavedMessages({
      ...this.settings(),
      collections,
      ...(keep !== undefined && collections.some((c) => c.name === keep) ? { current: keep } : { current: collections[0]?.name }),
    });
    return null;
  }

  /** Applies a delete and offers Undo for a few seconds. */
  applyUndoable(edit: Edit, says: UndoStep['says'], params: ProblemParams): Problem | null {
    const before = this.settings();
    const problem = this.apply(edit);
    if (problem) return problem;
    if (this.undoTimer !== null) clearTimeout(this.undoTimer);
    this.undo = { says, params, before };
    this.undoTimer = setTimeout(() => this.dropUndo(), savedUndoMs);
    this.changed();
    return null;
  }

  undoLast(): void {
    if (!this.undo) return;
    const { before } = this.undo;
    this.dropUndo();
    workspace.setSavedMessages(before);
  }

  private dropUndo(): void {
    if (this.undoTimer !== null) clearTimeout(this.undoTimer);
    this.undoTimer = null;
    this.undo = null;
    this.changed();
  }

  /** Replaces every collection (a workspace opened); null when there were none. */
  replaceAll(collections: MessageCollection[]): void {
    workspace.setSavedMessages({ ...this.settings(), collections, current: collections[0]?.name });
  }

  say(note: PanelNote | null): void {
    this.note = note;
    this.changed();
  }

  private settings(): SavedMessagesSettings {
    return workspace.savedMessages ?? { collections: [] };
  }
}

export const savedMessages = new SavedMessagesStore();
