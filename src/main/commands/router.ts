// The command router: validates an untrusted payload against the contract, runs it on the
// engine, and always answers with a Result (never a throw). Electron IPC and the WebSocket
// bridge both call this, so the two paths cannot drift apart. Long sends become jobs (./jobs.ts).
import { fsPromises } from '../builtins';
import { join } from 'node:path';
import type { z } from 'zod/mini';
import {
  commandNames,
  contract,
  type CommandError,
  type CommandInput,
  type CommandName,
  type CommandResult,
  isJobStarted,
  type JobStarted,
  type ParsedInput,
  type Result,
  type SendTarget,
} from '../../shared/contract';
import { isProblemKey, problemText, type Problem } from '../../shared/problems';
import { quoteInput } from '../../shared/quote-input';
import type { JobFeed } from '../engine/batcher';
import type { Engine } from '../engine/engine';
import { EngineError } from '../engine/errors';
import { listInterfaces } from '../engine/interfaces';
import type { FileSource } from '../engine/file-send';
import { openFileSource } from '../engine/file-source';
import { sharedRegexMatcher } from '../engine/pipeline/rule-replies';
import { testRules } from '../engine/pipeline/rules-tester';
import { capturesDir, dataDir } from '../data-dir';
import { commandErrorOf, JobBoard, type JobBoardOptions } from './jobs';
import { settingsStoreFor, type SettingsStore } from '../settings/settings-store';
import type { WorkspaceDialogs } from '../workspace/dialogs';

type Handlers = { [K in CommandName]: (input: ParsedInput<K>) => Promise<CommandResult<K>> | CommandResult<K> };

export interface RouterOptions extends JobBoardOptions {
  /** The data folder (Electron's userData, or --data-dir); captures go in its captures/ folder. */
  dataDir?: string;
  /** Electron: shows the system's open-file dialog (pickFile); absent, pickFile answers null. */
  pickFile?: () => Promise<string | null>;
  /** Where loadSettings / saveSettings keep the window's settings; default: settings.json of the data folder, shared in this process. */
  settings?: SettingsStore;
  /** Electron: the system's dialogs for workspace files (ipc/workspace-dialogs.ts); absent, the dialog commands answer unavailable. */
  workspaceDialogs?: WorkspaceDialogs;
}

/** A file send as a job from its start: every check ran before it (the file opened, the session able to send). */
async function startFileJob(
  engine: Engine,
  jobs: JobBoard,
  sessionId: string,
  source: FileSource,
  to: SendTarget,
  chunk: number,
): Promise<JobStarted> {
  const started = await jobs.runSend({ sessionId, total: source.size ?? 0, command: 'sendFile', atOnce: true }, ({ signal, progress }) =>
    engine.sendFile(sessionId, source, to, { chunk, signal, onProgress: progress }),
  );
  // atOnce: the board always answers with the job.
  if (!isJobStarted(started)) throw new Error('a file send answered without a job');
  return started;
}

/** "udp-s3-2025-01-31T10-22-33-456.ndjson": which session, and when, sorted by time in a file list. */
export const defaultCaptureName = (kind: string, sessionId: string, now = new Date()): string =>
  `${kind}-${sessionId}-${now.toISOString().replace(/[:.]/g, '-').replace(/Z$/, '')}.ndjson`;

const workspaceFiles = () => import('../workspace/file');

