// The Stream vs datagram lab's state, kept while its tab is hidden: the chips, the loopback pairs it opened
// (a TCP receiver in manual read mode and its client; a UDP receiver and a sender), every byte written and
// which write it came from, what recv / recvfrom returned. Bytes still in the TCP receiver's kernel buffer
// are what was sent minus what recv returned (the receiver reads nothing else: manual read mode).
import { frameForSend, parseFraming } from '../../../../shared/framing';
import type { CommandError, LogRow } from '../../../../shared/contract';
import { api } from '../../api';
import { workspace } from '../workspace/workspace-store';
import { openLabSession, rowsOf, RunFailed, selectSession, valueOf } from '../close-abort/lab-sessions';
import { planWrites, type SendMode } from './slices';
import { ChangeSignal } from '../../lib/change-signal';

export const receiverFramings = ['raw', 'line', 'len:2'] as const;
export type ReceiverFraming = (typeof receiverFramings)[number];

/** One byte on the wire and the write (1, 2, ...) it came from. */
export interface TaggedByte {
  value: number;
  write: number;
}

export interface RecvEntry {
  id: number;
  asked: number;
  bytes: TaggedByte[];
  outcome: 'read' | 'peerClosed' | 'empty';
}

export interface DatagramEntry {
  id: number;
  bytes: TaggedByte[];
  from: string;
}

/** The sessions' names, in the reader's language. */
export type PairNames = Record<'tcpReceiver' | 'tcpSender' | 'udpReceiver' | 'udpSender', string>;

interface Pairs {
  tcpReceiver: string;
  tcpSender: string;
  udpReceiver: string;
  udpReceiverPort: number;
  udpSender: string;
  framing: ReceiverFraming;
}

const host = '127.0.0.1';
const noReply = { mode: 'none' } as const;
/** What the lab keeps of recv / recvfrom results on screen: the newest few. */
const keptResults = 8;

class StreamLabStore extends ChangeSignal {
  chips: string[] = ['Hello', 'World', '!'];
  /** Per chip: the byte positions it is split at, as typed ("2" or "1, 3"). */
  slices: string[] = ['', '', ''];
  mode: SendMode = 'each';
  framing: ReceiverFraming = 'raw';
  recvMax = '1024';
  pairs: Pairs | null = null;
  busy = false;
  error: CommandError | null = null;
  /** Every byte the TCP client wrote, in order; the first `consumed` were returned by recv. */
  tcpBytes: TaggedByte[] = [];
  consumed = 0;
  recvs: RecvEntry[] = [];
  /** The text of each write (legend), by write number - 1. */
  writes: string[] = [];
  /** Datagrams sent (write number per datagram, in order); how many recvfrom has taken. */
  datagramWrites: number[] = [];
  datagramsTaken = 0;
  recvfroms: DatagramEntry[] = [];
  /** The framer's whole messages at the TCP receiver (its data-in rows), as text. */
  framed: string[] = [];
  private nextId = 1;

  setChip(i: number, text: string): void {
    this.chips[i] = text;
    this.changed();
  }
  setSlice(i: number, text: string): void {
    this.slices[i] = text;
    this.changed();
  }
  addChip(): void {
    this.chips.push('');
    this.slices.push('');
    this.changed();
  }
  removeChip(i: number): void {
    this.chips.splice(i, 1);
    this.slices.splice(i, 1);
    this.changed();
  }
  setMode(mode: SendMode): void {
    this.mode = mode;
    this.changed();
  }
  setRecvMax(text: string): void {
    this.recvMax = text;
    this.changed();
  }

  /** Another framing at the TCP receiver: a new TCP pair (framing is set when a socket opens). */
  async setFraming(framing: ReceiverFraming, names: PairNames): Promise<void> {
    this.framing = framing;
    if (this.pairs && this.pairs.framing !== framing) {
      const old = this.pairs;
      await this.run(async () => {
        await this.closeTcp(old);
        const tcp = await this.openTcp(names);
        this.pairs = { ...old, ...tcp, framing };
        this.resetTcp();
        selectSession(tcp.tcpReceiver);
      });
    } else this.changed();
  }

  /** Sends the chips over both transports, opening the pairs the first time. */
  async send(names: PairNames): Promise<void> {
    const plan = planWrites(this.chips, this.slices, this.mode);
    if (!plan.ok) return;
    await this.run(async () => {
      const pairs = await this.ensurePairs(names);
      const parsed = parseFraming(pairs.framing);
      for (const bytes of plan.writes) {
        this.writes.push(new TextDecoder().decode(bytes));
        const n = this.writes.length;
        // The receiver's kernel gets what goes on the wire: the framing's header or delimiter too.
        const framed = parsed.ok ? frameForSend(parsed.framing, bytes) : null;
        const wire = framed && framed.ok ? framed.bytes : bytes;
        valueOf(await api.send({ sessionId: pairs.tcpSender, bytes, to: { kind: 'default' } }));
        for (const value of wire) this.tcpBytes.push({ value, write: n });
        valueOf(await api.send({ sessionId: pairs.udpSender, bytes, to: { kind: 'peer', host, port: pairs.udpReceiverPort } }));
        this.datagramWrites.push(n);
        this.changed();
      }
    });
  }

