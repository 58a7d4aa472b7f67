// The Network problems form: its fields become the spec the CLI takes and parse back to the same settings,
// each bad field is refused with the spec parser's own keyed problem at that field, and a session's
// settings come back as the fields that made them.
import { describe, expect, it } from 'vitest';
import { parseImpairSpec } from '../../src/shared/impair';
import {
  buildImpairSpec,
  formFromSettings,
  impairFieldNames,
  initialImpairForm,
  newSeed,
  withMode,
  type ImpairForm,
} from '../../src/renderer/src/features/network-problems/impair-form';

const form = (patch: Partial<ImpairForm>): ImpairForm => ({ ...initialImpairForm(), ...patch });
const fields = (values: Partial<ImpairForm['both']>): ImpairForm['both'] => ({ ...initialImpairForm().both, ...values });

describe('the Network problems form builds a spec', () => {
  it('for both directions the same, in the CLI spec words, with its seed', () => {
    const built = buildImpairSpec(form({ both: fields({ loss: '30', dup: '5%', delay: '50', jitter: '20', reorder: '10' }), seed: '7' }));
    expect(built).toMatchObject({ ok: true, spec: 'loss=30%,dup=5%,delay=50,jitter=20,reorder=10%,seed=7' });
  });

  it('for each direction its own, a blank direction left untouched', () => {
    const built = buildImpairSpec(
      form({ mode: 'each', in: fields({ loss: '12.5' }), out: fields({ delay: '100', jitter: '20' }), seed: '42' }),
    );
    expect(built).toMatchObject({ ok: true, spec: 'in:loss=12.5%;out:delay=100,jitter=20;seed=42' });
    const outOnly = buildImpairSpec(form({ mode: 'each', out: fields({ loss: '100' }) }));
    expect(outOnly).toMatchObject({ ok: true, spec: 'out:loss=100%;seed=1' });
  });

  it('that parses back to the very settings it was built from, and the settings back to the same form', () => {
    const forms: ImpairForm[] = [
      form({ both: fields({ loss: '30', reorder: '10' }), seed: '7' }),
      form({ mode: 'each', in: fields({ dup: '5' }), out: fields({ loss: '100' }), seed: '4294967295' }),
      form({ mode: 'each', in: fields({ delay: '5000', jitter: '5000' }), seed: '0' }),
      form({ both: fields({ loss: '0.5', dup: '100', delay: '1', jitter: '2', reorder: '99.999' }), seed: '123' }),
    ];
    for (const f of forms) {
      const built = buildImpairSpec(f);
      if (!built.ok) throw new Error(JSON.stringify(built.errors));
      const parsed = parseImpairSpec(built.spec);
      expect(parsed).toEqual({ ok: true, value: built.settings });
      const again = buildImpairSpec(formFromSettings(built.settings));
      expect(again).toEqual(built);
    }
  });

  it('with the default seed when the seed is blank, and a new seed the parser takes', () => {
    expect(buildImpairSpec(form({ both: fields({ loss: '1' }), seed: ' ' }))).toMatchObject({ ok: true, spec: 'loss=1%,seed=1' });
    for (const r of [0, 0.5, 0.999999999]) {
      const seed = newSeed(() => r);
      expect(buildImpairSpec(form({ both: fields({ loss: '1' }), seed }))).toMatchObject({ ok: true });
    }
  });
});

describe('the Network problems form refuses', () => {
  it('nothing set at all, with the spec parser\'s "say which problems" at the form', () => {
    expect(buildImpairSpec(initialImpairForm())).toEqual({ ok: false, errors: { form: { key: 'impairEmpty' } } });
    expect(buildImpairSpec(form({ both: fields({ loss: '0', delay: '0' }) }))).toEqual({
      ok: false,
      errors: { form: { key: 'impairEmpty' } },
    });
  });

  it('every bad percentage, time and seed at its own field, each with the problem the CLI gives', () => {
    for (const name of impairFieldNames) {
      const percent = name === 'loss' || name === 'dup' || name === 'reorder';
      for (const bad of percent
        ? ['101', '-1', 'abc', '50ms', '1.2345', '5,dup=3', '5;x', 'a:b']
        : ['5001', '-1', '1.5', '50%', 'x', '5=6']) {
        for (const [mode, group] of [
          ['both', 'both'],
          ['each', 'in'],
          ['each', 'out'],
        ] as const) {
          const built = buildImpairSpec(form({ mode, [group]: fields({ [name]: bad }) }));
          expect(built.ok, `${group}.${name}=${bad}`).toBe(false);
          if (built.ok) continue;
          expect(Object.keys(built.errors)).toEqual([`${group}.${name}`]);
          const problem = built.errors[`${group}.${name}`]!;
          expect(problem.key).toBe(percent ? 'impairPercent' : 'impairMs');
          expect(problem.params?.part).toBe(`${name}=${bad}`);
          if (!percent) expect(problem.params?.max).toBe('5000');
          // The parser says the same of the spec a person would type.
          if (!/[,;=:]/.test(bad)) expect(parseImpairSpec(`${name}=${bad}`)).toEqual({ ok: false, problem });
        }
      }
    }
    for (const bad of ['4294967296', '-1', '1.5', 'seven', '7,loss=1']) {
      const built = buildImpairSpec(form({ both: fields({ loss: '1' }), seed: bad }));
      expect(built).toEqual({ ok: false, errors: { seed: { key: 'impairSeed', params: { part: `seed=${bad}` } } } });
    }
  });

  it('several bad fields at once, each at its place', () => {
    const built = buildImpairSpec(
      form({ mode: 'each', in: fields({ loss: '200', delay: '1' }), out: fields({ jitter: '9999' }), seed: 'x' }),
    );
    expect(built.ok).toBe(false);
    if (!built.ok) expect(Object.keys(built.errors).sort()).toEqual(['in.loss', 'out.jitter', 'seed']);
  });

  it('fields of the mode not chosen are not read', () => {
    const built = buildImpairSpec(form({ mode: 'both', both: fields({ loss: '10' }), in: fields({ loss: 'nonsense' }) }));
    expect(built).toMatchObject({ ok: true, spec: 'loss=10%,seed=1' });
  });
});

describe('switching between both the same and each its own', () => {
  it('carries the values typed so far into the blank fields of the other mode', () => {
    const both = form({ both: fields({ loss: '30', delay: '50' }), seed: '7' });
    const each = withMode(both, 'each');
    expect(each.mode).toBe('each');
    expect(each.in).toEqual(both.both);
    expect(each.out).toEqual(both.both);
    expect(buildImpairSpec(each)).toEqual(buildImpairSpec(both));
    // Fields already typed in the other mode are kept.
    const typed = form({ mode: 'each', out: fields({ dup: '5' }) });
    expect(withMode(typed, 'both').both).toEqual(fields({ dup: '5' }));
    expect(withMode(withMode(typed, 'both'), 'each').out).toEqual(fields({ dup: '5' }));
  });
});