function handlersFor(engine: Engine, jobs: JobBoard, options: RouterOptions): Handlers {
  // Found on first use: a CLI command that never touches settings never looks for the file.
  const settings = (): SettingsStore => options.settings ?? settingsStoreFor(dataDir(options.dataDir));
  return {
    openSession: (input) => engine.open(input),
    closeSession: ({ sessionId }) => engine.close(sessionId),
    removeSession: async ({ sessionId }) => {
      await engine.remove(sessionId);
      return { removed: true };
    },
    send: ({ sessionId, bytes, to }) =>
      jobs.runSend({ sessionId, total: bytes.byteLength }, ({ signal, progress }) =>
        engine.send(sessionId, bytes, to, { signal, onProgress: progress }),
      ),
    sendFile: async ({ sessionId, path: filePath, chunk, to }) => {
      engine.info(sessionId); // no session: said before the file is looked at
      return startFileJob(engine, jobs, sessionId, await openFileSource(filePath), to, chunk);
    },
    // Only Electron has a native dialog (its host passes it in); elsewhere the user types the path.
    pickFile: async () => (options.pickFile ? { path: await options.pickFile(), available: true } : { path: null, available: false }),
    disconnectClient: ({ sessionId, connectionId }) => {
      engine.disconnect(sessionId, connectionId);
      return { disconnected: true };
    },
    halfClose: ({ sessionId, connectionId }) => {
      engine.halfClose(sessionId, connectionId);
      return { halfClosed: true };
    },
    closeConnection: ({ sessionId, connectionId, how }) => {
      engine.closeConnection(sessionId, connectionId, how);
      return { closed: how };
    },
    recv: ({ sessionId, connectionId, max, waitMs }) => engine.recv(sessionId, connectionId, max, waitMs),
    setAutoReply: ({ sessionId, autoReply }) => engine.setAutoReply(sessionId, autoReply),
    setRules: ({ sessionId, rules }) => engine.setRules(sessionId, rules),
    listSessions: () => engine.list(),
    getRows: ({ sessionId, from, count, filtered }) =>
      filtered ? engine.filteredRows(sessionId, from, count) : engine.rows(sessionId, from, count),
    setFilter: ({ sessionId, filter }) => engine.setFilter(sessionId, filter),
    getEntry: ({ sessionId, seq }) => engine.row(sessionId, seq),
    clearLog: ({ sessionId, before }) => {
      engine.clearLog(sessionId, before);
      return { cleared: true };
    },
    cancelJob: ({ jobId }) => jobs.cancel(jobId),
    getSettings: () => engine.settings(),
    setLogBudget: ({ mib }) => engine.setLogBudget(mib * 1024 * 1024),
    startCapture: async ({ sessionId, fileName, overwrite }) => {
      const session = engine.info(sessionId); // no session: refused before any folder is made
      const folder = capturesDir(dataDir(options.dataDir));
      const file = join(folder, fileName ?? defaultCaptureName(session.kind, session.id));
      try {
        await fsPromises().mkdir(folder, { recursive: true });
      } catch (err) {
        // The folder itself cannot be made (read-only, or a file in the way): say so about the folder.
        const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
        throw new EngineError(code, { key: 'captureNotWritable', params: { path: quoteInput(folder, 200), code } }, 'fileName');
      }
      return engine.startCapture(sessionId, { path: file, overwrite });
    },
    stopCapture: ({ sessionId }) => engine.stopCapture(sessionId),
    startFlood: ({ sessionId, ...options }) => engine.startFlood(sessionId, options),
    stopFlood: ({ sessionId }) => engine.stopFlood(sessionId),
    joinGroup: ({ sessionId, group, iface }) => engine.joinGroup(sessionId, group, iface),
    leaveGroup: ({ sessionId, group, iface }) => engine.leaveGroup(sessionId, group, iface),
    listInterfaces: () => listInterfaces(),
    startRepeat: ({ sessionId, ...options }) => engine.startRepeat(sessionId, options),
    stopRepeat: ({ sessionId }) => engine.stopRepeat(sessionId),
    setEncoding: ({ sessionId, encoding }) => engine.setEncoding(sessionId, encoding),
    setImpair: ({ sessionId, impair }) => engine.setImpair(sessionId, impair),
    // Loaded on first use, like the exporters it uses.
    sessionNdjson: async ({ sessionId }) => (await import('./session-ndjson')).sessionNdjson(engine, sessionId),
    encodeText: ({ sessionId, text, encoding }) => engine.encodeText(sessionId, text, encoding),
    decodeText: ({ sessionId, bytes }) => engine.decodeText(sessionId, bytes),
    testRules: ({ rules, fallback, sample, sessionId, encoding }) =>
      testRules(rules, fallback, sample, encoding ?? (sessionId ? engine.encoding(sessionId) : 'utf-8'), sharedRegexMatcher()),
    // Loaded on first use: the exporters (pcapng and the rest) are no part of a one-shot start.
    startExport: async (input) => (await import('./export-command')).startExport(engine, jobs, options.dataDir, input),
    loadSettings: () => settings().load(),
    saveSettings: async ({ settings: value }) => {
      await settings().save(value);
      return { saved: true };
    },
    // Read only: the sessions it holds are the window's to open, one by one, when the user asks. The file
    // code loads on first use (its own chunk): a one-shot `socket-lab send` never reads it.
    checkWorkspaceText: async ({ text, name }) => ({
      check: (await workspaceFiles()).parseWorkspaceText(text, `"${quoteInput(name ?? 'the workspace', 200)}"`),
    }),
    openWorkspaceDialog: async () => (options.workspaceDialogs ? await options.workspaceDialogs.open() : { available: false }),
    saveWorkspaceDialog: async ({ workspace, name }) =>
      options.workspaceDialogs ? await options.workspaceDialogs.save(workspace, name) : { available: false },
    // Loaded on first use: only the lab's OS view runs a program.
    osSockets: async ({ sessionId }) => (await import('../engine/os-sockets/os-sockets')).osSockets(engine.info(sessionId)),
  };
}

