// The two ways an export is fed, over the same format writers: live from a tap (the CLI's --export,
// from the session's first event, past the in-memory cap) and from the store's pages or the filter's
// matches (the window's Export, a job with progress and cancel, waiting for the disk between pages).
import type { ExportReport, LogRow, SessionInfo, SocketEvent } from '../../../shared/contract';
import { EngineError } from '../errors';
import { ExportFile } from './export-file';
import { createExportWriter, type ExportFormat, type ExportWriter } from './formats';
import { countWritten, emptyCounters } from '../taps/summary-counters';

/** A live export holds at most this much waiting for the disk; past it, events are dropped and counted. */
export const liveExportBufferBytes = 64 * 1024 * 1024;

/**
 * Every event of a run, written as it happens. Events before `begin` (those of the opening, such as
 * "listening") wait in a short list: the header needs the session's description.
 */
export class LiveExport {
  private writer: ExportWriter | null = null;
  private early: { event: SocketEvent; row: LogRow }[] = [];
  private flushScheduled = false;
  private readonly counters = emptyCounters();
  dropped = 0;
  events = 0;

  constructor(
    readonly file: ExportFile,
    private readonly format: ExportFormat,
    private readonly maxBuffered = liveExportBufferBytes,
  ) {}

  begin(session: SessionInfo): void {
    this.writer = createExportWriter(this.format, session, (chunk) => this.file.write(chunk));
    for (const { event, row } of this.early) this.take(event, row);
    this.early = [];
    this.file.flush();
  }

  event(event: SocketEvent, row: LogRow): void {
    if (!this.writer) {
      // Copied: a payload's memory may be reused before the header can be written.
      this.early.push({ event: event.type === 'data' ? { ...event, bytes: event.bytes.slice() } : event, row });
      return;
    }
    if (this.file.buffered > this.maxBuffered) {
      this.dropped++;
      return;
    }
    this.take(event, row);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.file.flush();
      });
    }
  }

  private take(event: SocketEvent, row: LogRow): void {
    countWritten(this.counters, event);
    this.events++;
    this.writer!.event(event, row);
  }

  /** Writes the closing part and closes the file; answers its size in bytes. */
  async finish(): Promise<number> {
    this.writer?.end({ ...this.counters });
    return this.file.close();
  }
}

/** What a store export reads: the session's description and pages of whole rows. */
export interface ExportSource {
  info(sessionId: string): SessionInfo;
  /**
   * Whole rows (full payloads) at [from, from + count): sequence numbers of the log, or positions of
   * the filter's matches when `filtered`; `first`/`total` bound what is held now.
   */
  exportPage(
    sessionId: string,
    from: number,
    count: number,
    filtered: boolean,
    maxBytes?: number,
  ): { rows: LogRow[]; first: number; total: number; next: number };
}

export interface StoreExportOptions {
  sessionId: string;
  filtered: boolean;
  format: ExportFormat;
  signal: AbortSignal;
  /** Rows written so far and the rows to write (fixed at the start). */
  progress(done: number, total: number): void;
}

export type StoreExportReport = ExportReport;

/** Rows and payload bytes read per page: a page is formatted at once, then the disk is waited for. */
const pageRows = 500;
const pageBytes = 2 * 1024 * 1024;

/**
 * Exports the rows held when it starts (a live session's newer rows are not chased), page by page,
 * waiting for the disk after each page. Cancelled or failed, the file is removed.
 */
export async function exportFromStore(source: ExportSource, file: ExportFile, options: StoreExportOptions): Promise<StoreExportReport> {
  const { sessionId, filtered, signal } = options;
  const counters = emptyCounters();
  let done = 0;
  try {
    const session = source.info(sessionId);
    const bounds = source.exportPage(sessionId, 0, 0, filtered);
    const end = bounds.total;
    let next = bounds.first;
    const total = end - next;
    const writer = createExportWriter(options.format, session, (chunk) => file.write(chunk));
    options.progress(0, total);
    while (next < end) {
      if (signal.aborted) throw new EngineError('CANCELLED', { key: 'exportCancelled', params: { rows: done } });
      // Rows the log dropped meanwhile are simply not in the page: the export goes on with what is held.
      const page = source.exportPage(sessionId, next, Math.min(pageRows, end - next), filtered, pageBytes);
      // Nothing more to read here (the filter was replaced, the log cleared): what was written is the export.
      if (page.next <= next) break;
      next = page.next;
      for (const row of page.rows) {
        countWritten(counters, row);
        writer.event(row, row);
      }
      done += page.rows.length;
      await file.drain();
      options.progress(done, total);
      // One page per turn of the event loop: sessions keep working, and a cancel gets in, during a long export.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (signal.aborted) throw new EngineError('CANCELLED', { key: 'exportCancelled', params: { rows: done } });
    writer.end(counters);
    const bytes = await file.close();
    return { path: file.path, rows: done, bytes, from: 'log' };
  } catch (err) {
    await file.discard();
    throw err;
  }
}
