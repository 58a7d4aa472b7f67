// The log filter: which rows of a session's log match a direction / peer / payload query, kept as a
// compact list of sequence numbers that grows with new rows and forgets the rows the log dropped.
//
// It reads the log through `first`, `total` and `scan` (the rows as columns, no row object built per
// row), or `get(seq)` for a log without `scan`, so it works whatever the log's storage is. The work is lazy: nothing happens per appended row; whoever asks (the update batcher
// every ~30 ms, a page fetch) first scans the rows appended since the last question, and only those.
import { formatHostPort, hostKind, hostProblem } from '../../shared/address';
import { parseHex } from '../../shared/codec';
import type { Endpoint, LogFilter, LogFilterStatus, LogRow } from '../../shared/contract';
import { tlsDetailsLine } from '../../shared/kinds/tls';
import { preview, type RowVisitor } from './log-store';

/** All the filter needs from a log: the sequence numbers it still holds and one row by its number. */
export interface FilterableLog {
  /** Oldest sequence number still held. */
  readonly first: number;
  /** The next sequence number (rows [first, total) are held). */
  readonly total: number;
  get(seq: number): LogRow | undefined;
  /** Rows [from, to) still held, oldest first, without building them (LogStore has it); else get is used. */
  scan?(from: number, to: number, visitor: RowVisitor): void;
}

// ---------- one row: does it match? ----------

const directionBits = { in: 1, out: 2, event: 4, error: 8 } as const;
const allDirections = 15;

const directionBit = (row: LogRow): number =>
  row.type === 'data' ? (row.direction === 'in' ? 1 : 2) : row.type === 'error' ? directionBits.error : directionBits.event;

/** ASCII upper case folded to lower case, every other byte (UTF-8 included) unchanged. */
const fold = new Uint8Array(256).map((_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));
const identity = new Uint8Array(256).map((_, b) => b);
const isLetter = (b: number): boolean => (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a);

// Rough share (per mille) of each byte in protocol text, for a log too young to sample.
const letterShare = 'etaoinshrdlcumwfgypbvkjxqz';
function byteShare(b: number): number {
  const lower = fold[b]!;
  if (lower >= 0x61 && lower <= 0x7a) {
    const rank = letterShare.indexOf(String.fromCharCode(lower));
    const share = 130 / (1 + rank * 0.45); // e ~130, z ~10
    return b === lower ? share : share / 8; // capitals are rarer than small letters
  }
  if (b === 0x20) return 150;
  if (b >= 0x30 && b <= 0x39) return 20;
  if (b === 0x00) return 20;
  if (b < 0x20 || b >= 0x80) return 3;
  return 8; // punctuation
}

/** The share of rows holding any of `values`: counted in the sample, else guessed for ~100-byte rows. */
function rowShare(values: readonly number[], sample: readonly Uint8Array[]): number {
  if (sample.length === 0) return 1 - values.reduce((p, b) => p * (1 - byteShare(b) / 1000) ** 100, 1);
  let holding = 0;
  for (const bytes of sample) if (values.some((b) => bytes.indexOf(b) !== -1)) holding++;
  return holding / sample.length;
}

// Buffer's own search (a native Boyer-Moore-Horspool), for a row where the anchor byte keeps turning
// up without a match. It takes any Uint8Array as `this` (its argument check accepts every
// ArrayBufferView), so rows stored as plain Uint8Arrays need no Buffer view made for them.
const bufferIndexOf = Buffer.prototype.indexOf;

/**
 * Horspool's table: how far the needle may move when the row's byte under its end is b, by the byte
 * as it is in the row (both cases of a letter alike when `same` folds, so the search folds nothing
 * there); 0 for the needle's last byte (compare there, then move by the second value).
 */
function horspoolShifts(needle: Uint8Array, same: Uint8Array): [Uint8Array, number] {
  const last = needle.length - 1;
  const byNeedleByte = new Uint8Array(256).fill(Math.min(255, needle.length));
  for (let i = 0; i < last; i++) byNeedleByte[needle[i]!] = Math.min(255, last - i);
  if (last < 0) return [byNeedleByte, 1]; // an empty needle is never searched for
  const lastShift = byNeedleByte[needle[last]!]!;
  byNeedleByte[needle[last]!] = 0;
  return [new Uint8Array(256).map((_, b) => byNeedleByte[same[b]!]!), lastShift];
}

