// The window words every problem in the reader's language, params included: a session kind by its
// name, a long quoted input with "N characters" in that language, a session's lastError too.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { sayProblem } from '../../src/renderer/src/lib/problem-text';
import { en } from '../../src/renderer/src/locales/en';
import { ko } from '../../src/renderer/src/locales/ko';
import { problemText, problemTexts, type Problem, type ProblemKey } from '../../src/shared/problems';
import { quoteInput } from '../../src/shared/quote-input';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, ko: { translation: ko } }, lng: 'en', interpolation: { escapeValue: false } });
});

const inUse: Problem = { key: 'portInUseBySession', params: { port: 9000, host: '127.0.0.1', session: 's2', sessionKind: 'tcp-server' } };

describe('sayProblem', () => {
  it('in English, the same sentence as the engine and the CLI', () => {
    const t = i18n.getFixedT('en');
    expect(sayProblem(t, inUse)).toBe(problemText(inUse));
    expect(sayProblem(t, inUse)).toBe(
      'Port 9000 on 127.0.0.1 is already in use by session s2 (TCP server) in Socket Lab: stop it, or pick another port (0 for any free one).',
    );
  });

  it('in Korean, the session kind in Korean too', () => {
    expect(sayProblem(i18n.getFixedT('ko'), inUse)).toBe(
      '127.0.0.1 의 포트(9000)는 이미 Socket Lab 의 세션(s2, TCP 서버)이 쓰고 있습니다: 그 세션을 멈추거나 다른 포트를 고르세요 (0 은 빈 포트 자동 선택).',
    );
  });

  it("a long input cut short says its length in the reader's language", () => {
    const problem: Problem = { key: 'hostBadName', params: { host: quoteInput('a'.repeat(100)) } };
    expect(sayProblem(i18n.getFixedT('en'), problem)).toBe(problemText(problem));
    expect(sayProblem(i18n.getFixedT('ko'), problem)).toContain(
      `입력한 이름("${'a'.repeat(48)}… (100자)")은 올바른 호스트 이름이 아닙니다`,
    );
  });

  it("a session's lastError (code, English message and problem) is worded from its problem", () => {
    const lastError = {
      code: 'ECONNRESET',
      message: 'The peer 127.0.0.1:9000 reset the connection.',
      problem: { key: 'reset', params: { where: '127.0.0.1:9000' } } as Problem,
    };
    expect(sayProblem(i18n.getFixedT('ko'), lastError)).toBe('상대(127.0.0.1:9000)가 연결을 리셋했습니다.');
  });

  it('every problem has a Korean sentence with the same placeholders', () => {
    const placeholders = (s: string): string[] => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
    for (const key of Object.keys(problemTexts) as ProblemKey[]) {
      const korean = (ko.problems as Record<string, string>)[key];
      expect(korean, key).toBeTypeOf('string');
      expect(placeholders(korean!), key).toEqual(placeholders(problemTexts[key]));
    }
  });
});
