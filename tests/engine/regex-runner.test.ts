// The regex runner: rule regexes run on a worker thread, a runaway pattern is stopped at its deadline and reported, and the runner goes on answering, thousands of messages a second.
import { afterEach, describe, expect, it } from 'vitest';
import { createRegexRunner, type RegexRunner } from '../../src/main/engine/pipeline/regex-runner';
import { decodeText, encodeText } from '../../src/shared/codec';
import { problemText } from '../../src/shared/problems';
import { compileRules, respond, ruleHits, type RuleList, type RuleOutcome } from '../../src/shared/rules';

let runner: RegexRunner | null = null;
afterEach(async () => {
  await runner?.close();
  runner = null;
});

function start(deadlineMs?: number): RegexRunner {
  runner = createRegexRunner(deadlineMs === undefined ? {} : { deadlineMs });
  return runner;
}

function list(texts: string[]): RuleList {
  const r = compileRules(texts);
  if (!r.ok) throw new Error(problemText(r.problem));
  return r.rules;
}

const replyText = (o: RuleOutcome): string | null => {
  if (!o.ok) return `problem: ${o.problem.key}`;
  return o.answer === null ? null : decodeText(o.answer.reply);
};

const catastrophic = 'regex:^(a+)+$=>fixed:all a';
const evil = `${'a'.repeat(32)}!`;

describe('regex runner', () => {
  it('answers regex rules with their groups, first match first', async () => {
    const r = start();
    const rules = list(['regex:^GET (\\S+)=>fixed:200 $1', 'regex:^(\\w+) (\\w+)$=>fixed:$2 $1', 'prefix:=>fixed:other']);
    expect(replyText(await respond(rules, encodeText('GET /a'), r.match))).toBe('200 /a');
    expect(replyText(await respond(rules, encodeText('hello world'), r.match))).toBe('world hello');
    expect(replyText(await respond(rules, encodeText('!'), r.match))).toBe('other');
    expect(ruleHits(rules).rules).toEqual([1, 1, 1]);
  });

  it('a broken pattern is refused when the rules are set, before any message', () => {
    const r = compileRules(['exact:a=>echo', 'regex:(?<=a=>echo']);
    expect(r.ok ? null : [r.problem.key, r.index]).toEqual(['ruleBadRegex', 1]);
  });

  it('a catastrophic regex is stopped near its deadline, reported, and the runner keeps working', async () => {
    const r = start(100);
    const rules = list([catastrophic, 'regex:^(b+)$=>fixed:b $1']);
    // Warm up, so the worker's start-up is not part of what is timed.
    expect(replyText(await respond(rules, encodeText('aaa'), r.match))).toBe('all a');

    const began = performance.now();
    const outcome = await respond(rules, encodeText(evil), r.match);
    const took = performance.now() - began;
    expect(outcome).toEqual({
      ok: false,
      ruleIndex: 0,
      problem: { key: 'ruleRegexTimeout', params: { rule: 1, pattern: '^(a+)+$', ms: 100 } },
    });
    expect(took).toBeGreaterThanOrEqual(95);
    expect(took).toBeLessThan(100 + 400);
    expect(r.stats().restarts).toBe(1);

    // The new worker knows every pattern again.
    expect(replyText(await respond(rules, encodeText('bbb'), r.match))).toBe('b bbb');
    expect(replyText(await respond(rules, encodeText('aaaa'), r.match))).toBe('all a');
  });

  it('messages batched with a runaway one get their own answers', async () => {
    const r = start(50);
    const rules = list([catastrophic, 'regex:^(\\d+)$=>fixed:n=$1']);
    const messages = ['1', '22', evil, '333', 'aa', evil, '4444'];
    const outcomes = await Promise.all(messages.map((m) => respond(rules, encodeText(m), r.match)));
    expect(outcomes.map(replyText)).toEqual([
      'n=1',
      'n=22',
      'problem: ruleRegexTimeout',
      'n=333',
      'all a',
      'problem: ruleRegexTimeout',
      'n=4444',
    ]);
    expect(r.stats().restarts).toBe(2);
  });

  it('the deadline is configurable', async () => {
    const r = start(20);
    const outcome = await respond(list([catastrophic]), encodeText(evil), r.match);
    expect(outcome.ok ? null : outcome.problem.params).toMatchObject({ ms: 20 });
    expect(problemText(outcome.ok ? { key: 'internalError' } : outcome.problem)).toContain('ran longer than 20 ms');
  });

  it('10,000 messages flow through a regex rule, in batches', async () => {
    const r = start();
    const rules = list(['regex:^PING (\\d+)$=>fixed:PONG $1\\n', 'exact:x=>echo']);
    const began = performance.now();
    const outcomes = await Promise.all(Array.from({ length: 10_000 }, (_, i) => respond(rules, encodeText(`PING ${i}`), r.match)));
    const seconds = (performance.now() - began) / 1000;
    expect(outcomes.every((o, i) => replyText(o) === `PONG ${i}\n`)).toBe(true);
    expect(ruleHits(rules).rules[0]).toBe(10_000);
    // Far fewer round trips than messages; a loose floor on speed so a loaded CI box still passes.
    expect(r.stats().batches).toBeLessThan(200);
    expect(10_000 / seconds).toBeGreaterThan(2_000);
  });

  it('one message at a time still flows (each waits for the one before)', async () => {
    const r = start();
    const rules = list(['regex:^(\\w)=>fixed:$1']);
    for (let i = 0; i < 500; i++) expect(replyText(await respond(rules, encodeText(`k${i}`), r.match))).toBe('k');
  });

  it('after close, queries are answered as failed, not left hanging', async () => {
    const r = start();
    const rules = list(['regex:a=>echo']);
    const pending = respond(rules, encodeText('a'), r.match);
    await r.close();
    runner = null;
    expect(await pending).toMatchObject({ ok: false, problem: { key: 'ruleRegexFailed' } });
    expect(await respond(rules, encodeText('a'), r.match)).toMatchObject({ ok: false, problem: { key: 'ruleRegexFailed' } });
  });
});
