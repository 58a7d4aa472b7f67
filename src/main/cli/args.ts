// Command-line parsing shared by every `socket-lab` command.
import type { parseArgs, ParseArgsOptionsConfig } from 'node:util';
import { quoteInput } from '../../shared/quote-input';
import { usage } from './errors';

export { AlreadyReported, usage, UsageError } from './errors';

/** What node:util's parseArgs gives for these options, positionals allowed: the values typed from the table. */
export type CommandLine<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>
>;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * parseArgs' rules (strict, positionals allowed: `--name value`, `--name=value`, `-o value`, `-ovalue`, grouped
 * short flags, `--` ending the options, the last of a repeated option kept unless it is `multiple`), with one
 * difference, as getopt does: an option that takes a value takes the next argument even when it starts with "-",
 * so `--count -5` is checked as a count ("not -5"). Not node:util's parseArgs itself: it checks its whole option
 * table at every call, about 1 ms of every command's start (a one-shot send takes about 50 ms in all), and its
 * mistakes run to three lines that quote the input whole; here each is one line.
 */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(args: string[], options: O): CommandLine<O> {
  const values: Values = Object.create(null) as Values;
  const positionals: string[] = [];
  const set = (name: string, value: string | boolean): void => {
    if (options[name]!.multiple === true) ((values[name] as (string | boolean)[] | undefined) ?? (values[name] = [])).push(value);
    else values[name] = value;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (!Object.hasOwn(options, name)) throw usage(`unknown option "${quoteInput(arg.slice(0, eq === -1 ? undefined : eq))}"`);
      if (options[name]!.type === 'boolean') {
        if (eq !== -1) throw usage(`--${name} takes no value`);
        set(name, true);
      } else if (eq !== -1) set(name, arg.slice(eq + 1));
      else if (i + 1 < args.length) set(name, args[++i]!);
      else throw usage(`--${name} needs a value`);
    } else if (arg.startsWith('-') && arg.length > 1) {
      // One short option, or several flags in one (-fv); a short option that takes a value takes the rest or the next.
      for (let j = 1; j < arg.length; j++) {
        const name = shortName(options, arg[j]!);
        if (name === null) throw usage(`unknown option "-${quoteInput(arg[j]!)}"`);
        if (options[name]!.type === 'boolean') {
          set(name, true);
          continue;
        }
        if (j + 1 < arg.length) set(name, arg.slice(j + 1));
        else if (i + 1 < args.length) set(name, args[++i]!);
        else throw usage(`-${arg[j]!} needs a value`);
        break;
      }
    } else positionals.push(arg);
  }
  return { values, positionals } as CommandLine<O>;
}

function shortName(options: ParseArgsOptionsConfig, letter: string): string | null {
  for (const name in options) if (options[name]!.short === letter) return name;
  return null;
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
