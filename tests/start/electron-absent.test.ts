// `npm start` without the Electron binary: one line says so and why, and the window is served to the browser.
// Runs for real on machines without the binary, and is skipped where a real binary is installed.
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectron } from '../../scripts/start.mjs';
import {
  cleanEnv,
  closedPort,
  electronLines,
  eventually,
  fakeProgram,
  root,
  scratchDir,
  silentServer,
  startLauncher,
  useLauncher,
} from './launcher';

useLauncher();

// Without overrides, is a real binary on disk here? Then "absent" cannot be shown on this machine.
const present = findElectron({ env: {} }).binary !== null;
const skipReason = 'a real Electron binary is installed here, so the launcher would open it: the "Electron absent" tests are skipped';
if (present) console.log(`SKIPPED: ${skipReason}`);

const indexHtml = (): string => readFileSync(path.join(root, 'out', 'renderer', 'index.html'), 'utf-8');

const urlLine = /Socket Lab is open at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=\S+)/;

/** A folder for the fake browser opener, first on PATH, and a fresh Electron download cache. */
function sandbox(): { bin: string; opened: string; env: Record<string, string> } {
  const bin = scratchDir();
  const opened = fakeProgram(bin, 'xdg-open');
  return {
    bin,
    opened,
    env: cleanEnv({
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      // An empty cache: a zip cached by an earlier download must not turn into an install here.
      electron_config_cache: scratchDir(),
      // out/ is built by npm test; other tests read it while these run, so never rebuild it here.
      SOCKET_LAB_SKIP_BUILD: '1',
    }),
  };
}

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });

describe.skipIf(present)('npm start without the Electron binary', () => {
  it('says in one line that ELECTRON_SKIP_BINARY_DOWNLOAD keeps Electron away, serves the window, opens no browser on CI, and stops on SIGTERM', async () => {
    const { opened, env } = sandbox();
    const run = startLauncher({ ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: '1', DISPLAY: ':99' });
    const [, url, port] = await run.waitFor(urlLine);

    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(indexHtml());

    expect(await run.stop()).toBe(0);
    expect(electronLines(run.output())).toEqual([
      'Electron is not available (ELECTRON_SKIP_BINARY_DOWNLOAD is set, so its binary is not downloaded): opening the window in the browser instead.',
    ]);
    expect(await refused(Number(port))).toBe(true);
    expect(existsSync(opened)).toBe(false);
  });

  it('tries Electron’s own installer, reports the refused download in one line, and opens the browser where there is a display', async () => {
    const { opened, env } = sandbox();
    const port = await closedPort();
    const run = startLauncher({ ...env, ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, DISPLAY: ':99' });
    const [, url] = await run.waitFor(urlLine);

    await eventually(() => existsSync(opened) && readFileSync(opened, 'utf-8') !== '', 'the fake xdg-open to be called');
    expect(readFileSync(opened, 'utf-8')).toBe(`${url}\n`);
    expect(electronLines(run.output())).toHaveLength(1);
    expect(electronLines(run.output())[0]).toMatch(
      new RegExp(
        `^Electron is not available \\(its binary could not be downloaded from 127\\.0\\.0\\.1:${port} \\(.+\\)\\): opening the window in the browser instead\\.$`,
      ),
    );
    expect((await fetch(url!)).status).toBe(200);
    expect(await run.stop()).toBe(0);
  });

  it('gives up on a download that hangs after SOCKET_LAB_ELECTRON_TIMEOUT seconds', async () => {
    const { env } = sandbox();
    const server = await silentServer();
    try {
      const started = Date.now();
      // 3 s, not 1: on a loaded machine the installer may take over a second just to start and connect.
      const run = startLauncher({ ...env, ELECTRON_MIRROR: server.url, SOCKET_LAB_ELECTRON_TIMEOUT: '3', DISPLAY: ':99', CI: '1' });
      await run.waitFor(urlLine);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(server.connections()).toBeGreaterThan(0);
      // A download still running after a while is announced first ("Downloading ... gives up after 3 s").
      const lines = electronLines(run.output());
      expect(lines.at(-1)).toBe(
        `Electron is not available (the download from ${new URL(server.url).host} did not finish within 3 s; set SOCKET_LAB_ELECTRON_TIMEOUT to wait longer): opening the window in the browser instead.`,
      );
      expect(lines.slice(0, -1)).toEqual(
        lines.length > 1 ? ['Downloading the Electron binary (once; about 100 MB; gives up after 3 s)...'] : [],
      );
      expect(await run.stop()).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('stops the download too when stopped while it runs', async () => {
    const { env } = sandbox();
    const server = await silentServer();
    try {
      const run = startLauncher({ ...env, ELECTRON_MIRROR: server.url, DISPLAY: ':99', CI: '1' });
      await eventually(() => server.open() > 0, 'the installer to connect', 10_000);
      // Ended by the signal, as a program that does not catch it would be; the installer with it.
      expect(await run.stop()).toBeNull();
      await eventually(() => server.open() === 0, 'the installer to let go of the connection');
      expect(run.output()).not.toMatch(/Socket Lab is open/);
    } finally {
      await server.close();
    }
  });

  it.runIf(process.platform === 'linux')(
    'on a box with no display, downloads nothing, opens no browser and prints the URL for an SSH tunnel',
    async () => {
      const { opened, env } = sandbox();
      const server = await silentServer();
      try {
        const run = startLauncher({ ...env, ELECTRON_MIRROR: server.url });
        await run.waitFor(urlLine);
        expect(electronLines(run.output())).toEqual([
          'Electron is not available (there is no display: DISPLAY and WAYLAND_DISPLAY are unset): opening the window in the browser instead.',
        ]);
        expect(await run.stop()).toBe(0);
        expect(server.connections()).toBe(0);
        expect(existsSync(opened)).toBe(false);
      } finally {
        await server.close();
      }
    },
  );
});
