// The one definition of every IPC command (input schema + result type) and every event.
// Main validates with these schemas; preload and renderer use the types; nothing else defines a channel.
// zod/mini (see schema-parts.ts): cheap to build, so every host can afford to validate through it.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';
import { parseHex } from './codec';
import { floodPayloadKinds, floodProblems, maxFloodCount, maxFloodDuration, maxFloodRate, type FloodInfo } from './flood';
import type { SessionKind } from './kinds';
import { tcpClientOpen, tcpServerOpen } from './kinds/tcp-schema';
import type { TlsDetails, TlsSessionInfo } from './kinds/tls';
import { tlsClientOpen, tlsServerOpen } from './kinds/tls-schema';
import { groupSchema, udpOpen } from './kinds/udp-schema';
import type { JoinedGroup } from './multicast';
import { recvRange, type StreamOptions } from './kinds/stream-schema';
import type { RepeatInfo } from './repeat';
import { repeatInputSchema } from './repeat-schema';
import { logBudgetRangeMiB, maxSendBytes, maxUdpPayloadIpv4 } from './limits';
import { problemText, type Problem } from './problems';
import { quoteInput } from './quote-input';
import type { CommandName, MenuAction } from './channels';
import { rulesSchema } from './rules-schema';
import type { RuleForm } from './rules';
import { addProblem, autoReplySchema, hostSchema, localAddressSchema, portSchema, type AutoReplyRule } from './schema-parts';
import { groupInterfaceProblem } from './multicast';
import { encodingSchema } from './encoding-schema';
import { exportFormats } from './export-formats';
import type { TextEncoding } from './encodings';
import type { RulesTestVerdict } from './rules-test-verdict';
import { impairSpecSchema } from './impair-schema';
import type { ImpairInfo } from './impair';
import type { OsSocketsResult } from './os-sockets';
import { maxSettingsBytes, settingsSchema, type Settings } from './settings-schema';
import {
  checkWorkspaceTextInput,
  saveWorkspaceDialogInput,
  type CheckedWorkspaceText,
  type OpenedWorkspaceDialog,
  type SavedWorkspaceDialog,
} from './workspace-contract';

export { commandNames, commandChannel, menuActions, menuChannel, updateChannel, type MenuAction } from './channels';
// The limits live in a module without zod (the engine and the CLI's start path load them alone); named here for everyone else.
export {
  logBudgetRangeMiB,
  maxSendBytes,
  maxUdpPayload,
  maxUdpPayloadFor,
  maxUdpPayloadIpv4,
  maxUdpPayloadIpv6,
  rowPreviewBytes,
} from './limits';
export type { CommandName } from './channels';
export {
  floodPayloadKinds,
  maxFloodCount,
  maxFloodDuration,
  maxFloodRate,
  type FloodInfo,
  type FloodPayloadKind,
  type FloodProgress,
  type FloodSettings,
  type FloodState,
} from './flood';
export type { Problem, ProblemKey } from './problems';
export type { CheckedWorkspaceText, OpenedWorkspaceDialog, SavedWorkspaceDialog } from './workspace-contract';
export type { OsSocketRow, OsSocketsResult } from './os-sockets';
export { defaultEncoding, encodingLabels, textEncodings, type TextEncoding } from './encodings';
export { readModes, recvRange, type ReadMode, type StreamOptions } from './kinds/stream-schema';
export { maxRepeatTimes, repeatEveryRange, type RepeatInfo, type RepeatState } from './repeat';
export { autoReplyModes, autoReplySchema, type AutoReplyInput, type AutoReplyMode, type AutoReplyRule } from './schema-parts';

// ---------- building blocks ----------

const idSchema = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(64)));

const bytesSchema = lazySchema(() =>
  z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: problemText({ key: 'payloadNotBytes' }) })
    .check(
      z.superRefine((b, ctx) => {
        if (b.byteLength > maxSendBytes) addProblem(ctx, { key: 'payloadTooLarge', params: { limit: maxSendBytes / 1024 / 1024 } });
      }),
    ),
);

// ---------- command inputs ----------

/** One schema per kind, each from its kind's home (kinds/*-schema.ts). */
const openSchemaOf = {
  'tcp-client': tcpClientOpen,
  'tcp-server': tcpServerOpen,
  udp: udpOpen,
  'tls-client': tlsClientOpen,
  'tls-server': tlsServerOpen,
} as const satisfies Record<SessionKind, () => z.ZodMiniType>;
export const openSessionInput = lazySchema(() =>
  z.discriminatedUnion('kind', [
    openSchemaOf['tcp-client'](),
    openSchemaOf['tcp-server'](),
    openSchemaOf.udp(),
    openSchemaOf['tls-client'](),
    openSchemaOf['tls-server'](),
  ]),
);

/**
 * A discriminated union that builds only the asked variant's schema: zod's union builds all of them on its
 * first parse, some 20 µs per schema of every one-shot `socket-lab send` (bench figure 4a). An input of no
 * known variant goes through `union` itself, so its mistakes are worded exactly as the union words them.
 * The same input and output as `union` (the tests of openSessionInput and sendTarget check both ways).
 */
