// Rule-based auto-reply: an ordered list of MATCH=>REPLY rules, parsed once (text or table form), answering each message with the first rule that matches.
// Runs anywhere (no node:*): regular expressions are matched by an injected RegexMatcher, which the
// engine backs with a worker thread so a runaway pattern can be stopped (pipeline/regex-runner.ts).
import { decodeStrictUtf8, decodeText, encodeText, parseEscaped, parseHex, type EncodeResult, type LiteralEncoder } from './codec';
import type { Problem } from './problems';
import { quoteInput } from './quote-input';

export const matchKinds = ['exact', 'prefix', 'contains', 'suffix', 'regex', 'hex'] as const;
export type MatchKind = (typeof matchKinds)[number];
export const replyKinds = ['echo', 'upper', 'prefix', 'fixed', 'hex'] as const;
export type ReplyKind = (typeof replyKinds)[number];

/** The longest delay a rule may ask for (ten minutes). */
export const maxRuleDelayMs = 600_000;
/** The most rules one list may hold: a list is a teaching tool, not a routing table. */
export const maxRules = 1000;

/**
 * A rule as the window's rules table holds it (JSON-friendly). Values are as typed: escaped text
 * (\r \n \xHH) for exact/prefix/contains/suffix and for prefix/fixed replies, a JavaScript pattern
 * for regex, hex digits for hex; echo and upper take ''.
 */
export interface RuleForm {
  match: { kind: MatchKind; value: string };
  reply: { kind: ReplyKind; value: string };
  delayMs: number;
  close: boolean;
}

/** The same shape before its kinds are checked: what a JSON payload or the text syntax gives. */
export interface LooseRuleForm {
  match: { kind: string; value: string };
  reply: { kind: string; value: string };
  delayMs: number;
  close: boolean;
}

/** A regular expression as the matcher receives it: compiled once on this side to check it, run elsewhere. */
export interface RegexPattern {
  source: string;
  flags: string;
  /** Capturing groups in the pattern (not counting $0). */
  groupCount: number;
}

/** One piece of a reply: bytes as they are, or the text of a group ($0-$9). */
type TemplatePart = Uint8Array | number;

type CompiledMatch =
  { kind: 'exact' | 'prefix' | 'contains' | 'suffix' | 'hex'; bytes: Uint8Array } | { kind: 'regex'; pattern: RegexPattern };

type CompiledReply = { kind: 'echo' | 'upper' } | { kind: 'prefix' | 'fixed' | 'hex'; template: TemplatePart[] };

/** A rule parsed once: its table form (normalized, for showing and editing back) and what it runs. */
export interface Rule {
  readonly form: RuleForm;
  readonly match: CompiledMatch;
  readonly reply: CompiledReply;
}

/** Today's single auto-reply (`--reply`), which answers what no rule matches. Same shape as the contract's AutoReplyRule. */
export interface FallbackReply {
  mode: 'none' | 'echo' | 'upper' | 'prefix' | 'fixed';
  /** Escaped text for prefix and fixed, sent as is ($ has no meaning here, as before rules existed). */
  text: string;
  closeAfterReply: boolean;
}

/** How message bytes become the text regular expressions see, and group text becomes bytes again. */
export interface TextCodec {
  decode(bytes: Uint8Array): string;
  encode(text: string): Uint8Array;
}

export const utf8Codec: TextCodec = { decode: decodeText, encode: encodeText };

/** A compiled list: rules in order, the fallback, the codec, and how often each answered. */
export interface RuleList {
  readonly rules: readonly Rule[];
  readonly fallback: { bytes: Uint8Array; fallback: FallbackReply } | null;
  readonly codec: TextCodec;
  /** Hits per rule, same order; `fallbackHits` for the fallback. Counted when a rule answers. */
  readonly hits: number[];
  fallbackHits: number;
}

/** Which part of a rule a problem is about, so the window can place it at the right cell. */
export type RulePart = 'rule' | 'match' | 'reply' | 'options';

export type RuleFailure = { ok: false; problem: Problem; index: number; part: RulePart };
export type RuleResult = { ok: true; rule: Rule } | RuleFailure;
export type FormResult = { ok: true; form: LooseRuleForm } | RuleFailure;
export type CompileResult = { ok: true; rules: RuleList } | RuleFailure;

