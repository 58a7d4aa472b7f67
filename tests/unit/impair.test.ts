// The impairment spec (every mistake keyed, naming its part) and the seeded decisions (pure, near the asked rates).
import { describe, expect, it } from 'vitest';
import { describeImpair, parseImpairSpec, type ImpairDirection } from '../../src/shared/impair';
import { problemText } from '../../src/shared/problems';
import { decideImpair, impairDraw } from '../../src/main/engine/pipeline/impair';

const none: ImpairDirection = { loss: 0, dup: 0, reorder: 0, delay: 0, jitter: 0 };

describe('the impairment spec', () => {
  it('sets both directions from one list, with the seed', () => {
    const r = parseImpairSpec('loss=30%,dup=5%,delay=50,jitter=20,reorder=10%,seed=7');
    expect(r).toEqual({
      ok: true,
      value: {
        seed: 7,
        in: { loss: 30, dup: 5, delay: 50, jitter: 20, reorder: 10 },
        out: { loss: 30, dup: 5, delay: 50, jitter: 20, reorder: 10 },
      },
    });
    if (r.ok) expect(describeImpair(r.value)).toBe('loss=30%,dup=5%,delay=50,jitter=20,reorder=10%,seed=7');
  });

  it('sets each direction its own, a seed in its own part, and a default seed', () => {
    const r = parseImpairSpec('in:loss=10%;out:delay=100,jitter=20;seed=9');
    expect(r).toEqual({ ok: true, value: { seed: 9, in: { ...none, loss: 10 }, out: { ...none, delay: 100, jitter: 20 } } });
    if (r.ok) expect(parseImpairSpec(describeImpair(r.value))).toEqual(r);
    expect(parseImpairSpec('out:loss=2.5')).toEqual({ ok: true, value: { seed: 1, in: null, out: { ...none, loss: 2.5 } } });
    expect(parseImpairSpec('loss=0%')).toEqual({ ok: true, value: { seed: 1, in: null, out: null } });
  });

  it.each([
    ['', 'impairEmpty', 'Say which problems to simulate, e.g. loss=30%,delay=50,seed=7.'],
    ['loss=130%', 'impairPercent', 'loss=130%: a percentage is 0 to 100 (e.g. loss=30%).'],
    ['dup=-1%', 'impairPercent', 'dup=-1%: a percentage is 0 to 100 (e.g. loss=30%).'],
    ['reorder=abc', 'impairPercent', 'reorder=abc: a percentage is 0 to 100 (e.g. loss=30%).'],
    ['delay=50ms', 'impairMs', 'delay=50ms: a time is a whole number of milliseconds from 0 to 5000 (e.g. delay=50).'],
    ['jitter=9000', 'impairMs', 'jitter=9000: a time is a whole number of milliseconds from 0 to 5000 (e.g. delay=50).'],
    ['seed=-3', 'impairSeed', 'seed=-3: a seed is a whole number from 0 to 4294967295.'],
    ['seed=4294967296', 'impairSeed', 'seed=4294967296: a seed is a whole number from 0 to 4294967295.'],
    [
      'lose=3%',
      'impairUnknown',
      '"lose=3%" is not a known setting: use loss, dup, reorder (percentages), delay, jitter (milliseconds) or seed.',
    ],
    ['loss', 'impairNoValue', '"loss": write a setting as name=value (e.g. loss=30%).'],
    ['loss=1%,,dup=2%', 'impairEmptyPart', '"loss=1%,,dup=2%" has an empty part: separate settings with "," and directions with ";".'],
    ['loss=1%,loss=2%', 'impairTwice', '"loss=2%": loss is given twice.'],
    ['in:seed=1;out:seed=2', 'impairTwice', '"seed=2": seed is given twice.'],
    ['up:loss=1%', 'impairDirection', '"up:loss=1%": start each part with in: or out: (e.g. in:loss=10%;out:delay=100).'],
    ['loss=1%;out:dup=2%', 'impairDirection', '"loss=1%": start each part with in: or out: (e.g. in:loss=10%;out:delay=100).'],
    ['in:loss=1%;in:dup=2%', 'impairDirectionTwice', '"in:dup=2%": the in direction is given twice.'],
  ])('refuses %j with %s naming the bad part', (spec, key, text) => {
    const r = parseImpairSpec(spec);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.key).toBe(key);
    expect(problemText(r.problem)).toBe(text);
  });
});

describe('the seeded decisions', () => {
  const d: ImpairDirection = { loss: 30, dup: 5, reorder: 10, delay: 50, jitter: 20 };

  it('are the same for the same seed, direction and index, over 10,000 datagrams', () => {
    const run = (seed: number) => Array.from({ length: 10_000 }, (_, i) => decideImpair(d, seed, 'out', i));
    expect(run(7)).toEqual(run(7));
    // Taken in another order, each index still gets its own decision.
    const backwards = Array.from({ length: 10_000 }, (_, i) => decideImpair(d, 7, 'out', 9_999 - i)).reverse();
    expect(backwards).toEqual(run(7));
  });

  it('differ between seeds and between directions', () => {
    const drops = (seed: number, way: 'in' | 'out') => Array.from({ length: 1000 }, (_, i) => decideImpair(d, seed, way, i).drop).join();
    expect(drops(7, 'out')).not.toBe(drops(8, 'out'));
    expect(drops(7, 'in')).not.toBe(drops(7, 'out'));
  });

  it('come near the asked rates over 100,000 datagrams, and keep the delay within delay ± jitter', () => {
    const n = 100_000;
    let dropped = 0;
    let duplicated = 0;
    let reordered = 0;
    let minDelay = Infinity;
    let maxDelay = 0;
    for (let i = 0; i < n; i++) {
      const x = decideImpair({ loss: 30, dup: 5, reorder: 10, delay: 50, jitter: 20 }, 42, 'in', i);
      if (x.drop) {
        dropped++;
        continue;
      }
      if (x.duplicate) duplicated++;
      if (x.reorder) reordered++;
      minDelay = Math.min(minDelay, x.delayMs);
      maxDelay = Math.max(maxDelay, x.delayMs);
    }
    const kept = n - dropped;
    expect(dropped / n).toBeCloseTo(0.3, 2);
    expect(Math.abs(duplicated / kept - 0.05)).toBeLessThan(0.005);
    expect(Math.abs(reordered / kept - 0.1)).toBeLessThan(0.005);
    expect(minDelay).toBe(30);
    expect(maxDelay).toBe(70);
  });

  it('draw evenly in [0, 1)', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(impairDraw(3, 'out', i, 0) * 10)]!++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('never touch a datagram at 0% and always drop at 100%', () => {
    for (let i = 0; i < 1000; i++) {
      expect(decideImpair(none, 5, 'in', i)).toEqual({ drop: false, duplicate: false, reorder: false, delayMs: 0 });
      expect(decideImpair({ ...none, loss: 100 }, 5, 'in', i).drop).toBe(true);
    }
  });
});
