// `socket-lab send`: connect (TCP) or open a socket (UDP), send, print what comes back, and end the moment the run is over.
import { formatHostPort, hostKind, isLoopbackHost, type SocketUrl } from '../../shared/address';
import type { PayloadFormat } from '../../shared/codec';
import { isJobStarted, type LogRow, type SocketEvent } from '../../shared/contract';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { formatReceived, jsonOptionsIn, type OutputFormat } from '../cli-format';
import { ndjsonEvent, ndjsonHeader } from '../engine/taps/ndjson';
import { AlreadyReported, intOption, maxPrintOption, parseCommandLine, usage, UsageError } from './args';
import { exportOptionSpecs, startExport } from './export-option';
import { formatOption, logBudgetOption, openApi, urlArgument, valueOf, writeSummary } from './common';
import { writeStderr, type Output } from './output';
import { checkTlsOptions, openedOrFail, securedLine, tlsClientRequest, tlsOptionSpecs, type TlsValues } from './tls-options';
import { impairOption, impairOptionSpec } from './impair-option';
import { parseUdpOptions, udpOptionSpecs, udpOptionWords, wantsWildcard, type UdpExtras } from './udp-options';
import { payloadPlan, type PayloadPlan } from './send-payload';
import { frameCheck, streamOptionTable, streamOptions } from './stream-options';
import { halfOpenOption, halfOpenOptionSpec } from './half-open-option';
import { encodingField, encodingOption, encodingOptionSpec } from './encoding-option';
import type { TextEncoding } from '../../shared/encodings';
import type { StreamOptions } from '../../shared/kinds/stream-schema';
import { checkFile, fileOption, fileOptionSpecs, sendFileRun, type FilePlan } from './file-option';

/** What ends a run besides the sends: N bytes received, the peer's close, or the first reply. */
export type Until = { kind: 'first' } | { kind: 'close' } | { kind: 'bytes'; bytes: number };

export interface SendPlan {
  target: SocketUrl;
  /** The first message's bytes (every one when the payload has no macros). */
  bytes: Uint8Array;
  /** The message of each send, its macros expanded ({{counter}} counts from 1). */
  payload: PayloadPlan;
  /** TCP: framing, no-delay, keep-alive (empty: the defaults). */
  stream: Partial<StreamOptions>;
  count: number;
  interval: number;
  wait: number;
  /** The TCP connect timeout, and the bound on --until. */
  timeout: number;
  until: Until | null;
  format: OutputFormat;
  quiet: boolean;
  maxPrint: number;
  logBudgetBytes: number | undefined;
  /** tls:// only: --ca, --servername, --insecure, --tls-version. */
  tls: TlsValues;
  /** UDP: broadcast, groups, TTL, loop and interface (udp-options.ts). */
  udp: UdpExtras;
  /** UDP: --impair, the simulated network problems (impair-option.ts). */
  impair: { impair?: string };
  /** --text is written in it, received text printed decoded from it (encoding-option.ts). */
  encoding: TextEncoding;
  /** --file PATH (or - for stdin) and --chunk: sent instead of a payload (file-option.ts). */
  file: FilePlan | null;
  /** --export FILE (export-option.ts) and whether --overwrite lets it replace a file. */
  exportTo: string | undefined;
  overwrite: boolean;
}

/**
 * The local address `send udp://HOST:PORT` binds. For a loopback HOST, the loopback address of the
 * same family: a quick test opens no port to the network (a classroom machine should not). For any
 * other HOST, the wildcard: a socket bound to 127.0.0.1 cannot send off this machine (the system
 * refuses to route a loopback source out).
 */
export function udpBindAddressFor(host: string): string {
  const ipv6 = hostKind(host) === 'ipv6';
  if (isLoopbackHost(host)) return ipv6 ? '::1' : '127.0.0.1';
  return ipv6 ? '::' : '0.0.0.0';
}

