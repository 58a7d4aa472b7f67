// Wiring shared by both ends of a TCP connection (client socket, or a socket a server accepted):
// data in (and the auto-reply), peer half-close, reset, close, all as events.
import type { Socket } from 'node:net';
import type { AutoReplyRule, CloseReason, Endpoint } from '../../shared/contract';
import { EngineError, explainSocketError } from './errors';
import { computeReply } from './replies';
import { ownBytes, type EventWithoutMeta } from './session-base';
import { writeInChunks, type ChunkedWriteOptions } from './write';

export interface ConnectionOwner {
  emit(event: EventWithoutMeta): void;
  autoReply(): AutoReplyRule | null;
  onPeerHalfClose(connectionId: string): void;
  onClosed(connectionId: string, reason: CloseReason): void;
}

export const endpointOf = (address: string | undefined, port: number | undefined): Endpoint => ({
  host: address ?? '?',
  port: port ?? 0,
});

/** A send stopped by its job's cancel, with how much of it had gone out. */
export const cancelledSend = (sent: number, total: number): EngineError =>
  new EngineError('CANCELLED', {
    key: 'sendCancelled',
    params: { sent: sent.toLocaleString('en-US'), total: total.toLocaleString('en-US') },
  });

/** Waits for `previous` to settle, or for the signal to abort (a queued send cancelled before its turn). */
function untilSettledOrAborted(previous: Promise<unknown>, signal: AbortSignal | undefined): Promise<void> {
  const settled = previous.then(
    () => undefined,
    () => undefined,
  );
  if (!signal) return settled;
  if (signal.aborted) return Promise.resolve();
  return Promise.race([settled, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
}

/** Tracks why a socket closed, so the log says "peer closed" vs "reset" vs "you closed it". */
export class TcpConnection {
  private closeReason: CloseReason | null = null;
  /** The socket's own error (a reset, say): a write it breaks reports this cause, not "closed". */
  private failure: EngineError | null = null;
  private autoReplyChain: Promise<void> = Promise.resolve();
  /** Settles when every write begun so far has ended: sends go one after another, so the chunks of
   * two messages (a long send and an auto-reply, say) never interleave on the stream. */
  private writesDone: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly socket: Socket,
    readonly peer: Endpoint,
    private readonly owner: ConnectionOwner,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(ownBytes(chunk)));
    socket.on('end', () => {
      this.closeReason ??= 'peer';
      owner.emit({ type: 'half-closed', connectionId: id, by: 'peer', peer });
      owner.onPeerHalfClose(id);
    });
    socket.on('error', (err) => {
      const e = explainSocketError(err, { action: 'io', host: peer.host, port: peer.port });
      if (this.closeReason === null) this.closeReason = e.code === 'ECONNRESET' ? 'reset' : 'error';
      this.failure ??= e;
      owner.emit({ type: 'error', code: e.code, message: e.message, problem: e.problem, connectionId: id, peer });
    });
    socket.on('close', () => {
      const reason = this.closeReason ?? 'peer';
      owner.emit({ type: 'closed', reason, connectionId: id, peer });
      owner.onClosed(id, reason);
    });
  }

  /** Resolves once every byte is handed to the socket; a cancel (options.signal) rejects with CANCELLED. */
  async send(bytes: Uint8Array, options: ChunkedWriteOptions = {}): Promise<void> {
    // After our FIN (half-close, close after reply) nothing can leave: refuse before logging,
    // so the log never shows bytes that were not sent.
    if (this.socket.destroyed || !this.socket.writable) {
      throw new EngineError('CLOSED', { key: 'sendingClosed' });
    }
    // A TCP stream has no empty message: a write of nothing sends nothing the peer could see.
    if (bytes.byteLength === 0) throw new EngineError('EMPTY', { key: 'nothingToSendTcp' }, 'message');
    // Logged once the socket has taken the first chunk, so a write refused at once (the peer already
    // gone) is an error entry only, never counted as sent. The write of a chunk completes before any
    // reply can be read (its promise settles before the next I/O), so a fast answer still shows below.
    let logged = false;
    let handed = 0;
    const onProgress = (n: number): void => {
      handed = n;
      if (!logged) {
        logged = true;
        this.owner.emit({ type: 'data', direction: 'out', connectionId: this.id, peer: this.peer, bytes });
      }
      options.onProgress?.(n);
    };
    let written: number;
    try {
      const before = this.writesDone;
      const turn = untilSettledOrAborted(before, options.signal).then(() => writeInChunks(this.socket, bytes, { ...options, onProgress }));
      // The next send waits for this one and for every earlier one (this one may end early, cancelled while queued).
      this.writesDone = Promise.allSettled([before, turn]);
      written = await turn;
    } catch (err) {
      const explained = explainSocketError(err, { action: 'send', host: this.peer.host, port: this.peer.port });
      const e = explained.code === 'CLOSED' && this.failure ? this.failure : explained;
      // Part of a long message left before the failure: the out entry counted it whole, take back the rest.
      if (logged) {
        const unsentBytes = bytes.byteLength - handed;
        this.owner.emit({
          type: 'error',
          code: e.code,
          message: e.message,
          problem: e.problem,
          connectionId: this.id,
          peer: this.peer,
          unsentBytes,
        });
      }
      throw e;
    }
    if (written < bytes.byteLength) {
      // The out entry above shows the whole message: this entry says how much of it really left.
      const error = cancelledSend(written, bytes.byteLength);
      // Nothing to take back when the cancel came before the first chunk (then no out entry was logged).
      const unsent = logged ? { unsentBytes: bytes.byteLength - written } : {};
      this.owner.emit({
        type: 'error',
        code: error.code,
        message: error.message,
        problem: error.problem,
        connectionId: this.id,
        peer: this.peer,
        ...unsent,
      });
      throw error;
    }
  }

  /** Sends FIN: we will send no more, but keep receiving until the peer closes too. */
  halfClose(): void {
    this.socket.end();
    this.owner.emit({ type: 'half-closed', connectionId: this.id, by: 'local', peer: this.peer });
  }

  close(reason: CloseReason = 'local'): void {
    this.closeReason ??= reason;
    this.socket.destroy();
  }

  private onData(bytes: Uint8Array): void {
    this.owner.emit({ type: 'data', direction: 'in', connectionId: this.id, peer: this.peer, bytes });
    const rule = this.owner.autoReply();
    if (!rule) return;
    const reply = computeReply(rule, bytes);
    if (reply === null && !rule.closeAfterReply) return;
    // Replies go out in the order the messages came in, each after the previous one is written.
    this.autoReplyChain = this.autoReplyChain.then(async () => {
      if (this.socket.destroyed) return;
      try {
        if (reply !== null && reply.length > 0) await this.send(reply);
        if (rule.closeAfterReply) {
          this.closeReason ??= 'local';
          this.socket.end();
        }
      } catch {
        // The socket's own 'error' / 'close' events already report what went wrong.
      }
    });
  }
}
