// Repeated sends: one payload every N ms, N times or until stopped, its macros ({{counter}}, {{time}},
// ...) expanded for each send. Run here, beside the sockets, so a repeat keeps its pace whatever the
// window is doing, and the window and the CLI share it; its countdown rides in SessionInfo.repeat.
import { encodePayload, withLineEnding, type LineEnding, type PayloadFormat } from '../../shared/codec';
import type { SendTarget } from '../../shared/contract';
import { expandMacros, type MacroTemplate } from '../../shared/macros';
import { parseRepeatPayload, type RepeatInfo } from '../../shared/repeat';
import { EngineError, explainSocketError } from './errors';
import type { TextEncoding } from '../../shared/encodings';
import { encodeIn } from './text/encoding';
import type { SendReport } from './session-base';

/** A repeat as the contract's startRepeat gives it (sessionId aside). */
export interface RepeatOptions {
  payload: string;
  format: PayloadFormat;
  lineEnding: LineEnding;
  everyMs: number;
  times: number | null;
  to: SendTarget;
  /** The session's text encoding: a text payload is written in it, as the composer's text is (absent: UTF-8). */
  encoding?: TextEncoding;
}

/** How a repeat sends one message: the session's own send (framing and all). */
export type RepeatSend = (bytes: Uint8Array, to: SendTarget) => Promise<SendReport>;

class Repeat {
  private readonly info_: RepeatInfo;
  private timer: NodeJS.Timeout | null = null;
  private readonly template: MacroTemplate | null;
  private readonly fixedBytes: Uint8Array | null;
  private settle!: (info: RepeatInfo) => void;
  readonly done = new Promise<RepeatInfo>((resolve) => (this.settle = resolve));
  /** The send in flight, so a stop waits for it rather than ending under it. */
  private sending: Promise<void> | null = null;

  constructor(
    id: string,
    private readonly options: RepeatOptions,
    private readonly send: RepeatSend,
    private readonly changed: () => void,
  ) {
    const parsed = parseRepeatPayload(options.payload, options.format);
    // The contract's schema checked the payload: a failure here is a caller that skipped it.
    if (!parsed.ok) throw new EngineError('INVALID_INPUT', parsed.problem, 'payload');
    this.template = parsed.template;
    this.fixedBytes = parsed.template === null ? this.encode(options.payload) : null;
    // Text the session's encoding cannot write is refused now, at the payload, not as a failed first send
    // (macros expand to ASCII, so the first message stands for all of them).
    if (parsed.template !== null && options.format === 'text' && options.encoding !== undefined && options.encoding !== 'utf-8')
      this.encode(expandMacros(parsed.template, { counter: 1, now: new Date() }));
    const now = Date.now();
    this.info_ = {
      id,
      state: 'running',
      sent: 0,
      times: options.times,
      everyMs: options.everyMs,
      nextAt: now,
      startedAt: now,
      endedAt: null,
      error: null,
    };
    this.schedule(0);
  }

  get running(): boolean {
    return this.info_.state === 'running';
  }

  info(): RepeatInfo {
    return { ...this.info_ };
  }

  /** Stops before the next send; a send already handed to the socket goes and is counted. */
  async stop(): Promise<RepeatInfo> {
    if (!this.running) return this.info();
    this.end('stopped', false);
    await this.sending;
    this.changed();
    this.settle(this.info());
    return this.info();
  }

  private encode(text: string): Uint8Array {
    const { format, encoding } = this.options;
    if (format === 'text' && encoding !== undefined && encoding !== 'utf-8') {
      const inSession = encodeIn(text, encoding);
      if (!inSession.ok) throw new EngineError('INVALID_INPUT', inSession.problem, 'payload');
      return withLineEnding(inSession.bytes, this.options.lineEnding);
    }
    const encoded = encodePayload(text, this.options.format);
    if (!encoded.ok) throw new EngineError('INVALID_INPUT', encoded.error.problem, 'payload');
    return this.options.format === 'hex' ? encoded.bytes : withLineEnding(encoded.bytes, this.options.lineEnding);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sending = this.sendOne().finally(() => (this.sending = null));
    }, delay);
  }

  private async sendOne(): Promise<void> {
    const counter = this.info_.sent + 1;
    try {
      const bytes = this.fixedBytes ?? this.encode(expandMacros(this.template!, { counter, now: new Date() }));
      await this.send(bytes, this.options.to);
    } catch (err) {
      if (!this.running) return;
      const e = err instanceof EngineError ? err : explainSocketError(err, { action: 'send' });
      this.info_.error = { code: e.code, message: e.message, problem: e.problem };
      this.end('failed');
      return;
    }
    this.info_.sent = counter;
    if (!this.running) return;
    if (this.info_.times !== null && counter >= this.info_.times) return this.end('done');
    // Paced from the start, not from each send's end: a slow send does not stretch every later gap.
    const due = this.info_.startedAt + counter * this.options.everyMs;
    this.info_.nextAt = Math.max(due, Date.now());
    this.changed();
    this.schedule(this.info_.nextAt - Date.now());
  }

  private end(state: RepeatInfo['state'], settle = true): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.info_.state = state;
    this.info_.nextAt = null;
    this.info_.endedAt = Date.now();
    this.changed();
    if (settle) this.settle(this.info());
  }
}

/** At most one repeat per session; the latest stays for its figures until the next starts. */
export class RepeatBoard {
  private readonly repeats = new Map<string, Repeat>();
  private nextId = 1;

  constructor(private readonly changed: (sessionId: string) => void) {}

  start(sessionId: string, send: RepeatSend, options: RepeatOptions): RepeatInfo {
    if (this.repeats.get(sessionId)?.running) throw new EngineError('REPEAT_RUNNING', { key: 'repeatRunning' });
    const repeat = new Repeat(`r${this.nextId++}`, options, send, () => this.changed(sessionId));
    this.repeats.set(sessionId, repeat);
    this.changed(sessionId);
    return repeat.info();
  }

  stop(sessionId: string): Promise<RepeatInfo> {
    const repeat = this.repeats.get(sessionId);
    if (!repeat) return Promise.reject(new EngineError('NO_REPEAT', { key: 'noRepeat' }));
    return repeat.stop();
  }

  async halt(sessionId: string): Promise<void> {
    const repeat = this.repeats.get(sessionId);
    if (repeat?.running) await repeat.stop();
  }

  info(sessionId: string): RepeatInfo | null {
    return this.repeats.get(sessionId)?.info() ?? null;
  }

  whenDone(sessionId: string): Promise<RepeatInfo> {
    const repeat = this.repeats.get(sessionId);
    if (!repeat) return Promise.reject(new EngineError('NO_REPEAT', { key: 'noRepeat' }));
    return repeat.done;
  }

  async forget(sessionId: string): Promise<void> {
    await this.halt(sessionId);
    this.repeats.delete(sessionId);
  }

  async haltAll(): Promise<void> {
    await Promise.all([...this.repeats.keys()].map((id) => this.halt(id)));
  }
}
