// Opening and saving a workspace through the system's dialogs (Electron): the person picks the file, the
// main side reads, checks and writes it, and the page only ever sees the workspace and a file's name.
// Electron-free: the pickers are passed in (ipc/workspace-dialogs.ts), so tests drive it with real files.
import path from 'node:path';
import { workspaceExtension, type Workspace } from '../../shared/workspace';
import type { OpenedWorkspaceDialog, SavedWorkspaceDialog } from '../../shared/workspace-contract';
import { parseWorkspaceText, quotedPath, readWorkspaceText, writeWorkspaceFile } from './file';

export interface WorkspacePickers {
  /** The file chosen to open, or null when the dialog was cancelled. */
  pickOpen(): Promise<string | null>;
  /** Where to save (the dialog proposes `defaultName`), or null when cancelled. */
  pickSave(defaultName: string): Promise<string | null>;
}

export interface WorkspaceDialogs {
  open(): Promise<OpenedWorkspaceDialog>;
  save(workspace: Workspace, name?: string): Promise<SavedWorkspaceDialog>;
}

/** "lesson" or "lesson.socketlab.json" as the name of a workspace file. */
export const withWorkspaceExtension = (name: string): string =>
  name.toLowerCase().endsWith(workspaceExtension) ? name : `${name.replace(/\.json$/i, '')}${workspaceExtension}`;

export function workspaceDialogs(pickers: WorkspacePickers): WorkspaceDialogs {
  return {
    async open() {
      const file = await pickers.pickOpen();
      if (file === null) return { available: true, canceled: true };
      // Read errors (missing, too large, unreadable) throw keyed; mistakes inside come back, every one.
      const check = parseWorkspaceText(await readWorkspaceText(file), quotedPath(path.basename(file)));
      return { available: true, canceled: false, name: path.basename(file), check };
    },
    async save(workspace, name) {
      const chosen = await pickers.pickSave(withWorkspaceExtension(name ?? 'workspace'));
      if (chosen === null) return { available: true, canceled: true };
      // The dialog asked about replacing a file already: the write replaces it, atomically.
      const file = withWorkspaceExtension(chosen);
      const bytes = await writeWorkspaceFile(file, workspace, { overwrite: true });
      return { available: true, canceled: false, name: path.basename(file), bytes };
    },
  };
}
