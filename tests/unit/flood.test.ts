// The generator's message layout and option rules (src/shared/flood.ts), shared by the engine, the CLI and the window.
import { describe, expect, it } from 'vitest';
import {
  floodPatternBytes,
  floodProblems,
  floodTemplate,
  readFloodCounter,
  writeFloodCounter,
  type FloodSettings,
} from '../../src/shared/flood';

const settings = (over: Partial<FloodSettings & { pattern: string }>) => ({
  size: 64,
  payload: 'text' as const,
  rate: null,
  count: null,
  duration: null,
  pattern: '',
  ...over,
});

describe('flood messages', () => {
  it('writes and reads 64-bit big-endian sequence numbers beyond 32 bits', () => {
    const bytes = new Uint8Array(20);
    for (const seq of [0, 1, 255, 0xffff_ffff, 2 ** 32, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER]) {
      writeFloodCounter(bytes, 4, seq);
      expect(readFloodCounter(bytes, 4)).toBe(seq);
      expect(Buffer.from(bytes).readBigUInt64BE(4)).toBe(BigInt(seq));
    }
  });

  it('repeats a pattern to fill a message, cut at its end', () => {
    expect(Buffer.from(floodTemplate(7, Uint8Array.of(0xde, 0xad, 0xbe))).toString('hex')).toBe('deadbedeadbede');
    expect(floodTemplate(5, new Uint8Array(0))).toEqual(new Uint8Array(5));
    expect(new TextDecoder().decode(floodTemplate(40, floodPatternBytes('text', '')))).toBe('0123456789abcdefghijklmnopqrstuvwxyz0123');
    expect(floodPatternBytes('hex', 'de:ad')).toEqual(Uint8Array.of(0xde, 0xad));
    expect(floodPatternBytes('counter', 'ignored')).toEqual(new Uint8Array(0));
  });
});

describe('flood option rules', () => {
  it('accepts a plain flood and says every mistake at its field', () => {
    expect(floodProblems(settings({}))).toEqual([]);
    expect(floodProblems(settings({ rate: 20_000, duration: 1.5 }))).toEqual([]);
    const fields = (over: Partial<FloodSettings & { pattern: string }>) =>
      floodProblems(settings(over)).map((p) => `${p.field}:${p.problem.key}`);
    expect(fields({ size: 0 })).toEqual(['size:floodSize']);
    expect(fields({ size: NaN })).toEqual(['size:floodSize']);
    expect(fields({ size: 16 * 1024 * 1024 + 1 })).toEqual(['size:floodSize']);
    expect(fields({ size: 7, payload: 'counter' })).toEqual(['size:floodCounterSize']);
    expect(fields({ payload: 'hex', pattern: '' })).toEqual(['pattern:floodHexEmpty']);
    expect(fields({ payload: 'hex', pattern: 'g0' })).toEqual(['pattern:hexBadDigit']);
    expect(fields({ pattern: 'x'.repeat(5000) })).toEqual(['pattern:floodPatternTooLong']);
    expect(fields({ rate: 0 })).toEqual(['rate:floodRate']);
    expect(fields({ count: 1.5 })).toEqual(['count:floodCount']);
    expect(fields({ duration: 0 })).toEqual(['duration:floodDuration']);
    expect(fields({ count: 10, duration: 1 })).toEqual(['duration:floodCountAndDuration']);
  });
});
