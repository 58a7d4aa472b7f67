// The window's view of the engine: sessions (from batched updates) and, per session, a cache
// of log rows around what is on screen. The full log stays in the main process; rows that are
// not cached are fetched by range when they scroll into view.
import type { CommandError, JobInfo, LogRow, SessionInfo, TextEncoding, UpdateBatch } from '../../../shared/contract';
import { api } from '../api';
import { ChangeSignal } from '../lib/change-signal';

/** Rows kept per session in the window; the rest are fetched again when needed. */
const maxCachedRows = 6000;
const fetchChunk = 500;
/** Ended jobs kept so the composer that started one can show how it ended. */
const maxEndedJobs = 50;
/**
 * Batches arrive about every 30 ms under traffic; the window redraws for them at most this often.
 * A flood turns the whole screenful of log rows over on every batch, and redrawing that 30 times a
 * second starves the frames (a person cannot read it that fast either). A batch after a quiet spell
 * is shown at once; what people do (open, select, scroll) is never held back.
 */
export const batchRedrawMs = 100;

export interface SessionLog {
  first: number;
  total: number;
  rows: Map<number, LogRow>;
  /** Clear pressed, Undo still offered: rows before this are hidden here, not yet dropped main-side. */
  hiddenBefore?: number;
}

/** The first row a window shows: the log's first, or where a Clear that can still be undone put it. */
export const shownFirst = (log: SessionLog): number => Math.max(log.first, log.hiddenBefore ?? 0);

/** How long Clear can be undone: then the rows are dropped main-side (rows logged since then stay). */
export const clearUndoMs = 5000;

class AppStore extends ChangeSignal {
  /** Clears that can still be undone, per session. */
  private readonly pendingClears = new Map<string, { before: number; timer: ReturnType<typeof setTimeout> }>();
  sessions = new Map<string, SessionInfo>();
  /** Sidebar order: newest last. */
  order: string[] = [];
  logs = new Map<string, SessionLog>();
  selectedId: string | null = null;
  /** TCP server: which client the composer sends to ('all' or a connection id), per session. */
  sendTargets = new Map<string, string>();
  /** Long sends (jobs) as the latest batch described them, by job id. */
  jobs = new Map<string, JobInfo>();
  private redrawTimer: ReturnType<typeof setTimeout> | null = null;
  private lastRedraw = -Infinity;
  private inFlight = new Set<string>();
  private visible = new Map<string, [number, number]>();

  /** Settled once the sessions the engine already had (a reload, another tab) are known. */
  readonly ready: Promise<void>;

  constructor() {
    super();
    api.onUpdate((batch) => this.apply(batch));
    // Sessions may already exist (a reloaded page, a second browser tab): show them and their logs.
    this.ready = api.listSessions({}).then(async (r) => {
      if (!r.ok) return;
      for (const s of r.value) this.upsert(s);
      await Promise.all(r.value.map((s) => this.loadBounds(s.id)));
      if (this.selectedId === null && r.value.length > 0) this.selectedId = r.value[r.value.length - 1]!.id;
      this.changed();
    });
  }

  private async loadBounds(id: string): Promise<void> {
    const page = await api.getRows({ sessionId: id, from: 0, count: 0 });
    const log = this.logs.get(id);
    if (page.ok && log && page.value.total > log.total) {
      log.first = page.value.first;
      log.total = page.value.total;
    }
  }

  protected override changed(): void {
    if (this.redrawTimer !== null) clearTimeout(this.redrawTimer);
    this.redrawTimer = null;
    this.lastRedraw = performance.now();
    super.changed();
  }

  /** A change that came with a batch: shown now, or with the next batch redraw if one was just made. */
  private changedByBatch(): void {
    if (this.redrawTimer !== null) return;
    const wait = this.lastRedraw + batchRedrawMs - performance.now();
    if (wait <= 0) this.changed();
    else this.redrawTimer = setTimeout(() => this.changed(), wait);
  }

  private upsert(info: SessionInfo): void {
    const before = this.sessions.get(info.id);
    if (!before) this.order.push(info.id);
    this.sessions.set(info.id, info);
    // Another encoding (chosen here or in another window): cached rows carry text decoded in the old one.
    if (before && before.encoding !== info.encoding) this.refetchRows(info.id);
    if (!this.logs.has(info.id)) this.logs.set(info.id, { first: 0, total: 0, rows: new Map() });
  }

  /** A session the window just opened: known at once, before the next batch. */
  addSession(info: SessionInfo): void {
    this.upsert(info);
    this.selectedId = info.id;
    this.changed();
  }

  /** A send of this session still running (started here, in another tab, or before a reload); a file send has its own control. */
  runningJob(sessionId: string, command: JobInfo['command'] = 'send'): JobInfo | undefined {
    for (const job of this.jobs.values()) if (job.sessionId === sessionId && job.state === 'running' && job.command === command) return job;
    return undefined;
  }

  setSendTarget(sessionId: string, target: string): void {
    this.sendTargets.set(sessionId, target);
    this.changed();
  }

  select(id: string | null): void {
    this.selectedId = id;
    this.changed();
  }

