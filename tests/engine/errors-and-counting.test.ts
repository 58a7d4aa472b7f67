// The right error, counted right: a refused send is an error entry only (never out, never counted),
// every error carries its problem key, a port held by our own session names it, and each UDP family
// has its own datagram limit. Real sockets on 127.0.0.1 and ::1 only.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import type { EventWithoutMeta } from '../../src/main/engine/session-base';
import { TcpConnection } from '../../src/main/engine/kinds/tcp/connection';
import { autoReplySchema, maxUdpPayloadIpv4, maxUdpPayloadIpv6, type AutoReplyInput, type SocketEvent } from '../../src/shared/contract';
import { bytesOf, isDataIn, isType, loopbacks, record, untranslatableError, type Recorder } from './helpers';

let engine: Engine;
let rec: Recorder;
const cleanups: (() => void)[] = [];

beforeEach(() => {
  engine = new Engine();
  rec = record(engine);
});

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await engine.closeAll();
});

const udp = async (host: string, autoReply: AutoReplyInput = { mode: 'none' }, port = 0) => {
  const info = await engine.open({ kind: 'udp', host, port, autoReply: autoReplySchema().parse(autoReply) });
  return { id: info.id, port: info.local!.port };
};

const tcpServer = async (host: string, autoReply: AutoReplyInput = { mode: 'none' }) => {
  const info = await engine.open({ kind: 'tcp-server', host, port: 0, autoReply: autoReplySchema().parse(autoReply) });
  return { id: info.id, port: info.local!.port };
};

const errorsOf = (sessionId: string): Extract<SocketEvent, { type: 'error' }>[] =>
  rec.events.filter((e): e is Extract<SocketEvent, { type: 'error' }> => e.type === 'error' && e.sessionId === sessionId);

describe('a UDP send to the loopback broadcast address without broadcast enabled', () => {
  it('says broadcast is not enabled (not a low-port rule), logs an error only, and counts nothing', async () => {
    const socket = await udp('127.0.0.1');
    const error = await engine
      .send(socket.id, bytesOf('hello everyone'), { kind: 'peer', host: '127.255.255.255', port: 9301 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'EACCES',
      field: 'host',
      problem: { key: 'broadcastNotEnabled', params: { where: '127.255.255.255:9301' } },
    });
    expect((error as Error).message).toMatch(
      /^127\.255\.255\.255:9301 is a broadcast address, and broadcast is not enabled for this socket: nothing was sent\./,
    );

    const logged = errorsOf(socket.id);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      code: 'EACCES',
      problem: { key: 'broadcastNotEnabled' },
      peer: { host: '127.255.255.255', port: 9301 },
    });
    expect(rec.data(socket.id, 'out')).toHaveLength(0);
    const info = engine.info(socket.id);
    expect(info.counters).toEqual({ bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0, bytesQueued: 0 });
    expect(info.connections).toEqual([]); // no peer listed for a datagram that never left
    expect(info.lastError).toMatchObject({ code: 'EACCES', problem: { key: 'broadcastNotEnabled' } });
    expect(info.state).toBe('open'); // the socket still works
  });
});

describe('UDP datagram limits per family', () => {
  it.each([
    ['127.0.0.1', maxUdpPayloadIpv4, 'IPv4', '65,507'],
    ['::1', maxUdpPayloadIpv6, 'IPv6', '65,527'],
  ] as const)('on %s: %i bytes go through whole, one more is refused before sending', async (host, max, family, limit) => {
    const a = await udp(host);
    const b = await udp(host);
    const big = Uint8Array.from({ length: max }, (_, i) => i % 251);
    await engine.send(a.id, big, { kind: 'peer', host, port: b.port });
    const got = await rec.waitFor(isDataIn(b.id));
    expect(got.bytes).toEqual(big);

    await expect(engine.send(a.id, new Uint8Array(max + 1), { kind: 'peer', host, port: b.port })).rejects.toMatchObject({
      code: 'EMSGSIZE',
      field: 'message',
      message: `A UDP datagram over ${family} carries at most ${limit} bytes; this one has ${(max + 1).toLocaleString('en-US')}. Split it, or use TCP.`,
    });
    expect(engine.info(a.id).counters).toMatchObject({ messagesOut: 1, bytesOut: max });
  });

  it('the reply-text limit of the contract is the largest datagram of either family', () => {
    expect(autoReplySchema().safeParse({ mode: 'fixed', text: 'x'.repeat(maxUdpPayloadIpv6) }).success).toBe(true);
    expect(autoReplySchema().safeParse({ mode: 'fixed', text: 'x'.repeat(maxUdpPayloadIpv6 + 1) }).success).toBe(false);
  });

  it('an auto-reply that cannot go is logged once, with its problem', async () => {
    const server = await udp('127.0.0.1', { mode: 'prefix', text: 'x'.repeat(100) });
    const client = await udp('127.0.0.1');
    await engine.send(client.id, new Uint8Array(maxUdpPayloadIpv4), { kind: 'peer', host: '127.0.0.1', port: server.port });
    await rec.waitFor(isType('error', server.id));
    await new Promise((r) => setTimeout(r, 50));
    expect(errorsOf(server.id).map((e) => e.problem.key)).toEqual(['udpTooLarge']);
    expect(engine.info(server.id).counters.messagesOut).toBe(0);
  });
});

