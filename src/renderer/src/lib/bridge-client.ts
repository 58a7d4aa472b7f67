// window.socketLab over a WebSocket, for browser mode (`socket-lab web`): the same named
// functions as the Electron preload, backed by the same router on the other end.
import { commandNames, type CommandName, type Result, type SocketLabApi, type UpdateBatch } from '../../../shared/contract';
import { decodeWire, encodeWire, type WireMessage } from '../../../shared/wire';

export type BridgeStatus = 'connecting' | 'open' | 'closed';

export function createBridgeApi(url: string, onStatus: (status: BridgeStatus) => void): SocketLabApi {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(batch: UpdateBatch) => void>();
  const queue: string[] = [];
  let nextId = 1;
  const ws = new WebSocket(url);
  onStatus('connecting');
  ws.addEventListener('open', () => {
    onStatus('open');
    for (const message of queue.splice(0)) ws.send(message);
  });
  ws.addEventListener('close', () => {
    onStatus('closed');
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'The connection to the Socket Lab engine was lost: restart `socket-lab web` and reload.' } });
    }
    pending.clear();
  });
  ws.addEventListener('message', (event) => {
    const message = decodeWire(String(event.data)) as WireMessage;
    if (message.kind === 'response') {
      pending.get(message.id)?.(message.result as Result<unknown>);
      pending.delete(message.id);
    } else if (message.kind === 'update') {
      for (const listener of listeners) listener(message.batch as UpdateBatch);
    }
  });

  const call = (command: CommandName, payload: unknown): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      if (ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) {
        resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'Not connected to the Socket Lab engine.' } });
        return;
      }
      const id = nextId++;
      pending.set(id, resolve);
      const text = encodeWire({ kind: 'request', id, command, payload } satisfies WireMessage);
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
      else queue.push(text);
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
