// JSON that keeps Uint8Array payloads, for the WebSocket bridge (Electron IPC clones them natively).
// Bytes travel as { "$bytes": "<base64>" }. Reading is hostile-proof: bad text, bad base64 or absurd
// nesting become a keyed WireError, never a stack overflow or an uncaught throw.
import { problemText, type Problem } from './problems';

/** Deepest nesting a wire message may have: ours need a handful of levels, a deeper one is hostile. */
export const maxWireDepth = 64;

/** Why a wire text could not be read, as a keyed problem. */
export class WireError extends Error {
  constructor(readonly problem: Problem) {
    super(problemText(problem));
    this.name = 'WireError';
  }
}

const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
};

const fromBase64 = (text: string): Uint8Array => {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new WireError({ key: 'requestBadBytes' });
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
};

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return { $bytes: toBase64(v) };
    return v;
  });
}

/** Reads wire text; throws a WireError (never anything else) when it cannot. */
export function decodeWire(text: string): unknown {
  let value: unknown;
  try {
    // Without a reviver V8 parses iteratively, so deep nesting cannot overflow the stack here;
    // revive() then walks with a depth bound.
    value = JSON.parse(text);
  } catch {
    throw new WireError({ key: 'requestNotJson' });
  }
  return revive(value, 0);
}

function revive(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= maxWireDepth) throw new WireError({ key: 'requestTooDeep', params: { limit: maxWireDepth } });
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i], depth + 1);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === '$bytes' && typeof record['$bytes'] === 'string') return fromBase64(record['$bytes']);
  for (const key of keys) {
    const child = record[key];
    const revived = revive(child, depth + 1);
    // defineProperty, not assignment: a "__proto__" key must stay a plain property.
    if (revived !== child) Object.defineProperty(record, key, { value: revived, writable: true, enumerable: true, configurable: true });
  }
  return record;
}

/** A request's id: echoed in its answer so the page can match the two. */
export type WireId = number | string;

const isWireId = (id: unknown): id is WireId =>
  (typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id.length > 0 && id.length <= 64);

/** Messages of the bridge: a request, its answer, or a pushed update. A request carries its payload
 * as wire text of its own, so a payload that cannot be read still leaves an id to answer. */
export type WireMessage =
  | { kind: 'request'; id: WireId; command: string; payload: string }
  | { kind: 'response'; id: WireId; result: unknown }
  | { kind: 'update'; batch: unknown };

export function encodeRequest(id: WireId, command: string, payload: unknown): string {
  // JSON.stringify(undefined) is undefined, not text: an absent payload travels as null.
  const text = payload === undefined ? 'null' : encodeWire(payload);
  return JSON.stringify({ kind: 'request', id, command, payload: text } satisfies WireMessage);
}

export type DecodedRequest =
  | { ok: true; id: WireId; command: string; payload: unknown }
  /** id is null when the text did not even say which request it was (nothing to answer). */
  | { ok: false; id: WireId | null; problem: Problem };

/** Reads a request the page sent; never throws. */
export function decodeRequest(text: string): DecodedRequest {
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch {
    return { ok: false, id: null, problem: { key: 'requestNotJson' } };
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope))
    return { ok: false, id: null, problem: { key: 'requestMalformed' } };
  const { id, kind, command, payload } = envelope as Record<string, unknown>;
  if (!isWireId(id)) return { ok: false, id: null, problem: { key: 'requestMalformed' } };
  if (kind !== 'request' || typeof command !== 'string' || typeof payload !== 'string')
    return { ok: false, id, problem: { key: 'requestMalformed' } };
  try {
    return { ok: true, id, command, payload: decodeWire(payload) };
  } catch (err) {
    return { ok: false, id, problem: err instanceof WireError ? err.problem : { key: 'requestNotJson' } };
  }
}

/** Reads what the engine pushed to the page; null for anything that is not a response or an update. */
export function decodeServerMessage(text: string): Extract<WireMessage, { kind: 'response' | 'update' }> | null {
  let message: unknown;
  try {
    message = decodeWire(text);
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (m['kind'] === 'response' && isWireId(m['id'])) return { kind: 'response', id: m['id'], result: m['result'] };
  if (m['kind'] === 'update') return { kind: 'update', batch: m['batch'] };
  return null;
}
