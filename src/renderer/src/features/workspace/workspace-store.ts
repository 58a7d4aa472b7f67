// The window's workspace: the sessions in the sidebar as things the user names (a short id, a name, the
// form they were opened with, the composer as left), app-wide choices (language, theme, recent targets),
// all kept in settings.json through loadSettings / saveSettings. An entry is linked to the engine's
// session while it has one; a restored entry has none until it is opened again (nothing opens by itself).
import type { LineEnding, PayloadFormat } from '../../../../shared/codec';
import type { SessionInfo } from '../../../../shared/contract';
import { formatHostPort } from '../../../../shared/address';
import { isClientKind } from '../../../../shared/kinds';
import type { LayoutSettings } from '../../../../shared/layout-schema';
import type { Problem } from '../../../../shared/problems';
import {
  maxRecentTargets,
  maxSavedHistory,
  maxSavedSessions,
  maxSavedText,
  maxSeenExplanations,
  maxSessionName,
  settingsVersion,
  type AppSettings,
  type SavedMessagesSettings,
  type WorkspaceFileMemory,
  type SavedSession,
  type Settings,
  type ThemeChoice,
} from '../../../../shared/settings-schema';
import { api } from '../../api';
import i18n from '../../i18n';
import { applyTheme } from '../../lib/theme';
import { store } from '../../state/app-store';
import { initialForm, type FormValues } from '../connection-form/form-model';
import { formFrom, formToSave } from './saved-form';
import { ChangeSignal } from '../../lib/change-signal';

/** The composer as the user left it, per entry (kept while switching sessions and across restarts). */
export interface ComposerMemory {
  format: PayloadFormat;
  lineEnding: LineEnding;
  draft: string;
  history: string[];
  /** TCP server: 'all' or a client's connection id. */
  target: string;
  destHost: string;
  destPort: string;
}

export interface Entry {
  /** The short id shown as #N: never reused. */
  id: number;
  /** Empty: the default description (kind and address) is shown. */
  name: string;
  form: FormValues;
  composer: ComposerMemory;
  /** The engine's session while there is one (open, or closed with its log). */
  sessionId: string | null;
  /** Fields a newer version kept on this session: written back untouched. */
  extra: Record<string, unknown>;
  /** The connection form's React key: the New form that opened this entry stays the same form (its folds stay open). */
  formKey: string;
  /**
   * A server or socket that asked for port 0 (or none) keeps the port it really got in `form`, so that
   * reopening gets it again; this is the port as the user typed it, what a Duplicate starts from. Null: as in `form`.
   */
  askedPort: string | null;
}

/** A save waits this long for the next change (typing a draft): one save per pause, not per key. */
const saveDelayMs = 400;

const cleanComposer = (): ComposerMemory => ({
  format: 'text',
  lineEnding: 'none',
  draft: '',
  history: [],
  target: 'all',
  destHost: '',
  destPort: '',
});

const clip = (text: string): string => text.slice(0, maxSavedText);

function composerFrom(saved: SavedSession['composer']): ComposerMemory {
  const clean = cleanComposer();
  return {
    format: saved.format ?? clean.format,
    lineEnding: saved.lineEnding ?? clean.lineEnding,
    draft: saved.draft ?? '',
    history: saved.history ?? [],
    target: saved.target ?? 'all',
    destHost: saved.destHost ?? '',
    destPort: saved.destPort ?? '',
  };
}

