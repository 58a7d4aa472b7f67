// Start-up: --help and --version load no engine and no schema library; the commands load the bundled schemas their API calls go through, and only `web` the web host.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd } from '../run-to-end';
import { freePort, root, useCli } from './run-cli';

useCli();

const dir = mkdtempSync(path.join(tmpdir(), 'socket-lab-loads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let runs = 0;

/** Runs the CLI under a hook that records every file it loaded; returns those files. */
async function loadedFiles(args: string[]): Promise<string[]> {
  const file = path.join(dir, `loads-${runs++}.json`);
  const child = spawn(
    process.execPath,
    ['--require', path.join(__dirname, 'record-loads.cjs'), path.join(root, 'bin', 'socket-lab.js'), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SOCKET_LAB_LOADS: file },
    },
  );
  await runToEnd(child, `socket-lab ${args.join(' ')}`, 10_000);
  return JSON.parse(readFileSync(file, 'utf8')) as string[];
}

/**
 * The source files a loaded file was built from, read from its source map (the build is minified, so
 * names in the code say nothing); a file from node_modules is its own source. A built file that names
 * a map it lacks fails the test rather than passing it for want of anything to recognise.
 */
function sourcesOf(file: string): string[] {
  if (!file.startsWith(path.join(root, 'out') + path.sep)) return [file];
  // The bundler's own runtime helpers come from no source file, and carry no map.
  if (!readFileSync(file, 'utf8').includes('//# sourceMappingURL=')) return [];
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
  return map.sources.map((s) => path.resolve(path.dirname(file), s));
}
const builtFrom = (file: string, pattern: RegExp): boolean => sourcesOf(file).some((s) => pattern.test(s));
// zod's code (bundled or not) and the contract's schemas.
const holdsSchemas = (file: string): boolean => builtFrom(file, /[\\/]zod[\\/]|[\\/]src[\\/]shared[\\/]contract\.ts$/);
const holdsEngine = (file: string): boolean => builtFrom(file, /[\\/]src[\\/]main[\\/]engine[\\/]kinds[\\/]tcp[\\/]client-session\.ts$/);
// Its definition, not the `web` command's call of it (which shares a chunk with the other commands).
const holdsWebHost = (file: string): boolean => builtFrom(file, /[\\/]ws[\\/]|[\\/]src[\\/]main[\\/]web-host\.ts$/);

describe('start-up', () => {
  it.each([['--help'], ['--version'], ['send', '--help']])('socket-lab %s loads no schema library and no engine', async (...args) => {
    const files = await loadedFiles(args);
    expect(files).toContain(path.join(root, 'out', 'main', 'cli.js'));
    expect(files.filter(holdsSchemas)).toEqual([]);
    expect(files.filter(holdsEngine)).toEqual([]);
  });

  it('send and serve load the schemas their commands go through, bundled; neither loads the web host', async () => {
    const send = await loadedFiles(['send', `tcp://127.0.0.1:${await freePort()}`, '--text', 'x']);
    expect(send.filter((f) => builtFrom(f, /[\\/]src[\\/]main[\\/]cli[\\/]send\.ts$/))).not.toEqual([]);
    // Every command of a run goes through the in-process API, so the window's schemas check it.
    expect(send.filter(holdsSchemas)).not.toEqual([]);
    expect(send.filter(holdsWebHost)).toEqual([]);
    // ...and that test can fail: the build's web host is one file it recognises.
    const chunks = path.join(root, 'out', 'main', 'chunks');
    expect(readdirSync(chunks).filter((f) => f.endsWith('.js') && holdsWebHost(path.join(chunks, f)))).toHaveLength(1);
    // Nothing is required from node_modules at run time: what the CLI uses (zod too) is bundled.
    expect(send.filter((f) => f.includes('node_modules'))).toEqual([]);
    const serve = await loadedFiles(['serve', 'tcp://127.0.0.1:0', '--reply', 'shout']);
    expect(serve.filter(holdsSchemas)).not.toEqual([]);
    expect(serve.filter(holdsWebHost)).toEqual([]);
  });
});