/** What a rule list answers to one message. `ruleIndex` is -1 for the fallback. */
export interface RuleAnswer {
  reply: Uint8Array;
  delayMs: number;
  close: boolean;
  ruleIndex: number;
}

/** A reply (or none), or a problem to report as an error event (a regex stopped at its deadline). */
export type RuleOutcome = { ok: true; answer: RuleAnswer | null } | { ok: false; problem: Problem; ruleIndex: number };

/** Regular expressions to try on one text, in order; the first that matches wins. */
export interface RegexQuery {
  text: string;
  patterns: readonly RegexPattern[];
}

/** `hit`: index into the query's patterns, or -1. On failure, `pattern` is the one that ran too long or threw. */
export type RegexVerdict =
  | { ok: true; hit: number; groups: readonly (string | null)[] }
  | { ok: false; reason: 'timeout'; pattern: number; deadlineMs: number }
  | { ok: false; reason: 'failed'; pattern: number; detail: string };

export type RegexMatcher = (query: RegexQuery) => Promise<RegexVerdict>;

/** Answered here and now (no regex needed), or a query for the matcher and how to finish once it answers. */
export type Decision =
  { kind: 'done'; outcome: RuleOutcome } | { kind: 'regex'; query: RegexQuery; finish: (verdict: RegexVerdict) => RuleOutcome };

// ---------- the text syntax: MATCH=>REPLY[ @delay=MS][ @close] ----------

const fail = (problem: Problem, index: number, part: RulePart): RuleFailure => ({ ok: false, problem, index, part });

/** True when the character at `at` is escaped: an odd number of backslashes right before it. */
function escapedAt(text: string, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && text[at - n - 1] === '\\') n++;
  return n % 2 === 1;
}

/** Where the first "=>" that is not written "\=>" starts, or -1. */
function findArrow(text: string): number {
  for (let at = text.indexOf('=>'); at !== -1; at = text.indexOf('=>', at + 1)) if (!escapedAt(text, at)) return at;
  return -1;
}

/** "\=>" becomes "=>" (a backslash before it that is itself escaped, as in "\\=>", is left alone). */
function unescapeArrows(value: string): string {
  let out = '';
  let from = 0;
  for (let at = value.indexOf('\\=>'); at !== -1; at = value.indexOf('\\=>', at + 1)) {
    if (escapedAt(value, at)) continue;
    out += value.slice(from, at);
    from = at + 1;
  }
  return out + value.slice(from);
}

/** One option at the end of the reply part: blanks, "@", a word, maybe blanks after it. */
const trailingOption = /[ \t]+@(\S*)[ \t]*$/;

/** "kind:value", or a bare "kind" with an empty value. */
function splitKind(part: string): { kind: string; value: string } {
  const colon = part.indexOf(':');
  return colon === -1 ? { kind: part, value: '' } : { kind: part.slice(0, colon), value: part.slice(colon + 1) };
}

/** Peels ` @close` and ` @delay=MS` off the end of the reply part. */
function takeOptions(replyPart: string, index: number): { ok: true; rest: string; delayMs: number; close: boolean } | RuleFailure {
  let rest = replyPart;
  let delay: string | null = null;
  let close = false;
  for (let m = trailingOption.exec(rest); m; m = trailingOption.exec(rest)) {
    const option = `@${m[1]!}`;
    rest = rest.slice(0, m.index);
    const rule = index + 1;
    const seen = option === '@close' ? close : option.startsWith('@delay=') ? delay !== null : null;
    if (seen === null) return fail({ key: 'ruleBadOption', params: { rule, option: quoteInput(option) } }, index, 'options');
    if (seen)
      return fail(
        { key: 'ruleRepeatedOption', params: { rule, option: option.startsWith('@delay=') ? '@delay' : option } },
        index,
        'options',
      );
    if (option === '@close') close = true;
    else delay = option.slice('@delay='.length);
  }
  if (delay === null) return { ok: true, rest, delayMs: 0, close };
  const delayMs = /^\d{1,9}$/.test(delay) ? Number(delay) : NaN;
  if (Number.isNaN(delayMs)) return fail(delayProblem(delay, index), index, 'options');
  return { ok: true, rest, delayMs, close };
}

