// The one definition of every IPC command (input schema + result type) and every event.
// Main validates with these schemas; preload and renderer use the types; nothing else defines a channel.
import { z } from 'zod';
import { hostProblem, localAddressProblem, portProblem, stripBrackets } from './address';
import { parseEscaped } from './codec';
import { problemText, type Problem } from './problems';
import type { CommandName } from './channels';

export { commandNames, commandChannel, updateChannel } from './channels';
export type { CommandName } from './channels';
export type { Problem, ProblemKey } from './problems';

// ---------- building blocks ----------

/** A schema issue that carries its Problem, so the window can word it in the reader's language. */
const addProblem = (ctx: z.RefinementCtx, problem: Problem, path?: string[]): void =>
  ctx.addIssue({ code: 'custom', message: problemText(problem), params: { problem }, ...(path ? { path } : {}) });

const hostSchemaWith = (problemOf: (host: string) => Problem | null) =>
  z
    .string({ error: problemText({ key: 'hostNotText' }) })
    .superRefine((host, ctx) => {
      const problem = problemOf(host);
      if (problem) addProblem(ctx, problem);
    })
    .transform(stripBrackets);
const hostSchema = hostSchemaWith(hostProblem);
const localAddressSchema = hostSchemaWith(localAddressProblem);

const portSchema = (allowZero: boolean) =>
  z.number({ error: problemText({ key: 'portNotNumberType' }) }).superRefine((port, ctx) => {
    const problem = portProblem(port, { allowZero });
    if (problem) addProblem(ctx, problem);
  });

const idSchema = z.string().min(1).max(64);

/** Largest payload accepted in one send (a bigger one belongs in a file transfer, not a composer). */
export const maxSendBytes = 16 * 1024 * 1024;
/** Largest UDP payload over IPv4: 65,535 - 8 (UDP header) - 20 (IPv4 header, counted in its length field). */
export const maxUdpPayloadIpv4 = 65_507;
/** Largest UDP payload over IPv6: 65,535 - 8 (UDP header); IPv6's payload length leaves its own header out. */
export const maxUdpPayloadIpv6 = 65_527;
/** The largest datagram a socket of this family can send. */
export const maxUdpPayloadFor = (family: 'ipv4' | 'ipv6'): number => (family === 'ipv6' ? maxUdpPayloadIpv6 : maxUdpPayloadIpv4);
/** The largest datagram of either family: the bound for text that may have to fit in one. */
export const maxUdpPayload = maxUdpPayloadIpv6;

const bytesSchema = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: problemText({ key: 'payloadNotBytes' }) })
  .superRefine((b, ctx) => {
    if (b.byteLength > maxSendBytes) addProblem(ctx, { key: 'payloadTooLarge', params: { limit: maxSendBytes / 1024 / 1024 } });
  });

export const autoReplyModes = ['none', 'echo', 'upper', 'prefix', 'fixed'] as const;
export type AutoReplyMode = (typeof autoReplyModes)[number];

/** What a server answers to each message it receives. `text` is escaped text (\r\n, \xHH). */
export const autoReplySchema = z
  .object({
    mode: z.enum(autoReplyModes),
    text: z.string().max(maxUdpPayload).default(''),
    closeAfterReply: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    if (rule.mode !== 'prefix' && rule.mode !== 'fixed') return;
    const parsed = parseEscaped(rule.text);
    if (!parsed.ok) addProblem(ctx, parsed.error.problem, ['text']);
    else if (rule.mode === 'fixed' && parsed.bytes.length === 0) addProblem(ctx, { key: 'fixedReplyEmpty' }, ['text']);
  });
export type AutoReplyRule = z.output<typeof autoReplySchema>;
export type AutoReplyInput = z.input<typeof autoReplySchema>;

// ---------- command inputs ----------

