// Starts the real `socket-lab web` (built CLI, real engine) and hands its tokened URL to a test.
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

export interface WebApp {
  url: string;
  process: ChildProcess;
}

/** `args` go after `web --port 0` (e.g. `--data-dir DIR`). */
export async function startWebApp(args: string[] = []): Promise<WebApp> {
  const child = spawn(process.execPath, [path.join(root, 'bin/socket-lab.js'), 'web', '--port', '0', ...args], {
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
  return { url, process: child };
}

export const test = base.extend<{ app: WebApp }>({
  // Playwright reads a fixture's needs from this destructuring: an empty one means "none".
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const app = await startWebApp();
    await use(app);
    app.process.kill('SIGTERM');
  },
});

export { expect } from '@playwright/test';
