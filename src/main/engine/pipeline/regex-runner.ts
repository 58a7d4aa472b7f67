// Runs auto-reply regular expressions on a worker thread with a deadline per match, so a runaway pattern costs one error event, never a hung engine.
//
// A synchronous RegExp.exec cannot be interrupted on the thread that runs it, so every regex match
// goes to one worker. Queries are batched (one batch in flight, the next one gathering meanwhile)
// to keep thousands of messages a second flowing; the worker writes which match it is on into
// shared memory, and a watchdog here terminates and replaces it when one match passes the deadline.
import type { Worker } from 'node:worker_threads';
import { workerThreads } from '../../builtins';
import type { RegexMatcher, RegexPattern, RegexQuery, RegexVerdict } from '../../../shared/rules';
import { regexWorkerSource, stateLength, stateSlots } from './regex-worker';

export interface RegexRunnerOptions {
  /** How long one pattern may run on one message before it is stopped (default 100 ms). */
  deadlineMs?: number;
  /** The most queries sent to the worker at once (default 256): bounds what a restart runs again. */
  maxBatch?: number;
}

export interface RegexRunnerStats {
  /** Batches sent to a worker. */
  batches: number;
  /** Workers replaced after a match ran past the deadline or the worker died. */
  restarts: number;
  /** Queries waiting for the worker. */
  queued: number;
}

export interface RegexRunner {
  /** The matcher rules.ts's respond() takes. Never rejects: a stopped match is a verdict. */
  readonly match: RegexMatcher;
  stats(): RegexRunnerStats;
  /** Stops the worker; queries still waiting are answered as failed. */
  close(): Promise<void>;
}

export const defaultRegexDeadlineMs = 100;

export function createRegexRunner(options: RegexRunnerOptions = {}): RegexRunner {
  const runner = new WorkerRegexRunner(options.deadlineMs ?? defaultRegexDeadlineMs, options.maxBatch ?? 256);
  return { match: (query) => runner.match(query), stats: () => runner.stats(), close: () => runner.close() };
}

interface Job {
  query: RegexQuery;
  resolve: (verdict: RegexVerdict) => void;
  /** Times the job was lost with a dead worker: past a few, it is answered as failed, never retried forever. */
  losses: number;
}

interface Batch {
  id: number;
  jobs: Job[];
}

/** A live worker, the memory it reports progress in, and the patterns it has compiled. */
interface Thread {
  worker: Worker;
  state: Int32Array;
  known: Set<number>;
}

type WorkerReply = { batch: number; results: unknown[] };

const maxLosses = 3;

class WorkerRegexRunner {
  private readonly keys = new Map<string, number>();
  private readonly queue: Job[] = [];
  private thread: Thread | null = null;
  private inFlight: Batch | null = null;
  private nextBatch = 1;
  private closed = false;
  private batches = 0;
  private restarts = 0;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  /** What the worker was last seen running ("job:pattern") and since when. */
  private seen = '';
  private since = 0;
  private readonly tickMs: number;

  constructor(
    private readonly deadlineMs: number,
    private readonly maxBatch: number,
  ) {
    // A quarter of the deadline: a stopped match is reported within 1.25 deadlines (plus event-loop lag).
    this.tickMs = Math.min(25, Math.max(1, Math.floor(deadlineMs / 4)));
  }

  match(query: RegexQuery): Promise<RegexVerdict> {
    if (query.patterns.length === 0) return Promise.resolve({ ok: true, hit: -1, groups: [] });
    return new Promise((resolve) => {
      if (this.closed) return resolve(closedVerdict);
      this.queue.push({ query, resolve, losses: 0 });
      this.pump();
    });
  }

