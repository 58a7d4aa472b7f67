// window.socketLab over a WebSocket, for browser mode (`socket-lab web`): the same named
// functions as the Electron preload, backed by the same router on the other end. Every call ends:
// with its answer, or with a keyed error when the link drops or no answer comes in time.
import { commandNames, type CommandName, type Result, type SocketLabApi, type UpdateBatch } from '../../../shared/contract';
import { problemText, type Problem } from '../../../shared/problems';
import { decodeServerMessage, encodeRequest } from '../../../shared/wire';

export type BridgeStatus = 'connecting' | 'open' | 'closed';

/** How long a call waits for its answer. Long work (a big send) answers at once with a job id and
 * reports the rest as updates, so this bound never cuts real work short. */
export const answerTimeoutMs = 20_000;

export interface BridgeOptions {
  /** Overrides answerTimeoutMs (tests use a short one). */
  answerTimeoutMs?: number;
}

const failure = (code: string, problem: Problem): Result<never> => ({ ok: false, error: { code, message: problemText(problem), problem } });

/** Uploading a big payload over a slow link (an SSH tunnel) takes time before the engine even sees it. */
const uploadMsPerMiB = 1000;

/** How long one call may wait: the bound, plus what the call rightly needs on top (a connect may take
 * its whole connect timeout; a big send must first be uploaded). */
function boundFor(command: CommandName, payload: unknown, base: number): number {
  if (typeof payload !== 'object' || payload === null) return base;
  if (command === 'openSession' && 'connectTimeoutMs' in payload) {
    const ms = payload.connectTimeoutMs;
    return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? base + ms : base;
  }
  if (command === 'send' && 'bytes' in payload && payload.bytes instanceof Uint8Array) {
    return base + Math.ceil(payload.bytes.byteLength / (1024 * 1024)) * uploadMsPerMiB;
  }
  return base;
}

export function createBridgeApi(url: string, onStatus: (status: BridgeStatus) => void, options: BridgeOptions = {}): SocketLabApi {
  const baseBound = options.answerTimeoutMs ?? answerTimeoutMs;
  const pending = new Map<number, { resolve: (result: Result<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  const listeners = new Set<(batch: UpdateBatch) => void>();
  /** Requests made before the socket opened, sent once it does. */
  const queue = new Map<number, string>();
  let nextId = 1;
  const ws = new WebSocket(url);
  onStatus('connecting');
  ws.addEventListener('open', () => {
    onStatus('open');
    for (const text of queue.values()) ws.send(text);
    queue.clear();
  });
  ws.addEventListener('close', () => {
    onStatus('closed');
    for (const { resolve, timer } of pending.values()) {
      clearTimeout(timer);
      resolve(failure('DISCONNECTED', { key: 'engineLost' }));
    }
    pending.clear();
  });
  ws.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    const message = decodeServerMessage(event.data);
    if (message === null) return; // not ours: ignored rather than thrown
    if (message.kind === 'response') {
      if (typeof message.id !== 'number') return;
      const waiting = pending.get(message.id);
      if (!waiting) return; // answered too late: the caller already has its timeout error
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message.result as Result<unknown>);
    } else {
      for (const listener of listeners) listener(message.batch as UpdateBatch);
    }
  });

  const call = (command: CommandName, payload: unknown): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      if (ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) {
        resolve(failure('DISCONNECTED', { key: 'engineNotConnected' }));
        return;
      }
      const id = nextId++;
      const bound = boundFor(command, payload, baseBound);
      const timer = setTimeout(() => {
        pending.delete(id);
        queue.delete(id); // given up on: it must not run later, unseen
        resolve(failure('NO_ANSWER', { key: 'engineNoAnswer', params: { seconds: bound / 1000 } }));
      }, bound);
      pending.set(id, { resolve, timer });
      const text = encodeRequest(id, command, payload);
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
      else queue.set(id, text);
    });

  const commands = Object.fromEntries(commandNames.map((name) => [name, (input: unknown) => call(name, input)]));
  return {
    ...commands,
    onUpdate(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  } as SocketLabApi;
}
