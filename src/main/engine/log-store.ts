// The bounded in-memory log: one store per session, every store of an engine sharing one budget
// (bytes and entries). Sequence numbers only grow; past the budget the oldest rows, whichever session
// they belong to, are dropped and released at once (counters elsewhere stay exact).
import type { Endpoint, LogRow, RowsPage, SocketEvent } from '../../shared/contract';
import { rowPreviewBytes } from '../../shared/limits';
import { isSharedView } from './payload-slab';

export interface StoreLimits {
  maxEntries: number;
  maxBytes: number;
}

const MiB = 1024 * 1024;

/** The engine-wide default: 96 MiB across every session (with Node's own ~100 MB, `serve` stays under 300 MB RSS after 1 GiB of
 * TCP input; 128 MiB measured 312 MB); the entry cap only matters if a row costs less than measured. */
export const defaultStoreLimits: StoreLimits = { maxEntries: 1_000_000, maxBytes: 96 * MiB };

// What a row costs besides its payload, measured on its own by `node bench/row-cost.mjs 1000000`
// (Node 22, x64): each kind of row in a fresh `node --expose-gc` process that appends 1,000,000 rows,
// built as the engine builds them (payload kept by PayloadSlab, the event stamped in place), to a
// fresh store, and reads the growth after gc, per row, over the payload (heapUsed + arrayBuffers / RSS):
//   payload in a slab (received, up to 2 KiB): 64-90 B / 103-129 B (its columns, and its slab's tail)
//   payload on a buffer of its own (a send, a big read): 152-173 B / 374-524 B (the buffer's native
//     backing store and malloc header count in RSS only)
//   any other event (kept whole): 280-304 B / 324-350 B
// The budget bounds the process, so it counts the RSS figures, rounded up.
const slabRowOverheadBytes = 128;
export const rowOverheadBytes = 400;
const eventRowBytes = 352;

/** What one row is counted as against the budget. */
export const rowCost = (row: SocketEvent): number =>
  row.type !== 'data' ? eventRowBytes : row.bytes.byteLength + (isSharedView(row.bytes) ? slabRowOverheadBytes : rowOverheadBytes);

/**
 * The budget every store of an engine draws on. Past it, the oldest row engine-wide goes first, by
 * the order rows were appended in (a stamp per row: times tie within a millisecond), and the newest
 * row is always kept, however big.
 */
export class LogBudget {
  private current: StoreLimits;
  private heldBytes = 0;
  private heldEntries = 0;
  private nextStamp = 0;
  private readonly stores = new Set<LogStore>();

  /** `onEvicted` hears of a store that lost rows to another store's append (its bounds moved without an event of its own). */
  constructor(
    limits: StoreLimits = defaultStoreLimits,
    private readonly onEvicted?: (store: LogStore) => void,
  ) {
    this.current = { ...limits };
  }

  get limits(): StoreLimits {
    return { ...this.current };
  }

  /** Bytes and entries held across every store, as counted against the limits. */
  get bytes(): number {
    return this.heldBytes;
  }

  get entries(): number {
    return this.heldEntries;
  }

  /** New limits, applied at once: a smaller budget drops the oldest rows now. */
  setLimits(limits: StoreLimits): void {
    this.current = { ...limits };
    this.enforce(null);
  }

  join(store: LogStore): void {
    this.stores.add(store);
  }

  leave(store: LogStore): void {
    this.stores.delete(store);
  }

  /** The next append's place in the engine-wide order. */
  stamp(): number {
    return this.nextStamp++;
  }

  charge(bytes: number, entries: number): void {
    this.heldBytes += bytes;
    this.heldEntries += entries;
  }