describe('empty messages', () => {
  it.each(loopbacks)('UDP on %s sends an empty datagram, and the peer receives it', async (host) => {
    const a = await udp(host);
    const b = await udp(host);
    expect(await engine.send(a.id, new Uint8Array(0), { kind: 'peer', host, port: b.port })).toEqual({ bytes: 0, recipients: 1 });
    const got = await rec.waitFor(isDataIn(b.id));
    expect(got.bytes.byteLength).toBe(0);
    expect(engine.info(a.id).counters).toMatchObject({ messagesOut: 1, bytesOut: 0 });
  });

  it('TCP refuses an empty message at the message field, and logs nothing', async () => {
    const server = await tcpServer('127.0.0.1');
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: server.port, connectTimeoutMs: 2000 });
    await rec.waitFor(isType('accepted', server.id));
    await expect(engine.send(client.id, new Uint8Array(0))).rejects.toMatchObject({
      code: 'EMPTY',
      field: 'message',
      problem: { key: 'nothingToSendTcp' },
    });
    await expect(engine.send(server.id, new Uint8Array(0), { kind: 'all' })).rejects.toMatchObject({
      problem: { key: 'nothingToSendTcp' },
    });
    expect(rec.data(client.id, 'out')).toHaveLength(0);
    expect(engine.info(client.id).counters.messagesOut).toBe(0);
  });
});

describe('the log order stays cause before answer', () => {
  it.each(loopbacks)('a UDP datagram on %s is logged out before its echo comes in', async (host) => {
    const echo = await udp(host, { mode: 'echo' });
    const a = await udp(host);
    for (let i = 0; i < 20; i++) await engine.send(a.id, bytesOf(`ping ${i}`), { kind: 'peer', host, port: echo.port });
    await rec.until(() => rec.data(a.id, 'in').length === 20, 5000, 'twenty echoes');
    const mine = rec.events.filter((e) => e.sessionId === a.id && e.type === 'data').map((e) => (e.type === 'data' ? e.direction : ''));
    expect(mine.indexOf('in')).toBeGreaterThan(mine.indexOf('out'));
    // every echo comes after the datagram it answers
    let outs = 0;
    for (const d of mine) {
      if (d === 'out') outs++;
      else expect(outs).toBeGreaterThan(0);
    }
  });

  it('a TCP message is logged out before the answer of an echo server', async () => {
    const server = await tcpServer('::1', { mode: 'echo' });
    const client = await engine.open({ kind: 'tcp-client', host: '::1', port: server.port, connectTimeoutMs: 2000 });
    await engine.send(client.id, bytesOf('hello'));
    await rec.waitFor(isDataIn(client.id, 'hello'));
    const mine = rec.events.filter((e) => e.sessionId === client.id && e.type === 'data');
    expect(mine.map((e) => (e.type === 'data' ? e.direction : ''))).toEqual(['out', 'in']);
  });
});

