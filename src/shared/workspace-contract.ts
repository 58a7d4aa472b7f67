// The window's workspace commands (checkWorkspaceText, openWorkspaceDialog, saveWorkspaceDialog), apart from
// contract.ts so the workspace's schema loads only when one of them is checked. A page never names a file:
// in a browser it reads the file the person chose and sends its text to be checked main-side; in Electron
// the main side shows the system's dialog, and reads or writes the file the person chose there.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';
import { addProblem } from './schema-parts';
import { checkWorkspace, maxWorkspaceBytes, type Workspace, type WorkspaceCheck } from './workspace';

/** A file's name as the page saw it (no folder): only to name the file in sentences and as the default name to save. */
const maxFileNameLength = 255;

/** A plain file name: no folder separators, no NUL, not empty. */
export const isPlainFileName = (name: string): boolean =>
  name.length > 0 && name.length <= maxFileNameLength && !/[\\/\0]/.test(name) && name !== '.' && name !== '..';

const fileNameSchema = () =>
  z.string().check(
    z.superRefine((name, ctx) => {
      if (!isPlainFileName(name)) addProblem(ctx, { key: 'workspaceFileName' });
    }),
  );

/** A workspace checked as a file is when it is opened: every mistake keyed at its path inside `workspace`. */
const workspaceSchema = () =>
  z.custom<Workspace>().check(
    z.superRefine((value, ctx) => {
      const checked = checkWorkspace(value, 'the workspace');
      if (!checked.ok) for (const mistake of checked.mistakes) addProblem(ctx, mistake.problem, mistake.field?.split('.'));
    }),
  );

/** The text of a file the page read (at most a workspace file's limit), and its name. */
export const checkWorkspaceTextInput = lazySchema(() =>
  z.object({ text: z.string().check(z.maxLength(maxWorkspaceBytes)), name: z.optional(fileNameSchema()) }),
);
/** What to save, checked first, and the name the dialog proposes. */
export const saveWorkspaceDialogInput = lazySchema(() => z.object({ workspace: workspaceSchema(), name: z.optional(fileNameSchema()) }));

/** A workspace file's text checked: the workspace as read (unknown fields kept), or its mistakes at their paths. */
export interface CheckedWorkspaceText {
  check: WorkspaceCheck;
}

/** Electron only: `available` false elsewhere (browser mode opens through the page). */
export type OpenedWorkspaceDialog =
  { available: false } | { available: true; canceled: true } | { available: true; canceled: false; name: string; check: WorkspaceCheck };

export type SavedWorkspaceDialog =
  { available: false } | { available: true; canceled: true } | { available: true; canceled: false; name: string; bytes: number };