class Workspace extends ChangeSignal {
  entries: Entry[] = [];
  /** The entry shown; null: the New form. */
  selected: number | null = null;
  /** The New form's key: a fresh clean form each time New is pressed. */
  newFormKey = 'new-0';
  private newForms = 0;
  theme: ThemeChoice = 'system';
  restore = true;
  recentTargets: string[] = [];
  /** Pane sizes (features/layout): read once the settings are, kept as the user drags. */
  layout: LayoutSettings = {};
  /** The kept settings have been read (or found missing): the window can be laid out as it was left. */
  started = false;
  /** The language the user chose; until then the browser's language is followed, not pinned. */
  private language: 'en' | 'ko' | undefined;
  /** The saved messages (features/saved-messages): absent until the first is saved. */
  savedMessages: SavedMessagesSettings | undefined;
  /** The workspace file last opened or saved: see settings-schema.ts. */
  fileMemory: WorkspaceFileMemory | undefined;
  /** The first-time explanations already shown (features/first-time), kept as app.teaching.seen. */
  teachingSeen: string[] = [];
  /** Why the kept settings could not be used, until the user dismisses it. */
  problem: Problem | null = null;
  /** Settings as loaded: fields this version does not know are written back as they were. */
  private loaded: Settings | null = null;
  private nextId = 1;
  /** Engine sessions of entries a workspace file replaced, while Undo is offered: not adopted back meanwhile. */
  private setAside = new Set<string>();
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    void this.start();
    // Whatever is waiting is sent as the page goes (a reload, a closed tab or window).
    addEventListener('pagehide', () => this.saveNow());
  }

  protected override changed(save = true): void {
    super.changed();
    if (save) this.scheduleSave();
  }

  private async start(): Promise<void> {
    const startLanguage = i18n.resolvedLanguage;
    const [loaded] = await Promise.all([api.loadSettings({}), store.ready]);
    const settings = loaded.ok ? loaded.value.settings : null;
    if (loaded.ok && loaded.value.problem) this.problem = loaded.value.problem;
    if (settings) {
      this.loaded = settings;
      this.nextId = settings.nextId;
      this.theme = settings.app.theme;
      this.restore = settings.app.restoreWorkspace;
      this.recentTargets = settings.app.recentTargets;
      this.layout = settings.app.layout ?? {};
      this.language = settings.app.language;
      this.savedMessages = settings.savedMessages;
      this.fileMemory = settings.workspaceFile;
      this.teachingSeen = settings.app.teaching?.seen ?? [];
      // A language picked while the settings were being read is the user's latest choice: it wins (and is kept).
      if (i18n.resolvedLanguage !== startLanguage) this.language = i18n.resolvedLanguage === 'ko' ? 'ko' : 'en';
      else if (this.language && this.language !== i18n.resolvedLanguage) await i18n.changeLanguage(this.language);
      if (this.restore) this.entries = settings.sessions.map((s) => this.entryFrom(s));
    }
    applyTheme(this.theme);
    // Sessions the engine already has (a reload, another tab) are shown, each once.
    this.adoptEngineSessions();
    for (const entry of this.entries) this.nextId = Math.max(this.nextId, entry.id + 1);
    const last = this.entries.find((e) => e.sessionId !== null && e.sessionId === store.order[store.order.length - 1]);
    this.selected = last?.id ?? null;
    this.started = true;
    store.subscribe(() => this.followEngine());
    i18n.on('languageChanged', (lng: string) => {
      this.language = lng === 'ko' ? 'ko' : 'en';
      this.scheduleSave();
    });
    // Saved when it differs from the file (a language picked while it was being read).
    this.changed(settings !== null && settings.app.language !== this.language);
  }

  private entryFrom(saved: SavedSession): Entry {
    const { id, name, form, composer, engineId, askedPort, ...extra } = saved;
    // A session id from an earlier run means nothing to this engine unless it still has it (a reload).
    const sessionId = engineId !== undefined && store.sessions.has(engineId) ? engineId : null;
    return {
      id,
      name,
      form: formFrom(form),
      composer: composerFrom(composer),
      sessionId,
      extra,
      formKey: `e${id}`,
      askedPort: askedPort ?? null,
    };
  }

  /** Engine sessions no entry shows (opened in another tab, or before a reload with restore off) get one. */
  private adoptEngineSessions(): boolean {
    const linked = new Set(this.entries.map((e) => e.sessionId));
    let adopted = false;
    for (const id of store.order) {
      if (linked.has(id) || this.setAside.has(id)) continue;
      const info = store.sessions.get(id);
      if (!info) continue;
      const entryId = this.nextId++;
      this.entries.push({
        id: entryId,
        name: '',
        form: formOf(info),
        composer: cleanComposer(),
        sessionId: id,
        extra: {},
        formKey: `e${entryId}`,
        askedPort: null,
      });
      adopted = true;
    }
    return adopted;
  }

  /** Keeps entries in step with the engine: new sessions adopted, removed ones unlinked (the entry stays). */
  private followEngine(): void {
    let changed = this.adoptEngineSessions();
    for (const entry of this.entries) {
      if (entry.sessionId !== null && !store.sessions.has(entry.sessionId)) {
        entry.sessionId = null;
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  // ---------- what the window asks ----------

  entry(id: number | null): Entry | null {
    return id === null ? null : (this.entries.find((e) => e.id === id) ?? null);
  }

  entryOfSession(sessionId: string): Entry | null {
    return this.entries.find((e) => e.sessionId === sessionId) ?? null;
  }

  select(id: number | null): void {
    // New from a session: a clean form. New again while on the New form keeps what is being typed there.
    if (id === null && this.selected !== null) this.newFormKey = `new-${++this.newForms}`;
    this.selected = id;
    const sessionId = this.entry(id)?.sessionId ?? null;
    store.select(sessionId);
    this.changed(false);
  }

  /** The form opened a session: the entry it was shown for (or a new one) now shows it. */
  opened(entryId: number | null, info: SessionInfo, values: FormValues): void {
    let entry = this.entry(entryId);
    const before = entry?.sessionId ?? null;
    // The engine's batch may have come before this answer, and the session been adopted already: one entry, not two.
    const adopted = this.entryOfSession(info.id);
    if (adopted && adopted !== entry) {
      if (entry) {
        this.entries = this.entries.filter((e) => e !== adopted);
        if (adopted.id === this.nextId - 1) this.nextId--;
      } else entry = adopted;
    }
    if (!entry) {
      entry = {
        id: this.nextId++,
        name: '',
        form: values,
        composer: cleanComposer(),
        sessionId: null,
        extra: {},
        formKey: '',
        askedPort: null,
      };
      this.entries.push(entry);
    }
    if (entryId === null) {
      // Opened from the New form: that form goes on showing it (no remount: its folds stay as they were).
      entry.formKey = this.newFormKey;
      this.newFormKey = `new-${++this.newForms}`;
    }
    // A server or socket asked for port 0 keeps the port it really got, so reopening it gets the same one;
    // the port as typed is kept beside it for a Duplicate (a copy of "any free port" is not a copy of 43117).
    const realPort = !isClientKind(info.kind) && info.local ? String(info.local.port) : null;
    entry.form = realPort === null ? values : { ...values, port: realPort };
    entry.askedPort = realPort !== null && realPort !== values.port.trim() ? values.port : null;
    entry.sessionId = info.id;
    if (entry.composer.target !== 'all') store.sendTargets.set(info.id, entry.composer.target);
    this.selected = entry.id;
    if (isClientKind(info.kind)) this.rememberTarget(formatHostPort(info.target.host, info.target.port));
    store.addSession(info);
    // The run before this one (closed) gives way: one entry, one session, so the sidebar never fills with copies.
    if (before !== null && before !== info.id) void store.remove(before);
    this.changed();
  }

  private rememberTarget(target: string): void {
    this.recentTargets = [target, ...this.recentTargets.filter((t) => t !== target)].slice(0, maxRecentTargets);
  }

  /** The form's values as typed, kept for the entry (they come back when it is shown or restored). */
  setForm(entryId: number, values: FormValues): void {
    const entry = this.entry(entryId);
    if (!entry || entry.form === values) return;
    // Another port typed: it is the user's now, not the one the last run got.
    if (values.port !== entry.form.port) entry.askedPort = null;
    entry.form = values;
    this.scheduleSave();
  }

  /** The composer's state as typed; saved after a pause, never redrawn for. */
  setComposer(entryId: number, patch: Partial<ComposerMemory>): void {
    const entry = this.entry(entryId);
    if (!entry) return;
    Object.assign(entry.composer, patch);
    this.scheduleSave();
  }

  rename(entryId: number, name: string): void {
    const entry = this.entry(entryId);
    if (!entry) return;
    entry.name = name.trim().slice(0, maxSessionName);
    this.changed();
  }

  /** A copy of the entry's settings, closed, just below it. */
  duplicate(entryId: number, name: string): void {
    const index = this.entries.findIndex((e) => e.id === entryId);
    const source = this.entries[index];
    if (!source) return;
    const copy: Entry = {
      id: this.nextId++,
      name: name.slice(0, maxSessionName),
      // The form as the user typed it: a server that asked for any free port is copied asking for any free port.
      form: { ...source.form, ...(source.askedPort !== null ? { port: source.askedPort } : {}) },
      composer: { ...cleanComposer(), format: source.composer.format, lineEnding: source.composer.lineEnding },
      sessionId: null,
      extra: {},
      formKey: '',
      askedPort: null,
    };
    copy.formKey = `e${copy.id}`;
    this.entries.splice(index + 1, 0, copy);
    this.selected = copy.id;
    store.select(null);
    this.changed();
  }

  /** Close session: its socket closed if open, then gone from the list (and from the engine). */
  async close(entryId: number): Promise<void> {
    const entry = this.entry(entryId);
    if (!entry) return;
    this.entries = this.entries.filter((e) => e.id !== entryId);
    if (this.selected === entryId) this.selected = null;
    this.changed();
    if (entry.sessionId !== null) await store.remove(entry.sessionId);
  }

  /** True once the kept settings are read: edits before that would be overwritten by them. */
  get loadedSettings(): boolean {
    return this.loaded !== null;
  }

  setFileMemory(value: WorkspaceFileMemory | undefined): void {
    this.fileMemory = value;
    this.changed();
  }

  /** The first-time explanations shown so far (an empty list: show them all again). */
  setTeachingSeen(seen: string[]): void {
    this.teachingSeen = seen;
    this.changed();
  }

  setSavedMessages(value: SavedMessagesSettings): void {
    this.savedMessages = value;
    this.changed();
  }

  /**
   * A workspace file opened: its sessions come in as new closed entries in place of every entry that is
   * not open (an open session stays as it is; nothing is opened). Answers Undo (the old entries back) and
   * Keep (what was replaced is let go, its engine sessions and logs with it).
   */
  replaceClosedEntries(incoming: { name: string; form: FormValues }[]): { added: Entry[]; undo(): void; keep(): void } {
    const isLive = (e: Entry): boolean => {
      const state = e.sessionId !== null ? store.sessions.get(e.sessionId)?.state : undefined;
      return state === 'connecting' || state === 'connected' || state === 'listening' || state === 'open';
    };
    const before = [...this.entries];
    const replaced = before.filter((e) => !isLive(e));
    for (const e of replaced) if (e.sessionId !== null) this.setAside.add(e.sessionId);
    const added: Entry[] = incoming.map(({ name, form }) => {
      const id = this.nextId++;
      return {
        id,
        name: name.trim().slice(0, maxSessionName),
        form,
        composer: cleanComposer(),
        sessionId: null,
        extra: {},
        formKey: `e${id}`,
        askedPort: null,
      };
    });
    this.entries = [...before.filter(isLive), ...added];
    if (!this.entries.some((e) => e.id === this.selected)) this.select(null);
    this.changed();
    const release = (): void => {
      for (const e of replaced) if (e.sessionId !== null) this.setAside.delete(e.sessionId);
    };
    return {
      added,
      undo: () => {
        release();
        // What was replaced comes back in its place; entries made since (a session opened meanwhile) stay.
        const now = new Set(this.entries);
        this.entries = [
          ...before.filter((e) => replaced.includes(e) || now.has(e)),
          ...this.entries.filter((e) => !before.includes(e) && !added.includes(e)),
        ];
        if (!this.entries.some((e) => e.id === this.selected)) this.select(null);
        this.changed();
      },
      keep: () => {
        release();
        for (const e of replaced) if (e.sessionId !== null) void store.remove(e.sessionId);
      },
    };
  }

  setTheme(theme: ThemeChoice): void {
    this.theme = theme;
    applyTheme(theme);
    this.changed();
  }

  setRestore(restore: boolean): void {
    this.restore = restore;
    this.changed();
  }

  /** A pane resized or collapsed: saved after a pause; the panes draw themselves, nothing is redrawn. */
  setLayout(layout: LayoutSettings): void {
    this.layout = layout;
    this.scheduleSave();
  }

  /** A pane that comes or goes (the lab opened or closed): saved, and the window drawn anew. */
  setLayoutShown(layout: LayoutSettings): void {
    this.layout = layout;
    this.changed();
  }

  dismissProblem(): void {
    this.problem = null;
    this.changed(false);
  }

  // ---------- saving ----------

  private scheduleSave(): void {
    if (this.loaded === null) return; // nothing is saved before the kept settings are read
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), saveDelayMs);
  }

  /** Sends the settings at once (the main side coalesces and writes them atomically). */
  saveNow(): void {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.loaded === null) return;
    void api.saveSettings({ settings: this.toSettings() }).then((r) => {
      // Refused (too large) or not written (a read-only folder): said under the header, not lost in silence.
      if (r.ok || !r.error.problem || this.problem?.key === r.error.problem.key) return;
      this.problem = r.error.problem;
      this.changed(false);
    });
  }

  toSettings(): Settings {
    const loaded = this.loaded!;
    const app: AppSettings = {
      ...loaded.app,
      ...(this.language ? { language: this.language } : {}),
      theme: this.theme,
      restoreWorkspace: this.restore,
      recentTargets: this.recentTargets,
      ...(Object.keys(this.layout).length > 0 ? { layout: this.layout } : {}),
      ...(this.teachingSeen.length > 0 || loaded.app.teaching
        ? { teaching: { ...loaded.app.teaching, seen: this.teachingSeen.slice(-maxSeenExplanations) } }
        : {}),
    };
    const sessions: SavedSession[] = this.entries.slice(-maxSavedSessions).map((e) => ({
      ...e.extra,
      id: e.id,
      name: e.name,
      form: formToSave(e.form),
      composer: {
        ...e.composer,
        draft: clip(e.composer.draft),
        history: e.composer.history.slice(-maxSavedHistory).map(clip),
      },
      ...(e.sessionId !== null ? { engineId: e.sessionId } : {}),
      ...(e.askedPort !== null ? { askedPort: e.askedPort } : {}),
    }));
    // The file memory is this store's: what was loaded gives way to it (also when it is let go).
    const { workspaceFile: _loadedFile, ...rest } = loaded;
    return {
      ...rest,
      version: settingsVersion,
      app,
      sessions,
      nextId: this.nextId,
      ...(this.savedMessages ? { savedMessages: this.savedMessages } : {}),
      ...(this.fileMemory ? { workspaceFile: this.fileMemory } : {}),
    };
  }
}

/** The form values a running session was opened with, as far as the engine tells them. */
function formOf(info: SessionInfo): FormValues {
  return {
    ...initialForm,
    kind: info.kind,
    host: info.target.host,
    port: String(isClientKind(info.kind) ? info.target.port : (info.local?.port ?? info.target.port)),
  };
}

export const workspace = new Workspace();
