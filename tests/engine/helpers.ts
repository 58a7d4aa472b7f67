// Helpers for engine tests: record every event of an Engine and wait (bounded) for one that matches.
import net from 'node:net';
import { afterEach, expect } from 'vitest';
import { decodeText, encodeText } from '../../src/shared/codec';
import type { SocketEvent } from '../../src/shared/contract';
import { isProblemKey, problemText } from '../../src/shared/problems';
import type { Engine } from '../../src/main/engine/engine';
import { SessionBase, type EventWithoutMeta } from '../../src/main/engine/session-base';

/**
 * Why an error event could not be shown in the reader's language, or null when it can: it needs a
 * known problem key whose sentence has every placeholder filled.
 */
export function untranslatableError(e: SocketEvent): string | null {
  if (e.type !== 'error') return null;
  const problem = (e as { problem?: { key?: unknown; params?: Record<string, string | number> } }).problem;
  if (!problem || !isProblemKey(problem.key)) return `${e.code} "${e.message}" has no valid problem key (${JSON.stringify(problem)})`;
  const text = problemText({ key: problem.key, ...(problem.params ? { params: problem.params } : {}) });
  if (/\{\{\w+\}\}/.test(text)) return `${e.code}: "${text}" leaves a placeholder unfilled`;
  return null;
}

// Every error event any session emits in an engine test (whoever listens, or nobody) must carry a
// problem the window can translate: checked at the one place events leave a session.
const untranslatable: string[] = [];
type Emit = (this: SessionBase, event: EventWithoutMeta) => void;
const sessionProto = SessionBase.prototype as unknown as { emit: Emit };
const originalEmit = sessionProto.emit;
sessionProto.emit = function (this: SessionBase, event) {
  const problem = untranslatableError({ ...event, sessionId: this.id, time: 0 } as SocketEvent);
  if (problem) untranslatable.push(problem);
  originalEmit.call(this, event);
};
afterEach(() => {
  const seen = untranslatable.splice(0);
  expect(seen, 'error events without a translatable problem').toEqual([]);
});

type EventOf<T extends SocketEvent['type']> = Extract<SocketEvent, { type: T }>;
export type DataEvent = EventOf<'data'>;

export interface Recorder {
  readonly events: SocketEvent[];
  /** The first recorded event (past or future) that matches, or a rejection after timeoutMs. */
  waitFor<E extends SocketEvent = SocketEvent>(match: (e: SocketEvent) => e is E, timeoutMs?: number, what?: string): Promise<E>;
  waitFor(match: (e: SocketEvent) => boolean, timeoutMs?: number, what?: string): Promise<SocketEvent>;
  /** Waits until `check()` is true, re-checking after every event and every 20 ms. */
  until(check: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Data events of one session and direction (optionally one connection). */
  data(sessionId: string, direction: 'in' | 'out', connectionId?: string): DataEvent[];
  /** The received text of one session (and connection), all chunks joined. */
  text(sessionId: string, direction: 'in' | 'out', connectionId?: string): string;
  stop(): void;
}

export function record(engine: Engine): Recorder {
  const events: SocketEvent[] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = engine.subscribe({
    event: (e) => {
      events.push(e);
      for (const w of [...waiters]) w();
    },
  });

  const until = (check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> =>
    new Promise((resolve, reject) => {
      if (check()) return resolve();
      const waiter = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        clearInterval(poll);
        waiters.delete(waiter);
        resolve();
      };
      // Re-checked after every event, and every 20 ms for conditions outside the engine.
      const poll = setInterval(waiter, 20);
      const timer = setTimeout(() => {
        clearInterval(poll);
        waiters.delete(waiter);
        const seen = events.slice(-20).map(describeEvent).join('\n  ');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${events.length} events, the last ones:\n  ${seen}`));
      }, timeoutMs);
      waiters.add(waiter);
    });

  const data = (sessionId: string, direction: 'in' | 'out', connectionId?: string): DataEvent[] =>
    events.filter(
      (e): e is DataEvent =>
        e.type === 'data' &&
        e.sessionId === sessionId &&
        e.direction === direction &&
        (connectionId === undefined || e.connectionId === connectionId),
    );

  return {
    events,
    async waitFor(match: (e: SocketEvent) => boolean, timeoutMs = 5000, what = 'a matching event') {
      let found: SocketEvent | undefined;
      await until(() => (found = events.find(match)) !== undefined, timeoutMs, what);
      return found!;
    },
    until,
    data,
    text: (sessionId, direction, connectionId) =>
      data(sessionId, direction, connectionId)
        .map((e) => decodeText(e.bytes))
        .join(''),
    stop: unsubscribe,
  };
}

/** One event as a short line, for failure messages. */
export function describeEvent(e: SocketEvent): string {
  const base = `${e.sessionId}${e.connectionId ? '/' + e.connectionId : ''} ${e.type}`;
  switch (e.type) {
    case 'data':
      return `${base} ${e.direction} ${JSON.stringify(decodeText(e.bytes.subarray(0, 60)))} (${e.bytes.byteLength} B)`;
    case 'closed':
      return `${base} ${e.reason}`;
    case 'error':
      return `${base} ${e.code}: ${e.message}`;
    case 'half-closed':
      return `${base} by ${e.by}`;
    default:
      return base;
  }
}

// Type guards that keep the tests short.
export const isType =
  <T extends SocketEvent['type']>(type: T, sessionId?: string) =>
  (e: SocketEvent): e is EventOf<T> =>
    e.type === type && (sessionId === undefined || e.sessionId === sessionId);

export const isDataIn =
  (sessionId: string, text?: string) =>
  (e: SocketEvent): e is DataEvent =>
    e.type === 'data' && e.sessionId === sessionId && e.direction === 'in' && (text === undefined || decodeText(e.bytes) === text);

export const bytesOf = (text: string): Uint8Array => encodeText(text);

/** A port that was free a moment ago (listen on 0, note the port, close). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Loopback hosts every socket test runs on. */
export const loopbacks = ['127.0.0.1', '::1'] as const;
