// Writes that respect TCP backpressure: when write() returns false, wait for 'drain'
// (or for the socket to die) before taking the next chunk. A big payload goes in chunks, so its
// progress can be reported and a cancel can stop it between two chunks.
import type { Socket } from 'node:net';

/** Bytes per write of a big payload: small enough to report progress and stop between chunks. */
export const writeChunkBytes = 64 * 1024;

export interface ChunkedWriteOptions {
  /** Stops before the next chunk; the chunk already handed to the socket still goes out. */
  signal?: AbortSignal | undefined;
  /** Bytes handed to the socket so far, after each chunk. */
  onProgress?: ((written: number) => void) | undefined;
}

/** Writes `bytes` chunk by chunk, each once the previous one drained. Resolves with the bytes handed
 * to the socket: all of them, or fewer when the signal aborted. */
export async function writeInChunks(socket: Socket, bytes: Uint8Array, options: ChunkedWriteOptions = {}): Promise<number> {
  let written = 0;
  // do-while: an empty payload still gets its one (empty) write and the checks that come with it.
  do {
    if (options.signal?.aborted) break;
    const chunk = bytes.subarray(written, written + writeChunkBytes);
    await writeWithBackpressure(socket, chunk, options.signal);
    written += chunk.byteLength;
    options.onProgress?.(written);
  } while (written < bytes.byteLength);
  return written;
}

/** One write; waits for 'drain' when the socket's buffer is full, or until `signal` aborts the wait. */
export function writeWithBackpressure(socket: Socket, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed || !socket.writable) {
      reject(Object.assign(new Error('socket not writable'), { code: 'ERR_SOCKET_CLOSED' }));
      return;
    }
    let settled = false;
    const cleanup = (): void => {
      socket.off('drain', onDrain);
      socket.off('close', onClose);
      signal?.removeEventListener('abort', onDrain);
    };
    const onDrain = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve();
    };
    const onClose = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(Object.assign(new Error('socket closed before the data was written'), { code: 'EPIPE' }));
    };
    const flushed = socket.write(bytes, (err) => {
      if (err && !settled) {
        settled = true;
        cleanup();
        reject(err);
      }
    });
    if (flushed) {
      settled = true;
      resolve();
      return;
    }
    socket.on('drain', onDrain);
    socket.on('close', onClose);
    // A cancel ends the wait: this chunk is the socket's now, and no other follows it.
    signal?.addEventListener('abort', onDrain, { once: true });
  });
}
