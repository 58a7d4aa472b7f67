// Macros in repeated sends: parsed once, expanded per send, typos caught with their position.
import { describe, expect, it } from 'vitest';
import { expandMacros, hasMacros, parseMacros, type MacroTemplate } from '../../src/shared/macros';
import { problemText } from '../../src/shared/problems';

function template(text: string): MacroTemplate {
  const r = parseMacros(text);
  if (!r.ok) throw new Error(problemText(r.problem));
  return r.template;
}

describe('macros', () => {
  const now = new Date(2026, 10, 26, 9, 5, 7, 42);

  it('expands counter, time, unixtime and random for each send', () => {
    const t = template('#{{counter}} at {{time}} ({{unixtime}}) dice={{random:6}}\\r\\n');
    expect(hasMacros(t)).toBe(true);
    expect(expandMacros(t, { counter: 1, now, random: () => 0 })).toBe(
      `#1 at 09:05:07.042 (${Math.floor(now.getTime() / 1000)}) dice=0\\r\\n`,
    );
    expect(expandMacros(t, { counter: 12, now, random: () => 0.999999 })).toContain('#12 at');
    expect(expandMacros(t, { counter: 12, now, random: () => 0.999999 })).toMatch(/dice=5\\r\\n$/);
  });

  it('draws a new random number each send, always in range', () => {
    const t = template('{{random:10}}');
    const seen = new Set<string>();
    for (let i = 1; i <= 500; i++) seen.add(expandMacros(t, { counter: i, now }));
    expect([...seen].every((v) => /^\d$/.test(v))).toBe(true);
    expect(seen.size).toBeGreaterThan(5);
  });

  it('leaves text without macros as it is, and says so', () => {
    const t = template('hello {world} {{ counter }}');
    expect(expandMacros(t, { counter: 3, now })).toBe('hello {world} 3');
    expect(hasMacros(template('plain {x}'))).toBe(false);
  });

  it('names an unknown macro or a bad random range, with its position', () => {
    const unknown = parseMacros('id={{conter}}');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.position).toBe(3);
      expect(problemText(unknown.problem)).toBe(
        '{{conter}} at position 4 is not a macro: use {{counter}}, {{time}}, {{unixtime}}, {{random:N}}.',
      );
    }
    for (const bad of ['{{random:0}}', '{{random:x}}', '{{random:}}', '{{random:99999999999999999999}}']) {
      const r = parseMacros(bad);
      expect(r.ok ? null : r.problem.key, bad).toBe('macroRandomRange');
    }
  });
});
