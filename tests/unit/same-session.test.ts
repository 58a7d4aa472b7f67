// The forms skip redrawing when a batch changes only counters: what counts as "only counters".
import { describe, expect, it } from 'vitest';
import { sameButCounters } from '../../src/renderer/src/lib/same-session';
import type { CaptureInfo, ConnectionInfo, SessionInfo } from '../../src/shared/contract';

const zero = { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, bytesQueued: 0 };
const connection = (id: string, more: Partial<ConnectionInfo> = {}): ConnectionInfo => ({
  id,
  peer: { host: '127.0.0.1', port: 40000 },
  local: { host: '127.0.0.1', port: 9000 },
  since: 1,
  state: 'open',
  ...zero,
  ...more,
});
const server = (more: Partial<SessionInfo> = {}): SessionInfo => ({
  id: 's1',
  kind: 'tcp-server',
  state: 'listening',
  target: { host: '127.0.0.1', port: 9000 },
  local: { host: '127.0.0.1', port: 9000 },
  autoReply: { mode: 'echo', text: '', closeAfterReply: false },
  counters: { ...zero },
  connections: [connection('c1')],
  lastPeer: null,
  lastError: null,
  openedAt: 1,
  ...more,
});

describe('sameButCounters', () => {
  it('ignores the session counters and those of its connections', () => {
    const later = server({
      counters: { messagesIn: 5, messagesOut: 5, bytesIn: 50, bytesOut: 50, bytesQueued: 7 },
      connections: [connection('c1', { messagesIn: 5, bytesIn: 50, bytesQueued: 3 })],
    });
    expect(sameButCounters(server(), later)).toBe(true);
  });

  it('sees every other change: state, a client coming or going, a client half-closing, a new reply rule, an error', () => {
    const before = server();
    expect(sameButCounters(before, server({ state: 'closed' }))).toBe(false);
    expect(sameButCounters(before, server({ connections: [connection('c1'), connection('c2')] }))).toBe(false);
    expect(sameButCounters(before, server({ connections: [] }))).toBe(false);
    expect(sameButCounters(before, server({ connections: [connection('c1', { state: 'half-closed' })] }))).toBe(false);
    expect(sameButCounters(before, server({ autoReply: { mode: 'upper', text: '', closeAfterReply: false } }))).toBe(false);
    const problem = { key: 'refused' } as unknown as NonNullable<SessionInfo['lastError']>['problem'];
    expect(sameButCounters(before, server({ lastError: { code: 'ECONNRESET', message: 'reset', problem } }))).toBe(false);
    expect(sameButCounters(before, server({ lastPeer: { host: '::1', port: 5 } }))).toBe(false);
  });

  it('sees the progress of a recording and of a flood (their panels show those counts)', () => {
    const capture: CaptureInfo = {
      path: '/tmp/x.ndjson',
      state: 'recording',
      startedAt: 1,
      events: 10,
      bytes: 100,
      dropped: 0,
      error: null,
    };
    const recording = server({ capture });
    expect(sameButCounters(recording, server({ capture: { ...capture, events: 11 } }))).toBe(false);
    expect(sameButCounters(recording, server({ capture: { ...capture } }))).toBe(true);
  });

  it('treats no session as equal only to no session', () => {
    expect(sameButCounters(null, null)).toBe(true);
    expect(sameButCounters(null, server())).toBe(false);
    expect(sameButCounters(server(), null)).toBe(false);
  });
});
