// Messages/s and bytes/s per session over the last minute: the exact counters the batched updates
// carry, sampled once a second into a fixed ring of one-second buckets (no per-packet work, and
// the same small memory whatever the traffic).
import type { SessionInfo } from '../../../shared/contract';
import { ChangeSignal } from '../lib/change-signal';

/** Buckets kept per session: one a second, a minute in all. */
export const historySeconds = 60;

export interface Rates {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
}

/** The buckets oldest first, as parallel arrays: what a chart draws. Times in seconds since the epoch. */
export interface RateWindow {
  times: number[];
  messagesIn: number[];
  messagesOut: number[];
  bytesIn: number[];
  bytesOut: number[];
}

export const noRates: Rates = { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 };
const fields = ['messagesIn', 'messagesOut', 'bytesIn', 'bytesOut'] as const;

class SessionRing {
  readonly times = new Float64Array(historySeconds);
  readonly values = fields.map(() => new Float64Array(historySeconds));
  /** Where the next bucket goes, and how many are filled. */
  head = 0;
  size = 0;

  constructor(
    public last: Rates,
    public lastAt: number,
  ) {}

  push(time: number, rates: Rates): void {
    this.times[this.head] = time;
    fields.forEach((f, i) => (this.values[i]![this.head] = rates[f]));
    this.head = (this.head + 1) % historySeconds;
    this.size = Math.min(this.size + 1, historySeconds);
  }

  newest(): Rates {
    if (this.size === 0) return noRates;
    const at = (this.head + historySeconds - 1) % historySeconds;
    return {
      messagesIn: this.values[0]![at]!,
      messagesOut: this.values[1]![at]!,
      bytesIn: this.values[2]![at]!,
      bytesOut: this.values[3]![at]!,
    };
  }

  window(): RateWindow {
    const out: RateWindow = { times: [], messagesIn: [], messagesOut: [], bytesIn: [], bytesOut: [] };
    const start = (this.head + historySeconds - this.size) % historySeconds;
    for (let k = 0; k < this.size; k++) {
      const at = (start + k) % historySeconds;
      out.times.push(this.times[at]!);
      fields.forEach((f, i) => out[f].push(this.values[i]![at]!));
    }
    return out;
  }
}

export class RateHistory extends ChangeSignal {
  private readonly rings = new Map<string, SessionRing>();

  /**
   * Takes one sample of every session: the counter growth since the last sample, per second of
   * `now` (a monotonic clock in ms), stamped with `wallMs`. A session seen for the first time only
   * sets its baseline, so traffic from before the window opened is not shown as a burst.
   */
  sample(sessions: Iterable<SessionInfo>, now: number, wallMs: number): void {
    const seen = new Set<string>();
    for (const s of sessions) {
      seen.add(s.id);
      const ring = this.rings.get(s.id);
      if (!ring) {
        this.rings.set(s.id, new SessionRing({ ...s.counters }, now));
        continue;
      }
      const seconds = (now - ring.lastAt) / 1000;
      if (seconds <= 0) continue;
      const c = s.counters;
      // A cancelled send takes back bytes it had counted: never a negative rate.
      const rate = (f: keyof Rates): number => Math.max(0, (c[f] - ring.last[f]) / seconds);
      ring.push(wallMs / 1000, {
        messagesIn: rate('messagesIn'),
        messagesOut: rate('messagesOut'),
        bytesIn: rate('bytesIn'),
        bytesOut: rate('bytesOut'),
      });
      ring.last = { messagesIn: c.messagesIn, messagesOut: c.messagesOut, bytesIn: c.bytesIn, bytesOut: c.bytesOut };
      ring.lastAt = now;
    }
    for (const id of this.rings.keys()) if (!seen.has(id)) this.rings.delete(id);
    this.changed();
  }

  /** The rates of the last whole second. */
  current(sessionId: string): Rates {
    return this.rings.get(sessionId)?.newest() ?? noRates;
  }

  /** The rates of the last whole second, summed over every session. */
  total(): Rates {
    const sum = { ...noRates };
    for (const ring of this.rings.values()) {
      const r = ring.newest();
      for (const f of fields) sum[f] += r[f];
    }
    return sum;
  }

  /** The last minute of one session, oldest first. */
  window(sessionId: string): RateWindow {
    return this.rings.get(sessionId)?.window() ?? { times: [], messagesIn: [], messagesOut: [], bytesIn: [], bytesOut: [] };
  }
}
