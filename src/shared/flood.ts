// The traffic generator's options, limits and message layout, shared by the contract's schema, the engine, the CLI and the window (no zod here).
import { parseHex } from './codec';
import { maxSendBytes } from './limits';
import type { Problem } from './problems';

/** text: a text repeated to fill each message; hex: given bytes repeated; counter: each message starts with its sequence number. */
export const floodPayloadKinds = ['text', 'hex', 'counter'] as const;
export type FloodPayloadKind = (typeof floodPayloadKinds)[number];

/** Messages per second a person may ask for: far above what one core can send, so the limit never hides a real rate. */
export const maxFloodRate = 1_000_000;
/** Messages in one flood. */
export const maxFloodCount = 1_000_000_000;
/** Seconds a flood may run when it is given a duration (a longer one runs until stopped). */
export const maxFloodDuration = 86_400;
/** Longest text or hex pattern: typed by a person, not pasted from a file. */
export const maxFloodPatternLength = 4096;
/** A counter message starts with its sequence number as a 64-bit big-endian integer, from 0. */
export const floodCounterBytes = 8;
/** What a text payload repeats when no text is given. */
export const defaultFloodText = '0123456789abcdefghijklmnopqrstuvwxyz';

/** The options of one flood as a person gives them (rate, count, duration null: not given). */
export interface FloodSettings {
  /** Bytes per message. */
  size: number;
  payload: FloodPayloadKind;
  /** Messages per second; null: as fast as possible. */
  rate: number | null;
  /** Messages to send, or null. */
  count: number | null;
  /** Seconds to run, or null; with neither count nor duration the flood runs until stopped. */
  duration: number | null;
}

export type FloodState = 'running' | 'done' | 'stopped' | 'failed';

/** What a flood has done so far: exact counts of what the network took, and the rate now. */
export interface FloodProgress {
  /** Messages and bytes the system took (a datagram sent, a TCP write taken by the kernel). */
  messages: number;
  bytes: number;
  /** Messages the system refused (UDP send errors; a broken TCP connection ends the flood). */
  errors: number;
  /** Messages per second over the last second while it runs; the average once it ended. */
  rate: number;
}

/** One flood of a session, running or ended (the latest one stays until the next starts). */
export interface FloodInfo extends FloodProgress {
  id: string;
  state: FloodState;
  settings: FloodSettings;
  /** Where it goes: the peer ("127.0.0.1:5005"), or "all" for every client of a server. */
  target: string;
  startedAt: number;
  endedAt: number | null;
  /** Why it failed, or the first send error of one that went on. */
  error: { code: string; message: string; problem: Problem } | null;
}

/** What one field of the generator's form gets wrong: the same rules in the schema, the window and the engine. */
export interface FloodProblem {
  field: 'size' | 'payload' | 'pattern' | 'rate' | 'count' | 'duration';
  problem: Problem;
}

const wholeIn = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;

/** Every mistake in a flood's options (NaN stands for a field that is not a number), in form order. */
export function floodProblems(options: FloodSettings & { pattern: string }): FloodProblem[] {
  const found: FloodProblem[] = [];
  const { size, payload, rate, count, duration, pattern } = options;
  if (!wholeIn(size, 1, maxSendBytes))
    found.push({ field: 'size', problem: { key: 'floodSize', params: { max: maxSendBytes.toLocaleString('en-US') } } });
  else if (payload === 'counter' && size < floodCounterBytes)
    found.push({ field: 'size', problem: { key: 'floodCounterSize', params: { min: floodCounterBytes } } });
  if (!(floodPayloadKinds as readonly string[]).includes(payload)) found.push({ field: 'payload', problem: { key: 'floodPayload' } });
  if (pattern.length > maxFloodPatternLength)
    found.push({
      field: 'pattern',
      problem: { key: 'floodPatternTooLong', params: { max: maxFloodPatternLength.toLocaleString('en-US') } },
    });
  else if (payload === 'hex') {
    const parsed = parseHex(pattern);
    if (!parsed.ok) found.push({ field: 'pattern', problem: parsed.error.problem });
    else if (parsed.bytes.length === 0) found.push({ field: 'pattern', problem: { key: 'floodHexEmpty' } });
  }
  if (rate !== null && !wholeIn(rate, 1, maxFloodRate))
    found.push({ field: 'rate', problem: { key: 'floodRate', params: { max: maxFloodRate.toLocaleString('en-US') } } });
  if (count !== null && !wholeIn(count, 1, maxFloodCount))
    found.push({ field: 'count', problem: { key: 'floodCount', params: { max: maxFloodCount.toLocaleString('en-US') } } });
  if (duration !== null && !(Number.isFinite(duration) && duration >= 0.001 && duration <= maxFloodDuration))
    found.push({ field: 'duration', problem: { key: 'floodDuration', params: { max: maxFloodDuration.toLocaleString('en-US') } } });
  else if (duration !== null && count !== null) found.push({ field: 'duration', problem: { key: 'floodCountAndDuration' } });
  return found;
}

/** The bytes a text or hex payload repeats (a counter's messages repeat nothing after the number: zeros). */
export function floodPatternBytes(payload: FloodPayloadKind, pattern: string): Uint8Array {
  if (payload === 'counter') return new Uint8Array(0);
  if (payload === 'hex') {
    const parsed = parseHex(pattern);
    return parsed.ok ? parsed.bytes : new Uint8Array(0);
  }
  return new TextEncoder().encode(pattern === '' ? defaultFloodText : pattern);
}

/** One message of `size` bytes: the pattern repeated (and cut) to fill it; a counter message's number is written per message. */
export function floodTemplate(size: number, pattern: Uint8Array): Uint8Array {
  const out = new Uint8Array(size);
  if (pattern.length === 0) return out;
  for (let at = 0; at < size; at += pattern.length) out.set(pattern.subarray(0, Math.min(pattern.length, size - at)), at);
  return out;
}

/** Writes sequence number `seq` as 64-bit big-endian at `offset` (two 32-bit halves: no BigInt per message). */
export function writeFloodCounter(target: Uint8Array, offset: number, seq: number): void {
  const high = Math.floor(seq / 0x1_0000_0000);
  const low = seq >>> 0;
  target[offset] = high >>> 24;
  target[offset + 1] = (high >>> 16) & 0xff;
  target[offset + 2] = (high >>> 8) & 0xff;
  target[offset + 3] = high & 0xff;
  target[offset + 4] = low >>> 24;
  target[offset + 5] = (low >>> 16) & 0xff;
  target[offset + 6] = (low >>> 8) & 0xff;
  target[offset + 7] = low & 0xff;
}

/** The sequence number a counter message starts with. */
export function readFloodCounter(bytes: Uint8Array, offset = 0): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, floodCounterBytes);
  return view.getUint32(0) * 0x1_0000_0000 + view.getUint32(4);
}