const tcpClientOpen = z.object({
  kind: z.literal('tcp-client'),
  host: hostSchema,
  port: portSchema(false),
  localAddress: localAddressSchema.optional(),
  localPort: portSchema(true).optional(),
  connectTimeoutMs: z
    .number({ error: problemText({ key: 'connectTimeoutRange' }) })
    .superRefine((ms, ctx) => {
      // Keyed like every other mistake, so the window can say it in the reader's language.
      if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) addProblem(ctx, { key: 'connectTimeoutRange' });
    })
    .default(10_000),
});

const tcpServerOpen = z.object({
  kind: z.literal('tcp-server'),
  host: hostSchema,
  port: portSchema(true),
  autoReply: autoReplySchema.default({ mode: 'none', text: '', closeAfterReply: false }),
});

const udpOpen = z.object({
  kind: z.literal('udp'),
  /** Local address to bind: 0.0.0.0 or :: for all, 127.0.0.1 or ::1 for loopback only. */
  host: hostSchema,
  /** Local port: 0 picks any free port. */
  port: portSchema(true),
  autoReply: autoReplySchema.default({ mode: 'none', text: '', closeAfterReply: false }),
});

export const openSessionInput = z.discriminatedUnion('kind', [tcpClientOpen, tcpServerOpen, udpOpen]);
export type OpenSessionInput = z.output<typeof openSessionInput>;
export type OpenSessionRequest = z.input<typeof openSessionInput>;
export type SessionKind = OpenSessionInput['kind'];

const sessionRef = z.object({ sessionId: idSchema });

export const sendTarget = z.discriminatedUnion('kind', [
  /** TCP client: its one connection. UDP: the last peer that sent something. */
  z.object({ kind: z.literal('default') }),
  /** TCP server: one accepted client. */
  z.object({ kind: z.literal('connection'), connectionId: idSchema }),
  /** TCP server: every connected client. */
  z.object({ kind: z.literal('all') }),
  /** UDP: any host and port. */
  z.object({ kind: z.literal('peer'), host: hostSchema, port: portSchema(false) }),
]);
export type SendTarget = z.output<typeof sendTarget>;

const sendInput = z.object({
  sessionId: idSchema,
  bytes: bytesSchema,
  to: sendTarget.default({ kind: 'default' }),
});
export type SendInput = z.output<typeof sendInput>;

const connectionRef = z.object({ sessionId: idSchema, connectionId: idSchema });
const halfCloseInput = z.object({ sessionId: idSchema, connectionId: idSchema.optional() });
const setAutoReplyInput = z.object({ sessionId: idSchema, autoReply: autoReplySchema });

/** Rows are fetched by their sequence number; at most this many per call. */
export const maxRowsPerFetch = 2000;
const getRowsInput = z.object({
  sessionId: idSchema,
  from: z.number().int().min(0),
  count: z.number().int().min(0).max(maxRowsPerFetch),
});
const getEntryInput = z.object({ sessionId: idSchema, seq: z.number().int().min(0) });
const cancelJobInput = z.object({ jobId: idSchema });

// ---------- results and events ----------

export interface Endpoint {
  host: string;
  port: number;
}

export interface Counters {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
}

export interface ConnectionInfo extends Counters {
  id: string;
  peer: Endpoint;
  local: Endpoint | null;
  since: number;
  state: 'open' | 'half-closed';
}

export type SessionState = 'connecting' | 'connected' | 'listening' | 'open' | 'closed' | 'error';

