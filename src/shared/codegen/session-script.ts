// The "session script" every code generator writes from: a recorded NDJSON session read back into its
// kind, its address and the ordered sends and expected receives of each conversation (pure: no node:*).
import { decodeStrictUtf8 } from '../codec';
import type { Problem } from '../problems';

/** The kinds a script can be written for: TLS needs certificates and a library setup a lesson script would hide. */
export type ScriptKind = 'tcp-client' | 'tcp-server' | 'udp-client' | 'udp-server';

export interface ScriptPayload {
  bytes: Uint8Array;
  /** The bytes read as UTF-8 text with nothing unprintable but \r \n \t; null for binary payloads. */
  text: string | null;
}

/** One line of the script, with the event it came from (`seq`, `time` as HH:MM:SS.mmm UTC). */
export type ScriptStep =
  | ({ op: 'send'; seq: number; time: string } & ScriptPayload)
  /** Consecutive received messages in one: on TCP their total length is what the script waits for. */
  | ({ op: 'receive'; seq: number; time: string; messages: number } & ScriptPayload)
  /** This side ended its sending (TCP half-close: shutdown(SHUT_WR)). */
  | { op: 'half-close'; seq: number; time: string }
  /** The peer closed its side: the script reads until the end of the stream. */
  | { op: 'peer-closed'; seq: number; time: string };

/** One TCP connection, or a UDP socket's whole exchange. */
export interface Conversation {
  steps: ScriptStep[];
}

export interface SessionScript {
  kind: ScriptKind;
  sessionId: string;
  openedAt: string;
  /** Where a client connects or sends to; where a server listens. */
  host: string;
  port: number;
  /** The event that gave the address (`opened`, `listening`, the first datagram). */
  addressFrom: { seq: number; time: string };
  /** A server's connections in accept order; one for a client and for UDP. */
  conversations: Conversation[];
  /** Every payload read as text: scripts print what they receive as text, else as hex. */
  allText: boolean;
}

export type ScriptResult = { ok: true; script: SessionScript } | { ok: false; problem: Problem };

const fail = (problem: Problem): ScriptResult => ({ ok: false, problem });

interface Endpointish {
  host: string;
  port: number;
}
const isEndpoint = (v: unknown): v is Endpointish =>
  typeof v === 'object' && v !== null && typeof (v as Endpointish).host === 'string' && Number.isInteger((v as Endpointish).port);

