// `socket-lab`: the same engine as the window, from a terminal. No electron import here.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { parseSocketUrl, hostKind, formatHostPort, isLoopbackHost, type SocketUrl } from '../shared/address';
import { encodePayload, type PayloadFormat } from '../shared/codec';
import { autoReplySchema, type AutoReplyRule, type LogRow, type SocketEvent } from '../shared/contract';
import { problemText } from '../shared/problems';
import { quoteInput } from '../shared/quote-input';
import { Engine } from './engine/engine';
import { EngineError } from './engine/errors';
import { eventToJson, formatEventLine, formatReceived, type OutputFormat } from './cli-format';

const help = `socket-lab: send, serve and inspect TCP and UDP traffic.

Usage:
  socket-lab send URL (--text T | --hex H | --escaped E) [options]
  socket-lab serve URL [--reply RULE] [--close-after-reply] [--format F]
  socket-lab web [--port P]
  socket-lab --help | --version

URL is tcp://HOST:PORT or udp://HOST:PORT (IPv6 in brackets: udp://[::1]:5005).

send: connect (TCP) or open a socket (UDP), send, print what comes back, close.
  UDP binds 127.0.0.1 or ::1 to send to a loopback address, else 0.0.0.0 or :: (any port).
  --text T          send T as UTF-8 text (--text "" sends an empty UDP datagram; TCP needs a byte)
  --hex H           send bytes written in hex: "48 65 6c", "48656c", "0x48,0x65", "48:65"
  --escaped E       send text with escapes: \\r \\n \\t \\0 \\\\ \\xHH  (e.g. "hi\\r\\n")
  --count N         send N times on the same connection / socket (default 1)
  --interval MS     pause between repeated sends (default 0)
  --wait MS         keep listening this long after the last data (default 1000)
  --timeout MS      TCP connect timeout (default 5000)
  --format F        how to print received data: text (default), hex, or json
                    (json: one event per line, every event, both directions)

serve: listen and print one line per event until Ctrl+C (SIGINT) or SIGTERM.
  --reply RULE      none (default), echo, upper, prefix:STR, fixed:STR
                    (STR is escaped text: "fixed:Hello, Client!\\r\\n")
  --close-after-reply
                    TCP: close each connection after its first reply
  --format F        text (default), hex, or json
  The first line is "listening on tcp://HOST:PORT" with the real port (ask port 0 for any free one).

web: serve the Socket Lab window to a browser on this machine (127.0.0.1 only), with a
  WebSocket bridge to the same engine. Prints the URL, which carries a secret token.
  --port P          port to listen on (default 0: any free port)

Exit status: 0 on success, 1 when the network says no (refused, unreachable, address in use),
2 when the command line is wrong (bad URL, port, hex, option).`;

/** A command-line mistake: exit status 2. */
export class UsageError extends Error {}

/** A network failure already printed as it happened (a socket error event): exit 1, say it once. */
class AlreadyReported extends Error {}

