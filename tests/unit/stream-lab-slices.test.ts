// The Stream vs datagram lab's sender plan: chips become writes, each or all in one, cut where the slicer says.
import { describe, expect, it } from 'vitest';
import { parseSlice, planWrites } from '../../src/renderer/src/features/stream-lab/slices';

const texts = (plan: ReturnType<typeof planWrites>): string[] =>
  plan.ok ? plan.writes.map((w) => new TextDecoder().decode(w)) : ['not ok'];

describe('the stream lab slicer', () => {
  it('each chip one write, or all in one', () => {
    expect(texts(planWrites(['Hello', 'World', '!'], ['', '', ''], 'each'))).toEqual(['Hello', 'World', '!']);
    expect(texts(planWrites(['Hello', 'World', '!'], ['', '', ''], 'all'))).toEqual(['HelloWorld!']);
  });

  it('cuts a chip at byte positions, in either mode', () => {
    expect(texts(planWrites(['Hello', 'World'], ['2', ''], 'each'))).toEqual(['He', 'llo', 'World']);
    expect(texts(planWrites(['Hello', 'World'], ['2', '1, 3'], 'all'))).toEqual(['He', 'lloW', 'or', 'ld']);
  });

  it('positions are bytes: a Korean syllable is three', () => {
    const plan = planWrites(['안녕'], ['3'], 'each');
    expect(texts(plan)).toEqual(['안', '녕']);
  });

  it('refuses positions outside the chip, out of order, or not numbers, per chip', () => {
    expect(parseSlice('0', 5)).toBeNull();
    expect(parseSlice('5', 5)).toBeNull();
    expect(parseSlice('3, 2', 5)).toBeNull();
    expect(parseSlice('x', 5)).toBeNull();
    expect(parseSlice(' 1 , 4 ', 5)).toEqual([1, 4]);
    expect(planWrites(['Hello', 'World'], ['', '9'], 'each')).toEqual({ ok: false, problems: [null, { max: 4 }] });
    // Empty chips write nothing (a TCP stream has no empty write).
    expect(texts(planWrites(['', 'x'], ['', ''], 'each'))).toEqual(['x']);
  });
});