export interface SessionInfo {
  id: string;
  kind: SessionKind;
  state: SessionState;
  /** What the user asked for (connect target, or listen / bind address). */
  target: Endpoint;
  /** Where the socket really is (the real port when 0 was asked). */
  local: Endpoint | null;
  autoReply: AutoReplyRule | null;
  counters: Counters;
  /** TCP server: accepted clients. UDP: peers heard from. TCP client: its one connection. */
  connections: ConnectionInfo[];
  /** UDP: the peer that sent last (where a reply goes). */
  lastPeer: Endpoint | null;
  /** The last failure, with its problem so the window can word it in the reader's language. */
  lastError: { code: string; message: string; problem: Problem } | null;
  openedAt: number;
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
  | (EventBase & { type: 'data'; direction: 'in' | 'out'; peer: Endpoint; bytes: Uint8Array })
  | (EventBase & { type: 'half-closed'; connectionId: string; by: 'local' | 'peer' })
  | (EventBase & {
      type: 'error';
      code: string;
      message: string;
      /** Always there: the window words every error in the reader's language from it. */
      problem: Problem;
      /** A cancelled send: bytes of the out entry above that never left, so the counters leave them out. */
      unsentBytes?: number;
    })
  | (EventBase & { type: 'closed'; reason: CloseReason });

export type CloseReason = 'local' | 'peer' | 'reset' | 'error' | 'stopped';
export type SocketEventType = SocketEvent['type'];

/** A stored event with its sequence number in the session log. */
export type LogRow = SocketEvent & {
  seq: number;
  /** For data rows: the full payload length (bytes may be a truncated preview). */
  size?: number;
};

/** Payload bytes sent with each row; the detail pane fetches the whole entry. */
export const rowPreviewBytes = 4096;

export interface RowsPage {
  /** Oldest sequence number still held in memory (older rows were dropped to bound memory). */
  first: number;
  /** Number of events ever logged in the session: the next sequence number. */
  total: number;
  rows: LogRow[];
}

export interface SessionLogUpdate extends RowsPage {
  sessionId: string;
}

/** What the main side pushes, at most every ~30 ms, never one message per packet. */
export interface UpdateBatch {
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

interface JobBase {
  id: string;
  command: 'send';
  sessionId: string;
  /** Bytes handed to the network so far, and the total (bytes x recipients). */
  done: number;
  total: number;
  startedAt: number;
}

export type JobInfo = JobBase &
  ({ state: 'running' } | { state: 'done'; result: SendReport } | { state: 'failed' | 'cancelled'; error: CommandError });
export type JobState = JobInfo['state'];

// ---------- the command table ----------

interface Command<I extends z.ZodType, R> {
  input: I;
  /** Type-only: the result carried by { ok: true, value }. */
  result?: R;
}

const command =
  <R>() =>
  <I extends z.ZodType>(input: I): Command<I, R> => ({ input });

export const contract = {
  openSession: command<SessionInfo>()(openSessionInput),
  closeSession: command<SessionInfo>()(sessionRef),
  removeSession: command<{ removed: true }>()(sessionRef),
  send: command<SendOutcome>()(sendInput),
  disconnectClient: command<{ disconnected: true }>()(connectionRef),
  halfClose: command<{ halfClosed: true }>()(halfCloseInput),
  setAutoReply: command<SessionInfo>()(setAutoReplyInput),
  listSessions: command<SessionInfo[]>()(z.object({}).strict()),
  getRows: command<RowsPage>()(getRowsInput),
  getEntry: command<LogRow>()(getEntryInput),
  clearLog: command<{ cleared: true }>()(sessionRef),
  /** Stops a running job; false when it had already ended. */
  cancelJob: command<{ cancelled: boolean }>()(cancelJobInput),
} satisfies Record<CommandName, Command<z.ZodType, unknown>>;

// Every name in channels.ts has a schema here and the other way round.
type Contract = typeof contract;
type _SameNames = [CommandName] extends [keyof Contract] ? ([keyof Contract] extends [CommandName] ? true : never) : never;
export const contractCoversChannels: _SameNames = true;

export type CommandInput<K extends CommandName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends CommandName> = z.output<Contract[K]['input']>;
export type CommandResult<K extends CommandName> = NonNullable<Contract[K]['result']>;

/** window.socketLab: one named function per command, plus the update subscription. */
export type SocketLabApi = {
  [K in CommandName]: (input: CommandInput<K>) => Promise<Result<CommandResult<K>>>;
} & {
  onUpdate(listener: (batch: UpdateBatch) => void): () => void;
};
