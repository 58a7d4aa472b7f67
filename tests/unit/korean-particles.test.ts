// Korean particles change with the sound before them (은/는, 이/가, 을/를, 와/과, 으로/로), which a
// placeholder's value does not tell: no Korean text puts one right after a value. The particle goes
// after a fixed noun instead ("포트({{port}})는"), or the sentence needs none.
import { describe, expect, it } from 'vitest';
import { en } from '../../src/renderer/src/locales/en';
import { ko } from '../../src/renderer/src/locales/ko';

function strings(node: unknown, path: string[] = []): [string, string][] {
  if (typeof node === 'string') return [[path.join('.'), node]];
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

const particle = '(?:을|를|은|는|이|가|와|과|으로|로)(?=[\\s.,:;)!?\'"`]|$)';
// Right after a value ("{{host}} 는", "\"{{host}}\" 는"), or after a value's aside ("{{a}} ({{b}}) 이").
const afterValue = new RegExp(`\\}\\}"?\\s?${particle}|\\}\\}\\s?\\(\\{\\{[^}]+\\}\\}\\)\\s?${particle}`);

describe('Korean text', () => {
  const all = strings(ko);

  it('has no particle right after a placeholder', () => {
    expect(all.length).toBeGreaterThan(300);
    expect(all.filter(([, text]) => afterValue.test(text)).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('the check catches what it is for, and lets a noun carry the particle', () => {
    for (const bad of [
      '{{host}} 는 주소가 아닙니다',
      '"{{port}}" 는 포트가 아닙니다',
      '세션 {{a}} ({{b}}) 이 씁니다',
      '{{to}} 로 보냅니다.',
    ])
      expect(afterValue.test(bad), bad).toBe(true);
    for (const good of [
      '포트({{port}})는 범위 밖',
      '{{n}}번 규칙이 답합니다',
      '{{to}} 쪽으로 보냅니다',
      '{{count}}개 이상',
      '{{host}} 의 포트',
    ])
      expect(afterValue.test(good), good).toBe(false);
  });

  it('translates every example text a person sees in a field, and fits it to the role', () => {
    const text = ko.composer.placeholder.text;
    expect(new Set([text.client, text.server, text.peer]).size).toBe(3);
    for (const role of ['client', 'server', 'peer'] as const) expect(text[role]).not.toBe(en.composer.placeholder.text[role]);
    // A server greets its client, not a server.
    expect(en.composer.placeholder.text.server).toMatch(/Client/);
    expect(text.server).toMatch(/클라이언트/);
  });
});
