// The CLI's code cache (in bin/socket-lab.js), on real files in a temp folder and in fresh Node processes:
// written after a run, used by the next, never stale after a file changes, and never in the way.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const codeCache = path.resolve(__dirname, '../../bin/socket-lab.js');
const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

/** A folder of "built" files, and a runner that loads `entry` from it through the cache of `command`. */
function built(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-cache-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const run = (entry: string, command = 'send') =>
    spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(codeCache)}).useCodeCache(${JSON.stringify(dir)}, ${JSON.stringify(command)}); console.log(require(${JSON.stringify(path.join(dir, entry))}).answer())`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
  const cached = (command = 'send') => {
    const folder = path.join(dir, '.code-cache', command);
    return existsSync(folder) ? readdirSync(folder).sort() : [];
  };
  return { dir, run, cached };
}

describe('the CLI code cache', () => {
  it('is written after a run, per command, and used by the next one', () => {
    const b = built({
      'a.js': "const b = require('./b.js'); exports.answer = () => 'a+' + b.answer();",
      'b.js': "exports.answer = () => 'b';",
    });
    expect(b.cached()).toEqual([]);
    const first = b.run('a.js');
    expect(first.stdout.trim()).toBe('a+b');
    expect(first.stderr).toBe('');
    expect(b.cached().map((f) => f.replace(/-\d+-\d+\.bin$/, ''))).toEqual(['a.js', 'b.js']);
    const second = b.run('a.js');
    expect(second.stdout.trim()).toBe('a+b');
    expect(b.cached()).toHaveLength(2); // nothing new written: the cache was taken
    b.run('a.js', 'serve');
    expect(b.cached('serve')).toHaveLength(2);
  });

  it('keeps nothing from a run that failed or only asked for help (it compiled little of the work)', () => {
    const b = built({
      'a.js': "exports.answer = () => { process.exitCode = 2; return 'failed'; };",
      'b.js': "exports.answer = () => 'ok';",
    });
    expect(b.run('a.js').status).toBe(2);
    expect(b.cached()).toEqual([]);
    const help = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(codeCache)}).useCodeCache(${JSON.stringify(b.dir)}, 'send'); require(${JSON.stringify(path.join(b.dir, 'b.js'))})`,
        '--',
        '--help',
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(help.status).toBe(0);
    expect(b.cached()).toEqual([]);
    expect(b.run('b.js').stdout.trim()).toBe('ok');
    expect(b.cached()).toHaveLength(1);
  });

  it('never runs a stale cache: a changed file of the same length gets a cache of its own', () => {
    const b = built({ 'a.js': "exports.answer = () => 'old';" });
    expect(b.run('a.js').stdout.trim()).toBe('old');
    writeFileSync(path.join(b.dir, 'a.js'), "exports.answer = () => 'new';");
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(b.dir, 'a.js'), later, later);
    expect(b.run('a.js').stdout.trim()).toBe('new');
    expect(b.cached()).toHaveLength(2);
  });

  it('leaves a file with a real import() to Node, which runs it as usual', () => {
    const b = built({ 'a.js': "exports.answer = () => typeof (() => import('node:os'));" });
    const run = b.run('a.js');
    expect(run.stdout.trim()).toBe('function');
    expect(run.stderr).toBe('');
    expect(b.cached()).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('runs without a cache where none can be written', () => {
    const b = built({ 'a.js': "exports.answer = () => 'ok';" });
    mkdirSync(path.join(b.dir, '.code-cache'));
    chmodSync(path.join(b.dir, '.code-cache'), 0o500);
    const run = b.run('a.js');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('ok');
    expect(run.stderr).toBe('');
  });

  it('runs without a cache where the cache folder is a file (nothing can be written)', () => {
    const b = built({ 'a.js': "exports.answer = () => 'ok';", '.code-cache': 'not a folder' });
    const run = b.run('a.js');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('ok');
    expect(run.stderr).toBe('');
  });
});