describe('a failed TCP write', () => {
  /** A connected pair on loopback: our TcpConnection on one end, whose writes the test can make fail. */
  async function connectedPair(): Promise<{ conn: TcpConnection; socket: net.Socket; events: EventWithoutMeta[] }> {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
    const socket = net.connect({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const other = await accepted;
    cleanups.push(() => {
      socket.destroy();
      other.destroy();
      server.close();
    });
    const events: EventWithoutMeta[] = [];
    const owner = {
      emit: (e: EventWithoutMeta) => void events.push(e),
      keep: (chunk: Uint8Array) => chunk,
      responder: () => null,
      onPeerHalfClose: () => undefined,
      onClosed: () => undefined,
      sent: () => undefined,
      queued: () => undefined,
    };
    const conn = new TcpConnection('c1', socket, { host: '127.0.0.1', port: 1 }, owner);
    return { conn, socket, events };
  }

  it('refused at once (EPIPE) is an error only: no out entry, nothing counted', async () => {
    const { conn, socket, events } = await connectedPair();
    // The kernel refuses the write as if the peer had just reset.
    socket.write = ((_chunk: unknown, cb?: (err?: Error | null) => void) => {
      process.nextTick(() => cb?.(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' })));
      return false;
    }) as typeof socket.write;
    await expect(conn.send(bytesOf('lost'))).rejects.toMatchObject({ code: 'EPIPE', problem: { key: 'peerGone' } });
    expect(events.filter((e) => e.type === 'data')).toEqual([]);
  });

  it('a reset in the middle of a long message: the counters keep only what left', async () => {
    const server = await tcpServer('127.0.0.1');
    const peer = net.connect({ host: '127.0.0.1', port: server.port });
    peer.on('error', () => undefined);
    await new Promise<void>((r) => peer.once('connect', () => r()));
    peer.pause(); // never reads: our writes fill the buffers and wait for drain
    cleanups.push(() => peer.destroy());
    await rec.waitFor(isType('accepted', server.id));
    const total = 32 * 1024 * 1024;
    const sending = engine.send(server.id, new Uint8Array(total), { kind: 'all' }).catch((e: unknown) => e);
    await rec.waitFor((e) => e.type === 'data' && e.sessionId === server.id && e.direction === 'out');
    await new Promise((r) => setTimeout(r, 100));
    peer.resetAndDestroy();
    const error = await sending;
    expect(error).toMatchObject({ problem: { key: expect.stringMatching(/^(peerGone|reset|socketClosed)$/) } });
    await rec.waitFor(isType('closed', server.id));
    const counted = engine.info(server.id).counters.bytesOut;
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThan(total);
    for (const e of errorsOf(server.id)) expect(untranslatableError(e)).toBeNull();
  });
});

describe('errors on an open connection carry their problem key', () => {
  it.each(loopbacks)('a reset from the peer on %s: the error event, and the session lastError', async (host) => {
    // Resets when the first bytes come: the connection is open by then.
    const peer = net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((r) => peer.listen(0, host, r));
    cleanups.push(() => peer.close());
    const client = await engine.open({ kind: 'tcp-client', host, port: (peer.address() as net.AddressInfo).port, connectTimeoutMs: 2000 });
    await engine.send(client.id, bytesOf('hello?'));
    const error = await rec.waitFor(isType('error', client.id));
    expect(error).toMatchObject({ code: 'ECONNRESET', problem: { key: 'reset' } });
    expect(untranslatableError(error)).toBeNull();
    await rec.waitFor(isType('closed', client.id));
    expect(engine.info(client.id)).toMatchObject({ state: 'error', lastError: { code: 'ECONNRESET', problem: { key: 'reset' } } });
  });

  it('a failure to open is a keyed error, and keeps no session', async () => {
    const server = await tcpServer('127.0.0.1');
    const error = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: 1, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', problem: { key: 'refused' } });
    expect(engine.list().map((s) => s.id)).toEqual([server.id]);
  });
});

describe('a port held by one of our own sessions names it', () => {
  it.each(loopbacks)('TCP on %s: a second server names the first', async (host) => {
    const first = await tcpServer(host);
    await expect(
      engine.open({ kind: 'tcp-server', host, port: first.port, autoReply: autoReplySchema().parse({ mode: 'none' }) }),
    ).rejects.toMatchObject({
      code: 'EADDRINUSE',
      field: 'port',
      problem: { key: 'portInUseBySession', params: { session: first.id, sessionKind: 'tcp-server', port: first.port } },
    });
  });

  it('TCP and UDP ports are separate: a UDP socket opens on the port of a TCP server', async () => {
    const tcp = await tcpServer('127.0.0.1');
    const sameUdp: { port: number } | Error = await udp('127.0.0.1', { mode: 'none' }, tcp.port).catch((e: unknown) => e as Error);
    // Nothing of ours holds that UDP port: it opens, or (if another program holds it) no session is named.
    if (sameUdp instanceof Error) expect(sameUdp).toMatchObject({ problem: { key: 'portInUse' } });
    else expect(sameUdp.port).toBe(tcp.port);
  });

  it('a UDP socket on a port our UDP socket holds names that session', async () => {
    const first = await udp('::1');
    await expect(udp('::1', { mode: 'none' }, first.port)).rejects.toMatchObject({
      message: `Port ${first.port} on ::1 is already in use by session ${first.id} (UDP) in Socket Lab: stop it, or pick another port (0 for any free one).`,
    });
  });

  it('a client asking for a local port our server holds names the server, at the local port', async () => {
    const target = await tcpServer('127.0.0.1');
    const holder = await tcpServer('127.0.0.1');
    await expect(
      engine.open({
        kind: 'tcp-client',
        host: '127.0.0.1',
        port: target.port,
        localAddress: '127.0.0.1',
        localPort: holder.port,
        connectTimeoutMs: 2000,
      }),
    ).rejects.toMatchObject({
      code: 'EADDRINUSE',
      field: 'localPort',
      message: `The local port ${holder.port} is already in use by session ${holder.id} (TCP server) in Socket Lab: stop it, or leave the local port empty.`,
    });
  });

  it('a port held by another program still says "another program"', async () => {
    const foreign = net.createServer();
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
    cleanups.push(() => foreign.close());
    const port = (foreign.address() as net.AddressInfo).port;
    await expect(
      engine.open({ kind: 'tcp-server', host: '127.0.0.1', port, autoReply: autoReplySchema().parse({ mode: 'none' }) }),
    ).rejects.toMatchObject({
      problem: { key: 'portInUse' },
    });
  });
});
