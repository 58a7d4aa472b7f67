// Auto-reply rules: the text syntax and the table form check the same way and print back the same, every mistake names its rule, and the first matching rule answers with its groups filled in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText, toEscaped } from '../../src/shared/codec';
import { problemText } from '../../src/shared/problems';
import {
  compileRules,
  decide,
  formatRule,
  parseRule,
  parseRuleForm,
  respond,
  resetRuleHits,
  ruleHits,
  ruleToForm,
  type FallbackReply,
  type LooseRuleForm,
  type RegexMatcher,
  type RegexVerdict,
  type Rule,
  type RuleList,
  type RuleOutcome,
} from '../../src/shared/rules';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

function rule(text: string): Rule {
  const r = parseRule(text);
  if (!r.ok) throw new Error(`${text}: ${problemText(r.problem)}`);
  return r.rule;
}

/** The failure of a rule at `index` (0-based): its key, part and English sentence. */
function mistake(text: string, index = 0) {
  const r = parseRule(text, index);
  if (r.ok) throw new Error(`${text} parsed`);
  return { key: r.problem.key, part: r.part, index: r.index, says: problemText(r.problem) };
}

function list(texts: (string | LooseRuleForm)[], fallback: FallbackReply | null = null): RuleList {
  const r = compileRules(texts, fallback);
  if (!r.ok) throw new Error(problemText(r.problem));
  return r.rules;
}

/** In-process stand-in for the worker: same verdicts, no deadline (the engine test covers that). */
const inProcess: RegexMatcher = async ({ text, patterns }) => {
  for (const [hit, p] of patterns.entries()) {
    const found = new RegExp(p.source, p.flags).exec(text);
    if (found) return { ok: true, hit, groups: Array.from(found, (g) => g ?? null) };
  }
  return { ok: true, hit: -1, groups: [] };
};

/** The reply as text, or null; throws on a problem. */
async function answer(rules: RuleList, message: string | Uint8Array, matcher = inProcess): Promise<string | null> {
  const outcome = await respond(rules, typeof message === 'string' ? encodeText(message) : message, matcher);
  if (!outcome.ok) throw new Error(problemText(outcome.problem));
  return outcome.answer === null ? null : decodeText(outcome.answer.reply);
}