  stats(): RegexRunnerStats {
    return { batches: this.batches, restarts: this.restarts, queued: this.queue.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWatchdog();
    for (const job of [...(this.inFlight?.jobs ?? []), ...this.queue.splice(0)]) job.resolve(closedVerdict);
    this.inFlight = null;
    const thread = this.thread;
    this.thread = null;
    if (thread) await thread.worker.terminate();
  }

  /** Sends the next batch when the worker is free. */
  private pump(): void {
    if (this.inFlight || this.queue.length === 0 || this.closed) return;
    const thread = (this.thread ??= this.startThread());
    const jobs = this.queue.splice(0, this.maxBatch);
    const batch: Batch = { id: this.nextBatch++, jobs };
    const patterns: [number, string, string][] = [];
    const wire = jobs.map((job) => [job.query.text, job.query.patterns.map((p) => this.keyOf(p, thread, patterns))] as const);
    this.inFlight = batch;
    this.batches++;
    thread.worker.postMessage({ batch: batch.id, patterns, jobs: wire });
    this.seen = '';
    this.startWatchdog();
  }

  /** A small number for each distinct pattern; its source goes to a worker the first time that worker needs it. */
  private keyOf(pattern: RegexPattern, thread: Thread, fresh: [number, string, string][]): number {
    const name = `${pattern.flags}/${pattern.source}`;
    let key = this.keys.get(name);
    if (key === undefined) this.keys.set(name, (key = this.keys.size));
    if (!thread.known.has(key)) {
      thread.known.add(key);
      fresh.push([key, pattern.source, pattern.flags]);
    }
    return key;
  }

  private startThread(): Thread {
    const state = new Int32Array(new SharedArrayBuffer(stateLength * Int32Array.BYTES_PER_ELEMENT));
    const worker = new (workerThreads().Worker)(regexWorkerSource, { eval: true, workerData: { state: state.buffer } });
    // An idle runner must not keep the process alive; a batch in flight does, through the watchdog timer.
    worker.unref();
    const thread: Thread = { worker, state, known: new Set() };
    worker.on('message', (reply: WorkerReply) => this.onReply(thread, reply));
    worker.on('error', (error) => this.onDeath(thread, error.message));
    worker.on('exit', (code) => this.onDeath(thread, `the worker exited (code ${code})`));
    return thread;
  }

  private onReply(thread: Thread, reply: WorkerReply): void {
    const batch = this.inFlight;
    if (thread !== this.thread || !batch || reply.batch !== batch.id) return; // from a worker already replaced
    this.inFlight = null;
    this.stopWatchdog();
    batch.jobs.forEach((job, j) => job.resolve(verdictOf(reply.results[2 * j], reply.results[2 * j + 1])));
    this.pump();
  }

  private startWatchdog(): void {
    this.stopWatchdog();
    this.watchdog = setTimeout(() => this.check(), this.tickMs);
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  /** Has the match the worker is on run past the deadline? Time before the worker starts the batch (its boot) does not count. */
  private check(): void {
    this.watchdog = null;
    const batch = this.inFlight;
    const thread = this.thread;
    if (!batch || !thread) return;
    const now = performance.now();
    const started = Atomics.load(thread.state, stateSlots.batch) === batch.id;
    const job = Atomics.load(thread.state, stateSlots.job);
    const pattern = Atomics.load(thread.state, stateSlots.pattern);
    const at = started && job < batch.jobs.length ? `${job}:${pattern}` : '';
    if (at !== this.seen) {
      this.seen = at;
      this.since = now;
    } else if (at !== '' && now - this.since >= this.deadlineMs) {
      return this.stopStuck(batch, job, { ok: false, reason: 'timeout', pattern, deadlineMs: this.deadlineMs });
    }
    this.startWatchdog();
  }

  /** Answers the stuck job, replaces the worker, and runs the batch's other jobs again on the new one. */
  private stopStuck(batch: Batch, stuck: number, verdict: RegexVerdict): void {
    this.restart();
    batch.jobs[stuck]?.resolve(verdict);
    this.queue.unshift(...batch.jobs.filter((_, j) => j !== stuck));
    this.pump();
  }

  /** The worker died by itself (out of memory, a bug): the job it was on is answered as failed, the rest retried. */
  private onDeath(thread: Thread, detail: string): void {
    if (thread !== this.thread || this.closed) return;
    const batch = this.inFlight;
    if (!batch) return this.restart();
    const started = Atomics.load(thread.state, stateSlots.batch) === batch.id;
    const job = started ? Atomics.load(thread.state, stateSlots.job) : 0;
    const pattern = started ? Atomics.load(thread.state, stateSlots.pattern) : 0;
    for (const lost of batch.jobs) lost.losses++;
    const victim = batch.jobs[job];
    if (victim && (started || victim.losses >= maxLosses)) {
      return this.stopStuck(batch, job, { ok: false, reason: 'failed', pattern, detail });
    }
    this.restart();
    this.queue.unshift(...batch.jobs);
    this.pump();
  }

  private restart(): void {
    const thread = this.thread;
    this.thread = null;
    this.inFlight = null;
    this.stopWatchdog();
    this.restarts++;
    if (thread) void thread.worker.terminate();
  }
}

const closedVerdict: RegexVerdict = { ok: false, reason: 'failed', pattern: 0, detail: 'the regex runner was closed' };

/** Two result slots from the worker as a verdict (see regex-worker.ts for their meaning). */
function verdictOf(hit: unknown, extra: unknown): RegexVerdict {
  if (hit === -2 && Array.isArray(extra)) return { ok: false, reason: 'failed', pattern: Number(extra[0]), detail: String(extra[1]) };
  if (typeof hit === 'number' && hit >= 0 && Array.isArray(extra)) return { ok: true, hit, groups: extra as (string | null)[] };
  return { ok: true, hit: -1, groups: [] };
}
