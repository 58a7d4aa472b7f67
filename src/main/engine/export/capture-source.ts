// Exports what a session's recording file holds (every event since recording started, past the
// in-memory cap): its NDJSON lines read back as events, one page at a time, waiting for the disk.
import { createReadStream } from 'node:fs';
import { readlineModule } from '../../builtins';
import type { LogRow, SessionInfo } from '../../../shared/contract';
import { EngineError } from '../errors';
import type { ExportFile } from './export-file';
import type { StoreExportOptions, StoreExportReport } from './exporters';
import { createExportWriter } from './formats';
import { countWritten, emptyCounters } from '../taps/summary-counters';

/** Lines formatted between waits for the disk (and turns of the event loop). */
const pageLines = 500;

/** One event line of a recording (base64 payloads) as the event and row it was written from; null for other lines. */
export function eventOfCaptureLine(line: string, sessionId: string): LogRow | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null; // the last line of a recording still being written may be cut
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { seq, time, bytes, length: _length, ...rest } = parsed as Record<string, unknown>;
  if (typeof seq !== 'number' || typeof time !== 'string' || typeof rest.type !== 'string') return null;
  const when = Date.parse(time);
  if (rest.type === 'data') {
    if (typeof bytes !== 'string') return null;
    const payload = Buffer.from(bytes, 'base64');
    return { ...rest, sessionId, time: when, seq, bytes: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength) } as LogRow;
  }
  return { ...rest, sessionId, time: when, seq } as LogRow;
}

/**
 * Exports the recording at `capturePath` (written so far, when it still runs). `total` is the
 * events it says it holds; progress counts events read. Cancelled or failed, the export file is removed.
 */
export async function exportFromCapture(
  capturePath: string,
  session: SessionInfo,
  total: number,
  file: ExportFile,
  options: Omit<StoreExportOptions, 'sessionId' | 'filtered'>,
): Promise<StoreExportReport> {
  const counters = emptyCounters();
  let done = 0;
  const cancelled = (): EngineError => new EngineError('CANCELLED', { key: 'exportCancelled', params: { rows: done } });
  const input = createReadStream(capturePath);
  const lines = readlineModule().createInterface({ input, crlfDelay: Infinity });
  try {
    const writer = createExportWriter(options.format, session, (chunk) => file.write(chunk));
    options.progress(0, total);
    let inPage = 0;
    for await (const line of lines) {
      const row = eventOfCaptureLine(line, session.id);
      if (!row) continue;
      countWritten(counters, row);
      writer.event(row, row);
      done++;
      if (++inPage >= pageLines) {
        inPage = 0;
        if (options.signal.aborted) throw cancelled();
        await file.drain();
        options.progress(done, Math.max(total, done));
      }
    }
    if (options.signal.aborted) throw cancelled();
    writer.end(counters);
    const bytes = await file.close();
    return { path: file.path, rows: done, bytes, from: 'capture' };
  } catch (err) {
    await file.discard();
    throw err;
  } finally {
    lines.close();
    input.destroy();
  }
}
