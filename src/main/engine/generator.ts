// The traffic generator: floods from a session's own socket (a UDP peer, a TCP client's server, a
// TCP server's clients) as fast as the system takes it or at a target rate, and counts every message
// in the session's counters. It logs no row per message, which would cost more than the send itself
// and churn the log: one row when it starts, one a second while it runs, one when it ends.
import type dgram from 'node:dgram';
import type net from 'node:net';
import { formatHostPort } from '../../shared/address';
import type { Endpoint, SendTarget } from '../../shared/contract';
import {
  floodPatternBytes,
  floodTemplate,
  writeFloodCounter,
  type FloodInfo,
  type FloodSettings,
  type FloodState,
} from '../../shared/flood';
import { EngineError, explainSocketError } from './errors';
import type { EventWithoutMeta } from './session-base';

/** A flood as the contract's startFlood gives it (sessionId aside). */
export interface FloodOptions extends FloodSettings {
  /** text: the text to repeat (empty: a default); hex: the bytes to repeat, in hex; counter: unused. */
  pattern: string;
  to: SendTarget;
}

/** One socket a flood writes into, handed out by the session that owns it. */
export type FloodTarget =
  | { kind: 'udp'; socket: dgram.Socket; peer: Endpoint; connectionId: string; localAddress: string }
  | { kind: 'tcp'; socket: net.Socket; peer: Endpoint; connectionId: string };

/** What a flood needs of its session (SessionBase provides it). */
export interface FloodSource {
  readonly id: string;
  readonly isOpen: boolean;
  /** Where a flood to `to` goes, refused as a send would be (no peer, no client, too large for a datagram). */
  floodTargets(to: SendTarget, size: number): FloodTarget[];
  /** Messages and bytes of this connection the system took: counted as the session's sends. */
  countGenerated(connectionId: string, messages: number, bytes: number): void;
  /** A row of the session's log (the summaries, a first send error). */
  logGenerated(event: EventWithoutMeta): void;
}

// As fast as possible, UDP sends this many datagrams per turn of the event loop, then yields so that
// replies, timers and a Stop get their turn. dgram has no call that sends several datagrams at once
// (an array is one datagram), so the loop calls send() without waiting for each callback.
const udpBatch = 256;
/** Bytes of datagrams one turn hands out at most (a batch of 64 KiB datagrams is smaller). */
const udpBatchBytes = 1024 * 1024;
/** Datagrams handed to dgram whose callback has not come yet: past this the loop waits (a socket that
 * cannot send at once queues them in memory). */
const maxUdpInFlight = 4096;
const maxUdpInFlightBytes = 8 * 1024 * 1024;
/** A TCP write carries whole messages, up to this many bytes (one message when it is bigger). */
const tcpChunkBytes = 64 * 1024;
/** As fast as possible, TCP writes at most this much per turn before yielding, while the socket takes it. */
const tcpTurnBytes = 1024 * 1024;
/** The live rate and the window's figures move this often; the log gets a progress row every `logEveryMs`. */
const statsEveryMs = 250;
const logEveryMs = 1000;
/** The live rate is measured over this much of the recent past. */
const rateWindowMs = 1000;
/** A UDP flood whose sends have all failed this many times in a row gives up with that error. */
const maxFailuresInARow = 1000;
/**
 * A stop waits this long for writes already handed out, the end of a duration longer (a slow reader
 * takes a last TCP write within a second or so); completions after that are still counted. A TCP
 * write is counted whole when the kernel has taken all of it: one the connection's close cuts short
 * (a peer that reads nothing) is not counted, though its first bytes may have left.
 */
const stopGraceMs = 500;
const durationGraceMs = 2000;

/** One socket of a running flood, with what it owes the session's counters. */
interface Lane {
  target: FloodTarget;
  /** Messages (and bytes) the system took that the session has not counted yet. */
  messages: number;
  bytes: number;
  /** TCP: write() said the buffer is full: wait for 'drain'. */
  blocked: boolean;
  /** TCP: gone (closed or broken) — no more writes. */
  gone: boolean;
  unlisten: () => void;
}

