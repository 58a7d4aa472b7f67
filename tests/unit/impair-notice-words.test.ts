// The notices of simulated network problems say which way the datagram went in words (incoming / outgoing,
// 수신 / 송신), in the window as in the CLI, while the spec's own "in:" / "out:" stay as typed.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { sayProblem } from '../../src/renderer/src/lib/problem-text';
import { en } from '../../src/renderer/src/locales/en';
import { ko } from '../../src/renderer/src/locales/ko';
import { problemText, type Problem } from '../../src/shared/problems';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, ko: { translation: ko } }, lng: 'en', interpolation: { escapeValue: false } });
});

const peer = '127.0.0.1:5005';
const notices: Problem[] = [
  { key: 'impairDropped', params: { direction: 'out', index: 1, size: 2, peer, ms: 0 } },
  { key: 'impairDuplicated', params: { direction: 'in', index: 2, size: 2, peer, ms: 0 } },
  { key: 'impairDelayed', params: { direction: 'out', index: 3, size: 2, peer, ms: 40 } },
  { key: 'impairReordered', params: { direction: 'in', index: 4, size: 2, peer, ms: 0 } },
];

describe('simulated problem notices', () => {
  it('in English, the same sentence in the window and the CLI, the direction in words', () => {
    const t = i18n.getFixedT('en');
    for (const n of notices) expect(sayProblem(t, n)).toBe(problemText(n));
    expect(notices.map((n) => problemText(n))).toEqual([
      'Simulated: outgoing datagram #1 (2 bytes, 127.0.0.1:5005) dropped.',
      'Simulated: incoming datagram #2 (127.0.0.1:5005) duplicated.',
      'Simulated: outgoing datagram #3 (127.0.0.1:5005) delayed 40 ms.',
      'Simulated: incoming datagram #4 (127.0.0.1:5005) held back to arrive after the next one.',
    ]);
  });

  it('in Korean, with the course words 수신 / 송신', () => {
    const t = i18n.getFixedT('ko');
    expect(notices.map((n) => sayProblem(t, n))).toEqual([
      '시뮬레이션: 송신 데이터그램 #1 (2 바이트, 127.0.0.1:5005) 손실(버림).',
      '시뮬레이션: 수신 데이터그램 #2 (127.0.0.1:5005) 중복.',
      '시뮬레이션: 송신 데이터그램 #3 (127.0.0.1:5005) 40 ms 지연.',
      '시뮬레이션: 수신 데이터그램 #4 (127.0.0.1:5005) 다음 데이터그램 뒤에 도착하도록 보류(순서 바뀜).',
    ]);
  });

  it("leaves the spec's own direction as typed", () => {
    const twice: Problem = { key: 'impairDirectionTwice', params: { part: 'in:loss=1%', direction: 'in' } };
    expect(problemText(twice)).toBe('"in:loss=1%": the in direction is given twice.');
    expect(sayProblem(i18n.getFixedT('ko'), twice)).toContain('in 방향이 두 번');
  });
});