function payloadOption(values: { text?: string; hex?: string; escaped?: string }, encoding: TextEncoding): PayloadPlan {
  const given = (['text', 'hex', 'escaped'] as const).filter((k) => values[k] !== undefined);
  if (given.length !== 1) throw usage('give exactly one of --text, --hex, --escaped or --file');
  const format: PayloadFormat = given[0]!;
  return payloadPlan(values[format]!, format, encoding);
}

function untilOption(value: string | undefined): Until | null {
  if (value === undefined) return null;
  if (value === 'first' || value === 'close') return { kind: value };
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number.isSafeInteger(Number(value))) return { kind: 'bytes', bytes: Number(value) };
  throw usage(`--until must be a number of bytes (1 or more), close or first, not "${quoteInput(value)}"`);
}

/** The arguments of `send`, checked; a mistake throws a UsageError of one line. */
/** The options of `send` (a saved message's are read first: workspace-send.ts). */
export const sendOptionSpecs = {
  text: { type: 'string' },
  hex: { type: 'string' },
  escaped: { type: 'string' },
  count: { type: 'string' },
  interval: { type: 'string' },
  wait: { type: 'string' },
  until: { type: 'string' },
  timeout: { type: 'string' },
  format: { type: 'string' },
  quiet: { type: 'boolean' },
  'max-print': { type: 'string' },
  'log-budget': { type: 'string' },
  ...tlsOptionSpecs,
  ...udpOptionSpecs,
  ...impairOptionSpec,
  ...streamOptionTable,
  ...halfOpenOptionSpec,
  ...encodingOptionSpec,
  ...fileOptionSpecs,
  ...exportOptionSpecs,
} as const;

export function parseSendArgs(args: string[]): SendPlan {
  const { values, positionals } = parseCommandLine(args, sendOptionSpecs);
  const target = urlArgument(positionals, false);
  const encoding = encodingOption(values.encoding);
  checkTlsOptions(values, target, 'client');
  const udp = parseUdpOptions(values, target.transport);
  const impair = impairOption(values.impair, target.transport);
  const file = fileOption(values, target);
  // A file's bytes go as they are (no framing added): no payload, so none to check against the framing.
  const payload = file ? noPayload : payloadOption(values, encoding);
  const bytes = payload.message(1);
  const stream = { ...streamOptions(values, target), ...halfOpenOption(values['allow-half-open'], target, 'send') };
  // A message the framing refuses (another size than fixed:N) is a command-line mistake: said before connecting.
  const framed = stream.framing === undefined || file ? null : frameCheck(stream.framing, bytes);
  if (framed !== null) throw new UsageError(problemText(framed));
  // An empty UDP datagram is a real datagram (the peer receives it); TCP has no empty message.
  if (!file && target.transport !== 'udp' && bytes.byteLength === 0) throw new UsageError(problemText({ key: 'nothingToSendTcp' }));
  return {
    target,
    bytes,
    payload,
    stream,
    count: intOption(values.count, 'count', 1, 1, 1_000_000),
    interval: intOption(values.interval, 'interval', 0, 0, 3_600_000),
    wait: intOption(values.wait, 'wait', 1000, 0, 3_600_000),
    timeout: intOption(values.timeout, 'timeout', 5000, 100, 600_000),
    until: untilOption(values.until),
    format: formatOption(values.format, ['text', 'hex', 'json', 'raw'] as const),
    quiet: values.quiet ?? false,
    maxPrint: maxPrintOption(values['max-print']),
    logBudgetBytes: logBudgetOption(values['log-budget']),
    tls: values,
    udp,
    impair,
    encoding,
    file,
    exportTo: values.export,
    overwrite: values.overwrite ?? false,
  };
}

const noPayload: PayloadPlan = { message: () => new Uint8Array(0) };

/** A send the framing refuses (another size than --frame fixed:N) is said about the payload. */
const sendWords = { bytes: (text: string) => text };

