// `send --file PATH` (`--file -`: standard input) and `--chunk N`: the file goes through the in-process
// API's sendFile (sendStream for stdin) as a job; its progress is shown on stderr when that is a terminal.
import { problemText } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import type { SocketUrl } from '../../shared/address';
import { fileChunkRange, type JobInfo, type SendReport, type SendTarget } from '../../shared/contract';
import type { Api } from '../commands/api';
import { openFileSource } from '../engine/file-source';
import { UsageError } from './args';
import { valueOf } from './common';
import { writeStderr } from './output';

/** Their parseArgs entries, spread into send's own. */
export const fileOptionSpecs = { file: { type: 'string' }, chunk: { type: 'string' } } as const;

export interface FilePlan {
  /** A path as typed, or "-" for standard input. */
  path: string;
  /** UDP: bytes per datagram. */
  chunk: number;
}

/** --file and --chunk, checked against the payload options and the URL's transport; null without --file. */
export function fileOption(
  values: { file?: string; chunk?: string; text?: string; hex?: string; escaped?: string; count?: string },
  target: SocketUrl,
): FilePlan | null {
  if (values.file === undefined) {
    if (values.chunk !== undefined) throw new UsageError('--chunk: it sets the datagram size of --file (give --file PATH too)');
    return null;
  }
  if (values.text !== undefined || values.hex !== undefined || values.escaped !== undefined)
    throw new UsageError(problemText({ key: 'fileWithPayload' }));
  if (values.count !== undefined) throw new UsageError('--count: a file is sent once (leave --count out with --file)');
  if (values.file.trim() === '') throw new UsageError(`--file: ${problemText({ key: 'fileEmptyPath' })}`);
  let chunk: number = fileChunkRange.default;
  if (values.chunk !== undefined) {
    if (target.transport !== 'udp') throw new UsageError(`--chunk: ${problemText({ key: 'fileChunkNotUdp' })}`);
    const n = Number(values.chunk);
    if (!/^\d+$/.test(values.chunk) || n < fileChunkRange.min || n > fileChunkRange.max)
      throw new UsageError(
        `--chunk: ${problemText({ key: 'fileChunkRange', params: { min: fileChunkRange.min, max: fileChunkRange.max } })} (not "${quoteInput(values.chunk)}")`,
      );
    chunk = n;
  }
  return { path: values.file, chunk };
}

/** Before connecting: a missing file, a folder or one that cannot be read is a command-line mistake (exit 2). */
export async function checkFile(plan: FilePlan): Promise<void> {
  if (plan.path === '-') return;
  try {
    await openFileSource(plan.path);
  } catch (err) {
    const problem = (err as { problem?: Parameters<typeof problemText>[0] }).problem;
    throw new UsageError(`--file: ${problem ? problemText(problem) : String(err)}`);
  }
}

const showBytes = (n: number): string => n.toLocaleString('en-US');

/** One line, rewritten in place: "sent 12,345,678 of 1,073,741,824 bytes (1%)". */
function progressLine(job: JobInfo): string {
  if (job.total <= 0) return `socket-lab: sent ${showBytes(job.done)} bytes`;
  return `socket-lab: sent ${showBytes(job.done)} of ${showBytes(job.total)} bytes (${Math.floor((job.done / job.total) * 100)}%)`;
}

/** Sends the file (or stdin) and waits for the job's end; progress on stderr only when it is a terminal. */
export async function sendFileRun(api: Api, sessionId: string, to: SendTarget, plan: FilePlan): Promise<SendReport> {
  const input = { sessionId, chunk: plan.chunk, to };
  const started = valueOf(
    plan.path === '-' ? await api.sendStream(input, process.stdin) : await api.sendFile({ ...input, path: plan.path }),
  );
  const tty = process.stderr.isTTY === true;
  let shown = 0;
  const off = tty
    ? api.onJob((job) => {
        if (job.id !== started.job || job.state !== 'running') return;
        // At most five lines a second: a terminal is slower than the file.
        const now = Date.now();
        if (now - shown < 200) return;
        shown = now;
        writeStderr(`\r${progressLine(job)}\u001b[K`);
      })
    : () => undefined;
  try {
    return valueOf(await api.jobDone(started.job));
  } finally {
    off();
    if (tty && shown > 0) writeStderr('\r\u001b[K');
  }
}
