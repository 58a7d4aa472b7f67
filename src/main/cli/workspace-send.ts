// `send --workspace FILE --message NAME|COLLECTION/NAME`: a saved message becomes the arguments a person
// would have typed (its target as the URL, its bytes as --hex), so it runs through the same send as any
// other. A URL given beside it wins over the saved target; the payload options cannot be given with it.
import { formatHostPort } from '../../shared/address';
import { toHex } from '../../shared/codec';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { findMessage, messageBytes, mistakeText, qualifiedName } from '../../shared/workspace';
import { EngineError } from '../engine/errors';
import { readWorkspaceFile, quotedPath } from '../workspace/file';
import { parseCommandLine, usage, UsageError } from './args';
import { sendOptionSpecs } from './send';

const savedOptionSpecs = { ...sendOptionSpecs, workspace: { type: 'string' }, message: { type: 'string' } } as const;

/** The arguments of `send` with --workspace and --message replaced by the saved message's URL and --hex. */
export async function savedMessageArgs(args: string[]): Promise<string[]> {
  const { values, positionals } = parseCommandLine(args, savedOptionSpecs);
  const file = values.workspace;
  const ref = values.message;
  if (file === undefined) throw usage('--message needs --workspace FILE: the workspace the message is saved in');
  if (ref === undefined) throw usage('--workspace needs --message NAME (or COLLECTION/NAME): the saved message to send');
  for (const option of ['text', 'hex', 'escaped', 'file'] as const)
    if (values[option] !== undefined) throw usage(`--${option} cannot be given with --message: the saved message is the payload`);

  let workspace;
  try {
    workspace = await readWorkspaceFile(file);
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    // A mistake inside the file is said at its field, after the file's name.
    const said =
      err.code === 'INVALID_WORKSPACE' ? `${quotedPath(file)}: ${mistakeText({ problem: err.problem, field: err.field })}` : err.message;
    throw new UsageError(`--workspace: ${said}`);
  }
  const lookup = findMessage(workspace, ref, quotedPath(file));
  if (!lookup.ok) throw new UsageError(`--message: ${problemText(lookup.problem)}`);
  const { message } = lookup.found;

  const rest = args.filter((_, i) => !isSavedOption(args, i));
  const url =
    positionals.length > 0
      ? [] // the URL typed beside it overrides the saved target
      : message.target
        ? [`${message.target.protocol}://${formatHostPort(message.target.host, message.target.port)}`]
        : null;
  if (url === null)
    throw new UsageError(
      `--message: ${problemText({ key: 'workspaceMessageNoTarget', params: { name: quoteInput(qualifiedName(lookup.found)) } })}`,
    );
  // The exact bytes saved, line ending included: sent as written, never macro-expanded or re-encoded.
  return [...url, ...rest, '--hex', toHex(messageBytes(message), '')];
}

/** Whether args[i] is --workspace / --message or the value right after one. */
function isSavedOption(args: string[], i: number): boolean {
  const is = (a: string | undefined): boolean => a === '--workspace' || a === '--message';
  const arg = args[i]!;
  return is(arg) || arg.startsWith('--workspace=') || arg.startsWith('--message=') || (i > 0 && is(args[i - 1]));
}
