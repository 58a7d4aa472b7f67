// What every bench figure shares: sizes (full or BENCH_QUICK), child processes that are always cleaned
// up, the CLI's summary line, kernel socket counters from /proc, RSS, statistics and the result line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_DIR = path.join(ROOT, 'bench');
export const PEERS = path.join(BENCH_DIR, 'peers');
/** The `socket-lab` entry measured: this checkout's, or another build's (BENCH_CLI=/path/to/socket-lab.js). */
export const CLI = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : path.join(ROOT, 'bin', 'socket-lab.js');
export const NODE = process.execPath;
export const HOST = '127.0.0.1';
export const QUICK = /^(1|true|yes)$/i.test(process.env.BENCH_QUICK ?? '');
/** Full size, or the BENCH_QUICK size: a smoke run checks the logic, not the numbers. */
export const size = (full, quick) => (QUICK ? quick : full);

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
/** The targets speak of MB: 10^6 bytes. */
export const MB = 1e6;

/** The marker of the one line a figure prints for the runner. */
export const RESULT_MARK = '@@bench-result ';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const now = () => performance.now();

// ---------- outcomes ----------

/** A feature the figure needs is not there (yet): the figure prints "not available (reason)", and
 * whatever else was measured (`partial`: the reference, notes). */
export class NotAvailable extends Error {
  constructor(message, partial = {}) {
    super(message);
    this.partial = partial;
  }
}
/** The product misbehaved (crashed, hung, lost a reply): the figure is MISSED, with the reason. */
export class Failed extends Error {}

/** Prints a progress line (the runner relays it, indented). */
export const say = (text) => process.stdout.write(`${text}\n`);

/**
 * Runs one figure in this process and prints its result line; `measure` returns the row's fields
 * (measured, reference, ratio, status, notes). Children are killed whatever happens.
 */
