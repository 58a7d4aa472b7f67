// How the CLI prints events: received text, hex, one NDJSON line each, or raw bytes; and the final summary.
import { formatHostPort } from '../shared/address';
import { decodeText, toEscaped, toHex } from '../shared/codec';
import type { Counters, LogRow, SocketEvent } from '../shared/contract';
import { tlsDetailsLine } from '../shared/kinds/tls';
import { ndjsonEvent, type NdjsonOptions } from './engine/taps/ndjson';
import { decodeVisible } from './engine/text/encoding';
import { defaultEncoding, type TextEncoding } from '../shared/encodings';

export type OutputFormat = 'text' | 'hex' | 'json' | 'raw';

/** What `--format json` writes: payloads in hex with their text beside, for people and scripts alike. */
export const jsonOptions: NdjsonOptions = { payload: 'hex', text: true };

const jsonByEncoding = new Map<TextEncoding, NdjsonOptions>();
/** `--format json` in a session's encoding: its `text` fields read in it (made once per encoding, not per line). */
export function jsonOptionsIn(encoding: TextEncoding): NdjsonOptions {
  if (encoding === defaultEncoding) return jsonOptions;
  let options = jsonByEncoding.get(encoding);
  if (!options) jsonByEncoding.set(encoding, (options = { ...jsonOptions, encoding }));
  return options;
}

// Many events share a millisecond at speed: the clock text is built once per distinct time.
let clockTime = -1;
let clockText = '';
function clock(time: number): string {
  if (time !== clockTime) {
    clockTime = time;
    clockText = new Date(time).toISOString().slice(11, 23);
  }
  return clockText;
}

function describe(event: SocketEvent): string {
  const peer = event.peer ? formatHostPort(event.peer.host, event.peer.port) : '';
  switch (event.type) {
    case 'listening':
      return `listening on ${formatHostPort(event.local.host, event.local.port)}`;
    case 'opened':
      return `connected to ${peer} from ${formatHostPort(event.local.host, event.local.port)}`;
    case 'accepted':
      return `accepted ${peer} (${event.connectionId})`;
    case 'half-closed':
      return event.by === 'peer' ? `${peer} finished sending (half-close)` : `half-closed towards ${peer}`;
    case 'closed':
      return `closed${peer ? ' ' + peer : ''} (${event.reason === 'peer' ? 'by the peer' : event.reason === 'reset' ? 'reset' : event.reason === 'stopped' ? 'stopped' : event.reason === 'local' ? (event.how === 'reset' ? 'by us, reset' : 'by us') : 'error'})`;
    case 'error':
      return `error ${event.code}: ${event.message}`;
    case 'notice':
      return event.message;
    case 'data':
      return `${event.direction} ${peer} ${event.bytes.byteLength} bytes${event.partial ? ' (partial)' : ''}`;
    case 'secured':
      return `secured ${peer}: ${tlsDetailsLine(event.tls)}`;
    case 'flood':
      return `flood ${event.phase} to ${event.flood.target}: ${event.flood.messages} messages ${event.flood.bytes} bytes, ${Math.round(event.flood.rate)}/s, ${event.flood.errors} errors`;
  }
}

/**
 * The part of a payload that `--max-print` lets through, cut before a UTF-8 sequence that would
 * not fit (so text is not shown with a broken last character), or null when all of it is shown.
 */
function cut(bytes: Uint8Array, maxPrint: number, whole: boolean): Uint8Array | null {
  if (bytes.byteLength <= maxPrint) return null;
  let end = maxPrint;
  // Back up over at most 3 continuation bytes (10xxxxxx) to the start of the cut character.
  if (!whole) for (let k = 0; k < 3 && end > 0 && (bytes[end]! & 0xc0) === 0x80; k++) end--;
  return bytes.subarray(0, end);
}

/** The mark after a cut payload: the full length, so nothing about the size is hidden. */
const cutMark = (length: number): string => `… (${length} bytes)`;

/** A payload as shown on a line: escaped text or hex, cut at `maxPrint` bytes. */
function payloadText(bytes: Uint8Array, format: 'text' | 'hex', maxPrint: number, encoding: TextEncoding): string {
  const whole = format === 'hex' || encoding !== defaultEncoding; // the UTF-8 cut only backs up over UTF-8
  const shown = cut(bytes, maxPrint, whole);
  const part = shown ?? bytes;
  const body = format === 'hex' ? toHex(part) : encoding === defaultEncoding ? toEscaped(part) : decodeVisible(part, encoding);
  return shown === null ? body : body + cutMark(bytes.byteLength);
}

/**
 * The text written for an event by `serve`, or null to print nothing. Text and hex lines start
 * with the time; json lines are the NDJSON event lines (always whole: they are data for scripts).
 */
export function formatEventLine(
  event: SocketEvent,
  row: LogRow,
  format: 'text' | 'hex' | 'json',
  maxPrint = Infinity,
  encoding: TextEncoding = defaultEncoding,
): string | null {
  if (format === 'json') return ndjsonEvent(event, row, jsonOptionsIn(encoding)) + '\n';
  const head = `${clock(event.time)} ${describe(event)}`;
  if (event.type !== 'data') return head + '\n';
  return `${head}: ${payloadText(event.bytes, format, maxPrint, encoding)}\n`;
}

/** What `send` prints for each received message: the text itself (one line at least), or hex. */
export function formatReceived(
  bytes: Uint8Array,
  format: 'text' | 'hex',
  maxPrint = Infinity,
  encoding: TextEncoding = defaultEncoding,
): string {
  if (format === 'hex') return payloadText(bytes, 'hex', maxPrint, encoding) + '\n';
  // Another encoding: decoded from it, its undecodable bytes shown as \xHH (UTF-8 prints as it always did).
  const decode = (part: Uint8Array): string => (encoding === defaultEncoding ? decodeText(part) : decodeVisible(part, encoding, 'as-is'));
  const shown = cut(bytes, maxPrint, encoding !== defaultEncoding);
  if (shown !== null) return decode(shown) + cutMark(bytes.byteLength) + '\n';
  const text = decode(bytes);
  return text.endsWith('\n') ? text : text + '\n';
}

/**
 * The last line of `send` and `serve` (text, hex and raw formats): exact counts from the session
 * counters, whatever was printed. On TCP a message is a read chunk, or one frame with --frame.
 */
export function summaryLine(counters: Counters): string {
  return `summary: in ${counters.messagesIn} messages ${counters.bytesIn} bytes, out ${counters.messagesOut} messages ${counters.bytesOut} bytes`;
}