const delayProblem = (delay: string | number, index: number): Problem => ({
  key: 'ruleDelayRange',
  params: { rule: index + 1, delay: quoteInput(String(delay)), max: maxRuleDelayMs },
});

/**
 * The text syntax cut into its parts, kinds not yet checked. The MATCH ends at the first "=>" not
 * written "\=>"; options are trailing " @" words. Blanks elsewhere are part of the values: a reply
 * prefix "ACK : " keeps its space, so "exact:a => echo" is refused (reply kind " echo"), not guessed at.
 */
export function splitRuleText(text: string, index: number): FormResult {
  const arrow = findArrow(text);
  if (arrow === -1) return fail({ key: 'ruleNoArrow', params: { rule: index + 1 } }, index, 'rule');
  const options = takeOptions(text.slice(arrow + 2), index);
  if (!options.ok) return options;
  const match = splitKind(text.slice(0, arrow).replace(/^[ \t]+/, ''));
  const reply = splitKind(options.rest);
  return { ok: true, form: { match, reply, delayMs: options.delayMs, close: options.close } };
}

/** One rule in the text syntax, e.g. `regex:^GET (\S+)=>fixed:got $1\r\n @delay=50`. `index` counts from 0. */
export function parseRule(text: string, index = 0, literal?: LiteralEncoder): RuleResult {
  const split = splitRuleText(text, index);
  return split.ok ? parseRuleForm(split.form, index, literal) : split;
}

// ---------- the table form: the one place a rule is checked ----------

const isMatchKind = (kind: string): kind is MatchKind => (matchKinds as readonly string[]).includes(kind);
const isReplyKind = (kind: string): kind is ReplyKind => (replyKinds as readonly string[]).includes(kind);

/**
 * A rule from its table form (or from the text syntax, which comes here too). `literal` writes the
 * typed text of matches and replies in the session's encoding (absent: UTF-8); \xHH stays one byte.
 */
export function parseRuleForm(loose: LooseRuleForm, index = 0, literal?: LiteralEncoder): RuleResult {
  const rule = index + 1;
  const { kind: matchKind } = loose.match;
  const { kind: replyKind } = loose.reply;
  if (!isMatchKind(matchKind)) return fail({ key: 'ruleUnknownMatch', params: { rule, kind: quoteInput(matchKind) } }, index, 'match');
  if (!isReplyKind(replyKind)) return fail({ key: 'ruleUnknownReply', params: { rule, kind: quoteInput(replyKind) } }, index, 'reply');
  const { delayMs, close } = loose;
  if (!Number.isSafeInteger(delayMs) || delayMs < 0 || delayMs > maxRuleDelayMs)
    return fail(delayProblem(delayMs, index), index, 'options');
  const form: RuleForm = {
    match: { kind: matchKind, value: unescapeArrows(loose.match.value) },
    reply: { kind: replyKind, value: unescapeArrows(loose.reply.value) },
    delayMs,
    close: close === true,
  };
  const match = compileMatch(form.match, index, literal);
  if (!match.ok) return match;
  const reply = compileReply(form.reply, match.match, index, literal);
  if (!reply.ok) return reply;
  return { ok: true, rule: { form, match: match.match, reply: reply.reply } };
}

function compileMatch(m: RuleForm['match'], index: number, literal?: LiteralEncoder): { ok: true; match: CompiledMatch } | RuleFailure {
  if (m.kind === 'regex') {
    const pattern = compilePattern(m.value, index);
    return pattern.ok ? { ok: true, match: { kind: 'regex', pattern: pattern.pattern } } : pattern;
  }
  const parsed = m.kind === 'hex' ? parseHex(m.value) : parseEscaped(m.value, literal);
  if (!parsed.ok) return fail(parsed.error.problem, index, 'match');
  return { ok: true, match: { kind: m.kind, bytes: parsed.bytes } };
}

/** JavaScript syntax, no flags; compiled here only to refuse a broken pattern at once and count its groups. */
function compilePattern(source: string, index: number): { ok: true; pattern: RegexPattern } | RuleFailure {
  let groupCount: number;
  try {
    new RegExp(source);
    // An empty alternative matches '', so exec returns every group: the count without parsing the pattern.
    // Inside the try: a pattern near the engine's size limit can pass alone and fail wrapped.
    groupCount = new RegExp(`(?:${source})|`).exec('')!.length - 1;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(
      { key: 'ruleBadRegex', params: { rule: index + 1, pattern: quoteInput(source), detail: quoteInput(detail, 120) } },
      index,
      'match',
    );
  }
  return { ok: true, pattern: { source, flags: '', groupCount } };
}

