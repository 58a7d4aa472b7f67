// settings.json on real files: atomic writes, coalesced and concurrent saves, and a damaged file moved aside and said once, through the router.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter } from '../../src/main/commands/router';
import { Engine } from '../../src/main/engine/engine';
import { SettingsStore, settingsPath } from '../../src/main/settings/settings-store';
import { defaultSettings, maxSettingsBytes, settingsSchema, type Settings } from '../../src/shared/settings-schema';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const named = (name: string, id = 1): Settings =>
  settingsSchema().parse({ sessions: [{ id, name, form: { port: '9100' }, composer: { lineEnding: 'crlf' } }], nextId: id + 1 });

const fileSettings = async (): Promise<unknown> => JSON.parse(await readFile(settingsPath(dir), 'utf8'));

describe('the settings store', () => {
  it('starts from the defaults when there is no file, and writes none until something is saved', async () => {
    const store = new SettingsStore(settingsPath(dir));
    expect(await store.load()).toEqual({ settings: defaultSettings() });
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes through a temp file renamed over the old one, leaving no temp file behind', async () => {
    const store = new SettingsStore(settingsPath(path.join(dir, 'made', 'on', 'demand')), { delayMs: 5 });
    await store.save(named('first'));
    await store.save(named('second'));
    expect(await readdir(path.join(dir, 'made', 'on', 'demand'))).toEqual(['settings.json']);
    expect(JSON.parse(await readFile(store.file, 'utf8'))).toMatchObject({ sessions: [{ name: 'second' }] });
  });

  it('coalesces saves made in a burst into one write of the newest', async () => {
    const store = new SettingsStore(settingsPath(dir), { delayMs: 50 });
    const saves = Array.from({ length: 30 }, (_, i) => store.save(named(`keystroke ${i}`)));
    // Before the pause ends nothing is on disk; the store answers loads with the newest all the same.
    expect(await readdir(dir)).toEqual([]);
    expect((await store.load()).settings.sessions[0]?.name).toBe('keystroke 29');
    await Promise.all(saves);
    expect(await fileSettings()).toMatchObject({ sessions: [{ name: 'keystroke 29' }] });
  });

  it('writes a waiting save at once when flushed (quit)', async () => {
    const store = new SettingsStore(settingsPath(dir), { delayMs: 60_000 });
    void store.save(named('before quit'));
    await store.flush();
    expect(await fileSettings()).toMatchObject({ sessions: [{ name: 'before quit' }] });
  });

  it('lets the last of two stores saving the same file at once win, the file always whole', async () => {
    const a = new SettingsStore(settingsPath(dir), { delayMs: 0 });
    const b = new SettingsStore(settingsPath(dir), { delayMs: 0 });
    for (let round = 0; round < 20; round++) {
      await Promise.all([a.save(named(`a${round}`)), b.save(named(`b${round}`))]);
      const text = await readFile(settingsPath(dir), 'utf8');
      expect(settingsSchema().safeParse(JSON.parse(text)).success).toBe(true);
    }
    await b.save(named('b last'));
    expect(await fileSettings()).toMatchObject({ sessions: [{ name: 'b last' }] });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('loadSettings and saveSettings through the router', () => {
  const routerIn = (data: string) => createRouter(new Engine({ dataDir: data }), { dataDir: data });

  it('moves a damaged file aside, says so once, and goes on with the defaults', async () => {
    await writeFile(settingsPath(dir), '{"app": {"theme": "dark"', 'utf8');
    const router = routerIn(dir);
    const first = await router.handle('loadSettings', {});
    expect(first).toMatchObject({ ok: true, value: { settings: defaultSettings(), problem: { key: 'settingsCorrupt' } } });
    const files = await readdir(dir);
    const aside = files.find((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(path.join(dir, aside!), 'utf8')).toBe('{"app": {"theme": "dark"');
    expect(files).not.toContain('settings.json');
    // Said once: a reload (or another tab) is not told again.
    const second = await router.handle('loadSettings', {});
    expect(second).toEqual({ ok: true, value: { settings: defaultSettings() } });
  });

  it('treats a file of the wrong shape like a damaged one', async () => {
    await writeFile(settingsPath(dir), JSON.stringify({ app: { theme: 'neon' } }), 'utf8');
    const loaded = await routerIn(dir).handle('loadSettings', {});
    expect(loaded).toMatchObject({ ok: true, value: { problem: { key: 'settingsCorrupt' } } });
  });

  it('keeps what a window saved for the next start', async () => {
    const saved = await routerIn(dir).handle('saveSettings', { settings: { app: { theme: 'dark', language: 'ko' } } });
    expect(saved).toEqual({ ok: true, value: { saved: true } });
    const loaded = await routerIn(dir).handle('loadSettings', {});
    expect(loaded).toMatchObject({ ok: true, value: { settings: { app: { theme: 'dark', language: 'ko' } } } });
  });

  it('refuses settings of the wrong shape or size with a keyed problem, writing nothing', async () => {
    const router = routerIn(dir);
    const wrong = await router.handle('saveSettings', { settings: { app: { theme: 'neon' } } });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'settings.app.theme' } });
    const message = (i: number) => ({ name: `m${i}`, payload: { format: 'text', text: 'x'.repeat(60_000) } });
    const huge = await router.handle('saveSettings', {
      settings: {
        savedMessages: { current: 'big', collections: [{ name: 'big', messages: Array.from({ length: 450 }, (_, i) => message(i)) }] },
      },
    });
    expect(huge).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'settings', problem: { key: 'settingsTooLarge' } } });
    expect(maxSettingsBytes).toBeLessThan(450 * 60_000);
    expect(await readdir(dir)).toEqual([]);
  });

  it('says an unreadable file is unreadable and leaves it alone', async () => {
    // A folder where the file should be: reading fails with EISDIR on every system.
    const { mkdir } = await import('node:fs/promises');
    await mkdir(settingsPath(dir));
    const router = routerIn(dir);
    const loaded = await router.handle('loadSettings', {});
    expect(loaded).toMatchObject({
      ok: true,
      value: { settings: defaultSettings(), problem: { key: 'settingsUnreadable', params: { code: 'EISDIR' } } },
    });
    expect(await router.handle('saveSettings', { settings: {} })).toEqual({ ok: true, value: { saved: true } });
    expect(await readdir(dir)).toEqual(['settings.json']);
  });
});
