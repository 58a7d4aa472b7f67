// The window's store around Clear (src/renderer/src/state/app-store.ts): a Clear that becomes final
// redraws the window once, not twice, whether its Undo time ran out or another Clear came.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionInfo } from '../../src/shared/contract';

const clearLog = vi.fn(async (_input: { sessionId: string; before?: number }) => ({
  ok: true as const,
  value: { cleared: true as const },
}));

// The store's one door to the engine, answered here as the engine would.
vi.mock('../../src/renderer/src/api', () => ({
  api: {
    onUpdate: () => () => undefined,
    listSessions: async () => ({ ok: true, value: [] }),
    getRows: async () => ({ ok: true, value: { first: 0, total: 0, rows: [] } }),
    clearLog,
  },
}));

const { clearUndoMs, store } = await import('../../src/renderer/src/state/app-store');

const session = { id: 's1', kind: 'tcp-client', state: 'connected' } as unknown as SessionInfo;

/** Lets the answers already given (resolved promises) reach the store. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('Clear in the window', () => {
  beforeEach(async () => {
    vi.useFakeTimers();
    await store.ready;
    store.addSession(session);
    store.logs.get('s1')!.total = 10;
    clearLog.mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it('hides the rows at once and offers Undo', () => {
    store.clearLog('s1');
    expect(store.canUndoClear('s1')).toBe(true);
    expect(store.logs.get('s1')!.hiddenBefore).toBe(10);
    expect(clearLog).not.toHaveBeenCalled();
    store.undoClear('s1');
    expect(store.logs.get('s1')!.hiddenBefore).toBeUndefined();
  });

  it('redraws once when its Undo time runs out and the rows are dropped', async () => {
    store.clearLog('s1');
    const before = store.getVersion();
    vi.advanceTimersByTime(clearUndoMs);
    await settle();
    expect(clearLog).toHaveBeenCalledWith({ sessionId: 's1', before: 10 });
    expect(store.canUndoClear('s1')).toBe(false);
    expect(store.logs.get('s1')!.first).toBe(10);
    expect(store.getVersion() - before).toBe(1);
  });

  it('made final by another Clear: one redraw for the new Clear, one when the first is dropped', async () => {
    store.clearLog('s1');
    store.logs.get('s1')!.total = 15;
    const before = store.getVersion();
    store.clearLog('s1');
    expect(store.getVersion() - before).toBe(1);
    await settle();
    expect(clearLog).toHaveBeenCalledTimes(1);
    expect(store.getVersion() - before).toBe(2);
    expect(store.canUndoClear('s1')).toBe(true);
    expect(store.logs.get('s1')!.hiddenBefore).toBe(15);
  });
});
