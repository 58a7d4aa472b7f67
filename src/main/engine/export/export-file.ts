// Writing an export to disk: the file opened (an existing one refused unless replacing it is asked),
// chunks joined into large writes, backpressure for a reader of the store (wait for the disk) and a
// bound for a live tap (which cannot wait: past it, events are counted as dropped, never silently).
import type { WriteStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { fsPromises } from '../../builtins';
import type { Problem } from '../../../shared/problems';
import { quoteInput } from '../../../shared/quote-input';
import { EngineError } from '../errors';

/** Chunks are joined into writes of about this size: one write per event would cost more than the event. */
const chunkBytes = 256 * 1024;

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'EUNKNOWN';

/** Why a file could not be opened for an export, as a keyed error at `field`. */
export function exportOpenError(err: unknown, file: string, field?: string): EngineError {
  const code = codeOf(err);
  const where = quoteInput(file, 200);
  let problem: Problem;
  switch (code) {
    case 'EEXIST':
      problem = { key: 'exportExists', params: { path: where } };
      break;
    case 'ENOENT':
    case 'ENOTDIR':
      problem = { key: 'exportNoFolder', params: { path: where, folder: quoteInput(path.dirname(file), 200) } };
      break;
    case 'EISDIR':
      problem = { key: 'exportIsFolder', params: { path: where } };
      break;
    default:
      problem = { key: 'exportNotWritable', params: { path: where, code } };
  }
  return new EngineError(code, problem, field);
}

export class ExportFile {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private failure: EngineError | null = null;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (err) => {
      const detail = quoteInput(err instanceof Error ? err.message : String(err), 160);
      const code = codeOf(err);
      this.failure = new EngineError(code, { key: 'exportWriteFailed', params: { path: quoteInput(this.path, 200), code, detail } });
    });
  }

  /** Opens (creates) the file: 'wx' refuses an existing one in the same step that creates it. */
  static async open(file: string, overwrite: boolean, field?: string): Promise<ExportFile> {
    const resolved = path.resolve(file);
    let handle: FileHandle;
    try {
      handle = await fsPromises().open(resolved, overwrite ? 'w' : 'wx');
    } catch (err) {
      throw exportOpenError(err, resolved, field);
    }
    return new ExportFile(resolved, handle.createWriteStream({ highWaterMark: chunkBytes }));
  }

  /** Why writing failed, once it has. */
  get error(): EngineError | null {
    return this.failure;
  }

  /** Bytes waiting for the disk: joined here and in the stream's own buffer. */
  get buffered(): number {
    return this.pendingBytes + this.stream.writableLength;
  }

  get bytesWritten(): number {
    return this.stream.bytesWritten;
  }

  write(chunk: string | Uint8Array): void {
    if (this.failure || this.closed) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.pending.push(bytes);
    this.pendingBytes += bytes.byteLength;
    if (this.pendingBytes >= chunkBytes) this.flush();
  }

  /** Hands what is pending to the stream as one write. */
  flush(): void {
    if (this.pending.length === 0 || this.failure) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.stream.write(chunk);
  }

  /** Waits until the disk has taken what the stream holds (a reader of the store waits here between pages). */
  async drain(): Promise<void> {
    this.flush();
    if (this.failure) throw this.failure;
    if (!this.stream.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
    });
    if (this.failure) throw this.failure;
  }

  /** Writes what is left and closes the file; answers its size. */
  async close(): Promise<number> {
    this.flush();
    this.closed = true;
    await new Promise<void>((resolve) => {
      this.stream.once('close', resolve);
      this.stream.end();
    });
    if (this.failure) throw this.failure;
    return this.stream.bytesWritten;
  }

  /** Closes and removes the file (a cancelled or failed export leaves nothing half-written behind). */
  async discard(): Promise<void> {
    this.closed = true;
    this.pending = [];
    await new Promise<void>((resolve) => {
      this.stream.once('close', resolve);
      this.stream.destroy();
    });
    await fsPromises()
      .rm(this.path, { force: true })
      .catch(() => undefined);
  }
}
