// `socket-lab import packetsender FILE -o WORKSPACE [--force]`: Packet Sender's packets.ini or JSON export
// to a new workspace file. What could not be mapped is listed on stderr, one line per item; an existing
// WORKSPACE is refused unless --force. Exit 0 when something was imported.
import path from 'node:path';
import { fsPromises } from '../builtins';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { maxWorkspaceBytes, workspaceExtension } from '../../shared/workspace';
import { EngineError } from '../engine/errors';
import { quotedPath, writeWorkspaceFile } from '../workspace/file';
import { importedCollectionName, importPacketSender } from '../workspace/packet-sender';
import { parseCommandLine, usage, UsageError } from './args';
import { writeStderr, type Output } from './output';

/** The formats `import` reads: one today. */
const sources = ['packetsender'] as const;

async function readSource(file: string): Promise<string> {
  const fs = fsPromises();
  const where = quotedPath(file);
  try {
    const stat = await fs.stat(file);
    if (stat.size > maxWorkspaceBytes)
      throw new UsageError(
        problemText({ key: 'workspaceTooLarge', params: { path: where, size: stat.size, limit: maxWorkspaceBytes / 1024 / 1024 } }),
      );
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    throw new UsageError(
      problemText(
        code === 'ENOENT'
          ? { key: 'workspaceMissing', params: { path: where } }
          : { key: 'workspaceUnreadable', params: { path: where, code } },
      ),
    );
  }
}

export async function runImport(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseCommandLine(args, { output: { type: 'string', short: 'o' }, force: { type: 'boolean' } });
  const [source, file, extra] = positionals;
  if (source === undefined || !(sources as readonly string[]).includes(source))
    throw usage(
      source === undefined
        ? 'say what to import from: socket-lab import packetsender FILE -o WORKSPACE'
        : `cannot import from "${quoteInput(source)}": use packetsender`,
    );
  if (file === undefined) throw usage('give the file to import: packets.ini or a Packet Sender JSON export');
  if (extra !== undefined) throw usage(`unexpected argument "${quoteInput(extra)}"`);
  const target = values.output;
  if (target === undefined || target === '')
    throw usage('give the workspace file to write with -o WORKSPACE (e.g. -o lesson.socketlab.json)');
  // The window opens only such files: a workspace named otherwise could not be opened there.
  if (!target.toLowerCase().endsWith(workspaceExtension) || path.basename(target).length <= workspaceExtension.length)
    throw usage(
      `-o: a workspace file's name ends in ${workspaceExtension} (e.g. -o lesson${workspaceExtension}), not "${quoteInput(path.basename(target))}"`,
    );

  const text = await readSource(file);
  const result = importPacketSender(text);
  if (result === null) throw new UsageError(problemText({ key: 'importNotPacketSender', params: { path: quotedPath(file) } }));
  if (result.imported === 0) throw new Error(problemText({ key: 'importNothing', params: { path: quotedPath(file) } }));

  try {
    await writeWorkspaceFile(target, result.workspace, { overwrite: values.force ?? false });
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    // An existing file is a command-line matter (--force); a folder that cannot be written is the system's.
    if (err.code === 'EEXIST') throw new UsageError(problemText({ key: 'importTargetExists', params: { path: quotedPath(target) } }));
    throw new Error(err.message, { cause: err });
  }
  // Listed, never dropped: what did not map goes to stderr, so stdout says only what was written.
  for (const note of result.notes) writeStderr(`socket-lab: not mapped: ${problemText(note)}\n`);
  const unmapped = result.notes.length > 0 ? `; ${result.notes.length} not fully mapped (listed on stderr)` : '';
  out.write(`imported ${result.imported} packets into ${quotedPath(target)}, collection "${importedCollectionName}"${unmapped}\n`);
}