/** Case-blind, rows up to this long are searched in JS (see PayloadSearch#horspool), longer ones by the native calls. */
const shortRow = 256;

/** Near misses in one row before the rest of the row goes to Buffer#indexOf (bounds a pathological row). */
const maxNearMisses = 4;

/**
 * The payload query, compiled once per filter. In each row TypedArray#indexOf (native) looks for the
 * query's rarest byte in this log, the anchor; most rows stop there, having cost one call. Where the
 * anchor occurs, the few bytes around it are compared; a row with many near misses goes to
 * Buffer#indexOf. Case-blind, an anchor that is a letter is looked for in both cases (two calls).
 * (Measured on a million rows: one Buffer#indexOf per row costs about twice the anchor call, most
 * of it in setting up its search, so the anchor goes first.) Case-blind, a short row, most rows, skips all
 * that: Horspool in JS reads a fraction of its bytes for less than two native calls. (Matching the
 * case, the single anchor call measured faster: hex "de ad be ef" 158 ms against 219 ms.)
 */
class PayloadSearch {
  /** The bytes searched for (folded to lower case when the case does not matter). */
  private readonly needle: Buffer;
  /** The anchor: its place in the needle and the byte values that count as it (two for a letter, case-blind). */
  private readonly anchorAt: number = 0;
  private readonly anchor: number;
  private readonly anchorOther: number = -1;
  /** What a row's byte counts as: itself, or folded to lower case when the case does not matter. */
  private readonly same: Uint8Array;
  /** Horspool's shift per byte of the row, for short rows (see horspool). */
  private readonly shifts: Uint8Array;
  /** Horspool's shift after a compare at the needle's last byte. */
  private readonly lastShift: number;
  /** Event and error rows are matched by their words; null for a hex query. */
  private readonly words: string | null;

  constructor(
    bytes: Uint8Array,
    private readonly foldCase: boolean,
    words: string | null,
    /** Payloads from across the log, to learn which byte of the query is rare here. */
    sample: readonly Uint8Array[],
  ) {
    this.needle = Buffer.from(foldCase ? bytes.map((b) => fold[b]!) : bytes);
    this.words = words === null ? null : foldCase ? words.toLowerCase() : words;
    let best = Infinity;
    const seen = new Set<number>();
    for (let i = 0; i < this.needle.length && seen.size < 32; i++) {
      const b = this.needle[i]!;
      if (seen.has(b)) continue;
      seen.add(b);
      const values = foldCase && isLetter(b) ? [b, b - 0x20] : [b];
      // Case-blind, a letter takes two calls: it must be rarer to be worth them.
      const cost = rowShare(values, sample) + (values.length - 1) * 0.5;
      if (cost < best) {
        best = cost;
        this.anchorAt = i;
        this.anchorOther = values[1] ?? -1;
      }
    }
    this.anchor = this.needle[this.anchorAt] ?? 0;
    this.same = foldCase ? fold : identity;
    [this.shifts, this.lastShift] = horspoolShifts(this.needle, this.same);
  }

  get empty(): boolean {
    return this.needle.length === 0;
  }

  bytes(bytes: Uint8Array): boolean {
    const n = this.needle.length;
    if (bytes.length < n) return false;
    if (this.foldCase && bytes.length <= shortRow) return this.horspool(bytes);
    const last = bytes.length - n + this.anchorAt; // the last anchor place that leaves room for the rest
    if (this.from(bytes, bytes.indexOf(this.anchor, this.anchorAt), this.anchor, last)) return true;
    return this.anchorOther !== -1 && this.from(bytes, bytes.indexOf(this.anchorOther, this.anchorAt), this.anchorOther, last);
  }

  /**
   * A short row, case-blind, by Boyer-Moore-Horspool in JS: it reads about one byte in `shift` of the
   * row, where a letter anchor costs two native calls and one more per near miss (measured on a
   * million protocol rows: "error" in about two thirds of the time).
   */
  private horspool(bytes: Uint8Array): boolean {
    const needle = this.needle;
    const shifts = this.shifts;
    const same = this.same;
    const last = needle.length - 1;
    for (let i = last; i < bytes.length;) {
      let shift = shifts[bytes[i]!]!;
      if (shift === 0) {
        let k = 1;
        while (k <= last && same[bytes[i - k]!] === needle[last - k]) k++;
        if (k > last) return true;
        shift = this.lastShift;
      }
      i += shift;
    }
    return false;
  }

