// Sessions in a national text encoding, through the in-process API (the contract's schemas apply),
// against Python peers whose own codecs encode and decode: an independent other side. Loopback only.
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/main/commands/api';
import { Engine } from '../../src/main/engine/engine';
import type { LogRow, Result, SocketEvent, UpdateBatch } from '../../src/shared/contract';
import { UpdateBatcher } from '../../src/main/engine/batcher';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';
import { sleep } from './helpers';

let api: Api;
let engine: Engine;
afterEach(async () => {
  await api?.closeAll();
  await stopPeers();
});

const newApi = (): Api => (api = createApi((engine = new Engine())));
const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Waits (bounded) for the session's log to hold `count` incoming data rows, and answers its data rows. */
async function dataRows(sessionId: string, count: number): Promise<LogRow[]> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const page = value(await api.getRows({ sessionId, from: 0, count: 100 }));
    const rows = page.rows.filter((r) => r.type === 'data');
    if (rows.filter((r) => r.type === 'data' && r.direction === 'in').length >= count) return rows;
    await sleep(20);
  }
  throw new Error(`no ${count} incoming rows in ${sessionId}`);
}

describe('a session in a national text encoding', () => {
  it('CP949: sends Korean as the Python server reads it, and shows its answer decoded in the rows', async () => {
    newApi();
    const server = await startServer('udp_encoded_server', '127.0.0.1', 0, 5000, ['cp949']);
    const session = value(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, encoding: 'CP949' }));
    expect(session.encoding).toBe('cp949');

    const bytes = value(await api.encodeText({ sessionId: session.id, text: '안녕하세요 똠' }));
    expect(hex(bytes)).toBe(Buffer.from('be c8 b3 e7 c7 cf bc bc bf e4 20 8c 63'.replace(/ /g, ''), 'hex').toString('hex'));
    value(await api.send({ sessionId: session.id, bytes, to: { kind: 'peer', host: '127.0.0.1', port: server.port } }));

    const rows = await dataRows(session.id, 1);
    expect(rows.map((r) => r.text)).toEqual(['안녕하세요 똠', '[안녕하세요 똠]']);
    expect(server.stderr()).toContain('received : 안녕하세요 똠');

    // Switched to UTF-8 the same bytes show as escapes: the window decodes nothing, so rows carry no text.
    value(await api.setEncoding({ sessionId: session.id, encoding: 'utf-8' }));
    const again = await dataRows(session.id, 1);
    expect(again.every((r) => r.text === undefined)).toBe(true);
    // And in EUC-KR, 똠 (CP949 only) is bytes, the rest Korean.
    value(await api.setEncoding({ sessionId: session.id, encoding: 'euc-kr' }));
    expect((await dataRows(session.id, 1))[1]!.text).toBe('[안녕하세요 \\x8Cc]');
  });

  it('EUC-KR: a character it lacks is refused at "text", naming it and its position', async () => {
    newApi();
    const session = value(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, encoding: 'euc-kr' }));
    const refused = await api.encodeText({ sessionId: session.id, text: '안녕 똠' });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({ code: 'INVALID_INPUT', field: 'text' });
    expect(refused.error.problem).toEqual({ key: 'encodingCannotEncode', params: { char: '똠', position: 4, encoding: 'EUC-KR' } });
  });

  it('refuses an unknown encoding where it was typed', async () => {
    newApi();
    const bad = await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, encoding: 'latin9' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toMatchObject({ code: 'INVALID_INPUT', field: 'encoding', problem: { key: 'encodingUnknown' } });
  });

  it('Shift_JIS and GBK: a Python client sends in them, the batch rows carry the text decoded', async () => {
    newApi();
    const batches: UpdateBatch[] = [];
    const batcher = new UpdateBatcher(engine, (batch) => batches.push(batch), { intervalMs: 10 });
    try {
      for (const [encoding, text] of [
        ['shift_jis', 'こんにちは'],
        ['gbk', '你好，世界'],
      ] as const) {
        const session = value(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, encoding }));
        const got = new Promise<void>((resolve) => {
          const off = api.tap({
            event: (event: SocketEvent) => {
              if (event.sessionId === session.id && event.type === 'data') {
                off();
                // Answer in the same encoding: the Python client decodes it with its own codec.
                void api
                  .encodeText({ sessionId: session.id, text: `${text}!` })
                  .then((r) => api.send({ sessionId: session.id, bytes: value(r) }));
                resolve();
              }
            },
          });
        });
        const client = runClient('udp_encoded_client', ['127.0.0.1', String(session.local!.port), encoding, text]);
        await got;
        expect((await client).lines).toEqual([`REPLY ${text}!`]);
        await sleep(50);
        const tail = batches.flatMap((b) => b.logs.filter((l) => l.sessionId === session.id).flatMap((l) => l.rows));
        expect(tail.filter((r) => r.type === 'data').map((r) => r.text)).toEqual([text, `${text}!`]);
      }
    } finally {
      batcher.stop();
    }
  });

  it('searches the log for a text query in the session encoding', async () => {
    newApi();
    const server = await startServer('udp_encoded_server', '127.0.0.1', 0, 5000, ['euc-kr']);
    const session = value(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, encoding: 'euc-kr' }));
    for (const text of ['안녕', '하세요'])
      value(
        await api.send({
          sessionId: session.id,
          bytes: value(await api.encodeText({ sessionId: session.id, text })),
          to: { kind: 'peer', host: '127.0.0.1', port: server.port },
        }),
      );
    await dataRows(session.id, 2);
    const status = value(await api.setFilter({ sessionId: session.id, filter: { query: '세요' } }));
    expect(status.filter?.matches).toBe(2); // the sent row and its answer
    const page = value(await api.getRows({ sessionId: session.id, from: 0, count: 10, filtered: true }));
    expect(page.rows.map((r) => r.text)).toEqual(['하세요', '[하세요]']);
    const refused = await api.setFilter({ sessionId: session.id, filter: { query: '똠' } });
    expect(!refused.ok && refused.error).toMatchObject({ field: 'filter.query', problem: { key: 'encodingCannotEncode' } });
  });
});
