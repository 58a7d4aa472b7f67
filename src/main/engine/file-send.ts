// Sends a file (or any readable stream: the CLI's stdin) from a session's own socket, in constant
// memory: one read of the file waits for the socket to take the previous one. TCP gets the bytes as one
// stream, as they are (no framing added); UDP gets them cut into datagrams of `chunk` bytes. The log gets
// the first pieces as out rows, then only counters move: a 1 GiB file never sits in the log.
import { formatHostPort } from '../../shared/address';
import type { SendTarget } from '../../shared/contract';
import { problemText, type Problem } from '../../shared/problems';
import { EngineError, explainSocketError } from './errors';
import type { FloodSource, FloodTarget } from './generator';
import type { SendOptions, SendReport } from './session-base';
import { writeWithBackpressure } from './pipeline/write';
import type { Readable } from 'node:stream';

/** What is sent: a file opened by the command layer, or a stream it was handed (stdin). */
export interface FileSource {
  /** Shown in the log: the file's name, or "standard input". */
  name: string;
  /** Bytes to send, or null when unknown until the end (a pipe). */
  size: number | null;
  /** Opens the bytes: called once, after every check passed. */
  open(readBytes: number): Readable;
}

export interface FileSendOptions extends SendOptions {
  /** UDP: bytes per datagram. */
  chunk: number;
}

/** Bytes read at a time (and written at a time over TCP): progress and cancel happen between them. */
export const fileReadBytes = 64 * 1024;
/** Out rows logged per file send, by bytes: the first pieces show in the log, the rest only counts. */
export const fileLoggedBytes = 256 * 1024;

const words = (n: number): string => n.toLocaleString('en-US');

/** Reads of a multiple of the datagram size, so that (for a file) each read cuts into whole datagrams. */
const readSizeFor = (target: FloodTarget, chunk: number): number =>
  target.kind === 'udp' ? Math.max(chunk, Math.floor(fileReadBytes / chunk) * chunk) : fileReadBytes;

/**
 * Checks at once (throwing, before any byte is read) that the session can send to `to`, then sends.
 * Resolves with what left; a cancel rejects with CANCELLED after logging how far it got.
 */
export function sendFile(session: FloodSource, source: FileSource, to: SendTarget, options: FileSendOptions): Promise<SendReport> {
  if (!session.isOpen) throw new EngineError('CLOSED', { key: 'socketClosed' });
  // A UDP target is checked against the datagram size; a TCP one ignores the size.
  const targets = session.floodTargets(to, options.chunk);
  return new FileSend(session, source, targets, options).run();
}

class FileSend {
  private sent = 0;
  private logged = 0;
  private readonly startedAt = performance.now();
  private live: FloodTarget[];

  constructor(
    private readonly session: FloodSource,
    private readonly source: FileSource,
    targets: FloodTarget[],
    private readonly options: FileSendOptions,
  ) {
    this.live = targets;
  }

  private notice(problem: Problem): void {
    this.session.logGenerated({ type: 'notice', message: problemText(problem), problem });
  }