const monotonic = (): number => performance.now();

/** One flood of one session. */
export class Flood {
  readonly id: string;
  private state: FloodState = 'running';
  private readonly settings: FloodSettings;
  private readonly lanes: Lane[];
  private readonly size: number;
  private readonly counter: boolean;
  /** A whole message: what text and hex payloads send every time; the pattern behind a counter. */
  private readonly template: Uint8Array;
  /** TCP: `chunkMessages` messages back to back, written as one chunk. */
  private readonly chunk: Uint8Array;
  private readonly chunkMessages: number;
  private readonly udpBatch: number;
  private readonly targetText: string;
  private readonly startedAt = Date.now();
  private readonly t0 = monotonic();
  private endedAt: number | null = null;
  /** Messages handed to the socket (the next counter value). */
  private issued = 0;
  /** Counted (taken by the system), refused. */
  private messages = 0;
  private bytes = 0;
  private errors = 0;
  private failuresInARow = 0;
  private error: FloodInfo['error'] = null;
  /** UDP datagrams / TCP chunks whose callback has not come yet. */
  private pending = 0;
  private pendingBytes = 0;
  private waitingForPending = false;
  /** No more messages will be handed out (count reached, duration over, stop asked, or a failure). */
  private issuing = true;
  private stopAsked = false;
  private rate = 0;
  private readonly samples: { t: number; messages: number }[] = [];
  private lastLog: number;
  private turn: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private readonly statsTimer: NodeJS.Timeout;
  private graceTimer: NodeJS.Timeout | null = null;
  /** Ends a flood with a duration on time, even while it waits for a slow reader. */
  private deadlineTimer: NodeJS.Timeout | null = null;
  private countScheduled = false;
  private resolveDone!: (info: FloodInfo) => void;
  /** Settles once the flood has ended, with its final figures. */
  readonly done: Promise<FloodInfo> = new Promise((resolve) => (this.resolveDone = resolve));

  constructor(
    id: string,
    private readonly source: FloodSource,
    options: FloodOptions,
    private readonly changed: () => void,
  ) {
    this.id = id;
    const { size, payload, rate, count, duration } = options;
    this.settings = { size, payload, rate, count, duration };
    this.size = size;
    this.counter = payload === 'counter';
    // Refused here, before anything is sent: the same answers a send would get.
    const targets = source.floodTargets(options.to, size);
    this.template = floodTemplate(size, floodPatternBytes(payload, options.pattern));
    this.chunkMessages = Math.max(1, Math.floor(tcpChunkBytes / size));
    this.chunk = this.chunkMessages === 1 ? this.template : repeat(this.template, this.chunkMessages);
    this.udpBatch = Math.max(1, Math.min(udpBatch, Math.floor(udpBatchBytes / size)));
    // "all" (the clients of a server, however many), or the one peer's address.
    this.targetText =
      options.to.kind === 'all' || targets.length > 1 ? 'all' : formatHostPort(targets[0]!.peer.host, targets[0]!.peer.port);
    this.lanes = targets.map((target) => this.lane(target));
    this.lastLog = this.t0;
    this.samples.push({ t: this.t0, messages: 0 });
    this.statsTimer = setInterval(() => this.tick(), statsEveryMs);
    this.statsTimer.unref();
    if (duration !== null) this.deadlineTimer = setTimeout(this.onDeadline, duration * 1000);
    this.log('started');
    this.schedule(0);
  }