function dispatchedUnion<U extends z.ZodMiniType>(
  key: string,
  variants: Readonly<Record<string, () => z.ZodMiniType>>,
  union: () => U,
): () => U {
  const known = (v: unknown): v is string => typeof v === 'string' && Object.hasOwn(variants, v);
  return lazySchema(
    () =>
      z.pipe(
        z.unknown(),
        z.transform((input, ctx) => {
          const at = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
          const parsed = (known(at) ? variants[at]! : union)().safeParse(input);
          if (parsed.success) return parsed.data;
          // Passed on as the router reads them (message, path, a custom issue's keyed problem).
          for (const issue of parsed.error.issues)
            ctx.issues.push({
              code: 'custom',
              message: issue.message,
              path: issue.path,
              input,
              params: issue.code === 'custom' ? issue.params : undefined,
            });
          return z.NEVER;
        }),
      ) as unknown as U,
  );
}

/** The command's check: openSessionInput, building only the asked kind's schema. */
const openSessionChecked = dispatchedUnion('kind', openSchemaOf, openSessionInput);
/** As checked: the stream options (framing, no-delay...) may be left out by a caller inside the main
 * process (the engine fills in the schema's defaults), as they were before those options existed. */
export type OpenSessionInput = LoosenStream<z.output<ReturnType<typeof openSessionInput>>>;
type StreamKey = keyof StreamOptions;
type LoosenStream<T> = T extends unknown ? Omit<T, StreamKey> & Partial<Pick<T, Extract<keyof T, StreamKey>>> : never;
export type OpenSessionRequest = z.input<ReturnType<typeof openSessionInput>>;
export type { SessionKind } from './kinds';
export type { CertificateSummary, TlsDetails, TlsSessionInfo, TlsVersion } from './kinds/tls';

/** Exactly the kinds of the list (kinds/index.ts) have a schema here: a kind missing from either fails to compile. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _EveryKindHasASchema = Assert<Same<OpenSessionInput['kind'], SessionKind>>;

const sessionRef = lazySchema(() => z.object({ sessionId: idSchema() }));

const sendTargetOf = {
  /** TCP client: its one connection. UDP: the last peer that sent something. */
  default: lazySchema(() => z.object({ kind: z.literal('default') })),
  /** TCP server: one accepted client. */
  connection: lazySchema(() => z.object({ kind: z.literal('connection'), connectionId: idSchema() })),
  /** TCP server: every connected client. */
  all: lazySchema(() => z.object({ kind: z.literal('all') })),
  /** UDP: any host and port. */
  peer: lazySchema(() => z.object({ kind: z.literal('peer'), host: hostSchema(), port: portSchema(false) })),
};
export const sendTargetUnion = lazySchema(() =>
  z.discriminatedUnion('kind', [sendTargetOf.default(), sendTargetOf.connection(), sendTargetOf.all(), sendTargetOf.peer()]),
);
/** Where a send goes: sendTargetUnion, building only the asked kind's schema. */
export const sendTarget = dispatchedUnion('kind', sendTargetOf, sendTargetUnion);
export type SendTarget = z.output<ReturnType<typeof sendTarget>>;

const sendInput = lazySchema(() =>
  z.object({
    sessionId: idSchema(),
    bytes: bytesSchema(),
    to: z._default(sendTarget(), { kind: 'default' }),
  }),
);
export type SendInput = z.output<ReturnType<typeof sendInput>>;

// ---------- file send (engine/file-send.ts): always a job; its progress is bytes done of the file's size ----------

/** UDP: bytes per datagram of a file send (a file over TCP goes as one stream). */
export const fileChunkRange = { min: 1, max: maxUdpPayloadIpv4, default: 1024 } as const;
export const maxFilePathLength = 4096;
const fileChunkProblem: Problem = { key: 'fileChunkRange', params: { min: fileChunkRange.min, max: fileChunkRange.max } };
/** Over IPC a file is named by its path only (the main process opens it); the CLI's stdin is an in-process stream (api.ts). */
const sendFileInput = lazySchema(() =>
  z.object({
    sessionId: idSchema(),
    path: z.string().check(
      z.superRefine((value, ctx) => {
        if (value.trim() === '') addProblem(ctx, { key: 'fileEmptyPath' });
        else if (value.length > maxFilePathLength) addProblem(ctx, { key: 'fileNotFound', params: { path: quoteInput(value, 200) } });
      }),
    ),
    chunk: z._default(
      z.custom<number>((n) => typeof n === 'number' && Number.isInteger(n) && n >= fileChunkRange.min && n <= fileChunkRange.max, {
        message: problemText(fileChunkProblem),
        params: { problem: fileChunkProblem },
      }),
      fileChunkRange.default,
    ),
    to: z._default(sendTarget(), { kind: 'default' }),
  }),
);
export type SendFileInput = z.output<ReturnType<typeof sendFileInput>>;

