// What the window keeps between runs (settings.json in the data folder): its schema, limits and defaults.
// Every object is loose: a field written by a newer Socket Lab is kept as it is, never dropped by an older one.
import './zod-config';
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';
import { lineEndings, payloadFormats } from './codec';
import { layoutSettings } from './layout-schema';
import { maxWorkspaceItems, maxWorkspaceNameLength, messageCollectionSchema } from './workspace-schema';

/** The shape written now; a file of another version is still read field by field. */
export const settingsVersion = 1;
/**
 * A settings file larger than this is refused (saving) or treated as damaged (loading). It holds the saved
 * messages too, so it has room for the largest workspace file one can open (16 MiB) and the sessions beside it.
 */
export const maxSettingsBytes = 24 * 1024 * 1024;
export const maxSavedSessions = 200;
export const maxSavedHistory = 100;
export const maxRecentTargets = 20;
/** A draft or a history line: the composer's own limit is far larger, but a settings file is not a log. */
export const maxSavedText = 64 * 1024;
export const maxSessionName = 80;

export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];
export const languages = ['en', 'ko'] as const;

const text = (max: number) => z.string().check(z.maxLength(max));

/** A session's composer as the user left it. */
const savedComposer = lazySchema(() =>
  z.looseObject({
    format: z.optional(z.enum(payloadFormats)),
    lineEnding: z.optional(z.enum(lineEndings)),
    draft: z.optional(text(maxSavedText)),
    history: z.optional(z.array(text(maxSavedText)).check(z.maxLength(maxSavedHistory))),
    /** TCP server: 'all' or a client's connection id. */
    target: z.optional(text(64)),
    /** UDP: where the next datagram goes. */
    destHost: z.optional(text(300)),
    destPort: z.optional(text(20)),
  }),
);

/** One sidebar entry: its short id (#3), the name the user gave it, its form values and its composer. */
const savedSession = lazySchema(() =>
  z.looseObject({
    id: z.int().check(z.minimum(1)),
    name: z._default(text(maxSessionName), ''),
    /** The connection form's values by field name; the window takes the fields it knows, of the type it expects. */
    form: z._default(z.record(z.string(), z.unknown()), {}),
    composer: z._default(savedComposer(), {}),
    /** The engine's id of the session while it runs (a reloaded page finds it again); stale after a restart. */
    engineId: z.optional(text(64)),
    /** A server or socket kept with the port it really got: the port as typed (e.g. 0), which a Duplicate copies. */
    askedPort: z.optional(text(20)),
  }),
);
export type SavedSession = z.output<ReturnType<typeof savedSession>>;
export type SavedComposer = z.output<ReturnType<typeof savedComposer>>;

/** Most first-time explanations remembered: far past the few there are, short of a memory problem. */
export const maxSeenExplanations = 100;
const teachingSettings = lazySchema(() =>
  z.looseObject({
    seen: z.optional(z.array(text(100)).check(z.maxLength(maxSeenExplanations))),
  }),
);
export type TeachingSettings = z.output<ReturnType<typeof teachingSettings>>;

const appSettings = lazySchema(() =>
  z.looseObject({
    language: z.optional(z.enum(languages)),
    theme: z._default(z.enum(themeChoices), 'system'),
    /** Sessions come back (closed) on the next start. */
    restoreWorkspace: z._default(z.boolean(), true),
    /** host:port the user connected to, most recent first. */
    recentTargets: z._default(z.array(text(300)).check(z.maxLength(maxRecentTargets)), []),
    /** Pane sizes and collapsed panes (features/layout). */
    layout: z.optional(layoutSettings()),
    /** The teaching lab: which first-time explanations were shown already (features/first-time). */
    teaching: z.optional(teachingSettings()),
  }),
);
export type AppSettings = z.output<ReturnType<typeof appSettings>>;

/** The window's saved messages: collections checked as a workspace file's are, and the one shown. */
const savedMessages = lazySchema(() =>
  z.looseObject({
    collections: z.array(messageCollectionSchema()).check(z.maxLength(maxWorkspaceItems)),
    current: z.optional(text(maxWorkspaceNameLength)),
  }),
);
export type SavedMessagesSettings = z.output<ReturnType<typeof savedMessages>>;

/**
 * The workspace file last opened in the window, as far as the window does not hold it itself: its name
 * (proposed when saving) and the fields a newer Socket Lab wrote that this one does not know, at the top
 * and per session (by the entry's short id). Kept here so a reload between open and save loses none of them.
 */
const workspaceFileMemory = lazySchema(() =>
  z.looseObject({
    name: z.optional(text(1000)),
    fields: z.optional(z.record(z.string(), z.unknown())),
    sessions: z.optional(z.record(z.string(), z.record(z.string(), z.unknown()))),
  }),
);
export type WorkspaceFileMemory = z.output<ReturnType<typeof workspaceFileMemory>>;

export const settingsSchema = lazySchema(() =>
  z.looseObject({
    version: z._default(z.int().check(z.minimum(1)), settingsVersion),
    app: z._default(appSettings(), { theme: 'system', restoreWorkspace: true, recentTargets: [] }),
    sessions: z._default(z.array(savedSession()).check(z.maxLength(maxSavedSessions)), []),
    /** The next short id: ids are never reused, so "#3" always means the same session. */
    nextId: z._default(z.int().check(z.minimum(1)), 1),
    /** Absent until the first message is saved. */
    savedMessages: z.optional(savedMessages()),
    /** Absent until a workspace file is opened or saved in the window. */
    workspaceFile: z.optional(workspaceFileMemory()),
  }),
);
export type Settings = z.output<ReturnType<typeof settingsSchema>>;
export type SettingsInput = z.input<ReturnType<typeof settingsSchema>>;

export const defaultSettings = (): Settings => settingsSchema().parse({});

/** Bytes of the file these settings make (as written: two-space JSON). */
export const settingsFileText = (settings: unknown): string => `${JSON.stringify(settings, null, 2)}\n`;
