// Runs the built `socket-lab` command (node bin/socket-lab.js) for the CLI tests, as a student
// would from a terminal. Needs `npx electron-vite build` first (npm test does it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, expect } from 'vitest';
import { stopPeers } from '../peers/spawn-peer';
import { runToEnd, type FinishedRun } from '../run-to-end';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'socket-lab.js');
const running = new Set<ChildProcess>();

export type CliRun = FinishedRun;

/** Registers the checks and cleanup every CLI test file needs. */
export function useCli(): void {
  beforeAll(() => {
    if (!existsSync(path.join(root, 'out', 'main', 'cli.js'))) {
      throw new Error('out/main/cli.js is missing: run "npx electron-vite build" (npm test builds first)');
    }
  });

  afterEach(async () => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    running.clear();
    await stopPeers();
  });
}

function cli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  return child;
}

/** Runs the CLI to its end (bounded). */
export function run(args: string[], timeoutMs = 10_000): Promise<CliRun> {
  return runToEnd(cli(args), `socket-lab ${args.join(' ')}`, timeoutMs);
}

export interface Serving {
  url: string;
  host: string;
  port: number;
  output(): string;
  /** SIGTERM, then the exit code and everything printed. */
  stop(): Promise<CliRun>;
}

/** Starts `socket-lab serve ...` and waits for its first line, "listening on URL". */
export function serve(args: string[], timeoutMs = 10_000): Promise<Serving> {
  const child = cli(['serve', ...args]);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no first line within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    void exited.then((code) => reject(new Error(`serve exited (${code}) early; stderr: ${stderr}`)));
    let announced = false;
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (announced) return;
      const m = /^listening on ((?:tcp|udp|tls):\/\/\[?([^\]\s]*?)\]?:(\d+))\n/.exec(stdout);
      if (!m) return;
      announced = true;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        host: m[2]!,
        port: Number(m[3]),
        output: () => stdout,
        stop: async () => {
          child.kill('SIGTERM');
          const code = await withTimeout(exited, 5000, 'serve to stop on SIGTERM');
          return { code, stdout, stderr };
        },
      });
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

export async function eventually(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A failure prints exactly one line, on stderr, and nothing on stdout. */
export function expectOneErrorLine(result: CliRun, code: number, message: string | RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n');
  expect(lines.at(-1)).toBe(''); // ends with a newline
  expect(lines.slice(0, -1)).toHaveLength(1);
  if (typeof message === 'string') expect(lines[0]).toBe(message);
  else expect(lines[0]).toMatch(message);
}

/** The last line of `send` and `serve`: exact message and byte counts per direction. */
export const summary = (inMessages: number, inBytes: number, outMessages: number, outBytes: number): string =>
  `summary: in ${inMessages} messages ${inBytes} bytes, out ${outMessages} messages ${outBytes} bytes\n`;

export const freePort = (host = '127.0.0.1'): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
