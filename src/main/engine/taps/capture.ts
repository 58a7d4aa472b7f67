// Record to file: every event of one session streamed into an NDJSON file as it happens (the shared
// format, payloads in base64), whatever the in-memory log keeps. Memory stays bounded: lines wait
// for the disk in a buffer of at most `maxBufferedBytes`; past it events are dropped, counted,
// shown to the user and marked in the file, never lost silently.
import type { FileHandle } from 'node:fs/promises';
import { fsPromises } from '../../builtins';
import { dirname, resolve as resolvePath } from 'node:path';
import type { WriteStream } from 'node:fs';
import type { CaptureInfo, Counters, LogRow, SessionInfo, SocketEvent } from '../../../shared/contract';
import type { Problem } from '../../../shared/problems';
import { quoteInput } from '../../../shared/quote-input';
import { EngineError } from '../errors';
import { ndjsonEvent, ndjsonHeader, ndjsonSummary } from './ndjson';
import { countWritten, emptyCounters } from './summary-counters';

/** What a capture needs from the engine: its events, and the session's description for the header. */
export interface CaptureSource {
  subscribe(listener: { event?(event: SocketEvent, row: LogRow): void }): () => void;
  info(sessionId: string): SessionInfo;
}

export interface CaptureOptions {
  /** The file to write (resolved against the working folder when relative). */
  path: string;
  /** Replace an existing file; without it an existing file is refused. */
  overwrite?: boolean;
  /** Most bytes of lines waiting for the disk before events are dropped (default 16 MiB). */
  maxBufferedBytes?: number;
}

export const defaultCaptureBufferBytes = 16 * 1024 * 1024;
/** Lines are joined into writes of about this size: one write per event would cost more than the event. */
const chunkBytes = 256 * 1024;
/** The window hears of progress at most this often (the counts move with every event). */
const progressEveryMs = 200;
/** Stopping waits this long for a disk that does not answer, then gives up on it (app quit must not hang). */
const stopTimeoutMs = 10_000;

const format = { payload: 'base64', text: false } as const;

/** The room a line will take, known before building it, so a dropped event costs no encoding. */
const lineEstimate = (event: SocketEvent): number => (event.type === 'data' ? Math.ceil(event.bytes.byteLength / 3) * 4 + 320 : 320);

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'EUNKNOWN';

/** Why a file could not be opened for recording, as a keyed error. */
export function captureOpenError(err: unknown, file: string): EngineError {
  const code = codeOf(err);
  const where = quoteInput(file, 200);
  let problem: Problem;
  switch (code) {
    case 'EEXIST':
      problem = { key: 'captureExists', params: { path: where } };
      break;
    case 'ENOENT':
    case 'ENOTDIR':
      problem = { key: 'captureNoFolder', params: { path: where, folder: quoteInput(dirname(file), 200) } };
      break;
    case 'EISDIR':
      problem = { key: 'captureIsFolder', params: { path: where } };
      break;
    default:
      problem = { key: 'captureNotWritable', params: { path: where, code } };
  }
  return new EngineError(code, problem, 'fileName');
}

/** The marker for events that could not be written: where the gap is and how many it holds. */
const gapLine = (count: number, fromSeq: number, toSeq: number, time: number): string =>
  JSON.stringify({ type: 'dropped', count, fromSeq, toSeq, time: new Date(time).toISOString() }) + '\n';

/** One running (or ended) recording of one session. */
export class Capture {
  private readonly state: CaptureInfo;
  /** The traffic while recording, dropped events included: the summary line, consistent with the file and its gaps. */
  private readonly counters: Counters = emptyCounters();
  private readonly maxBuffered: number;
  private unsubscribe: () => void = () => undefined;
  private pending: string[] = [];
  private pendingChars = 0;
  private pendingEvents = 0;
  private waitingDrain = false;
  private flushScheduled = false;
  /** An open run of dropped events, written as one gap line once there is room again. */
  private gap: { count: number; fromSeq: number; toSeq: number; time: number } | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  private ending: Promise<void> | null = null;

