// What the running commands share: the address argument, the output format, the engine with its log budget, the final summary, stopping on a signal.
import { parseSocketUrl, type SocketUrl } from '../../shared/address';
import type { Counters } from '../../shared/contract';
import { logBudgetRangeMiB } from '../../shared/limits';
import { quoteInput } from '../../shared/quote-input';
import { summaryLine, type OutputFormat } from '../cli-format';
import { Engine } from '../engine/engine';
import { ndjsonSummary } from '../engine/taps/ndjson';
import { intOption, usage, UsageError } from './args';
import type { Output } from './output';

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

export const createEngine = (logBudgetBytes: number | undefined): Engine =>
  new Engine(logBudgetBytes === undefined ? {} : { logBudgetBytes });

/**
 * The last line of a run: the NDJSON summary line in json; the summary sentence on stdout in text
 * and hex, and on stderr in raw (stdout then carries nothing but the received bytes).
 */
export async function writeSummary(out: Output, format: OutputFormat, counters: Counters): Promise<void> {
  if (format === 'json') out.write(ndjsonSummary(counters) + '\n');
  else if (format !== 'raw') out.write(summaryLine(counters) + '\n');
  else {
    // After the last received byte has left: on a terminal the summary then comes below the data.
    await out.drained();
    process.stderr.write(summaryLine(counters) + '\n');
  }
}

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