describe('parseRule / formatRule', () => {
  it('reads every match and reply kind and writes each rule back as typed', () => {
    for (const text of [
      'exact:ping=>fixed:pong\\r\\n',
      'prefix:GET =>prefix:echo: ',
      'prefix:=>prefix:ACK :\\x20 @close',
      'contains:error=>upper',
      'suffix:\\r\\n=>echo',
      'regex:^HELLO (\\w+)$=>fixed:hi $1',
      'hex:02 00 01 03=>hex:06',
      'exact:QUIT=>fixed:bye @close',
      'exact:slow=>echo @delay=250',
      'exact:slow=>echo @delay=250 @close',
      'exact:=>fixed:empty message',
      'exact:a\\=>b=>fixed:arrow',
      'regex:\\d+\\=>x=>fixed:x',
    ]) {
      expect(formatRule(rule(text))).toBe(text);
    }
  });

  it('splits at the first "=>" not written "\\=>": the reply may hold more arrows', () => {
    expect(ruleToForm(rule('exact:a\\=>b=>fixed:c=>d')).match).toEqual({ kind: 'exact', value: 'a=>b' });
    expect(ruleToForm(rule('exact:a\\=>b=>fixed:c=>d')).reply).toEqual({ kind: 'fixed', value: 'c=>d' });
    // "\\" is an escaped backslash, so the arrow after it is a real one.
    expect(ruleToForm(rule('exact:a\\\\=>echo')).match.value).toBe('a\\\\');
  });

  it('takes options at the end in any order; other blanks belong to the values', () => {
    expect(ruleToForm(rule('exact:ping=>fixed:pong   @close  @delay=5 '))).toEqual({
      match: { kind: 'exact', value: 'ping' },
      reply: { kind: 'fixed', value: 'pong' },
      delayMs: 5,
      close: true,
    });
    // A reply prefix keeps its trailing space, with or without options after it (written \x20 before them).
    expect(ruleToForm(rule('prefix:=>prefix:ACK : ')).reply.value).toBe('ACK : ');
    expect(ruleToForm(rule('prefix:GET =>echo')).match.value).toBe('GET ');
    // Blanks after "=>" are not layout: they are refused as part of the reply kind, not guessed at.
    expect(mistake('exact:ping => fixed:pong').says).toContain('" fixed" is not a kind of reply');
    // An "@" inside the reply is text; only trailing " @words" are options.
    expect(ruleToForm(rule('exact:x=>fixed:mail @bob now')).reply.value).toBe('mail @bob now');
    expect(ruleToForm(rule('exact:x=>fixed:me@host')).reply.value).toBe('me@host');
  });

  it('prints a table-made rule so it reads back to the same bytes: "=>", blanks before options and a trailing "@word" are escaped', () => {
    const made = (reply: string, kind: 'fixed' | 'hex' = 'fixed', close = false) => {
      const typed = parseRuleForm({ match: { kind: 'exact', value: 'a=>b ' }, reply: { kind, value: reply }, delayMs: 0, close });
      if (!typed.ok) throw new Error(typed.problem.key);
      const text = formatRule(typed.rule);
      const back = rule(text);
      expect(back.match).toEqual(typed.rule.match);
      expect(back.reply).toEqual(typed.rule.reply);
      expect(back.form.close).toBe(close);
      return text;
    };
    expect(made('see @bob\t')).toBe('exact:a\\=>b =>fixed:see \\x40bob\t');
    expect(made('tab\t', 'fixed', true)).toBe('exact:a\\=>b =>fixed:tab\\t @close');
    expect(made('see @bob  ')).toBe('exact:a\\=>b =>fixed:see \\x40bob  ');
    expect(made('ACK : ', 'fixed', true)).toBe('exact:a\\=>b =>fixed:ACK :\\x20 @close');
    expect(made('06 ', 'hex', true)).toBe('exact:a\\=>b =>hex:06 @close');
  });

  it('any bytes as an exact match survive formatting and parsing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (needle, reply) => {
        const typed = parseRuleForm({
          match: { kind: 'exact', value: toEscaped(needle) },
          reply: { kind: 'fixed', value: toEscaped(reply).replace(/\$/g, '$$$$') },
          delayMs: 0,
          close: false,
        });
        if (!typed.ok) return false;
        const back = rule(formatRule(typed.rule));
        expect(back.match).toEqual({ kind: 'exact', bytes: needle });
        expect(back.reply).toEqual(typed.rule.reply);
        return true;
      }),
    );
  });
});

