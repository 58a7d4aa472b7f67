// Waits for a child process to exit (bounded) and returns what it printed: shared by the CLI
// tests and the Python peers.
import type { ChildProcess } from 'node:child_process';

export interface FinishedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runToEnd(child: ChildProcess, label: string, timeoutMs: number): Promise<FinishedRun> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} did not finish within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
