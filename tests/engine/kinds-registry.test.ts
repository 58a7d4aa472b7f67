// The registry opens every kind of the shared list, and the TCP sessions take their sockets from the
// injected factories only: the seam a TLS kind will use to reuse them with tls.connect / tls.createServer.
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { TcpClientSession } from '../../src/main/engine/kinds/tcp/client-session';
import { TcpServerSession } from '../../src/main/engine/kinds/tcp/server-session';
import type { StreamSockets } from '../../src/main/engine/kinds/tcp/streams';
import type { SessionHooks } from '../../src/main/engine/session-base';
import { openSessionInput, type SocketEvent } from '../../src/shared/contract';
import { roleOf, sessionKindList, sessionKinds } from '../../src/shared/kinds';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** node:net, with every socket and server it makes counted. */
function countingStreams(): StreamSockets & { made: string[] } {
  const made: string[] = [];
  return {
    made,
    connect: (options) => (made.push('connect'), net.connect(options)),
    createServer: (options) => (made.push('server'), net.createServer(options)),
    readyEvent: 'connect',
    acceptEvent: 'connection',
  };
}

function hooksInto(events: SocketEvent[]): SessionHooks {
  return { event: (e) => void events.push(e), changed: () => undefined };
}

describe('the kinds registry', () => {
  it('opens a session of every kind the shared list names, on loopback', async () => {
    const engine = new Engine({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'socket-lab-data-')) });
    closers.push(() => engine.closeAll());
    // Each client kind connects to the server of its own scheme (a TLS client to the TLS server, its made certificate accepted).
    const servers = new Map<string, number>();
    const kinds: string[] = [];
    const order = [...sessionKindList].sort((a, b) => (roleOf(a) === 'client' ? 1 : 0) - (roleOf(b) === 'client' ? 1 : 0));
    for (const kind of order) {
      const scheme = sessionKinds[kind].scheme;
      const request =
        roleOf(kind) === 'client'
          ? { kind, host: '127.0.0.1', port: servers.get(scheme)!, ...(scheme === 'tls' ? { insecure: true } : {}) }
          : { kind, host: '127.0.0.1', port: 0 };
      const info = await engine.open(openSessionInput().parse(request));
      if (roleOf(kind) === 'server') servers.set(scheme, info.local!.port);
      kinds.push(info.kind);
    }
    expect(kinds.sort()).toEqual([...sessionKindList].sort());
  });

  it('gives the TCP server and client their sockets through the injected factories', async () => {
    const streams = countingStreams();
    const events: SocketEvent[] = [];
    const server = new TcpServerSession(
      's1',
      'tcp-server',
      { host: '127.0.0.1', port: 0, autoReply: { mode: 'echo', text: '', closeAfterReply: false } },
      hooksInto(events),
      streams,
    );
    closers.push(() => server.close());
    await server.start();
    const client = new TcpClientSession(
      's2',
      'tcp-client',
      { host: '127.0.0.1', port: server.info().local!.port, connectTimeoutMs: 5000 },
      hooksInto(events),
      streams,
    );
    closers.push(() => client.close());
    await client.start();
    expect(streams.made).toEqual(['server', 'connect']);
    expect(client.info().state).toBe('connected');
  });
});
