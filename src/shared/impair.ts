// Simulated network problems for UDP (loss, duplicates, delay + jitter, reorder, per direction, a seed):
// the settings, their spec string as the CLI takes it ("loss=30%,seed=7", "in:loss=10%;out:delay=100"),
// parsed into keyed problems naming the bad part, and described back in one line.
import type { Problem } from './problems';
import { quoteInput } from './quote-input';

/** What happens to the datagrams of one direction: percentages 0 to 100, times in milliseconds. */
export interface ImpairDirection {
  loss: number;
  dup: number;
  reorder: number;
  delay: number;
  jitter: number;
}

/** Both directions (null: that direction untouched) and the seed every decision is drawn from. */
export interface ImpairSettings {
  seed: number;
  in: ImpairDirection | null;
  out: ImpairDirection | null;
}

export type ImpairWay = 'in' | 'out';

/** What was done to one direction's datagrams so far. */
export interface ImpairCounts {
  dropped: number;
  duplicated: number;
  reordered: number;
  delayed: number;
}

/** A UDP session's simulated problems as SessionInfo shows them: the settings (null: off now) and the counts. */
export interface ImpairInfo {
  settings: ImpairSettings | null;
  /** The settings as a spec ("" when off). */
  spec: string;
  in: ImpairCounts;
  out: ImpairCounts;
}

/** The largest delay and jitter: a datagram is never held longer than their sum (close waits that long at most). */
export const maxImpairDelayMs = 5000;
export const maxImpairSeed = 0xffffffff;
/** The seed when none is given: a demo replays the same without one. */
export const defaultImpairSeed = 1;

export type ImpairResult = { ok: true; value: ImpairSettings } | { ok: false; problem: Problem };

const percentNames = ['loss', 'dup', 'reorder'] as const;
const msNames = ['delay', 'jitter'] as const;
const settingNames: readonly string[] = [...percentNames, ...msNames, 'seed'];

const fail = (key: Problem['key'], part: string, extra: Record<string, string> = {}): ImpairResult => ({
  ok: false,
  problem: { key, params: { part: quoteInput(part, 80), ...extra } },
});

const blank = (): ImpairDirection => ({ loss: 0, dup: 0, reorder: 0, delay: 0, jitter: 0 });

/** Whether a direction changes anything at all (an all-zero one is kept as null). */
export const impairsAnything = (d: ImpairDirection | null): d is ImpairDirection =>
  d !== null && (d.loss > 0 || d.dup > 0 || d.reorder > 0 || d.delay > 0 || d.jitter > 0);

/** Reads "name=value,name=value" into `into` (and the seed into `seed`); a problem for the first bad part. */
function readSettings(text: string, into: ImpairDirection, seed: { value: number | null }): ImpairResult | null {
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') return fail('impairEmptyPart', text);
    const eq = part.indexOf('=');
    if (eq < 0) return fail('impairNoValue', part);
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (!settingNames.includes(name)) return fail('impairUnknown', part);
    if (seen.has(name)) return fail('impairTwice', part, { name });
    seen.add(name);
    if (name === 'seed') {
      if (!/^\d{1,10}$/.test(value) || Number(value) > maxImpairSeed) return fail('impairSeed', part);
      if (seed.value !== null && seed.value !== Number(value)) return fail('impairTwice', part, { name });
      seed.value = Number(value);
    } else if ((percentNames as readonly string[]).includes(name)) {
      const m = /^(\d{1,3}(?:\.\d{1,3})?)\s*%?$/.exec(value);
      if (!m || Number(m[1]) > 100) return fail('impairPercent', part);
      into[name as (typeof percentNames)[number]] = Number(m[1]);
    } else {
      if (!/^\d{1,5}$/.test(value) || Number(value) > maxImpairDelayMs) return fail('impairMs', part, { max: String(maxImpairDelayMs) });
      into[name as (typeof msNames)[number]] = Number(value);
    }
  }
  return null;
}

/**
 * The spec as the CLI takes it: "loss=30%,dup=5%,delay=50,jitter=20,reorder=10%,seed=7" for both
 * directions, or "in:loss=10%;out:delay=100,jitter=20" for each its own (a seed in either part, or a
 * part of its own: "in:loss=10%;seed=7").
 */
export function parseImpairSpec(spec: string): ImpairResult {
  const text = spec.trim();
  if (text === '') return fail('impairEmpty', spec);
  const seed: { value: number | null } = { value: null };
  const parts = text.split(';').map((p) => p.trim());
  const directed = parts.length > 1 || parts.some((p) => /^[a-z]+\s*:/i.test(p));
  let both: ImpairDirection | null = null;
  const ways: Record<ImpairWay, ImpairDirection | null> = { in: null, out: null };
  for (const part of parts) {
    if (part === '') return fail('impairEmptyPart', text);
    const m = /^([a-z]+)\s*:(.*)$/i.exec(part);
    if (!directed) {
      both = blank();
      const problem = readSettings(part, both, seed);
      if (problem) return problem;
    } else if (m) {
      const way = m[1]!.toLowerCase();
      if (way !== 'in' && way !== 'out') return fail('impairDirection', part);
      if (ways[way] !== null) return fail('impairDirectionTwice', part, { direction: way });
      const d = blank();
      const problem = readSettings(m[2]!, d, seed);
      if (problem) return problem;
      ways[way] = d;
    } else if (/^seed\s*=/i.test(part)) {
      const problem = readSettings(part, blank(), seed);
      if (problem) return problem;
    } else {
      return fail('impairDirection', part);
    }
  }
  const settings: ImpairSettings = {
    seed: seed.value ?? defaultImpairSeed,
    in: both ?? ways.in,
    out: both ? { ...both } : ways.out,
  };
  if (!impairsAnything(settings.in)) settings.in = null;
  if (!impairsAnything(settings.out)) settings.out = null;
  return { ok: true, value: settings };
}

/** One direction in the spec's own words ("loss=30%,delay=50"); only what is set. */
function describeDirection(d: ImpairDirection): string {
  const words: string[] = [];
  if (d.loss > 0) words.push(`loss=${d.loss}%`);
  if (d.dup > 0) words.push(`dup=${d.dup}%`);
  if (d.delay > 0) words.push(`delay=${d.delay}`);
  if (d.jitter > 0) words.push(`jitter=${d.jitter}`);
  if (d.reorder > 0) words.push(`reorder=${d.reorder}%`);
  return words.join(',');
}

/** The settings as a spec that parses back to them ("" when nothing is impaired). */
export function describeImpair(s: ImpairSettings): string {
  const inText = impairsAnything(s.in) ? describeDirection(s.in) : '';
  const outText = impairsAnything(s.out) ? describeDirection(s.out) : '';
  if (inText === '' && outText === '') return '';
  if (inText === outText) return `${inText},seed=${s.seed}`;
  const parts: string[] = [];
  if (inText !== '') parts.push(`in:${inText}`);
  if (outText !== '') parts.push(`out:${outText}`);
  parts.push(`seed=${s.seed}`);
  return parts.join(';');
}