  /** Drops the oldest rows until within the limits; `appending` is the store whose append asked. */
  enforce(appending: LogStore | null): void {
    const { maxEntries, maxBytes } = this.current;
    let told: LogStore | null = null;
    while ((this.heldEntries > maxEntries || this.heldBytes > maxBytes) && this.heldEntries > 1) {
      // A scan of the stores (one per session: a handful) beats keeping a global order per row.
      let oldest: LogStore | null = null;
      let oldestStamp = Infinity;
      for (const store of this.stores) {
        const stamp = store.oldestStamp;
        if (stamp < oldestStamp) {
          oldestStamp = stamp;
          oldest = store;
        }
      }
      if (oldest === null) return;
      oldest.dropOldest();
      if (oldest !== appending && oldest !== told) {
        told = oldest;
        this.onEvicted?.(oldest);
      }
    }
  }
}

/** The smallest ring a store keeps (a power of two, like every size the ring takes). */
const minCapacity = 16;

// What a slot holds: a data row in one of two directions (kept in columns), or any other event (kept whole).
const slotEvent = 0;
const slotIn = 1;
const slotOut = 2;
/** Received, the rest of a framed message when its stream ended (the row says partial). */
const slotInPartial = 3;

type Ref = ArrayBufferLike | LogRow | undefined;

/**
 * What walks the rows of a store (see LogStore#scan): a data row comes as its columns, with no row
 * object built, any other row as the object kept.
 */
export interface RowVisitor {
  /** A data row: its payload is bytes [offset, offset + length) of `buffer` (shared: read, never keep or write). */
  data(seq: number, direction: 'in' | 'out', peer: Endpoint, buffer: ArrayBufferLike, offset: number, length: number): void;
  /** Any row that is not data, as it was appended. */
  event(seq: number, row: LogRow): void;
}

/**
 * One session's log. Data rows, nearly every row, are kept in columns (typed arrays and slots that
 * point at shared objects: the payload's buffer, the connection id, the peer) rather than as one
 * object each, and a row object is built when asked for (get, page). Measured: with an object per
 * row, V8's old space grew to about three times the rows it held under a flood (each row outlives
 * many scavenges and dies in old space), and V8 keeps the pages it grew to, so RSS stayed near that
 * peak; in columns the rows are not in V8's heap at all, and RSS follows the budget.
 */
export class LogStore {
  private capacity = minCapacity;
  /** Slot (head + i) & (capacity - 1) holds the i-th oldest row. */
  private head = 0;
  private count = 0;
  private heldBytes = 0;
  private nextSeq = 0;
  private readonly budget: LogBudget;
  /** Each row's place in the engine-wide append order. */
  private stamps = new Float64Array(minCapacity);
  private times = new Float64Array(minCapacity);
  /** What each row is counted as against the budget. */
  private costs = new Int32Array(minCapacity);
  private kinds = new Uint8Array(minCapacity);
  /** Data rows: where the payload is in its buffer. */
  private offsets = new Int32Array(minCapacity);
  private lengths = new Int32Array(minCapacity);
  /** Data rows: the payload's buffer; other rows: the row itself. Emptied when a row is dropped,
   * so nothing keeps a dropped row (or its payload) alive. */
  private refs: Ref[] = emptySlots<Ref>(minCapacity);
  private connectionIds = emptySlots<string>(minCapacity);
  private peers = emptySlots<Endpoint>(minCapacity);
  private sessionIds = emptySlots<string>(minCapacity);

  /**
   * A store with limits of its own (tests, the bench), or one of an engine's stores drawing on the
   * engine's budget. `owner` names the session, for whoever hears of its evictions.
   */
  constructor(
    limits: StoreLimits | LogBudget = defaultStoreLimits,
    readonly owner = '',
  ) {
    this.budget = limits instanceof LogBudget ? limits : new LogBudget(limits);
    this.budget.join(this);
  }

  get first(): number {
    return this.nextSeq - this.count;
  }

  get total(): number {
    return this.nextSeq;
  }

  /** Rows held now. */
  get size(): number {
    return this.count;
  }

  /** What the rows held now are counted as against the budget. */
  get bytes(): number {
    return this.heldBytes;
  }