  /** Tries each place the anchor byte occurs, from `p` on. */
  private from(bytes: Uint8Array, p: number, anchor: number, last: number): boolean {
    const needle = this.needle;
    const n = needle.length;
    for (let misses = 0; p !== -1 && p <= last; misses++) {
      const start = p - this.anchorAt;
      if (!this.foldCase && misses === maxNearMisses) return bufferIndexOf.call(bytes, needle, start) !== -1;
      let k = 0;
      if (this.foldCase) while (k < n && fold[bytes[start + k]!] === needle[k]) k++;
      else while (k < n && bytes[start + k] === needle[k]) k++;
      if (k === n) return true;
      p = bytes.indexOf(anchor, p + 1);
    }
    return false;
  }

  /** An event or error row: its English words and code (the log's rows carry no other text). */
  event(row: LogRow): boolean {
    if (this.words === null) return false;
    const text = eventWords(row);
    return (this.foldCase ? text.toLowerCase() : text).includes(this.words);
  }
}

const endpoint = (e: Endpoint | undefined): string => (e ? formatHostPort(e.host, e.port) : '');

/** What a text query sees of a row that is not data: the event in English words, with its addresses. */
export function eventWords(row: LogRow): string {
  switch (row.type) {
    case 'data':
      return '';
    case 'opened':
      return `connected to ${endpoint(row.peer)} from ${endpoint(row.local)}`;
    case 'listening':
      return `listening on ${endpoint(row.local)}`;
    case 'accepted':
      return `accepted ${endpoint(row.peer)} (${row.connectionId})`;
    case 'half-closed':
      return row.by === 'peer' ? `${endpoint(row.peer)} finished sending (half-close)` : `half-closed towards ${endpoint(row.peer)}`;
    case 'closed':
      return `closed ${endpoint(row.peer)} (${row.reason})`;
    case 'error':
      return `error ${row.code}: ${row.message}`;
    case 'secured':
      return `secured ${endpoint(row.peer)}: ${tlsDetailsLine(row.tls)}`;
    case 'notice':
      return row.message;
    default:
      return row.type; // a kind of event added later: at least its name
  }
}

/** A whole IPv4 or IPv6 address ("127.0.0.1", "::1"), not a part of one such as "0.1" or ":50". */
const isIpAddress = (host: string): boolean => hostKind(host) !== 'name' && hostProblem(host) === null;

/** Limits the memo of peer answers: a flood from ever new ports must not grow it for ever. */
const maxPeerMemo = 65_536;

/**
 * The peer query: "host:port" or "[v6]:port" is that one peer, an IP address is that host (any
 * port, IPv4-mapped IPv6 included), anything else is a part of the peer as shown ("127.0.0.1:5005").
 */
class PeerTest {
  private readonly host: string | null = null;
  private readonly mapped: string | null = null;
  private readonly port: number | null = null;
  private readonly part: string | null = null;
  /** Answers for a part query, by host then port: the peer text is built once per peer, not per row. */
  private memo = new Map<string, Map<number, boolean>>();
  private memoSize = 0;
  private lastPeer: Endpoint | undefined;
  private lastAnswer = false;

  constructor(query: string) {
    const q = query.trim().toLowerCase();
    const hostPort = /^\[([^\]]+)\]:(\d{1,5})$/.exec(q) ?? /^([^:[\]\s]+):(\d{1,5})$/.exec(q);
    const bare = q.startsWith('[') && q.endsWith(']') ? q.slice(1, -1) : q;
    if (hostPort && isIpAddress(hostPort[1]!)) {
      this.host = hostPort[1]!;
      this.port = Number(hostPort[2]);
    } else if (isIpAddress(bare)) {
      this.host = bare;
    } else {
      this.part = q;
    }
    if (this.host !== null && !this.host.includes(':')) this.mapped = `::ffff:${this.host}`;
  }

  test(peer: Endpoint | undefined): boolean {
    if (peer === undefined) return false;
    if (this.part === null) {
      return (this.port === null || peer.port === this.port) && (peer.host === this.host || peer.host === this.mapped);
    }
    // Rows of one connection often share one peer object: no lookup at all then.
    if (peer === this.lastPeer) return this.lastAnswer;
    let ports = this.memo.get(peer.host);
    let answer = ports?.get(peer.port);
    if (answer === undefined) {
      answer = formatHostPort(peer.host, peer.port).toLowerCase().includes(this.part);
      if (this.memoSize >= maxPeerMemo) {
        this.memo = new Map();
        this.memoSize = 0;
        ports = undefined;
      }
      if (!ports) this.memo.set(peer.host, (ports = new Map()));
      ports.set(peer.port, answer);
      this.memoSize++;
    }
    this.lastPeer = peer;
    this.lastAnswer = answer;
    return answer;
  }
}

