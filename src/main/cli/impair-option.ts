// `--impair SPEC` of `send` and `serve` on udp://: simulated network problems (loss, dup, delay,
// jitter, reorder, seed), refused on tcp:// and tls://; said once on stderr, counted in the summary.
import { describeImpair, parseImpairSpec, type ImpairInfo } from '../../shared/impair';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { usage, UsageError } from './args';
import { writeStderr } from './output';

export const impairOptionSpec = { impair: { type: 'string' } } as const;

/** The open request's `impair` field (the spec, checked here first so a mistake names --impair). */
export function impairOption(value: string | undefined, transport: string): { impair?: string } {
  if (value === undefined) return {};
  if (transport !== 'udp') throw usage('--impair applies to udp:// only (TCP resends what is lost, so it always looks perfect)');
  const parsed = parseImpairSpec(value);
  if (!parsed.ok) throw new UsageError(`--impair ${quoteInput(value)}: ${problemText(parsed.problem)}`);
  return { impair: value };
}

/** Once, on stderr at the start: the problems are Socket Lab's, not the network's. */
export function sayImpair(info: ImpairInfo | undefined, quiet: boolean): void {
  if (quiet || !info?.settings) return;
  writeStderr(`socket-lab: network problems are simulated by Socket Lab, not by the network: ${describeImpair(info.settings)}\n`);
}

/** The summary's tail: what the simulation did ("" when it never ran). */
export function impairSummary(info: ImpairInfo | undefined): string {
  if (!info) return '';
  const way = (c: ImpairInfo['in']): string => `dropped ${c.dropped} duplicated ${c.duplicated} reordered ${c.reordered}`;
  return `; simulated: in ${way(info.in)}, out ${way(info.out)}`;
}
