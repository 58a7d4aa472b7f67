// The osSockets command (the lab's OS view): what Linux's ss says about a session's real loopback sockets,
// through the same API and schema the window uses; and why it is unavailable where it is.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/main/commands/api';
import { Engine } from '../../src/main/engine/engine';
import { osSockets } from '../../src/main/engine/os-sockets/os-sockets';
import type { OsSocketRow, OsSocketsResult, Result, SessionInfo } from '../../src/shared/contract';
import { startServer, stopPeers } from '../peers/spawn-peer';
import { sleep } from './helpers';

const hasSs = process.platform === 'linux' && ['/usr/bin/ss', '/usr/sbin/ss', '/bin/ss', '/sbin/ss'].some((p) => existsSync(p));

let api: Api;
afterEach(async () => {
  await api?.closeAll();
  await stopPeers();
});

const valueOf = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

async function rowsOf(sessionId: string): Promise<OsSocketRow[]> {
  const result: OsSocketsResult = valueOf(await api.osSockets({ sessionId }));
  if (!result.available) throw new Error(`unavailable: ${result.problem.key}`);
  return result.rows;
}

/** Asks ss again (bounded) until `found` holds: the kernel changes state a moment after the program's call. */
async function rowsUntil(sessionId: string, found: (rows: OsSocketRow[]) => boolean, what: string): Promise<OsSocketRow[]> {
  let rows: OsSocketRow[] = [];
  for (let tries = 0; tries < 50; tries++) {
    rows = await rowsOf(sessionId);
    if (found(rows)) return rows;
    await sleep(50);
  }
  throw new Error(`ss never showed ${what}: ${JSON.stringify(rows)}`);
}

const port = (s: SessionInfo): number => s.local!.port;

describe.skipIf(!hasSs)("the operating system's view of a session (ss, Linux)", () => {
  it('shows a server LISTEN with its connected client ESTAB both ways, queues and RTT', async () => {
    api = createApi(new Engine());
    const server = valueOf(await api.openSession({ kind: 'tcp-server', host: '127.0.0.1', port: 0 }));
    const client = valueOf(await api.openSession({ kind: 'tcp-client', host: '127.0.0.1', port: port(server) }));
    const clientPort = port(client);
    const rows = await rowsUntil(server.id, (r) => r.filter((x) => x.state === 'ESTAB').length === 2, 'the connection both ways');
    expect(rows.find((r) => r.state === 'LISTEN')).toMatchObject({ localPort: port(server), mine: true });
    // The server's end (its own) and the client's end (the other end of the same connection, on loopback).
    expect(rows.find((r) => r.state === 'ESTAB' && r.mine)).toMatchObject({ localPort: port(server), peerPort: clientPort, recvQ: 0 });
    const otherEnd = rows.find((r) => r.state === 'ESTAB' && !r.mine);
    expect(otherEnd).toMatchObject({ localPort: clientPort, peerPort: port(server) });
    expect(otherEnd?.rttMs).toBeGreaterThan(0);
    // Nothing else on this machine is listed: only sockets with the session's ports.
    expect(rows.every((r) => r.localPort === port(server) || r.peerPort === port(server))).toBe(true);
  });

  it('shows TIME-WAIT on the port of the client that closed first, against a peer it did not write', async () => {
    api = createApi(new Engine());
    const peer = await startServer('tcp_ack_server');
    const client = valueOf(await api.openSession({ kind: 'tcp-client', host: '127.0.0.1', port: peer.port }));
    const clientPort = port(client);
    const before = await rowsUntil(client.id, (r) => r.some((x) => x.state === 'ESTAB' && x.mine), 'the client ESTAB');
    expect(before.find((r) => r.mine)).toMatchObject({ localPort: clientPort, peerPort: peer.port });
    valueOf(await api.closeSession({ sessionId: client.id }));
    const after = await rowsUntil(client.id, (r) => r.some((x) => x.state === 'TIME-WAIT'), 'TIME-WAIT');
    const tw = after.find((r) => r.state === 'TIME-WAIT')!;
    expect(tw).toMatchObject({ localPort: clientPort, peerPort: peer.port, mine: true });
    // Linux keeps it 60 s: the timer says how long is left.
    expect(tw.timer?.name).toBe('timewait');
    expect(tw.timer?.ms).toBeGreaterThan(30_000);
    expect(tw.timer?.ms).toBeLessThanOrEqual(60_000);
  });

  it('says UDP sockets have no states, and a missing session is an error like any command', async () => {
    api = createApi(new Engine());
    const udp = valueOf(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0 }));
    expect(valueOf(await api.osSockets({ sessionId: udp.id }))).toEqual({ available: false, problem: { key: 'osViewNotTcp' } });
    const missing = await api.osSockets({ sessionId: 's999' });
    expect(missing.ok).toBe(false);
    const bad = await api.osSockets({ sessionId: '' } as never);
    expect(bad.ok || bad.error.code).toBe('INVALID_INPUT');
  });
});

describe('where the view cannot be had', () => {
  const session: Pick<SessionInfo, 'kind' | 'local' | 'connections'> = {
    kind: 'tcp-client',
    local: { host: '127.0.0.1', port: 4000 },
    connections: [],
  };
  it('is unavailable off Linux, and where ss is not installed', async () => {
    expect(await osSockets(session, { platform: 'win32' })).toEqual({ available: false, problem: { key: 'osViewNotLinux' } });
    expect(await osSockets(session, { platform: 'darwin' })).toEqual({ available: false, problem: { key: 'osViewNotLinux' } });
    expect(await osSockets(session, { platform: 'linux', ss: null })).toEqual({ available: false, problem: { key: 'osViewNoSs' } });
  });

  it('reports an ss that fails, keyed, without a shell in between', async () => {
    const failed = osSockets(session, { platform: 'linux', ss: '/bin/false' });
    await expect(failed).rejects.toMatchObject({ code: 'SS_FAILED', problem: { key: 'osViewFailed' } });
  });
});