function compileReply(
  r: RuleForm['reply'],
  match: CompiledMatch,
  index: number,
  literal?: LiteralEncoder,
): { ok: true; reply: CompiledReply } | RuleFailure {
  if (r.kind === 'echo' || r.kind === 'upper') {
    if (r.value !== '') return fail({ key: 'ruleReplyTakesNoText', params: { rule: index + 1, kind: r.kind } }, index, 'reply');
    return { ok: true, reply: { kind: r.kind } };
  }
  const template = parseTemplate(r.value, r.kind === 'hex' ? parseHex : (text) => parseEscaped(text, literal), index);
  if (!template.ok) return template;
  const groups = match.kind === 'regex' ? match.pattern.groupCount : 0;
  for (const part of template.parts) {
    if (typeof part !== 'number' || part <= groups) continue;
    const rule = index + 1;
    const problem: Problem =
      match.kind === 'regex'
        ? { key: 'ruleNoSuchGroup', params: { rule, group: part, count: groups } }
        : { key: 'ruleGroupsNeedRegex', params: { rule, group: part } };
    return fail(problem, index, 'reply');
  }
  return { ok: true, reply: { kind: r.kind, template: template.parts } };
}

const dollarByte = new Uint8Array([0x24]);

/** A reply value cut at $0-$9 and $$; the literal pieces between are parsed (escaped text or hex). */
function parseTemplate(
  value: string,
  literal: (s: string) => EncodeResult,
  index: number,
): { ok: true; parts: TemplatePart[] } | RuleFailure {
  const parts: TemplatePart[] = [];
  let piece = '';
  const flush = (): RuleFailure | null => {
    if (piece === '') return null;
    const parsed = literal(piece);
    piece = '';
    if (!parsed.ok) return fail(parsed.error.problem, index, 'reply');
    parts.push(parsed.bytes);
    return null;
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== '$') {
      piece += c;
      continue;
    }
    const next = value[i + 1];
    if (next === '$') {
      const failed = flush();
      if (failed) return failed;
      parts.push(dollarByte);
    } else if (next !== undefined && next >= '0' && next <= '9') {
      const failed = flush();
      if (failed) return failed;
      parts.push(Number(next));
    } else {
      const dollar = next === undefined ? '$' : `$${next}`;
      return fail({ key: 'ruleBadDollar', params: { rule: index + 1, dollar, position: i + 1 } }, index, 'reply');
    }
    i++;
  }
  const failed = flush();
  return failed ?? { ok: true, parts };
}

// ---------- back to text and to the table ----------

/** Blanks that end a reply followed by options would be taken for the space before "@": written as escapes, they stay. */
function protectTail(value: string, kind: ReplyKind): string {
  const run = /[ \t]+$/.exec(value);
  if (!run) return value;
  if (kind === 'hex') return value.slice(0, run.index); // blanks between hex bytes mean nothing
  // A first blank escaped by a backslash (a regex "a\ ") is no blank to the option reader.
  const keep = escapedAt(value, run.index) ? run.index + 1 : run.index;
  return value.slice(0, keep) + value.slice(keep).replace(/ /g, '\\x20').replace(/\t/g, '\\t');
}

/** An "@word" ending the reply would be read as an option: its "@" is written \x40 (the same byte). */
const protectOptionLike = (value: string): string => value.replace(/([ \t])@(\S*)([ \t]*)$/, '$1\\x40$2$3');

/** Every "=>" that would end the MATCH is written "\=>". */
function escapeArrows(value: string): string {
  let out = '';
  let from = 0;
  for (let at = value.indexOf('=>'); at !== -1; at = value.indexOf('=>', at + 1)) {
    if (escapedAt(value, at)) continue;
    out += `${value.slice(from, at)}\\`;
    from = at;
  }
  return out + value.slice(from);
}

