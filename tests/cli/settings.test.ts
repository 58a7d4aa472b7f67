// `socket-lab settings`: where the kept settings are and what they hold; --reset moves the file aside; a mistake exits 2.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, useCli } from './run-cli';

useCli();

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-cli-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (): string => path.join(dir, 'settings.json');

describe('socket-lab settings', () => {
  it('says where the file is and that there is none yet', async () => {
    const r = await run(['settings', '--data-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${file()}\nno file yet: the window starts from the defaults\n`);
  });

  it('lists what the window kept: theme, language, recent targets and the named sessions', async () => {
    writeFileSync(
      file(),
      JSON.stringify({
        app: { theme: 'dark', language: 'ko', recentTargets: ['127.0.0.1:9100'] },
        sessions: [
          { id: 1, name: 'Line server', form: { kind: 'tcp-client', host: '127.0.0.1', port: '9100' } },
          { id: 3, form: { kind: 'udp', host: '127.0.0.1', port: '0' } },
        ],
        nextId: 4,
      }),
    );
    const r = await run(['settings', '--data-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      file(),
      'theme dark, language ko, restore last workspace on',
      'recent targets: 127.0.0.1:9100',
      'sessions: 2',
      '  #1 Line server  tcp-client 127.0.0.1:9100',
      '  #3  udp 127.0.0.1:0',
      '',
    ]);
    const json = await run(['settings', '--data-dir', dir, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ path: file(), exists: true, damaged: false, settings: { nextId: 4 } });
  });

  it('says a damaged file is damaged, leaving it for the window to move aside', async () => {
    writeFileSync(file(), '{"app":');
    const r = await run(['settings', '--data-dir', dir]);
    expect(r.stdout).toContain('damaged (not valid settings)');
    expect(existsSync(file())).toBe(true);
  });

  it('--reset moves the file aside, kept for undoing', async () => {
    writeFileSync(file(), '{}');
    const r = await run(['settings', '--data-dir', dir, '--reset']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/moved to .*settings\.json\.reset-.*: the next start uses the defaults\n$/);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^settings\.json\.reset-/)]);
    const again = await run(['settings', '--data-dir', dir, '--reset']);
    expect(again.stdout).toBe(`${file()}: no file, nothing to reset\n`);
  });

  it('refuses an unknown argument with exit 2 and one line', async () => {
    const r = await run(['settings', 'now', '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('unexpected argument "now"');
  });
});