describe('mistakes name the rule and the part', () => {
  it('no arrow, unknown kinds, text where none is taken', () => {
    expect(mistake('exact:ping', 2)).toEqual({
      key: 'ruleNoArrow',
      part: 'rule',
      index: 2,
      says: 'Rule 3 has no "=>": write MATCH=>REPLY (e.g. exact:ping=>fixed:pong\\r\\n).',
    });
    expect(mistake('equals:x=>echo')).toMatchObject({ key: 'ruleUnknownMatch', part: 'match' });
    expect(mistake('equals:x=>echo').says).toContain('Rule 1: "equals" is not a kind of match');
    expect(mistake('exact:x=>reply:y')).toMatchObject({ key: 'ruleUnknownReply', part: 'reply' });
    expect(mistake('exact:x=>echo:y').says).toBe('Rule 1: the reply echo sends the message itself and takes no text (write just echo).');
  });

  it('bad escapes and bad hex are the codec problems, at their part', () => {
    expect(mistake('exact:\\q=>echo')).toMatchObject({ key: 'escapeUnknown', part: 'match' });
    expect(mistake('exact:x=>fixed:\\xZZ')).toMatchObject({ key: 'escapeBadHex', part: 'reply' });
    expect(mistake('hex:0g=>echo')).toMatchObject({ key: 'hexBadDigit', part: 'match' });
    expect(mistake('exact:x=>hex:123')).toMatchObject({ key: 'hexOddDigits', part: 'reply' });
  });

  it('a regex that does not compile is refused at once, with the engine message', () => {
    const m = mistake('regex:^(a=>echo', 1);
    expect(m).toMatchObject({ key: 'ruleBadRegex', part: 'match', index: 1 });
    expect(m.says).toMatch(/^Rule 2: \/\^\(a\/ is not a valid regular expression \(Invalid regular expression: .*\)\.$/);
  });

  it('options: unknown, repeated, a delay out of range or not whole', () => {
    expect(mistake('exact:x=>echo @later')).toMatchObject({ key: 'ruleBadOption', part: 'options' });
    expect(mistake('exact:x=>echo @later').says).toContain('"@later" is not an option');
    expect(mistake('exact:x=>echo @close @close')).toMatchObject({ key: 'ruleRepeatedOption' });
    expect(mistake('exact:x=>echo @delay=1 @delay=2').says).toBe('Rule 1: "@delay" is given twice.');
    for (const delay of ['600001', '-1', '1.5', '', 'soon', '99999999999']) {
      expect(mistake(`exact:x=>echo @delay=${delay}`), delay).toMatchObject({ key: 'ruleDelayRange', part: 'options' });
    }
    expect(mistake('exact:x=>echo @delay=600001').says).toBe(
      'Rule 1: "600001" is not a delay: use a whole number of milliseconds from 0 to 600000.',
    );
    expect(parseRule('exact:x=>echo @delay=600000').ok).toBe(true);
    expect(parseRule('exact:x=>echo @delay=0').ok).toBe(true);
  });

  it('$ in a reply: a digit, $$, and groups the match has', () => {
    expect(mistake('exact:x=>fixed:costs $ 5')).toMatchObject({ key: 'ruleBadDollar', part: 'reply' });
    expect(mistake('exact:x=>fixed:costs $ 5').says).toContain('"$ " at position 7 of the reply');
    expect(mistake('exact:x=>fixed:end$').says).toContain('"$" at position 4');
    expect(mistake('regex:(a)(b)=>fixed:$3').says).toBe(
      'Rule 1: the reply uses $3, but the regular expression has 2 group(s) ($0 is the whole match).',
    );
    expect(mistake('exact:x=>fixed:$1')).toMatchObject({ key: 'ruleGroupsNeedRegex' });
    expect(parseRule('exact:x=>fixed:$0 costs $$5').ok).toBe(true);
  });

  it('the table form goes through the same checks', () => {
    const form = (over: Partial<LooseRuleForm>): LooseRuleForm => ({
      match: { kind: 'exact', value: 'x' },
      reply: { kind: 'echo', value: '' },
      delayMs: 0,
      close: false,
      ...over,
    });
    const key = (f: LooseRuleForm) => {
      const r = parseRuleForm(f, 4);
      return r.ok ? null : [r.problem.key, r.part, r.index];
    };
    expect(key(form({}))).toBeNull();
    expect(key(form({ match: { kind: 'glob', value: '*' } }))).toEqual(['ruleUnknownMatch', 'match', 4]);
    expect(key(form({ reply: { kind: 'upper', value: 'x' } }))).toEqual(['ruleReplyTakesNoText', 'reply', 4]);
    expect(key(form({ delayMs: 2.5 }))).toEqual(['ruleDelayRange', 'options', 4]);
    expect(key(form({ delayMs: -1 }))).toEqual(['ruleDelayRange', 'options', 4]);
    expect(key(form({ match: { kind: 'regex', value: '[' } }))).toEqual(['ruleBadRegex', 'match', 4]);
  });

  it('a form survives JSON and reads back to the same rule', () => {
    const original = rule('regex:^GET (\\S+)=>fixed:200 $1\\r\\n @delay=10 @close');
    const form = JSON.parse(JSON.stringify(ruleToForm(original))) as LooseRuleForm;
    const back = parseRuleForm(form);
    expect(back.ok && formatRule(back.rule)).toBe(formatRule(original));
  });
});

describe('compileRules', () => {
  it('answers the first failure with its index; the fallback is index -1', () => {
    const r = compileRules(['exact:a=>echo', 'exact:b', 'nope']);
    expect(r.ok ? null : [r.problem.key, r.index]).toEqual(['ruleNoArrow', 1]);
    const f = compileRules(['exact:a=>echo'], { mode: 'fixed', text: '\\q', closeAfterReply: false });
    expect(f.ok ? null : [f.problem.key, f.index, f.part]).toEqual(['escapeUnknown', -1, 'reply']);
    const many = compileRules(Array(1001).fill('exact:a=>echo'));
    expect(many.ok ? null : many.problem).toEqual({ key: 'ruleTooMany', params: { max: 1000, count: 1001 } });
  });

  it('mixes text and table rows in one list', () => {
    const rules = list([
      'exact:a=>fixed:1',
      { match: { kind: 'exact', value: 'b' }, reply: { kind: 'fixed', value: '2' }, delayMs: 0, close: false },
    ]);
    expect(rules.rules.map(formatRule)).toEqual(['exact:a=>fixed:1', 'exact:b=>fixed:2']);
  });
});

describe('respond', () => {
  it('literal matches: exact, prefix, contains, suffix over the message after framing', async () => {
    const rules = list(['exact:ping=>fixed:pong', 'prefix:GET =>fixed:got', 'suffix:?=>fixed:question', 'contains:help=>fixed:helping']);
    expect(await answer(rules, 'ping')).toBe('pong');
    expect(await answer(rules, 'ping!')).toBeNull();
    expect(await answer(rules, 'GET /')).toBe('got');
    expect(await answer(rules, 'why?')).toBe('question');
    expect(await answer(rules, 'please help me')).toBe('helping');
    expect(await answer(rules, 'nothing')).toBeNull();
  });

  it('the first matching rule wins, regex or not, and each counts its hits', async () => {
    const rules = list(['regex:^a=>fixed:regex first', 'prefix:a=>fixed:literal second', 'prefix:=>fixed:anything']);
    expect(await answer(rules, 'abc')).toBe('regex first');
    expect(await answer(rules, 'bcd')).toBe('anything');
    expect(ruleHits(rules)).toEqual({ rules: [1, 0, 1], fallback: 0 });
    resetRuleHits(rules);
    expect(ruleHits(rules)).toEqual({ rules: [0, 0, 0], fallback: 0 });
  });

  it('a literal rule before every regex answers at once, without the matcher', () => {
    const rules = list(['exact:quick=>fixed:now', 'regex:x=>echo']);
    const d = decide(rules, encodeText('quick'));
    expect(d.kind === 'done' && d.outcome.ok && decodeText(d.outcome.answer!.reply)).toBe('now');
    // Only regex rules before the first literal hit are asked about.
    const later = list(['regex:^q=>fixed:r', 'exact:quick=>fixed:now', 'regex:k=>echo']);
    const asked = decide(later, encodeText('quick'));
    expect(asked.kind === 'regex' && asked.query.patterns.map((p) => p.source)).toEqual(['^q']);
  });

  it('hex: matches when the message bytes equal the given bytes; replies bytes', async () => {
    const rules = list(['hex:02 01 03=>hex:06', 'hex:=>hex:15 $0']);
    const reply = async (m: Uint8Array) => {
      const o = await respond(rules, m, inProcess);
      return o.ok ? o.answer?.reply : o.problem;
    };
    expect(await reply(bytes(2, 1, 3))).toEqual(bytes(6));
    expect(await reply(bytes(2, 1, 3, 0))).toBeUndefined();
    expect(await reply(bytes())).toEqual(bytes(0x15));
  });

  it('fills $0-$9 from the regex groups ($0: the whole match), $$ is a "$", a group that did not take part is empty', async () => {
    const rules = list(['regex:^GET (\\S+)(?: (HTTP/1\\.\\d))?=>fixed:[$0] path=$1 v=$2 $$9\\r\\n']);
    expect(await answer(rules, 'GET /index.html HTTP/1.1')).toBe('[GET /index.html HTTP/1.1] path=/index.html v=HTTP/1.1 $9\r\n');
    expect(await answer(rules, 'GET /a')).toBe('[GET /a] path=/a v= $9\r\n');
  });

  it('$0 in a literal rule is the whole message, bytes as they came', async () => {
    const rules = list(['prefix:=>fixed:<$0>']);
    const o = await respond(rules, bytes(0xff, 0x00), inProcess);
    expect(o.ok && o.answer?.reply).toEqual(bytes(0x3c, 0xff, 0x00, 0x3e));
  });

  it('echo, upper, prefix with groups; delay and close come with the answer', async () => {
    const rules = list(['exact:e=>echo @delay=7', 'exact:u=>upper @close', 'regex:^(\\S+)=>prefix:$1> ']);
    const o = await respond(rules, encodeText('e'), inProcess);
    expect(o).toEqual({ ok: true, answer: { reply: encodeText('e'), delayMs: 7, close: false, ruleIndex: 0 } });
    const u = await respond(rules, encodeText('u'), inProcess);
    expect(u.ok && u.answer).toMatchObject({ close: true, ruleIndex: 1 });
    expect(await answer(rules, 'straße')).toBe('straße> straße');
    expect(await answer(list(['contains:=>upper']), 'straße 안녕')).toBe('STRASSE 안녕');
  });

  it("the fallback (today's single reply) answers what no rule matches, $ as plain text", async () => {
    const modes: [FallbackReply, string | null][] = [
      [{ mode: 'none', text: '', closeAfterReply: false }, null],
      [{ mode: 'echo', text: '', closeAfterReply: false }, 'other'],
      [{ mode: 'upper', text: '', closeAfterReply: false }, 'OTHER'],
      [{ mode: 'prefix', text: 'ACK $1 ', closeAfterReply: false }, 'ACK $1 other'],
      [{ mode: 'fixed', text: 'no\\r\\n', closeAfterReply: true }, 'no\r\n'],
    ];
    for (const [fallback, expected] of modes) {
      const rules = list(['exact:ping=>fixed:pong'], fallback);
      expect(await answer(rules, 'ping')).toBe('pong');
      expect(await answer(rules, 'other'), fallback.mode).toBe(expected);
    }
    const closing = list([], { mode: 'fixed', text: 'bye', closeAfterReply: true });
    const o = await respond(closing, encodeText('x'), inProcess);
    expect(o.ok && o.answer).toMatchObject({ close: true, ruleIndex: -1, delayMs: 0 });
    expect(ruleHits(closing).fallback).toBe(1);
  });

  it('text for regexes comes from the codec the list was compiled with', async () => {
    const latin1 = {
      decode: (b: Uint8Array) => String.fromCharCode(...b),
      encode: (t: string) => Uint8Array.from(t, (c) => c.charCodeAt(0)),
    };
    const r = compileRules(['regex:^caf(.)$=>fixed:[$1]'], null, latin1);
    if (!r.ok) throw new Error();
    const o = await respond(r.rules, bytes(0x63, 0x61, 0x66, 0xe9), inProcess);
    expect(o.ok && o.answer?.reply).toEqual(bytes(0x5b, 0xe9, 0x5d));
  });

  it('a regex stopped at its deadline or failing is a problem naming the rule, and nothing is sent', async () => {
    const rules = list(['exact:x=>echo', 'regex:^(a+)+$=>echo']);
    const stopped: RegexMatcher = async (): Promise<RegexVerdict> => ({ ok: false, reason: 'timeout', pattern: 0, deadlineMs: 100 });
    const outcome: RuleOutcome = await respond(rules, encodeText('aaaa!'), stopped);
    expect(outcome).toEqual({
      ok: false,
      ruleIndex: 1,
      problem: { key: 'ruleRegexTimeout', params: { rule: 2, pattern: '^(a+)+$', ms: 100 } },
    });
    expect(problemText((outcome as { problem: Parameters<typeof problemText>[0] }).problem)).toContain(
      'Rule 2: the regular expression /^(a+)+$/ ran longer than 100 ms on a message and was stopped, so nothing was sent.',
    );
    const failed: RegexMatcher = async () => ({ ok: false, reason: 'failed', pattern: 0, detail: 'Maximum call stack size exceeded' });
    expect(await respond(rules, encodeText('a'), failed)).toMatchObject({ ok: false, problem: { key: 'ruleRegexFailed' } });
    expect(ruleHits(rules).rules).toEqual([0, 0]);
  });
});
