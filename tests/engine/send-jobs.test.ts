// A big send is long work: it answers at once with a job, reports its progress in the batched
// updates (never one message per chunk), and can be cancelled between chunks. Real TCP peers on
// 127.0.0.1: one that does not read (the send stalls on backpressure) and one that does.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpdateBatcher } from '../../src/main/engine/batcher';
import { Engine } from '../../src/main/engine/engine';
import { writeChunkBytes } from '../../src/main/engine/pipeline/write';
import { createRouter, type Router } from '../../src/main/commands/router';
import {
  isJobStarted,
  maxSendBytes,
  type SendOutcome,
  type JobInfo,
  type JobStarted,
  type Result,
  type SessionInfo,
  type UpdateBatch,
} from '../../src/shared/contract';
import { sleep } from './helpers';

interface Peer {
  port: number;
  /** Bytes received so far, in order (only once reading). */
  received: Buffer[];
  bytes(): number;
  /** Starts reading (a peer made with read: false holds everything in the kernel until then). */
  read(): void;
  close(): Promise<void>;
}

async function tcpPeer(options: { read: boolean }): Promise<Peer> {
  const received: Buffer[] = [];
  let socket: net.Socket | null = null;
  const server = net.createServer((s) => {
    socket = s;
    s.on('data', (d: Buffer) => received.push(d));
    if (!options.read) s.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    bytes: () => received.reduce((n, b) => n + b.length, 0),
    read: () => socket?.resume(),
    close: () =>
      new Promise<void>((resolve) => {
        socket?.destroy();
        server.close(() => resolve());
      }),
  };
}

let engine: Engine;
let router: Router;
let batches: UpdateBatch[];
let batcher: UpdateBatcher;
let peers: Peer[];

beforeEach(() => {
  engine = new Engine();
  router = createRouter(engine, { quickAnswerMs: 150 });
  batches = [];
  batcher = new UpdateBatcher(engine, (b) => batches.push(b), { intervalMs: 20, jobs: router.jobs });
  peers = [];
});

afterEach(async () => {
  batcher.stop();
  await engine.closeAll();
  await Promise.all(peers.map((p) => p.close()));
});

async function connectedTo(options: { read: boolean }): Promise<{ peer: Peer; sessionId: string }> {
  const peer = await tcpPeer(options);
  peers.push(peer);
  const opened = (await router.handle('openSession', { kind: 'tcp-client', host: '127.0.0.1', port: peer.port })) as Result<SessionInfo>;
  if (!opened.ok) throw new Error(opened.error.message);
  return { peer, sessionId: opened.value.id };
}

/** Every state of one job the batches carried, in order. */
const jobUpdates = (id: string): JobInfo[] => batches.flatMap((b) => b.jobs.filter((j) => j.id === id));

/** Waits (bounded) until the batches carried a state of the job that matches. */
async function jobReaches(id: string, match: (job: JobInfo) => boolean, what: string, timeoutMs = 10_000): Promise<JobInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = jobUpdates(id).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`job ${id}: no ${what} within ${timeoutMs} ms; saw ${JSON.stringify(jobUpdates(id).map((j) => [j.state, j.done]))}`);
    await sleep(20);
  }
}

/** Waits (bounded) until `check` holds, polling every 20 ms. */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

async function startJob(sessionId: string, bytes: Uint8Array): Promise<JobStarted> {
  const answer = await router.handle('send', { sessionId, bytes });
  if (!answer.ok) throw new Error(answer.error.message);
  expect(answer.value).toMatchObject({ job: expect.any(String) });
  return answer.value as JobStarted;
}

