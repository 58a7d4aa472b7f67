// The in-process API (src/main/commands/api.ts): one method per command, the contract's schemas on
// every call, a tap on the events, and waits for jobs, floods and recordings. Real sockets on 127.0.0.1.
import dgram from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/main/commands/api';
import { Engine } from '../../src/main/engine/engine';
import { commandNames, isJobStarted, maxSendBytes, type SocketEvent } from '../../src/shared/contract';
import { encodeText } from '../../src/shared/codec';
import { sleep } from './helpers';

/** Waits (bounded) until `ready` holds. */
async function eventually(ready: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !ready(); waited += 10) {
    if (waited > 5000) throw new Error(`still waiting for ${what}`);
    await sleep(10);
  }
}

let api: Api;
afterEach(async () => {
  await api?.closeAll();
});

const newApi = (options: Parameters<typeof createApi>[1] = {}): Api => (api = createApi(new Engine(), options));

describe('the in-process API', () => {
  it('has one method for every command of the contract', () => {
    newApi();
    for (const name of commandNames) expect(typeof api[name], name).toBe('function');
  });

  it('answers a bad input with the schema error the window would get, and opens nothing', async () => {
    newApi();
    const bad = await api.openSession({ kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: { mode: 'fixed', text: '\\xZZ' } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toMatchObject({ code: 'INVALID_INPUT', field: 'autoReply.text' });
    expect(bad.error.problem?.key).toBeDefined();
    expect(bad.error.message).not.toBe('');
    expect(await api.listSessions({})).toEqual({ ok: true, value: [] });
  });

  it('applies the schema defaults, as for the window (a UDP socket answers nothing unless told)', async () => {
    newApi();
    const opened = await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0 });
    expect(opened.ok && opened.value.autoReply).toEqual({ mode: 'none', text: '', closeAfterReply: false });
  });

  it('taps every event with its row, and reads a session at once from inside the tap', async () => {
    newApi();
    const seen: { type: SocketEvent['type']; seq: number; state: string | undefined }[] = [];
    const off = api.tap({
      event: (event, row) => seen.push({ type: event.type, seq: row.seq, state: api.session(event.sessionId)?.state }),
    });
    const opened = await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0 });
    if (!opened.ok) throw new Error(opened.error.message);
    const peer = dgram.createSocket('udp4');
    peer.send('hi', opened.value.local!.port, '127.0.0.1');
    await eventually(() => seen.some((e) => e.type === 'data'), 'the datagram tapped');
    peer.close();
    off();
    expect(seen[0]).toMatchObject({ type: 'listening', seq: 0 });
    expect(seen.find((e) => e.type === 'data')).toMatchObject({ seq: 1, state: 'open' });
    expect(api.session('s999')).toBeNull();
  });

  it('waits for a send that became a job, and gives its report', async () => {
    newApi();
    // A peer that reads only once the send has become a job: the send waits on it meanwhile.
    let received = 0;
    let peer: net.Socket | null = null;
    const server = net.createServer((s) => {
      peer = s.pause();
      s.on('data', (d: Buffer) => (received += d.length));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const opened = await api.openSession({ kind: 'tcp-client', host: '127.0.0.1', port });
      if (!opened.ok) throw new Error(opened.error.message);
      const bytes = new Uint8Array(maxSendBytes).fill(0x61);
      const sent = await api.send({ sessionId: opened.value.id, bytes });
      if (!sent.ok) throw new Error(sent.error.message);
      expect(isJobStarted(sent.value)).toBe(true);
      if (!isJobStarted(sent.value)) return;
      peer!.resume();
      expect(await api.jobDone(sent.value.job)).toEqual({ ok: true, value: { bytes: bytes.length, recipients: 1 } });
      await eventually(() => received === bytes.length, 'every byte at the peer');
    } finally {
      await api.closeAll();
      (peer as net.Socket | null)?.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('waits for a flood to end, with its final figures', async () => {
    newApi();
    const sink = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', () => resolve()));
    try {
      const opened = await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0 });
      if (!opened.ok) throw new Error(opened.error.message);
      const started = await api.startFlood({
        sessionId: opened.value.id,
        size: 16,
        count: 50,
        to: { kind: 'peer', host: '127.0.0.1', port: sink.address().port },
      });
      expect(started.ok).toBe(true);
      const done = await api.floodDone(opened.value.id);
      expect(done.ok && done.value).toMatchObject({ state: 'done', messages: 50 });
      expect(await api.floodDone('s999')).toMatchObject({ ok: false, error: { code: 'NO_SESSION' } });
    } finally {
      sink.close();
    }
  });

  it('records to any path a caller in this process names, and says when the recording has ended', async () => {
    newApi();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-api-'));
    try {
      const opened = await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0 });
      if (!opened.ok) throw new Error(opened.error.message);
      const file = path.join(dir, 'a', '..', 'lab.ndjson');
      const recording = await api.record(opened.value.id, { path: file, overwrite: false });
      expect(recording.ok && recording.value.state).toBe('recording');
      const again = await api.record(opened.value.id, { path: file, overwrite: false });
      expect(again).toMatchObject({ ok: false, error: { code: 'CAPTURE_RUNNING' } });
      const ended = api.recordingEnded(opened.value.id);
      const sent = await api.send({ sessionId: opened.value.id, bytes: encodeText('x'), to: { kind: 'peer', host: '127.0.0.1', port: 9 } });
      expect(sent.ok).toBe(true);
      await api.closeAll();
      expect(await ended).toMatchObject({ state: 'stopped', path: path.join(dir, 'lab.ndjson') });
      expect((await readFile(path.join(dir, 'lab.ndjson'), 'utf8')).split('\n')[0]).toMatch(/^\{"type":"header"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