/** A filter compiled once: the cheap tests (direction, peer) run before the payload search. */
export class RowMatcher {
  private readonly directions: number;
  private readonly peer: PeerTest | null;
  private readonly payload: PayloadSearch | null;

  /**
   * `filter` has passed the contract's schema, so a hex query parses; `sample`: payloads of the log, if any;
   * `textBytes`: a text query in the session's encoding, when that is not UTF-8 (engine/text/encoding.ts).
   */
  constructor(filter: LogFilter, sample: readonly Uint8Array[] = [], textBytes?: Uint8Array) {
    this.directions = filter.directions.length === 0 ? allDirections : filter.directions.reduce((m, d) => m | directionBits[d], 0);
    this.peer = filter.peer.trim() === '' ? null : new PeerTest(filter.peer);
    let payload: PayloadSearch | null = null;
    if (filter.query !== '') {
      if (filter.mode === 'hex') {
        const parsed = parseHex(filter.query);
        payload = new PayloadSearch(parsed.ok ? parsed.bytes : new Uint8Array(), false, null, sample);
      } else payload = new PayloadSearch(textBytes ?? Buffer.from(filter.query, 'utf8'), !filter.matchCase, filter.query, sample);
    }
    // A hex query of separators only ("  ") asks for nothing.
    this.payload = payload && !payload.empty ? payload : null;
  }

  test(row: LogRow): boolean {
    if (this.directions !== allDirections && (this.directions & directionBit(row)) === 0) return false;
    if (this.peer !== null && !this.peer.test(row.peer)) return false;
    if (this.payload === null) return true;
    return row.type === 'data' ? this.payload.bytes(row.bytes) : this.payload.event(row);
  }

  /** A data row as a scan gives it (columns, no row object): the same answer as test. */
  testData(direction: 'in' | 'out', peer: Endpoint, buffer: ArrayBufferLike, offset: number, length: number): boolean {
    if (this.directions !== allDirections && (this.directions & (direction === 'in' ? 1 : 2)) === 0) return false;
    if (this.peer !== null && !this.peer.test(peer)) return false;
    // The payload's view is made only for a row that got this far.
    return this.payload === null || this.payload.bytes(new Uint8Array(buffer, offset, length));
  }
}

// ---------- the index of matches ----------

const initialCapacity = 1024;

/** A row as a page carries it: payload cut (size keeps the real length), on a buffer of its own (see log-store.ts). */
const previewOf = (row: LogRow): LogRow => preview(row);

/** Up to 512 payloads spread evenly over the log. */
function samplePayloads(log: FilterableLog): Uint8Array[] {
  const sample: Uint8Array[] = [];
  const held = log.total - log.first;
  const step = Math.max(1, Math.floor(held / 512));
  for (let seq = log.first; seq < log.total && sample.length < 512; seq += step) {
    const row = log.get(seq);
    if (row?.type === 'data') sample.push(row.bytes);
  }
  return sample;
}

/**
 * The matches of one filter on one log. Each match has a position that never changes, like a
 * sequence number: positions [first, total) are held, `first` grows as the log drops old rows, so a
 * window can cache rows by position while the log moves under it.
 */
export class LogFilterIndex {
  private readonly matcher: RowMatcher;
  /** Sequence numbers of the matches, ascending; [head, length) are live. Float64: exact beyond 2^32. */
  private seqs = new Float64Array(initialCapacity);
  private head = 0;
  private length = 0;
  /** The position of seqs[0]. */
  private base = 0;
  /** The next sequence number to look at. */
  private scanned: number;
  /** Hears the rows of a scan: each match goes on the list. */
  private readonly visitor: RowVisitor;

