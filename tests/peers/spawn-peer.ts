// Runs the seed-style Python peers for the tests: servers until their "READY <port>" line,
// clients until they exit. Every process started here is killed by stopPeers() (call it in afterEach).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { runToEnd, type FinishedRun } from '../run-to-end';

// __dirname works under both runners (vitest and Playwright's CommonJS transform); import.meta does not.
const peersDir = __dirname;
const running = new Set<ChildProcess>();

export type ServerPeerName =
  | 'tcp_ack_server'
  | 'tcp_upper_server'
  | 'tcp_hello_server'
  | 'udp_upper_server'
  | 'udp_hello_server'
  | 'tcp_never_accept_server'
  /** Its "host" is the 239.x group it joins on 127.0.0.1; extra args: [COUNT]. */
  | 'udp_multicast_receiver'
  | 'tcp_length_prefixed_server'
  /** Extra args: [ENCODING]: answers "[text]" in it. */
  | 'udp_encoded_server'
  /** Prints "DONE <bytes> <sha256>" per connection at its end; extra args: [BYTES_PER_SECOND] (a slow reader). */
  | 'tcp_sha256_sink'
  /** Prints "TOTAL <datagrams> <bytes> <largest> <sha256>" after each quiet 0.3 s. */
  | 'udp_count_sink'
  /** Answer nothing; print "RECEIVED <hex>" per connection (TCP, once the client closes) or datagram (UDP). */
  | 'tcp_sink_server'
  | 'udp_sink_server'
  /** Prints "RECV <text>" per recv(1024), then "EOF" or "RESET" per client; extra args: [--reply HEX] (sent after the client's FIN) or [--shut] (its own FIN first). */
  | 'tcp_close_watch_server';
/** udp_multicast_sender: GROUP PORT MESSAGE [COUNT], to a 239.x group over 127.0.0.1 with loop on. */
export type ClientPeerName =
  | 'tcp_line_client'
  | 'tcp_hello_client'
  | 'udp_client'
  | 'udp_multicast_sender'
  | 'tcp_burst_client'
  | 'tcp_reset_client'
  /** HOST PORT HEX [REPEAT]: sends, reads the echo back, closes; prints "ECHOED <n>". */
  | 'tcp_echo_check_client'
  /** [--timeout S] HOST PORT ENCODING MESSAGE...: prints "REPLY <text>" decoded in it. */
  | 'udp_encoded_client'
  /** [--shut] [--wait S] HOST PORT [HEX...]: each HEX its own write; prints CONNECTED, SHUT, "RECV <text>" per read, EOF or RESET. */
  | 'tcp_close_watch_client';

export interface ServerPeer {
  port: number;
  host: string;
  /** What the server wrote to stderr so far (it logs "received : ..." there). */
  stderr(): string;
}

export interface ClientRun extends FinishedRun {
  /** stdout split into lines, without the empty last one. */
  lines: string[];
}

let python: string | undefined;
/** The real interpreter behind `python3` ($PYTHON wins): version-manager shims can take a second per start. */
function pythonPath(): string {
  python ??= process.env.PYTHON ?? execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  return python;
}

function start(script: string, args: string[]): ChildProcess {
  // stdin stays an open pipe: a peer exits when it closes, i.e. when the test process dies.
  const child = spawn(pythonPath(), ['-u', path.join(peersDir, `${script}.py`), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Starts a server peer on host:port (0 = any free port) and resolves once it printed READY. */
export function startServer(
  name: ServerPeerName,
  host = '127.0.0.1',
  port = 0,
  timeoutMs = 5000,
  extraArgs: string[] = [],
): Promise<ServerPeer & { stdout(): string }> {
  const child = start(name, [host, String(port), ...extraArgs]);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not print READY within ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^READY (\d+)\r?\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), host, stderr: () => err, stdout: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before READY; stderr: ${err}`));
    });
  });
}

/** Runs a client peer to its end (it has its own timeouts) and returns what it printed. */
export async function runClient(name: ClientPeerName, args: string[], timeoutMs = 15_000): Promise<ClientRun> {
  const child = start(name, args);
  child.stdin!.end(); // clients do not read stdin
  const run = await runToEnd(child, `${name} ${args.join(' ')}`, timeoutMs);
  const lines = run.stdout.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return { ...run, lines };
}

/** Kills every peer still running and waits until they are gone. */
export async function stopPeers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  running.clear();
}