/** Why an --until run failed: one line, said when the peer closed first or --timeout passed. */
function untilMissed(until: Until, received: number, where: string, timeout: number | null): string {
  const within = timeout === null ? `before ${where} closed the connection` : `within ${timeout} ms`;
  switch (until.kind) {
    case 'first':
      return `no reply from ${where} ${within} (--until first)`;
    case 'bytes':
      return `${received} of ${until.bytes} bytes from ${where} ${within} (--until ${until.bytes})`;
    case 'close':
      return `${where} did not close the connection within ${timeout ?? 0} ms (--until close)`;
  }
}

export async function runSend(args: string[], out: Output): Promise<void> {
  // --workspace FILE --message NAME: the saved message's payload and target, as if typed here. Its module
  // (and the workspace schema) loads only then: a plain one-shot send starts no slower (bench figure 4a).
  const saved = args.some((a) => a === '--workspace' || a.startsWith('--workspace=') || a === '--message' || a.startsWith('--message='));
  const plan = parseSendArgs(saved ? await (await import('./workspace-send')).savedMessageArgs(args) : args);
  if (plan.file) await checkFile(plan.file);
  const { target, payload, count, interval, wait, timeout, until, format, quiet, maxPrint } = plan;
  const where = formatHostPort(target.host, target.port);
  const api = openApi(plan.logBudgetBytes);

  // How the run ends: `finish` once, by whichever comes first (the condition, the peer's close,
  // the quiet time after the last data, the --until timeout, or a reader that went away).
  let finish!: (failure: string | null) => void;
  const finished = new Promise<string | null>((resolve) => (finish = resolve));
  let over = false;
  const end = (failure: string | null): void => {
    if (over) return;
    over = true;
    finish(failure);
  };
  let received = 0;
  let peerClosed = false;
  let socketError: string | null = null;
  let headerWritten = false;
  // Armed after the sends: reset by each reply (a timer refresh, not a poll), it ends the run after `wait` quiet ms.
  let quietTimer: NodeJS.Timeout | null = null;

  const onEvent = (event: SocketEvent, row: LogRow): void => {
    if (format === 'json') {
      if (!headerWritten) {
        headerWritten = true;
        // The session is there while it opens: its first event comes before openSession answers.
        out.write(ndjsonHeader(api.session(event.sessionId)!, jsonOptionsIn(plan.encoding)) + '\n');
      }
      if (!quiet) out.write(ndjsonEvent(event, row, jsonOptionsIn(plan.encoding)) + '\n');
    }
    switch (event.type) {
      case 'data':
        if (event.direction !== 'in') return;
        received += event.bytes.byteLength;
        // Text, hex and raw print just what came back (like nc); json printed every event above.
        if (!quiet && format !== 'json') {
          const shown = format === 'raw' ? event.bytes : formatReceived(event.bytes, format, maxPrint, plan.encoding);
          // The rest of a framed message the peer never finished: said on its line, as the log says it.
          out.write(event.partial && typeof shown === 'string' ? shown.replace(/\n$/, ' (partial)\n') : shown);
        }
        quietTimer?.refresh();
        if (until?.kind === 'first' || (until?.kind === 'bytes' && received >= until.bytes)) end(null);
        return;
      case 'closed':
        peerClosed = true;
        // Nothing more can come: the run is over, and an --until still waiting for data missed it.
        end(until === null || until.kind === 'close' ? null : untilMissed(until, received, where, null));
        return;
      case 'secured':
        // On stderr with the other notes: stdout carries only what came back.
        if (!quiet && format !== 'json') writeStderr(`socket-lab: ${securedLine(event.tls)}\n`);
        return;
      case 'error':
        socketError ??= event.message;
        if (format !== 'json') writeStderr(`socket-lab: ${event.message}\n`);
        return;
      case 'notice':
        // Why it is bound where it is, a group joined: worth a line, never the payload stream.
        if (format !== 'json' && !quiet) writeStderr(`socket-lab: ${event.message}\n`);
        return;
      default:
        return;
    }
  };
  api.tap({ event: onEvent });
  void out.whenClosed.then(() => end(null));

  // The inputs the window sends for the same sockets, checked by the same schemas.
  if (plan.tls.insecure && format !== 'json') writeStderr("socket-lab: warning: --insecure: the server's certificate is not verified\n");
  // Before the socket opens, so the file holds the session from its first event.
  const exporting = await startExport(api, plan.exportTo, plan.overwrite);
  const opened = await api.openSession(
    target.transport === 'tcp'
      ? {
          kind: 'tcp-client',
          host: target.host,
          port: target.port,
          connectTimeoutMs: timeout,
          ...plan.stream,
          ...encodingField(plan.encoding),
        }
      : target.transport === 'tls'
        ? { ...tlsClientRequest(target, plan.tls, timeout), ...plan.stream, ...encodingField(plan.encoding) }
        : // Groups and broadcast are heard on the wildcard only: the engine binds it and says so.
          {
            kind: 'udp',
            ...(wantsWildcard(plan.udp) ? {} : { host: udpBindAddressFor(target.host) }),
            port: 0,
            ...plan.udp,
            ...plan.impair,
            ...encodingField(plan.encoding),
          },
  );
  if (!opened.ok) await exporting?.discard();
  const session = openedOrFail(opened, udpOptionWords);
  exporting?.begin(session);
  const to =
    target.transport !== 'udp' ? ({ kind: 'default' } as const) : ({ kind: 'peer', host: target.host, port: target.port } as const);
  // After a socket error (e.g. a reset) a failed send only repeats it: report the first cause once,
  // and exit 1 even when every send went out before the error came.
  const failed = (err: unknown): Error =>
    socketError === null ? (err as Error) : format === 'json' ? new Error(socketError) : new AlreadyReported(socketError);
  try {
    if (plan.file) await sendFileRun(api, session.id, to, plan.file);
    else
      for (let i = 0; i < count; i++) {
        // A close before every send went out is a failure, unless closing is what the run waited for.
        if (peerClosed && until === null) throw new Error(problemText({ key: 'closedAfterSends', params: { where, sent: i, count } }));
        if (over) break;
        const sent = valueOf(
          await api.send({ sessionId: session.id, bytes: i === 0 ? plan.bytes : payload.message(i + 1), to }),
          sendWords,
        );
        // A big send (or one held up by a slow reader) answers with a job: the run waits for its end.
        if (isJobStarted(sent)) valueOf(await api.jobDone(sent.job));
        if (i < count - 1 && interval > 0) await Promise.race([new Promise((r) => setTimeout(r, interval)), finished]);
      }
  } catch (err) {
    await api.closeAll();
    await exporting?.finish();
    throw failed(err);
  }

  let untilTimer: NodeJS.Timeout | null = null;
  if (until !== null) untilTimer = setTimeout(() => end(untilMissed(until, received, where, timeout)), timeout);
  // --wait 0: the sends are in the system's hands; replies already read in this turn are printed, then the run ends.
  else if (wait === 0) setImmediate(() => end(null));
  else quietTimer = setTimeout(() => end(null), wait);
  // Standard output is built now, while the peer answers, rather than before connecting (output.ts).
  out.open();

  const failure = await finished;
  if (untilTimer) clearTimeout(untilTimer);
  if (quietTimer) clearTimeout(quietTimer);
  await api.closeAll();
  await exporting?.finish();
  // Nobody reads the output any more: whatever happened, there is nothing left to say.
  if (out.closed) return;
  if (socketError !== null) throw failed(null);
  if (failure !== null) throw new Error(failure);
  const info = api.session(session.id)!;
  await writeSummary(out, format, info.counters, info.impair);
}
