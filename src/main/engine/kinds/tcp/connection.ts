// Wiring shared by both ends of a TCP connection (client socket, or a socket a server accepted):
// data in through the framer (and the auto-reply), sends through the encoder, peer half-close, reset,
// close, all as events; what waits to be sent, and reading paused while the replies to what was read
// pile up behind a peer that does not read.
import type { Socket } from 'node:net';
import type { CloseHow, CloseReason, Endpoint, RecvResult } from '../../../../shared/contract';
import { EngineError, explainSocketError } from '../../errors';
import type { EventWithoutMeta } from '../../session-base';
import type { FrameTooLarge } from '../../../../shared/framing';
import { rawEncoder, type Encoder } from '../../pipeline/encoder';
import { rawFramer, type FramerFactory } from '../../pipeline/framer';
import type { Responder } from '../../pipeline/responder';
import { RuleReplies } from '../../pipeline/rule-replies';
import type { RuleAnswer, RuleList } from '../../../../shared/rules';
import type { Problem } from '../../../../shared/problems';
import { writeChunkBytes, writeInChunks, type ChunkedWriteOptions } from '../../pipeline/write';
import { ManualReader } from './manual-read';

export interface ConnectionOwner {
  emit(event: EventWithoutMeta): void;
  /** The received bytes as the log keeps them (see payload-slab.ts). */
  keep(chunk: Uint8Array): Uint8Array;
  /** The session's auto-reply, asked for each message (null: none), so a rule set later applies at once. */
  responder(): Responder | null;
  /** The session's rule list (null: none, the responder answers alone), asked for each message. */
  rules?(): RuleList | null;
  /** A rule answered a message of this connection. */
  rulesHit?(): void;
  onPeerHalfClose(connectionId: string): void;
  onClosed(connectionId: string, reason: CloseReason): void;
  /** The kernel took `bytes` of this connection's output. */
  sent(connectionId: string, bytes: number): void;
  /** Bytes waiting to be taken by the kernel went up (delta > 0) or down. */
  queued(connectionId: string, delta: number): void;
}

/** How a connection cuts what it reads into messages and turns a message into the bytes it writes,
 * and the socket options it sets (see stream-setup.ts, which builds it from the open options). */
export interface StreamPipeline {
  framer: FramerFactory;
  encoder: Encoder;
  /** TCP_NODELAY: each write leaves at once rather than waiting for the previous one's ACK (Nagle). */
  noDelay: boolean;
  /** SO_KEEPALIVE's initial delay in ms; null: off. */
  keepAliveMs: number | null;
  /** A peer's FIN leaves our side open to write (the socket was made with allowHalfOpen). */
  allowHalfOpen: boolean;
  /** Bytes wait in the kernel until recv (the socket was made paused, see manual-read.ts). */
  manualRead: boolean;
}

/** A raw stream: a read chunk is a message, a message is written as it is, no Nagle, no keep-alive. */
export const rawPipeline: StreamPipeline = {
  framer: rawFramer,
  encoder: rawEncoder,
  noDelay: true,
  keepAliveMs: null,
  allowHalfOpen: false,
  manualRead: false,
};

/**
 * Auto-replies waiting to go out past which the connection stops reading from its peer, and below
 * which it reads again. Only replies count: what is read then adds to what must be written, so a peer
 * that sends fast and never reads would otherwise grow memory without bound. A person's own sends
 * never pause reading: against any echo peer that would deadlock, each side waiting for the other to read.
 */
