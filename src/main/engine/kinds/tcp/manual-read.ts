// Manual read mode: a TCP socket that takes bytes from the kernel only when asked, one read of at most
// n bytes per recv, as recv(n) does in the tutorials; until then they wait in the kernel's receive buffer.
import type { Socket } from 'node:net';

/*
 * Why not socket.pause(): pause() only stops 'data' events. The socket's handle keeps reading from the
 * kernel into Node's own buffer, so the kernel's receive buffer empties anyway, the peer's writes never
 * back up, and a close with "unread" data sends FIN instead of RST. Only net's `onread` mode (a buffer of
 * ours, and a callback returning false to stop) makes the handle stop reading from the kernel itself.
 *
 * net offers `onread` to net.connect only, with one buffer size for the socket's life, while recv(n)
 * chooses n per call and a server's accepted sockets cannot take it at all. So this arms the same
 * machinery per recv: the handle is given a buffer of exactly n bytes (useUserBuffer, what `onread`
 * calls), the socket the fields `onread` sets (found by their names), and reading starts for one read.
 */

/** The handle methods `onread` mode uses (TCPWrap; absent on a socket with no handle yet). */
interface ReadHandle {
  reading: boolean;
  readStart(): number;
  readStop(): number;
  useUserBuffer(buffer: Uint8Array): void;
}

/** What a socket must be for manual reading: connected, paused, a TCP handle (not TLS). */
const handleOf = (socket: Socket): ReadHandle | null => {
  const handle = (socket as unknown as { _handle?: Partial<ReadHandle> | null })._handle;
  return handle && typeof handle.useUserBuffer === 'function' && typeof handle.readStart === 'function' ? (handle as ReadHandle) : null;
};

const fieldOf = (socket: Socket, name: string): symbol | undefined =>
  Object.getOwnPropertySymbols(socket).find((s) => s.description === name);

export interface ManualRead {
  /** The bytes of one read (a copy), null when the read ended otherwise (see how). */
  bytes: Uint8Array | null;
  how: 'read' | 'ended' | 'timedOut';
}

/** One socket's reads by hand: at most one recv waits at a time (the connection refuses a second). */
export class ManualReader {
  private readonly handle: ReadHandle | null;
  private readonly bufferField: symbol | undefined;
  private readonly callbackField: symbol | undefined;
  private pending: ((read: ManualRead) => void) | null = null;
  private ended = false;

  constructor(
    private readonly socket: Socket,
    private readonly onBytes: (bytes: Uint8Array) => void,
  ) {
    this.handle = handleOf(socket);
    this.bufferField = fieldOf(socket, 'kBuffer');
    this.callbackField = fieldOf(socket, 'kBufferCb');
    const generatorField = fieldOf(socket, 'kBufferGen');
    if (generatorField) (socket as unknown as Record<symbol, unknown>)[generatorField] = null;
    if (this.callbackField) {
      (socket as unknown as Record<symbol, unknown>)[this.callbackField] = (n: number, buffer: Uint8Array): boolean => {
        // One read, then paused again: false stops the handle reading from the kernel (onread's contract).
        // A plain Uint8Array copy (not a Buffer): the buffer is ours to reuse, and the window's bridge carries Uint8Arrays.
        const bytes = new Uint8Array(buffer.subarray(0, n));
        this.onBytes(bytes);
        this.settle({ bytes, how: 'read' });
        return false;
      };
    }
    const ended = (): void => {
      this.ended = true;
      this.settle({ bytes: null, how: 'ended' });
    };
    socket.once('end', ended);
    socket.once('close', ended);
  }

  /** Whether this Node can read by hand (the fields `onread` uses are there). */
  get supported(): boolean {
    return this.handle !== null && this.bufferField !== undefined && this.callbackField !== undefined;
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  /** One read of at most `max` bytes; waits up to `waitMs` for bytes to arrive (then reading stops again). */
  read(max: number, waitMs: number): Promise<ManualRead> {
    if (this.ended || this.socket.destroyed || !this.supported) return Promise.resolve({ bytes: null, how: 'ended' });
    const handle = this.handle!;
    return new Promise<ManualRead>((resolve) => {
      const timer = setTimeout(() => {
        this.stop();
        this.settle({ bytes: null, how: 'timedOut' });
      }, waitMs);
      this.pending = (read) => {
        clearTimeout(timer);
        resolve(read);
      };
      const buffer = Buffer.allocUnsafe(max);
      (this.socket as unknown as Record<symbol, unknown>)[this.bufferField!] = buffer;
      handle.useUserBuffer(buffer);
      if (!handle.reading) {
        handle.reading = true;
        handle.readStart();
      }
    });
  }

  private stop(): void {
    const handle = this.handle;
    if (handle && handle.reading && !this.socket.destroyed) {
      handle.reading = false;
      handle.readStop();
    }
  }

  private settle(read: ManualRead): void {
    const pending = this.pending;
    this.pending = null;
    pending?.(read);
  }
}
