// Sending a file: a job from the start, streamed in constant memory to a Python sink on 127.0.0.1 that
// hashes what it receives (TCP: the same bytes, SHA-256 compared); UDP cut into --chunk datagrams and
// counted by a Python receiver; a cancel mid-way against a slow reader; missing files and folders refused.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/main/commands/api';
import { UpdateBatcher } from '../../src/main/engine/batcher';
import { Engine } from '../../src/main/engine/engine';
import type { JobInfo, LogRow, SessionInfo, UpdateBatch } from '../../src/shared/contract';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { sleep } from './helpers';
import { createRouter, type Router } from '../../src/main/commands/router';

const mib = 1024 * 1024;
let dir: string;
/** 24 MiB of random bytes, and their SHA-256. */
let bigFile: string;
let bigHash: string;
const bigSize = 24 * mib;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'socket-lab-file-'));
  bigFile = path.join(dir, 'big.bin');
  const hash = createHash('sha256');
  // Written in pieces: the test process never holds the whole file either.
  for (let i = 0; i < bigSize / mib; i++) {
    const piece = randomBytes(mib);
    hash.update(piece);
    await writeFile(bigFile, piece, { flag: i === 0 ? 'w' : 'a' });
  }
  bigHash = hash.digest('hex');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let engine: Engine;
let router: Router;
let api: Api;
let batches: UpdateBatch[];
let batcher: UpdateBatcher;

beforeEach(() => {
  engine = new Engine();
  router = createRouter(engine);
  api = createApi(engine);
  batches = [];
  batcher = new UpdateBatcher(engine, (b) => batches.push(b), { intervalMs: 20, jobs: router.jobs });
});

afterEach(async () => {
  batcher.stop();
  await engine.closeAll();
  await stopPeers();
});

const jobUpdates = (id: string): JobInfo[] => batches.flatMap((b) => b.jobs.filter((j) => j.id === id));

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

async function open(input: Record<string, unknown>): Promise<SessionInfo> {
  const opened = await router.handle('openSession', input);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value as SessionInfo;
}

function rows(sessionId: string): LogRow[] {
  const page = engine.rows(sessionId, 0, 2000);
  return page.rows;
}

