// Reply texts in the session's encoding: the auto-reply's prefix / fixed text and the rules' replies
// (their typed text and regex groups) go out as a Python peer decoding EUC-KR / CP949 reads them.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/main/commands/api';
import { Engine } from '../../src/main/engine/engine';
import { closeSharedRegexRunner } from '../../src/main/engine/pipeline/rule-replies';
import type { Result } from '../../src/shared/contract';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';

let api: Api;
afterEach(async () => {
  await api?.closeAll();
  await stopPeers();
});
afterAll(async () => {
  await closeSharedRegexRunner();
});

const newApi = (): Api => (api = createApi(new Engine()));
const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

describe('replies in the session encoding', () => {
  it('EUC-KR: the prefix auto-reply is written in EUC-KR, so the peer decodes it', async () => {
    newApi();
    const udp = value(
      await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, encoding: 'euc-kr', autoReply: { mode: 'prefix', text: '응답: ' } }),
    );
    const run = await runClient('udp_encoded_client', ['127.0.0.1', String(udp.local!.port), 'euc-kr', '안녕']);
    expect(run.lines).toEqual(['REPLY 응답: 안녕']);
  });

  it('CP949: a regex rule matches Korean text and answers with its group and Korean text', async () => {
    newApi();
    const udp = value(
      await api.openSession({
        kind: 'udp',
        host: '127.0.0.1',
        port: 0,
        encoding: 'cp949',
        rules: [{ match: { kind: 'regex', value: '^이름 (\\S+)' }, reply: { kind: 'fixed', value: '반가워요 $1 님' } }],
        autoReply: { mode: 'fixed', text: '모름' },
      }),
    );
    const run = await runClient('udp_encoded_client', ['127.0.0.1', String(udp.local!.port), 'cp949', '이름 똠방', '뭐지']);
    expect(run.lines).toEqual(['REPLY 반가워요 똠방 님', 'REPLY 모름']);
  });

  it('switching the encoding recompiles the replies; one the encoding cannot write is refused and nothing changes', async () => {
    newApi();
    const udp = value(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: { mode: 'fixed', text: '좋아 😀' } }));
    const refused = await api.setEncoding({ sessionId: udp.id, encoding: 'euc-kr' });
    expect(refused).toMatchObject({ ok: false, error: { field: 'autoReply.text', problem: { key: 'encodingCannotEncode' } } });
    expect(value(await api.listSessions({}))[0]!.encoding).toBe('utf-8');
    value(await api.setAutoReply({ sessionId: udp.id, autoReply: { mode: 'fixed', text: '좋아' } }));
    value(await api.setEncoding({ sessionId: udp.id, encoding: 'euc-kr' }));
    const run = await runClient('udp_encoded_client', ['127.0.0.1', String(udp.local!.port), 'euc-kr', 'x']);
    expect(run.lines).toEqual(['REPLY 좋아']);
    // Opened in EUC-KR with a reply it cannot write: refused at the field, no session kept.
    const bad = await api.openSession({
      kind: 'udp',
      host: '127.0.0.1',
      port: 0,
      encoding: 'euc-kr',
      autoReply: { mode: 'prefix', text: '😀' },
    });
    expect(bad).toMatchObject({ ok: false, error: { field: 'autoReply.text' } });
    expect(value(await api.listSessions({}))).toHaveLength(1);
  });

  it('a repeated text payload goes out in the session encoding (EUC-KR), a character it lacks refused at the payload', async () => {
    newApi();
    const server = await startServer('udp_encoded_server', '127.0.0.1', 0, 5000, ['euc-kr']);
    const udp = value(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, encoding: 'euc-kr' }));
    const to = { kind: 'peer' as const, host: '127.0.0.1', port: server.port };
    const lacking = await api.startRepeat({ sessionId: udp.id, payload: '똠 😀', everyMs: 50, times: 1, to });
    expect(lacking).toMatchObject({ ok: false, error: { field: 'payload', problem: { key: 'encodingCannotEncode' } } });
    value(await api.startRepeat({ sessionId: udp.id, payload: '반복 {{counter}}', everyMs: 20, times: 2, to }));
    for (let waited = 0; !server.stderr().includes('received : 반복 2') && waited < 5000; waited += 20)
      await new Promise((r) => setTimeout(r, 20));
    expect(server.stderr()).toContain('received : 반복 1');
    expect(server.stderr()).toContain('received : 반복 2');
  });

  it('decodeText reads bytes in the session encoding, and answers null for bytes that are no text in it', async () => {
    newApi();
    const udp = value(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, encoding: 'euc-kr' }));
    const text = value(await api.decodeText({ sessionId: udp.id, bytes: Uint8Array.from([0xbe, 0xc8, 0xb3, 0xe7]) }));
    expect(text).toEqual({ text: '안녕' });
    const none = value(await api.decodeText({ sessionId: udp.id, bytes: Uint8Array.from([0xff, 0xff]) }));
    expect(none).toEqual({ text: null });
  });
});