  constructor(
    private readonly log: FilterableLog,
    readonly filter: LogFilter,
    /** Changes whenever a filter is set, so a window can tell pages of an older filter apart. */
    readonly id: number,
    /** A text query's bytes in the session's encoding, when that is not UTF-8. */
    textBytes?: Uint8Array,
  ) {
    const matcher = new RowMatcher(filter, filter.query === '' ? [] : samplePayloads(log), textBytes);
    this.matcher = matcher;
    this.visitor = {
      data: (seq, direction, peer, buffer, offset, length) => {
        if (matcher.testData(direction, peer, buffer, offset, length)) this.push(seq);
      },
      event: (seq, row) => {
        if (matcher.test(row)) this.push(seq);
      },
    };
    this.scanned = log.first;
    this.refresh();
  }

  /** Forgets matches the log no longer holds, then scans the rows appended since the last call. */
  refresh(): void {
    const first = this.log.first;
    const total = this.log.total;
    this.trim(first);
    const from = Math.max(this.scanned, first);
    if (this.log.scan) this.log.scan(from, total, this.visitor);
    else {
      for (let seq = from; seq < total; seq++) {
        const row = this.log.get(seq);
        if (row !== undefined && this.matcher.test(row)) this.push(seq);
      }
    }
    this.scanned = Math.max(this.scanned, total);
  }

  status(): LogFilterStatus {
    this.refresh();
    return {
      id: this.id,
      filter: this.filter,
      first: this.base + this.head,
      total: this.base + this.length,
      matches: this.length - this.head,
    };
  }

  /** The status plus where each of `rows` (newest rows of a batch) sits in the match list, if it matches. */
  update(rows: readonly LogRow[]): LogFilterStatus & { tail: { position: number; seq: number }[] } {
    const status = this.status();
    const tail: { position: number; seq: number }[] = [];
    for (const row of rows) {
      const position = this.positionOf(row.seq);
      if (position !== -1) tail.push({ position, seq: row.seq });
    }
    return { ...status, tail };
  }

  /** Matching rows at positions [from, from + count) that are still held, payloads cut to a preview. */
  page(from: number, count: number): { rows: LogRow[]; status: LogFilterStatus } {
    const status = this.status();
    const start = Math.max(from, status.first);
    const end = Math.min(from + count, status.total);
    const rows: LogRow[] = [];
    for (let p = start; p < end; p++) {
      const row = this.log.get(this.seqs[p - this.base]!);
      if (row !== undefined) rows.push(previewOf(row));
    }
    return { rows, status };
  }

  /** The matching row at `position`, whole (an export writes every byte), or undefined when no longer held. */
  wholeRow(position: number): LogRow | undefined {
    const i = position - this.base;
    return i >= this.head && i < this.length ? this.log.get(this.seqs[i]!) : undefined;
  }

  /** The position of a matching sequence number, or -1 (binary search: the list is ascending). */
  positionOf(seq: number): number {
    const i = this.lowerBound(seq);
    return i < this.length && this.seqs[i] === seq ? this.base + i : -1;
  }

  /** The first live index whose sequence number is >= seq. */
  private lowerBound(seq: number): number {
    let lo = this.head;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private trim(first: number): void {
    if (this.head === this.length || this.seqs[this.head]! >= first) return;
    this.head = this.lowerBound(first);
    const live = this.length - this.head;
    // Memory follows what is held: shrink after a big drop, move the live part down now and then.
    if (this.seqs.length > initialCapacity && live * 4 < this.seqs.length) {
      const smaller = new Float64Array(Math.max(initialCapacity, live * 2));
      smaller.set(this.seqs.subarray(this.head, this.length));
      this.seqs = smaller;
      this.rebase();
    } else if (this.head * 2 > this.length) {
      this.seqs.copyWithin(0, this.head, this.length);
      this.rebase();
    }
  }

  /** After the live part moved to index 0. */
  private rebase(): void {
    this.base += this.head;
    this.length -= this.head;
    this.head = 0;
  }

  private push(seq: number): void {
    if (this.length === this.seqs.length) {
      if (this.head * 2 >= this.length) {
        this.seqs.copyWithin(0, this.head, this.length);
        this.rebase();
      } else {
        const bigger = new Float64Array(this.seqs.length * 2);
        bigger.set(this.seqs.subarray(this.head, this.length));
        this.seqs = bigger;
        this.rebase();
      }
    }
    this.seqs[this.length++] = seq;
  }
}
