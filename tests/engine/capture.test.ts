// Record to file: every event of a session lands in an NDJSON file as it happens, byte-exact even
// after the in-memory log dropped it, and a disk that cannot keep up costs counted, marked events, never memory.
import dgram from 'node:dgram';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { EngineError } from '../../src/main/engine/errors';
import { Capture, type CaptureSource } from '../../src/main/engine/taps/capture';
import { createRouter } from '../../src/main/commands/router';
import { autoReplySchema, type LogRow, type SessionInfo, type SocketEvent } from '../../src/shared/contract';
import { isType, record, type Recorder } from './helpers';

interface Line {
  type: string;
  [field: string]: unknown;
}

let dir: string;
let engine: Engine;
let rec: Recorder;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-capture-'));
  // A log that keeps only the newest 5 entries: the file must keep everything anyway.
  engine = new Engine({ logMaxEntries: 5, logBudgetBytes: 1024 * 1024 });
  rec = record(engine);
});

afterEach(async () => {
  await engine.closeAll();
  await rm(dir, { recursive: true, force: true });
});

/** The file, one parsed JSON object per line; every line must parse, and the file ends with a newline. */
async function readLines(file: string): Promise<Line[]> {
  const text = await readFile(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
}

const udpSocket = () => engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: autoReplySchema().parse({ mode: 'none' }) });

/** Distinct payloads of 1 to 300 bytes that together hold every byte value. */
const payloadsFor = (n: number): Uint8Array[] =>
  Array.from({ length: n }, (_, i) => Uint8Array.from({ length: 1 + ((i * 37) % 300) }, (_, k) => (i * 7 + k) & 0xff));

