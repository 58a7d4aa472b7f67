// settings.json in the data folder: read and checked against the schema, written atomically (a temp
// file renamed over it), writes coalesced so a window saving on every keystroke costs one write per
// pause, and a damaged file moved aside and reported once, never a crash.
import path from 'node:path';
import { fsPromises } from '../builtins';
import { defaultSettings, maxSettingsBytes, settingsFileText, settingsSchema, type Settings } from '../../shared/settings-schema';
import type { Problem } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import { EngineError } from '../engine/errors';

export const settingsFileName = 'settings.json';
export const settingsPath = (data: string): string => path.join(data, settingsFileName);

export interface LoadedSettings {
  settings: Settings;
  /** Why the file on disk was not used (moved aside, unreadable): said once, to the first window that loads. */
  problem?: Problem;
}

export interface SettingsStoreOptions {
  /** How long a save waits for another before writing (the newest wins). */
  delayMs?: number;
  /** The time in a damaged file's new name (tests fix it). */
  now?: () => Date;
}

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException | null)?.code ?? 'EUNKNOWN';

let tempCounter = 0;

export class SettingsStore {
  readonly file: string;
  private readonly delayMs: number;
  private readonly now: () => Date;
  /** The newest settings this process knows: saved, or read. Null until the first load or save. */
  private current: Settings | null = null;
  /** A save not yet on disk. */
  private pending: Settings | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The write in progress; the next one waits for it, so two never race to the rename. */
  private writing: Promise<void> = Promise.resolve();
  private waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  /** A problem found on load and not yet told to a window. */
  private untold: Problem | null = null;
  /** The file could not be read (not merely missing or damaged): it is left alone, nothing written over it. */
  private handsOff = false;

  constructor(file: string, options: SettingsStoreOptions = {}) {
    this.file = file;
    this.delayMs = options.delayMs ?? 150;
    this.now = options.now ?? (() => new Date());
  }

  /** The settings: what this process saved last, else the file (checked), else the defaults. */
  async load(): Promise<LoadedSettings> {
    const settings = this.pending ?? (await this.read());
    const problem = this.untold;
    this.untold = null;
    return problem ? { settings, problem } : { settings };
  }

  /** Keeps the settings and writes them after a short pause; resolves once they are on disk. */
  save(settings: Settings): Promise<void> {
    this.current = settings;
    this.pending = settings;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.writePending(), this.delayMs);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Writes a waiting save now (on quit, or when a window closes). */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      await this.writePending();
    }
    await this.writing;
  }

  private async read(): Promise<Settings> {
    let text: string;
    try {
      text = await fsPromises().readFile(this.file, 'utf8');
    } catch (err) {
      if (codeOf(err) === 'ENOENT') return this.remember(this.current ?? defaultSettings());
      this.handsOff = true;
      this.untold ??= { key: 'settingsUnreadable', params: { path: quoteInput(this.file, 200), code: codeOf(err) } };
      return this.remember(this.current ?? defaultSettings());
    }
    const parsed = parseSettings(text);
    if (parsed) return this.remember(parsed);
    await this.moveAside();
    return this.remember(defaultSettings());
  }

  private remember(settings: Settings): Settings {
    this.current = settings;
    return settings;
  }

  /** settings.json -> settings.json.corrupt-2026-11-26T14-02-03-456Z, kept for a person to look at. */
  private async moveAside(): Promise<void> {
    const aside = `${this.file}.corrupt-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await fsPromises().rename(this.file, aside);
      this.untold = { key: 'settingsCorrupt', params: { path: quoteInput(aside, 200) } };
    } catch (err) {
      // Cannot even move it (a read-only folder): left where it is, and not written over.
      this.handsOff = true;
      this.untold = { key: 'settingsUnreadable', params: { path: quoteInput(this.file, 200), code: codeOf(err) } };
    }
  }

  private writePending(): Promise<void> {
    this.timer = null;
    const settings = this.pending;
    const waiters = this.waiters;
    this.pending = null;
    this.waiters = [];
    if (settings === null) return this.writing;
    const write = this.writing.then(() => (this.handsOff ? undefined : this.writeFile(settings)));
    this.writing = write.catch(() => undefined);
    write.then(
      () => waiters.forEach((w) => w.resolve()),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
    return this.writing;
  }

  private async writeFile(settings: Settings): Promise<void> {
    const fs = fsPromises();
    // Unique per process and write: two processes (the desktop app and `socket-lab web`) never share a temp file.
    const temp = `${this.file}.${process.pid}.${++tempCounter}.tmp`;
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await fs.writeFile(temp, settingsFileText(settings), { encoding: 'utf8', mode: 0o600 });
      await fs.rename(temp, this.file);
    } catch (err) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      throw new EngineError(codeOf(err), { key: 'settingsNotWritable', params: { path: quoteInput(this.file, 200), code: codeOf(err) } });
    }
  }
}

/** The file's settings, or null when it is not JSON, too large, or not settings. */
export function parseSettings(text: string): Settings | null {
  if (text.length > maxSettingsBytes) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = settingsSchema().safeParse(json);
  return parsed.success ? parsed.data : null;
}

// One store per file in this process: every window (IPC, each browser tab's bridge) shares it, so
// their saves are coalesced together and the newest wins.
const stores = new Map<string, SettingsStore>();

export function settingsStoreFor(data: string): SettingsStore {
  const file = settingsPath(data);
  let store = stores.get(file);
  if (!store) {
    store = new SettingsStore(file);
    stores.set(file, store);
  }
  return store;
}

/** Writes every waiting save (on quit, Ctrl+C, or when the web host closes). */
export async function flushAllSettings(): Promise<void> {
  await Promise.all([...stores.values()].map((s) => s.flush()));
}