describe('send as a job', () => {
  it('16 MiB to a peer that does not read: a job at once, progress in batches, and cancel stops the writing', async () => {
    const { peer, sessionId } = await connectedTo({ read: false });
    const started = Date.now();
    const job = await startJob(sessionId, new Uint8Array(maxSendBytes).fill(0x41));
    // At once: the peer never reads, so the send itself would never end (a bound loose enough for a loaded machine).
    expect(Date.now() - started).toBeLessThan(5000);
    expect(job.total).toBe(maxSendBytes);

    // The kernel's buffers fill, then the send waits for 'drain' that does not come: progress stops short.
    const stalled = await jobReaches(job.job, (j) => j.state === 'running' && j.done > 0, 'progress');
    expect(stalled.total).toBe(maxSendBytes);
    await sleep(300);
    const before = jobUpdates(job.job).at(-1)!;
    expect(before.state).toBe('running');
    expect(before.done).toBeLessThan(maxSendBytes);
    // Never one message per chunk: far fewer batches carried this job than chunks were written.
    expect(batches.filter((b) => b.jobs.some((j) => j.id === job.job)).length).toBeLessThan(before.done / writeChunkBytes);
    for (const b of batches) expect(b.jobs.filter((j) => j.id === job.job).length).toBeLessThanOrEqual(1);

    expect(await router.handle('cancelJob', { jobId: job.job })).toEqual({ ok: true, value: { cancelled: true } });
    const ended = await jobReaches(job.job, (j) => j.state !== 'running', 'an end');
    expect(ended).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED', problem: { key: 'sendCancelled' } } });
    expect(ended.done).toBeLessThan(maxSendBytes);
    if (ended.state === 'cancelled') expect(ended.error.message).toContain(`${ended.done.toLocaleString('en-US')} of 16,777,216 bytes`);

    // Ended is ended: a second cancel says so, and an unknown job is a keyed error.
    expect(await router.handle('cancelJob', { jobId: job.job })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await router.handle('cancelJob', { jobId: 'j999' })).toMatchObject({
      ok: false,
      error: { code: 'NO_JOB', problem: { key: 'noJob' } },
    });

    // The connection stays up, and its counters count only what left: the kernel has taken bytesOut,
    // and the last chunk handed over may still wait in the socket (queued), never more.
    const info = engine.info(sessionId);
    expect(info.state).toBe('connected');
    expect(info.counters.bytesOut + info.counters.bytesQueued!).toBe(ended.done);
    const rows = engine.rows(sessionId, 0, 100).rows;
    expect(rows.find((r) => r.type === 'error' && r.code === 'CANCELLED')).toMatchObject({ unsentBytes: maxSendBytes - ended.done });

    // Once the peer reads, exactly what was handed over arrives, and nothing after it.
    peer.read();
    await until(() => peer.bytes() >= ended.done, `${ended.done} bytes at the peer`);
    await sleep(200);
    expect(peer.bytes()).toBe(ended.done);
    expect(engine.info(sessionId).counters).toMatchObject({ bytesOut: ended.done, bytesQueued: 0 });
  });

  it('16 MiB to a peer that reads: the job completes with the exact byte count', async () => {
    const { peer, sessionId } = await connectedTo({ read: true });
    const job = await startJob(sessionId, new Uint8Array(maxSendBytes).fill(0x42));
    const ended = await jobReaches(job.job, (j) => j.state !== 'running', 'an end');
    expect(ended).toMatchObject({ state: 'done', done: maxSendBytes, total: maxSendBytes, result: { bytes: maxSendBytes, recipients: 1 } });
    await until(() => peer.bytes() >= maxSendBytes, 'every byte at the peer');
    expect(peer.bytes()).toBe(maxSendBytes);
    expect(engine.info(sessionId).counters.bytesOut).toBe(maxSendBytes);
    // A second send of the same size answers the same way: the board is ready for the next one.
    expect(await router.handle('cancelJob', { jobId: job.job })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('a small send answers with its result; one still waiting after the quick window becomes a job', async () => {
    const { peer, sessionId } = await connectedTo({ read: false });
    expect(await router.handle('send', { sessionId, bytes: new Uint8Array(1000) })).toEqual({
      ok: true,
      value: { bytes: 1000, recipients: 1 },
    });

    // A big send fills the peer's buffers; a small one queued behind it cannot finish in time.
    const big = await startJob(sessionId, new Uint8Array(maxSendBytes).fill(0x41));
    await jobReaches(big.job, (j) => j.done > 0, 'progress');
    const started = Date.now();
    const small = await startJob(sessionId, new Uint8Array(1000).fill(0x42));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    // Cancelled while still queued: none of it leaves, and the big one's chunks are never split by it.
    await router.handle('cancelJob', { jobId: small.job });
    expect(await jobReaches(small.job, (j) => j.state !== 'running', 'an end')).toMatchObject({ state: 'cancelled', done: 0 });
    await router.handle('cancelJob', { jobId: big.job });
    const bigEnded = await jobReaches(big.job, (j) => j.state !== 'running', 'an end');
    peer.read();
    await until(() => peer.bytes() >= 1000 + bigEnded.done, 'the bytes at the peer');
    await sleep(200);
    const all = Buffer.concat(peer.received);
    expect(all.length).toBe(1000 + bigEnded.done);
    expect(all.subarray(1000).includes(0x42)).toBe(false);
  });

  it('two sends in a row reach a reading peer whole and in order, never interleaved', async () => {
    const { peer, sessionId } = await connectedTo({ read: true });
    // A reading peer on loopback may take 4 MiB before the job is announced: a job or a result, both fine.
    const big = await router.handle('send', { sessionId, bytes: new Uint8Array(4 * 1024 * 1024).fill(0x41) });
    expect(big.ok).toBe(true);
    const small = await router.handle('send', { sessionId, bytes: new Uint8Array(100).fill(0x42) });
    expect(small.ok).toBe(true);
    if (big.ok && isJobStarted(big.value as SendOutcome))
      await jobReaches((big.value as JobStarted).job, (j) => j.state === 'done', 'done');
    await until(() => peer.bytes() >= 4 * 1024 * 1024 + 100, 'every byte at the peer');
    const all = Buffer.concat(peer.received);
    expect(all.subarray(0, 4 * 1024 * 1024).every((b) => b === 0x41)).toBe(true);
    expect(all.subarray(4 * 1024 * 1024).every((b) => b === 0x42)).toBe(true);
  });

  it('a mistake found before the first write is a plain error, even for a big payload', async () => {
    const answer = await router.handle('send', { sessionId: 's999', bytes: new Uint8Array(2 * 1024 * 1024) });
    expect(answer).toMatchObject({ ok: false, error: { code: 'NO_SESSION' } });
  });

  it('a window that connects while a job runs learns of it in its first batch', async () => {
    const { sessionId } = await connectedTo({ read: false });
    const job = await startJob(sessionId, new Uint8Array(maxSendBytes));
    const late: UpdateBatch[] = [];
    const second = new UpdateBatcher(engine, (b) => late.push(b), { intervalMs: 20, jobs: router.jobs });
    await until(() => late.length > 0, 'a first batch');
    expect(late[0]!.jobs).toEqual([expect.objectContaining({ id: job.job, state: 'running' })]);
    second.stop();
    await router.handle('cancelJob', { jobId: job.job });
  });
});
