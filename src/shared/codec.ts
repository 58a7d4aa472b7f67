// Payload formats: how a person types bytes, and how bytes are shown back.
// Runs anywhere (Node and the browser): only TextEncoder / TextDecoder, no node:* imports.
import { problemText, type Problem } from './problems';
import { quoteInput } from './quote-input';

export const payloadFormats = ['text', 'hex', 'escaped'] as const;
export type PayloadFormat = (typeof payloadFormats)[number];

/** A parse error that points at the exact offending input (0-based position). */
export interface CodecError {
  /** The English sentence; `problem` lets the window say it in the reader's language. */
  message: string;
  problem: Problem;
  position: number;
  offending: string;
}

export type EncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; error: CodecError };

// Made on first use: a TextDecoder costs about a millisecond to make (ICU), paid by every start otherwise.
type Encoder = InstanceType<typeof TextEncoder>;
type Decoder = InstanceType<typeof TextDecoder>;
let encoder: Encoder | undefined;
let decoder: Decoder | undefined;
let strictDecoder: Decoder | undefined;
const utf8Encoder = (): Encoder => (encoder ??= new TextEncoder());
// ignoreBOM: keep a leading U+FEFF; by default TextDecoder silently drops it, losing 3 bytes.
const utf8Decoder = (): Decoder => (decoder ??= new TextDecoder('utf-8', { ignoreBOM: true }));
const strictUtf8Decoder = (): Decoder => (strictDecoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }));

export function encodeText(input: string): Uint8Array {
  return utf8Encoder().encode(input);
}

export function decodeText(bytes: Uint8Array): string {
  return utf8Decoder().decode(bytes);
}

/** UTF-8 decode that returns null instead of inventing replacement characters. */
export function decodeStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8Decoder().decode(bytes);
  } catch {
    return null;
  }
}

function fail(problem: Problem, position: number, offending: string): EncodeResult {
  return { ok: false, error: { message: problemText(problem), problem, position, offending } };
}

const isHexDigit = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);
// Separators people paste between hex bytes: spaces, newlines, tabs, ':', ',', ';', '-'.
const isHexSeparator = (c: string): boolean => /^[\s:,;-]$/.test(c);

/**
 * Hex to bytes. Accepts "48 65 6c", "48656c", "48:65:6C", "0x48,0x65", one byte a line...
 * Digits pair up inside a group; a group with an odd count is an error pointing at its last digit.
 */
export function parseHex(input: string): EncodeResult {
  const bytes: number[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (isHexSeparator(c)) {
      i++;
      continue;
    }
    // A group: optional 0x prefix, then hex digits up to the next separator.
    let start = i;
    if (c === '0' && (input[i + 1] === 'x' || input[i + 1] === 'X')) {
      start = i + 2;
      if (start >= input.length || !isHexDigit(input[start]!)) {
        return fail({ key: 'hexBadPrefix', params: { position: i + 1 } }, i, input.slice(i, i + 2));
      }
    }
    let j = start;
    while (j < input.length && !isHexSeparator(input[j]!)) {
      const d = input[j]!;
      if (!isHexDigit(d)) {
        return fail({ key: 'hexBadDigit', params: { char: quoteInput(d), position: j + 1 } }, j, d);
      }
      j++;
    }
    const digits = j - start;
    if (digits % 2 === 1) {
      const group = input.slice(start, j);
      // A pasted megabyte of digits is one group: the sentence quotes its start only.
      return fail({ key: 'hexOddDigits', params: { group: quoteInput(group), position: start + 1, last: input[j - 1]! } }, j - 1, group);
    }
    for (let k = start; k < j; k += 2) bytes.push(parseInt(input.slice(k, k + 2), 16));
    i = j;
  }
  return { ok: true, bytes: Uint8Array.from(bytes) };
}

const simpleEscapes: Record<string, number> = {
  r: 0x0d,
  n: 0x0a,
  t: 0x09,
  '0': 0x00,
  '\\': 0x5c,
  '"': 0x22,
  "'": 0x27,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  v: 0x0b,
  e: 0x1b,
};

/** Writes a run of literal text (not escapes) in a session's encoding; `at` is where the run starts in the input. */
export type LiteralEncoder = (text: string, at: number) => { ok: true; bytes: Uint8Array } | { ok: false; problem: Problem };

/**
 * Escaped text to bytes: UTF-8 text with \r \n \t \0 \\ \" \' \a \b \f \v \e and \xHH.
 * \xHH is a raw byte, so "\xff" sends one byte 0xFF (not the UTF-8 of U+00FF).
 */
