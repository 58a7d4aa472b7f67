// `npm start` with an Electron binary (ELECTRON_OVERRIDE_DIST_PATH): electron-vite starts it on the built app.
// A stand-in script plays Electron and records how it was called.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, electronLines, scratchDir, startLauncher, useLauncher, root } from './launcher';

useLauncher();

interface Recorded {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

/** A folder laid out as Electron expects on Linux (`electron` inside), whose `electron` records its call. */
function standInDist(exitStatus = 0): { dir: string; recorded(): Recorded } {
  const dir = scratchDir();
  const record = path.join(dir, 'record');
  writeFileSync(
    path.join(dir, 'electron'),
    [
      '#!/bin/sh',
      `{ echo "cwd=$(pwd)"`,
      '  echo "ELECTRON_RUN_AS_NODE=${ELECTRON_RUN_AS_NODE-<unset>}"',
      '  echo "ELECTRON_EXEC_PATH=${ELECTRON_EXEC_PATH-<unset>}"',
      '  for a in "$@"; do echo "arg=$a"; done',
      `} > '${record}'`,
      `exit ${exitStatus}`,
      '',
    ].join('\n'),
  );
  chmodSync(path.join(dir, 'electron'), 0o755);
  return {
    dir,
    recorded: () => {
      const lines = readFileSync(record, 'utf-8').trimEnd().split('\n');
      const value = (key: string): string => lines.find((l) => l.startsWith(`${key}=`))!.slice(key.length + 1);
      return {
        argv: lines.filter((l) => l.startsWith('arg=')).map((l) => l.slice(4)),
        cwd: value('cwd'),
        env: { ELECTRON_RUN_AS_NODE: value('ELECTRON_RUN_AS_NODE'), ELECTRON_EXEC_PATH: value('ELECTRON_EXEC_PATH') },
      };
    },
  };
}

describe.runIf(process.platform === 'linux')('npm start with an Electron binary', () => {
  it('runs the ELECTRON_OVERRIDE_DIST_PATH binary through electron-vite on the built main entry, and passes on its exit status', async () => {
    const dist = standInDist(7);
    const run = startLauncher(
      cleanEnv({
        ELECTRON_OVERRIDE_DIST_PATH: dist.dir,
        // A binary that is there is used even where downloads are off.
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
        // Inherited from an editor's terminal this would start Electron as plain Node: dropped.
        ELECTRON_RUN_AS_NODE: '1',
        DISPLAY: ':99',
        SOCKET_LAB_SKIP_BUILD: '1',
      }),
    );
    expect(await run.exited(20_000)).toBe(7);
    expect(run.output()).not.toMatch(/not available/);

    const call = dist.recorded();
    expect(call.env.ELECTRON_EXEC_PATH).toBe(path.join(dist.dir, 'electron'));
    expect(call.env.ELECTRON_RUN_AS_NODE).toBe('<unset>');
    // electron-vite starts Electron on "." in the project: Electron then loads package.json's main.
    expect(call.cwd).toBe(root);
    expect(call.argv).toEqual(['.']);
    const main = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf-8')) as { main: string }).main;
    expect(path.resolve(call.cwd, main)).toBe(path.join(root, 'out', 'main', 'index.js'));
  });

  it('passes options after the mode on to electron-vite (here: the built entry named explicitly)', async () => {
    const dist = standInDist();
    const run = startLauncher(cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist.dir, DISPLAY: ':99', SOCKET_LAB_SKIP_BUILD: '1' }), [
      'preview',
      '--entry',
      'out/main/index.js',
    ]);
    expect(await run.exited(20_000)).toBe(0);
    expect(dist.recorded().argv).toEqual(['out/main/index.js']);
  });

  it('uses the browser instead on a box with no display, even with a binary', async () => {
    const dist = standInDist();
    const run = startLauncher(cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist.dir, CI: '1', SOCKET_LAB_SKIP_BUILD: '1' }));
    await run.waitFor(/Socket Lab is open at http:\/\/127\.0\.0\.1:\d+\//);
    expect(electronLines(run.output())).toEqual([
      'Electron is not available (there is no display: DISPLAY and WAYLAND_DISPLAY are unset): opening the window in the browser instead.',
    ]);
    expect(await run.stop()).toBe(0);
  });

  it('says which override is wrong when ELECTRON_OVERRIDE_DIST_PATH has no electron in it', async () => {
    const empty = scratchDir();
    const run = startLauncher(cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: empty, DISPLAY: ':99', CI: '1', SOCKET_LAB_SKIP_BUILD: '1' }));
    await run.waitFor(/Socket Lab is open at/);
    expect(electronLines(run.output())).toEqual([
      `Electron is not available (ELECTRON_OVERRIDE_DIST_PATH has no electron in ${empty}): opening the window in the browser instead.`,
    ]);
    expect(await run.stop()).toBe(0);
  });
});
