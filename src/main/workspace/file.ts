// Reading and writing workspace files (.socketlab.json): size-limited, checked on read with the shared
// schema, written atomically (a temporary file beside it, then a rename), every failure a keyed EngineError.
// Engine-independent: the CLI (send --workspace, import) and Electron's workspace dialogs use it; a page never names a file.
import path from 'node:path';
import { fsPromises } from '../builtins';
import { EngineError } from '../engine/errors';
import type { Problem } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { maxWorkspaceBytes, parseWorkspaceText, serializeWorkspace, type Workspace } from '../../shared/workspace';

export { parseWorkspaceText };

/** A path as said in a sentence: quoted, cut short when long. */
export const quotedPath = (file: string): string => `"${quoteInput(file, 200)}"`;

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';

const fail = (code: string, problem: Problem, field?: string): never => {
  throw new EngineError(code, problem, field);
};

/** A workspace file's text, refused by its size before a byte is read; throws a keyed EngineError. */
export async function readWorkspaceText(file: string): Promise<string> {
  const fs = fsPromises();
  const where = quotedPath(file);
  try {
    // Refused by its size before a byte is read: a wrong file picked by mistake can be huge.
    const stat = await fs.stat(file);
    if (stat.isDirectory()) fail('EISDIR', { key: 'workspaceUnreadable', params: { path: where, code: 'EISDIR' } });
    if (stat.size > maxWorkspaceBytes)
      fail('TOO_LARGE', { key: 'workspaceTooLarge', params: { path: where, size: stat.size, limit: maxWorkspaceBytes / 1024 / 1024 } });
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof EngineError) throw err;
    const code = codeOf(err);
    if (code === 'ENOENT') return fail(code, { key: 'workspaceMissing', params: { path: where } });
    return fail(code, { key: 'workspaceUnreadable', params: { path: where, code } });
  }
}

/** Reads and checks a workspace file; throws an EngineError at the field its first mistake is at. */
export async function readWorkspaceFile(file: string): Promise<Workspace> {
  const checked = parseWorkspaceText(await readWorkspaceText(file), quotedPath(file));
  if (checked.ok) return checked.workspace;
  const first = checked.mistakes[0]!;
  return fail(first.problem.key === 'workspaceNotJson' ? 'NOT_JSON' : 'INVALID_WORKSPACE', first.problem, first.field);
}

export interface WriteOptions {
  /** Replace an existing file (the window's Save); without it an existing file is refused (import). */
  overwrite: boolean;
  /** The problem said when the file exists and overwrite is off. */
  exists?: Problem;
}

/**
 * Puts the temporary file at `file` unless something is there: a hard link fails if it exists, at once.
 * A file system without hard links (FAT on a USB stick) gets a look first, then a rename.
 */
async function linkOrRename(temp: string, file: string): Promise<void> {
  const fs = fsPromises();
  try {
    await fs.link(temp, file);
  } catch (err) {
    const code = codeOf(err);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    const exists = await fs.access(file).then(
      () => true,
      () => false,
    );
    if (exists) throw Object.assign(new Error('file exists'), { code: 'EEXIST' });
    await fs.rename(temp, file);
  }
}

/**
 * Writes the workspace atomically: into a temporary file in the same folder, then renamed over the
 * target (or linked to it, which fails if it exists, when overwriting is not allowed). A reader never
 * sees half a file, and a failed write leaves the old one as it was. Answers the bytes written.
 */
export async function writeWorkspaceFile(file: string, workspace: Workspace, options: WriteOptions): Promise<number> {
  const fs = fsPromises();
  const where = quotedPath(file);
  const folder = path.dirname(file);
  const temp = path.join(folder, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  const data = serializeWorkspace(workspace);
  const failWith = (err: unknown): never => {
    const code = codeOf(err);
    if (code === 'EEXIST') throw new EngineError(code, options.exists ?? { key: 'importTargetExists', params: { path: where } }, 'path');
    if (code === 'ENOENT')
      throw new EngineError(code, { key: 'workspaceNoFolder', params: { path: where, folder: quotedPath(folder) } }, 'path');
    throw new EngineError(code, { key: 'workspaceNotWritable', params: { path: where, code } }, 'path');
  };
  try {
    await fs.writeFile(temp, data, { flag: 'wx', mode: 0o644 });
  } catch (err) {
    return failWith(err);
  }
  try {
    if (options.overwrite) await fs.rename(temp, file);
    else await linkOrRename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    return failWith(err);
  }
  if (!options.overwrite) await fs.rm(temp, { force: true });
  return Buffer.byteLength(data);
}