export function parseEscaped(input: string, literal?: LiteralEncoder): EncodeResult {
  const out: number[] = [];
  let literalStart = 0;
  let refused: EncodeResult | null = null;
  const flushLiteral = (end: number): void => {
    if (end <= literalStart) return;
    const text = input.slice(literalStart, end);
    if (!literal) {
      for (const b of utf8Encoder().encode(text)) out.push(b);
      return;
    }
    const encoded = literal(text, literalStart);
    if (encoded.ok) for (const b of encoded.bytes) out.push(b);
    else refused ??= fail(encoded.problem, literalStart, text);
  };
  let i = 0;
  while (i < input.length) {
    if (input[i] !== '\\') {
      i++;
      continue;
    }
    flushLiteral(i);
    if (refused) return refused;
    const next = input[i + 1];
    if (next === undefined) {
      return fail({ key: 'escapeLoneBackslash', params: { position: i + 1 } }, i, '\\');
    }
    if (next === 'x') {
      const hex = input.slice(i + 2, i + 4);
      if (hex.length < 2 || !isHexDigit(hex[0]!) || !isHexDigit(hex[1]!)) {
        const escape = input.slice(i, i + 2 + hex.length);
        return fail({ key: 'escapeBadHex', params: { escape: quoteInput(escape), position: i + 1 } }, i, escape);
      }
      out.push(parseInt(hex, 16));
      i += 4;
    } else if (next in simpleEscapes) {
      out.push(simpleEscapes[next]!);
      i += 2;
    } else {
      return fail({ key: 'escapeUnknown', params: { escape: quoteInput(`\\${next}`), position: i + 1 } }, i, `\\${next}`);
    }
    literalStart = i;
  }
  flushLiteral(input.length);
  return refused ?? { ok: true, bytes: Uint8Array.from(out) };
}

export function encodePayload(input: string, format: PayloadFormat): EncodeResult {
  switch (format) {
    case 'text':
      return { ok: true, bytes: encodeText(input) };
    case 'hex':
      return parseHex(input);
    case 'escaped':
      return parseEscaped(input);
  }
}

const hexDigits = '0123456789ABCDEF';
/** Each byte's two upper-case digits, "00" to "FF". */
const hexTable: string[] = [];
// Char codes of each byte's two digits: long payloads are written into one byte buffer and turned
// into a string by one native decode, instead of growing a string two characters at a time.
const hexHigh = new Uint8Array(256);
const hexLow = new Uint8Array(256);
// The tables are filled by plain loops: built-in callbacks (Array.from with a mapper) run cold at
// every start of the CLI and cost it some 0.2 ms.
for (let b = 0; b < 256; b++) {
  hexHigh[b] = hexDigits.charCodeAt(b >> 4);
  hexLow[b] = hexDigits.charCodeAt(b & 15);
  hexTable.push(hexDigits[b >> 4]! + hexDigits[b & 15]!);
}
// Below this many bytes a few table look-ups beat allocating a buffer for the native decode.
const smallPayload = 8;

/** "48 65 6C" (upper case, one space between bytes; `separator` may be any string, "" for none). */
export function toHex(bytes: Uint8Array, separator = ' '): string {
  const n = bytes.length;
  if (n === 0) return '';
  if (n < smallPayload) {
    let s = hexTable[bytes[0]!]!;
    for (let i = 1; i < n; i++) s += separator + hexTable[bytes[i]!]!;
    return s;
  }
  const sep = separator.length === 1 ? separator.charCodeAt(0) : -1;
  if (separator.length > 1 || sep > 0x7f) return Array.from(bytes, (b) => hexTable[b]!).join(separator);
  const step = sep === -1 ? 2 : 3;
  const out = new Uint8Array(n * step - (step - 2));
  for (let i = 0, o = 0; i < n; i++, o += step) {
    const b = bytes[i]!;
    out[o] = hexHigh[b]!;
    out[o + 1] = hexLow[b]!;
    if (step === 3 && i < n - 1) out[o + 2] = sep;
  }
  // Only ASCII is in `out`, which the UTF-8 decoder turns into a string at memory speed.
  return utf8Decoder().decode(out);
}

/**
 * What each byte below 0x80 becomes in escaped text: null where it stands for itself (printable
 * ASCII), else its escape (\r \n \t \0 \\ or \xHH), all computed once.
 */