describe('sendFile over TCP', () => {
  it('streams a 24 MiB file to a Python sink: the same bytes arrive (SHA-256), counters exact, the log bounded', async () => {
    const sink = await startServer('tcp_sha256_sink');
    const session = await open({ kind: 'tcp-client', host: '127.0.0.1', port: sink.port });
    const answer = await router.handle('sendFile', { sessionId: session.id, path: bigFile });
    if (!answer.ok) throw new Error(answer.error.message);
    const { job, total } = answer.value as { job: string; total: number };
    expect(total).toBe(bigSize);
    const ended = await waitFor(() => jobUpdates(job).find((j) => j.state !== 'running'), 'the job to end');
    expect(ended).toMatchObject({ state: 'done', done: bigSize, total: bigSize, command: 'sendFile' });
    // Progress came in between, in batches.
    expect(jobUpdates(job).some((j) => j.state === 'running' && j.done > 0 && j.done < bigSize)).toBe(true);

    await engine.close(session.id);
    const done = await waitFor(() => /DONE (\d+) (\w+)/.exec(sink.stdout()) ?? undefined, 'the sink to finish');
    expect(Number(done[1])).toBe(bigSize);
    expect(done[2]).toBe(bigHash);

    const info = engine.info(session.id);
    expect(info.counters.bytesOut).toBe(bigSize);
    // One message per 64 KiB piece written.
    expect(info.counters.messagesOut).toBe(bigSize / (64 * 1024));
    const log = rows(session.id);
    const outRows = log.filter((r) => r.type === 'data' && r.direction === 'out');
    // The first 256 KiB show as rows, the rest is counted only: 24 MiB never sits in the log.
    expect(outRows.length).toBeLessThanOrEqual(5);
    // Plain Uint8Array views: a Buffer would reach a window as {type: 'Buffer', data} and break its row.
    for (const row of outRows) if (row.type === 'data') expect(Buffer.isBuffer(row.bytes)).toBe(false);
    const notices = log.filter((r) => r.type === 'notice').map((r) => (r.type === 'notice' ? r.problem.key : ''));
    expect(notices).toEqual(['fileSendStarted', 'fileSent']);
  });

  it('a cancel mid-way stops between reads and logs how far it got', async () => {
    // A reader of 2 MiB/s: 24 MiB would take 12 s.
    const sink = await startServer('tcp_sha256_sink', '127.0.0.1', 0, 5000, [String(2 * mib)]);
    const session = await open({ kind: 'tcp-client', host: '127.0.0.1', port: sink.port });
    const answer = await router.handle('sendFile', { sessionId: session.id, path: bigFile });
    if (!answer.ok) throw new Error(answer.error.message);
    const { job } = answer.value as { job: string };
    await waitFor(() => jobUpdates(job).find((j) => j.done > 0), 'progress');
    // While it runs, nothing else is written between its pieces: a send and a second file are refused.
    const busy = { ok: false, error: { code: 'BUSY', problem: { key: 'fileSendBusy' } } };
    expect(await router.handle('send', { sessionId: session.id, bytes: new Uint8Array([0x41]) })).toMatchObject(busy);
    expect(await router.handle('sendFile', { sessionId: session.id, path: bigFile })).toMatchObject(busy);
    expect(await router.handle('cancelJob', { jobId: job })).toEqual({ ok: true, value: { cancelled: true } });
    const ended = await waitFor(() => jobUpdates(job).find((j) => j.state !== 'running'), 'the job to end');
    expect(ended).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED', problem: { key: 'fileSendCancelled' } } });
    // Once it ended, the session sends again.
    expect(await router.handle('send', { sessionId: session.id, bytes: new Uint8Array([0x41]) })).toMatchObject({ ok: true });
    expect(ended.done).toBeLessThan(bigSize);
    const cancelled = rows(session.id).find((r) => r.type === 'error' && r.problem.key === 'fileSendCancelled');
    expect(cancelled?.type === 'error' && cancelled.message).toMatch(/cancelled after [\d,]+ of 25,165,824 bytes/);
  });

  it('a stream of unknown size (the CLI stdin) goes the same way, its total 0 until the end', async () => {
    const sink = await startServer('tcp_sha256_sink');
    const session = await open({ kind: 'tcp-client', host: '127.0.0.1', port: sink.port });
    const input = new PassThrough();
    const answer = await api.sendStream({ sessionId: session.id }, input);
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.total).toBe(0);
    const payload = randomBytes(300_000);
    input.write(payload.subarray(0, 1000));
    await sleep(50);
    input.end(payload.subarray(1000));
    expect(await api.jobDone(answer.value.job)).toEqual({ ok: true, value: { bytes: payload.byteLength, recipients: 1 } });
    await engine.close(session.id);
    const done = await waitFor(() => /DONE (\d+) (\w+)/.exec(sink.stdout()) ?? undefined, 'the sink to finish');
    expect(done[2]).toBe(createHash('sha256').update(payload).digest('hex'));
  });
});