/** The first schema problem, named after the field it concerns ("port", "autoReply.text"). */
export function describeInvalidInput(error: z.core.$ZodError): CommandError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  // Zod's own wording can echo the input (every unrecognized key, by name): cut short like any quoted input.
  const message = issue ? quoteInput(issue.message, 300) : problemText({ key: 'invalidRequest' });
  const carried = issue?.code === 'custom' ? (issue.params as { problem?: Problem } | undefined)?.problem : undefined;
  return {
    code: 'INVALID_INPUT',
    message,
    ...(field ? { field } : {}),
    ...(carried && isProblemKey(carried.key) ? { problem: carried } : {}),
  };
}

export interface Router {
  handle(name: string, payload: unknown): Promise<Result<unknown>>;
  /**
   * In process only: sends a source already open (the CLI's stdin) as sendFile sends a file, its
   * other fields checked by sendFile's schema. IPC never reaches this: a window names a path.
   */
  sendSource(input: Omit<CommandInput<'sendFile'>, 'path'>, source: FileSource): Promise<Result<JobStarted>>;
  /** Progress and outcomes of this router's jobs, for the update batchers of its windows. */
  jobs: JobFeed;
}

export function createRouter(engine: Engine, options: RouterOptions = {}): Router {
  const jobs = new JobBoard(options);
  const handlers = handlersFor(engine, jobs, options);
  const known = new Set<string>(commandNames);
  return {
    jobs,
    async sendSource(input, source) {
      const parsed = contract.sendFile.input().safeParse({ ...input, path: source.name });
      if (!parsed.success) return { ok: false, error: describeInvalidInput(parsed.error) };
      const { sessionId, to, chunk } = parsed.data;
      try {
        engine.info(sessionId);
        return { ok: true, value: await startFileJob(engine, jobs, sessionId, source, to, chunk) };
      } catch (err) {
        return { ok: false, error: commandErrorOf(err) };
      }
    },
    async handle(name, payload) {
      if (!known.has(name)) {
        // The name comes from an untrusted page: quoted short, never echoed whole.
        const problem: Problem = { key: 'unknownCommand', params: { name: quoteInput(String(name)) } };
        return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: problemText(problem), problem } };
      }
      const key = name as CommandName;
      const parsed = contract[key].input().safeParse(payload);
      if (!parsed.success) return { ok: false, error: describeInvalidInput(parsed.error) };
      try {
        const handler = handlers[key] as (input: unknown) => Promise<unknown> | unknown;
        return { ok: true, value: await handler(parsed.data) };
      } catch (err) {
        return { ok: false, error: commandErrorOf(err) };
      }
    },
  };
}
