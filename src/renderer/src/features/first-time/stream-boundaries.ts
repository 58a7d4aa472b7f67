// Where a TCP byte stream's reads fall against its writes, when both ends are sessions of this window: the
// sender's out rows give each write's byte range, the receiver's in rows each read's; a read that spans two
// writes joined them, a write that took several reads was split. Pure: fed rows, answers what it saw.
export type BoundaryFinding = { kind: 'joined'; count: number } | { kind: 'split'; size: number; count: number } | null;

/** The last writes and read ends remembered per flow: enough to place any read of an ordinary lesson. */
const kept = 64;

interface Flow {
  /** Byte ranges [start, end) of the latest writes, oldest first. */
  writes: [number, number][];
  outTotal: number;
  inTotal: number;
  /** Where the latest reads ended. */
  readEnds: number[];
}

const push = <T>(list: T[], item: T): void => {
  list.push(item);
  if (list.length > kept) list.shift();
};

export class StreamBoundaries {
  private flows = new Map<string, Flow>();

  private flow(key: string): Flow {
    let f = this.flows.get(key);
    if (!f) this.flows.set(key, (f = { writes: [], outTotal: 0, inTotal: 0, readEnds: [] }));
    return f;
  }

  /** Whether the window has seen this flow's sender write at all (then reads are compared exactly). */
  knowsSender(key: string): boolean {
    return (this.flows.get(key)?.outTotal ?? 0) > 0;
  }

  wrote(key: string, size: number): void {
    const f = this.flow(key);
    push(f.writes, [f.outTotal, f.outTotal + size]);
    f.outTotal += size;
  }

  /** A read of `size` bytes: joined when it holds bytes of two writes or more, split when it completes a write begun in an earlier read. */
  read(key: string, size: number): BoundaryFinding {
    const f = this.flow(key);
    const start = f.inTotal;
    const end = start + size;
    f.inTotal = end;
    const earlierEnds = f.readEnds;
    push(f.readEnds, end);
    // The sender's rows have not all come (or it is not in this window): nothing exact to say.
    if (f.outTotal < end) return null;
    const touched = f.writes.filter(([s, e]) => s < end && e > start);
    if (touched.length >= 2) return { kind: 'joined', count: touched.length };
    const write = touched[0];
    if (!write || write[0] >= start || write[1] > end) return null;
    const pieces = 1 + earlierEnds.filter((x) => x > write[0] && x < write[1]).length;
    return pieces >= 2 ? { kind: 'split', size: write[1] - write[0], count: pieces } : null;
  }

  forget(): void {
    this.flows.clear();
  }
}

/**
 * Without the sender in the window nothing is exact, so a heuristic: a read holding two line endings or more
 * (with text before each). Line-based clients, like the tutorials', write one line per send, so such a read
 * most likely joined writes; a sender that writes several lines at once would be misread, hence the wording
 * "most likely" in the explanation.
 */
export function linesInRead(text: string): number {
  const lines = text.split('\n');
  lines.pop(); // what follows the last line ending is not a whole line
  return lines.filter((l) => l.replace(/\r$/, '') !== '').length;
}
