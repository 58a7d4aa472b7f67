// The in-process API: one typed method per contract command, each run through the router's
// validate-then-run path (the schemas always apply), plus what a caller in the same process needs
// that no window does: a tap on the engine's events, and waiting for long work to end.
import {
  commandNames,
  type CaptureInfo,
  type CommandInput,
  type CommandName,
  type CommandResult,
  type FloodInfo,
  type JobInfo,
  type JobStarted,
  type Result,
  type SendReport,
  type SessionInfo,
} from '../../shared/contract';
import type { Engine, EngineListener } from '../engine/engine';
import { EngineError } from '../engine/errors';
import { streamSource } from '../engine/file-source';
import type { Readable } from 'node:stream';
import { commandErrorOf } from './jobs';
import { createRouter, type RouterOptions } from './router';

/** One method per command, typed from the contract: its input in, its Result out. */
export type CommandMethods = {
  [K in CommandName]: (input: CommandInput<K>) => Promise<Result<CommandResult<K>>>;
};

/** What the engine hands a tap: every event with its log row, and every session change. */
export type Tap = EngineListener;

export interface Api extends CommandMethods {
  /** Every event (full payload, in order) and session change as it happens; answers the unsubscribe. */
  tap(listener: Tap): () => void;
  /**
   * A session as it stands, read at once: a tap runs inside the engine's dispatch and cannot await
   * a command. Null when there is no such session.
   */
  session(sessionId: string): SessionInfo | null;
  /** Every job's progress and outcome as it happens (the CLI's progress line); answers the unsubscribe. */
  onJob(listener: (job: JobInfo) => void): () => void;
  /** The outcome of a send that answered with a job id, once the job has ended. */
  jobDone(jobId: string): Promise<Result<SendReport>>;
  /** The final figures of the session's latest flood, once it has ended. */
  floodDone(sessionId: string): Promise<Result<FloodInfo>>;
  /**
   * Records the session to any file: the in-process form of startCapture. A window may only name a
   * file in the captures folder; a caller in this process already has the user's file system.
   */
  record(sessionId: string, file: { path: string; overwrite: boolean }): Promise<Result<CaptureInfo>>;
  /** The session's recording once it has stopped or failed (null: it has none). */
  recordingEnded(sessionId: string): Promise<CaptureInfo | null>;
  /**
   * Sends a stream already open (the CLI's `--file -`, standard input) as sendFile sends a file: a job,
   * its total unknown (0) until the stream ends. The in-process form of sendFile: IPC takes a path only.
   */
  sendStream(input: Omit<CommandInput<'sendFile'>, 'path'>, stream: Readable, name?: string): Promise<Result<JobStarted>>;
  /** Closes every session, halting floods and finishing recordings: on quit, Ctrl+C or the end of a run. */
  closeAll(): Promise<void>;
}

/** Ended jobs kept for a late jobDone; a caller asks right after the answer, so a few are plenty. */
const endedJobsKept = 100;

const settle = async <T>(work: () => Promise<T> | T): Promise<Result<T>> => {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    return { ok: false, error: commandErrorOf(err) };
  }
};

/** Waits on the router's job feed from the start, so an end that comes before jobDone is asked for is not missed. */
function jobWatcher(feed: { subscribe(listener: (job: JobInfo) => void): () => void }): (jobId: string) => Promise<Result<SendReport>> {
  const ended = new Map<string, JobInfo>();
  const waiting = new Map<string, ((job: JobInfo) => void)[]>();
  feed.subscribe((job) => {
    if (job.state === 'running') return;
    const waiters = waiting.get(job.id);
    waiting.delete(job.id);
    if (waiters) for (const wake of waiters) wake(job);
    else {
      ended.set(job.id, job);
      if (ended.size > endedJobsKept) ended.delete(ended.keys().next().value!);
    }
  });
  const outcome = (job: JobInfo): Result<SendReport> => {
    if (job.state === 'done') return { ok: true, value: job.result };
    if (job.state === 'running') throw new Error('a running job has no outcome yet');
    return { ok: false, error: job.error };
  };
  return (jobId) => {
    const done = ended.get(jobId);
    if (done) {
      ended.delete(jobId);
      return Promise.resolve(outcome(done));
    }
    return new Promise((resolve) => waiting.set(jobId, [...(waiting.get(jobId) ?? []), (job) => resolve(outcome(job))]));
  };
}

export function createApi(engine: Engine, options: RouterOptions = {}): Api {
  const router = createRouter(engine, options);
  // The router ran contract[name]'s handler on the checked input, so its value is CommandResult<name>.
  const commands = Object.fromEntries(
    commandNames.map((name) => [name, (input: unknown) => router.handle(name, input)] as const),
  ) as unknown as CommandMethods;
  const jobDone = jobWatcher(router.jobs);

  return {
    ...commands,
    tap: (listener) => engine.subscribe(listener),
    session: (sessionId) => {
      try {
        return engine.info(sessionId);
      } catch (err) {
        if (err instanceof EngineError && err.code === 'NO_SESSION') return null;
        throw err;
      }
    },
    jobDone,
    onJob: (listener) => router.jobs.subscribe(listener),
    floodDone: (sessionId) => settle(() => engine.floodDone(sessionId)),
    record: (sessionId, file) => settle(() => engine.startCapture(sessionId, file)),
    recordingEnded: (sessionId) =>
      new Promise((resolve) => {
        // Read from the capture alone at each change: no session description is built per packet.
        const ended = (): boolean => {
          const capture = engine.captureInfo(sessionId);
          if (capture?.state === 'recording') return false;
          resolve(capture);
          return true;
        };
        if (ended()) return;
        const off = engine.subscribe({
          sessionChanged: (id) => {
            if (id === sessionId && ended()) off();
          },
        });
      }),
    sendStream: (input, stream, name) => router.sendSource(input, streamSource(stream, name)),
    closeAll: () => engine.closeAll(),
  };
}