/** The rule in the text syntax: parseRule(formatRule(r)) gives the same rule again. */
export function formatRule(rule: Rule): string {
  const { match, reply, delayMs, close } = rule.form;
  let text = `${match.kind}:${escapeArrows(match.value)}=>`;
  const options = delayMs > 0 || close;
  if (reply.kind === 'echo' || reply.kind === 'upper') text += reply.kind;
  else text += `${reply.kind}:${protectOptionLike(options ? protectTail(reply.value, reply.kind) : reply.value)}`;
  if (delayMs > 0) text += ` @delay=${delayMs}`;
  if (close) text += ' @close';
  return text;
}

/** The rule's table form (a copy, safe to edit). */
export function ruleToForm(rule: Rule): RuleForm {
  const { match, reply, delayMs, close } = rule.form;
  return { match: { ...match }, reply: { ...reply }, delayMs, close };
}

// ---------- a whole list ----------

/**
 * Rules in order (text syntax or table form, mixed as they come) plus the fallback reply, checked
 * once. The first failure is answered with its rule index (-1: the fallback).
 */
export function compileRules(
  inputs: readonly (string | LooseRuleForm)[],
  fallback: FallbackReply | null = null,
  codec: TextCodec = utf8Codec,
  literal?: LiteralEncoder,
): CompileResult {
  if (inputs.length > maxRules) return fail({ key: 'ruleTooMany', params: { max: maxRules, count: inputs.length } }, maxRules, 'rule');
  const rules: Rule[] = [];
  for (const [index, input] of inputs.entries()) {
    const parsed = typeof input === 'string' ? parseRule(input, index, literal) : parseRuleForm(input, index, literal);
    if (!parsed.ok) return parsed;
    rules.push(parsed.rule);
  }
  const compiled = compileFallback(fallback, literal);
  if (!compiled.ok) return compiled;
  return { ok: true, rules: { rules, fallback: compiled.fallback, codec, hits: rules.map(() => 0), fallbackHits: 0 } };
}

function compileFallback(
  fallback: FallbackReply | null,
  literal?: LiteralEncoder,
): { ok: true; fallback: RuleList['fallback'] } | RuleFailure {
  if (fallback === null || fallback.mode === 'none') return { ok: true, fallback: null };
  if (fallback.mode !== 'prefix' && fallback.mode !== 'fixed') return { ok: true, fallback: { bytes: new Uint8Array(0), fallback } };
  const parsed = parseEscaped(fallback.text, literal);
  return parsed.ok ? { ok: true, fallback: { bytes: parsed.bytes, fallback } } : fail(parsed.error.problem, -1, 'reply');
}

/** Hits per rule and for the fallback, as the window shows them. */
export function ruleHits(list: RuleList): { rules: number[]; fallback: number } {
  return { rules: [...list.hits], fallback: list.fallbackHits };
}

export function resetRuleHits(list: RuleList): void {
  list.hits.fill(0);
  list.fallbackHits = 0;
}

// ---------- answering a message ----------

function literalMatches(match: Exclude<CompiledMatch, { kind: 'regex' }>, message: Uint8Array): boolean {
  const needle = match.bytes;
  switch (match.kind) {
    case 'exact':
    case 'hex':
      return message.length === needle.length && bytesAt(message, needle, 0);
    case 'prefix':
      return message.length >= needle.length && bytesAt(message, needle, 0);
    case 'suffix':
      return message.length >= needle.length && bytesAt(message, needle, message.length - needle.length);
    case 'contains':
      return indexOfBytes(message, needle) !== -1;
  }
}

function bytesAt(haystack: Uint8Array, needle: Uint8Array, at: number): boolean {
  for (let k = 0; k < needle.length; k++) if (haystack[at + k] !== needle[k]) return false;
  return true;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return 0;
  const last = haystack.length - needle.length;
  for (let at = haystack.indexOf(needle[0]!); at !== -1 && at <= last; at = haystack.indexOf(needle[0]!, at + 1)) {
    if (bytesAt(haystack, needle, at)) return at;
  }
  return -1;
}

/**
 * What the list answers to one message, without waiting when it can: literal rules (and hex) are
 * tried here; only regex rules before the first literal hit go to the matcher, all in one query.
 */
