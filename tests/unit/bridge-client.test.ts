// The page's bridge client never waits forever: a call with no answer ends, after a bound, with a keyed
// error in both languages; a late answer is dropped; a dropped link ends every call at once.
// The "engine" here is a WebSocket server on 127.0.0.1 that answers only when a test says so.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { en } from '../../src/renderer/src/locales/en';
import { ko } from '../../src/renderer/src/locales/ko';
import { answerTimeoutMs, createBridgeApi, type BridgeStatus } from '../../src/renderer/src/lib/bridge-client';
import { decodeRequest, encodeWire } from '../../src/shared/wire';

let server: WebSocketServer;
let url: string;
/** What the fake engine does with each request it reads. */
let onRequest: (ws: WebSocket, id: number | string, command: string) => void;

beforeEach(async () => {
  onRequest = () => undefined; // never answers
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (ws) =>
    ws.on('message', (data) => {
      const request = decodeRequest(String(data));
      if (request.ok) onRequest(ws, request.id, request.command);
    }),
  );
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/bridge`;
});

afterEach(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const statuses: BridgeStatus[] = [];
const client = (bound: number) => createBridgeApi(url, (s) => statuses.push(s), { answerTimeoutMs: bound });

describe('bridge client', () => {
  it('waits 20 s by default: one constant, long enough for any command that is not a job', () => {
    expect(answerTimeoutMs).toBe(20_000);
  });

  it('ends a call that gets no answer with a clear keyed error after the bound', async () => {
    const api = client(150);
    const started = Date.now();
    const result = await api.listSessions({});
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(2000);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'NO_ANSWER',
        message: 'The Socket Lab engine did not answer within 0.15 seconds: try again, or restart `socket-lab web` and reload.',
        problem: { key: 'engineNoAnswer', params: { seconds: 0.15 } },
      },
    });
    // The same key in both catalogs, so the window says it in the reader's language.
    expect(en.problems.engineNoAnswer).toContain('{{seconds}}');
    expect(ko.problems.engineNoAnswer).toContain('{{seconds}}');
  });

  it('drops an answer that comes after the bound, and keeps answering later calls', async () => {
    onRequest = (ws, id, command) => {
      const result = { ok: true, value: command === 'listSessions' ? [] : { late: true } };
      setTimeout(() => ws.send(encodeWire({ kind: 'response', id, result })), command === 'getRows' ? 300 : 0);
    };
    const api = client(100);
    expect(await api.getRows({ sessionId: 's1', from: 0, count: 0 })).toMatchObject({ ok: false, error: { code: 'NO_ANSWER' } });
    await new Promise((r) => setTimeout(r, 300)); // the late answer arrives, and is ignored
    expect(await api.listSessions({})).toEqual({ ok: true, value: [] });
  });

  it('gives a connect its own timeout on top of the bound', async () => {
    const api = client(100);
    const started = Date.now();
    const result = await api.openSession({ kind: 'tcp-client', host: '127.0.0.1', port: 9, connectTimeoutMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(result).toMatchObject({ ok: false, error: { code: 'NO_ANSWER', problem: { params: { seconds: 0.4 } } } });
  });

  it('gives a big send time to upload on top of the bound', async () => {
    const api = client(100);
    const started = Date.now();
    const result = await api.send({ sessionId: 's1', bytes: new Uint8Array(1024 * 1024 + 1) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2090);
    expect(result).toMatchObject({ ok: false, error: { code: 'NO_ANSWER', problem: { params: { seconds: 2.1 } } } });
  });

  it('ignores messages that are not its own, and ends every waiting call when the link drops', async () => {
    onRequest = (ws) => {
      ws.send('{not json');
      ws.send(JSON.stringify({ kind: 'response', id: 'someone else', result: 1 }));
      setTimeout(() => ws.close(), 50);
    };
    const api = client(5000);
    const started = Date.now();
    const result = await api.listSessions({});
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ ok: false, error: { code: 'DISCONNECTED', problem: { key: 'engineLost' } } });
    expect(await api.listSessions({})).toMatchObject({
      ok: false,
      error: { code: 'DISCONNECTED', problem: { key: 'engineNotConnected' } },
    });
    expect(statuses.at(-1)).toBe('closed');
  });
});
