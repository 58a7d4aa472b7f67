// Command-line parsing shared by every `socket-lab` command. Kept light (no schema library, no engine): `--help` loads it.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { quoteInput } from '../../shared/quote-input';

/** A command-line mistake: exit status 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** A network failure already printed as it happened (a socket error event): exit 1, say it once. */
export class AlreadyReported extends Error {}

export const usage = (message: string): UsageError => new UsageError(`${message} (see socket-lab --help)`);

/**
 * Like getopt: an option that takes a value takes the next argument even when it starts with "-",
 * so `--count -5` is checked as a count ("not -5") instead of parseArgs' three lines of advice.
 */
function joinOptionValues(args: string[], options: ParseArgsOptionsConfig): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    const takesValue = name !== null && Object.hasOwn(options, name) && options[name]!.type === 'string';
    if (takesValue && i + 1 < args.length && args[i + 1]!.startsWith('-')) out.push(`${arg}=${args[++i]!}`);
    else out.push(arg);
  }
  return out;
}

const parseArgsCode = (err: unknown): string | null =>
  err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS') ? String(err.code) : null;

/** One line for a parseArgs error (its own messages run to three lines and quote the input whole). */
function parseArgsProblem(code: string, message: string): string {
  const option = quoteInput(/'([^']*)'/.exec(message)?.[1]?.replace(/ <value>$/, '') ?? '');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option "${option}"`;
  if (/argument missing/.test(message)) return `${option} needs a value`;
  if (/does not take an argument/.test(message)) return `${option} takes no value`;
  return quoteInput(message.split('\n')[0]!, 160);
}

/** parseArgs with positionals, where a mistake is a UsageError of one line. */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args: joinOptionValues(args, options), allowPositionals: true, options });
  } catch (err) {
    const code = parseArgsCode(err);
    if (code !== null) throw usage(parseArgsProblem(code, (err as Error).message));
    throw err;
  }
}

export function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw usage(`--${name} must be a whole number from ${min} to ${max}, not "${quoteInput(value)}"`);
  }
  return Number(value);
}

/** `--max-print BYTES`: how much of each payload is printed (Infinity when not given). */
export const maxPrintOption = (value: string | undefined): number =>
  value === undefined ? Infinity : intOption(value, 'max-print', 0, 0, 1 << 30);
