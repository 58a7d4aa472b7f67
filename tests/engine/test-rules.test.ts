// The testRules command (the Rules table's Test): the rules answered main-side, regexes on the engine's
// worker, so a catastrophic pattern comes back as an error at the sample within its deadline; in the session's encoding.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/main/commands/api';
import { Engine } from '../../src/main/engine/engine';
import { closeSharedRegexRunner } from '../../src/main/engine/pipeline/rule-replies';

let api: Api;
afterEach(async () => {
  await api?.closeAll();
});
afterAll(async () => {
  await closeSharedRegexRunner();
});

const newApi = (): Api => (api = createApi(new Engine()));
const rule = (match: string, value: string, reply: string, replyValue = '') => ({
  match: { kind: match, value },
  reply: { kind: reply, value: replyValue },
});

describe('testRules', () => {
  it('answers which rule replies to a sample, and what it sends', async () => {
    newApi();
    const result = await api.testRules({
      rules: [rule('prefix', 'PING', 'fixed', 'PONG'), rule('regex', '^GET (\\w+)', 'fixed', 'got $1')],
      sample: 'GET index',
    });
    expect(result).toMatchObject({ ok: true, value: { kind: 'answer', ruleIndex: 1, text: 'got index' } });
    const none = await api.testRules({ rules: [rule('exact', 'x', 'echo')], sample: 'y' });
    expect(none).toEqual({ ok: true, value: { kind: 'none' } });
    const fallback = await api.testRules({ rules: [], fallback: { mode: 'prefix', text: 'ACK ' }, sample: 'hi' });
    expect(fallback).toMatchObject({ ok: true, value: { kind: 'answer', ruleIndex: -1, text: 'ACK hi' } });
  });

  it('stops a catastrophic regex at its deadline and says so at the sample, naming the rule', async () => {
    newApi();
    const started = Date.now();
    const result = await api.testRules({
      rules: [rule('exact', 'no', 'echo'), rule('regex', '^(a+)+$', 'fixed', 'never')],
      sample: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!',
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.field).toBe('sample');
    expect(result.error.problem).toMatchObject({ key: 'ruleTestTimeout', params: { rule: 2 } });
    expect(result.error.message).toContain('rule 2');
    // The worker was replaced: the next test answers at once.
    const after = await api.testRules({ rules: [rule('regex', 'b', 'echo')], sample: 'abc' });
    expect(after).toMatchObject({ ok: true, value: { kind: 'answer', ruleIndex: 0 } });
  });

  it('places a bad rule at its row and a bad sample at the sample', async () => {
    newApi();
    const badRule = await api.testRules({ rules: [rule('exact', 'a', 'echo'), rule('regex', '(', 'echo')], sample: 'a' });
    expect(badRule).toMatchObject({ ok: false, error: { field: 'rules.1.match' } });
    const badSample = await api.testRules({ rules: [rule('exact', 'a', 'echo')], sample: 'a\\q' });
    expect(badSample).toMatchObject({ ok: false, error: { field: 'sample', problem: { key: 'escapeUnknown' } } });
  });

  it("matches and replies in the session's encoding (EUC-KR): Korean sample, regex group, reply text", async () => {
    newApi();
    const opened = await api.openSession({ kind: 'tcp-server', host: '127.0.0.1', port: 0, encoding: 'euc-kr' });
    if (!opened.ok) throw new Error(opened.error.message);
    const result = await api.testRules({
      rules: [rule('regex', '^안녕 (\\S+)', 'fixed', '반가워 $1')],
      sample: '안녕 세계',
      sessionId: opened.value.id,
    });
    expect(result.ok).toBe(true);
    if (!result.ok || result.value.kind !== 'answer') return;
    expect(result.value.text).toBe('반가워 세계');
    // EUC-KR bytes, not UTF-8: 반 is B9 DD.
    expect(Buffer.from(result.value.reply).toString('hex').slice(0, 4)).toBe('b9dd');
    const lacking = await api.testRules({ rules: [], fallback: { mode: 'echo' }, sample: 'ok 😀', encoding: 'euc-kr' });
    expect(lacking).toMatchObject({
      ok: false,
      error: { field: 'sample', problem: { key: 'encodingCannotEncode', params: { position: 4 } } },
    });
  });
});
