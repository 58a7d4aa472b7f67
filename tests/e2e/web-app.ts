// Starts the real `socket-lab web` (built CLI, real engine) and hands its tokened URL to a test.
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

export interface WebApp {
  url: string;
  process: ChildProcess;
  /** The app's data folder (settings.json, captures/). */
  dataDir: string;
}

/** A data folder of the test's own: the window's kept settings never leak from one test (or the user) to another. */
export const freshDataDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'socket-lab-e2e-'));

/** `args` go after `web --port 0` (e.g. `--data-dir DIR`; without one, a fresh folder is used). */
export async function startWebApp(args: string[] = []): Promise<WebApp> {
  const given = args.indexOf('--data-dir');
  const dataDir = given >= 0 ? args[given + 1]! : freshDataDir();
  const withData = given >= 0 ? args : [...args, '--data-dir', dataDir];
  const child = spawn(process.execPath, [path.join(root, 'bin/socket-lab.js'), 'web', '--port', '0', ...withData], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`socket-lab web printed no URL within 10 s: ${out}${err}`)), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socket-lab web exited with ${code}: ${err}`));
    });
  });
  return { url, process: child, dataDir };
}

export const test = base.extend<{ app: WebApp }>({
  // Playwright reads a fixture's needs from this destructuring: an empty one means "none".
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const app = await startWebApp();
    await use(app);
    await stopWebApp(app);
    rmSync(app.dataDir, { recursive: true, force: true });
  },
});

/** Stops the app the way Ctrl+C does and waits for it to end (its last settings are then on disk). */
export async function stopWebApp(app: WebApp): Promise<void> {
  if (app.process.exitCode !== null || app.process.signalCode !== null) return;
  const ended = new Promise<void>((resolve) => app.process.once('exit', () => resolve()));
  app.process.kill('SIGTERM');
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5000))]);
}

export { expect } from '@playwright/test';
