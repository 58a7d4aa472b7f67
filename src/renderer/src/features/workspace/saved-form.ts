// A session's kept form values read back field by field (a field of the wrong type falls back to its
// default, so a hand-edited or older file never breaks the form), and "host:port" suggestions split.
import { sessionKindList, type SessionKind } from '../../../../shared/kinds';
import { initialForm, type FormValues } from '../connection-form/form-model';

const isKind = (value: unknown): value is SessionKind => typeof value === 'string' && (sessionKindList as string[]).includes(value);

/** A rule row as the Rules table draws it: anything else is dropped rather than drawn wrong. */
const isRuleRow = (row: unknown): boolean => {
  if (typeof row !== 'object' || row === null) return false;
  const r = row as Record<string, unknown>;
  const part = (p: unknown): boolean =>
    typeof p === 'object' &&
    p !== null &&
    typeof (p as Record<string, unknown>)['kind'] === 'string' &&
    typeof (p as Record<string, unknown>)['value'] === 'string';
  return part(r['match']) && part(r['reply']) && typeof r['delayMs'] === 'number' && typeof r['close'] === 'boolean';
};

/** The form values kept for a session, on top of the defaults: only known fields of the expected type. */
export function formFrom(saved: Record<string, unknown>): FormValues {
  const values: Record<string, unknown> = { ...initialForm };
  for (const [key, fallback] of Object.entries(initialForm)) {
    const value = saved[key];
    if (key === 'kind') values[key] = isKind(value) ? value : fallback;
    else if (key === 'rules') values[key] = Array.isArray(value) && value.every(isRuleRow) ? value : fallback;
    else if (typeof value === typeof fallback && !Array.isArray(value)) values[key] = value;
  }
  return values as unknown as FormValues;
}

/** The form values as kept in the file: plain JSON. */
export const formToSave = (values: FormValues): Record<string, unknown> => ({ ...values });

/** "127.0.0.1:9100" or "[::1]:9100" as host and port; null when it is not written so. */
export function splitTarget(target: string): { host: string; port: string } | null {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(target) ?? /^([^:\s]+):(\d{1,5})$/.exec(target);
  return m ? { host: m[1]!, port: m[2]! } : null;
}
