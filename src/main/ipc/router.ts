// The command router: validates an untrusted payload against the contract, runs it on the
// engine, and always answers with a Result (never a throw). Electron IPC and the WebSocket
// bridge both call this, so the two paths cannot drift apart.
import type { z } from 'zod';
import {
  commandNames,
  contract,
  type CommandError,
  type CommandName,
  type CommandResult,
  type ParsedInput,
  type Result,
} from '../../shared/contract';
import { isProblemKey, problemText, type Problem } from '../../shared/problems';
import type { Engine } from '../engine/engine';
import { EngineError } from '../engine/errors';

type Handlers = { [K in CommandName]: (input: ParsedInput<K>) => Promise<CommandResult<K>> | CommandResult<K> };

function handlersFor(engine: Engine): Handlers {
  return {
    openSession: (input) => engine.open(input),
    closeSession: ({ sessionId }) => engine.close(sessionId),
    removeSession: async ({ sessionId }) => {
      await engine.remove(sessionId);
      return { removed: true };
    },
    send: ({ sessionId, bytes, to }) => engine.send(sessionId, bytes, to),
    disconnectClient: ({ sessionId, connectionId }) => {
      engine.disconnect(sessionId, connectionId);
      return { disconnected: true };
    },
    halfClose: ({ sessionId, connectionId }) => {
      engine.halfClose(sessionId, connectionId);
      return { halfClosed: true };
    },
    setAutoReply: ({ sessionId, autoReply }) => engine.setAutoReply(sessionId, autoReply),
    listSessions: () => engine.list(),
    getRows: ({ sessionId, from, count }) => engine.rows(sessionId, from, count),
    getEntry: ({ sessionId, seq }) => engine.row(sessionId, seq),
    clearLog: ({ sessionId }) => {
      engine.clearLog(sessionId);
      return { cleared: true };
    },
  };
}

/** The first schema problem, named after the field it concerns ("port", "autoReply.text"). */
export function describeInvalidInput(error: z.ZodError): CommandError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  const message = issue ? issue.message : problemText({ key: 'invalidRequest' });
  const carried = issue?.code === 'custom' ? (issue.params as { problem?: Problem } | undefined)?.problem : undefined;
  return { code: 'INVALID_INPUT', message, ...(field ? { field } : {}), ...(carried && isProblemKey(carried.key) ? { problem: carried } : {}) };
}

export interface Router {
  handle(name: string, payload: unknown): Promise<Result<unknown>>;
}

export function createRouter(engine: Engine): Router {
  const handlers = handlersFor(engine);
  const known = new Set<string>(commandNames);
  return {
    async handle(name, payload) {
      if (!known.has(name)) return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `There is no command "${name}".` } };
      const key = name as CommandName;
      const parsed = contract[key].input.safeParse(payload);
      if (!parsed.success) return { ok: false, error: describeInvalidInput(parsed.error) };
      try {
        const handler = handlers[key] as (input: unknown) => Promise<unknown> | unknown;
        return { ok: true, value: await handler(parsed.data) };
      } catch (err) {
        if (err instanceof EngineError) return { ok: false, error: err.toJSON() };
        // A bug, not a user mistake: still answered, never thrown across the boundary.
        return { ok: false, error: { code: 'INTERNAL', message: `Unexpected error: ${err instanceof Error ? err.message : String(err)}` } };
      }
    },
  };
}
