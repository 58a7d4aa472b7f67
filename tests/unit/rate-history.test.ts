// The window's rates: counter growth per second, one bucket a second, a minute kept, never negative.
import { describe, expect, it } from 'vitest';
import { historySeconds, RateHistory } from '../../src/renderer/src/state/rate-history';
import type { Counters, SessionInfo } from '../../src/shared/contract';

const session = (id: string, counters: Counters): SessionInfo => ({
  id,
  kind: 'udp',
  state: 'open',
  target: { host: '127.0.0.1', port: 0 },
  local: null,
  autoReply: null,
  counters,
  connections: [],
  lastPeer: null,
  lastError: null,
  openedAt: 0,
});
const counters = (messagesIn: number, bytesIn: number, messagesOut = 0, bytesOut = 0): Counters => ({
  messagesIn,
  bytesIn,
  messagesOut,
  bytesOut,
});

describe('rate history', () => {
  it('starts from the counters it first sees, so earlier traffic is not a burst', () => {
    const h = new RateHistory();
    h.sample([session('s1', counters(5000, 500_000))], 0, 1_000_000);
    expect(h.current('s1')).toEqual({ messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 });
    expect(h.window('s1').times).toEqual([]);
  });

  it('is the growth per second of real time between samples, each direction apart', () => {
    const h = new RateHistory();
    h.sample([session('s1', counters(0, 0))], 0, 1_000_000);
    h.sample([session('s1', counters(2000, 128_000, 10, 640))], 1000, 1_001_000);
    expect(h.current('s1')).toEqual({ messagesIn: 2000, bytesIn: 128_000, messagesOut: 10, bytesOut: 640 });
    // A late timer (a busy or hidden window): the same growth over two seconds is half the rate.
    h.sample([session('s1', counters(4000, 256_000, 10, 640))], 3000, 1_003_000);
    expect(h.current('s1')).toMatchObject({ messagesIn: 1000, bytesIn: 64_000, messagesOut: 0 });
    expect(h.window('s1')).toEqual({
      times: [1001, 1003],
      messagesIn: [2000, 1000],
      messagesOut: [10, 0],
      bytesIn: [128_000, 64_000],
      bytesOut: [640, 0],
    });
  });

  it('never goes negative when a cancelled send takes back bytes it had counted', () => {
    const h = new RateHistory();
    h.sample([session('s1', counters(0, 0, 1, 1_000_000))], 0, 0);
    h.sample([session('s1', counters(0, 0, 1, 400_000))], 1000, 1000);
    expect(h.current('s1').bytesOut).toBe(0);
  });

  it('keeps the last minute only, oldest first', () => {
    const h = new RateHistory();
    for (let s = 0; s <= 100; s++) h.sample([session('s1', counters(s * s, 0))], s * 1000, s * 1000);
    const w = h.window('s1');
    expect(w.times).toHaveLength(historySeconds);
    expect(w.times[0]).toBe(100 - historySeconds + 1);
    expect(w.times.at(-1)).toBe(100);
    expect(w.messagesIn.at(-1)).toBe(100 * 100 - 99 * 99);
  });

  it('sums every session for the status bar, forgets removed ones, and tells its listeners once a sample', () => {
    const h = new RateHistory();
    let heard = 0;
    h.subscribe(() => heard++);
    h.sample([session('s1', counters(0, 0)), session('s2', counters(0, 0))], 0, 0);
    h.sample([session('s1', counters(10, 100)), session('s2', counters(30, 300))], 1000, 1000);
    expect(h.total()).toEqual({ messagesIn: 40, bytesIn: 400, messagesOut: 0, bytesOut: 0 });
    h.sample([session('s2', counters(30, 300))], 2000, 2000);
    expect(h.window('s1').times).toEqual([]);
    expect(h.total().messagesIn).toBe(0);
    expect(heard).toBe(3);
    expect(h.getVersion()).toBe(3);
  });
});