  /** The engine-wide stamp of the oldest row held (Infinity when empty): how the budget finds the oldest row. */
  get oldestStamp(): number {
    return this.count === 0 ? Infinity : this.stamps[this.head]!;
  }

  /** Logs the event (its `seq` added in place) and returns it: listeners get it as it was emitted. */
  append(event: SocketEvent): LogRow {
    const row = event as LogRow;
    row.seq = this.nextSeq++;
    if (this.count === this.capacity) this.resize(this.capacity * 2);
    const slot = (this.head + this.count) & (this.capacity - 1);
    this.stamps[slot] = this.budget.stamp();
    this.times[slot] = row.time;
    this.sessionIds[slot] = row.sessionId;
    if (row.type === 'data') {
      const bytes = row.bytes;
      this.kinds[slot] = row.direction === 'out' ? slotOut : row.partial ? slotInPartial : slotIn;
      this.refs[slot] = bytes.buffer;
      this.offsets[slot] = bytes.byteOffset;
      this.lengths[slot] = bytes.byteLength;
      this.connectionIds[slot] = row.connectionId;
      this.peers[slot] = row.peer;
    } else {
      this.kinds[slot] = slotEvent;
      this.refs[slot] = row;
    }
    const cost = rowCost(row);
    this.costs[slot] = cost;
    this.count++;
    this.heldBytes += cost;
    this.budget.charge(cost, 1);
    this.budget.enforce(this);
    return row;
  }

  /** Rows [from, from + count) that are still held, as a window gets them (see preview). */
  page(from: number, count: number): RowsPage {
    const first = this.first;
    const start = Math.max(from, first);
    const end = Math.min(from + count, this.total);
    const rows: LogRow[] = [];
    for (let seq = start; seq < end; seq++) rows.push(preview(this.rowAt((this.head + seq - first) & (this.capacity - 1), seq)));
    return { first, total: this.total, rows };
  }

  /** One whole row, full payload included, or undefined when it was dropped or never existed. */
  get(seq: number): LogRow | undefined {
    const first = this.first;
    if (seq < first || seq >= this.total) return undefined;
    return this.rowAt((this.head + seq - first) & (this.capacity - 1), seq);
  }

  /**
   * Walks the rows [from, to) still held, oldest first, straight from the columns: building a row
   * object per row (get) costs more than most filters do with it. The visitor must not append to
   * this store (an append may move the columns under the walk).
   */
  scan(from: number, to: number, visitor: RowVisitor): void {
    const first = this.first;
    const start = Math.max(from, first);
    const end = Math.min(to, this.total);
    const mask = this.capacity - 1;
    const { kinds, refs, offsets, lengths, peers } = this;
    let slot = (this.head + start - first) & mask;
    for (let seq = start; seq < end; seq++) {
      const kind = kinds[slot];
      if (kind === slotEvent) visitor.event(seq, refs[slot] as LogRow);
      else visitor.data(seq, kind === slotOut ? 'out' : 'in', peers[slot]!, refs[slot] as ArrayBufferLike, offsets[slot]!, lengths[slot]!);
      slot = (slot + 1) & mask;
    }
  }

  /** Drops the oldest row held (the budget calls this), releasing it now. */
  dropOldest(): void {
    if (this.count === 0) return;
    const slot = this.head;
    const cost = this.costs[slot]!;
    this.refs[slot] = undefined;
    this.connectionIds[slot] = undefined;
    this.peers[slot] = undefined;
    this.sessionIds[slot] = undefined;
    this.head = (slot + 1) & (this.capacity - 1);
    this.count--;
    this.heldBytes -= cost;
    this.budget.charge(-cost, -1);
    // A ring that once held far more rows gives its slots back (a quarter full: halve it).
    if (this.capacity > minCapacity && this.count * 4 < this.capacity) this.resize(this.capacity / 2);
  }

  /** Forgets the rows before `seq` (the oldest ones), keeping what came after. */
  dropBefore(seq: number): void {
    while (this.count > 0 && this.first < seq) this.dropOldest();
  }