export async function runFigure(meta, measure) {
  // Stopped from outside (the runner's watchdog takes the whole group anyway): take the children along.
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      killChildren();
      process.exit(1);
    });
  }
  let row;
  try {
    row = { ...meta, ...(await measure()) };
  } catch (caught) {
    // The build vanished under us (something rebuilt out/ during the run): the bench broke, not the product.
    const err = /not built yet/.test(caught?.message ?? '')
      ? new Error(`out/ was being rebuilt during this figure: ${caught.message}`)
      : caught;
    if (err instanceof NotAvailable) {
      row = { ...meta, reference: '', ratio: '', notes: '', ...err.partial, measured: `not available (${err.message})`, status: 'N/A' };
    } else if (err instanceof Failed) {
      row = { ...meta, reference: '', ratio: '', notes: '', ...err.partial, measured: `failed (${err.message})`, status: 'MISSED' };
    } else {
      killChildren();
      process.stderr.write(`bench figure ${meta.id}: ${err?.stack ?? err}\n`);
      process.exit(1);
    }
  }
  killChildren();
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(row)}\n`);
  process.exit(0);
}

// ---------- child processes ----------

const children = new Set();

export function killChildren() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}
process.on('exit', killChildren);

const MAX_LINES = 4000;

/** A child process whose output is read line by line (the last lines are kept) and which dies with us. */
export class Proc {
  constructor(command, args, { label = path.basename(command), env, cwd = ROOT } = {}) {
    this.label = label;
    this.lines = [];
    this.stderr = '';
    this.waiters = new Set();
    this.child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(this.child);
    this.exit = null;
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => {
        this.stderr += `${err.message}\n`;
        this.exit = { code: null, signal: null, error: err };
        children.delete(this.child);
        resolve(this.exit);
        for (const w of this.waiters) w();
      });
      this.child.once('close', (code, signal) => {
        this.exit ??= { code, signal };
        children.delete(this.child);
        resolve(this.exit);
        for (const w of this.waiters) w();
      });
    });
    let partial = '';
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (text) => {
      const parts = (partial + text).split('\n');
      partial = parts.pop();
      for (const line of parts) this.push(line);
    });
    this.child.stdout.on('end', () => {
      if (partial) this.push(partial);
      partial = '';
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text) => {
      this.stderr = (this.stderr + text).slice(-16 * KiB);
    });
  }

  push(line) {
    this.lines.push(line);
    if (this.lines.length > MAX_LINES) this.lines.splice(0, this.lines.length - MAX_LINES);
    for (const w of this.waiters) w(line);
  }

  get pid() {
    return this.child.pid;
  }

  /** The first line of stderr, for a one-line reason. */
  get why() {
    return this.stderr.trim().split('\n')[0] ?? '';
  }

  /** Resolves with the regex match of the first line (seen or to come) that matches; rejects on exit or timeout. */
  waitForLine(re, timeoutMs, what = String(re)) {
    const seen = this.lines.map((l) => re.exec(l)).find(Boolean);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const done = (fn, value) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        fn(value);
      };
      const waiter = (line) => {
        if (line === undefined) {
          const { code, signal } = this.exit ?? {};
          done(reject, new ChildExit(this, `${this.label} exited (${signal ?? `status ${code}`}) before printing ${what}`));
          return;
        }
        const m = re.exec(line);
        if (m) done(resolve, m);
      };
      const timer = setTimeout(() => done(reject, new Failed(`${this.label} printed no ${what} within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiters.add(waiter);
      if (this.exit) waiter(undefined);
    });
  }

  /** Waits for the exit, at most `timeoutMs`; then kills it and throws Failed. */
  async waitExit(timeoutMs, what = 'exit') {
    const timer = sleep(timeoutMs).then(() => null);
    const exit = await Promise.race([this.exited, timer]);
    if (exit) return exit;
    this.child.kill('SIGKILL');
    await this.exited;
    throw new Failed(`${this.label} did not ${what} within ${timeoutMs / 1000} s`);
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
    if (!this.exit) this.child.kill(signal);
    return this.waitExit(timeoutMs, `stop on ${signal}`);
  }

  /** The last line that parses as JSON (peers print their result that way). */
  json() {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = this.lines[i].trim();
      if (line.startsWith('{')) {
        try {
          return JSON.parse(line);
        } catch {
          // not this one
        }
      }
    }
    return null;
  }
}

export class ChildExit extends Failed {
  constructor(proc, message) {
    super(`${message}${proc.why ? `: ${proc.why}` : ''}`);
    this.proc = proc;
  }
}

/** Runs a peer script from bench/peers with its options as one JSON argument. */
export const peer = (name, options = {}, label = name) =>
  new Proc(NODE, [path.join(PEERS, `${name}.mjs`), JSON.stringify(options)], { label });

/** Runs a peer to its end and returns its JSON result; a peer that fails is a bench failure. */
export async function runPeer(name, options, timeoutMs) {
  const p = peer(name, options);
  const exit = await p.waitExit(timeoutMs, 'finish');
  const result = p.json();
  if (exit.code !== 0 || !result) throw new Error(`peer ${name} failed (${exit.signal ?? `status ${exit.code}`}): ${p.stderr.trim()}`);
  if (result.error) throw new Failed(`${name}: ${result.error}`);
  return result;
}

/** Whole-process wall time of one command, in ms (spawn to exit). */
export function timeProcess(command, args, { timeoutMs = 30_000, expectCode = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    // The tail holds a summary line, the head a banner such as --help's usage: keep both.
    let head = '';
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      if (head.length < 4096) head = (head + d).slice(0, 4096);
      out = (out + d).slice(-4096);
    });
    child.stderr.on('data', (d) => (err = (err + d).slice(-4096)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const ms = now() - t0;
      clearTimeout(timer);
      children.delete(child);
      if (signal === 'SIGKILL')
        reject(new Failed(`${path.basename(args[0] ?? command)} ${args.slice(1, 3).join(' ')} did not end within ${timeoutMs / 1000} s`));
      else if (expectCode !== null && code !== expectCode) {
        const e = new Failed(
          `${args
            .slice(0, 3)
            .map((a) => path.basename(a))
            .join(' ')} exited with ${code}: ${err.trim().split('\n')[0] ?? ''}`,
        );
        e.code = code;
        e.stderr = err;
        reject(e);
      } else resolve({ ms, code, head, out, err });
    });
  });
}

