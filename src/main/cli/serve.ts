// `socket-lab serve`: listen, print one line per event (or only the summary with --quiet) until Ctrl+C or SIGTERM.
import { formatHostPort } from '../../shared/address';
import { autoReplyModes, type AutoReplyInput, type AutoReplyMode } from '../../shared/contract';
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { formatEventLine, jsonOptionsIn } from '../cli-format';
import type { Api } from '../commands/api';
import { ndjsonHeader } from '../engine/taps/ndjson';
import { maxPrintOption, parseCommandLine, usage } from './args';
import { encodingField, encodingOption, encodingOptionSpec } from './encoding-option';
import { formatOption, logBudgetOption, openApi, stopOnSignal, urlArgument, valueOf, writeSummary, type OptionWords } from './common';
import { writeStderr, type Output } from './output';
import { checkTlsOptions, openedOrFail, tlsOptionSpecs, tlsServerFields } from './tls-options';
import { impairOption, impairOptionSpec, sayImpair } from './impair-option';
import { parseUdpOptions, udpOptionSpecs, udpOptionWords } from './udp-options';
import { streamOptionTable, streamOptions } from './stream-options';
import { halfOpenOption, halfOpenOptionSpec } from './half-open-option';
import { parseRuleOptions, ruleOptionSpecs } from './rule-options';
import { exportOptionSpecs, startExport } from './export-option';

const isReplyMode = (mode: string): mode is AutoReplyMode => (autoReplyModes as readonly string[]).includes(mode);

/** `--reply RULE` as the window's auto-reply input; its text is checked by the openSession schema (see replyWords). */
export function parseReplyRule(spec: string, closeAfterReply: boolean): AutoReplyInput {
  const colon = spec.indexOf(':');
  const mode = colon === -1 ? spec : spec.slice(0, colon);
  const text = colon === -1 ? '' : spec.slice(colon + 1);
  if (!isReplyMode(mode)) throw usage(`--reply must be none, echo, upper, prefix:STR or fixed:STR, not "${quoteInput(spec)}"`);
  if ((mode === 'prefix' || mode === 'fixed') && colon === -1) throw usage(`--reply ${mode} needs text: ${mode}:STR`);
  if ((mode === 'none' || mode === 'echo' || mode === 'upper') && colon !== -1) throw usage(`--reply ${mode} takes no text`);
  return { mode, text, closeAfterReply };
}

/** A refused auto-reply is said about --reply, where it was written. */
const replyWords: OptionWords = {
  'autoReply.text': (text) => `--reply text: ${text}`,
  'autoReply.mode': (text) => `--reply: ${text}`,
};

