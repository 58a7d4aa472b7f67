// TLS peers Socket Lab did not write: `openssl s_server` (reverses each line with -rev) and
// `openssl s_client`, plus test certificates made by `openssl req`. stopOpenssl() kills every one started.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const running = new Set<ChildProcess>();

export interface TestCertificates {
  dir: string;
  /** Self-signed for CN=localhost with subjectAltName DNS:localhost, IP:127.0.0.1 (also its own CA). */
  cert: string;
  key: string;
  /** Another self-signed certificate (CN=other.example): a wrong CA, and a key that is not `cert`'s. */
  otherCert: string;
  otherKey: string;
  /** Self-signed for CN=only.example (no localhost): a name mismatch. */
  mismatchCert: string;
  mismatchKey: string;
  /** Text that is not PEM. */
  notPem: string;
}

function selfSigned(dir: string, name: string, cn: string, san: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}-cert.pem`);
  const key = path.join(dir, `${name}-key.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      `subjectAltName=${san}`,
      '-days',
      '1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/** Makes the test certificates in a new temp folder. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-tls-'));
  const main = selfSigned(dir, 'localhost', 'localhost', 'DNS:localhost,IP:127.0.0.1');
  const other = selfSigned(dir, 'other', 'other.example', 'DNS:other.example');
  const mismatch = selfSigned(dir, 'mismatch', 'only.example', 'DNS:only.example');
  const notPem = path.join(dir, 'not-pem.txt');
  writeFileSync(notPem, 'this is not a certificate\n');
  return {
    dir,
    ...main,
    otherCert: other.cert,
    otherKey: other.key,
    mismatchCert: mismatch.cert,
    mismatchKey: mismatch.key,
    notPem,
  };
}

/** A port free right now (bound on 0, then released) for a peer that cannot be told to pick one. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface SServer {
  port: number;
  /** What s_server printed so far (handshake notes, the data it received). */
  output(): string;
}

/** `openssl s_server -rev` on a free loopback port: answers each line reversed; resolves once it printed ACCEPT. */
export async function startSServer(cert: string, key: string, extra: string[] = [], timeoutMs = 5000): Promise<SServer> {
  const port = await freePort();
  const child = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', cert, '-key', key, '-rev', ...extra], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  const add = (d: Buffer): void => void (out += d.toString());
  child.stdout!.on('data', add);
  child.stderr!.on('data', add);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s_server did not print ACCEPT within ${timeoutMs} ms: ${out}`)), timeoutMs);
    const check = (): void => {
      if (out.includes('ACCEPT')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s_server exited (${code}): ${out}`));
    });
  });
  return { port, output: () => out };
}

export interface SClientRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `openssl s_client -connect 127.0.0.1:PORT -quiet`, `input` written then stdin held open for `holdMs`
 * (the answer needs time to come back), then closed; resolves when it exits (killed after timeoutMs).
 */
export function runSClient(port: number, input: string, extra: string[] = [], holdMs = 1500, timeoutMs = 10_000): Promise<SClientRun> {
  const child = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-quiet', '-no_ign_eof', ...extra], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin!.on('error', () => undefined);
  child.stdin!.write(input);
  const hold = setTimeout(() => child.stdin!.end(), holdMs);
  const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(hold);
      clearTimeout(kill);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Kills every openssl peer still running and waits until each is gone. */
export async function stopOpenssl(): Promise<void> {
  const children = [...running];
  running.clear();
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