  private constructor(
    private readonly sessionId: string,
    private readonly stream: WriteStream,
    file: string,
    private readonly changed: () => void,
    maxBufferedBytes: number,
  ) {
    this.maxBuffered = maxBufferedBytes;
    this.state = { path: file, state: 'recording', startedAt: Date.now(), events: 0, bytes: 0, dropped: 0, error: null };
  }

  /** Opens the file (refusing an existing one unless asked), writes the header and starts listening. */
  static async start(source: CaptureSource, sessionId: string, options: CaptureOptions, changed: () => void): Promise<Capture> {
    const session = source.info(sessionId); // throws NO_SESSION before any file is made
    const file = resolvePath(options.path);
    let handle: FileHandle;
    try {
      // 'wx' fails when the file exists, in the same step that creates it: no race with another writer.
      handle = await fsPromises().open(file, options.overwrite ? 'w' : 'wx');
    } catch (err) {
      throw captureOpenError(err, file);
    }
    const stream = handle.createWriteStream({ highWaterMark: chunkBytes });
    const capture = new Capture(sessionId, stream, file, changed, options.maxBufferedBytes ?? defaultCaptureBufferBytes);
    stream.on('error', (err) => capture.fail(err));
    capture.push(ndjsonHeader(session, format) + '\n', 0);
    capture.unsubscribe = source.subscribe({ event: (event, row) => capture.onEvent(event, row) });
    capture.flush();
    return capture;
  }

  info(): CaptureInfo {
    return { ...this.state };
  }

  get recording(): boolean {
    return this.state.state === 'recording';
  }

  private onEvent(event: SocketEvent, row: LogRow): void {
    if (event.sessionId !== this.sessionId || this.state.state !== 'recording') return;
    this.count(event);
    const buffered = this.pendingChars + this.stream.writableLength;
    // A single big event still goes in when nothing waits; otherwise the bound holds.
    if (buffered > 0 && buffered + lineEstimate(event) > this.maxBuffered) {
      this.drop(row.seq, event.time);
      return;
    }
    if (this.gap) this.closeGap();
    this.push(ndjsonEvent(event, row, format) + '\n', 1);
    if (this.pendingChars >= chunkBytes) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private count(event: SocketEvent): void {
    countWritten(this.counters, event);
    // A cancelled send takes its unsent bytes back, as the engine counts it (the exporters see no such row).
    if (event.type === 'error' && event.unsentBytes) this.counters.bytesOut -= event.unsentBytes;
  }

  private drop(seq: number, time: number): void {
    const first = this.state.dropped === 0;
    this.state.dropped++;
    if (this.gap) {
      this.gap.count++;
      this.gap.toSeq = seq;
    } else this.gap = { count: 1, fromSeq: seq, toSeq: seq, time };
    // The first loss is news at once; later ones ride on the progress updates.
    if (first) this.changed();
    else this.progress();
  }

  private closeGap(): void {
    const gap = this.gap!;
    this.gap = null;
    this.push(gapLine(gap.count, gap.fromSeq, gap.toSeq, gap.time), 0);
  }

  private push(line: string, events: number): void {
    this.pending.push(line);
    this.pendingChars += line.length;
    this.pendingEvents += events;
  }

  /** Hands what is pending to the stream, unless the stream is still full (then 'drain' calls again). */
  private flush(): void {
    this.flushScheduled = false;
    if (this.waitingDrain || this.pending.length === 0 || this.state.state === 'failed') return;
    const { chunk, events } = this.takePending();
    const fits = this.stream.write(chunk, () => this.written(events));
    if (!fits) {
      this.waitingDrain = true;
      this.stream.once('drain', () => {
        this.waitingDrain = false;
        this.flush();
      });
    }
  }

  /** The pending lines as one chunk, and how many events it holds. */
  private takePending(): { chunk: string; events: number } {
    const taken = { chunk: this.pending.join(''), events: this.pendingEvents };
    this.pending = [];
    this.pendingChars = 0;
    this.pendingEvents = 0;
    return taken;
  }

  /** A chunk reached the file (write callbacks run in write order). */
  private written(events: number): void {
    if (this.state.state === 'failed') return;
    this.state.events += events;
    this.state.bytes = this.stream.bytesWritten;
    this.progress();
  }

  private progress(): void {
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = null;
      this.changed();
    }, progressEveryMs);
  }

  private fail(err: unknown): void {
    if (this.state.state !== 'recording') return;
    this.unsubscribe();
    this.pending = [];
    this.pendingChars = 0;
    const code = codeOf(err);
    const detail = quoteInput(err instanceof Error ? err.message : String(err), 160);
    const problem: Problem = { key: 'captureWriteFailed', params: { path: quoteInput(this.state.path, 200), code, detail } };
    this.state.state = 'failed';
    this.state.error = { code, message: new EngineError(code, problem).message, problem };
    this.stream.destroy();
    this.changed();
  }

  /** Writes the summary line, closes the file and answers how the recording ended. */
  stop(): Promise<CaptureInfo> {
    this.ending ??= this.end();
    return this.ending.then(() => this.info());
  }

  private async end(): Promise<void> {
    if (this.state.state !== 'recording') return;
    this.unsubscribe();
    if (this.gap) this.closeGap();
    this.push(ndjsonSummary({ ...this.counters }) + '\n', 0);
    const closed = new Promise<void>((resolve) => {
      this.stream.once('close', resolve);
      const timer = setTimeout(resolve, stopTimeoutMs);
      timer.unref();
    });
    // Whatever waits for 'drain' goes out now: the stream buffers the rest until it is written.
    this.waitingDrain = false;
    const { chunk, events } = this.takePending();
    this.stream.write(chunk, () => this.written(events));
    this.stream.end();
    await closed;
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    if (this.state.state === 'recording') this.state.state = 'stopped';
    this.state.bytes = this.stream.bytesWritten;
    this.changed();
  }
}