const connectionRef = lazySchema(() => z.object({ sessionId: idSchema(), connectionId: idSchema() }));
const halfCloseInput = lazySchema(() => z.object({ sessionId: idSchema(), connectionId: z.optional(idSchema()) }));
/** How closeConnection closes: end() sends FIN, destroy() closes at once, reset sends RST (resetAndDestroy). */
export const closeHows = ['end', 'destroy', 'reset'] as const;
export type CloseHow = (typeof closeHows)[number];
const closeConnectionInput = lazySchema(() =>
  z.object({
    sessionId: idSchema(),
    /** A server's client; a client's one connection when absent. */
    connectionId: z.optional(idSchema()),
    // Custom, not an enum: the issue then carries its keyed problem, so the window says it in Korean too.
    how: z.custom<CloseHow>((v) => (closeHows as readonly unknown[]).includes(v), {
      message: problemText({ key: 'closeHowBad' }),
      params: { problem: { key: 'closeHowBad' } },
    }),
  }),
);
const recvMaxProblem: Problem = { key: 'recvMaxRange', params: { min: recvRange.min, max: recvRange.max } };
/** How long a recv waits for bytes at most: a window's button must not hang forever as a blocking recv() would. */
export const recvWaitRangeMs = { min: 0, max: 60_000, default: 1000 } as const;
const recvWaitProblem: Problem = { key: 'recvWaitRange', params: { min: recvWaitRangeMs.min, max: recvWaitRangeMs.max } };
const recvInput = lazySchema(() =>
  z.object({
    sessionId: idSchema(),
    connectionId: z.optional(idSchema()),
    /** recv(n)'s n: one read of at most this many bytes. */
    max: z._default(
      z.custom<number>((n) => typeof n === 'number' && Number.isInteger(n) && n >= recvRange.min && n <= recvRange.max, {
        message: problemText(recvMaxProblem),
        params: { problem: recvMaxProblem },
      }),
      recvRange.default,
    ),
    waitMs: z._default(
      z.custom<number>((n) => typeof n === 'number' && Number.isInteger(n) && n >= recvWaitRangeMs.min && n <= recvWaitRangeMs.max, {
        message: problemText(recvWaitProblem),
        params: { problem: recvWaitProblem },
      }),
      recvWaitRangeMs.default,
    ),
  }),
);
/** What one recv returned: the bytes (empty when the peer had closed, or nothing came in time). */
export interface RecvResult {
  bytes: Uint8Array;
  /** The peer sent FIN (or the connection is gone): recv returns b'' from now on. */
  peerClosed: boolean;
  /** Nothing arrived within waitMs (a blocking recv() would still be waiting). */
  timedOut: boolean;
}
const setAutoReplyInput = lazySchema(() => z.object({ sessionId: idSchema(), autoReply: autoReplySchema() }));
/** Rules set on an open server or UDP socket; the kind decides whether @close is allowed (engine), so both are read here. */
const setRulesInput = lazySchema(() => z.object({ sessionId: idSchema(), rules: rulesSchema(false) }));

/** Rows are fetched by their sequence number; at most this many per call. */
export const maxRowsPerFetch = 2000;
const getRowsInput = lazySchema(() =>
  z.object({
    sessionId: idSchema(),
    from: z.int().check(z.minimum(0)),
    count: z.int().check(z.minimum(0), z.maximum(maxRowsPerFetch)),
    /** Page through the session's filter instead: from / count are positions in its match list. */
    filtered: z.optional(z.boolean()),
  }),
);

// ---------- the log filter (one per session, shared by every window: see engine/log-filter.ts) ----------

export const logDirections = ['in', 'out', 'event', 'error'] as const;
export type LogDirection = (typeof logDirections)[number];
export const filterModes = ['text', 'hex'] as const;
export type FilterMode = (typeof filterModes)[number];
/** Longest query and peer text: a filter is typed by a person, not pasted from a capture. */
export const maxFilterLength = 1000;

export const logFilterSchema = lazySchema(() =>
  z
    .object({
      /** Rows of these directions only; empty: every direction. */
      directions: z._default(z.array(z.enum(logDirections)).check(z.maxLength(logDirections.length)), []),
      /** "host", "host:port" or any part of the peer as shown; empty: every peer. */
      peer: z._default(z.string(), ''),
      /** Text (UTF-8) or hex bytes the payload contains; event rows match their words. Empty: any payload. */
      query: z._default(z.string(), ''),
      mode: z._default(z.enum(filterModes), 'text'),
      /** Text only: by default ASCII letters match either case. */
      matchCase: z._default(z.boolean(), false),
    })
    .check(
      z.superRefine((filter, ctx) => {
        if (filter.peer.length > maxFilterLength) addProblem(ctx, { key: 'filterTooLong', params: { limit: maxFilterLength } }, ['peer']);
        if (filter.query.length > maxFilterLength) addProblem(ctx, { key: 'filterTooLong', params: { limit: maxFilterLength } }, ['query']);
        else if (filter.mode === 'hex') {
          // The composer's parser: the same keyed problem, pointing at the same character.
          const parsed = parseHex(filter.query);
          if (!parsed.ok) addProblem(ctx, parsed.error.problem, ['query']);
        }
      }),
    ),
);
export type LogFilter = z.output<ReturnType<typeof logFilterSchema>>;
export type LogFilterInput = z.input<ReturnType<typeof logFilterSchema>>;
const setFilterInput = lazySchema(() => z.object({ sessionId: idSchema(), filter: z.nullable(logFilterSchema()) }));
const getEntryInput = lazySchema(() => z.object({ sessionId: idSchema(), seq: z.int().check(z.minimum(0)) }));
const clearLogInput = lazySchema(() => z.object({ sessionId: idSchema(), before: z.optional(z.int().check(z.minimum(0))) }));
const cancelJobInput = lazySchema(() => z.object({ jobId: idSchema() }));

