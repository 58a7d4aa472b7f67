// `socket-lab flood`: the engine's traffic generator from a terminal — live figures once a second on stderr, the summary on stdout.
import { dnsPromises } from '../builtins';
import { hostKind } from '../../shared/address';
import { encodePayload } from '../../shared/codec';
import type { CommandInput, SendTarget } from '../../shared/contract';
import {
  floodCounterBytes,
  floodPayloadKinds,
  maxFloodCount,
  maxFloodDuration,
  maxFloodPatternLength,
  maxFloodRate,
  type FloodInfo,
  type FloodPayloadKind,
} from '../../shared/flood';
import { maxSendBytes, maxUdpPayloadFor } from '../../shared/limits';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { summaryLine } from '../cli-format';
import { intOption, parseCommandLine, usage, UsageError } from './args';
import { openApi, urlArgument, valueOf } from './common';
import { writeStderr, type Output } from './output';
import { udpBindAddressFor } from './send';

/** How often the live line is written to stderr. */
const liveEveryMs = 1000;

export interface FloodPlan {
  transport: 'tcp' | 'udp' | 'tls';
  host: string;
  port: number;
  /** The startFlood input the window would send, less the session and the target. */
  options: Omit<CommandInput<'startFlood'>, 'sessionId' | 'to'>;
  timeout: number;
  quiet: boolean;
}

function durationOption(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0.001 && n <= maxFloodDuration)) {
    throw usage(`--duration must be a number of seconds from 0.001 to ${maxFloodDuration}, not "${quoteInput(value)}"`);
  }
  return n;
}

function payloadOption(values: { payload?: string; hex?: string; text?: string }): { payload: FloodPayloadKind; pattern: string } {
  // --hex alone says the payload; --payload hex needs --hex.
  const payload = values.payload ?? (values.hex !== undefined ? 'hex' : 'text');
  if (!(floodPayloadKinds as readonly string[]).includes(payload)) {
    throw usage(`--payload must be text, hex or counter, not "${quoteInput(payload)}"`);
  }
  if (payload === 'hex' && values.hex === undefined) throw usage('--payload hex needs --hex BYTES (the bytes to repeat)');
  if (payload !== 'hex' && values.hex !== undefined) throw usage(`--hex goes with --payload hex, not --payload ${payload}`);
  if (payload !== 'text' && values.text !== undefined) throw usage(`--text goes with --payload text, not --payload ${payload}`);
  const pattern = (payload === 'hex' ? values.hex : values.text) ?? '';
  if (pattern.length > maxFloodPatternLength) throw usage(`--${payload} is limited to ${maxFloodPatternLength} characters`);
  if (payload === 'hex') {
    const parsed = encodePayload(pattern, 'hex');
    if (!parsed.ok) throw new UsageError(`--hex: ${parsed.error.message}`);
    if (parsed.bytes.length === 0) throw new UsageError(`--hex: ${problemText({ key: 'floodHexEmpty' })}`);
  }
  return { payload: payload as FloodPayloadKind, pattern };
}