// ---------- the socket-lab command ----------

export const cliArgs = (...args) => [CLI, ...args];

/** `in N messages B bytes, out N messages B bytes` from the last summary line, or null. */
export function parseSummary(lines) {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^summary: in (\d+) messages (\d+) bytes, out (\d+) messages (\d+) bytes/.exec(lines[i]);
    if (m) return { inMessages: Number(m[1]), inBytes: Number(m[2]), outMessages: Number(m[3]), outBytes: Number(m[4]) };
  }
  return null;
}

/** A command-line mistake (status 2) about an option or command the CLI does not know yet. */
export const isUnknownOption = (code, stderr) => code === 2 && /unknown (option|command)|must be|needs|takes no/i.test(stderr);

/**
 * `socket-lab serve URL --reply R --quiet ...`, started and listening. A CLI without one of the
 * options says so in one line with status 2: that is a NotAvailable, quoting that line.
 */
export async function startServe(transport, reply, extra = []) {
  const args = cliArgs('serve', `${transport}://${HOST}:0`, '--reply', reply, '--quiet', ...extra);
  const proc = new Proc(NODE, args, { label: `socket-lab serve ${transport} --reply ${reply} --quiet` });
  try {
    const m = await proc.waitForLine(/^listening on (tcp|udp):\/\/(.+):(\d+)\s*$/, 20_000, 'its "listening on" line');
    proc.port = Number(m[3]);
    return proc;
  } catch (err) {
    const exit = proc.exit;
    if (exit && isUnknownOption(exit.code, proc.stderr))
      throw new NotAvailable(`serve ${extra.concat('--quiet').join(' ')}: "${proc.why}"`);
    throw err;
  }
}

/** SIGTERM to a serve, then its summary; no summary line is a NotAvailable (the CLI does not print one yet). */
export async function stopServe(proc) {
  const exit = await proc.stop('SIGTERM', 30_000);
  const summary = parseSummary(proc.lines);
  if (!summary) {
    if (exit.code !== 0 && exit.code !== null) throw new Failed(`${proc.label} exited with status ${exit.code}: ${proc.why}`);
    throw new NotAvailable('serve printed no "summary:" line after SIGTERM');
  }
  return summary;
}

// ---------- kernel counters (/proc) ----------

const hexPort = (port) => port.toString(16).toUpperCase().padStart(4, '0');

function procLines(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(1);
  } catch {
    return [];
  }
}

/** A UDP socket bound to `port` on this machine: bytes waiting in its receive queue, and datagrams the kernel dropped for it. */
export function udpSocket(port) {
  const p = `:${hexPort(port)}`;
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    for (const line of procLines(file)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 13 || !f[1].endsWith(p)) continue;
      const [, rx] = f[4].split(':');
      return { rxQueue: parseInt(rx, 16), drops: Number(f[12]) };
    }
  }
  return null;
}

/** Waits until the UDP socket on `port` has read everything queued for it (or `timeoutMs` passes). */
export async function udpDrained(port, timeoutMs = 15_000) {
  const end = now() + timeoutMs;
  while (now() < end) {
    const s = udpSocket(port);
    if (!s || s.rxQueue === 0) return true;
    await sleep(5);
  }
  return false;
}

/** TCP sockets (IPv4) as { local, remote, state, txQueue, rxQueue } for one local or remote port. */
export function tcpSockets(port) {
  const p = hexPort(port);
  const out = [];
  for (const line of procLines('/proc/net/tcp')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const local = parseInt(f[1].split(':')[1], 16);
    const remote = parseInt(f[2].split(':')[1], 16);
    if (f[1].endsWith(`:${p}`) || f[2].endsWith(`:${p}`)) {
      const [tx, rx] = f[4].split(':');
      out.push({ local, remote, state: f[3], txQueue: parseInt(tx, 16), rxQueue: parseInt(rx, 16) });
    }
  }
  return out;
}

