// The built preload loads nothing but electron (the source-level boundaries are lint rules: lint-boundaries.test.ts).
// A sandboxed preload cannot require packages at run time, so anything else would break only inside Electron.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

describe('process boundaries in the build', () => {
  it('the built preload requires electron and nothing else', () => {
    const preload = path.join(root, 'out/preload/index.js');
    expect(existsSync(preload), 'run the build first (npm test does)').toBe(true);
    const required = [...readFileSync(preload, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });
});
