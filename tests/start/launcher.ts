// Runs scripts/start.mjs (what `npm start` runs) for the start tests, and always stops all it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll } from 'vitest';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const launcherScript = path.join(root, 'scripts', 'start.mjs');
const running = new Set<ChildProcess>();
const scratch: string[] = [];

export interface Launch {
  output(): string;
  /** Resolves to the first match of `pattern` in stdout + stderr (bounded). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** Resolves to the exit code when the launcher ends by itself (bounded). */
  exited(ms?: number): Promise<number | null>;
  /** SIGTERM, as a service manager or `kill` would send, then the exit code (bounded). */
  stop(ms?: number): Promise<number | null>;
}

/** Checks and cleanup every start test file needs. */
export function useLauncher(): void {
  beforeAll(() => {
    for (const file of ['out/main/index.js', 'out/main/cli.js', 'out/renderer/index.html']) {
      if (!existsSync(path.join(root, file))) throw new Error(`${file} is missing: run "npx electron-vite build" (npm test builds first)`);
    }
  });
  afterEach(() => {
    for (const child of running) {
      // The launcher leads its own process group: this reaches the web host and installer it started.
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    running.clear();
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
}

export function scratchDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-start-'));
  scratch.push(dir);
  return dir;
}

/**
 * A clean environment: nothing of this machine's Electron or npm settings leaks in (an npm mirror
 * setting could otherwise make a test download Electron into node_modules), plus `extra`.
 */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), LANG: 'C.UTF-8' };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  return { ...env, ...extra };
}

export function startLauncher(env: Record<string, string>, args: string[] = []): Launch {
  const child = spawn(process.execPath, [launcherScript, ...args], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer): void => {
    output += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

  const bounded = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}; output so far:\n${output}`)), ms);
      promise.then(
        (v) => (clearTimeout(timer), resolve(v)),
        (e: unknown) => (clearTimeout(timer), reject(e)),
      );
    });

  return {
    output: () => output,
    waitFor: (pattern, ms = 15_000) =>
      bounded(
        new Promise<RegExpExecArray>((resolve, reject) => {
          const check = (): void => {
            const m = pattern.exec(output);
            if (m) {
              listeners.delete(check);
              resolve(m);
            }
          };
          listeners.add(check);
          check();
          void exit.then((code) => reject(new Error(`the launcher exited (${code}) before printing ${pattern}; output:\n${output}`)));
        }),
        ms,
        String(pattern),
      ),
    exited: (ms = 15_000) => bounded(exit, ms, 'the launcher to exit'),
    stop: (ms = 10_000) => {
      child.kill('SIGTERM');
      return bounded(exit, ms, 'the launcher to stop on SIGTERM');
    },
  };
}

/** A stand-in program in `dir` that writes its arguments to `<dir>/<name>.args` and exits. */
export function fakeProgram(dir: string, name: string, body = ''): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" > "$(dirname "$0")/${name}.args"\n${body}\nexit 0\n`);
  chmodSync(file, 0o755);
  return path.join(dir, `${name}.args`);
}

/** A TCP server that accepts and never answers (a download that hangs); counts its connections, all and still open. */
export async function silentServer(): Promise<{ url: string; connections(): number; open(): number; close(): Promise<void> }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    count++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    // Read (and drop) the request: a paused socket would never see the peer's end.
    s.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    connections: () => count,
    open: () => sockets.size,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening on it (a download that is refused at once). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function eventually(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Lines of the output that mention Electron. */
export const electronLines = (output: string): string[] => output.split('\n').filter((line) => /electron/i.test(line));
