// `socket-lab serve`: listen, print one line per event (or only the summary with --quiet) until Ctrl+C or SIGTERM.
import { formatHostPort } from '../../shared/address';
import { autoReplySchema, type AutoReplyRule } from '../../shared/contract';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { formatEventLine, jsonOptions } from '../cli-format';
import type { Engine } from '../engine/engine';
import { ndjsonHeader } from '../engine/taps/ndjson';
import { maxPrintOption, parseCommandLine, usage } from './args';
import { createEngine, formatOption, logBudgetOption, stopOnSignal, urlArgument, writeSummary } from './common';
import type { Output } from './output';

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

export async function runServe(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseCommandLine(args, {
    reply: { type: 'string' },
    'close-after-reply': { type: 'boolean' },
    format: { type: 'string' },
    quiet: { type: 'boolean' },
    'max-print': { type: 'string' },
    'log-budget': { type: 'string' },
    record: { type: 'string' },
    overwrite: { type: 'boolean' },
  });
  const where = urlArgument(positionals, true);
  const rule = parseReplyRule(values.reply ?? 'none', values['close-after-reply'] ?? false);
  const format = formatOption(values.format, ['text', 'hex', 'json'] as const);
  const maxPrint = maxPrintOption(values['max-print']);
  const engine = createEngine(logBudgetOption(values['log-budget']));
  // --quiet formats nothing at all: no listener, so a flood costs the CLI no work per event.
  if (!values.quiet) {
    engine.subscribe({
      event: (event, row) => {
        if (event.type === 'listening') return; // said once, as the first line
        const line = formatEventLine(event, row, format, maxPrint);
        if (line !== null) out.write(line);
      },
    });
  }
  const session = await engine.open(
    where.transport === 'tcp'
      ? { kind: 'tcp-server', host: where.host, port: where.port, autoReply: rule }
      : { kind: 'udp', host: where.host, port: where.port, autoReply: rule },
  );
  const local = session.local ?? { host: where.host, port: where.port };
  if (values.record !== undefined) await startRecording(engine, session.id, values.record, values.overwrite ?? false);
  // Listen for Ctrl+C before announcing: a stop sent right after the line must close cleanly.
  const stopped = stopOnSignal(() => engine.closeAll(), out.whenClosed);
  // The first line in every format, so a script learns the real port the same way whatever it prints.
  out.write(`listening on ${where.transport}://${formatHostPort(local.host, local.port)}\n`);
  if (format === 'json') out.write(ndjsonHeader(session, jsonOptions) + '\n');
  // Written at once: a script waiting for the first line must not wait for the next event.
  out.flush();
  await stopped;
  await writeSummary(out, format, engine.info(session.id).counters);
}

/** `serve --record FILE`: the capture stops (summary written) when the engine closes; its outcome goes to stderr. */
async function startRecording(engine: Engine, sessionId: string, file: string, overwrite: boolean): Promise<void> {
  // A refusal (file exists, no such folder) ends the command with one line: the socket goes with the process.
  await engine.startCapture(sessionId, { path: file, overwrite });
  let said = '';
  engine.subscribe({
    sessionChanged: (id) => {
      const capture = id === sessionId ? engine.captureInfo(id) : null;
      // Each outcome once, on stderr: stdout stays the event lines and the summary.
      if (!capture || capture.state === 'recording' || said === capture.state) return;
      said = capture.state;
      const lines = [capture.error ? capture.error.message : `recorded ${capture.events} events to ${capture.path}`];
      if (capture.dropped > 0) lines.push(problemText({ key: 'captureDropped', params: { count: capture.dropped } }));
      process.stderr.write(lines.map((line) => `socket-lab: ${line}\n`).join(''));
    },
  });
}