  private apply(batch: UpdateBatch): void {
    for (const id of batch.removed) this.forget(id);
    for (const info of batch.sessions) this.upsert(info);
    for (const update of batch.logs) {
      const log = this.logs.get(update.sessionId);
      if (!log) continue;
      if (update.first > log.first) for (const seq of log.rows.keys()) if (seq < update.first) log.rows.delete(seq);
      log.first = update.first;
      log.total = update.total;
      for (const row of update.rows) log.rows.set(row.seq, row);
      this.prune(update.sessionId, log);
    }
    for (const job of batch.jobs) this.jobs.set(job.id, job);
    this.pruneJobs();
    this.changedByBatch();
  }

  private pruneJobs(): void {
    const ended = [...this.jobs.values()].filter((j) => j.state !== 'running');
    for (const job of ended.slice(0, Math.max(0, ended.length - maxEndedJobs))) this.jobs.delete(job.id);
  }

  private forget(id: string): void {
    this.sessions.delete(id);
    this.logs.delete(id);
    this.order = this.order.filter((x) => x !== id);
    if (this.selectedId === id) this.selectedId = null;
  }

  async remove(id: string): Promise<void> {
    const r = await api.removeSession({ sessionId: id });
    if (r.ok) {
      this.forget(id);
      this.changed();
    }
  }

  /**
   * Clear: the rows leave the window at once, and the main side drops them only after clearUndoMs, so
   * Undo can bring them back until then. Rows logged meanwhile are not cleared.
   */
  clearLog(id: string): void {
    const log = this.logs.get(id);
    if (!log) return;
    this.commitClear(id); // a Clear still pending is final once another one comes
    const before = log.total;
    log.hiddenBefore = before;
    this.pendingClears.set(id, { before, timer: setTimeout(() => this.commitClear(id), clearUndoMs) });
    this.changed();
  }

  /** Whether the session's last Clear can still be undone. */
  canUndoClear(id: string): boolean {
    return this.pendingClears.has(id);
  }

  /** Brings back what the last Clear hid (before it was dropped main-side). */
  undoClear(id: string): void {
    const pending = this.pendingClears.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingClears.delete(id);
    const log = this.logs.get(id);
    if (log) delete log.hiddenBefore;
    this.changed();
  }

  private commitClear(id: string): void {
    const pending = this.pendingClears.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingClears.delete(id);
    // One redraw, once the main side has answered (every call answers, within a bound): the Undo
    // offer goes and the rows are dropped together. (Called by a new Clear, whose own redraw follows.)
    void api.clearLog({ sessionId: id, before: pending.before }).then((r) => {
      const log = this.logs.get(id);
      if (r.ok && log) {
        for (const seq of log.rows.keys()) if (seq < pending.before) log.rows.delete(seq);
        if (log.first < pending.before) log.first = pending.before;
      }
      this.changed();
    });
  }

  /** Changes the session's text encoding (upsert then fetches the rows on screen again). Answers the error, or null. */
  async setEncoding(id: string, encoding: TextEncoding): Promise<CommandError | null> {
    const r = await api.setEncoding({ sessionId: id, encoding });
    if (!r.ok) return r.error;
    this.upsert(r.value);
    this.changed();
    return null;
  }

  /** Drops the session's cached rows and fetches what is on screen again. */
  private refetchRows(id: string): void {
    this.logs.get(id)?.rows.clear();
    const shown = this.visible.get(id);
    if (shown) queueMicrotask(() => this.setVisible(id, shown[0], shown[1]));
  }

  /** Called by the log view with the sequence range on screen; fetches what is missing. */
  setVisible(id: string, from: number, to: number): void {
    this.visible.set(id, [from, to]);
    const log = this.logs.get(id);
    if (!log || this.inFlight.has(id)) return;
    let missing = -1;
    for (let seq = Math.max(from, shownFirst(log)); seq < Math.min(to, log.total); seq++) {
      if (!log.rows.has(seq)) {
        missing = seq;
        break;
      }
    }
    if (missing === -1) return;
    const start = Math.max(shownFirst(log), missing - 50);
    this.inFlight.add(id);
    void api.getRows({ sessionId: id, from: start, count: Math.min(fetchChunk * 2, Math.max(fetchChunk, to - start + 50)) }).then((r) => {
      this.inFlight.delete(id);
      const current = this.logs.get(id);
      if (!r.ok || !current) return;
      for (const row of r.value.rows) current.rows.set(row.seq, row);
      this.prune(id, current);
      this.changed();
      const [a, b] = this.visible.get(id) ?? [from, to];
      // The view may have moved while we waited; and a range past what we fetched needs another round.
      if (r.value.rows.length > 0) this.setVisible(id, a, b);
    });
  }

  /** Keeps the cache bounded: drops the rows farthest from what is on screen. */
  private prune(id: string, log: SessionLog): void {
    if (log.rows.size <= maxCachedRows) return;
    const [from, to] = this.visible.get(id) ?? [log.total - 100, log.total];
    const centre = (from + to) / 2;
    const seqs = [...log.rows.keys()].sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre));
    for (const seq of seqs.slice(maxCachedRows * 0.75)) log.rows.delete(seq);
  }
}

export const store = new AppStore();
