// Receive framing for byte streams (TCP, TLS): how a stream is cut into messages, and how a sent
// message is framed the same way. Runs anywhere (no node:*): the engine frames, the window and the
// CLI parse and show the same setting. Written here rather than taken from a library: the known
// stream-framing packages are Node-only (Buffer, Transform streams) and each covers one scheme.
import { parseEscaped, toEscaped } from './codec';
import type { Problem } from './problems';

/** What a connection's framing is. `raw`: each read is a message (what the socket happened to deliver). */
export type Framing =
  | { kind: 'raw' }
  /** LF ends a message; a CR before it is dropped too (CRLF tolerated). Sends get LF. */
  | { kind: 'line' }
  /** Any byte sequence ends a message (`delim:\0`, `delim:\r\n`); stripped on receive, added on send. */
  | { kind: 'delim'; delimiter: Uint8Array }
  /** Every message is exactly `size` bytes. */
  | { kind: 'fixed'; size: number }
  /** A `width`-byte length before each message, big- or little-endian; `includesHeader` when it counts itself. */
  | { kind: 'len'; width: 1 | 2 | 4; endian: 'be' | 'le'; includesHeader: boolean };

export type FramingKind = Framing['kind'];
export const framingKinds: readonly FramingKind[] = ['raw', 'line', 'delim', 'fixed', 'len'];

/** The largest message a framer holds by default before it gives up on the connection (16 MiB). */
export const defaultMaxFrame = 16 * 1024 * 1024;
/** The range `--max-frame` accepts: one byte to 1 GiB. */
export const maxFrameRange = { min: 1, max: 1024 * 1024 * 1024 } as const;

export type FramingResult = { ok: true; framing: Framing } | { ok: false; problem: Problem };

const lenPattern = /^len:([124])(be|le)?(\+hdr)?$/;

/**
 * `raw`, `line`, `delim:ESCAPED`, `fixed:N` or `len:(1|2|4)(be|le)?(+hdr)?`, as typed in the window
 * or after `--frame`. `maxFrame` bounds what `fixed` may ask for.
 */
export function parseFraming(text: string, maxFrame = defaultMaxFrame): FramingResult {
  const spec = text.trim();
  if (spec === 'raw' || spec === '') return { ok: true, framing: { kind: 'raw' } };
  if (spec === 'line') return { ok: true, framing: { kind: 'line' } };
  if (spec.startsWith('delim:')) {
    const parsed = parseEscaped(spec.slice('delim:'.length));
    if (!parsed.ok) return { ok: false, problem: parsed.error.problem };
    if (parsed.bytes.length === 0) return { ok: false, problem: { key: 'framingEmptyDelimiter' } };
    if (parsed.bytes.length > 64) return { ok: false, problem: { key: 'framingLongDelimiter', params: { max: 64 } } };
    return { ok: true, framing: { kind: 'delim', delimiter: parsed.bytes } };
  }
  if (spec.startsWith('fixed:')) {
    const n = spec.slice('fixed:'.length);
    const size = /^\d+$/.test(n) ? Number(n) : NaN;
    if (!Number.isSafeInteger(size) || size < 1 || size > maxFrame) {
      return { ok: false, problem: { key: 'framingFixedSize', params: { size: n, max: maxFrame } } };
    }
    return { ok: true, framing: { kind: 'fixed', size } };
  }
  const len = lenPattern.exec(spec);
  if (len) {
    const width = Number(len[1]) as 1 | 2 | 4;
    return { ok: true, framing: { kind: 'len', width, endian: len[2] === 'le' ? 'le' : 'be', includesHeader: len[3] !== undefined } };
  }
  if (spec.startsWith('len:')) return { ok: false, problem: { key: 'framingBadLength', params: { spec } } };
  return { ok: false, problem: { key: 'framingUnknown', params: { spec } } };
}

