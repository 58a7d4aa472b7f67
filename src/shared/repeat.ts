// Repeated sends (the window's Repeat control; the engine runs them): their limits, their progress as
// every window learns it with the session, and the checks of a payload template. No zod here.
import { encodePayload, type PayloadFormat } from './codec';
import { parseMacros, type MacroTemplate } from './macros';
import type { Problem } from './problems';

/** The pause between two sends a person may ask for: 1 ms to an hour. */
export const repeatEveryRange = { min: 1, max: 3_600_000 } as const;
/** Sends in one repeat (null: until stopped). */
export const maxRepeatTimes = 1_000_000;

export type RepeatState = 'running' | 'done' | 'stopped' | 'failed';

/** One repeat of a session, running or ended (the latest stays until the next starts). */
export interface RepeatInfo {
  id: string;
  state: RepeatState;
  /** Sends that went out so far. */
  sent: number;
  /** Sends asked for; null: until stopped. */
  times: number | null;
  everyMs: number;
  /** When the next send is due (ms since the epoch), while it runs. */
  nextAt: number | null;
  startedAt: number;
  endedAt: number | null;
  /** Why it stopped early: the send that failed. */
  error: { code: string; message: string; problem: Problem } | null;
}

export type TemplateResult = { ok: true; template: MacroTemplate | null } | { ok: false; problem: Problem; position: number };

/**
 * A repeat's payload checked once: macros in text and escaped text (hex has none), then the text
 * between them as the format reads it (a bad escape is found at its own position: a macro holds no
 * backslash). The template is null for hex, whose bytes are the same each time.
 */
export function parseRepeatPayload(payload: string, format: PayloadFormat): TemplateResult {
  if (format !== 'hex') {
    const macros = parseMacros(payload);
    if (!macros.ok) return macros;
    const encoded = encodePayload(payload, format);
    if (!encoded.ok) return { ok: false, problem: encoded.error.problem, position: encoded.error.position };
    return { ok: true, template: macros.template };
  }
  const encoded = encodePayload(payload, 'hex');
  return encoded.ok ? { ok: true, template: null } : { ok: false, problem: encoded.error.problem, position: encoded.error.position };
}
