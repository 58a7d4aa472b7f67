// The Network problems form as plain data: its fields (per direction, or both the same, and a seed) turned
// into the spec the CLI takes ("loss=30%,seed=7"), each bad field a keyed problem of the spec's own parser,
// and the session's current settings turned back into fields.
import {
  defaultImpairSeed,
  describeImpair,
  impairsAnything,
  maxImpairDelayMs,
  maxImpairSeed,
  parseImpairSpec,
  type ImpairDirection,
  type ImpairSettings,
  type ImpairWay,
} from '../../../../shared/impair';
import type { Problem } from '../../../../shared/problems';
import { quoteInput } from '../../../../shared/quote-input';

export const impairFieldNames = ['loss', 'dup', 'delay', 'jitter', 'reorder'] as const;
export type ImpairFieldName = (typeof impairFieldNames)[number];
/** Percentages (the rest are milliseconds). */
export const percentFields: readonly ImpairFieldName[] = ['loss', 'dup', 'reorder'];

/** One direction's fields as typed ("" means 0). */
export type DirectionFields = Record<ImpairFieldName, string>;

export type ImpairMode = 'both' | 'each';
/** Where a field's values go: the same for both directions, or each its own. */
export type FieldGroup = 'both' | ImpairWay;

export interface ImpairForm {
  mode: ImpairMode;
  both: DirectionFields;
  in: DirectionFields;
  out: DirectionFields;
  seed: string;
}

/** "both.loss", "in.delay", "seed", or "form" (nothing set at all). */
export type ImpairFieldPath = `${FieldGroup}.${ImpairFieldName}` | 'seed' | 'form';

export type BuiltSpec =
  { ok: true; spec: string; settings: ImpairSettings } | { ok: false; errors: Partial<Record<ImpairFieldPath, Problem>> };

export const emptyFields = (): DirectionFields => ({ loss: '', dup: '', delay: '', jitter: '', reorder: '' });

export const initialImpairForm = (): ImpairForm => ({
  mode: 'both',
  both: emptyFields(),
  in: emptyFields(),
  out: emptyFields(),
  seed: String(defaultImpairSeed),
});

/** A fresh seed for "New seed": any the parser takes (0 to 2^32 - 1). */
export function newSeed(random: () => number = Math.random): string {
  return String(Math.floor(random() * (maxImpairSeed + 1)) % (maxImpairSeed + 1));
}

/**
 * One field checked by the spec's own parser (so its problem is the one the CLI gives), as "name=value".
 * A value that would smuggle in another setting (",", ";", "=" or ":") is refused as a bad value.
 */
function checkField(name: ImpairFieldName | 'seed', value: string): { value: number } | { problem: Problem } {
  const part = `${name}=${value.trim()}`;
  const parsed = /[,;=:]/.test(value) ? null : parseImpairSpec(name === 'seed' ? `loss=0,${part}` : part);
  if (parsed?.ok) {
    if (name === 'seed') return { value: parsed.value.seed };
    // An all-zero direction is kept as null by the parser: that field is 0.
    return { value: parsed.value.in?.[name] ?? 0 };
  }
  if (parsed && parsed.problem.key !== 'impairEmptyPart') return { problem: parsed.problem };
  const key = name === 'seed' ? 'impairSeed' : percentFields.includes(name) ? 'impairPercent' : 'impairMs';
  return { problem: { key, params: { part: quoteInput(part, 80), ...(key === 'impairMs' ? { max: String(maxImpairDelayMs) } : {}) } } };
}

function readDirection(fields: DirectionFields, group: FieldGroup, errors: Partial<Record<ImpairFieldPath, Problem>>): ImpairDirection {
  const d: ImpairDirection = { loss: 0, dup: 0, delay: 0, jitter: 0, reorder: 0 };
  for (const name of impairFieldNames) {
    if (fields[name].trim() === '') continue;
    const checked = checkField(name, fields[name]);
    if ('problem' in checked) errors[`${group}.${name}`] = checked.problem;
    else d[name] = checked.value;
  }
  return d;
}

/** The spec the form asks for, or every bad field's problem at its path. */
export function buildImpairSpec(form: ImpairForm): BuiltSpec {
  const errors: Partial<Record<ImpairFieldPath, Problem>> = {};
  let inDir: ImpairDirection;
  let outDir: ImpairDirection;
  if (form.mode === 'both') {
    inDir = readDirection(form.both, 'both', errors);
    outDir = { ...inDir };
  } else {
    inDir = readDirection(form.in, 'in', errors);
    outDir = readDirection(form.out, 'out', errors);
  }
  let seed = defaultImpairSeed;
  if (form.seed.trim() !== '') {
    const checked = checkField('seed', form.seed);
    if ('problem' in checked) errors.seed = checked.problem;
    else seed = checked.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const settings: ImpairSettings = {
    seed,
    in: impairsAnything(inDir) ? inDir : null,
    out: impairsAnything(outDir) ? outDir : null,
  };
  const spec = describeImpair(settings);
  if (spec === '') return { ok: false, errors: { form: { key: 'impairEmpty' } } };
  return { ok: true, spec, settings };
}

const blankFields = (f: DirectionFields): boolean => impairFieldNames.every((name) => f[name].trim() === '');

/**
 * The form in another mode, the values typed so far carried over where the new mode's fields are blank:
 * "both" into each direction, and back (the outgoing values, else the incoming ones).
 */
export function withMode(form: ImpairForm, mode: ImpairMode): ImpairForm {
  if (mode === form.mode) return form;
  if (mode === 'each') {
    const fill = blankFields(form.in) && blankFields(form.out);
    return { ...form, mode, ...(fill ? { in: { ...form.both }, out: { ...form.both } } : {}) };
  }
  const from = blankFields(form.out) ? form.in : form.out;
  return { ...form, mode, ...(blankFields(form.both) ? { both: { ...from } } : {}) };
}

const fieldsOf = (d: ImpairDirection | null): DirectionFields => {
  const fields = emptyFields();
  if (!d) return fields;
  for (const name of impairFieldNames) fields[name] = d[name] > 0 ? String(d[name]) : '';
  return fields;
};

const sameDirection = (a: ImpairDirection | null, b: ImpairDirection | null): boolean =>
  a !== null && b !== null && impairFieldNames.every((name) => a[name] === b[name]);

/** The form showing settings a session has (both the same when both directions are equal). */
export function formFromSettings(settings: ImpairSettings): ImpairForm {
  const both = sameDirection(settings.in, settings.out);
  return {
    mode: both ? 'both' : 'each',
    both: both ? fieldsOf(settings.in) : emptyFields(),
    in: both ? emptyFields() : fieldsOf(settings.in),
    out: both ? emptyFields() : fieldsOf(settings.out),
    seed: String(settings.seed),
  };
}