/** The setting as it is typed: parseFraming(formatFraming(f)) gives f back. */
export function formatFraming(f: Framing): string {
  switch (f.kind) {
    case 'raw':
    case 'line':
      return f.kind;
    case 'delim':
      return `delim:${toEscaped(f.delimiter)}`;
    case 'fixed':
      return `fixed:${f.size}`;
    case 'len':
      return `len:${f.width}${f.endian}${f.includesHeader ? '+hdr' : ''}`;
  }
}

export type FrameSendResult = { ok: true; bytes: Uint8Array } | { ok: false; problem: Problem };

/** A message to send, framed: the delimiter added, the length prefixed, a fixed size checked. */
export function frameForSend(f: Framing, message: Uint8Array): FrameSendResult {
  switch (f.kind) {
    case 'raw':
      return { ok: true, bytes: message };
    case 'line':
      return { ok: true, bytes: concat(message, lf) };
    case 'delim':
      return { ok: true, bytes: concat(message, f.delimiter) };
    case 'fixed':
      return message.length === f.size
        ? { ok: true, bytes: message }
        : { ok: false, problem: { key: 'frameFixedMismatch', params: { size: message.length, fixed: f.size } } };
    case 'len': {
      const length = message.length + (f.includesHeader ? f.width : 0);
      const limit = f.width === 4 ? 0xffffffff : 2 ** (8 * f.width) - 1;
      if (length > limit) return { ok: false, problem: { key: 'frameLengthOverflow', params: { size: message.length, width: f.width } } };
      const out = new Uint8Array(f.width + message.length);
      writeLength(out, f, length);
      out.set(message, f.width);
      return { ok: true, bytes: out };
    }
  }
}

/** What a framer reports besides messages: a frame past the limit (the connection is then closed). */
export interface FrameTooLarge {
  problem: Problem;
}

/**
 * Cuts a byte stream into messages. `push` hands each complete message to `onMessage` as it is found
 * and answers null, or the frame that broke the limit (nothing more is read after that). `end`
 * answers what was left over when the stream ended: a partial message, or null.
 */
export interface Framer {
  push(chunk: Uint8Array, onMessage: (message: Uint8Array) => void): FrameTooLarge | null;
  end(): Uint8Array | null;
}

/** A framer for `f` (raw included: every chunk is a message, passed through as is). */
export function createFramer(f: Framing, maxFrame = defaultMaxFrame): Framer {
  switch (f.kind) {
    case 'raw':
      return {
        push: (chunk, onMessage) => {
          onMessage(chunk);
          return null;
        },
        end: () => null,
      };
    case 'line':
      return new DelimiterFramer(lf, true, maxFrame);
    case 'delim':
      return new DelimiterFramer(f.delimiter, false, maxFrame);
    case 'fixed':
      return new LengthFramer(() => f.size, 0, maxFrame);
    case 'len':
      return new LengthFramer((header) => readLength(header, f), f.width, maxFrame, f.includesHeader);
  }
}

const lf = new Uint8Array([0x0a]);

/** Bytes received and not yet part of a message: a list of chunks, joined only when a message completes. */
class Pending {
  private chunks: Uint8Array[] = [];
  length = 0;

  add(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The first `n` bytes, removed: a view when the first chunk holds them, else one copy. */
  take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.length -= n;
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const use = Math.min(chunk.length, n - filled);
      out.set(use === chunk.length ? chunk : chunk.subarray(0, use), filled);
      filled += use;
      if (use === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(use);
    }
    this.length -= n;
    return out;
  }

  /** Everything held, removed. */
  takeAll(): Uint8Array {
    return this.take(this.length);
  }

  /** The byte at `index` (0 <= index < length). */
  at(index: number): number {
    for (const chunk of this.chunks) {
      if (index < chunk.length) return chunk[index]!;
      index -= chunk.length;
    }
    throw new RangeError('past the pending bytes');
  }

  /** Where `needle` first starts at or after `from`, or -1. */
  indexOf(needle: Uint8Array, from: number): number {
    const last = this.length - needle.length;
    const first = needle[0]!;
    let offset = 0;
    for (const chunk of this.chunks) {
      // Candidates start in this chunk; a match may run into the next ones.
      let i = Math.max(0, from - offset);
      while (i < chunk.length && offset + i <= last) {
        const at = chunk.indexOf(first, i);
        if (at === -1 || offset + at > last) break;
        if (this.matches(needle, offset + at)) return offset + at;
        i = at + 1;
      }
      offset += chunk.length;
    }
    return -1;
  }

