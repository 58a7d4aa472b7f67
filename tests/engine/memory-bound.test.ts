// The whole process stays within the log budget plus a fixed margin: the built engine, in a fresh
// `node --expose-gc` process (udp-flood-memory.mjs), logs 200,000 datagrams of 64 B with a 16 MiB
// budget, more than twice what it holds. Needs `npx electron-vite build` first (npm test builds).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const MiB = 1024 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = path.join(root, 'tests', 'engine', 'udp-flood-memory.mjs');

interface FloodReport {
  logged: number;
  counted: number;
  held: number;
  settings: { logBudgetBytes: number; logBytes: number; logEntries: number };
  before: { rss: number; held: number };
  after: { rss: number; held: number };
}

function flood(budgetMiB: number, count: number): Promise<FloodReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script, String(budgetMiB), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out) as FloodReport);
      else reject(new Error(`the flood script ended with ${code}: ${err}`));
    });
  });
}

it(
  '200,000 logged datagrams with a 16 MiB budget: the logs hold 16 MiB, the process the budget plus a fixed margin',
  { timeout: 60_000 },
  async () => {
    if (!existsSync(path.join(root, 'out', 'main', 'engine.js')))
      throw new Error('out/main/engine.js is missing: run "npx electron-vite build" first');
    const budget = 16 * MiB;
    const report = await flood(16, 200_000);
    // Loopback in one process, paced: (nearly) every datagram arrives, and every one is counted.
    expect(report.logged).toBeGreaterThan(190_000);
    expect(report.counted).toBe(report.logged);
    // The log kept what fits in the budget, and dropped the rest.
    expect(report.settings.logBytes).toBeLessThanOrEqual(budget);
    expect(report.settings.logBytes).toBeGreaterThan(budget - 1000);
    expect(report.held).toBe(report.settings.logEntries);
    expect(report.held).toBeLessThan(report.logged / 2);
    // What the process holds: V8's figures within the budget, RSS within it plus a fixed margin for
    // the garbage collector's room (new space alone may keep 32 MiB) and the allocator: measured
    // ~26 MiB above the budget here. (1,000,000 datagrams with a 128 MiB budget: RSS ~207 MiB, where
    // a log keeping one object per row reached 285-370 MiB.)
    expect(report.after.held - report.before.held).toBeLessThan(budget + 8 * MiB);
    expect(report.after.rss - report.before.rss).toBeLessThan(budget + 64 * MiB);
  },
);
