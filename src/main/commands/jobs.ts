// Long commands as jobs: a send still running after a moment (or big from the start) answers at
// once with a job id, so no caller waits on it with a timer; its progress and outcome then travel in
// the batched updates, and cancelJob stops it between chunks. One board per router.
import type { CommandError, JobInfo, JobStarted, SendOutcome, SendReport } from '../../shared/contract';
import type { JobFeed } from '../engine/batcher';
import { problemText, type Problem } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { EngineError } from '../engine/errors';

/** How long a send may run before it answers with a job id instead of its result. */
export const quickAnswerMs = 200;
/** A payload this big answers with a job id at once: its progress is worth showing from the start. */
export const jobAtOnceBytes = 1024 * 1024;
/** Ended jobs remembered, so a late cancelJob hears "already ended" rather than "no such job". */
const endedJobsKept = 100;

/** What the work of a job gets: the cancel signal and a way to report progress. */
export interface JobControl {
  signal: AbortSignal;
  progress(done: number, total: number): void;
}

export interface JobBoardOptions {
  quickAnswerMs?: number;
  jobAtOnceBytes?: number;
}

interface LiveJob {
  info: JobInfo;
  abort: AbortController;
  /** Answered with its job id: from then on its progress and outcome are published. */
  announced: boolean;
}

type Ending = { state: 'done'; result: SendReport } | { state: 'failed' | 'cancelled'; error: CommandError };

/** Any failure as the typed error a caller receives (never a throw across the boundary). */
export function commandErrorOf(err: unknown): CommandError {
  if (err instanceof EngineError) return err.toJSON();
  // A bug, not a user mistake: still answered, and keyed like every other error so the window can word it.
  const problem: Problem = { key: 'internalError', params: { detail: quoteInput(err instanceof Error ? err.message : String(err), 160) } };
  return { code: 'INTERNAL', message: problemText(problem), problem };
}

export class JobBoard implements JobFeed {
  private readonly live = new Map<string, LiveJob>();
  private readonly ended = new Map<string, JobInfo>();
  private readonly listeners = new Set<(job: JobInfo) => void>();
  private nextId = 1;
  private readonly quickMs: number;
  private readonly atOnceBytes: number;

  constructor(options: JobBoardOptions = {}) {
    this.quickMs = options.quickAnswerMs ?? quickAnswerMs;
    this.atOnceBytes = options.jobAtOnceBytes ?? jobAtOnceBytes;
  }

  subscribe(listener: (job: JobInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  running(): JobInfo[] {
    return [...this.live.values()].filter((j) => j.announced).map((j) => j.info);
  }

  /**
   * Runs a send. Answers with its report when it ends within the quick window (a failure then
   * rejects, as any command's would); otherwise answers with the job, which goes on.
   */
  runSend(
    spec: { sessionId: string; total: number; command?: JobInfo['command']; atOnce?: boolean },
    work: (control: JobControl) => Promise<SendReport>,
  ): Promise<SendOutcome> {
    const id = `j${this.nextId++}`;
    const abort = new AbortController();
    const command = spec.command ?? 'send';
    const job: LiveJob = {
      info: { id, command, sessionId: spec.sessionId, state: 'running', done: 0, total: spec.total, startedAt: Date.now() },
      abort,
      announced: false,
    };
    this.live.set(id, job);
    const control: JobControl = {
      signal: abort.signal,
      progress: (done, total) => {
        if (job.info.state !== 'running') return;
        job.info = { ...job.info, done, total };
        if (job.announced) this.publish(job.info);
      },
    };
    let outcome: Promise<SendReport>;
    try {
      outcome = work(control);
    } catch (err) {
      this.live.delete(id);
      return Promise.reject(err);
    }
    // Work whose checks all ran before it began (a file send) is a job from the start.
    if (spec.atOnce) {
      job.announced = true;
      this.publish(job.info);
      this.settleAnnounced(job, outcome);
      return Promise.resolve({ job: id, total: job.info.total });
    }
    // A big payload skips the quick window, but still waits one turn: a mistake found before the
    // first write (no session, not connected) is answered as a plain error.
    const waitMs = spec.total >= this.atOnceBytes ? 0 : this.quickMs;
    return new Promise<SendOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        job.announced = true;
        this.publish(job.info);
        resolve({ job: id, total: job.info.total } satisfies JobStarted);
      }, waitMs);
      outcome.then(
        (result) => {
          if (job.announced) return this.end(job, { state: 'done', result });
          clearTimeout(timer);
          this.live.delete(id);
          resolve(result);
        },
        (err: unknown) => {
          if (job.announced) {
            const cancelled = err instanceof EngineError && err.code === 'CANCELLED';
            return this.end(job, { state: cancelled ? 'cancelled' : 'failed', error: commandErrorOf(err) });
          }
          clearTimeout(timer);
          this.live.delete(id);
          reject(err);
        },
      );
    });
  }

  private settleAnnounced(job: LiveJob, outcome: Promise<SendReport>): void {
    outcome.then(
      (result) => this.end(job, { state: 'done', result }),
      (err: unknown) => {
        const cancelled = err instanceof EngineError && err.code === 'CANCELLED';
        this.end(job, { state: cancelled ? 'cancelled' : 'failed', error: commandErrorOf(err) });
      },
    );
  }

  /** Asks a running job to stop; false when it had already ended. */
  cancel(jobId: string): { cancelled: boolean } {
    const job = this.live.get(jobId);
    if (job?.announced) {
      job.abort.abort();
      return { cancelled: true };
    }
    if (this.ended.has(jobId)) return { cancelled: false };
    throw new EngineError('NO_JOB', { key: 'noJob', params: { id: jobId } });
  }

  private end(job: LiveJob, ending: Ending): void {
    const { id, command, sessionId, startedAt, total } = job.info;
    // A finished send has written everything, even where no progress was reported (UDP).
    // A stream's total is unknown (0) until its end: then what it sent is the figure.
    const done = ending.state === 'done' ? (total > 0 ? total : ending.result.bytes * ending.result.recipients) : job.info.done;
    job.info = { id, command, sessionId, startedAt, total, done, ...ending };
    this.live.delete(id);
    this.ended.set(id, job.info);
    if (this.ended.size > endedJobsKept) this.ended.delete(this.ended.keys().next().value!);
    this.publish(job.info);
  }

  private publish(info: JobInfo): void {
    for (const listener of this.listeners) listener(info);
  }
}
