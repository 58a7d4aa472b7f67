// TCP server sessions: each auto-reply rule answering the seed-style Python clients, many
// clients at once, half-close, and a port already in use.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import type { AutoReplyInput, SessionInfo } from '../../src/shared/contract';
import { autoReplySchema } from '../../src/shared/contract';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';
import { bytesOf, isDataIn, isType, loopbacks, record, type Recorder } from './helpers';

let engine: Engine;
let rec: Recorder;
const cleanups: (() => void)[] = [];

beforeEach(() => {
  engine = new Engine();
  rec = record(engine);
});

afterEach(async () => {
  await engine.closeAll();
  for (const c of cleanups.splice(0)) c();
  await stopPeers();
});

const listen = async (host: string, autoReply: AutoReplyInput = { mode: 'none' }) => {
  const info = await engine.open({ kind: 'tcp-server', host, port: 0, autoReply: autoReplySchema().parse(autoReply) });
  return { id: info.id, port: info.local!.port, info };
};

describe.each(loopbacks)('TCP server auto-replies, talked to by the Python clients on %s', (host) => {
  it('none: receives every message and answers nothing', async () => {
    const server = await listen(host);
    expect(server.info.state).toBe('listening');
    expect(server.info.local?.host).toBe(host);
    const run = await runClient('tcp_line_client', ['--timeout', '0.3', host, String(server.port), 'one', 'two']);
    expect(run.lines).toEqual(['NO REPLY', 'NO REPLY']);
    await rec.until(() => rec.text(server.id, 'in') === 'onetwo', 3000, 'both messages');
    expect(rec.data(server.id, 'out')).toHaveLength(0);
    const accepted = await rec.waitFor(isType('accepted', server.id));
    expect(accepted.peer.host).toBe(host);
    const closed = await rec.waitFor(isType('closed', server.id));
    expect(closed.reason).toBe('peer');
    expect(closed.connectionId).toBe(accepted.connectionId);
  });

  it('echo: sends each message back', async () => {
    const server = await listen(host, { mode: 'echo' });
    const run = await runClient('tcp_line_client', [host, String(server.port), 'hello', '안녕하세요']);
    expect(run.lines).toEqual(['REPLY hello', 'REPLY 안녕하세요']);
  });

  it('upper: sends each message back in upper case (seed 001)', async () => {
    const server = await listen(host, { mode: 'upper' });
    const run = await runClient('tcp_line_client', [host, String(server.port), 'hello', 'quit now']);
    expect(run.lines).toEqual(['REPLY HELLO', 'REPLY QUIT NOW']);
    expect(engine.info(server.id).counters).toMatchObject({ messagesIn: 2, messagesOut: 2, bytesIn: 13, bytesOut: 13 });
  });

  it('prefix "ACK : ": answers like the seed 000 server', async () => {
    const server = await listen(host, { mode: 'prefix', text: 'ACK : ' });
    const run = await runClient('tcp_line_client', [host, String(server.port), 'hello', 'world']);
    expect(run.lines).toEqual(['REPLY ACK : hello', 'REPLY ACK : world']);
  });

  it('fixed "Hello, Client!" + close after reply: answers the seed 002 client, then closes', async () => {
    const server = await listen(host, { mode: 'fixed', text: 'Hello, Client!', closeAfterReply: true });
    const run = await runClient('tcp_hello_client', [host, String(server.port)]);
    expect(run.lines).toEqual(['REPLY Hello, Client!']);
    await rec.waitFor(isDataIn(server.id, 'Hello, Server!'));
    const closed = await rec.waitFor(isType('closed', server.id));
    expect(closed.connectionId).toBe('c1');
    expect(engine.info(server.id).connections).toHaveLength(0);
    expect(engine.info(server.id).state).toBe('listening'); // the server itself goes on
  });

  it('fixed + close after reply: a second message gets no answer, the client sees the close', async () => {
    const server = await listen(host, { mode: 'fixed', text: 'Hello, Client!', closeAfterReply: true });
    const run = await runClient('tcp_line_client', [host, String(server.port), 'first', 'second']);
    expect(run.lines).toEqual(['REPLY Hello, Client!', 'CLOSED']);
    await rec.waitFor(isType('closed', server.id));
    // exactly one reply went out, and the log shows no reply that was never sent
    const out = rec.data(server.id, 'out');
    expect(out.map((e) => new TextDecoder().decode(e.bytes))).toEqual(['Hello, Client!']);
  });
});

