// sessionNdjson: a session's held rows as NDJSON through the router (the window's "Copy as code"): the same
// text an export writes, readable by the code generator, refused past its cap with a keyed problem.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { createRouter, type Router } from '../../src/main/commands/router';
import { sessionNdjson } from '../../src/main/commands/session-ndjson';
import { generateCode } from '../../src/shared/codegen';
import type { Result, SessionInfo, SessionNdjson } from '../../src/shared/contract';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { record, type Recorder } from './helpers';

let engine: Engine;
let router: Router;
let events: Recorder;

beforeEach(() => {
  engine = new Engine();
  router = createRouter(engine);
  events = record(engine);
});
afterEach(async () => {
  events.stop();
  await engine.closeAll();
  await stopPeers();
});

async function ok<T>(result: Promise<Result<unknown>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** A TCP client session that said hello to the seed "ACK : " server and got its answer. */
async function ackSession(): Promise<SessionInfo> {
  const server = await startServer('tcp_ack_server');
  const session = await ok<SessionInfo>(router.handle('openSession', { kind: 'tcp-client', host: '127.0.0.1', port: server.port }));
  await events.waitFor((e) => e.type === 'opened' && e.sessionId === session.id);
  await ok(router.handle('send', { sessionId: session.id, bytes: new TextEncoder().encode('hello\r\n') }));
  await events.until(() => events.text(session.id, 'in') === 'ACK : hello\r\n', 5000, 'the ACK');
  return session;
}

describe('sessionNdjson', () => {
  it("answers the session's rows as NDJSON the code generator turns into a client script", async () => {
    const session = await ackSession();
    const answer = await ok<SessionNdjson>(router.handle('sessionNdjson', { sessionId: session.id }));
    expect(answer.truncated).toBe(false);
    const lines = answer.text.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'header', version: 1, session: { id: session.id, kind: 'tcp-client' } });
    expect(answer.rows).toBe(lines.length - 2); // header and summary around the rows
    const python = generateCode('python', answer.text, 'the session');
    expect(python.ok).toBe(true);
    if (python.ok) {
      expect(python.script.kind).toBe('tcp-client');
      expect(python.code).toContain("s.sendall(b'hello\\r\\n')");
    }
  });

  it('refuses a log larger than its cap with a keyed problem, and an unknown session', async () => {
    const session = await ackSession();
    expect(() => sessionNdjson(engine, session.id, 100)).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE', problem: { key: 'sessionNdjsonTooLarge', params: { limit: 0 } } }),
    );
    const unknown = await router.handle('sessionNdjson', { sessionId: 'nope' });
    expect(unknown.ok).toBe(false);
    const bad = await router.handle('sessionNdjson', { sessionId: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'sessionId' } });
  });
});