export async function runServe(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseCommandLine(args, {
    reply: { type: 'string' },
    'close-after-reply': { type: 'boolean' },
    format: { type: 'string' },
    quiet: { type: 'boolean' },
    'max-print': { type: 'string' },
    'log-budget': { type: 'string' },
    record: { type: 'string' },
    ...tlsOptionSpecs,
    ...udpOptionSpecs,
    ...impairOptionSpec,
    ...streamOptionTable,
    ...halfOpenOptionSpec,
    ...ruleOptionSpecs,
    ...encodingOptionSpec,
    ...exportOptionSpecs,
  });
  const where = urlArgument(positionals, true);
  const encoding = encodingOption(values.encoding);
  checkTlsOptions(values, where, 'server');
  const udpExtras = parseUdpOptions(values, where.transport);
  const impair = impairOption(values.impair, where.transport);
  const stream = streamOptions(values, where);
  halfOpenOption(values['allow-half-open'], where, 'serve'); // refused there, said why
  const rule = parseReplyRule(values.reply ?? 'none', values['close-after-reply'] ?? false);
  const rules = parseRuleOptions(values.rule, where.transport);
  const format = formatOption(values.format, ['text', 'hex', 'json'] as const);
  const maxPrint = maxPrintOption(values['max-print']);
  const api = openApi(logBudgetOption(values['log-budget']), {}, values['data-dir']);
  // Lines of events logged while the socket opens (a group joined): printed after the first line.
  let early: string[] | null = [];
  // --quiet formats nothing at all: no tap, so a flood costs the CLI no work per event.
  if (!values.quiet) {
    api.tap({
      event: (event, row) => {
        if (event.type === 'listening') return; // said once, as the first line
        const line = formatEventLine(event, row, format, maxPrint, encoding);
        if (line === null) return;
        if (early) early.push(line);
        else out.write(line);
      },
    });
  }
  // Before the socket opens, so the file holds the session from its first event.
  const exporting = await startExport(api, values.export, values.overwrite ?? false);
  const opened = await api.openSession(
    where.transport === 'tcp'
      ? { kind: 'tcp-server', host: where.host, port: where.port, autoReply: rule, ...rules, ...stream, ...encodingField(encoding) }
      : where.transport === 'tls'
        ? {
            kind: 'tls-server',
            host: where.host,
            port: where.port,
            autoReply: rule,
            ...rules,
            ...tlsServerFields(values),
            ...stream,
            ...encodingField(encoding),
          }
        : {
            kind: 'udp',
            host: where.host,
            port: where.port,
            autoReply: rule,
            ...rules,
            ...udpExtras,
            ...impair,
            ...encodingField(encoding),
          },
  );
  if (!opened.ok) await exporting?.discard();
  const session = openedOrFail(opened, { ...replyWords, ...udpOptionWords });
  exporting?.begin(session);
  const local = session.local ?? { host: where.host, port: where.port };
  const recording = values.record === undefined ? null : await startRecording(api, session.id, values.record, values.overwrite ?? false);
  // Listen for Ctrl+C before announcing: a stop sent right after the line must close cleanly.
  const stopped = stopOnSignal(() => api.closeAll(), out.whenClosed);
  // The first line in every format, so a script learns the real port the same way whatever it prints.
  out.write(`listening on ${where.transport}://${formatHostPort(local.host, local.port)}\n`);
  if (format === 'json') out.write(ndjsonHeader(session, jsonOptionsIn(encoding)) + '\n');
  // The certificate clients will see, so a person can compare its fingerprint with what they show.
  const own = session.tls?.ownCertificate;
  if (own && format !== 'json') {
    const made = session.tls?.certificateSource === 'made' ? ' (self-signed, made for Socket Lab)' : '';
    out.write(`certificate ${own.subject}${made}, SHA-256 ${own.fingerprint256}, valid ${own.validFrom} to ${own.validTo}\n`);
  }
  sayImpair(session.impair, values.quiet ?? false);
  for (const line of early) out.write(line);
  early = null;
  // Written at once: a script waiting for the first line must not wait for the next event.
  out.flush();
  await stopped;
  await recording?.said;
  await exporting?.finish();
  const info = api.session(session.id)!;
  await writeSummary(out, format, info.counters, info.impair);
}

/**
 * `serve --record FILE`: the recording stops (summary written) when the sessions close; how it ended
 * goes to stderr as soon as it ends (a full disk, mid-run) and is awaited before the summary.
 */
async function startRecording(api: Api, sessionId: string, file: string, overwrite: boolean): Promise<{ said: Promise<void> }> {
  // A refusal (file exists, no such folder) ends the command with one line: the socket goes with the process.
  valueOf(await api.record(sessionId, { path: file, overwrite }));
  const said = api.recordingEnded(sessionId).then((capture) => {
    if (!capture) return;
    // On stderr: stdout stays the event lines and the summary.
    const lines = [capture.error ? capture.error.message : `recorded ${capture.events} events to ${capture.path}`];
    if (capture.dropped > 0) lines.push(problemText({ key: 'captureDropped', params: { count: capture.dropped } }));
    writeStderr(lines.map((line) => `socket-lab: ${line}\n`).join(''));
  });
  return { said };
}
