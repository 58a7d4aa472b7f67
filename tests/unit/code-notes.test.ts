// What the Copy as code panel says above a script: the stream or datagram caveat, a server's, several
// recorded connections, a log that lost its oldest rows, POSIX-only C.
import { describe, expect, it } from 'vitest';
import { codeNotes } from '../../src/renderer/src/features/copy-as-code/code-notes';
import type { SessionScript } from '../../src/shared/codegen';

const script = (kind: SessionScript['kind'], connections = 1): SessionScript => ({
  kind,
  sessionId: 's1',
  openedAt: '2026-01-01T00:00:00.000Z',
  host: '127.0.0.1',
  port: 5000,
  addressFrom: { seq: 0, time: '00:00:00.000' },
  conversations: Array.from({ length: connections }, () => ({ steps: [] })),
  allText: true,
});

describe('codeNotes', () => {
  it('a TCP client in Python: recv may return fewer bytes than one send', () => {
    expect(codeNotes(script('tcp-client'), 'python', null)).toEqual([{ key: 'stream' }]);
  });

  it('a UDP server in C: datagrams may be lost, it answers as recorded, POSIX only', () => {
    expect(codeNotes(script('udp-server'), 'c', null).map((n) => n.key)).toEqual(['datagram', 'server', 'posix']);
  });

  it('a TCP server with three recorded clients whose log dropped its oldest rows', () => {
    expect(codeNotes(script('tcp-server', 3), 'node', { rows: 120 })).toEqual([
      { key: 'stream' },
      { key: 'server' },
      { key: 'manyConnections', params: { count: 3 } },
      { key: 'truncated', params: { rows: 120 } },
    ]);
  });
});