describe('TCP server with three clients', () => {
  it('sends to one, sends to all, disconnects one', async () => {
    const server = await listen('127.0.0.1');
    const clients: SessionInfo[] = [];
    for (let i = 0; i < 3; i++)
      clients.push(await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: server.port, connectTimeoutMs: 5000 }));
    await rec.until(() => engine.info(server.id).connections.length === 3, 3000, 'three accepted clients');

    // which server-side connection is which client: match the client's local port
    const connOf = (clientIndex: number): string => {
      const local = clients[clientIndex]!.local!;
      const conn = engine.info(server.id).connections.find((c) => c.peer.port === local.port);
      if (!conn) throw new Error(`no connection for client ${clientIndex}`);
      return conn.id;
    };
    expect(new Set([connOf(0), connOf(1), connOf(2)]).size).toBe(3);

    const one = await engine.send(server.id, bytesOf('only you'), { kind: 'connection', connectionId: connOf(1) });
    expect(one).toEqual({ bytes: 8, recipients: 1 });
    await rec.waitFor(isDataIn(clients[1]!.id, 'only you'));

    const all = await engine.send(server.id, bytesOf('everyone'), { kind: 'all' });
    expect(all).toEqual({ bytes: 8, recipients: 3 });
    for (const c of clients) await rec.waitFor(isDataIn(c.id, 'everyone'));
    expect(rec.text(clients[0]!.id, 'in')).toBe('everyone');
    expect(rec.text(clients[2]!.id, 'in')).toBe('everyone');

    const gone = connOf(0);
    engine.disconnect(server.id, gone);
    const clientClosed = await rec.waitFor(isType('closed', clients[0]!.id));
    expect(clientClosed.reason).toBe('peer');
    const serverClosed = await rec.waitFor((e) => e.type === 'closed' && e.sessionId === server.id && e.connectionId === gone);
    expect(serverClosed).toMatchObject({ reason: 'local' });
    expect(
      engine
        .info(server.id)
        .connections.map((c) => c.id)
        .sort(),
    ).toEqual([connOf(1), connOf(2)].sort());
    await expect(engine.send(server.id, bytesOf('x'), { kind: 'connection', connectionId: gone })).rejects.toMatchObject({
      code: 'NO_CONNECTION',
      message: `Client ${gone} is no longer connected.`,
    });
    expect(() => engine.disconnect(server.id, gone)).toThrow(/no longer connected/);

    const rest = await engine.send(server.id, bytesOf('two left'), { kind: 'all' });
    expect(rest.recipients).toBe(2);

    // per-connection counters are exact, and add up to the session counters
    await rec.waitFor(isDataIn(clients[2]!.id, 'two left'));
    const info = engine.info(server.id);
    expect(info.counters.messagesOut).toBe(1 + 3 + 2);
    expect(info.connections.find((c) => c.id === connOf(1))).toMatchObject({ messagesOut: 3, bytesOut: 8 + 8 + 8 });

    // stopping the server closes the remaining clients
    const remaining = [connOf(1), connOf(2)];
    await engine.close(server.id);
    for (const c of [clients[1]!, clients[2]!]) expect((await rec.waitFor(isType('closed', c.id))).reason).toBe('peer');
    const stopped = rec.events.filter((e) => e.sessionId === server.id && e.type === 'closed' && e.reason === 'stopped');
    expect(stopped.map((e) => e.connectionId ?? 'server').sort()).toEqual([...remaining, 'server'].sort());
    expect(stopped.at(-1)?.connectionId).toBeUndefined(); // the server's own close comes last
    expect(engine.info(server.id).state).toBe('closed');
  });

  it('refuses to send when no client is connected', async () => {
    const server = await listen('::1');
    await expect(engine.send(server.id, bytesOf('x'))).rejects.toMatchObject({ code: 'NO_CONNECTION', field: 'target' });
    await expect(engine.send(server.id, bytesOf('x'), { kind: 'peer', host: '::1', port: 9 })).rejects.toMatchObject({
      code: 'INVALID_TARGET',
    });
  });
});