const logBudgetProblem: Problem = { key: 'logBudgetRange', params: logBudgetRangeMiB };
const setLogBudgetInput = lazySchema(() =>
  z.object({
    // One check for every wrong value (not a number, missing, out of range), so each gets the keyed sentence.
    mib: z.custom<number>(
      (mib) => typeof mib === 'number' && Number.isInteger(mib) && mib >= logBudgetRangeMiB.min && mib <= logBudgetRangeMiB.max,
      { message: problemText(logBudgetProblem), params: { problem: logBudgetProblem } },
    ),
  }),
);

/** Longest capture file name: every file system takes 255 bytes, and a Korean syllable is 3 in UTF-8. */
export const maxCaptureNameLength = 80;
// Characters Windows refuses in a name (and / everywhere), control characters, and its reserved device names.
const badNameChar = /[\\/:*?"<>|]/;
const hasControlChar = (name: string): boolean => [...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u007f');
const reservedName = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** Why a capture file name cannot be used, or null: a plain name, no folder part, valid on every system. */
export function captureNameProblem(name: string): Problem | null {
  const bad =
    name.trim() === '' ||
    name.length > maxCaptureNameLength ||
    badNameChar.test(name) ||
    hasControlChar(name) ||
    reservedName.test(name) ||
    name === '.' ||
    name === '..' ||
    /^\s|[\s.]$/.test(name);
  return bad ? { key: 'captureBadName', params: { name: quoteInput(name) } } : null;
}

// The window names a file only, never a folder: it is written in the captures folder of the data
// folder, so a page can never make the main process write anywhere else. The CLI's --record takes any path.
const startCaptureInput = lazySchema(() =>
  z.object({
    sessionId: idSchema(),
    fileName: z.optional(
      z.string().check(
        z.superRefine((name, ctx) => {
          const problem = captureNameProblem(name);
          if (problem) addProblem(ctx, problem);
        }),
      ),
    ),
    /** Replace a file of that name; without it an existing file is refused, never overwritten. */
    overwrite: z._default(z.boolean(), false),
  }),
);
export type StartCaptureInput = z.output<ReturnType<typeof startCaptureInput>>;

// ---------- exporting the log (engine/export/) ----------

/** Like a capture, the window names a file only: it is written in the exports folder of the data folder. */
const startExportInput = lazySchema(() =>
  z.object({
    sessionId: idSchema(),
    format: z.enum(exportFormats, { error: problemText({ key: 'exportFormat' }) }),
    /** The file's name; the format's extension is added when it does not end in it. Absent: a name is made. */
    fileName: z.optional(
      z.string().check(
        z.superRefine((name, ctx) => {
          if (captureNameProblem(name)) addProblem(ctx, { key: 'exportBadName', params: { name: quoteInput(name) } });
        }),
      ),
    ),
    /** The filter's matches instead of the whole log. */
    filtered: z._default(z.boolean(), false),
    /** Replace a file of that name; without it an existing file is refused, never overwritten. */
    overwrite: z._default(z.boolean(), false),
  }),
);
export type StartExportInput = z.output<ReturnType<typeof startExportInput>>;

// ---------- the traffic generator (engine/generator.ts) ----------

/** A number field of the generator: a plain number, or null / absent for "not given". */
// The messages are worded when an issue is raised, not when the module loads: toLocaleString's first
// call loads the ICU number data, a cost every command (a one-shot `socket-lab send` too) would pay.
const floodNumber = (key: 'floodRate' | 'floodCount' | 'floodDuration', max: number) =>
  z.nullable(z.number({ error: () => problemText({ key, params: { max: max.toLocaleString('en-US') } }) }));

/** Floods from the session's own socket: its counters count every message, its log gets one summary row a second. */
const startFloodInput = lazySchema(() =>
  z
    .object({
      sessionId: idSchema(),
      size: z.number({ error: () => problemText({ key: 'floodSize', params: { max: maxSendBytes.toLocaleString('en-US') } }) }),
      payload: z._default(z.enum(floodPayloadKinds, { error: problemText({ key: 'floodPayload' }) }), 'text'),
      /** text: the text to repeat (empty: a default); hex: the bytes to repeat, written in hex. */
      pattern: z._default(z.string(), ''),
      rate: z._default(floodNumber('floodRate', maxFloodRate), null),
      count: z._default(floodNumber('floodCount', maxFloodCount), null),
      /** Seconds. */
      duration: z._default(floodNumber('floodDuration', maxFloodDuration), null),
      /** UDP: a peer, or the last one heard from; TCP server: one client or all. */
      to: z._default(sendTarget(), { kind: 'default' }),
    })
    .check(
      z.superRefine((input, ctx) => {
        // The same rules the window checks at each field, keyed and placed at the field they concern.
        for (const { field, problem } of floodProblems(input)) addProblem(ctx, problem, [field]);
      }),
    ),
);
export type StartFloodInput = z.output<ReturnType<typeof startFloodInput>>;

// ---------- UDP multicast and the machine's interfaces ----------

export type { JoinedGroup } from './multicast';
/** Joins or leaves a group while the UDP socket is open: `iface` is the address of the interface to hear it on. */
const groupInput = lazySchema(() =>
  z.object({ sessionId: idSchema(), group: groupSchema(), iface: z.optional(localAddressSchema()) }).check(
    z.superRefine((input, ctx) => {
      if (input.iface === undefined) return;
      const problem = groupInterfaceProblem(input.group, input.iface);
      if (problem) addProblem(ctx, problem, ['iface']);
    }),
  ),
);
export type GroupInput = z.output<ReturnType<typeof groupInput>>;

/** One address of one network interface of this machine (os.networkInterfaces()). */
export interface LocalInterface {
  /** The interface's name: lo, eth0, en0, "Wi-Fi"... */
  name: string;
  address: string;
  family: 'IPv4' | 'IPv6';
  /** A loopback interface: reachable from this computer only. */
  internal: boolean;
  /** Whether it can carry multicast, when the system says so cheaply (Linux), else null. */
  multicast: boolean | null;
}
// ---------- repeated sends (engine/repeater.ts; the schema in repeat-schema.ts) ----------

const startRepeatInput = lazySchema(() => repeatInputSchema(idSchema(), sendTarget(), { kind: 'default' }));
export type StartRepeatInput = z.output<ReturnType<typeof startRepeatInput>>;

// ---------- text encodings (engine/text/encoding.ts: one library main-side; the window decodes nothing) ----------

const setEncodingInput = lazySchema(() => z.object({ sessionId: idSchema(), encoding: encodingSchema() }));
/** UDP: new simulated problems (a spec such as "loss=30%,seed=7"), or null for none. */
const setImpairInput = lazySchema(() => z.object({ sessionId: idSchema(), impair: z.nullable(impairSpecSchema()) }));
/** Text to bytes in the session's encoding (or the one named): what the composer sends. */
const encodeTextInput = lazySchema(() =>
  z.object({
    sessionId: idSchema(),
    text: z.string().check(z.maxLength(maxSendBytes)),
    encoding: z.optional(encodingSchema()),
  }),
);

// ---------- testing rules (engine/pipeline/rules-tester.ts: the regex worker, with its deadline) ----------

/** A rule list as typed in the table, the auto-reply it falls back to, and one sample message (escaped text),
 * in the session's encoding (sessionId) or the one named (a server not open yet: no session, UTF-8 unless named). */
const testRulesInput = lazySchema(() =>
  z.object({
    rules: rulesSchema(false),
    fallback: z._default(z.nullable(autoReplySchema()), null),
    sample: z.string().check(z.maxLength(maxSendBytes)),
    sessionId: z.optional(idSchema()),
    encoding: z.optional(encodingSchema()),
  }),
);
export type { RulesTestVerdict } from './rules-test-verdict';

/** Bytes as text in the session's encoding, for the composer's Hex to Text switch; null when some byte has no text form. */
const decodeTextInput = lazySchema(() => z.object({ sessionId: idSchema(), bytes: bytesSchema() }));

// ---------- kept settings (main/settings/settings-store.ts): the window's whole workspace in one file ----------

const saveSettingsInput = lazySchema(() =>
  z.object({ settings: settingsSchema() }).check(
    z.superRefine(({ settings }, ctx) => {
      let size: number;
      try {
        size = JSON.stringify(settings).length;
      } catch {
        // A value JSON cannot hold (a BigInt, a cycle) could never be written to the file.
        return addProblem(ctx, { key: 'invalidRequest' }, ['settings']);
      }
      if (size > maxSettingsBytes) addProblem(ctx, { key: 'settingsTooLarge', params: { size, limit: maxSettingsBytes } }, ['settings']);
    }),
  ),
);
export type { Settings } from './settings-schema';

// ---------- results and events ----------

export interface MulticastSettings {
  ttl: number | null;
  loop: boolean | null;
  iface: string | null;
}

export interface Endpoint {
  host: string;
  port: number;
}

export interface Counters {
  bytesIn: number;
  /** Bytes the kernel has taken (a TCP send still waiting behind a slow reader is not in here yet). */
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  /** TCP: bytes accepted for sending that the kernel has not taken yet. The engine always fills it;
   * a summary of finished traffic may leave it out. */
  bytesQueued?: number;
}

/** Engine-wide settings the window can read and change. */
export interface EngineSettings {
  /** The log budget shared by every session, and the entry cap beside it. */
  logBudgetBytes: number;
  logMaxEntries: number;
  /** What the logs hold now, counted as against the budget. */
  logBytes: number;
  logEntries: number;
}

export interface ConnectionInfo extends Counters {
  id: string;
  peer: Endpoint;
  local: Endpoint | null;
  since: number;
  state: 'open' | 'half-closed';
  /** TLS kinds: the connection's handshake (protocol, cipher, the peer's certificate). */
  tls?: TlsDetails;
}

/** A session's record-to-file: the file, how much is on disk, and anything that went wrong. */
export interface CaptureInfo {
  /** Absolute path of the NDJSON file. */
  path: string;
  state: 'recording' | 'stopped' | 'failed';
  startedAt: number;
  /** Events written to the file (its header and summary lines not counted). */
  events: number;
  /** Bytes written to the file so far. */
  bytes: number;
  /** Events left out because the disk could not keep up; the file marks where they are missing. */
  dropped: number;
  /** Why recording failed (state 'failed'): a full disk, a removed folder... */
  error: { code: string; message: string; problem: Problem } | null;
}

export type SessionState = 'connecting' | 'connected' | 'listening' | 'open' | 'closed' | 'error';

/** A session's rule list and its hit counts (the fallback is autoReply). */
export interface RulesInfo {
  list: RuleForm[];
  hits: number[];
  fallbackHits: number;
}

export interface SessionInfo {
  id: string;
  kind: SessionKind;
  state: SessionState;
  /** What the user asked for (connect target, or listen / bind address). */
  target: Endpoint;
  /** Where the socket really is (the real port when 0 was asked). */
  local: Endpoint | null;
  autoReply: AutoReplyRule | null;
  /** Servers and UDP sockets with rules: the list as set (table form) and how often each answered. */
  rules?: RulesInfo;
  counters: Counters;
  /** TCP server: accepted clients. UDP: peers heard from. TCP client: its one connection. */
  connections: ConnectionInfo[];
  /** UDP: the peer that sent last (where a reply goes). */
  lastPeer: Endpoint | null;
  /** The last failure, with its problem so the window can word it in the reader's language. */
  lastError: { code: string; message: string; problem: Problem } | null;
  openedAt: number;
  /** The session's latest record-to-file (running or ended); absent or null when it never recorded. */
  capture?: CaptureInfo | null;
  /** The session's latest traffic generator (running or ended); absent or null when it never flooded. */
  flood?: FloodInfo | null;
  /** TLS kinds: trust settings and the server's own certificate. */
  tls?: TlsSessionInfo;
  /** UDP: the multicast groups joined now, oldest first (absent for other kinds). */
  groups?: JoinedGroup[];
  /** UDP: whether sends to broadcast addresses are allowed. */
  broadcast?: boolean;
  /** UDP: multicast TTL, loop and outgoing interface as opened with them (null: the system's default). */
  multicast?: MulticastSettings;
  /** Stream kinds (TCP): framing and socket options, as the session was opened with them. */
  stream?: StreamOptions;
  /** The session's latest repeated send (running or ended); absent or null when it never repeated. */
  repeat?: RepeatInfo | null;
  /** The text encoding its rows are shown and its text composed in (utf-8 unless chosen). */
  encoding?: TextEncoding;
  /** UDP: the simulated network problems and what they did (absent: never turned on). */
  impair?: ImpairInfo;
}

interface EventBase {
  sessionId: string;
  /** Milliseconds since the epoch. */
  time: number;
  connectionId?: string;
  peer?: Endpoint;
}

export type SocketEvent =
  | (EventBase & { type: 'opened'; connectionId: string; local: Endpoint; peer: Endpoint })
  | (EventBase & { type: 'listening'; local: Endpoint })
  | (EventBase & { type: 'accepted'; connectionId: string; local: Endpoint; peer: Endpoint })
  | (EventBase & {
      type: 'data';
      direction: 'in' | 'out';
      peer: Endpoint;
      bytes: Uint8Array;
      /** Framed streams: what was left of a message when the peer closed (it never became whole). */
      partial?: true;
    })
  | (EventBase & {
      type: 'half-closed';
      connectionId: string;
      by: 'local' | 'peer';
      /** By peer with allowHalfOpen on: our side stays open to write (CLOSE_WAIT) until we end it. */
      stillWritable?: true;
    })
  | (EventBase & {
      type: 'error';
      code: string;
      message: string;
      /** Always there: the window words every error in the reader's language from it. */
      problem: Problem;
      /** A cancelled or broken send: bytes of the out entry above that never left (bytesOut never counted them). */
      unsentBytes?: number;
    })
  | (EventBase & {
      type: 'closed';
      reason: CloseReason;
      /** Closed by a closeConnection command: destroy() or reset (RST); absent for every other close. */
      how?: CloseHow;
    })
  /** A TLS connection's handshake completed: what was agreed, and the certificate the peer showed. */
  | (EventBase & { type: 'secured'; connectionId: string; peer: Endpoint; tls: TlsDetails })
  // Something worth knowing that is not a failure: a group joined or left, the wildcard bound for groups.
  | (EventBase & { type: 'notice'; message: string; problem: Problem })
  // The traffic generator logs no row per message (that would cost more than the send): one when it
  // starts, one a second while it runs, one when it ends. The session's counters count every message.
  | (EventBase & { type: 'flood'; phase: 'started' | 'progress' | 'ended'; flood: FloodInfo });

/** sessionNdjson's answer: the text, whether older rows had already left the bounded log, and how many rows it holds. */
export interface SessionNdjson {
  text: string;
  truncated: boolean;
  rows: number;
}

export type CloseReason = 'local' | 'peer' | 'reset' | 'error' | 'stopped';
export type SocketEventType = SocketEvent['type'];

/** A stored event with its sequence number in the session log. */
export type LogRow = SocketEvent & {
  seq: number;
  /** For a data row whose bytes are a cut preview: the full payload length (absent when bytes is whole). */
  size?: number;
  /** Rows sent to a window by a session whose encoding is not UTF-8: the payload decoded in it, every
   * byte that does not decode shown as \xHH (the window decodes nothing itself). */
  text?: string;
};

export interface RowsPage {
  /** Oldest sequence number still held in memory (older rows were dropped to bound memory). */
  first: number;
  /** Number of events ever logged in the session: the next sequence number. */
  total: number;
  rows: LogRow[];
  /**
   * The session's filter, when it has one. A filtered page (getRows with filtered: true) holds the
   * matches at positions [from, from + count) with their real seq.
   */
  filter?: LogFilterStatus;
}

/** A session's filter as it stands: its matches have positions [first, total), which never change. */
export interface LogFilterStatus {
  /** New for every setFilter, so a window can tell pages of an older filter apart. */
  id: number;
  filter: LogFilter;
  /** Position of the oldest match still held (matches of dropped rows no longer count). */
  first: number;
  /** One past the newest match's position. */
  total: number;
  /** total - first: the matches held now. */
  matches: number;
}

/**
 * The filter in a batch: its status with the positions of the batch's newest rows that match, or
 * `filter: null` once it was removed. Ids only grow, so a window can tell an older word from a newer.
 */
export type LogFilterUpdate = (LogFilterStatus & { tail: { position: number; seq: number }[] }) | { id: number; filter: null };

export interface SessionLogUpdate extends Omit<RowsPage, 'filter'> {
  sessionId: string;
  /** Present once the session had a filter (every window shows the same one). */
  filter?: LogFilterUpdate;
}

/** What the main side pushes, at most every ~30 ms, never one message per packet. */
export interface UpdateBatch {
  /** Sessions that changed, each with its recording and its traffic generator's live figures (`flood`). */
  sessions: SessionInfo[];
  removed: string[];
  /** Per changed session: the log bounds and the newest rows (capped) appended since the last batch. */
  logs: SessionLogUpdate[];
  /** Jobs that progressed or ended since the last batch (each once, as it stands now). */
  jobs: JobInfo[];
}

export interface CommandError {
  /** Node's code (ECONNREFUSED, EADDRINUSE...) or one of ours (INVALID_INPUT, NO_SESSION...). */
  code: string;
  message: string;
  /** The input field the error is about, when there is one (host, port, text...). */
  field?: string;
  /** The message as a key and params, for the window's translations. */
  problem?: Problem;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CommandError };

// ---------- long work as jobs ----------

export interface SendReport {
  bytes: number;
  recipients: number;
}

/** Long work answers at once with this; progress and the outcome follow in UpdateBatch.jobs. */
export interface JobStarted {
  job: string;
  /** Bytes to write, as far as known when it started. */
  total: number;
}

/** What `send` answers: its report when it finished quickly, else the job that goes on. */
export type SendOutcome = SendReport | JobStarted;

export const isJobStarted = (value: SendOutcome): value is JobStarted => 'job' in value;

/** What an export job answers at its end: the file's full path, the rows written and its size. */
export interface ExportReport {
  path: string;
  rows: number;
  bytes: number;
  /** Where the rows came from: the session's recording file (everything since it started), or the in-memory log. */
  from: 'capture' | 'log';
}

/** startExport answers at once: the job, and the file it writes. */
export interface ExportStarted extends JobStarted {
  path: string;
}

interface JobBase {
  id: string;
  sessionId: string;
  /** Bytes handed to the network so far, and the total (bytes x recipients; 0 while unknown: a stream). */
  done: number;
  total: number;
  startedAt: number;
}

type JobOutcome<R> = { state: 'running' } | { state: 'done'; result: R } | { state: 'failed' | 'cancelled'; error: CommandError };
/** A send or a file send (done: its report) or an export (done: the file's path, rows and size; `done`/`total` count rows). */
export type JobInfo =
  (JobBase & { command: 'send' | 'sendFile' } & JobOutcome<SendReport>) | (JobBase & { command: 'export' } & JobOutcome<ExportReport>);
export type JobState = JobInfo['state'];

// ---------- the command table ----------

interface Command<I extends z.ZodMiniType, R> {
  /** Built on its first call (lazy-schema.ts). */
  input: () => I;
  /** Type-only: the result carried by { ok: true, value }. */
  result?: R;
}

/** The input of a command that takes none. */
const noInput = lazySchema(() => z.strictObject({}));

const command =
  <R>() =>
  <I extends z.ZodMiniType>(input: () => I): Command<I, R> => ({ input });

export const contract = {
  openSession: command<SessionInfo>()(openSessionChecked),
  closeSession: command<SessionInfo>()(sessionRef),
  removeSession: command<{ removed: true }>()(sessionRef),
  send: command<SendOutcome>()(sendInput),
  /** Streams a file from the session's socket: always answers with a job (checks first: a missing file is a plain error). */
  sendFile: command<JobStarted>()(sendFileInput),
  /** Electron: the system's open-file dialog; the path picked, or null (cancelled); available false: no dialog (browser mode). */
  pickFile: command<{ path: string | null; available: boolean }>()(noInput),
  disconnectClient: command<{ disconnected: true }>()(connectionRef),
  halfClose: command<{ halfClosed: true }>()(halfCloseInput),
  /** TCP: closes one connection by end() (FIN), destroy() or reset (RST); the log says which. */
  closeConnection: command<{ closed: CloseHow }>()(closeConnectionInput),
  /** TCP in manual read mode: one read of at most `max` bytes, as recv(n); logged as a data-in row. */
  recv: command<RecvResult>()(recvInput),
  setAutoReply: command<SessionInfo>()(setAutoReplyInput),
  setRules: command<SessionInfo>()(setRulesInput),
  listSessions: command<SessionInfo[]>()(noInput),
  getRows: command<RowsPage>()(getRowsInput),
  /** Sets (null: removes) the session's log filter; answers its status once every held row is scanned. */
  setFilter: command<{ id: number; filter: LogFilterStatus | null }>()(setFilterInput),
  getEntry: command<LogRow>()(getEntryInput),
  /** Drops the session's log rows, or only those before `before` (a window's Clear, kept for a few seconds of Undo). */
  clearLog: command<{ cleared: true }>()(clearLogInput),
  /** Stops a running job; false when it had already ended. */
  cancelJob: command<{ cancelled: boolean }>()(cancelJobInput),
  /** The engine-wide settings (the log budget) and how much of the budget is in use. */
  getSettings: command<EngineSettings>()(noInput),
  /** Sets the engine-wide log budget; a smaller one drops the oldest rows at once. */
  setLogBudget: command<EngineSettings>()(setLogBudgetInput),
  /** Starts recording every event of the session to a file in the captures folder. */
  startCapture: command<CaptureInfo>()(startCaptureInput),
  /** Stops recording (the summary line is written and the file closed); answers how it ended. */
  stopCapture: command<CaptureInfo>()(sessionRef),
  /** Starts the session's traffic generator; its progress comes with the session in each batch. */
  startFlood: command<FloodInfo>()(startFloodInput),
  /** Stops the session's traffic generator; answers its final figures (or those of the last one). */
  stopFlood: command<FloodInfo>()(sessionRef),
  /** UDP: joins a multicast group while the socket is open; answers the session with its groups. */
  joinGroup: command<SessionInfo>()(groupInput),
  /** UDP: leaves a group joined before. */
  leaveGroup: command<SessionInfo>()(groupInput),
  /** Every address of every interface of this machine: what a socket can bind or join groups on. */
  listInterfaces: command<LocalInterface[]>()(noInput),
  /** Starts sending the payload every N ms; its countdown comes with the session in each batch. */
  startRepeat: command<RepeatInfo>()(startRepeatInput),
  /** Stops the session's repeat; answers its final figures. */
  stopRepeat: command<RepeatInfo>()(sessionRef),
  /** Changes the text encoding the session's rows are shown and its text composed in. */
  setEncoding: command<SessionInfo>()(setEncodingInput),
  /** UDP: changes the simulated network problems while open (null: off); answers the session with its counts. */
  setImpair: command<SessionInfo>()(setImpairInput),
  /** The session's held rows as NDJSON (as an export writes it), for "Copy as code"; past a cap, an error. */
  sessionNdjson: command<SessionNdjson>()(sessionRef),
  /** The text in the session's encoding; a character it cannot write is an error at field "text". */
  encodeText: command<Uint8Array>()(encodeTextInput),
  /** What the rules answer to one sample, regexes run on the engine's worker with a deadline (a timeout: error at "sample"). */
  testRules: command<RulesTestVerdict>()(testRulesInput),
  /** The bytes read in the session's encoding: the exact text, or null when they are not text in it. */
  decodeText: command<{ text: string | null }>()(decodeTextInput),
  /** Exports the whole log or the filter's matches to a file in the exports folder, as a job (cancel with cancelJob). */
  startExport: command<ExportStarted>()(startExportInput),
  /** The kept settings (checked; defaults where there are none), and why the file on disk was not used, said once. */
  loadSettings: command<{ settings: Settings; problem?: Problem }>()(noInput),
  /** Keeps the settings (the newest save wins); answers once they are on disk. */
  saveSettings: command<{ saved: true }>()(saveSettingsInput),
  /** Checks the text of a workspace file the page read (browser mode): the workspace, or its mistakes at their paths. Opens nothing. */
  checkWorkspaceText: command<CheckedWorkspaceText>()(checkWorkspaceTextInput),
  /** Electron: the system's open dialog (*.socketlab.json), the chosen file read and checked main-side. Opens no socket. */
  openWorkspaceDialog: command<OpenedWorkspaceDialog>()(noInput),
  /** Electron: the system's save dialog, then the workspace (checked first) written atomically to the chosen file. */
  saveWorkspaceDialog: command<SavedWorkspaceDialog>()(saveWorkspaceDialogInput),
  /** Linux: what `ss -tni` says about the session's TCP sockets now (states, queues, RTT, TIME-WAIT); unavailable elsewhere. */
  osSockets: command<OsSocketsResult>()(sessionRef),
} satisfies Record<CommandName, Command<z.ZodMiniType, unknown>>;

// Every name in channels.ts has a schema here and the other way round.
type Contract = typeof contract;
type _SameNames = [CommandName] extends [keyof Contract] ? ([keyof Contract] extends [CommandName] ? true : never) : never;
export const contractCoversChannels: _SameNames = true;

export type CommandInput<K extends CommandName> = z.input<ReturnType<Contract[K]['input']>>;
export type ParsedInput<K extends CommandName> = z.output<ReturnType<Contract[K]['input']>>;
export type CommandResult<K extends CommandName> = NonNullable<Contract[K]['result']>;

/** window.socketLab: one named function per command, plus the update subscription. */
export type SocketLabApi = {
  [K in CommandName]: (input: CommandInput<K>) => Promise<Result<CommandResult<K>>>;
} & {
  onUpdate(listener: (batch: UpdateBatch) => void): () => void;
  /** Electron only: the application menu's File items (a browser tab has its own menus, and buttons). */
  onMenu?(listener: (action: MenuAction) => void): () => void;
};