function fail(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof AlreadyReported)) process.stderr.write(`socket-lab: ${message}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
}

const usage = (message: string): UsageError => new UsageError(`${message} (see socket-lab --help)`);

/**
 * Standard output that may close under us (`socket-lab serve ... | head -1`): the next write then
 * fails with EPIPE, which would crash with a stack trace. Like any Unix filter the command stops
 * quietly instead: no more output, sessions closed, status 0.
 */
export class Output {
  closed = false;
  readonly whenClosed: Promise<void>;

  constructor(private readonly stream: NodeJS.WritableStream) {
    this.whenClosed = new Promise((resolve) => {
      // Any error on stdout (EPIPE, EBADF...) means nobody reads it any more.
      stream.on('error', () => {
        this.closed = true;
        resolve();
      });
    });
  }

  write(text: string): void {
    if (!this.closed) this.stream.write(text);
  }
}

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
function parseCommandLine<O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args: joinOptionValues(args, options), allowPositionals: true, options });
  } catch (err) {
    const code = parseArgsCode(err);
    if (code !== null) throw usage(parseArgsProblem(code, (err as Error).message));
    throw err;
  }
}

function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw usage(`--${name} must be a whole number from ${min} to ${max}, not "${quoteInput(value)}"`);
  }
  return Number(value);
}

function formatOption(value: string | undefined): OutputFormat {
  const f = value ?? 'text';
  if (f !== 'text' && f !== 'hex' && f !== 'json') throw usage(`--format must be text, hex or json, not "${quoteInput(f)}"`);
  return f;
}

function urlArgument(positionals: string[], allowZero: boolean): SocketUrl {
  const url = positionals[0];
  if (!url) throw usage('give an address such as tcp://127.0.0.1:9000');
  if (positionals.length > 1) throw usage(`unexpected argument "${quoteInput(positionals[1]!)}"`);
  try {
    return parseSocketUrl(url, { allowZero });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function parseReplyRule(spec: string, closeAfterReply: boolean): AutoReplyRule {
  const colon = spec.indexOf(':');
  const mode = colon === -1 ? spec : spec.slice(0, colon);
  const text = colon === -1 ? '' : spec.slice(colon + 1);
  if ((mode === 'prefix' || mode === 'fixed') && colon === -1) throw usage(`--reply ${mode} needs text: ${mode}:STR`);
  if ((mode === 'none' || mode === 'echo' || mode === 'upper') && colon !== -1) throw usage(`--reply ${mode} takes no text`);
  const parsed = autoReplySchema.safeParse({ mode, text, closeAfterReply });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] === 'mode') throw usage(`--reply must be none, echo, upper, prefix:STR or fixed:STR, not "${quoteInput(spec)}"`);
    throw usage(`--reply text: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function payloadOption(values: { text?: string; hex?: string; escaped?: string }): Uint8Array {
  const given = (['text', 'hex', 'escaped'] as const).filter((k) => values[k] !== undefined);
  if (given.length !== 1) throw usage('give exactly one of --text, --hex or --escaped');
  const format: PayloadFormat = given[0]!;
  const encoded = encodePayload(values[format]!, format);
  if (!encoded.ok) throw new UsageError(`--${format}: ${encoded.error.message}`);
  return encoded.bytes;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function printer(out: Output, format: OutputFormat, show: (e: SocketEvent) => boolean) {
  return (event: SocketEvent, row: LogRow): void => {
    if (!show(event)) return;
    const line = formatEventLine(event, row, format);
    if (line !== null) out.write(line);
  };
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

export interface SendPlan {
  target: SocketUrl;
  bytes: Uint8Array;
  count: number;
  interval: number;
  wait: number;
  timeout: number;
  format: OutputFormat;
}

/** The arguments of `send`, checked; a mistake throws a UsageError of one line. */
export function parseSendArgs(args: string[]): SendPlan {
  const { values, positionals } = parseCommandLine(args, {
    text: { type: 'string' },
    hex: { type: 'string' },
    escaped: { type: 'string' },
    count: { type: 'string' },
    interval: { type: 'string' },
    wait: { type: 'string' },
    timeout: { type: 'string' },
    format: { type: 'string' },
  });
  const target = urlArgument(positionals, false);
  const bytes = payloadOption(values);
  // An empty UDP datagram is a real datagram (the peer receives it); TCP has no empty message.
  if (target.transport === 'tcp' && bytes.byteLength === 0) throw new UsageError(problemText({ key: 'nothingToSendTcp' }));
  return {
    target,
    bytes,
    count: intOption(values.count, 'count', 1, 1, 1_000_000),
    interval: intOption(values.interval, 'interval', 0, 0, 3_600_000),
    wait: intOption(values.wait, 'wait', 1000, 0, 3_600_000),
    timeout: intOption(values.timeout, 'timeout', 5000, 100, 600_000),
    format: formatOption(values.format),
  };
}

async function runSend(args: string[], out: Output): Promise<void> {
  const { target, bytes, count, interval, wait, timeout, format } = parseSendArgs(args);

  const engine = new Engine();
  let lastActivity = Date.now();
  let peerClosed = false;
  let socketError: string | null = null;
  engine.subscribe({
    event: (event, row) => {
      if (event.type === 'data' && event.direction === 'in') lastActivity = Date.now();
      if (event.type === 'closed') peerClosed = true;
      if (event.type === 'error') socketError ??= event.message;
      // Text and hex print just what came back (like nc); json prints every event.
      if (format === 'json') out.write(eventToJson(event, row) + '\n');
      else if (event.type === 'data' && event.direction === 'in') out.write(formatReceived(event.bytes, format));
      else if (event.type === 'error') process.stderr.write(`socket-lab: ${event.message}\n`);
    },
  });

  const session =
    target.transport === 'tcp'
      ? await engine.open({ kind: 'tcp-client', host: target.host, port: target.port, connectTimeoutMs: timeout })
      : await engine.open({
          kind: 'udp',
          host: udpBindAddressFor(target.host),
          port: 0,
          autoReply: { mode: 'none', text: '', closeAfterReply: false },
        });
  const to =
    target.transport === 'tcp' ? ({ kind: 'default' } as const) : ({ kind: 'peer', host: target.host, port: target.port } as const);
  // After a socket error (e.g. a reset) a failed send only repeats it: report the first cause once,
  // and exit 1 even when every send went out before the error came.
  const failed = (err: unknown): Error =>
    socketError === null ? (err as Error) : format === 'json' ? new Error(socketError) : new AlreadyReported(socketError);
  try {
    for (let i = 0; i < count && !out.closed; i++) {
      if (peerClosed)
        throw new EngineError('CLOSED', {
          key: 'closedAfterSends',
          params: { where: formatHostPort(target.host, target.port), sent: i, count },
        });
      await engine.send(session.id, bytes, to);
      lastActivity = Date.now();
      if (i < count - 1 && interval > 0) await sleep(interval);
    }
  } catch (err) {
    throw failed(err);
  }
  // Keep listening until `wait` ms pass without new data (or the peer closes).
  while (!peerClosed && !out.closed && Date.now() - lastActivity < wait) await sleep(Math.min(50, wait));
  await engine.closeAll();
  // Nobody reads the output any more: whatever happened, there is nothing left to say.
  if (out.closed) return;
  if (socketError !== null) throw failed(null);
}

async function runServe(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseCommandLine(args, {
    reply: { type: 'string' },
    'close-after-reply': { type: 'boolean' },
    format: { type: 'string' },
  });
  const where = urlArgument(positionals, true);
  const rule = parseReplyRule(values.reply ?? 'none', values['close-after-reply'] ?? false);
  const format = formatOption(values.format);
  const engine = new Engine();
  engine.subscribe({ event: printer(out, format, (e) => e.type !== 'listening') });
  const session = await engine.open(
    where.transport === 'tcp'
      ? { kind: 'tcp-server', host: where.host, port: where.port, autoReply: rule }
      : { kind: 'udp', host: where.host, port: where.port, autoReply: rule },
  );
  const local = session.local ?? { host: where.host, port: where.port };
  // Listen for Ctrl+C before announcing: a stop sent right after the line must close cleanly.
  const stopped = stopOnSignal(() => engine.closeAll(), out.whenClosed);
  out.write(`listening on ${where.transport}://${formatHostPort(local.host, local.port)}\n`);
  await stopped;
}

async function runWeb(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseCommandLine(args, { port: { type: 'string' } });
  if (positionals.length > 0) throw usage(`unexpected argument "${quoteInput(positionals[0]!)}"`);
  const port = intOption(values.port, 'port', 0, 0, 65535);
  const { startWebHost } = await import('./web-host');
  const engine = new Engine();
  const host = await startWebHost({ engine, port });
  const stopped = stopOnSignal(async () => {
    await host.close();
    await engine.closeAll();
  }, out.whenClosed);
  out.write(`Socket Lab is open at ${host.url}\n(only this machine can reach it; keep the token in the URL private; Ctrl+C stops)\n`);
  await stopped;
}

/** Runs `cleanup` once, on Ctrl+C (SIGINT), SIGTERM, or when `also` settles (stdout closed). */
function stopOnSignal(cleanup: () => Promise<void>, also?: Promise<void>): Promise<void> {
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

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const out = new Output(process.stdout);
  // A closed stderr (2>&1 | head) must not crash either: its messages simply go nowhere.
  process.stderr.on('error', () => undefined);
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out.write(help + '\n');
        return;
      case '--version':
      case '-v':
        out.write(`socket-lab ${process.env.npm_package_version ?? '0.1.0'}\n`);
        return;
      case 'send':
        if (rest.includes('--help')) return out.write(help + '\n');
        await runSend(rest, out);
        return;
      case 'serve':
        if (rest.includes('--help')) return out.write(help + '\n');
        await runServe(rest, out);
        return;
      case 'web':
        if (rest.includes('--help')) return out.write(help + '\n');
        await runWeb(rest, out);
        return;
      default:
        throw usage(`unknown command "${quoteInput(command)}"`);
    }
  } catch (err) {
    // Nobody reads the output any more: end quietly, as a filter does when its reader goes away.
    if (out.closed) return;
    fail(err);
  }
}
