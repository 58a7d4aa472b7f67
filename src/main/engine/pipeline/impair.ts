// The decisions of simulated network problems (drop, duplicate, delay, reorder) per datagram, and the
// gate that carries them out on a UDP session's send and receive path.
import type { ImpairCounts, ImpairDirection, ImpairSettings, ImpairWay } from '../../../shared/impair';
import { impairsAnything } from '../../../shared/impair';

/** What happens to one datagram. */
export interface ImpairDecision {
  drop: boolean;
  duplicate: boolean;
  reorder: boolean;
  /** Added time before it goes on (0: none). */
  delayMs: number;
}

/*
 * A counter-based generator (the splitmix32 finaliser): every number is a pure function of (seed,
 * direction, datagram index, which draw), so the same seed gives the same decisions whatever the
 * timing or order of the run. A dozen lines; a library generator would be a stream, whose numbers
 * depend on how many were drawn before (a reply or a timer in between would shift every later one).
 */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

const wayTag = { in: 0x1b873593, out: 0x5bd1e995 } as const;

/** A number in [0, 1) for draw `k` of datagram `index` of direction `way`. */
export function impairDraw(seed: number, way: ImpairWay, index: number, k: number): number {
  const h = mix32(mix32(mix32(seed ^ wayTag[way]) ^ (index >>> 0)) ^ k);
  return h / 0x100000000;
}

/** The decision for datagram `index` (from 0) of direction `way`: a pure function of its arguments. */
export function decideImpair(d: ImpairDirection, seed: number, way: ImpairWay, index: number): ImpairDecision {
  const drop = d.loss > 0 && impairDraw(seed, way, index, 0) * 100 < d.loss;
  if (drop) return { drop: true, duplicate: false, reorder: false, delayMs: 0 };
  const duplicate = d.dup > 0 && impairDraw(seed, way, index, 1) * 100 < d.dup;
  const reorder = d.reorder > 0 && impairDraw(seed, way, index, 2) * 100 < d.reorder;
  // Jitter spreads the delay evenly over delay ± jitter, never below 0.
  const spread = d.jitter > 0 ? Math.round((impairDraw(seed, way, index, 3) * 2 - 1) * d.jitter) : 0;
  return { drop, duplicate, reorder, delayMs: Math.max(0, d.delay + spread) };
}

/** How long a datagram held back for reordering waits for a next one before it goes on alone. */
export const reorderHoldMs = 200;

/** Told about each decision as it is taken (the session logs it as a notice). */
export type ImpairReport<T> = (
  what: 'dropped' | 'duplicated' | 'delayed' | 'reordered',
  way: ImpairWay,
  index: number,
  item: T,
  delayMs: number,
) => void;

interface Held<T> {
  item: T;
  timer: NodeJS.Timeout;
}

/** One direction's queue: its datagram counter, the timers of delayed ones and the held one(s). */
class ImpairLane<T> {
  index = 0;
  readonly counts: ImpairCounts = { dropped: 0, duplicated: 0, reordered: 0, delayed: 0 };
  private held: Held<T>[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly way: ImpairWay,
    private readonly deliver: (item: T) => void,
    private readonly onIdle: () => void,
  ) {}

  get busy(): boolean {
    return this.timers.size > 0 || this.held.length > 0;
  }

  pass(d: ImpairDirection, seed: number, item: T, report: ImpairReport<T>): void {
    const index = this.index++;
    const decision = decideImpair(d, seed, this.way, index);
    if (decision.drop) {
      this.counts.dropped++;
      report('dropped', this.way, index, item, 0);
      return;
    }
    if (decision.delayMs > 0) {
      this.counts.delayed++;
      report('delayed', this.way, index, item, decision.delayMs);
    }
    if (decision.duplicate) {
      this.counts.duplicated++;
      report('duplicated', this.way, index, item, 0);
    }
    if (decision.reorder) {
      this.counts.reordered++;
      report('reordered', this.way, index, item, 0);
    }
    const go = (): void => {
      if (decision.reorder) this.hold(item);
      else this.release(item);
      if (decision.duplicate) this.release(item);
    };
    if (decision.delayMs === 0) return go();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      go();
      this.idleCheck();
    }, decision.delayMs);
    this.timers.add(timer);
  }

  /** Goes on, and the ones held back go right after it (they now arrive after a later one). */
  private release(item: T): void {
    this.deliver(item);
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    for (const h of held) {
      clearTimeout(h.timer);
      this.deliver(h.item);
    }
    this.idleCheck();
  }

  private hold(item: T): void {
    const entry: Held<T> = {
      item,
      // No next one within the bound: it goes on alone (nothing to swap with).
      timer: setTimeout(() => {
        this.held = this.held.filter((h) => h !== entry);
        this.deliver(item);
        this.idleCheck();
      }, reorderHoldMs),
    };
    this.held.push(entry);
  }

  private idleCheck(): void {
    if (!this.busy) this.onIdle();
  }

  /** Forgets what is pending (the socket is gone). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    for (const h of this.held) clearTimeout(h.timer);
    this.timers.clear();
    this.held = [];
  }
}

/**
 * The gate a UDP session sends and receives through while problems are simulated: each datagram is
 * dropped, duplicated, delayed or held back as (seed, direction, index) decide, then handed on.
 */
export class Impairer<T> {
  private readonly lanes: { in: ImpairLane<T>; out: ImpairLane<T> };
  private readonly deliverIn: (item: T) => void;
  private readonly deliverOut: (item: T) => void;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private settings: ImpairSettings,
    deliverIn: (item: T) => void,
    deliverOut: (item: T) => void,
    private readonly report: ImpairReport<T>,
  ) {
    this.deliverIn = deliverIn;
    this.deliverOut = deliverOut;
    const idle = (): void => this.wakeIdle();
    this.lanes = { in: new ImpairLane('in', deliverIn, idle), out: new ImpairLane('out', deliverOut, idle) };
  }

  get current(): ImpairSettings {
    return this.settings;
  }

  /** New settings take effect from the next datagram; the counters and indices go on. */
  set(settings: ImpairSettings): void {
    this.settings = settings;
  }

  passIn(item: T): void {
    const d = this.settings.in;
    if (!impairsAnything(d)) return this.deliverIn(item);
    this.lanes.in.pass(d, this.settings.seed, item, this.report);
  }

  passOut(item: T): void {
    const d = this.settings.out;
    if (!impairsAnything(d)) return this.deliverOut(item);
    this.lanes.out.pass(d, this.settings.seed, item, this.report);
  }

  counts(way: ImpairWay): ImpairCounts {
    return { ...this.lanes[way].counts };
  }

  /** Resolves once no datagram is delayed or held back (at most the longest delay plus the hold bound). */
  idle(): Promise<void> {
    if (!this.lanes.in.busy && !this.lanes.out.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private wakeIdle(): void {
    if (this.lanes.in.busy || this.lanes.out.busy) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  stop(): void {
    this.lanes.in.stop();
    this.lanes.out.stop();
    this.wakeIdle();
  }
}