describe('sendFile over UDP', () => {
  it('cuts the file into datagrams of chunk bytes, paced by the socket, with one warning in the log', async () => {
    const sink = await startServer('udp_count_sink');
    const size = 200 * 1024 + 100;
    const file = path.join(dir, 'udp.bin');
    const bytes = randomBytes(size);
    await writeFile(file, bytes);
    const session = await open({ kind: 'udp', host: '127.0.0.1', port: 0 });
    const answer = await router.handle('sendFile', {
      sessionId: session.id,
      path: file,
      chunk: 512,
      to: { kind: 'peer', host: '127.0.0.1', port: sink.port },
    });
    if (!answer.ok) throw new Error(answer.error.message);
    const { job } = answer.value as { job: string };
    const ended = await waitFor(() => jobUpdates(job).find((j) => j.state !== 'running'), 'the job to end');
    expect(ended.state).toBe('done');
    const datagrams = Math.ceil(size / 512);
    const counters = engine.info(session.id).counters;
    expect(counters).toMatchObject({ messagesOut: datagrams, bytesOut: size });
    // Loopback with a large receive buffer and one datagram at a time: nothing is lost here.
    const total = await waitFor(() => {
      const lines = [...sink.stdout().matchAll(/TOTAL (\d+) (\d+) (\d+) (\w+)/g)];
      const last = lines.at(-1);
      return last && Number(last[1]) === datagrams ? last : undefined;
    }, 'every datagram');
    expect(Number(total[2])).toBe(size);
    expect(Number(total[3])).toBe(512);
    expect(total[4]).toBe(createHash('sha256').update(bytes).digest('hex'));
    const warnings = rows(session.id).filter((r) => r.type === 'notice' && r.problem.key === 'fileUdpWarning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.type === 'notice' && warnings[0]!.message).toContain('out of order');
  });

  it('refuses a chunk out of range and a socket with no one to send to, each keyed', async () => {
    const session = await open({ kind: 'udp', host: '127.0.0.1', port: 0 });
    const file = path.join(dir, 'small.txt');
    await writeFile(file, 'hello');
    const tooBig = await router.handle('sendFile', { sessionId: session.id, path: file, chunk: 70_000 });
    expect(tooBig).toMatchObject({ ok: false, error: { field: 'chunk', problem: { key: 'fileChunkRange' } } });
    const noPeer = await router.handle('sendFile', { sessionId: session.id, path: file });
    expect(noPeer).toMatchObject({ ok: false, error: { code: 'NO_PEER', problem: { key: 'noPeer' } } });
  });
});

describe('sendFile refusals', () => {
  it('a missing file, a folder, an empty path and a closed session are plain keyed errors, no job', async () => {
    const sink = await startServer('tcp_sha256_sink');
    const session = await open({ kind: 'tcp-client', host: '127.0.0.1', port: sink.port });
    const missing = await router.handle('sendFile', { sessionId: session.id, path: path.join(dir, 'nope.bin') });
    expect(missing).toMatchObject({ ok: false, error: { code: 'ENOENT', field: 'path', problem: { key: 'fileNotFound' } } });
    const folder = await router.handle('sendFile', { sessionId: session.id, path: dir });
    expect(folder).toMatchObject({ ok: false, error: { code: 'EISDIR', field: 'path', problem: { key: 'fileIsDirectory' } } });
    const empty = await router.handle('sendFile', { sessionId: session.id, path: '' });
    expect(empty).toMatchObject({ ok: false, error: { field: 'path', problem: { key: 'fileEmptyPath' } } });
    await engine.close(session.id);
    const closed = await router.handle('sendFile', { sessionId: session.id, path: bigFile });
    expect(closed).toMatchObject({ ok: false, error: { code: 'CLOSED' } });
    expect(batches.flatMap((b) => b.jobs)).toEqual([]);
  });
});

describe('pickFile', () => {
  it('answers that there is no dialog where the host gave none (browser mode), and the host’s pick where it did', async () => {
    expect(await router.handle('pickFile', {})).toEqual({ ok: true, value: { path: null, available: false } });
    const electronLike = createRouter(engine, { pickFile: () => Promise.resolve('/tmp/picked.bin') });
    expect(await electronLike.handle('pickFile', {})).toEqual({ ok: true, value: { path: '/tmp/picked.bin', available: true } });
  });
});

describe('sendFile from a TCP server', () => {
  it('sends the file to every client with to: all, each getting the same bytes', async () => {
    const server = await open({ kind: 'tcp-server', host: '127.0.0.1', port: 0 });
    const port = server.local!.port;
    const hashes = [0, 1].map(
      () =>
        new Promise<string>((resolve) => {
          const hash = createHash('sha256');
          const socket = net.connect(port, '127.0.0.1');
          socket.on('data', (d) => hash.update(d));
          socket.on('end', () => resolve(hash.digest('hex')));
        }),
    );
    await waitFor(() => (engine.info(server.id).connections.length === 2 ? true : undefined), 'two clients');
    const file = path.join(dir, 'all.bin');
    const bytes = randomBytes(1024 * 1024 + 3);
    await writeFile(file, bytes);
    const answer = await router.handle('sendFile', { sessionId: server.id, path: file, to: { kind: 'all' } });
    if (!answer.ok) throw new Error(answer.error.message);
    const { job } = answer.value as { job: string };
    const ended = await waitFor(() => jobUpdates(job).find((j) => j.state !== 'running'), 'the job to end');
    expect(ended).toMatchObject({ state: 'done', result: { bytes: bytes.byteLength, recipients: 2 }, total: 2 * bytes.byteLength });
    expect(engine.info(server.id).counters.bytesOut).toBe(2 * bytes.byteLength);
    await engine.close(server.id);
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(await Promise.all(hashes)).toEqual([expected, expected]);
  });
});