describe('record to file', () => {
  it('writes every datagram of a UDP session, header first and summary last, each payload exact though the log kept 5', async () => {
    const socket = await udpSocket();
    const port = socket.local!.port;
    const file = path.join(dir, 'udp.ndjson');
    const started = await engine.startCapture(socket.id, { path: file });
    expect(started).toMatchObject({ path: file, state: 'recording', events: 0, dropped: 0, error: null });
    expect(engine.info(socket.id).capture).toMatchObject({ path: file, state: 'recording' });

    const payloads = payloadsFor(400);
    const client = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
    try {
      // In rounds of 50, each received before the next: loopback keeps them all and in order.
      for (let i = 0; i < payloads.length; i += 50) {
        for (const p of payloads.slice(i, i + 50)) client.send(p, port, '127.0.0.1');
        await rec.until(() => rec.data(socket.id, 'in').length >= Math.min(i + 50, payloads.length), 5000, `datagram ${i + 50}`);
      }
    } finally {
      client.close();
    }
    expect(engine.rows(socket.id, 0, 0).first).toBeGreaterThan(300); // the log dropped nearly all of them

    const stopped = await engine.stopCapture(socket.id);
    expect(stopped).toMatchObject({ state: 'stopped', events: 400, dropped: 0, error: null });
    expect(stopped.bytes).toBe((await stat(file)).size);

    const lines = await readLines(file);
    expect(lines[0]).toMatchObject({ type: 'header', version: 1, payload: 'base64', session: { id: socket.id, kind: 'udp' } });
    const total = payloads.reduce((n, p) => n + p.byteLength, 0);
    expect(lines.at(-1)).toEqual({ type: 'summary', in: { messages: 400, bytes: total }, out: { messages: 0, bytes: 0 } });
    const data = lines.filter((l) => l.type === 'data');
    expect(data).toHaveLength(400);
    data.forEach((line, i) => {
      expect(line).toMatchObject({ direction: 'in', length: payloads[i]!.byteLength });
      expect(line).not.toHaveProperty('text');
      expect(new Uint8Array(Buffer.from(line.bytes as string, 'base64'))).toEqual(payloads[i]);
    });
    // Sequence numbers are the log's, one per event, none missing.
    const seqs = lines.slice(1, -1).map((l) => l.seq as number);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it('records a TCP server: accept, data both ways (auto-replies included) and close, the same events the engine emitted', async () => {
    const server = await engine.open({
      kind: 'tcp-server',
      host: '127.0.0.1',
      port: 0,
      autoReply: autoReplySchema().parse({ mode: 'echo' }),
    });
    const file = path.join(dir, 'tcp.ndjson');
    await engine.startCapture(server.id, { path: file });
    const client = net.connect(server.local!.port, '127.0.0.1');
    let echoed = 0;
    client.on('data', (d) => (echoed += d.byteLength));
    const sent = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 13) & 0xff));
    client.write(sent);
    await rec.until(() => echoed === sent.byteLength, 5000, 'the echo');
    client.end();
    await rec.waitFor(isType('closed', server.id));
    await engine.stopCapture(server.id);

    const lines = await readLines(file);
    const events = lines.slice(1, -1);
    const emitted = rec.events.filter((e) => e.sessionId === server.id && e.type !== 'listening');
    expect(events.map((l) => l.type)).toEqual(emitted.map((e) => e.type));
    const join = (direction: string) =>
      Buffer.concat(
        events.filter((l) => l.type === 'data' && l.direction === direction).map((l) => Buffer.from(l.bytes as string, 'base64')),
      );
    expect(join('in').equals(sent)).toBe(true);
    expect(join('out').equals(sent)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', in: { bytes: 5000 }, out: { bytes: 5000 } });
  });

  it('refuses a file that exists unless told to replace it, and leaves it as it was', async () => {
    const socket = await udpSocket();
    const file = path.join(dir, 'taken.ndjson');
    await writeFile(file, 'keep me\n');
    const refused = await engine.startCapture(socket.id, { path: file }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(EngineError);
    expect((refused as EngineError).problem).toEqual({ key: 'captureExists', params: { path: file } });
    expect((refused as EngineError).field).toBe('fileName');
    expect(await readFile(file, 'utf8')).toBe('keep me\n');
    expect(engine.info(socket.id).capture ?? null).toBeNull();

    await engine.startCapture(socket.id, { path: file, overwrite: true });
    await engine.stopCapture(socket.id);
    const lines = await readLines(file);
    expect(lines.map((l) => l.type)).toEqual(['header', 'summary']);
  });

  it('says why a path cannot be recorded to: a missing folder, a folder, a second recording', async () => {
    const socket = await udpSocket();
    const missing = path.join(dir, 'nowhere', 'x.ndjson');
    await expect(engine.startCapture(socket.id, { path: missing })).rejects.toMatchObject({
      code: 'ENOENT',
      problem: { key: 'captureNoFolder', params: { path: missing, folder: path.join(dir, 'nowhere') } },
    });
    await mkdir(path.join(dir, 'a-folder'));
    await expect(engine.startCapture(socket.id, { path: path.join(dir, 'a-folder'), overwrite: true })).rejects.toMatchObject({
      problem: { key: 'captureIsFolder' },
    });
    const file = path.join(dir, 'one.ndjson');
    await engine.startCapture(socket.id, { path: file });
    await expect(engine.startCapture(socket.id, { path: path.join(dir, 'two.ndjson') })).rejects.toMatchObject({
      code: 'CAPTURE_RUNNING',
      problem: { key: 'captureAlreadyOn', params: { path: file } },
    });
    await expect(engine.stopCapture('s999')).rejects.toMatchObject({ code: 'NO_SESSION' });
  });

  it('stops and closes the file when the session is removed, and when everything closes', async () => {
    const socket = await udpSocket();
    const other = await udpSocket();
    const a = path.join(dir, 'a.ndjson');
    const b = path.join(dir, 'b.ndjson');
    await engine.startCapture(socket.id, { path: a });
    await engine.startCapture(other.id, { path: b });
    await engine.remove(socket.id);
    expect((await readLines(a)).map((l) => l.type)).toEqual(['header', 'closed', 'summary']);
    await engine.closeAll();
    expect((await readLines(b)).map((l) => l.type)).toEqual(['header', 'closed', 'summary']);
    expect(engine.info(other.id).capture).toMatchObject({ state: 'stopped', events: 1 });
  });
});

describe('a disk that cannot keep up', () => {
  // A source that hands the capture events as fast as the test calls: a burst in one turn of the
  // event loop, before the file has taken a single write, is what a slow disk looks like.
  const session: SessionInfo = {
    id: 's1',
    kind: 'udp',
    state: 'open',
    target: { host: '127.0.0.1', port: 0 },
    local: { host: '127.0.0.1', port: 5005 },
    autoReply: null,
    counters: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
    connections: [],
    lastPeer: null,
    lastError: null,
    openedAt: 0,
  };
  let emit: (event: SocketEvent, row: LogRow) => void = () => undefined;
  const source: CaptureSource = {
    subscribe: (listener) => {
      emit = (e, r) => listener.event?.(e, r);
      return () => (emit = () => undefined);
    },
    info: () => session,
  };
  let seq = 0;
  const burst = (count: number, size: number): void => {
    for (let i = 0; i < count; i++) {
      const event: SocketEvent = {
        type: 'data',
        sessionId: 's1',
        time: Date.now(),
        direction: 'in',
        peer: { host: '127.0.0.1', port: 9 },
        bytes: new Uint8Array(size).fill(seq & 0xff),
      };
      emit(event, { ...event, seq: seq++ });
    }
  };
  /** Waits (bounded) until the file has taken what the capture handed it. */
  const settled = async (check: () => boolean): Promise<void> => {
    for (let waited = 0; !check(); waited += 10) {
      if (waited > 5000) throw new Error('the file never took the buffered lines');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('buffers up to its bound, then counts and marks what it drops, says so at once, and writes again when there is room', async () => {
    seq = 0;
    const file = path.join(dir, 'slow.ndjson');
    let changes = 0;
    const bound = 64 * 1024;
    const capture = await Capture.start(source, 's1', { path: file, maxBufferedBytes: bound }, () => changes++);
    burst(1000, 1024); // ~1.4 KiB a line: far past the bound in one turn
    const during = capture.info();
    expect(during.dropped).toBeGreaterThan(900);
    expect(changes).toBeGreaterThanOrEqual(1); // the first loss is news at once
    await settled(() => capture.info().events === 1000 - during.dropped);
    burst(10, 1024); // the disk caught up: these go in, after a line marking the gap
    const ended = await capture.stop();

    const lines = await readLines(file);
    const data = lines.filter((l) => l.type === 'data');
    const kept = 1000 - during.dropped;
    // Everything buffered fit in the bound (plus the one line that found the buffer empty).
    expect(kept * 1400).toBeLessThanOrEqual(bound + 1400);
    expect(data).toHaveLength(kept + 10);
    expect(ended).toMatchObject({ state: 'stopped', events: kept + 10, dropped: during.dropped });
    const gaps = lines.filter((l) => l.type === 'dropped');
    expect(gaps).toEqual([{ type: 'dropped', count: during.dropped, fromSeq: kept, toSeq: 999, time: expect.any(String) as string }]);
    // In the file where they were: after the kept ones, before the next burst.
    expect(lines.indexOf(gaps[0]!)).toBe(1 + kept);
    // The summary counts the traffic, dropped events included, so the gap can be reconciled.
    expect(lines.at(-1)).toEqual({ type: 'summary', in: { messages: 1010, bytes: 1010 * 1024 }, out: { messages: 0, bytes: 0 } });
    // Payloads of what was kept are exact.
    expect(Buffer.from(data.at(-1)!.bytes as string, 'base64')).toEqual(Buffer.alloc(1024, 1009 & 0xff));
  });

  it('takes one event bigger than the bound when nothing waits, rather than refusing it forever', async () => {
    seq = 0;
    const file = path.join(dir, 'big.ndjson');
    const capture = await Capture.start(source, 's1', { path: file, maxBufferedBytes: 1024 }, () => undefined);
    await settled(() => capture.info().bytes > 0); // the header is on disk
    burst(1, 100_000);
    const ended = await capture.stop();
    expect(ended).toMatchObject({ events: 1, dropped: 0 });
    const data = (await readLines(file)).filter((l) => l.type === 'data');
    expect(Buffer.from(data[0]!.bytes as string, 'base64').byteLength).toBe(100_000);
  });
});

describe('startCapture and stopCapture through the router', () => {
  it('write into the captures folder of the data folder, under a name that says which session and when', async () => {
    const router = createRouter(engine, { dataDir: dir });
    const socket = await udpSocket();
    const started = await router.handle('startCapture', { sessionId: socket.id });
    expect(started.ok).toBe(true);
    const info = (started as { value: { path: string } }).value;
    expect(path.dirname(info.path)).toBe(path.join(dir, 'captures'));
    expect(path.basename(info.path)).toMatch(new RegExp(`^udp-${socket.id}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}\\.ndjson$`));
    const stopped = await router.handle('stopCapture', { sessionId: socket.id });
    expect(stopped).toMatchObject({ ok: true, value: { path: info.path, state: 'stopped' } });
    // Asking again answers how it ended.
    expect(await router.handle('stopCapture', { sessionId: socket.id })).toMatchObject({ ok: true, value: { state: 'stopped' } });
  });

  it('take a file name only: a folder part is refused at the field, in words', async () => {
    const router = createRouter(engine, { dataDir: dir });
    const socket = await udpSocket();
    for (const fileName of ['../escape.ndjson', 'a/b.ndjson', 'C:\\x.ndjson', '', ' ', 'x.', 'nul', 'a'.repeat(81)]) {
      const result = await router.handle('startCapture', { sessionId: socket.id, fileName });
      expect(result, fileName).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', field: 'fileName', problem: { key: 'captureBadName' } },
      });
    }
    const named = await router.handle('startCapture', { sessionId: socket.id, fileName: '수업 1 - capture.ndjson' });
    expect(named).toMatchObject({ ok: true, value: { path: path.join(dir, 'captures', '수업 1 - capture.ndjson') } });
    const again = await router.handle('stopCapture', { sessionId: socket.id });
    expect(again.ok).toBe(true);
    const exists = await router.handle('startCapture', { sessionId: socket.id, fileName: '수업 1 - capture.ndjson' });
    expect(exists).toMatchObject({ ok: false, error: { code: 'EEXIST', field: 'fileName', problem: { key: 'captureExists' } } });
  });

  it('say so when the data folder cannot hold a captures folder', async () => {
    await writeFile(path.join(dir, 'captures'), 'a file in the way');
    const router = createRouter(engine, { dataDir: dir });
    const socket = await udpSocket();
    const result = await router.handle('startCapture', { sessionId: socket.id });
    expect(result).toMatchObject({ ok: false, error: { field: 'fileName', problem: { key: 'captureNotWritable' } } });
    expect(await router.handle('stopCapture', { sessionId: socket.id })).toMatchObject({
      ok: false,
      error: { code: 'NO_CAPTURE', problem: { key: 'captureNone' } },
    });
  });
});
