// What the running commands share: the address argument, the output format, the in-process API with its log budget, a refused command as one line, the final summary, stopping on a signal.
import { parseSocketUrl, type SocketUrl } from '../../shared/address';
import type { CommandError, Counters, Result } from '../../shared/contract';
import { logBudgetRangeMiB } from '../../shared/limits';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { summaryLine, type OutputFormat } from '../cli-format';
import { createApi, type Api } from '../commands/api';
import type { RouterOptions } from '../commands/router';
import { Engine } from '../engine/engine';
import { ndjsonSummary } from '../engine/taps/ndjson';
import { intOption, usage, UsageError } from './args';
import { writeStderr, type Output } from './output';
import type { ImpairInfo } from '../../shared/impair';
import { impairSummary } from './impair-option';

export function urlArgument(positionals: string[], allowZero: boolean): SocketUrl {
  const url = positionals[0];
  if (!url) throw usage('give an address such as tcp://127.0.0.1:9000');
  if (positionals.length > 1) throw usage(`unexpected argument "${quoteInput(positionals[1]!)}"`);
  try {
    return parseSocketUrl(url, { allowZero });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** `--format`: one of `allowed` (raw only where a reply stream can be piped as bytes). */
export function formatOption<F extends OutputFormat>(value: string | undefined, allowed: readonly F[]): F {
  const f = value ?? 'text';
  if (!(allowed as readonly string[]).includes(f)) {
    const names = allowed.length > 2 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)!}` : allowed.join(' or ');
    throw usage(`--format must be ${names}, not "${quoteInput(f)}"`);
  }
  return f as F;
}

/** `--log-budget MIB`, in bytes (undefined: the engine's default), in the range the window offers too. */
export const logBudgetOption = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : intOption(value, 'log-budget', 0, logBudgetRangeMiB.min, logBudgetRangeMiB.max) * 1024 * 1024;

/** `dataDir`: --data-dir, where a TLS server keeps the certificate it makes (default: the app's data folder). */
export const createEngine = (logBudgetBytes: number | undefined, dataDir?: string): Engine =>
  new Engine({ ...(logBudgetBytes === undefined ? {} : { logBudgetBytes }), ...(dataDir === undefined ? {} : { dataDir }) });

/** A new engine and the in-process API over it: every command of a run goes through its schemas, as the window's do. */
export const openApi = (logBudgetBytes: number | undefined, options: RouterOptions = {}, dataDir?: string): Api =>
  createApi(createEngine(logBudgetBytes, dataDir), options);

/**
 * How a refused input is said for one command line: the schema's field ("autoReply.text") to the
 * line naming the option it came from. A field not listed is said in the schema's own words.
 */
export type OptionWords = Readonly<Record<string, (text: string) => string>>;

/**
 * A refused command as the CLI's one line: input the schemas refused is a command-line mistake
 * (exit 2, as every usage error), anything else is the network or the system saying no (exit 1).
 */
export function commandFailure(error: CommandError, words: OptionWords = {}): Error {
  // The keyed problem is the one wording the window translates; the message is the same English text.
  const text = error.problem ? problemText(error.problem) : error.message;
  if (error.code !== 'INVALID_INPUT') return new Error(text);
  const say = error.field === undefined ? undefined : words[error.field];
  return say ? usage(say(text)) : new UsageError(text);
}

/** The value of a command's Result, or its error thrown as the CLI's one line (see commandFailure). */
export function valueOf<T>(result: Result<T>, words?: OptionWords): T {
  if (result.ok) return result.value;
  throw commandFailure(result.error, words);
}

/**
 * The last line of a run: the NDJSON summary line in json; the summary sentence on stdout in text
 * and hex, and on stderr in raw (stdout then carries nothing but the received bytes).
 */
export async function writeSummary(out: Output, format: OutputFormat, counters: Counters, impair?: ImpairInfo): Promise<void> {
  if (format === 'json') out.write(withImpair(ndjsonSummary(counters), impair) + '\n');
  else if (format !== 'raw') out.write(summaryLine(counters) + impairSummary(impair) + '\n');
  else {
    // After the last received byte has left: on a terminal the summary then comes below the data.
    await out.drained();
    writeStderr(summaryLine(counters) + impairSummary(impair) + '\n');
  }
}

/** The JSON summary with what the simulated problems did (--impair), as `simulated`. */
const withImpair = (summary: string, impair: ImpairInfo | undefined): string =>
  impair ? JSON.stringify({ ...(JSON.parse(summary) as object), simulated: { in: impair.in, out: impair.out } }) : summary;

/** Runs `cleanup` once, on Ctrl+C (SIGINT), SIGTERM, or when `also` settles (stdout closed). */
export function stopOnSignal(cleanup: () => Promise<void>, also?: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      cleanup().finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void also?.then(stop);
  });
}
