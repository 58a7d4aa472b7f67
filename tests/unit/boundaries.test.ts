// The process boundaries hold: the engine never sees electron, the renderer and shared code never
// see Node or electron, and the sandboxed preload bundle loads nothing but electron (a sandboxed
// preload cannot require packages at run time, so anything else would break only inside Electron).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('process boundaries', () => {
  it('the engine, CLI and web host never import electron', () => {
    const files = [...sourceFiles(path.join(root, 'src/main/engine')), ...['cli.ts', 'cli-format.ts', 'web-host.ts', 'ipc/router.ts'].map((f) => path.join(root, 'src/main', f))];
    for (const file of files) expect(importsOf(file).filter((m) => m === 'electron'), file).toEqual([]);
  });

  it('renderer and shared code import neither node:* nor electron', () => {
    const files = [...sourceFiles(path.join(root, 'src/renderer/src')), ...sourceFiles(path.join(root, 'src/shared'))];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const bad = importsOf(file).filter((m) => m.startsWith('node:') || m === 'electron' || /\/main\/|\/preload\//.test(m));
      expect(bad, file).toEqual([]);
    }
  });

  it('the built preload requires electron and nothing else', () => {
    const preload = path.join(root, 'out/preload/index.js');
    expect(existsSync(preload), 'run the build first (npm test does)').toBe(true);
    const required = [...readFileSync(preload, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });
});
