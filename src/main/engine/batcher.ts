// Coalesces engine activity into one UpdateBatch every `intervalMs`, so the window gets a
// handful of messages a second whatever the packet rate: changed sessions, log bounds, newest rows,
// and the progress of long jobs (however many chunks they write).
import type { JobInfo, LogRow, SessionLogUpdate, UpdateBatch } from '../../shared/contract';
import type { Engine } from './engine';
import { preview } from './log-store';

/** Where job progress comes from (the command layer's jobs); the batcher only forwards it. */
export interface JobFeed {
  /** Called with a job's latest state whenever it progresses or ends. */
  subscribe(listener: (job: JobInfo) => void): () => void;
  /** Jobs still running: a window that connects now learns of them in its first batch. */
  running(): JobInfo[];
}

export interface BatcherOptions {
  intervalMs?: number;
  /** Newest rows per session carried in a batch; older new rows are fetched on demand. */
  tailLimit?: number;
  jobs?: JobFeed;
}

export class UpdateBatcher {
  private readonly changed = new Set<string>();
  private readonly removed = new Set<string>();
  private readonly tails = new Map<string, LogRow[]>();
  /** Latest state of each job that changed since the last batch. */
  private readonly jobs = new Map<string, JobInfo>();
  private readonly unsubscribeJobs: () => void = () => undefined;
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;
  private readonly intervalMs: number;
  private readonly tailLimit: number;

  constructor(
    private readonly engine: Engine,
    private readonly deliver: (batch: UpdateBatch) => void,
    options: BatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 30;
    this.tailLimit = options.tailLimit ?? 200;
    this.unsubscribe = engine.subscribe({
      event: (_event, row) => {
        let tail = this.tails.get(row.sessionId);
        if (!tail) this.tails.set(row.sessionId, (tail = []));
        tail.push(row);
        if (tail.length > this.tailLimit * 2) tail.splice(0, tail.length - this.tailLimit);
        this.mark(row.sessionId);
      },
      sessionChanged: (sessionId, isRemoved) => {
        if (isRemoved) {
          this.removed.add(sessionId);
          this.changed.delete(sessionId);
          this.tails.delete(sessionId);
          this.schedule();
        } else this.mark(sessionId);
      },
    });
    const feed = options.jobs;
    if (feed) {
      this.unsubscribeJobs = feed.subscribe((job) => {
        this.jobs.set(job.id, job);
        this.schedule();
      });
      for (const job of feed.running()) this.jobs.set(job.id, job);
      if (this.jobs.size > 0) this.schedule();
    }
  }

  private mark(sessionId: string): void {
    this.changed.add(sessionId);
    this.removed.delete(sessionId);
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends what is pending now (also called on stop so nothing is lost). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.changed.size === 0 && this.removed.size === 0 && this.jobs.size === 0) return;
    const batch: UpdateBatch = { sessions: [], removed: [...this.removed], logs: [], jobs: [...this.jobs.values()] };
    for (const id of this.changed) {
      let info;
      try {
        info = this.engine.info(id);
      } catch {
        continue; // removed in the meantime
      }
      batch.sessions.push(info);
      const bounds = this.engine.rows(id, 0, 0);
      const tail = (this.tails.get(id) ?? []).slice(-this.tailLimit).filter((r) => r.seq >= bounds.first);
      const log: SessionLogUpdate = {
        sessionId: id,
        first: bounds.first,
        total: bounds.total,
        rows: this.engine.withText(id, tail.map(preview)),
      };
      // A filtered session: its match count, and where the new rows sit among the matches.
      const filter = this.engine.filterUpdate(id, log.rows);
      if (filter) log.filter = filter;
      batch.logs.push(log);
    }
    this.changed.clear();
    this.removed.clear();
    this.tails.clear();
    this.jobs.clear();
    this.deliver(batch);
  }

  stop(): void {
    this.flush();
    this.unsubscribe();
    this.unsubscribeJobs();
  }
}
