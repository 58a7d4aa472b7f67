// startExport: the window's export of a session's log, as a job in the router. Real TCP and UDP
// peers on loopback; the pcapng read back with tshark, the filtered view, cancel, and bad names.
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { createRouter, type Router } from '../../src/main/commands/router';
import type { ExportStarted, JobInfo, Result, SessionInfo } from '../../src/shared/contract';
import { runClient, stopPeers } from '../peers/spawn-peer';
import { followTcp, packetsMatching } from '../tshark';
import { sleep } from './helpers';

// tshark reads files back (about a second a run on a busy machine).
vi.setConfig({ testTimeout: 60_000 });

let dataDir: string;
let engine: Engine;
let router: Router;
let ended: Map<string, JobInfo>;
let seen: JobInfo[];

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-export-engine-'));
  engine = new Engine({ dataDir });
  router = createRouter(engine, { dataDir });
  ended = new Map();
  seen = [];
  router.jobs.subscribe((job) => {
    seen.push(job);
    if (job.state !== 'running') ended.set(job.id, job);
  });
});
afterEach(async () => {
  await engine.closeAll();
  await stopPeers();
  await rm(dataDir, { recursive: true, force: true });
});

async function ok<T>(result: Promise<Result<unknown>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

async function jobEnd(jobId: string): Promise<JobInfo> {
  for (let i = 0; i < 500 && !ended.has(jobId); i++) await sleep(10);
  const job = ended.get(jobId);
  if (!job) throw new Error(`job ${jobId} did not end`);
  return job;
}

async function echoServerWithTraffic(payload: string, repeat: number): Promise<SessionInfo> {
  const session = await ok<SessionInfo>(
    router.handle('openSession', {
      kind: 'tcp-server',
      host: '127.0.0.1',
      port: 0,
      autoReply: { mode: 'echo', text: '', closeAfterReply: false },
    }),
  );
  const client = await runClient('tcp_echo_check_client', ['127.0.0.1', String(session.local!.port), payload, String(repeat)]);
  expect(client.lines).toEqual([`ECHOED ${(payload.length / 2) * repeat}`]);
  await sleep(200);
  return session;
}

describe('startExport', () => {
  it('writes the whole log as pcapng in the exports folder, a job ending with the full path', async () => {
    const session = await echoServerWithTraffic('68656c6c6f0a', 3);
    const started = await ok<ExportStarted>(router.handle('startExport', { sessionId: session.id, format: 'pcapng', fileName: 'lab' }));
    expect(started.path).toBe(path.join(dataDir, 'exports', 'lab.pcapng'));
    const job = await jobEnd(started.job);
    expect(job).toMatchObject({ command: 'export', state: 'done', result: { path: started.path } });
    const { fromOpener, fromAnswerer } = followTcp(started.path);
    expect(fromOpener.toString()).toBe('hello\n'.repeat(3));
    expect(fromAnswerer.toString().length).toBe(18);
    expect(packetsMatching(started.path, 'tcp.analysis.flags')).toBe('');
  });

  it("exports the filter's matches only when asked for the filtered view", async () => {
    const session = await echoServerWithTraffic('68656c6c6f0a', 1);
    await ok(router.handle('setFilter', { sessionId: session.id, filter: { directions: ['out'] } }));
    const started = await ok<ExportStarted>(
      router.handle('startExport', { sessionId: session.id, format: 'csv', fileName: 'out-only.csv', filtered: true }),
    );
    const job = await jobEnd(started.job);
    expect(job.state).toBe('done');
    const lines = (await readFile(started.path, 'utf8')).trimEnd().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['out']);
  });

  it('refuses the filtered view without a filter, a bad name and an existing file, each at its field', async () => {
    const session = await echoServerWithTraffic('61', 1);
    const noFilter = await router.handle('startExport', { sessionId: session.id, format: 'csv', filtered: true });
    expect(noFilter).toMatchObject({ ok: false, error: { field: 'filtered', problem: { key: 'exportNoFilter' } } });
    const badName = await router.handle('startExport', { sessionId: session.id, format: 'csv', fileName: '../up' });
    expect(badName).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'fileName', problem: { key: 'exportBadName' } } });
    const badFormat = await router.handle('startExport', { sessionId: session.id, format: 'pcap' });
    expect(badFormat).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'format' } });
    await ok(router.handle('startExport', { sessionId: session.id, format: 'txt', fileName: 'taken' }));
    await sleep(100);
    const taken = await router.handle('startExport', { sessionId: session.id, format: 'txt', fileName: 'taken.txt' });
    expect(taken).toMatchObject({ ok: false, error: { field: 'fileName', problem: { key: 'exportExists' } } });
  });

  it('stops a long export on cancelJob and removes the partial file', async () => {
    const session = await ok<SessionInfo>(router.handle('openSession', { kind: 'udp', host: '127.0.0.1', port: 0 }));
    // Thousands of rows (many pages): the export is still on its first pages when the cancel comes.
    const sender = dgram.createSocket('udp4');
    for (let i = 0; i < 5000; i++) sender.send(Buffer.alloc(200, i & 0xff), session.local!.port, '127.0.0.1');
    for (let i = 0; i < 300 && engine.info(session.id).counters.messagesIn < 5000; i++) await sleep(10);
    sender.close();
    expect(engine.info(session.id).counters.messagesIn).toBe(5000);
    const started = await ok<ExportStarted>(
      router.handle('startExport', { sessionId: session.id, format: 'ndjson', fileName: 'cancel-me' }),
    );
    expect(await ok(router.handle('cancelJob', { jobId: started.job }))).toEqual({ cancelled: true });
    const job = await jobEnd(started.job);
    expect(job.state).toBe('cancelled');
    if (job.state === 'cancelled') expect(job.error.problem?.key).toBe('exportCancelled');
    expect(existsSync(started.path)).toBe(false);
    // Progress counts rows, against those held when it started: "listening" and the 5000 datagrams.
    expect(seen.find((j) => j.id === started.job)?.total).toBe(5001);
  });

  it("reads the session's recording when it has one: every event since recording started, past the in-memory cap", async () => {
    const small = new Engine({ dataDir, logMaxEntries: 10 });
    const smallRouter = createRouter(small, { dataDir });
    const smallEnded = new Map<string, JobInfo>();
    smallRouter.jobs.subscribe((job) => {
      if (job.state !== 'running') smallEnded.set(job.id, job);
    });
    try {
      const session = await ok<SessionInfo>(smallRouter.handle('openSession', { kind: 'udp', host: '127.0.0.1', port: 0 }));
      await ok(smallRouter.handle('startCapture', { sessionId: session.id, fileName: 'all.ndjson' }));
      const sender = dgram.createSocket('udp4');
      for (let i = 0; i < 50; i++) sender.send(`datagram ${i}`, session.local!.port, '127.0.0.1');
      for (let i = 0; i < 300 && small.info(session.id).counters.messagesIn < 50; i++) await sleep(10);
      sender.close();
      await ok(smallRouter.handle('stopCapture', { sessionId: session.id }));
      const started = await ok<ExportStarted>(smallRouter.handle('startExport', { sessionId: session.id, format: 'csv', fileName: 'all' }));
      for (let i = 0; i < 300 && !smallEnded.has(started.job); i++) await sleep(10);
      expect(smallEnded.get(started.job)).toMatchObject({ state: 'done', result: { from: 'capture', rows: 50 } });
      const rows = (await readFile(started.path, 'utf8')).trimEnd().split('\r\n').slice(1);
      expect(rows.map((r) => r.split(',')[6])).toEqual(Array.from({ length: 50 }, (_, i) => `datagram ${i}`));
      // The filtered view is the log's: it holds only the newest rows.
      await ok(smallRouter.handle('setFilter', { sessionId: session.id, filter: { directions: ['in'] } }));
      const filtered = await ok<ExportStarted>(
        smallRouter.handle('startExport', { sessionId: session.id, format: 'csv', fileName: 'newest', filtered: true }),
      );
      for (let i = 0; i < 300 && !smallEnded.has(filtered.job); i++) await sleep(10);
      expect(smallEnded.get(filtered.job)).toMatchObject({ state: 'done', result: { from: 'log' } });
    } finally {
      await small.closeAll();
    }
  });
});