  info(): FloodInfo {
    return {
      id: this.id,
      state: this.state,
      settings: { ...this.settings },
      target: this.targetText,
      messages: this.messages,
      bytes: this.bytes,
      errors: this.errors,
      rate: this.rate,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      error: this.error,
    };
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Stops handing out messages; ends once what was handed out is taken (or `stopGraceMs` passed). */
  stop(): Promise<FloodInfo> {
    if (this.state === 'running' && !this.stopAsked) {
      this.stopAsked = true;
      if (this.issuing) this.endIssuing(stopGraceMs);
      // Already waiting for the last writes (a count reached behind a slow reader): wait a little only.
      else this.graceTimer ??= setTimeout(() => this.settle(), stopGraceMs);
    }
    return this.done;
  }

  private lane(target: FloodTarget): Lane {
    const lane: Lane = { target, messages: 0, bytes: 0, blocked: false, gone: false, unlisten: () => undefined };
    if (target.kind === 'tcp') {
      const socket = target.socket;
      let failure: unknown = null;
      const onError = (err: unknown): void => void (failure ??= err);
      const onClose = (): void => this.laneGone(lane, failure);
      const onDrain = (): void => {
        lane.blocked = false;
        if (this.issuing && !this.lanes.some((l) => l.blocked && !l.gone)) this.schedule(0);
      };
      socket.on('error', onError);
      socket.once('close', onClose);
      socket.on('drain', onDrain);
      lane.unlisten = () => {
        socket.off('error', onError);
        socket.off('close', onClose);
        socket.off('drain', onDrain);
      };
    }
    return lane;
  }

  // ---------- pacing ----------

  /** How many messages may go now: what is owed by elapsed time at a target rate, and what count and duration leave. */
  private allowance(now: number): number {
    const elapsed = now - this.t0;
    const { rate, count, duration } = this.settings;
    let limit = count ?? Infinity;
    if (duration !== null && elapsed >= duration * 1000) {
      // Over: what was due before the end may still go (a late timer), nothing after it.
      if (rate !== null) limit = Math.min(limit, Math.ceil(duration * rate));
      const left = rate === null ? 0 : Math.max(0, limit - this.issued);
      if (left === 0) this.endIssuing(durationGraceMs);
      return left;
    }
    // Message k is due k / rate seconds after the start: a token bucket refilled by elapsed time.
    if (rate !== null) limit = Math.min(limit, Math.floor((elapsed / 1000) * rate) + 1);
    return Math.max(0, limit - this.issued);
  }

  /** The next turn: at once (setImmediate, so I/O runs in between), or when the next message is due. */
  private schedule(delayMs: number): void {
    if (this.turn !== null || !this.issuing) return;
    const run = (): void => {
      this.turn = null;
      this.send();
    };
    this.turn = delayMs <= 0 ? setImmediate(run) : setTimeout(run, delayMs);
  }

  /** Milliseconds until the next message is due at the target rate (or the duration ends). */
  private untilNextDue(now: number): number {
    const { rate, duration } = this.settings;
    let at = rate === null ? now : this.t0 + (this.issued / rate) * 1000;
    if (duration !== null) at = Math.min(at, this.t0 + duration * 1000);
    return at - now;
  }

  private send(): void {
    if (!this.issuing) return;
    if (!this.source.isOpen) return this.fail(new EngineError('CLOSED', { key: 'socketClosed' }));
    const now = monotonic();
    let n = this.allowance(now);
    if (!this.issuing) return this.endIssuing();
    if (this.settings.count !== null && this.issued >= this.settings.count) return this.endIssuing();
    try {
      if (n > 0) n = this.lanes[0]!.target.kind === 'udp' ? this.sendDatagrams(n) : this.writeChunks(n);
    } catch (err) {
      // dgram throws at once on a closed socket; anything else thrown here is the same kind of end.
      return this.fail(explainSocketError(err, { action: 'send' }));
    }
    if (!this.issuing || this.state !== 'running') return;
    if (this.settings.count !== null && this.issued >= this.settings.count) return this.endIssuing();
    if (this.waitingForPending || this.lanes.some((l) => l.blocked && !l.gone)) return; // a callback or 'drain' resumes
    this.schedule(this.settings.rate === null ? 0 : Math.max(0, this.untilNextDue(monotonic())));
  }

  private readonly onDeadline = (): void => {
    this.deadlineTimer = null;
    if (!this.issuing) return;
    // What was due before the end goes now if the sockets take it; then nothing more.
    if (!this.waitingForPending && !this.lanes.some((l) => l.blocked && !l.gone)) {
      this.clearTurn();
      this.send();
    }
    this.endIssuing(durationGraceMs);
  };

  // ---------- UDP ----------

  /** Hands up to `owed` datagrams to dgram, without waiting for any callback; returns how many. */
  private sendDatagrams(owed: number): number {
    const target = this.lanes[0]!.target as Extract<FloodTarget, { kind: 'udp' }>;
    const room = Math.min(maxUdpInFlight - this.pending, Math.floor((maxUdpInFlightBytes - this.pendingBytes) / this.size));
    const n = Math.min(owed, this.udpBatch, room);
    if (n <= 0) {
      this.waitingForPending = true;
      return 0;
    }
    const { socket, peer } = target;
    const size = this.size;
    const onSent = this.onDatagramSent;
    this.pending += n;
    this.pendingBytes += n * size;
    if (this.counter) {
      // Each datagram its own bytes (dgram may still hold them after send() returns): one slab per turn.
      const slab = Buffer.allocUnsafe(n * size);
      for (let i = 0; i < n; i++) {
        const at = i * size;
        slab.set(this.template, at);
        writeFloodCounter(slab, at, this.issued + i);
        socket.send(slab.subarray(at, at + size), peer.port, peer.host, onSent);
      }
    } else {
      // The same bytes every time: one buffer serves every datagram.
      const message = this.template;
      for (let i = 0; i < n; i++) socket.send(message, peer.port, peer.host, onSent);
    }
    this.issued += n;
    if (this.pending >= maxUdpInFlight || this.pendingBytes + this.size > maxUdpInFlightBytes) this.waitingForPending = true;
    return n;
  }

  /** One datagram's callback: counted once the system took it, or one error more. One shared function, no closure per datagram. */
  private readonly onDatagramSent = (err: Error | null): void => {
    this.pending--;
    this.pendingBytes -= this.size;
    const lane = this.lanes[0]!;
    if (err) this.datagramFailed(err, lane);
    else {
      this.failuresInARow = 0;
      lane.messages++;
      lane.bytes += this.size;
      this.scheduleCount();
    }
    if (this.waitingForPending && this.pending <= maxUdpInFlight / 2) {
      this.waitingForPending = false;
      this.schedule(0);
    }
    if (this.pending === 0 && !this.issuing) this.settle();
  };

  private datagramFailed(err: Error, lane: Lane): void {
    this.errors++;
    this.failuresInARow++;
    if (this.error === null) {
      const target = lane.target;
      const e = explainSocketError(err, {
        action: 'send',
        host: target.peer.host,
        port: target.peer.port,
        ...(target.kind === 'udp' ? { localAddress: target.localAddress } : {}),
      });
      this.error = { code: e.code, message: e.message, problem: e.problem };
      // The first refusal is a row of the log, like any failed send; the others are counted.
      this.source.logGenerated({ type: 'error', code: e.code, message: e.message, problem: e.problem, peer: target.peer });
    }
    if (this.failuresInARow >= maxFailuresInARow && this.state === 'running') {
      const e = this.error!;
      this.fail(new EngineError(e.code, e.problem), false);
    }
  }

  // ---------- TCP ----------

  /** Writes up to `owed` messages in chunks of whole messages to every client, while the sockets take them. */
  private writeChunks(owed: number): number {
    const limit = Math.min(owed, Math.max(1, Math.floor(tcpTurnBytes / this.size)));
    let written = 0;
    while (written < limit) {
      const lanes = this.lanes.filter((l) => !l.gone);
      if (lanes.length === 0 || lanes.some((l) => l.blocked)) break;
      const n = Math.min(this.chunkMessages, limit - written);
      const chunk = this.chunkOf(n);
      for (const lane of lanes) this.write(lane, chunk, n);
      this.issued += n;
      written += n;
    }
    return written;
  }

  /** `n` messages back to back; a counter chunk is new bytes each time (the socket may hold the last one). */
  private chunkOf(n: number): Uint8Array {
    const bytes = n === this.chunkMessages ? this.chunk : this.chunk.subarray(0, n * this.size);
    if (!this.counter) return bytes;
    const out = Buffer.allocUnsafe(bytes.byteLength);
    out.set(bytes);
    for (let i = 0; i < n; i++) writeFloodCounter(out, i * this.size, this.issued + i);
    return out;
  }

  private write(lane: Lane, chunk: Uint8Array, messages: number): void {
    const socket = (lane.target as Extract<FloodTarget, { kind: 'tcp' }>).socket;
    this.pending++;
    this.pendingBytes += chunk.byteLength;
    // Counted when the kernel takes it (the write's callback), as every TCP send of the session is.
    const ok = socket.write(chunk, (err) => {
      this.pending--;
      this.pendingBytes -= chunk.byteLength;
      if (!err) {
        lane.messages += messages;
        lane.bytes += chunk.byteLength;
        this.scheduleCount();
      }
      // A failed write: the socket's 'error' and 'close' end this lane (laneGone) with the cause.
      if (this.pending === 0 && !this.issuing) this.settle();
    });
    if (!ok) lane.blocked = true;
  }

  private laneGone(lane: Lane, failure: unknown): void {
    if (lane.gone) return;
    lane.gone = true;
    lane.unlisten();
    if (this.state !== 'running' || this.lanes.some((l) => !l.gone)) return;
    const peer = lane.target.peer;
    // Broken by the peer (a reset, or it closed), or closed by us (the session stopped).
    const e =
      failure !== null
        ? explainSocketError(failure, { action: 'send', host: peer.host, port: peer.port })
        : this.source.isOpen
          ? new EngineError('EPIPE', { key: 'peerGone', params: { where: formatHostPort(peer.host, peer.port) } })
          : new EngineError('CLOSED', { key: 'socketClosed' });
    this.fail(e);
  }

  // ---------- counting, figures, the end ----------

  /** The session's counters catch up once per turn (not once per datagram): exact, a turn late at most. */
  private scheduleCount(): void {
    if (this.countScheduled) return;
    this.countScheduled = true;
    setImmediate(() => {
      this.countScheduled = false;
      this.count();
    });
  }

  private count(): void {
    for (const lane of this.lanes) {
      if (lane.messages === 0) continue;
      const { messages, bytes } = lane;
      lane.messages = 0;
      lane.bytes = 0;
      this.messages += messages;
      this.bytes += bytes;
      this.source.countGenerated(lane.target.connectionId, messages, bytes);
    }
  }

  /** Every `statsEveryMs`: the live rate over the last second, and a log row each second. */
  private tick(): void {
    this.count();
    const now = monotonic();
    this.samples.push({ t: now, messages: this.messages });
    while (this.samples.length > 2 && now - this.samples[1]!.t >= rateWindowMs) this.samples.shift();
    const oldest = this.samples[0]!;
    this.rate = now > oldest.t ? ((this.messages - oldest.messages) * 1000) / (now - oldest.t) : 0;
    if (now - this.lastLog >= logEveryMs - statsEveryMs / 2) {
      this.lastLog = now;
      this.log('progress');
    }
    this.changed();
  }

  private log(phase: 'started' | 'progress' | 'ended'): void {
    const one = this.lanes.length === 1 ? this.lanes[0]!.target : null;
    this.source.logGenerated({
      type: 'flood',
      phase,
      flood: this.info(),
      ...(one ? { connectionId: one.connectionId, peer: one.peer } : {}),
    });
  }

  /**
   * No more messages go out; the flood ends once those handed out are taken. After a count, however
   * long that takes (N messages were asked for); after a stop or the duration, `graceMs` at most (a
   * peer that reads nothing must not hold the end back). Later completions are still counted.
   */
  private endIssuing(graceMs: number | null = null): void {
    if (!this.issuing) return;
    this.issuing = false;
    this.clearTurn();
    if (this.pending === 0) return this.settle();
    if (graceMs !== null) this.graceTimer ??= setTimeout(() => this.settle(), graceMs);
  }

  /** Ends at once with `err` (logged unless it already was, as the first refused datagram). */
  private fail(err: EngineError, log = true): void {
    if (this.state !== 'running') return;
    this.error = { code: err.code, message: err.message, problem: err.problem };
    this.issuing = false;
    this.clearTurn();
    if (log) this.source.logGenerated({ type: 'error', code: err.code, message: err.message, problem: err.problem });
    this.end('failed');
  }

  /** What was handed out is taken (or the grace after a stop passed): the end. */
  private settle(): void {
    if (this.state !== 'running') return;
    this.end(this.stopAsked ? 'stopped' : 'done');
  }

  private end(state: FloodState): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    clearInterval(this.statsTimer);
    this.count();
    this.state = state;
    this.endedAt = Date.now();
    const seconds = (monotonic() - this.t0) / 1000;
    this.rate = seconds > 0 ? this.messages / seconds : 0;
    for (const lane of this.lanes) lane.unlisten();
    // Writes still in the socket after a stop are counted when they are taken, by the same callbacks.
    this.log('ended');
    this.changed();
    this.resolveDone(this.info());
  }

