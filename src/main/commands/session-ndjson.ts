// sessionNdjson: the session's held rows as the NDJSON export writes them (the window's "Copy as code" turns
// it into a script with the same generator as `socket-lab codegen`), built in memory and capped.
import type { SessionNdjson } from '../../shared/contract';
import type { Engine } from '../engine/engine';
import { EngineError } from '../engine/errors';
import { createExportWriter } from '../engine/export/formats';
import { countWritten, emptyCounters } from '../engine/taps/summary-counters';

/** The most NDJSON text one answer carries: a script from more is not one a person reads (the CLI's codegen has no cap). */
export const maxSessionNdjsonBytes = 8 * 1024 * 1024;

const pageRows = 500;

export function sessionNdjson(engine: Engine, sessionId: string, limit = maxSessionNdjsonBytes): SessionNdjson {
  const session = engine.info(sessionId);
  const bounds = engine.exportPage(sessionId, 0, 0, false);
  const chunks: string[] = [];
  let length = 0;
  const tooLarge = (): EngineError =>
    new EngineError('TOO_LARGE', { key: 'sessionNdjsonTooLarge', params: { limit: Math.round(limit / 1024 / 1024) } });
  // The NDJSON writer gives strings (payloads in hex): UTF-16 length is a close enough measure of its size.
  const writer = createExportWriter('ndjson', session, (chunk) => {
    if (typeof chunk !== 'string') return;
    length += chunk.length;
    if (length > limit) throw tooLarge();
    chunks.push(chunk);
  });
  let next = bounds.first;
  const end = bounds.total;
  const counters = emptyCounters();
  while (next < end) {
    const page = engine.exportPage(sessionId, next, Math.min(pageRows, end - next), false);
    if (page.next <= next) break;
    next = page.next;
    for (const row of page.rows) {
      countWritten(counters, row);
      writer.event(row, row);
    }
  }
  writer.end(counters);
  // Rows the bounded log already let go of are not in the text: the script starts later than the session did.
  return { text: chunks.join(''), truncated: bounds.first > 0, rows: end - bounds.first };
}
