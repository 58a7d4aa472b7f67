// Macros in repeated sends: {{counter}}, {{time}}, {{unixtime}} and {{random:N}} in a text or escaped
// message, parsed once when the repeat starts and expanded for each send. Runs anywhere (no node:*).
import type { Problem } from './problems';

export type MacroPart =
  | { kind: 'text'; text: string }
  /** 1 for the first send of a repeat, 2 for the next... */
  | { kind: 'counter' }
  /** The local time of the send, as the log shows it: 14:02:03.123. */
  | { kind: 'time' }
  /** Whole seconds since 1970-01-01 UTC. */
  | { kind: 'unixtime' }
  /** A whole number from 0 to max - 1, drawn again for each send. */
  | { kind: 'random'; max: number };

export type MacroTemplate = readonly MacroPart[];
export type MacroResult = { ok: true; template: MacroTemplate } | { ok: false; problem: Problem; position: number };

export const macroNames = ['counter', 'time', 'unixtime', 'random:N'] as const;
/** The largest N of {{random:N}}: every whole number up to it is exact in a double. */
export const maxRandom = Number.MAX_SAFE_INTEGER;

const macroPattern = /\{\{([^{}]*)\}\}/g;

/** Splits `text` into literal text and macros; an unknown or malformed {{...}} is a problem at its position (1-based). */
export function parseMacros(text: string): MacroResult {
  const parts: MacroPart[] = [];
  let last = 0;
  for (const m of text.matchAll(macroPattern)) {
    const at = m.index;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    const name = m[1]!.trim();
    const part = macroPart(name);
    if (!part) {
      const random = /^random:(.*)$/.exec(name);
      const problem: Problem = random
        ? { key: 'macroRandomRange', params: { macro: m[0], position: at + 1, example: '{{random:100}}' } }
        : { key: 'macroUnknown', params: { macro: m[0], position: at + 1, known: macroNames.map((n) => `{{${n}}}`).join(', ') } };
      return { ok: false, problem, position: at };
    }
    parts.push(part);
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return { ok: true, template: parts };
}

function macroPart(name: string): MacroPart | null {
  if (name === 'counter' || name === 'time' || name === 'unixtime') return { kind: name };
  const random = /^random:(\d+)$/.exec(name);
  if (!random) return null;
  const max = Number(random[1]);
  return Number.isSafeInteger(max) && max >= 1 && max <= maxRandom ? { kind: 'random', max } : null;
}

/** Whether the template changes from one send to the next (a repeat without macros sends the same bytes each time). */
export const hasMacros = (template: MacroTemplate): boolean => template.some((p) => p.kind !== 'text');

export interface MacroContext {
  /** 1-based number of this send in the repeat. */
  counter: number;
  now: Date;
  /** A number in [0, 1): Math.random unless a test fixes it. */
  random?: () => number;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The message of one send, every macro replaced. */
export function expandMacros(template: MacroTemplate, context: MacroContext): string {
  const random = context.random ?? Math.random;
  let out = '';
  for (const part of template) {
    switch (part.kind) {
      case 'text':
        out += part.text;
        break;
      case 'counter':
        out += String(context.counter);
        break;
      case 'time': {
        const d = context.now;
        out += `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
        break;
      }
      case 'unixtime':
        out += String(Math.floor(context.now.getTime() / 1000));
        break;
      case 'random':
        out += String(Math.floor(random() * part.max));
        break;
    }
  }
  return out;
}