function decodePayload(field: unknown, encoding: 'hex' | 'base64'): Uint8Array | null {
  if (typeof field !== 'string') return null;
  if (encoding === 'hex') {
    if (!/^(?:[0-9A-Fa-f]{2})*$/.test(field)) return null;
    const out = new Uint8Array(field.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(field.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(field) || field.length % 4 !== 0) return null;
  const binary = atob(field);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Text when it is valid UTF-8 with no control characters other than \r \n \t (tutorials send such lines). */
export function readableText(bytes: Uint8Array): string | null {
  const text = decodeStrictUtf8(bytes);
  // eslint-disable-next-line no-control-regex
  if (text === null || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return null;
  return text;
}

const payloadOf = (bytes: Uint8Array): ScriptPayload => ({ bytes, text: readableText(bytes) });
const clock = (iso: unknown): string => (typeof iso === 'string' && iso.length >= 23 ? iso.slice(11, 23) : '?');

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Reads an NDJSON export (`--export x.ndjson`, `--format json`, `--record`) into a script; `file` names it in problems. */
export function readSessionScript(ndjson: string, file: string): ScriptResult {
  const lines = ndjson.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return fail({ key: 'codegenEmpty', params: { path: file } });
  const records: Record<string, unknown>[] = [];
  for (let i = 0; i < lines.length; i++) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(lines[i]!);
    } catch {
      return fail({ key: 'codegenNotNdjson', params: { path: file, line: i + 1 } });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return fail({ key: 'codegenNotNdjson', params: { path: file, line: i + 1 } });
    records.push(parsed as Record<string, unknown>);
  }
  const header = records[0]!;
  const session = header.session as Record<string, unknown> | undefined;
  if (header.type !== 'header' || typeof session !== 'object' || session === null || typeof session.kind !== 'string')
    return fail({ key: 'codegenNotSocketLab', params: { path: file } });
  if (header.version !== 1) return fail({ key: 'codegenVersion', params: { path: file, version: String(header.version) } });
  const payload = header.payload === 'base64' ? 'base64' : header.payload === 'hex' ? 'hex' : null;
  if (payload === null) return fail({ key: 'codegenNotSocketLab', params: { path: file } });
  const kind = session.kind;
  if (kind !== 'tcp-client' && kind !== 'tcp-server' && kind !== 'udp')
    return fail({ key: 'codegenKindUnsupported', params: { path: file, kind } });
  const framing = typeof session.framing === 'string' ? session.framing : '';
  if (!framing.startsWith('none') && !framing.startsWith('datagram'))
    return fail({ key: 'codegenFramed', params: { path: file, framing: framing.split(':')[0] ?? framing } });

  const events = records.slice(1).filter((r) => typeof r.seq === 'number');
  const conversations = new Map<string, ScriptStep[]>();
  const stepsOf = (id: string): ScriptStep[] => {
    let steps = conversations.get(id);
    if (!steps) conversations.set(id, (steps = []));
    return steps;
  };
  let firstData: Record<string, unknown> | undefined;
  let addressEvent: Record<string, unknown> | undefined;
  for (const event of events) {
    const seq = event.seq as number;
    const time = clock(event.time);
    // UDP has one exchange whatever the peer; TCP one per connection.
    const id = kind === 'udp' ? 'udp' : String(event.connectionId ?? '');
    if ((event.type === 'opened' || event.type === 'listening') && !addressEvent) addressEvent = event;
    if (event.type === 'data') {
      const bytes = decodePayload(event.bytes, payload);
      if (bytes === null) return fail({ key: 'codegenNotSocketLab', params: { path: file } });
      firstData ??= event;
      const steps = stepsOf(id);
      const last = steps[steps.length - 1];
      if (event.direction === 'out') steps.push({ op: 'send', seq, time, ...payloadOf(bytes) });
      // On TCP consecutive reads are one wait for their total (the peer's writes may arrive cut otherwise);
      // on UDP each datagram is its own receive.
      else if (last?.op === 'receive' && kind !== 'udp') {
        const merged = concat(last.bytes, bytes);
        steps[steps.length - 1] = { ...last, messages: last.messages + 1, ...payloadOf(merged) };
      } else steps.push({ op: 'receive', seq, time, messages: 1, ...payloadOf(bytes) });
    } else if (event.type === 'half-closed' && kind !== 'udp' && id !== '') {
      stepsOf(id).push({ op: event.by === 'peer' ? 'peer-closed' : 'half-close', seq, time });
    } else if (event.type === 'closed' && event.reason === 'peer' && id !== '') {
      const steps = stepsOf(id);
      if (!steps.some((s) => s.op === 'peer-closed')) steps.push({ op: 'peer-closed', seq, time });
    }
  }
  const withData = [...conversations.values()].filter((steps) => steps.some((s) => s.op === 'send' || s.op === 'receive'));
  if (withData.length === 0 || firstData === undefined) return fail({ key: 'codegenEmpty', params: { path: file } });

  let scriptKind: ScriptKind;
  let where: unknown;
  if (kind === 'udp') {
    // A socket that spoke first is a client of the peer it sent to; one that heard first answers as a server.
    const client = firstData.direction === 'out';
    scriptKind = client ? 'udp-client' : 'udp-server';
    where = client ? firstData.peer : (addressEvent?.local ?? session.local);
    if (client) addressEvent = firstData;
  } else {
    scriptKind = kind;
    where = kind === 'tcp-client' ? session.remote : (addressEvent?.local ?? session.local);
  }
  if (!isEndpoint(where)) return fail({ key: 'codegenNotSocketLab', params: { path: file } });
  const allText = withData.every((steps) => steps.every((s) => !('bytes' in s) || s.text !== null));
  return {
    ok: true,
    script: {
      kind: scriptKind,
      sessionId: typeof session.id === 'string' ? session.id : '?',
      openedAt: typeof session.openedAt === 'string' ? session.openedAt : '?',
      host: where.host,
      port: where.port,
      addressFrom: { seq: typeof addressEvent?.seq === 'number' ? addressEvent.seq : 0, time: clock(addressEvent?.time) },
      conversations: withData.map((steps) => ({ steps })),
      allText,
    },
  };
}

/** The comment every generated line carries: which recorded event it came from. */
export const fromEvent = (step: { seq: number; time: string }): string => `event seq ${step.seq}, ${step.time} UTC`;