  /** Forgets every row; sequence numbers keep growing so the window never confuses old and new. */
  clear(): void {
    this.budget.charge(-this.heldBytes, -this.count);
    this.head = 0;
    this.count = 0;
    this.heldBytes = 0;
    this.allocate(minCapacity);
  }

  /** The session is gone: its rows leave the budget, and the store with them. */
  dispose(): void {
    this.clear();
    this.budget.leave(this);
  }

  /** The row in `slot`, built now for a data row (its payload a view of the kept buffer). */
  private rowAt(slot: number, seq: number): LogRow {
    const kind = this.kinds[slot];
    if (kind === slotEvent) return this.refs[slot] as LogRow;
    const row: LogRow = {
      type: 'data',
      direction: kind === slotOut ? 'out' : 'in',
      peer: this.peers[slot]!,
      bytes: new Uint8Array(this.refs[slot] as ArrayBufferLike, this.offsets[slot], this.lengths[slot]),
      sessionId: this.sessionIds[slot]!,
      time: this.times[slot]!,
      seq,
    };
    const connectionId = this.connectionIds[slot];
    if (connectionId !== undefined) row.connectionId = connectionId;
    if (kind === slotInPartial && row.type === 'data') row.partial = true;
    return row;
  }

  /** Fresh, empty columns of `capacity` slots. */
  private allocate(capacity: number): void {
    this.capacity = capacity;
    this.stamps = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.costs = new Int32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.offsets = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.refs = emptySlots<Ref>(capacity);
    this.connectionIds = emptySlots<string>(capacity);
    this.peers = emptySlots<Endpoint>(capacity);
    this.sessionIds = emptySlots<string>(capacity);
  }

  /** Moves the rows, oldest first, into columns of `capacity` slots (a power of two, at least count). */
  private resize(capacity: number): void {
    const old = {
      mask: this.capacity - 1,
      stamps: this.stamps,
      times: this.times,
      costs: this.costs,
      kinds: this.kinds,
      offsets: this.offsets,
      lengths: this.lengths,
      refs: this.refs,
      connectionIds: this.connectionIds,
      peers: this.peers,
      sessionIds: this.sessionIds,
    };
    this.allocate(capacity);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & old.mask;
      this.stamps[i] = old.stamps[from]!;
      this.times[i] = old.times[from]!;
      this.costs[i] = old.costs[from]!;
      this.kinds[i] = old.kinds[from]!;
      this.offsets[i] = old.offsets[from]!;
      this.lengths[i] = old.lengths[from]!;
      this.refs[i] = old.refs[from];
      this.connectionIds[i] = old.connectionIds[from];
      this.peers[i] = old.peers[from];
      this.sessionIds[i] = old.sessionIds[from];
    }
    this.head = 0;
  }
}

/** An array of `n` empty slots (filled, so V8 keeps it a plain packed array). */
const emptySlots = <T>(n: number): (T | undefined)[] => new Array<T | undefined>(n).fill(undefined);

/**
 * The row as sent to a window: its payload cut to rowPreviewBytes (size keeps the real length), on
 * a buffer of its own. A view into a bigger buffer (a slab, or the start of a big payload) is copied:
 * Electron's structured clone would carry the whole buffer behind it.
 */
export function preview(row: LogRow): LogRow {
  if (row.type !== 'data') return row;
  if (row.bytes.byteLength > rowPreviewBytes) return { ...row, bytes: row.bytes.slice(0, rowPreviewBytes), size: row.bytes.byteLength };
  return isSharedView(row.bytes) ? { ...row, bytes: row.bytes.slice() } : row;
}

/** The whole row, its payload on a buffer of its own (see preview). */
export function detached(row: LogRow): LogRow {
  return row.type === 'data' && isSharedView(row.bytes) ? { ...row, bytes: row.bytes.slice() } : row;
}