/** Every session's recording: at most one running per session, and the last one's outcome kept for the window. */
export class CaptureBoard {
  private readonly live = new Map<string, Capture>();
  private readonly ended = new Map<string, CaptureInfo>();
  private readonly starting = new Set<string>();

  constructor(
    private readonly source: CaptureSource,
    private readonly changed: (sessionId: string) => void,
  ) {}

  info(sessionId: string): CaptureInfo | null {
    return this.live.get(sessionId)?.info() ?? this.ended.get(sessionId) ?? null;
  }

  async start(sessionId: string, options: CaptureOptions): Promise<CaptureInfo> {
    const running = this.live.get(sessionId);
    if (running?.recording || this.starting.has(sessionId)) {
      const where = running ? running.info().path : options.path;
      throw new EngineError('CAPTURE_RUNNING', { key: 'captureAlreadyOn', params: { path: quoteInput(where, 200) } });
    }
    this.starting.add(sessionId);
    try {
      const capture = await Capture.start(this.source, sessionId, options, () => this.changed(sessionId));
      this.live.set(sessionId, capture);
      this.ended.delete(sessionId);
      this.changed(sessionId);
      return capture.info();
    } finally {
      this.starting.delete(sessionId);
    }
  }

  /** Stops the session's recording; a recording that already ended (or failed) answers how it did. */
  async stop(sessionId: string): Promise<CaptureInfo> {
    const capture = this.live.get(sessionId);
    if (!capture) {
      const ended = this.ended.get(sessionId);
      if (ended) return ended;
      throw new EngineError('NO_CAPTURE', { key: 'captureNone' });
    }
    const info = await capture.stop();
    if (this.live.get(sessionId) === capture) {
      this.live.delete(sessionId);
      this.ended.set(sessionId, info);
    }
    return info;
  }

  /** Stops and forgets the session's recording (the session is being removed). */
  async forget(sessionId: string): Promise<void> {
    if (this.live.has(sessionId)) await this.stop(sessionId);
    this.ended.delete(sessionId);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live.keys()].map((id) => this.stop(id)));
  }
}
