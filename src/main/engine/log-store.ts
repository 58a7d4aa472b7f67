// The bounded in-memory log of one session. Sequence numbers only grow; when the store exceeds
// its entry or byte budget the oldest rows are dropped (counters elsewhere stay exact).
import { rowPreviewBytes, type LogRow, type RowsPage, type SocketEvent } from '../../shared/contract';

export interface StoreLimits {
  maxEntries: number;
  maxBytes: number;
}

export const defaultStoreLimits: StoreLimits = { maxEntries: 200_000, maxBytes: 256 * 1024 * 1024 };

const payloadSize = (e: SocketEvent): number => (e.type === 'data' ? e.bytes.byteLength : 0);
// What a row costs besides its payload (object, Uint8Array header, GC bookkeeping): `npm run bench`
// measured ~720 B for a 16-byte row, so a flood of tiny packets is bounded by bytes too.
const rowOverhead = 700;

export class LogStore {
  private rows: LogRow[] = [];
  private head = 0; // index in `rows` of the oldest kept row
  private bytes = 0;
  private nextSeq = 0;

  constructor(private readonly limits: StoreLimits = defaultStoreLimits) {}

  get first(): number {
    return this.nextSeq - (this.rows.length - this.head);
  }

  get total(): number {
    return this.nextSeq;
  }

  append(event: SocketEvent): LogRow {
    const row: LogRow = { ...event, seq: this.nextSeq++ };
    if (event.type === 'data') row.size = event.bytes.byteLength;
    this.rows.push(row);
    this.bytes += payloadSize(event) + rowOverhead;
    this.evict();
    return row;
  }

  /** Rows [from, from + count) that are still held, payloads cut to a preview. */
  page(from: number, count: number): RowsPage {
    const start = Math.max(from, this.first);
    const end = Math.min(from + count, this.total);
    const rows: LogRow[] = [];
    for (let seq = start; seq < end; seq++) rows.push(preview(this.rows[this.head + seq - this.first]!));
    return { first: this.first, total: this.total, rows };
  }

  /** One whole row, full payload included, or undefined when it was dropped or never existed. */
  get(seq: number): LogRow | undefined {
    if (seq < this.first || seq >= this.total) return undefined;
    return this.rows[this.head + seq - this.first];
  }

  /** Forgets every row; sequence numbers keep growing so the window never confuses old and new. */
  clear(): void {
    this.rows = [];
    this.head = 0;
    this.bytes = 0;
  }

  private evict(): void {
    while (
      this.rows.length - this.head > this.limits.maxEntries ||
      (this.bytes > this.limits.maxBytes && this.rows.length - this.head > 1)
    ) {
      const old = this.rows[this.head]!;
      this.bytes -= payloadSize(old) + rowOverhead;
      this.head++;
    }
    // Compact now and then instead of shifting on every drop (shift is O(n)).
    if (this.head > 4096 && this.head * 2 > this.rows.length) {
      this.rows = this.rows.slice(this.head);
      this.head = 0;
    }
  }
}

/** A copy of the row whose payload is at most rowPreviewBytes long (size keeps the real length). */
export function preview(row: LogRow): LogRow {
  if (row.type !== 'data' || row.bytes.byteLength <= rowPreviewBytes) return row;
  return { ...row, bytes: row.bytes.subarray(0, rowPreviewBytes) };
}