describe('TCP server half-close', () => {
  it('half-closes one client: the client reads EOF, yet can still send to the server', async () => {
    const server = await listen('127.0.0.1');
    const client = net.connect({ host: '127.0.0.1', port: server.port, allowHalfOpen: true });
    cleanups.push(() => client.destroy());
    let clientEnded = false;
    client.on('end', () => (clientEnded = true));
    client.resume(); // 'end' only comes to a stream that is read
    const accepted = await rec.waitFor(isType('accepted', server.id));

    engine.halfClose(server.id, accepted.connectionId);
    const half = await rec.waitFor(isType('half-closed', server.id));
    expect(half.by).toBe('local');
    expect(engine.info(server.id).connections[0]?.state).toBe('half-closed');
    await rec.until(() => clientEnded, 3000, 'the client to read EOF');

    client.write('still talking');
    await rec.waitFor(isDataIn(server.id, 'still talking'));
    client.end();
    const closed = await rec.waitFor(isType('closed', server.id));
    expect(closed.reason).toBe('peer');
    expect(() => engine.halfClose(server.id)).toThrow(/Choose a connected client/);
  });
});

describe('auto-replies and sends on one connection', () => {
  it('an echo never lands inside a long send in progress, and every counter is exact', async () => {
    const server = await listen('127.0.0.1', { mode: 'echo' });
    const client = net.connect({ host: '127.0.0.1', port: server.port });
    cleanups.push(() => client.destroy());
    client.pause(); // not read yet: the long send below fills the socket's buffers and waits for 'drain'
    const accepted = await rec.waitFor(isType('accepted', server.id));
    const big = new Uint8Array(8 * 1024 * 1024).fill(0x62);
    const sent = engine.send(server.id, big, { kind: 'connection', connectionId: accepted.connectionId! });
    await rec.until(() => rec.data(server.id, 'out').length === 1, 3000, 'the first chunk of the long send');
    client.write('ping');
    await rec.waitFor(isDataIn(server.id, 'ping'));
    // Then twice more once the long send is over: these answers go out at once, in order.
    const received: Buffer[] = [];
    let total = 0;
    client.on('data', (d: Buffer) => {
      received.push(d);
      total += d.length;
    });
    client.resume();
    await sent;
    client.write('one');
    await rec.waitFor(isDataIn(server.id, 'one'));
    client.write('two');
    await rec.until(() => total === big.byteLength + 10, 5000, 'every byte back');
    const all = Buffer.concat(received);
    expect(all.subarray(0, big.byteLength).every((b) => b === 0x62)).toBe(true);
    expect(all.subarray(big.byteLength).toString()).toBe('pingonetwo');
    await rec.until(() => rec.data(server.id, 'out').length === 4, 3000, 'every reply logged');
    expect(rec.text(server.id, 'out').slice(big.byteLength)).toBe('pingonetwo');
    expect(engine.info(server.id).counters).toMatchObject({
      messagesIn: 3,
      messagesOut: 4,
      bytesIn: 10,
      bytesOut: big.byteLength + 10,
      bytesQueued: 0,
    });
  });
});

describe('address in use', () => {
  it.each(loopbacks)('says the port on %s is taken by our own session, and keeps nothing', async (host) => {
    const first = await listen(host);
    const error = await engine
      .open({ kind: 'tcp-server', host, port: first.port, autoReply: autoReplySchema().parse({ mode: 'none' }) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'EADDRINUSE',
      field: 'port',
      message: `Port ${first.port} on ${host} is already in use by session ${first.id} (TCP server) in Socket Lab: stop it, or pick another port (0 for any free one).`,
      problem: { key: 'portInUseBySession', params: { port: first.port, host, session: first.id, sessionKind: 'tcp-server' } },
    });
    expect(engine.list().map((s) => s.id)).toEqual([first.id]);
  });

  it('says so when a Python server holds the port', async () => {
    const peer = await startServer('tcp_ack_server');
    await expect(
      engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: peer.port, autoReply: autoReplySchema().parse({ mode: 'echo' }) }),
    ).rejects.toThrow(`Port ${peer.port} on 127.0.0.1 is already in use`);
  });
});
