// The workspace commands' inputs (openWorkspace, saveWorkspace), apart from contract.ts so the workspace's
// schema loads only when a workspace command is checked. A window names a file by its full path, and only
// a file whose name ends in .socketlab.json: a page can never make the main side read or write another kind of file.
import * as z from 'zod/mini';
import { problemText, type Problem } from './problems';
import { quoteInput } from './quote-input';
import { addProblem } from './schema-parts';
import { checkWorkspace, workspaceExtension, type Workspace } from './workspace';

/** Longest path taken: Windows' long paths reach 32,767, nobody picks a longer one in a dialog. */
const maxPathLength = 4096;

const isAbsolute = (path: string): boolean => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');

/** Why a path cannot hold a workspace, or null. */
export function workspacePathProblem(path: string): Problem | null {
  const bad =
    path.length > maxPathLength ||
    path.includes('\0') ||
    !isAbsolute(path) ||
    !path.toLowerCase().endsWith(workspaceExtension) ||
    /[\\/]\.socketlab\.json$/i.test(path);
  return bad ? { key: 'workspaceBadPath', params: { path: quoteInput(path, 200) } } : null;
}

const pathSchema = () =>
  z.string({ error: problemText({ key: 'workspaceBadPath', params: { path: '' } }) }).check(
    z.superRefine((path, ctx) => {
      const problem = workspacePathProblem(path);
      if (problem) addProblem(ctx, problem);
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

export const openWorkspaceInput = z.lazy(() => z.object({ path: pathSchema() }));
export const saveWorkspaceInput = z.lazy(() => z.object({ path: pathSchema(), workspace: workspaceSchema() }));

/** What openWorkspace answers: the file as read (unknown fields kept), its sessions not opened. */
export interface OpenedWorkspace {
  path: string;
  workspace: Workspace;
}

export interface SavedWorkspace {
  path: string;
  bytes: number;
}