const asciiEscapes: (string | null)[] = [];
const byteEscapes: string[] = [];
for (let b = 0; b < 256; b++) {
  byteEscapes.push('\\x' + hexTable[b]!);
  if (b < 0x80) asciiEscapes.push(b < 0x20 || b === 0x7f ? byteEscapes[b]! : null);
}
asciiEscapes[0x0d] = '\\r';
asciiEscapes[0x0a] = '\\n';
asciiEscapes[0x09] = '\\t';
asciiEscapes[0x00] = '\\0';
asciiEscapes[0x5c] = '\\\\';
const continuation = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/**
 * The length of the valid UTF-8 sequence starting at bytes[i] (lead byte >= 0x80) that should show
 * as a character, or 0 when its first byte must be escaped: invalid or cut sequences, and the
 * invisible C1 controls (U+0080-U+009F) and byte order mark (U+FEFF). The ranges are those of the
 * WHATWG UTF-8 decoder, so no overlong form and no surrogate passes.
 */
function visibleSequence(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const b1 = bytes[i + 1];
  if (b >= 0xc2 && b <= 0xdf) return continuation(b1) && !(b === 0xc2 && b1! < 0xa0) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    if (b1 === undefined || b1 < (b === 0xe0 ? 0xa0 : 0x80) || b1 > (b === 0xed ? 0x9f : 0xbf)) return 0;
    const b2 = bytes[i + 2];
    if (!continuation(b2)) return 0;
    return b === 0xef && b1 === 0xbb && b2 === 0xbf ? 0 : 3;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    if (b1 === undefined || b1 < (b === 0xf0 ? 0x90 : 0x80) || b1 > (b === 0xf4 ? 0x8f : 0xbf)) return 0;
    return continuation(bytes[i + 2]) && continuation(bytes[i + 3]) ? 4 : 0;
  }
  return 0;
}

/**
 * Bytes to escaped text, the inverse of parseEscaped: printable UTF-8 stays as is, control
 * characters and invalid UTF-8 become escapes, so every byte is visible and nothing is lost.
 * Runs of bytes that stand for themselves are decoded in one native call; only escapes are
 * looked up, one table entry each.
 */
export function toEscaped(bytes: Uint8Array): string {
  const parts: string[] = [];
  let run = 0; // start of the current run of bytes shown as they are
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    let escape: string | null;
    if (b < 0x80) {
      escape = asciiEscapes[b] ?? null;
      if (escape === null) {
        i++;
        continue;
      }
    } else {
      const len = visibleSequence(bytes, i);
      if (len > 0) {
        i += len;
        continue;
      }
      escape = byteEscapes[b]!;
    }
    if (i > run) parts.push(utf8Decoder().decode(bytes.subarray(run, i)));
    parts.push(escape);
    run = ++i;
  }
  if (run === 0) return utf8Decoder().decode(bytes);
  if (n > run) parts.push(utf8Decoder().decode(bytes.subarray(run, n)));
  return parts.join('');
}

/**
 * Classic hex dump: 8-digit offset, 16 bytes a row in two groups of 8, ASCII gutter.
 * 00000000  48 65 6C 6C 6F 0D 0A                              |Hello..|
 */
export function hexDump(bytes: Uint8Array, bytesPerRow = 16): string {
  const rows: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += bytesPerRow) {
    const row = bytes.subarray(offset, offset + bytesPerRow);
    let hex = '';
    let ascii = '';
    for (let k = 0; k < bytesPerRow; k++) {
      if (k > 0) hex += k === bytesPerRow / 2 ? '  ' : ' ';
      const b = row[k];
      hex += b === undefined ? '  ' : hexTable[b];
      if (b !== undefined) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    }
    rows.push(`${offset.toString(16).padStart(8, '0')}  ${hex}  |${ascii}|`);
  }
  return rows.join('\n');
}

/** Bytes shown in a chosen format: the inverse of encodePayload for hex and escaped. */
export function formatPayload(bytes: Uint8Array, format: PayloadFormat): string {
  switch (format) {
    case 'text':
      return decodeText(bytes);
    case 'hex':
      return toHex(bytes);
    case 'escaped':
      return toEscaped(bytes);
  }
}

export const lineEndings = ['none', 'lf', 'crlf'] as const;
export type LineEnding = (typeof lineEndings)[number];
const endingBytes: Record<LineEnding, number[]> = { none: [], lf: [0x0a], crlf: [0x0d, 0x0a] };

/** The bytes with a line ending added, for line-based servers that wait for "\n" or "\r\n". */
export function withLineEnding(bytes: Uint8Array, ending: LineEnding): Uint8Array {
  const tail = endingBytes[ending];
  if (tail.length === 0) return bytes;
  const out = new Uint8Array(bytes.length + tail.length);
  out.set(bytes, 0);
  out.set(tail, bytes.length);
  return out;
}
