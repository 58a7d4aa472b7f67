// Text in a session's encoding, both ways, with one library (iconv-lite) so every host agrees: Node's
// and Chromium's TextDecoder do not (Node's 'euc-kr' is not CP949; WHATWG's 'iso-8859-1' and 'ascii'
// are windows-1252). Main side only: iconv-lite needs Buffer. Every byte stays visible (\xHH).
import type * as IconvLite from 'iconv-lite';
import { moduleModule } from '../../builtins';
import { encodingLabels, type TextEncoding } from '../../../shared/encodings';
import type { Problem } from '../../../shared/problems';
import { quoteInput } from '../../../shared/quote-input';
import { toEscaped } from '../../../shared/codec';

// Loaded on first use: requiring iconv-lite costs ~50 ms, which a UTF-8 session (and every one-shot
// `socket-lab send` without --encoding) never pays. __filename: both the bundle (CJS) and vitest have it.
let lib: typeof IconvLite | undefined;
const iconvLib = (): typeof IconvLite => (lib ??= moduleModule().createRequire(__filename)('iconv-lite') as typeof IconvLite);

const hex = (b: number): string => '\\x' + b.toString(16).padStart(2, '0').toUpperCase();
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const decodeRaw = (bytes: Uint8Array, encoding: TextEncoding): string => iconvLib().decode(asBuffer(bytes), encoding, { stripBOM: false });

// EUC-KR proper is KS X 1001: both bytes of a syllable are 0xA1-0xFE. iconv-lite's 'euc-kr' is CP949,
// whose extension (똠, 0x8C63) uses 0x81-0xA0 and ASCII letters: refused here, as a real EUC-KR peer would.
const strictEucKr = (bytes: Uint8Array): boolean => bytes.every((b) => b < 0x80 || (b >= 0xa1 && b <= 0xfe));

/** The char as the log shows it: \r \n \t \0 \\ named, other controls as \xHH, like toEscaped for UTF-8. */
function escapeChar(ch: string): string {
  const c = ch.codePointAt(0)!;
  if (ch === '\r') return '\\r';
  if (ch === '\n') return '\\n';
  if (ch === '\t') return '\\t';
  if (c === 0) return '\\0';
  if (ch === '\\') return '\\\\';
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0xfeff) return c <= 0xff ? hex(c) : '\\u' + c.toString(16).toUpperCase();
  return ch;
}
// Controls are what this pattern looks for: the log shows them as escapes.
// eslint-disable-next-line no-control-regex
const needsEscape = /[\0-\x1f\x7f-\x9f\\\ufeff]/;
const escapeString = (s: string): string => (needsEscape.test(s) ? Array.from(s, escapeChar).join('') : s);

// Undoes the escapes of controls only, so the \xHH of undecodable bytes stay (and \\ stays one backslash).
const namedControls: Record<string, string> = { r: '\r', n: '\n', t: '\t', '0': '\0', '\\': '\\' };
const asIs = (escaped: string): string =>
  escaped.replace(/\\([rnt0\\])|\\x(0[0-9A-F]|1[0-9A-F]|7F)/g, (_, named: string | undefined, code: string | undefined) =>
    named !== undefined ? namedControls[named]! : String.fromCharCode(parseInt(code!, 16)),
  );

/** UTF-16: code unit i is bytes 2i and 2i+1, so a lone surrogate or an odd last byte is shown byte by byte. */
function utf16Visible(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string {
  const le = encoding === 'utf-16le';
  const units = bytes.length >> 1;
  const unit = (i: number): number => (le ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  const out: string[] = [];
  for (let i = 0; i < units; i++) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < units) {
      const v = unit(i + 1);
      if (v >= 0xdc00 && v <= 0xdfff) {
        out.push(String.fromCharCode(u, v));
        i++;
        continue;
      }
    }
    if (u >= 0xd800 && u <= 0xdfff) out.push(hex(bytes[2 * i]!) + hex(bytes[2 * i + 1]!));
    else out.push(escapeChar(String.fromCharCode(u)));
  }
  if (bytes.length & 1) out.push(hex(bytes[bytes.length - 1]!));
  return out.join('');
}