/** The arguments of `flood`, checked; a mistake throws a UsageError of one line. */
export function parseFloodArgs(args: string[]): FloodPlan {
  const { values, positionals } = parseCommandLine(args, {
    size: { type: 'string' },
    rate: { type: 'string' },
    count: { type: 'string' },
    duration: { type: 'string' },
    payload: { type: 'string' },
    hex: { type: 'string' },
    text: { type: 'string' },
    timeout: { type: 'string' },
    quiet: { type: 'boolean' },
  });
  const target = urlArgument(positionals, false);
  if (values.size === undefined) throw usage('give the size of each message: --size N (bytes)');
  const size = intOption(values.size, 'size', 0, 1, maxSendBytes);
  const { payload, pattern } = payloadOption(values);
  if (payload === 'counter' && size < floodCounterBytes) {
    throw usage(`--size must be at least ${floodCounterBytes} with --payload counter (each message starts with its 64-bit number)`);
  }
  if (target.transport === 'udp') {
    const family = hostKind(target.host) === 'ipv6' ? 'ipv6' : 'ipv4';
    const limit = maxUdpPayloadFor(family);
    if (size > limit) {
      const params = {
        family: family === 'ipv6' ? 'IPv6' : 'IPv4',
        limit: limit.toLocaleString('en-US'),
        size: size.toLocaleString('en-US'),
      };
      throw new UsageError(`--size: ${problemText({ key: 'udpTooLarge', params })}`);
    }
  }
  if (values.count !== undefined && values.duration !== undefined) throw usage('give --count or --duration, not both');
  return {
    transport: target.transport,
    host: target.host,
    port: target.port,
    options: {
      size,
      payload,
      pattern,
      rate: values.rate === undefined ? null : intOption(values.rate, 'rate', 0, 1, maxFloodRate),
      count: values.count === undefined ? null : intOption(values.count, 'count', 0, 1, maxFloodCount),
      duration: durationOption(values.duration),
    },
    timeout: intOption(values.timeout, 'timeout', 5000, 100, 600_000),
    quiet: values.quiet ?? false,
  };
}

/** The live line: plain integers, as the summary, so a script can read either. */
const liveLine = (flood: FloodInfo, seconds: number): string =>
  `flood: ${seconds.toFixed(1)} s, out ${flood.messages} messages ${flood.bytes} bytes, rate ${Math.round(flood.rate)}/s, errors ${flood.errors}\n`;

export async function runFlood(args: string[], out: Output): Promise<void> {
  const plan = parseFloodArgs(args);
  const api = openApi(undefined);
  const session = valueOf(
    await api.openSession(
      plan.transport === 'tcp'
        ? { kind: 'tcp-client', host: plan.host, port: plan.port, connectTimeoutMs: plan.timeout }
        : plan.transport === 'tls'
          ? { kind: 'tls-client', host: plan.host, port: plan.port, connectTimeoutMs: plan.timeout }
          : { kind: 'udp', host: udpBindAddressFor(plan.host), port: 0 },
    ),
  );
  let to: SendTarget = { kind: 'default' };
  if (plan.transport === 'udp') {
    // A name is looked up once here, not once per datagram (dgram would ask the resolver for each).
    let host = plan.host;
    if (hostKind(host) === 'name') {
      try {
        host = (await dnsPromises().lookup(host, { family: session.local?.host.includes(':') ? 6 : 4 })).address;
      } catch {
        await api.closeAll();
        throw new Error(problemText({ key: 'hostNotFound', params: { host: quoteInput(plan.host) } }));
      }
    }
    to = { kind: 'peer', host, port: plan.port };
  }

  let flood: FloodInfo;
  try {
    // Checked by the startFlood schema, as the generator panel's input is.
    valueOf(await api.startFlood({ sessionId: session.id, ...plan.options, to }));
    const started = performance.now();
    const live = plan.quiet
      ? null
      : setInterval(() => {
          const info = api.session(session.id)?.flood;
          if (info) writeStderr(liveLine(info, (performance.now() - started) / 1000));
        }, liveEveryMs);
    // Ctrl+C, SIGTERM or a reader that went away stop the flood; its summary still comes.
    // Its answer is the flood's end, which floodDone below waits for anyway.
    const stop = (): void => void api.stopFlood({ sessionId: session.id });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void out.whenClosed.then(stop);
    try {
      flood = valueOf(await api.floodDone(session.id));
    } finally {
      if (live) clearInterval(live);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  } finally {
    await api.closeAll();
  }
  if (out.closed) return;
  const counters = api.session(session.id)!.counters;
  out.write(`${summaryLine(counters)}, rate ${Math.round(flood.rate)}/s, errors ${flood.errors}\n`);
  // A flood that broke (the peer closed or reset the connection) says why in one line, after its summary: exit 1.
  if (flood.state === 'failed' && flood.error) throw new Error(flood.error.message);
}
