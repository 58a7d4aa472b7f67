// `socket-lab interfaces`: every address of every network interface of this machine, as text or
// JSON: what a socket can bind or listen on, and which interface a multicast group can be heard on.
import type { LocalInterface } from '../../shared/contract';
import { quoteInput } from '../../shared/quote-input';
import { parseCommandLine, usage } from './args';
import { formatOption, openApi, valueOf } from './common';
import type { Output } from './output';

const multicastWord = (m: boolean | null): string => (m === null ? 'multicast: unknown' : m ? 'multicast' : 'no multicast');

/** One aligned line per address: "lo     127.0.0.1   IPv4  loopback  multicast". */
export function interfaceLines(list: LocalInterface[]): string[] {
  const nameWidth = Math.max(4, ...list.map((i) => i.name.length));
  const addressWidth = Math.max(7, ...list.map((i) => i.address.length));
  return list.map((i) =>
    [
      i.name.padEnd(nameWidth),
      i.address.padEnd(addressWidth),
      i.family,
      (i.internal ? 'loopback' : 'network').padEnd(8),
      multicastWord(i.multicast),
    ].join('  '),
  );
}

export async function runInterfaces(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseCommandLine(args, { format: { type: 'string' } });
  if (positionals.length > 0) throw usage(`unexpected argument "${quoteInput(positionals[0]!)}"`);
  const format = formatOption(values.format, ['text', 'json'] as const);
  const api = openApi(undefined);
  const list = valueOf(await api.listInterfaces({}));
  if (format === 'json') out.write(JSON.stringify(list) + '\n');
  else out.write(interfaceLines(list).join('\n') + '\n');
}
