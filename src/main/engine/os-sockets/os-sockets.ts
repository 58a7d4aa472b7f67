// The operating system's view of a session's TCP sockets (the lab's OS view, the osSockets command): runs
// Linux's `ss` without a shell, with fixed arguments and ss's own port filter, bounded in time and output.
import type * as ChildProcess from 'node:child_process';
import { existsSync } from 'node:fs';
import type { SessionInfo } from '../../../shared/contract';
import { transportOf } from '../../../shared/kinds';
import type { OsSocketsResult } from '../../../shared/os-sockets';
import { EngineError } from '../errors';
import { parseSsOutput } from './ss-output';

/** ss answers in milliseconds; a machine so busy it takes longer gets a clear error, not a hung poll. */
export const ssTimeoutMs = 2000;
/** Enough for thousands of sockets with their details; more is cut (and said). */
export const ssMaxOutputBytes = 512 * 1024;
/** The rows a window is sent at most. */
export const maxOsRows = 200;

// Loaded on first use: no other command runs a program.
const childProcess = (): typeof ChildProcess => process.getBuiltinModule('node:child_process');

/** Where ss usually is: a desktop launcher's PATH may lack the sbin folders. */
const ssPlaces = ['/usr/bin/ss', '/usr/sbin/ss', '/bin/ss', '/sbin/ss'];

let ssPath: string | null | undefined;
/** The ss program, looked up once (null: not installed). */
function findSs(): string | null {
  ssPath ??= ssPlaces.find((p) => existsSync(p)) ?? null;
  return ssPath;
}

/** The session's local ports: its listening socket or bound address, and each connection's own end. */
export function sessionPorts(session: Pick<SessionInfo, 'local' | 'connections'>): number[] {
  const ports = new Set<number>();
  if (session.local && session.local.port > 0) ports.add(session.local.port);
  for (const c of session.connections) if (c.local && c.local.port > 0) ports.add(c.local.port);
  return [...ports].sort((a, b) => a - b);
}

/** ss's filter: sockets whose local or remote port is one of ours (on loopback both ends of a connection show). */
export function ssArguments(ports: readonly number[]): string[] {
  const filter: string[] = [];
  for (const port of ports) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a port: ${port}`);
    if (filter.length > 0) filter.push('or');
    filter.push('sport', '=', `:${port}`, 'or', 'dport', '=', `:${port}`);
  }
  return ['-t', '-n', '-i', '-o', '-a', '(', ...filter, ')'];
}

function runSs(program: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    childProcess().execFile(
      program,
      args,
      { timeout: ssTimeoutMs, maxBuffer: ssMaxOutputBytes, encoding: 'utf8', env: { LC_ALL: 'C' }, windowsHide: true },
      (err, stdout, stderr) => {
        if (!err) {
          resolve(stdout);
          return;
        }
        const e = err as ChildProcess.ExecFileException;
        // Cut at the cap: what came so far is still worth reading.
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          resolve(stdout);
          return;
        }
        const detail = e.killed ? `no answer within ${ssTimeoutMs} ms` : (stderr.trim().split('\n')[0] ?? e.message).slice(0, 200);
        reject(new EngineError('SS_FAILED', { key: 'osViewFailed', params: { detail: detail || e.message } }));
      },
    );
  });
}

export interface OsSocketsOptions {
  platform?: NodeJS.Platform;
  /** The ss program (tests); default: found in the usual places. */
  ss?: string | null;
}

/** What ss says about the session's TCP sockets now; unavailable (with why) off Linux, without ss, or for UDP. */
export async function osSockets(
  session: Pick<SessionInfo, 'kind' | 'local' | 'connections'>,
  options: OsSocketsOptions = {},
): Promise<OsSocketsResult> {
  if ((options.platform ?? process.platform) !== 'linux') return { available: false, problem: { key: 'osViewNotLinux' } };
  const program = options.ss === undefined ? findSs() : options.ss;
  if (program === null) return { available: false, problem: { key: 'osViewNoSs' } };
  if (transportOf(session.kind) !== 'tcp') return { available: false, problem: { key: 'osViewNotTcp' } };
  const ports = sessionPorts(session);
  if (ports.length === 0) return { available: true, ports, rows: [], truncated: false };
  const rows = parseSsOutput(await runSs(program, ssArguments(ports)), ports);
  // The session's own sockets first, then the other ends; LISTEN before connections.
  rows.sort((a, b) => Number(b.mine) - Number(a.mine) || Number(b.state === 'LISTEN') - Number(a.state === 'LISTEN'));
  return { available: true, ports, rows: rows.slice(0, maxOsRows), truncated: rows.length > maxOsRows };
}
