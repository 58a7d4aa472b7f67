// Writes that respect TCP backpressure: when write() returns false, wait for 'drain'
// (or for the socket to die) before taking the next chunk. A big payload goes in chunks, so its
// progress can be reported and a cancel can stop it between two chunks. Every byte comes back once
// through onWritten, taken by the kernel or not, so what is counted as sent or queued stays exact.
import type { Socket } from 'node:net';

/** Bytes per write of a big payload: small enough to report progress and stop between chunks. */
export const writeChunkBytes = 64 * 1024;

export interface ChunkedWriteOptions {
  /** Stops before the next chunk; the chunk already handed to the socket still goes out. */
  signal?: AbortSignal | undefined;
  /** Bytes handed to the socket so far, after each chunk. */
  onProgress?: ((written: number) => void) | undefined;
  /**
   * Each byte of the payload, exactly once: a chunk when its write ends (`taken`: the kernel has it;
   * else it failed), and the bytes never handed to the socket (cancelled, or after a failure) as not taken.
   */
  onWritten?: Written | undefined;
}

export type Written = (bytes: number, taken: boolean) => void;

/** Writes `bytes` chunk by chunk, each once the previous one drained. Resolves with the bytes handed
 * to the socket: all of them, or fewer when the signal aborted. */
export async function writeInChunks(socket: Socket, bytes: Uint8Array, options: ChunkedWriteOptions = {}): Promise<number> {
  let written = 0;
  let offered = 0;
  try {
    // do-while: an empty payload still gets its one (empty) write and the checks that come with it.
    do {
      if (options.signal?.aborted) break;
      const chunk = bytes.subarray(written, written + writeChunkBytes);
      offered += chunk.byteLength;
      await writeWithBackpressure(socket, chunk, options.signal, options.onWritten);
      written += chunk.byteLength;
      options.onProgress?.(written);
    } while (written < bytes.byteLength);
  } finally {
    if (offered < bytes.byteLength) options.onWritten?.(bytes.byteLength - offered, false);
  }
  return written;
}

/**
 * One write. Resolves once the kernel has taken the bytes (the write's callback) and, when the
 * socket's buffer was full, 'drain' came; or when `signal` aborts the wait. `onWritten` hears of the
 * bytes exactly once, taken or not, even when that is after a cancel ended the wait.
 */
export function writeWithBackpressure(socket: Socket, bytes: Uint8Array, signal?: AbortSignal, onWritten?: Written): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed || !socket.writable) {
      onWritten?.(bytes.byteLength, false);
      reject(Object.assign(new Error('socket not writable'), { code: 'ERR_SOCKET_CLOSED' }));
      return;
    }
    let settled = false;
    let taken = false;
    let needDrain = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      socket.off('drain', onDrain);
      socket.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = (): void => {
      needDrain = false;
      if (taken) finish();
    };
    // A cancel ends the wait: this chunk is the socket's now, and no other follows it.
    const onAbort = (): void => finish();
    const onClose = (): void => finish(Object.assign(new Error('socket closed before the data was written'), { code: 'EPIPE' }));
    const flushed = socket.write(bytes, (err) => {
      onWritten?.(bytes.byteLength, !err);
      if (err) return finish(err);
      taken = true;
      if (!needDrain) finish();
    });
    if (settled) return;
    needDrain = !flushed;
    socket.on('close', onClose);
    if (needDrain) socket.on('drain', onDrain);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