  private clearTurn(): void {
    if (this.turn === null) return;
    clearTimeout(this.turn as NodeJS.Timeout);
    clearImmediate(this.turn as NodeJS.Immediate);
    this.turn = null;
  }
}

function repeat(message: Uint8Array, times: number): Uint8Array {
  const out = new Uint8Array(message.length * times);
  for (let i = 0; i < times; i++) out.set(message, i * message.length);
  return out;
}

/** The floods of an engine: at most one running per session; the latest one of each is remembered. */
export class FloodBoard {
  private readonly floods = new Map<string, Flood>();
  private nextId = 1;

  constructor(private readonly changed: (sessionId: string) => void) {}

  start(source: FloodSource, options: FloodOptions): FloodInfo {
    if (this.floods.get(source.id)?.running) throw new EngineError('FLOOD_RUNNING', { key: 'floodRunning' });
    const flood = new Flood(`f${this.nextId++}`, source, options, () => this.changed(source.id));
    this.floods.set(source.id, flood);
    this.changed(source.id);
    return flood.info();
  }

  /** Stops the session's flood and answers its final figures; one that already ended answers how it did. */
  async stop(sessionId: string): Promise<FloodInfo> {
    const flood = this.floods.get(sessionId);
    if (!flood) throw new EngineError('NO_FLOOD', { key: 'noFlood' });
    return flood.stop();
  }

  /** Stops the session's flood if one runs (its session is closing). */
  async halt(sessionId: string): Promise<void> {
    const flood = this.floods.get(sessionId);
    if (flood?.running) await flood.stop();
  }

  /** The session's latest flood, or null. */
  info(sessionId: string): FloodInfo | null {
    return this.floods.get(sessionId)?.info() ?? null;
  }

  /** Settles when the session's latest flood has ended. */
  whenDone(sessionId: string): Promise<FloodInfo> {
    const flood = this.floods.get(sessionId);
    if (!flood) return Promise.reject(new EngineError('NO_FLOOD', { key: 'noFlood' }));
    return flood.done;
  }

  async forget(sessionId: string): Promise<void> {
    await this.halt(sessionId);
    this.floods.delete(sessionId);
  }

  async haltAll(): Promise<void> {
    await Promise.all([...this.floods.keys()].map((id) => this.halt(id)));
  }
}
