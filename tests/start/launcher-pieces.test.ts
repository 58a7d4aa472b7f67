// The launcher's decisions one by one: Node version, flags, the binary, rebuilding out/, opening a browser.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectron, flag, hasDisplay, needsBuild, nodeIsTooOld, openBrowser, platformPath } from '../../scripts/start.mjs';
import { root, scratchDir, useLauncher } from './launcher';

useLauncher();

const write = (file: string, text = ''): void => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

describe('the launcher', () => {
  it('wants Node 22.13 or newer', () => {
    expect(nodeIsTooOld('20.19.5')).toBe(true);
    expect(nodeIsTooOld('22.12.0')).toBe(true);
    expect(nodeIsTooOld('22.13.0')).toBe(false);
    expect(nodeIsTooOld('24.1.0')).toBe(false);
  });

  // Debian's packaged Node is older than 22.13 on many machines: where one is installed, use it.
  const oldNode = ['/usr/bin/node', '/bin/node'].find(
    (n) => existsSync(n) && nodeIsTooOld(spawnSync(n, ['-p', 'process.versions.node']).stdout.toString().trim()),
  );
  it.runIf(oldNode !== undefined)('stops with one line on an older Node, before doing anything else', () => {
    const result = spawnSync(oldNode!, [path.join(root, 'scripts', 'start.mjs')], { encoding: 'utf-8', timeout: 10_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^socket-lab: Node\.js 22\.13 or newer is needed, this is v\d+\.\d+\.\d+: install a newer Node\.js \(https:\/\/nodejs\.org\), then run npm install again\.\n$/,
    );
  });

  it('reads a flag as set unless it is empty, 0 or false', () => {
    expect([undefined, '', '0', 'false', 'FALSE'].map(flag)).toEqual([false, false, false, false, false]);
    expect(['1', 'true', 'yes'].map(flag)).toEqual([true, true, true]);
  });

  it('finds an installed binary the way Electron’s install.js checks it: version, path.txt, executable', () => {
    const dir = scratchDir();
    write(path.join(dir, 'package.json'), JSON.stringify({ version: '45.4.1' }));
    expect(findElectron({ env: {}, electronDir: dir, platform: 'linux' })).toEqual({
      binary: null,
      canFetch: true,
      why: 'its binary is not downloaded yet',
    });

    write(path.join(dir, 'path.txt'), 'electron');
    write(path.join(dir, 'dist', 'version'), 'v45.4.1');
    write(path.join(dir, 'dist', 'electron'));
    expect(findElectron({ env: {}, electronDir: dir, platform: 'linux' })).toEqual({ binary: path.join(dir, 'dist', 'electron') });

    // A dist left by another Electron version is not ours: fetch again.
    write(path.join(dir, 'dist', 'version'), 'v44.0.0');
    expect(findElectron({ env: {}, electronDir: dir, platform: 'linux' }).binary).toBeNull();
  });

  it('lets ELECTRON_EXEC_PATH, then ELECTRON_OVERRIDE_DIST_PATH choose the binary, and never fetches for them', () => {
    const dir = scratchDir();
    write(path.join(dir, platformPath('darwin')));
    write(path.join(dir, 'my-electron'));
    expect(findElectron({ env: { ELECTRON_OVERRIDE_DIST_PATH: dir }, electronDir: null, platform: 'darwin' })).toEqual({
      binary: path.join(dir, 'Electron.app/Contents/MacOS/Electron'),
    });
    expect(
      findElectron({ env: { ELECTRON_OVERRIDE_DIST_PATH: dir, ELECTRON_EXEC_PATH: path.join(dir, 'my-electron') }, electronDir: null }),
    ).toEqual({
      binary: path.join(dir, 'my-electron'),
    });
    expect(findElectron({ env: { ELECTRON_OVERRIDE_DIST_PATH: dir }, electronDir: null, platform: 'win32' })).toMatchObject({
      binary: null,
      canFetch: false,
    });
  });

  it('rebuilds when an output is missing or a source file is newer than the oldest output', () => {
    const project = scratchDir();
    write(path.join(project, 'src', 'main', 'index.ts'));
    write(path.join(project, 'package.json'), '{}');
    expect(needsBuild(project)).toBe(true);

    const outputs = ['out/main/index.js', 'out/main/cli.js', 'out/preload/index.js', 'out/renderer/index.html'];
    for (const f of outputs) write(path.join(project, f));
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(project, 'src', 'main', 'index.ts'), past, past);
    utimesSync(path.join(project, 'package.json'), past, past);
    expect(needsBuild(project)).toBe(false);

    write(path.join(project, 'src', 'main', 'index.ts'), '// edited');
    expect(needsBuild(project)).toBe(true);
  });

  it('opens a browser only where a person is sitting: never on CI, and on Linux only with a display', () => {
    const url = 'http://127.0.0.1:1/?token=x';
    expect(openBrowser(url, { env: { CI: 'true', DISPLAY: ':0' }, platform: 'linux' })).toBe('not-opened');
    expect(openBrowser(url, { env: { SOCKET_LAB_NO_BROWSER: '1' }, platform: 'darwin' })).toBe('not-opened');
    expect(openBrowser(url, { env: {}, platform: 'linux' })).toBe('not-opened');
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
  });
});
