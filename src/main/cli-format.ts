// How the CLI prints events: raw received text, hex, or one JSON object per line.
import { formatHostPort } from '../shared/address';
import { decodeText, toEscaped, toHex } from '../shared/codec';
import type { LogRow, SocketEvent } from '../shared/contract';

export type OutputFormat = 'text' | 'hex' | 'json';

const clock = (time: number): string => new Date(time).toISOString().slice(11, 23);

/** One event as JSON; bytes as hex plus text, so the line is useful both to people and scripts. */
export function eventToJson(event: SocketEvent, row: LogRow): string {
  const { sessionId: _session, ...rest } = event;
  const out: Record<string, unknown> = { seq: row.seq, ...rest, time: new Date(event.time).toISOString() };
  if (event.type === 'data') {
    out.bytes = toHex(event.bytes, '');
    out.text = decodeText(event.bytes);
    out.length = event.bytes.byteLength;
  }
  return JSON.stringify(out);
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
      return `closed${peer ? ' ' + peer : ''} (${event.reason === 'peer' ? 'by the peer' : event.reason === 'reset' ? 'reset' : event.reason === 'stopped' ? 'stopped' : event.reason === 'local' ? 'by us' : 'error'})`;
    case 'error':
      return `error ${event.code}: ${event.message}`;
    case 'data':
      return `${event.direction} ${peer} ${event.bytes.byteLength} bytes`;
  }
}

/**
 * The text written for an event, or null to print nothing.
 * send mode only passes data-in events in text / hex; serve mode passes everything.
 */
export function formatEventLine(event: SocketEvent, row: LogRow, format: OutputFormat): string | null {
  if (format === 'json') return eventToJson(event, row) + '\n';
  const head = `${clock(event.time)} ${describe(event)}`;
  if (event.type !== 'data') return head + '\n';
  const body = format === 'hex' ? toHex(event.bytes) : toEscaped(event.bytes);
  return `${head}: ${body}\n`;
}

/** What `send` prints for each received message: the text itself (one line at least), or hex. */
export function formatReceived(bytes: Uint8Array, format: 'text' | 'hex'): string {
  if (format === 'hex') return toHex(bytes) + '\n';
  const text = decodeText(bytes);
  return text.endsWith('\n') ? text : text + '\n';
}
