import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/engine/**/*.test.ts',
      'tests/cli/**/*.test.ts',
      'tests/start/**/*.test.ts',
      'tests/fuzz/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: a couple of workers keep the socket tests fast without starving each other.
    maxWorkers: 2,
  },
});