  /** recv(n) at the TCP receiver: at most n bytes off the front, whatever writes they came from. */
  async recv(max: number): Promise<void> {
    const pairs = this.pairs;
    if (!pairs) return;
    await this.run(async () => {
      const got = valueOf(await api.recv({ sessionId: pairs.tcpReceiver, max, waitMs: 300 }));
      const bytes = this.tcpBytes.slice(this.consumed, this.consumed + got.bytes.byteLength);
      this.consumed += got.bytes.byteLength;
      const outcome = got.bytes.byteLength > 0 ? 'read' : got.peerClosed ? 'peerClosed' : 'empty';
      this.recvs = [{ id: this.nextId++, asked: max, bytes, outcome } as const, ...this.recvs].slice(0, keptResults);
      this.framed = messagesIn(await rowsOf(pairs.tcpReceiver));
    });
  }

  /**
   * recvfrom() at the UDP receiver: the next datagram, whole. The engine reads each datagram as it arrives
   * (its row is in the receiver's log); this takes them in order, one per call, as the socket's queue would.
   */
  async recvfrom(): Promise<void> {
    const pairs = this.pairs;
    if (!pairs) return;
    await this.run(async () => {
      const rows = (await rowsOf(pairs.udpReceiver)).filter((r) => r.type === 'data' && r.direction === 'in');
      const row = rows[this.datagramsTaken];
      if (!row || row.type !== 'data') {
        this.recvfroms = [{ id: this.nextId++, bytes: [], from: '' }, ...this.recvfroms].slice(0, keptResults);
        return;
      }
      const write = this.datagramWrites[this.datagramsTaken] ?? 0;
      this.datagramsTaken++;
      const bytes = [...row.bytes].map((value) => ({ value, write }));
      this.recvfroms = [{ id: this.nextId++, bytes, from: `${row.peer.host}:${row.peer.port}` }, ...this.recvfroms].slice(0, keptResults);
    });
  }

  /** Datagrams that arrived and wait for a recvfrom (each a whole write). */
  get datagramsWaiting(): number {
    return this.datagramWrites.length - this.datagramsTaken;
  }

  private async run(step: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.changed();
    try {
      await step();
    } catch (err) {
      this.error = err instanceof RunFailed ? err.error : { code: 'FAILED', message: String(err) };
      // A lab session removed from the sidebar: the next send opens the pairs again.
      if (this.error.code === 'NO_SESSION') {
        this.pairs = null;
        this.resetTcp();
        this.datagramWrites = [];
        this.datagramsTaken = 0;
      }
    } finally {
      this.busy = false;
      this.changed();
    }
  }

  private async ensurePairs(names: PairNames): Promise<Pairs> {
    if (this.pairs) return this.pairs;
    const udpReceiver = valueOf(await openLabSession({ kind: 'udp', host, port: 0, autoReply: noReply }, names.udpReceiver));
    const udpSender = valueOf(await openLabSession({ kind: 'udp', host, port: 0, autoReply: noReply }, names.udpSender));
    const tcp = await this.openTcp(names);
    this.pairs = {
      ...tcp,
      udpReceiver: udpReceiver.id,
      udpReceiverPort: udpReceiver.local!.port,
      udpSender: udpSender.id,
      framing: this.framing,
    };
    selectSession(tcp.tcpReceiver);
    return this.pairs;
  }

  private async openTcp(names: PairNames): Promise<Pick<Pairs, 'tcpReceiver' | 'tcpSender'>> {
    const receiver = valueOf(
      await openLabSession(
        { kind: 'tcp-server', host, port: 0, autoReply: noReply, read: 'manual', framing: this.framing },
        names.tcpReceiver,
      ),
    );
    const sender = valueOf(
      await openLabSession({ kind: 'tcp-client', host, port: receiver.local!.port, framing: this.framing }, names.tcpSender),
    );
    return { tcpReceiver: receiver.id, tcpSender: sender.id };
  }

  private async closeTcp(pairs: Pairs): Promise<void> {
    for (const id of [pairs.tcpSender, pairs.tcpReceiver]) {
      const entry = workspace.entryOfSession(id);
      if (entry) await workspace.close(entry.id);
    }
  }

  private resetTcp(): void {
    this.tcpBytes = [];
    this.consumed = 0;
    this.recvs = [];
    this.framed = [];
  }
}

/** The framer's messages: the receiver's data-in rows (raw: one per recv; framed: one per whole message). */
function messagesIn(rows: LogRow[]): string[] {
  return rows.flatMap((r) => (r.type === 'data' && r.direction === 'in' ? [new TextDecoder().decode(r.bytes)] : []));
}

export const streamLab = new StreamLabStore();
