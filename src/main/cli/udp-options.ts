// The UDP socket options of `send` and `serve` (--broadcast, --join, --ttl, --multicast-loop,
// --multicast-if): parsed into the udp open request, refused on tcp://, and each refusal said about
// the option it came from. Checked with the same rules as the contract (shared/multicast.ts).
import { localAddressProblem, stripBrackets } from '../../shared/address';
import type { OpenSessionRequest } from '../../shared/contract';
import { maxJoinedGroups, parseJoinSpec, ttlProblem } from '../../shared/multicast';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { usage, UsageError } from './args';
import type { OptionWords } from './common';

/** Their parseArgs entries, spread into each command's own. */
export const udpOptionSpecs = {
  broadcast: { type: 'boolean' },
  join: { type: 'string', multiple: true },
  ttl: { type: 'string' },
  'multicast-loop': { type: 'string' },
  'multicast-if': { type: 'string' },
} as const;

export interface UdpOptionValues {
  broadcast?: boolean | undefined;
  join?: string[] | undefined;
  ttl?: string | undefined;
  'multicast-loop'?: string | undefined;
  'multicast-if'?: string | undefined;
}

type UdpRequest = Extract<OpenSessionRequest, { kind: 'udp' }>;
/** The options' part of a udp open request (no host, port or auto-reply). */
export type UdpExtras = Pick<UdpRequest, 'broadcast' | 'join' | 'ttl' | 'multicastLoop' | 'multicastIf'>;

const given = (values: UdpOptionValues): string[] =>
  (Object.keys(udpOptionSpecs) as (keyof UdpOptionValues)[]).filter((name) => values[name] !== undefined && values[name] !== false);

/** The options as the udp open request's fields; a mistake (or any of them on tcp://) is a one-line UsageError. */
export function parseUdpOptions(values: UdpOptionValues, transport: string): UdpExtras {
  const named = given(values);
  if (transport !== 'udp') {
    if (named.length > 0) throw usage(`--${named[0]!} applies to udp:// only (a TCP socket has no groups or broadcast)`);
    return {};
  }
  const extras: UdpExtras = {};
  if (values.broadcast) extras.broadcast = true;
  if (values.join !== undefined) {
    if (values.join.length > maxJoinedGroups)
      throw usage(`--join is given ${values.join.length} times: a socket may join at most ${maxJoinedGroups} groups`);
    extras.join = values.join.map((spec) => {
      const parsed = parseJoinSpec(spec);
      if (!parsed.ok) throw new UsageError(`--join ${quoteInput(spec)}: ${problemText(parsed.problem)}`);
      return parsed.value;
    });
  }
  if (values.ttl !== undefined) {
    const problem = ttlProblem(values.ttl);
    if (problem) throw new UsageError(`--ttl: ${problemText(problem)}`);
    extras.ttl = Number(values.ttl);
  }
  const loop = values['multicast-loop'];
  if (loop !== undefined) {
    if (loop !== 'on' && loop !== 'off') throw usage(`--multicast-loop must be on or off, not "${quoteInput(loop)}"`);
    extras.multicastLoop = loop === 'on';
  }
  const iface = values['multicast-if'];
  if (iface !== undefined) {
    const problem = localAddressProblem(iface);
    if (problem) throw new UsageError(`--multicast-if: ${problemText(problem)}`);
    extras.multicastIf = stripBrackets(iface);
  }
  return extras;
}

/** Whether the socket must hear group or broadcast traffic: then no loopback bind address is chosen for it. */
export const wantsWildcard = (extras: UdpExtras): boolean => extras.broadcast === true || (extras.join?.length ?? 0) > 0;

/** The open request's fields said as the options they came from (the engine checks the interface is on this machine). */
export const udpOptionWords: OptionWords = {
  ttl: (text) => `--ttl: ${text}`,
  multicastIf: (text) => `--multicast-if: ${text}`,
  multicastLoop: (text) => `--multicast-loop: ${text}`,
  broadcast: (text) => `--broadcast: ${text}`,
  ...Object.fromEntries(
    Array.from({ length: maxJoinedGroups }, (_, i) => [
      [`join.${i}.group`, (text: string) => `--join: ${text}`],
      [`join.${i}.iface`, (text: string) => `--join: ${text}`],
    ]).flat(),
  ),
};
