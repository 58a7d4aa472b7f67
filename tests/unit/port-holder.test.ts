// Which of our own sessions holds a port: the same transport, a live session, the same port, and an
// address that overlaps (the same one, or a wildcard that covers it).
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/main/engine/errors';
import { addressesOverlap, findPortHolder, namePortHolder } from '../../src/main/engine/port-holder';
import type { SessionInfo, SessionKind, SessionState } from '../../src/shared/contract';

const session = (
  id: string,
  kind: SessionKind,
  host: string,
  port: number,
  state: SessionState = kind === 'tcp-server' ? 'listening' : 'open',
): SessionInfo => ({
  id,
  kind,
  state,
  target: { host, port },
  local: { host, port },
  autoReply: null,
  counters: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
  connections: [],
  lastPeer: null,
  lastError: null,
  openedAt: 0,
});

describe('addressesOverlap', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '::1', false],
    ['0.0.0.0', '127.0.0.1', true],
    ['127.0.0.1', '0.0.0.0', true],
    ['0.0.0.0', '::1', false],
    // Node opens "::" dual-stack: it covers IPv4 addresses too.
    ['::', '127.0.0.1', true],
    ['::', '::1', true],
    ['0.0.0.0', '::', true],
    ['127.0.0.1', '127.0.0.2', false],
    ['localhost', '::1', true],
  ])('%s and %s: %s', (a, b, overlap) => {
    expect(addressesOverlap(a, b)).toBe(overlap);
    expect(addressesOverlap(b, a)).toBe(overlap);
  });
});

describe('findPortHolder', () => {
  const sessions = [
    session('s1', 'udp', '127.0.0.1', 9000),
    session('s2', 'tcp-server', '0.0.0.0', 9000),
    session('s3', 'tcp-server', '127.0.0.1', 9000),
    session('s4', 'tcp-server', '::1', 9100, 'closed'),
    session('s5', 'tcp-client', '127.0.0.1', 9200, 'connected'),
  ];

  it('the exact address before a wildcard, and only the same transport', () => {
    expect(findPortHolder(sessions, 'tcp', '127.0.0.1', 9000)?.id).toBe('s3');
    expect(findPortHolder(sessions, 'tcp', '127.0.0.2', 9000)?.id).toBe('s2');
    expect(findPortHolder(sessions, 'udp', '127.0.0.1', 9000)?.id).toBe('s1');
    expect(findPortHolder(sessions, 'udp', '::1', 9000)).toBeUndefined();
  });

  it('a client holds its local port too; a closed session holds nothing; port 0 never collides', () => {
    expect(findPortHolder(sessions, 'tcp', '127.0.0.1', 9200)?.id).toBe('s5');
    expect(findPortHolder(sessions, 'tcp', '::1', 9100)).toBeUndefined();
    expect(findPortHolder([session('s9', 'udp', '127.0.0.1', 0)], 'udp', '127.0.0.1', 0)).toBeUndefined();
  });

  it('names the session in the error, and leaves any other error as it was', () => {
    const inUse = new EngineError('EADDRINUSE', { key: 'portInUse', params: { port: 9000, host: '127.0.0.1' } }, 'port');
    const named = namePortHolder(
      inUse,
      { kind: 'tcp-server', host: '127.0.0.1', port: 9000, autoReply: { mode: 'none', text: '', closeAfterReply: false } },
      sessions,
    );
    expect(named).toMatchObject({
      code: 'EADDRINUSE',
      field: 'port',
      message:
        'Port 9000 on 127.0.0.1 is already in use by session s3 (TCP server) in Socket Lab: stop it, or pick another port (0 for any free one).',
    });
    const foreign = namePortHolder(
      inUse,
      { kind: 'udp', host: '::1', port: 9000, autoReply: { mode: 'none', text: '', closeAfterReply: false } },
      sessions,
    );
    expect(foreign).toBe(inUse);
    const refused = new EngineError('ECONNREFUSED', { key: 'refused', params: { where: '127.0.0.1:9000' } });
    expect(namePortHolder(refused, { kind: 'tcp-client', host: '127.0.0.1', port: 9000, connectTimeoutMs: 1000 }, sessions)).toBe(refused);
  });

  it('a client whose local port is held: named at the local port field', () => {
    const inUse = new EngineError('EADDRINUSE', { key: 'localPortInUse', params: { port: 9000 } }, 'localPort');
    const named = namePortHolder(
      inUse,
      { kind: 'tcp-client', host: '127.0.0.1', port: 80, localPort: 9000, connectTimeoutMs: 1000 },
      sessions,
    );
    expect(named).toMatchObject({
      field: 'localPort',
      message: 'The local port 9000 is already in use by session s2 (TCP server) in Socket Lab: stop it, or leave the local port empty.',
    });
  });
});