  async run(): Promise<SendReport> {
    const { source, options } = this;
    const first = this.live[0]!;
    const recipients = this.live.length;
    const to = this.live.map((t) => formatHostPort(t.peer.host, t.peer.port)).join(', ');
    const total = source.size === null ? 0 : source.size * recipients;
    this.notice(
      source.size === null
        ? { key: 'fileSendStartedStdin', params: { to } }
        : { key: 'fileSendStarted', params: { name: source.name, size: words(source.size), to } },
    );
    if (first.kind === 'udp') {
      const count = source.size === null ? '?' : words(Math.ceil(source.size / options.chunk));
      this.notice({ key: 'fileUdpWarning', params: { count, chunk: words(options.chunk) } });
    }
    const stream = source.open(readSizeFor(first, options.chunk));
    try {
      let carry: Buffer | null = null;
      for await (const read of stream as AsyncIterable<Buffer>) {
        if (options.signal?.aborted) break;
        if (first.kind === 'tcp') await this.writeTcp(read);
        else {
          // A pipe reads in any size: what is short of a datagram waits for the next read.
          const bytes: Buffer = carry === null ? read : Buffer.concat([carry, read]);
          let at = 0;
          while (bytes.byteLength - at >= options.chunk && !options.signal?.aborted) {
            await this.sendDatagram(first, bytes.subarray(at, at + options.chunk));
            at += options.chunk;
          }
          carry = at < bytes.byteLength ? Buffer.from(bytes.subarray(at)) : null;
        }
        options.onProgress?.(this.sent * this.live.length, total);
      }
      if (carry !== null && !options.signal?.aborted && first.kind === 'udp') {
        await this.sendDatagram(first, carry);
        options.onProgress?.(this.sent, total);
      }
    } catch (err) {
      if (err instanceof EngineError) throw err;
      // The stream's own failure (a read error): said with how far it got.
      const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
      throw new EngineError(code, { key: 'fileReadFailed', params: { path: source.name, code, sent: words(this.sent) } }, 'path');
    } finally {
      stream.destroy();
    }
    if (options.signal?.aborted) {
      const totalWords = source.size === null ? '?' : words(source.size);
      const problem: Problem = { key: 'fileSendCancelled', params: { sent: words(this.sent), total: totalWords } };
      const e = new EngineError('CANCELLED', problem);
      this.session.logGenerated({ type: 'error', code: e.code, message: e.message, problem });
      throw e;
    }
    const ms = Math.round(performance.now() - this.startedAt);
    const figures = { bytes: words(this.sent), ms: words(ms) };
    this.notice(
      source.size === null ? { key: 'fileSentStdin', params: figures } : { key: 'fileSent', params: { name: source.name, ...figures } },
    );
    return { bytes: this.sent, recipients };
  }

  /** One read, written to every client still there; each waits for its socket to drain. */
  private async writeTcp(bytes: Buffer): Promise<void> {
    const failures: unknown[] = [];
    const alive = await Promise.all(
      this.live.map(async (target) => {
        if (target.kind !== 'tcp') return true;
        try {
          await writeWithBackpressure(target.socket, bytes, this.options.signal, (n, taken) => {
            if (taken && n > 0) this.count(target, bytes);
          });
          return true;
        } catch (err) {
          failures.push(err);
          return false;
        }
      }),
    );
    this.live = this.live.filter((_, i) => alive[i]);
    // Every client gone: the send failed (one that went away alone is logged by its connection).
    if (this.live.length === 0) throw explainSocketError(failures[0], { action: 'send' });
    this.sent += bytes.byteLength;
  }

  /** One datagram, the next only once the socket has sent it: no queue grows behind a slow network. */
  private sendDatagram(target: FloodTarget & { kind: 'udp' }, bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      target.socket.send(bytes, target.peer.port, target.peer.host, (err) => {
        if (err) {
          reject(explainSocketError(err, { action: 'send', host: target.peer.host, port: target.peer.port }));
          return;
        }
        this.count(target, bytes);
        this.sent += bytes.byteLength;
        resolve();
      });
    });
  }

  /** A piece the system took: an out row while the log still takes them, else only counted. */
  private count(target: FloodTarget, bytes: Buffer): void {
    if (this.logged < fileLoggedBytes) {
      this.logged += bytes.byteLength;
      // The row counts the message; its bytes count below, as any send's once taken.
      // A plain Uint8Array view (no copy): a Buffer would turn into {type: 'Buffer'} on the way to a window.
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.session.logGenerated({ type: 'data', direction: 'out', connectionId: target.connectionId, peer: target.peer, bytes: view });
      this.session.countGenerated(target.connectionId, 0, bytes.byteLength);
    } else this.session.countGenerated(target.connectionId, 1, bytes.byteLength);
  }
}