// The longest byte sequence of one character in the multi-byte encodings of the list (UTF-8: 4).
const maxSequence = 4;
// Of the encodings walked here none has a code for U+FFFD (iconv-lite's tables map invalid bytes to it,
// and 'ascii' even encodes it as 0xFF): in them a U+FFFD always means bytes that did not decode.
const replacement = '\ufffd';

/** The shortest sequence at `i` that decodes to exactly one real character, or null (its first byte is invalid). */
function characterAt(bytes: Uint8Array, i: number, encoding: TextEncoding): { ch: string; length: number } | null {
  for (let k = 1; k <= maxSequence && i + k <= bytes.length; k++) {
    const seq = bytes.subarray(i, i + k);
    if (encoding === 'euc-kr' && !strictEucKr(seq)) return null;
    const s = decodeRaw(seq, encoding);
    if ([...s].length !== 1) continue;
    if (s === replacement) continue;
    return { ch: s, length: k };
  }
  return null;
}

/**
 * Bytes as text in `encoding`, every byte visible: what cannot be decoded is \xHH per byte, never
 * dropped or replaced. Called for rows a window shows and lines the CLI prints, never per packet.
 * `controls: 'as-is'` leaves line breaks and other controls in (what `send` prints, like nc).
 */
export function decodeVisible(bytes: Uint8Array, encoding: TextEncoding, controls: 'escaped' | 'as-is' = 'escaped'): string {
  if (controls === 'as-is') return asIs(decodeVisible(bytes, encoding));
  if (encoding === 'utf-8') return toEscaped(bytes);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return utf16Visible(bytes, encoding);
  // Most payloads decode cleanly in one call; only one with a U+FFFD is walked character by character.
  const whole = decodeRaw(bytes, encoding);
  if (!whole.includes(replacement) && (encoding !== 'euc-kr' || strictEucKr(bytes))) return escapeString(whole);
  const out: string[] = [];
  for (let i = 0; i < bytes.length;) {
    const found = characterAt(bytes, i, encoding);
    if (found) {
      out.push(escapeChar(found.ch));
      i += found.length;
    } else out.push(hex(bytes[i++]!));
  }
  return out.join('');
}

export type EncodeTextResult = { ok: true; bytes: Uint8Array } | { ok: false; problem: Problem; position: number };

/** Whether `ch` is written faithfully: iconv-lite silently writes '?' for what an encoding lacks. */
function encodesFaithfully(ch: string, encoding: TextEncoding): boolean {
  if (ch === replacement) return false; // only the UTF encodings (handled apart) have it
  const bytes = iconvLib().encode(ch, encoding);
  if (encoding === 'euc-kr' && !strictEucKr(bytes)) return false;
  return decodeRaw(bytes, encoding) === ch;
}

/** Text to bytes in `encoding`; a character it cannot represent is a keyed problem naming it and its position (from 1). */
export function encodeIn(text: string, encoding: TextEncoding): EncodeTextResult {
  if (encoding === 'utf-8') return { ok: true, bytes: new Uint8Array(Buffer.from(text, 'utf8')) };
  const bytes = iconvLib().encode(text, encoding);
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  const faithful =
    (utf16 || !text.includes(replacement)) && decodeRaw(bytes, encoding) === text && (encoding !== 'euc-kr' || strictEucKr(bytes));
  if (faithful) return { ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  let position = 0;
  for (const ch of text) {
    if (!encodesFaithfully(ch, encoding))
      return {
        ok: false,
        position,
        problem: {
          key: 'encodingCannotEncode',
          params: { char: quoteInput(ch), position: position + 1, encoding: encodingLabels[encoding] },
        },
      };
    position += ch.length;
  }
  // Each character alone is fine but not together (a lone surrogate pair split...): point at the start.
  return {
    ok: false,
    position: 0,
    problem: {
      key: 'encodingCannotEncode',
      params: { char: quoteInput(text.slice(0, 1)), position: 1, encoding: encodingLabels[encoding] },
    },
  };
}

/** Bytes as plain text in `encoding` (undecodable bytes become U+FFFD): what a regex rule matches against. */
export function decodeIn(bytes: Uint8Array, encoding: TextEncoding): string {
  return encoding === 'utf-8' ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : decodeRaw(bytes, encoding);
}