export function decide(list: RuleList, message: Uint8Array): Decision {
  const { rules } = list;
  const candidates: number[] = [];
  let literalHit = -1;
  for (let i = 0; i < rules.length; i++) {
    const match = rules[i]!.match;
    if (match.kind === 'regex') candidates.push(i);
    else if (literalMatches(match, message)) {
      literalHit = i;
      break;
    }
  }
  if (candidates.length === 0) return { kind: 'done', outcome: answerWith(list, literalHit, message, null) };
  const query: RegexQuery = { text: list.codec.decode(message), patterns: candidates.map((i) => regexOf(rules[i]!)) };
  const finish = (verdict: RegexVerdict): RuleOutcome => {
    if (!verdict.ok) return regexProblem(list, candidates[verdict.pattern]!, verdict);
    if (verdict.hit === -1) return answerWith(list, literalHit, message, null);
    return answerWith(list, candidates[verdict.hit]!, message, verdict.groups);
  };
  return { kind: 'regex', query, finish };
}

/** decide(), then the matcher when a regex must run. */
export async function respond(list: RuleList, message: Uint8Array, matcher: RegexMatcher): Promise<RuleOutcome> {
  const decision = decide(list, message);
  if (decision.kind === 'done') return decision.outcome;
  return decision.finish(await matcher(decision.query));
}

function regexOf(rule: Rule): RegexPattern {
  if (rule.match.kind !== 'regex') throw new Error('not a regex rule');
  return rule.match.pattern;
}

function regexProblem(list: RuleList, ruleIndex: number, verdict: Extract<RegexVerdict, { ok: false }>): RuleOutcome {
  const rule = ruleIndex + 1;
  const pattern = quoteInput(regexOf(list.rules[ruleIndex]!).source);
  const problem: Problem =
    verdict.reason === 'timeout'
      ? { key: 'ruleRegexTimeout', params: { rule, pattern, ms: verdict.deadlineMs } }
      : { key: 'ruleRegexFailed', params: { rule, pattern, detail: quoteInput(verdict.detail, 120) } };
  return { ok: false, problem, ruleIndex };
}

/** The answer of rule `index` (-1: the fallback, or nothing), its hit counted. */
function answerWith(list: RuleList, index: number, message: Uint8Array, groups: readonly (string | null)[] | null): RuleOutcome {
  if (index === -1) return { ok: true, answer: fallbackAnswer(list, message) };
  list.hits[index]!++;
  const rule = list.rules[index]!;
  const reply = buildReply(rule.reply, message, groups, list.codec);
  return { ok: true, answer: { reply, delayMs: rule.form.delayMs, close: rule.form.close, ruleIndex: index } };
}

function fallbackAnswer(list: RuleList, message: Uint8Array): RuleAnswer | null {
  if (list.fallback === null) return null;
  list.fallbackHits++;
  const { bytes, fallback } = list.fallback;
  const close = fallback.closeAfterReply;
  const mode = fallback.mode as Exclude<FallbackReply['mode'], 'none'>;
  const reply = mode === 'echo' ? message : mode === 'upper' ? toUpperCase(message) : mode === 'prefix' ? concat([bytes, message]) : bytes;
  return { reply, delayMs: 0, close, ruleIndex: -1 };
}

function buildReply(reply: CompiledReply, message: Uint8Array, groups: readonly (string | null)[] | null, codec: TextCodec): Uint8Array {
  switch (reply.kind) {
    case 'echo':
      return message;
    case 'upper':
      return toUpperCase(message);
    case 'prefix':
      return concat([...expand(reply.template, message, groups, codec), message]);
    case 'fixed':
    case 'hex':
      return concat(expand(reply.template, message, groups, codec));
  }
}

/** Template parts to bytes: $n is a regex group (absent: empty), or $0 the whole message for literal rules. */
function expand(
  template: readonly TemplatePart[],
  message: Uint8Array,
  groups: readonly (string | null)[] | null,
  codec: TextCodec,
): Uint8Array[] {
  return template.map((part) => {
    if (typeof part !== 'number') return part;
    if (groups === null) return message;
    return codec.encode(groups[part] ?? '');
  });
}

/** Unicode upper case when the bytes are UTF-8 text (as the single auto-reply does); otherwise ASCII only, so binary survives. */
function toUpperCase(bytes: Uint8Array): Uint8Array {
  const text = decodeStrictUtf8(bytes);
  if (text !== null) return encodeText(text.toUpperCase());
  return bytes.map((b) => (b >= 0x61 && b <= 0x7a ? b - 0x20 : b));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
