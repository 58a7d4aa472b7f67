// The CLI's standard output: buffered (one write per event-loop turn, not one per event), flushed at exit, quiet when closed.

/** Past this many buffered characters or bytes the buffer is written at once, so memory stays small whatever the rate. */
const flushThreshold = 256 * 1024;

/**
 * Standard output that may close under us (`socket-lab serve ... | head -1`): the next write then
 * fails with EPIPE, which would crash with a stack trace. Like any Unix filter the command stops
 * quietly instead: no more output, sessions closed, status 0.
 *
 * Writes are gathered and handed to the stream once per turn of the event loop (setImmediate
 * runs after the turn's I/O callbacks, so every event of one read batch shares one write), or
 * sooner when the buffer passes `flushThreshold`. Await `drained()` before exiting: a pipe takes
 * what fits at once and the rest later, and process.exit() would drop that rest.
 */
export class Output {
  closed = false;
  readonly whenClosed: Promise<void>;
  private chunks: (string | Uint8Array)[] = [];
  private size = 0;
  private binary = false;
  private scheduled = false;
  // Settles when the stream has handed the latest write to the system (write callbacks come in order).
  private lastWrite: Promise<void> = Promise.resolve();
  private stream: NodeJS.WritableStream | null = null;
  private nobodyReads!: () => void;

  /**
   * `stream`, or how to get it when first needed: building process.stdout costs a command about 1 ms
   * (the first of the process's standard streams is the costly one), which `send` spends while it
   * waits for a reply instead of before it connects (see open()).
   */
  constructor(private readonly target: NodeJS.WritableStream | (() => NodeJS.WritableStream)) {
    this.whenClosed = new Promise((resolve) => (this.nobodyReads = resolve));
    if (typeof target !== 'function') this.open();
  }

  /** Gets the stream now, if not yet: a command calls this where it waits anyway. */
  open(): NodeJS.WritableStream {
    if (this.stream) return this.stream;
    const stream = typeof this.target === 'function' ? this.target() : this.target;
    // Any error on stdout (EPIPE, EBADF...) means nobody reads it any more.
    stream.on('error', () => {
      this.closed = true;
      this.chunks = [];
      this.size = 0;
      this.nobodyReads();
    });
    return (this.stream = stream);
  }

  /** Text, or bytes written exactly as they are (`--format raw`). */
  write(data: string | Uint8Array): void {
    if (this.closed) return;
    this.chunks.push(data);
    if (typeof data === 'string') this.size += data.length;
    else {
      this.size += data.byteLength;
      this.binary = true;
    }
    if (this.size >= flushThreshold) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Hands everything buffered to the stream now, in one write. */
  flush(): void {
    if (this.chunks.length === 0 || this.closed) return;
    const chunks = this.chunks;
    this.chunks = [];
    this.size = 0;
    let data: string | Buffer;
    if (!this.binary) data = chunks.length === 1 ? (chunks[0] as string) : (chunks as string[]).join('');
    else {
      this.binary = false;
      data = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
    }
    // The callback also runs, with an error, when the reader has gone: waiting on it never hangs on EPIPE.
    this.lastWrite = new Promise((resolve) => this.open().write(data, () => resolve()));
  }

  /** Flushes, then waits until everything written so far has left the process. */
  async drained(): Promise<void> {
    this.flush();
    await this.lastWrite;
  }
}

let stderrQuiet = false;

/**
 * Writes to standard error. A closed stderr (`2>&1 | head`) must not crash the command either: its
 * messages simply go nowhere. The stream is built on the first message, not at every start (see Output).
 */
export function writeStderr(text: string): void {
  const stream = process.stderr;
  if (!stderrQuiet) {
    stderrQuiet = true;
    stream.on('error', () => undefined);
  }
  stream.write(text);
}
