// The one NDJSON format of Socket Lab: `--format json`, capture files and .ndjson exports all write these lines.
import type { Counters, Endpoint, LogRow, SessionInfo, SocketEvent } from '../../../shared/contract';
import { decodeText } from '../../../shared/codec';
import { isClientKind, roleOf, transportOf, type SessionKind } from '../../../shared/kinds';
import type { TextEncoding } from '../../../shared/encodings';
import { decodeIn } from '../text/encoding';

/**
 * How a stream of lines carries payloads. `payload` is declared once in the header, so a reader
 * knows how to decode every `bytes` field; `text` adds the UTF-8 reading of each payload for
 * people (a capture leaves it out: it doubles the file and the bytes already say everything).
 */
export interface NdjsonOptions {
  payload: 'hex' | 'base64';
  text: boolean;
  /** The session's encoding, which `text` is read in (absent: UTF-8), named in the header. */
  encoding?: TextEncoding;
}

/** Bumped when a field changes meaning; new fields may appear without a bump. */
export const ndjsonVersion = 1;

/** What the session section of the header says; exported for readers written in TypeScript. */
export interface NdjsonSession {
  id: string;
  kind: SessionInfo['kind'];
  role: 'client' | 'server' | 'socket';
  local: Endpoint | null;
  /** The peer a client connects to; null for servers and UDP sockets, whose peers are per event. */
  remote: Endpoint | null;
  /** What one "data" line is: on TCP a read chunk, or one frame when framing is set (line, len:2...); on UDP one datagram. */
  framing: string;
  /** How `text` fields are decoded from the bytes. */
  encoding: TextEncoding;
  openedAt: string;
}

/** The file's word for the kind's role: a UDP socket (role "peer" in the kinds' list) is "socket" here. */
const fileRoleOf = (kind: SessionKind): NdjsonSession['role'] => {
  const role = roleOf(kind);
  return role === 'peer' ? 'socket' : role;
};

const framingOf = (session: SessionInfo): string => {
  if (transportOf(session.kind) === 'udp') return 'datagram: a message is one datagram';
  const framing = session.stream?.framing ?? 'raw';
  return framing === 'raw' ? 'none: a message is a read chunk' : `${framing}: a message is one frame`;
};

// Buffer's native encoders are far faster than any per-byte loop, and the view shares the memory.
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The payload in the declared encoding: upper-case hex without separators, or standard base64. */
export function encodeNdjsonPayload(bytes: Uint8Array, payload: NdjsonOptions['payload']): string {
  return payload === 'base64' ? asBuffer(bytes).toString('base64') : asBuffer(bytes).toString('hex').toUpperCase();
}

/**
 * The first line: `{"type":"header","version":1,"payload":"hex","session":{...}}`.
 * Every ndjson* function returns one line WITHOUT its trailing newline: the writer adds "\n".
 */
export function ndjsonHeader(session: SessionInfo, options: NdjsonOptions): string {
  const described: NdjsonSession = {
    id: session.id,
    kind: session.kind,
    role: fileRoleOf(session.kind),
    local: session.local,
    remote: isClientKind(session.kind) ? session.target : null,
    framing: framingOf(session),
    encoding: options.encoding ?? 'utf-8',
    openedAt: new Date(session.openedAt).toISOString(),
  };
  return JSON.stringify({ type: 'header', version: ndjsonVersion, payload: options.payload, session: described });
}

/**
 * One event: its fields as the engine emits them (the session id aside: the header names it),
 * `seq` from the log row, `time` as ISO 8601, and for data `bytes` in the declared encoding,
 * `length` (the full payload length), plus `text` when asked. No trailing newline.
 */
export function ndjsonEvent(event: SocketEvent, row: LogRow, options: NdjsonOptions): string {
  const { sessionId: _session, ...rest } = event;
  const out: Record<string, unknown> = { seq: row.seq, ...rest, time: new Date(event.time).toISOString() };
  if (event.type === 'data') {
    out.bytes = encodeNdjsonPayload(event.bytes, options.payload);
    if (options.text)
      out.text = options.encoding && options.encoding !== 'utf-8' ? decodeIn(event.bytes, options.encoding) : decodeText(event.bytes);
    out.length = event.bytes.byteLength;
  }
  return JSON.stringify(out);
}

/** The last line: exact message and byte counts per direction. No trailing newline. */
export function ndjsonSummary(counters: Counters): string {
  return JSON.stringify({
    type: 'summary',
    in: { messages: counters.messagesIn, bytes: counters.bytesIn },
    out: { messages: counters.messagesOut, bytes: counters.bytesOut },
  });
}
