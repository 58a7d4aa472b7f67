// The NDJSON lines shared by `--format json`, capture files and exports: header, events, summary.
import { describe, expect, it } from 'vitest';
import type { LogRow, SessionInfo, SocketEvent } from '../../src/shared/contract';
import { ndjsonEvent, ndjsonHeader, ndjsonSummary } from '../../src/main/engine/taps/ndjson';

const session = (kind: SessionInfo['kind']): SessionInfo => ({
  id: 's1',
  kind,
  state: 'connected',
  target: { host: '127.0.0.1', port: 9000 },
  local: { host: '127.0.0.1', port: 51000 },
  autoReply: null,
  counters: { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 },
  connections: [],
  lastPeer: null,
  lastError: null,
  openedAt: Date.UTC(2025, 0, 2, 3, 4, 5, 6),
});

const time = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const data: SocketEvent = {
  type: 'data',
  sessionId: 's1',
  connectionId: 'c1',
  time,
  direction: 'in',
  peer: { host: '::1', port: 7 },
  bytes: Uint8Array.from([0x68, 0x69, 0x00, 0xff, 0x0a]),
};
const rowOf = (event: SocketEvent, seq: number): LogRow => ({ ...event, seq });

describe('the NDJSON header', () => {
  it('declares the version, the payload encoding and what the session is, on one line', () => {
    const line = ndjsonHeader(session('tcp-client'), { payload: 'hex', text: true });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      type: 'header',
      version: 1,
      payload: 'hex',
      session: {
        id: 's1',
        kind: 'tcp-client',
        role: 'client',
        local: { host: '127.0.0.1', port: 51000 },
        remote: { host: '127.0.0.1', port: 9000 },
        framing: 'none: a message is a read chunk',
        encoding: 'utf-8',
        openedAt: '2025-01-02T03:04:05.006Z',
      },
    });
    expect(line.startsWith('{"type":"header","version":1,"payload":"hex","session":{')).toBe(true);
  });

  it('names a server and a UDP socket by role, with no single remote', () => {
    const server = JSON.parse(ndjsonHeader(session('tcp-server'), { payload: 'base64', text: false })) as {
      payload: string;
      session: Record<string, unknown>;
    };
    expect(server.payload).toBe('base64');
    expect(server.session).toMatchObject({ role: 'server', remote: null, framing: 'none: a message is a read chunk' });
    const udp = JSON.parse(ndjsonHeader(session('udp'), { payload: 'hex', text: true })) as { session: Record<string, unknown> };
    expect(udp.session).toMatchObject({ role: 'socket', remote: null, framing: 'datagram: a message is one datagram' });
  });
});

describe('an NDJSON event line', () => {
  it('carries seq, ISO time, peer, direction, length, upper-case hex bytes and the text', () => {
    const line = ndjsonEvent(data, rowOf(data, 4), { payload: 'hex', text: true });
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed).toEqual({
      seq: 4,
      type: 'data',
      connectionId: 'c1',
      time: '2025-01-02T03:04:05.678Z',
      direction: 'in',
      peer: { host: '::1', port: 7 },
      bytes: '686900FF0A',
      text: 'hi\u0000\ufffd\n',
      length: 5,
    });
    expect(parsed).not.toHaveProperty('sessionId');
  });

  it('carries base64 bytes and no text when asked so (capture files)', () => {
    const parsed = JSON.parse(ndjsonEvent(data, rowOf(data, 0), { payload: 'base64', text: false })) as Record<string, unknown>;
    expect(parsed.bytes).toBe('aGkA/wo=');
    expect(Buffer.from(parsed.bytes as string, 'base64')).toEqual(Buffer.from(data.type === 'data' ? data.bytes : []));
    expect(parsed).not.toHaveProperty('text');
    expect(parsed.length).toBe(5);
  });

  it('encodes a payload that is a view into a larger buffer by its own bytes only', () => {
    const big = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    const view: SocketEvent = { ...data, bytes: big.subarray(2, 4) } as SocketEvent;
    expect(JSON.parse(ndjsonEvent(view, rowOf(view, 1), { payload: 'hex', text: false }))).toMatchObject({ bytes: '0304', length: 2 });
  });

  it('keeps the fields of other events as the engine emits them', () => {
    const closed: SocketEvent = { type: 'closed', sessionId: 's1', time, reason: 'peer', peer: { host: '127.0.0.1', port: 9 } };
    expect(JSON.parse(ndjsonEvent(closed, rowOf(closed, 9), { payload: 'hex', text: true }))).toEqual({
      seq: 9,
      type: 'closed',
      time: '2025-01-02T03:04:05.678Z',
      reason: 'peer',
      peer: { host: '127.0.0.1', port: 9 },
    });
  });
});

describe('the NDJSON summary', () => {
  it('is the exact counters per direction, on one line', () => {
    const line = ndjsonSummary({ bytesIn: 1_073_741_824, bytesOut: 3, messagesIn: 16_384, messagesOut: 1 });
    expect(line).toBe('{"type":"summary","in":{"messages":16384,"bytes":1073741824},"out":{"messages":1,"bytes":3}}');
  });
});