export const replyHighWaterBytes = 1024 * 1024;
export const replyLowWaterBytes = 256 * 1024;

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
  /** How a closeConnection command closed it (destroy or reset), said in the closed event. */
  private closeHow: CloseHow | null = null;
  /** Manual read mode only: the reads recv asks for (null: every byte is read as it comes). */
  private readonly reader: ManualReader | null = null;
  /** The socket's own error (a reset, say): a write it breaks reports this cause, not "closed". */
  private failure: EngineError | null = null;
  /** Settles when every write begun so far has ended: sends go one after another, so the chunks of
   * two messages (a long send and an auto-reply, say) never interleave on the stream. */
  private writesDone: Promise<unknown> = Promise.resolve();
  /** Chunked writes begun and not yet ended: while one runs, an auto-reply takes its turn behind it. */
  private chunkedWrites = 0;
  /** Bytes accepted for sending that the kernel has not taken yet, and how many of them are replies. */
  private queued = 0;
  private repliesQueued = 0;
  private readingPaused = false;
  private closed = false;
  /** The framer has given its last message (the stream ended, or a frame broke the limit). */
  private framingOver = false;
  private readonly encoder: Encoder;
  /** Replies by rules, in arrival order; made with the first message a rule list answers. */
  private ruleReplies: RuleReplies<undefined> | null = null;

  constructor(
    readonly id: string,
    readonly socket: Socket,
    readonly peer: Endpoint,
    private readonly owner: ConnectionOwner,
    pipeline: StreamPipeline = rawPipeline,
  ) {
    this.encoder = pipeline.encoder;
    // Each whole message is kept for the log as it comes out of the framer (a raw chunk, kept as before).
    const framer = pipeline.framer((message) => this.onMessage(owner.keep(message)));
    // By default a tester sends each message at once, as socat does: Nagle would hold a small write back
    // until the previous one is acknowledged, a delayed ACK's worth of latency on every ping-pong.
    socket.setNoDelay(pipeline.noDelay);
    if (pipeline.keepAliveMs !== null) socket.setKeepAlive(true, pipeline.keepAliveMs);
    const onChunk = (chunk: Uint8Array): void => {
      if (this.framingOver) return;
      const tooLarge = framer.push(chunk);
      if (tooLarge !== null) this.frameTooLarge(tooLarge);
    };
    // Manual reads go through the same framer, so auto-replies and rules answer each read as they answer a chunk.
    if (pipeline.manualRead) this.reader = new ManualReader(socket, onChunk);
    else socket.on('data', onChunk);
    // Bytes the peer sent that never made a whole message still belong in the log, marked partial:
    // before its FIN, or when the connection ends without one (a reset, our close).
    const flushPartial = (): void => {
      if (this.framingOver) return;
      this.framingOver = true;
      const rest = framer.end();
      if (rest !== null) owner.emit({ type: 'data', direction: 'in', connectionId: id, peer, bytes: owner.keep(rest), partial: true });
    };
    socket.on('end', () => {
      flushPartial();
      this.closeReason ??= 'peer';
      // With allowHalfOpen, Node does not end our side: we may still write (CLOSE_WAIT) until we end() it.
      const stillWritable = pipeline.allowHalfOpen && socket.writable ? { stillWritable: true as const } : {};
      owner.emit({ type: 'half-closed', connectionId: id, by: 'peer', peer, ...stillWritable });
      owner.onPeerHalfClose(id);
    });
    socket.on('error', (err) => {
      const e = explainSocketError(err, { action: 'io', host: peer.host, port: peer.port });
      if (this.closeReason === null) this.closeReason = e.code === 'ECONNRESET' ? 'reset' : 'error';
      this.failure ??= e;
      owner.emit({ type: 'error', code: e.code, message: e.message, problem: e.problem, connectionId: id, peer });
    });
    socket.on('close', () => {
      flushPartial();
      // Whatever still waited will never leave: it is no longer queued.
      this.closed = true;
      this.ruleReplies?.stop();
      if (this.queued !== 0) owner.queued(id, -this.queued);
      this.queued = 0;
      this.repliesQueued = 0;
      const reason = this.closeReason ?? 'peer';
      const how = this.closeHow !== null ? { how: this.closeHow } : {};
      owner.emit({ type: 'closed', reason, connectionId: id, peer, ...how });
      owner.onClosed(id, reason);
    });
  }

  /** Resolves once the kernel has taken every byte; a cancel (options.signal) rejects with CANCELLED. */
  send(bytes: Uint8Array, options: ChunkedWriteOptions = {}): Promise<void> {
    let wire: Uint8Array;
    try {
      wire = this.encoder.encode(bytes);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return this.write(wire, options, false);
  }

  /** A frame past --max-frame (or a length below its header): nothing more is read, the connection closes with the reason. */
  private frameTooLarge(found: FrameTooLarge): void {
    this.framingOver = true;
    const e = new EngineError('FRAME_TOO_LARGE', found.problem);
    this.closeReason ??= 'error';
    this.failure ??= e;
    this.owner.emit({ type: 'error', code: e.code, message: e.message, problem: e.problem, connectionId: this.id, peer: this.peer });
    this.socket.destroy();
  }

  /** Writes bytes already encoded: what is logged and counted is what goes on the wire. */
  private async write(bytes: Uint8Array, options: ChunkedWriteOptions, isReply: boolean): Promise<void> {
    // After our FIN (half-close, close after reply) nothing can leave: refuse before logging,
    // so the log never shows bytes that were not sent.
    if (this.socket.destroyed || !this.socket.writable) {
      throw new EngineError('CLOSED', { key: 'sendingClosed' });
    }
    // A TCP stream has no empty message: a write of nothing sends nothing the peer could see.
    if (bytes.byteLength === 0) throw new EngineError('EMPTY', { key: 'nothingToSendTcp' }, 'message');
    // Queued from now until the kernel takes it (or it is given up), whether it waits for its turn or for 'drain'.
    this.enqueue(bytes.byteLength, isReply);
    const onWritten = (n: number, taken: boolean): void => {
      if (taken && n > 0) this.owner.sent(this.id, n);
      this.dequeue(n, isReply);
    };
    // Logged once the kernel has taken the first chunk, so a write refused at once (the peer already
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
    this.chunkedWrites++;
    try {
      const before = this.writesDone;
      const turn = untilSettledOrAborted(before, options.signal).then(() =>
        writeInChunks(this.socket, bytes, { ...options, onProgress, onWritten }),
      );
      // The next send waits for this one and for every earlier one (this one may end early, cancelled while queued).
      this.writesDone = Promise.allSettled([before, turn]);
      written = await turn;
    } catch (err) {
      this.chunkedWrites--;
      const explained = explainSocketError(err, { action: 'send', host: this.peer.host, port: this.peer.port });
      const e = explained.code === 'CLOSED' && this.failure ? this.failure : explained;
      // Part of a long message left before the failure: the out entry shows it whole, this one says how much never left.
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
    this.chunkedWrites--;
    if (written < bytes.byteLength) {
      // The out entry above shows the whole message: this entry says how much of it really left.
      const error = cancelledSend(written, bytes.byteLength);
      // Nothing to say when the cancel came before the first chunk (then no out entry was logged).
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

  /**
   * destroy(): closes at once; the kernel sends FIN, or RST when bytes we never read wait in its buffer.
   * reset: resetAndDestroy() sends RST whatever is unread (SO_LINGER 0), so the peer's recv fails with ECONNRESET.
   */
  closeBy(how: 'destroy' | 'reset'): void {
    if (this.socket.destroyed) return;
    const before = { reason: this.closeReason, how: this.closeHow };
    this.closeReason ??= 'local';
    this.closeHow ??= how;
    if (how === 'reset') {
      try {
        this.socket.resetAndDestroy();
      } catch {
        this.closeReason = before.reason;
        this.closeHow = before.how;
        // TLS: its socket's handle is the TLS layer, which cannot set SO_LINGER 0; nothing was closed.
        throw new EngineError('UNSUPPORTED', { key: 'resetOnlyTcp' });
      }
    } else this.socket.destroy();
  }

  /** Manual read mode: one read of at most `max` bytes (recv(n)); empty with peerClosed once the peer ended. */
  async recv(max: number, waitMs: number): Promise<RecvResult> {
    const reader = this.reader;
    if (reader === null) throw new EngineError('UNSUPPORTED', { key: 'recvNotManual' });
    if (reader.busy) throw new EngineError('BUSY', { key: 'recvBusy' });
    const read = await reader.read(max, waitMs);
    return {
      bytes: read.bytes ?? new Uint8Array(0),
      peerClosed: read.how === 'ended',
      timedOut: read.how === 'timedOut',
    };
  }

  private enqueue(n: number, isReply: boolean): void {
    if (this.closed) return;
    this.queued += n;
    if (isReply) {
      this.repliesQueued += n;
      if (!this.readingPaused && this.reader === null && this.repliesQueued > replyHighWaterBytes) {
        // The peer sends faster than it reads our replies: stop reading until they drain.
        this.readingPaused = true;
        this.socket.pause();
      }
    }
    this.owner.queued(this.id, n);
  }

  private dequeue(n: number, isReply: boolean): void {
    if (this.closed || n === 0) return;
    this.queued -= n;
    if (isReply) {
      this.repliesQueued -= n;
      if (this.readingPaused && this.repliesQueued <= replyLowWaterBytes) {
        this.readingPaused = false;
        this.socket.resume();
      }
    }
    this.owner.queued(this.id, -n);
  }

  private onMessage(bytes: Uint8Array): void {
    this.owner.emit({ type: 'data', direction: 'in', connectionId: this.id, peer: this.peer, bytes });
    const rules = this.owner.rules?.() ?? null;
    if (rules !== null) {
      this.ruleReplies ??= new RuleReplies({
        problem: (problem) => this.ruleProblem(problem),
        deliver: (answer) => this.deliverRuleAnswer(answer),
        hit: () => this.owner.rulesHit?.(),
      });
      this.ruleReplies.answer(rules, bytes, undefined);
      return;
    }
    const answer = this.owner.responder()?.replyTo(bytes);
    if (!answer) return;
    // Read now: the responder hands back the same object for its next message.
    let reply: Uint8Array | null;
    try {
      reply = answer.bytes === null ? null : this.encoder.encode(answer.bytes);
    } catch (err) {
      // A reply the framing refuses (another size than fixed:N): said in the log, nothing sent.
      if (err instanceof EngineError) {
        this.owner.emit({
          type: 'error',
          code: err.code,
          message: err.message,
          problem: err.problem,
          connectionId: this.id,
          peer: this.peer,
        });
      }
      return;
    }
    const closeAfterReply = answer.close;
    if (this.socket.destroyed || !this.socket.writable) return;
    if (reply !== null && reply.byteLength > 0 && reply.byteLength <= writeChunkBytes && this.chunkedWrites === 0) {
      this.replyAtOnce(reply, closeAfterReply);
      return;
    }
    // Queued at once (so the pause above sees it), and written in the order the messages came in:
    // every write takes its turn after the ones begun before it.
    const replied = reply !== null && reply.byteLength > 0 ? this.write(reply, {}, true) : this.writesDone;
    replied.then(
      () => {
        if (!closeAfterReply || this.socket.destroyed) return;
        this.closeReason ??= 'local';
        this.socket.end();
      },
      // The socket's own 'error' / 'close' events already report what went wrong.
      () => undefined,
    );
  }

  /** A regex rule stopped at its deadline on a message: said in the log, nothing sent, the connection goes on. */
  private ruleProblem(problem: Problem): void {
    const e = new EngineError('RULE_FAILED', problem);
    this.owner.emit({ type: 'error', code: e.code, message: e.message, problem, connectionId: this.id, peer: this.peer });
  }

  /** A rule's answer, framed by the session's encoder like any send, then the close it asked for. */
  private async deliverRuleAnswer(answer: RuleAnswer): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return;
    let reply: Uint8Array;
    try {
      reply = this.encoder.encode(answer.reply);
    } catch (err) {
      if (err instanceof EngineError) this.ruleProblem(err.problem);
      return;
    }
    if (reply.byteLength > 0) await this.write(reply, {}, true);
    if (answer.close && !this.socket.destroyed) {
      this.closeReason ??= 'local';
      this.socket.end();
    }
  }

  /**
   * A reply of one chunk with no chunked write in progress: one socket.write, now. Node keeps the
   * writes of a stream in order, so it cannot land inside another message, and a chunked send begun
   * later goes after it; no promise, turn or listener per reply, which on a ping-pong cost more than
   * the write itself. Counted as sent and logged when the kernel takes it (the write's callback, on
   * the next tick when the kernel takes it at once, so before any answer to it can be read), as a
   * chunked write is. Backpressure still holds: it is queued until then, so the pause sees it.
   */
  private replyAtOnce(reply: Uint8Array, closeAfterReply: boolean): void {
    const n = reply.byteLength;
    this.enqueue(n, true);
    this.socket.write(reply, (err) => {
      if (!err) this.owner.sent(this.id, n);
      this.dequeue(n, true);
      // A write refused (the peer already gone) is reported by the socket's own 'error' / 'close'.
      if (err) return;
      this.owner.emit({ type: 'data', direction: 'out', connectionId: this.id, peer: this.peer, bytes: reply });
      if (!closeAfterReply || this.socket.destroyed) return;
      this.closeReason ??= 'local';
      this.socket.end();
    });
  }
}