  private matches(needle: Uint8Array, start: number): boolean {
    for (let k = 1; k < needle.length; k++) if (this.at(start + k) !== needle[k]) return false;
    return true;
  }
}

class DelimiterFramer implements Framer {
  private readonly pending = new Pending();
  /** Where the next search starts: bytes before it were searched already and hold no delimiter. */
  private searched = 0;

  constructor(
    private readonly delimiter: Uint8Array,
    /** `line`: a CR right before the LF goes too. */
    private readonly dropCr: boolean,
    private readonly maxFrame: number,
  ) {}

  push(chunk: Uint8Array, onMessage: (message: Uint8Array) => void): FrameTooLarge | null {
    this.pending.add(chunk);
    for (;;) {
      const at = this.pending.indexOf(this.delimiter, this.searched);
      if (at === -1) break;
      if (at > this.maxFrame) return this.tooLarge(at);
      let message = this.pending.take(at);
      this.pending.take(this.delimiter.length);
      if (this.dropCr && message.length > 0 && message[message.length - 1] === 0x0d) message = message.subarray(0, message.length - 1);
      this.searched = 0;
      onMessage(message);
    }
    // A delimiter may straddle this chunk and the next: search again from just before the end.
    this.searched = Math.max(0, this.pending.length - this.delimiter.length + 1);
    return this.pending.length > this.maxFrame ? this.tooLarge(this.pending.length) : null;
  }

  private tooLarge(size: number): FrameTooLarge {
    return { problem: { key: 'frameTooLarge', params: { size: `${size}+`, max: this.maxFrame } } };
  }

  end(): Uint8Array | null {
    return this.pending.length > 0 ? this.pending.takeAll() : null;
  }
}

class LengthFramer implements Framer {
  private readonly pending = new Pending();
  /** The body length of the message being read, once its header is in. */
  private body: number | null = null;

  constructor(
    /** The body length from the header bytes (`fixed`: a constant, no header). */
    private readonly lengthOf: (header: Uint8Array) => number,
    private readonly headerWidth: number,
    private readonly maxFrame: number,
    private readonly includesHeader = false,
  ) {}

  push(chunk: Uint8Array, onMessage: (message: Uint8Array) => void): FrameTooLarge | null {
    this.pending.add(chunk);
    for (;;) {
      if (this.body === null) {
        if (this.pending.length < this.headerWidth) return null;
        const header = this.headerWidth > 0 ? this.pending.take(this.headerWidth) : new Uint8Array(0);
        const declared = this.lengthOf(header);
        const body = this.includesHeader ? declared - this.headerWidth : declared;
        if (body < 0) return { problem: { key: 'frameLengthBelowHeader', params: { declared, width: this.headerWidth } } };
        if (body > this.maxFrame) return { problem: { key: 'frameTooLarge', params: { size: String(body), max: this.maxFrame } } };
        this.body = body;
      }
      if (this.pending.length < this.body) return null;
      const message = this.pending.take(this.body);
      this.body = null;
      onMessage(message);
    }
  }

  end(): Uint8Array | null {
    return this.pending.length > 0 ? this.pending.takeAll() : null;
  }
}

function readLength(header: Uint8Array, f: Extract<Framing, { kind: 'len' }>): number {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const little = f.endian === 'le';
  return f.width === 1 ? view.getUint8(0) : f.width === 2 ? view.getUint16(0, little) : view.getUint32(0, little);
}

function writeLength(out: Uint8Array, f: Extract<Framing, { kind: 'len' }>, length: number): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const little = f.endian === 'le';
  if (f.width === 1) view.setUint8(0, length);
  else if (f.width === 2) view.setUint16(0, length, little);
  else view.setUint32(0, length, little);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
