// Loading the contract and the shared schema modules builds no schema: each is built on its first call
// (lazy-schema.ts), so a one-shot `socket-lab send` builds only the two it checks.
import { afterEach, describe, expect, it, vi } from 'vitest';

/** Counts zod schemas as they are made: zod gives each instance its `_zod` internals with defineProperty. */
function countSchemas(): { made: () => number } {
  let made = 0;
  const define = Object.defineProperty;
  vi.spyOn(Object, 'defineProperty').mockImplementation(
    <T>(target: T, key: PropertyKey, attributes: PropertyDescriptor & ThisType<unknown>) => {
      if (key === '_zod') made++;
      return define(target, key, attributes);
    },
  );
  return { made: () => made };
}

afterEach(() => vi.restoreAllMocks());

describe('schemas are built when first asked for', () => {
  it('loading every schema module builds none; asking for one builds it once', async () => {
    await import('zod/mini');
    const count = countSchemas();
    const { contract } = await import('../../src/shared/contract');
    await import('../../src/shared/workspace-schema');
    await import('../../src/shared/settings-schema');
    await import('../../src/shared/lesson/lesson-schema');
    expect(count.made()).toBe(0);

    const send = contract.send.input();
    expect(count.made()).toBeGreaterThan(5);
    const after = count.made();
    expect(contract.send.input()).toBe(send);
    expect(send.safeParse({ sessionId: 's1', bytes: new Uint8Array([1]) }).success).toBe(true);
    expect(count.made()).toBe(after);
  });
});
