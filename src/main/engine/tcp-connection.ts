// Wiring shared by both ends of a TCP connection (client socket, or a socket a server accepted):
// data in (and the auto-reply), peer half-close, reset, close, all as events.
import type { Socket } from 'node:net';
import type { AutoReplyRule, CloseReason, Endpoint } from '../../shared/contract';
import { EngineError, explainSocketError } from './errors';
import { computeReply } from './replies';
import { ownBytes, type EventWithoutMeta } from './session-base';
import { writeWithBackpressure } from './write';

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

/** Tracks why a socket closed, so the log says "peer closed" vs "reset" vs "you closed it". */
export class TcpConnection {
  private closeReason: CloseReason | null = null;
  private autoReplyChain: Promise<void> = Promise.resolve();

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
      owner.emit({ type: 'error', code: e.code, message: e.message, connectionId: id, peer });
    });
    socket.on('close', () => {
      const reason = this.closeReason ?? 'peer';
      owner.emit({ type: 'closed', reason, connectionId: id, peer });
      owner.onClosed(id, reason);
    });
  }

  async send(bytes: Uint8Array): Promise<void> {
    // After our FIN (half-close, close after reply) nothing can leave: refuse before logging,
    // so the log never shows bytes that were not sent.
    if (this.socket.destroyed || !this.socket.writable) {
      throw new EngineError('CLOSED', { key: 'sendingClosed' });
    }
    // Logged before it is written, so an answer that comes back fast is never shown above it.
    this.owner.emit({ type: 'data', direction: 'out', connectionId: this.id, peer: this.peer, bytes });
    try {
      await writeWithBackpressure(this.socket, bytes);
    } catch (err) {
      throw explainSocketError(err, { action: 'send', host: this.peer.host, port: this.peer.port });
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