/** Waits until something listens on TCP `port` (state 0A), without connecting to it. */
export async function tcpListening(port, timeoutMs = 10_000) {
  const end = now() + timeoutMs;
  while (now() < end) {
    if (tcpSockets(port).some((s) => s.local === port && s.state === '0A')) return true;
    await sleep(10);
  }
  return false;
}

/** Waits until a UDP socket is bound to `port`. */
export async function udpBound(port, timeoutMs = 10_000) {
  const end = now() + timeoutMs;
  while (now() < end) {
    if (udpSocket(port)) return true;
    await sleep(10);
  }
  return false;
}

/** A port that was free a moment ago (bound to 0, then closed), for tools that cannot report theirs. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak) of a process, in bytes; null when it is gone. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    const m = { rss: kb('VmRSS'), hwm: kb('VmHWM') };
    // A process that has exited but is not yet reaped (a zombie) has no memory lines.
    return Number.isFinite(m.rss) && Number.isFinite(m.hwm) ? m : null;
  } catch {
    return null;
  }
}

// ---------- tools ----------

/** The path of a program on PATH, or null. */
export function which(program) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, program);
    if (dir && existsSync(file)) return file;
  }
  return null;
}

/** The open-file limit of this shell (children inherit it). */
export function openFileLimit() {
  const r = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) ? n : r.stdout.trim() === 'unlimited' ? Infinity : null;
}

// ---------- statistics and formatting ----------

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Runs the variants in rounds, alternating their order each round (AB, BA, ...), and keeps every
 * value. A variant that is NotAvailable is dropped from later rounds and named in `unavailable`
 * (the others are still measured, so a reference is printed even when the engine side is missing).
 */
export async function interleaved(rounds, variants, label = 'round') {
  const names = Object.keys(variants);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  const unavailable = {};
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      if (unavailable[name]) continue;
      try {
        const value = await variants[name](r);
        results[name].push(value);
        say(`  ${label} ${r + 1}/${rounds} ${name}: ${typeof value === 'number' ? fmt(value) : JSON.stringify(value)}`);
      } catch (err) {
        if (!(err instanceof NotAvailable)) throw err;
        unavailable[name] = err.message;
        say(`  ${name}: not available (${err.message})`);
      }
    }
  }
  return { ...results, unavailable };
}

/** Throws the first variant's NotAvailable, keeping what was measured of the others in the row. */
export function requireAvailable(results, partial) {
  const reasons = Object.values(results.unavailable);
  if (reasons.length > 0) throw new NotAvailable(reasons[0], typeof partial === 'function' ? partial() : partial);
}

export const fmt = (n, digits = 1) => {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};
export const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n));
/** "207,312-280,004" for the values of one side, so the table shows how much they moved. */
export const range = (values, f = int) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? '' : s[0] === s[s.length - 1] ? f(s[0]) : `${f(s[0])}-${f(s[s.length - 1])}`;
};
/** "0.74x"; one more digit when two would print the target itself (1.203x against <= 1.20x). */
export const ratioText = (r, target) =>
  !Number.isFinite(r) ? 'n/a' : `${r.toFixed(target !== undefined && r.toFixed(2) === target.toFixed(2) && r !== target ? 3 : 2)}x`;
export const mb = (bytes) => `${fmt(bytes / MB, 0)} MB`;
export const mibps = (bytes, ms) => bytes / MiB / (ms / 1000);

/** PASS or MISSED for "at least" / "at most" targets. */
export const atLeast = (value, target) => (value >= target ? 'PASS' : 'MISSED');
export const atMost = (value, target) => (value <= target ? 'PASS' : 'MISSED');
