// Closing a TCP connection three ways (end / destroy / reset), allowHalfOpen, and manual read mode
// (recv), each seen by a Python peer that says what its own socket saw: EOF (a FIN) or RESET (an RST).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { createRouter } from '../../src/main/commands/router';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';
import { bytesOf, isType, record, sleep, type Recorder } from './helpers';

let engine: Engine;
let rec: Recorder;

beforeEach(() => {
  engine = new Engine();
  rec = record(engine);
});

afterEach(async () => {
  await engine.closeAll();
  await stopPeers();
});

const none = { mode: 'none', text: '', closeAfterReply: false } as const;
const hex = (text: string): string => Buffer.from(text).toString('hex');
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString();

/** A server session on a free port, and the python client run against it (started, not awaited). */
async function serverWith(options: { allowHalfOpen?: boolean; read?: 'auto' | 'manual' } = {}) {
  const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: none, ...options });
  return { id: server.id, port: server.local!.port };
}

describe('closing a connection three ways, as the peer sees it', () => {
  it('end() sends FIN: the peer reads b"" (EOF), and our log says we half-closed', async () => {
    const server = await serverWith();
    const run = runClient('tcp_close_watch_client', ['127.0.0.1', String(server.port)]);
    const accepted = await rec.waitFor(isType('accepted', server.id));
    engine.closeConnection(server.id, accepted.connectionId, 'end');
    const peer = await run;
    expect(peer.lines).toEqual(['CONNECTED', 'EOF']);
    const half = await rec.waitFor(isType('half-closed', server.id));
    expect(half).toMatchObject({ by: 'local', connectionId: accepted.connectionId });
  });

  it('reset sends RST: the peer gets ConnectionResetError, our closed row says how', async () => {
    const server = await serverWith();
    const run = runClient('tcp_close_watch_client', ['127.0.0.1', String(server.port)]);
    const accepted = await rec.waitFor(isType('accepted', server.id));
    engine.closeConnection(server.id, accepted.connectionId, 'reset');
    expect((await run).lines).toEqual(['CONNECTED', 'RESET']);
    const closed = await rec.waitFor(isType('closed', server.id));
    expect(closed).toMatchObject({ reason: 'local', how: 'reset', connectionId: accepted.connectionId });
  });

  it('destroy() with nothing unread sends FIN (the peer reads EOF); with unread bytes in the kernel it sends RST', async () => {
    const plain = await serverWith();
    const first = runClient('tcp_close_watch_client', ['127.0.0.1', String(plain.port)]);
    const a = await rec.waitFor(isType('accepted', plain.id));
    engine.closeConnection(plain.id, a.connectionId, 'destroy');
    expect((await first).lines).toEqual(['CONNECTED', 'EOF']);
    expect(await rec.waitFor(isType('closed', plain.id))).toMatchObject({ reason: 'local', how: 'destroy' });

    // Manual read mode never read the client's bytes: they wait in the kernel, so close() resets.
    const manual = await serverWith({ read: 'manual' });
    const second = runClient('tcp_close_watch_client', ['--wait', '0.3', '127.0.0.1', String(manual.port), hex('unread')]);
    const b = await rec.waitFor(isType('accepted', manual.id));
    await sleep(150); // the client's write is in our kernel buffer by now
    engine.closeConnection(manual.id, b.connectionId, 'destroy');
    expect((await second).lines).toEqual(['CONNECTED', 'RESET']);
    // Nothing was read, so nothing was logged as received.
    expect(rec.data(manual.id, 'in')).toEqual([]);
  });

  it('a reset of our client is seen by a Python server as ConnectionResetError; end() as EOF', async () => {
    const peer = await startServer('tcp_close_watch_server');
    const first = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: peer.port, connectTimeoutMs: 5000 });
    await engine.send(first.id, bytesOf('hi'));
    await sleep(100);
    engine.closeConnection(first.id, undefined, 'reset');
    const second = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: peer.port, connectTimeoutMs: 5000 });
    engine.closeConnection(second.id, undefined, 'end');
    await rec.until(() => peer.stdout().includes('EOF'), 5000, 'the server saw EOF');
    expect(peer.stdout().split('\n').slice(1).filter(Boolean)).toEqual(['RECV hi', 'RESET', 'EOF']);
    expect(await rec.waitFor(isType('closed', first.id))).toMatchObject({ reason: 'local', how: 'reset' });
  });

  it('the side that gets the RST logs ECONNRESET and closed reason reset', async () => {
    const server = await serverWith();
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: server.port, connectTimeoutMs: 5000 });
    const accepted = await rec.waitFor(isType('accepted', server.id));
    engine.closeConnection(server.id, accepted.connectionId, 'reset');
    const error = await rec.waitFor((e) => e.type === 'error' && e.sessionId === client.id);
    expect(error).toMatchObject({ code: 'ECONNRESET' });
    expect(await rec.waitFor(isType('closed', client.id))).toMatchObject({ reason: 'reset' });
  });
});

describe('allowHalfOpen', () => {
  it('on: the peer shuts down its writing, we still send, and it reads what we sent before our FIN', async () => {
    const server = await serverWith({ allowHalfOpen: true });
    const run = runClient('tcp_close_watch_client', ['--shut', '127.0.0.1', String(server.port), hex('question')]);
    const half = await rec.waitFor(isType('half-closed', server.id));
    expect(half).toMatchObject({ by: 'peer', stillWritable: true });
    await engine.send(server.id, bytesOf('answer after your FIN'), { kind: 'connection', connectionId: half.connectionId });
    engine.closeConnection(server.id, half.connectionId, 'end');
    const peer = await run;
    expect(peer.lines).toEqual(['CONNECTED', 'SHUT', 'RECV answer after your FIN', 'EOF']);
    expect(rec.text(server.id, 'in')).toBe('question');
  });

  it('off (the default): a FIN from the peer ends our side too, and the row does not say we can still send', async () => {
    const server = await serverWith();
    const run = runClient('tcp_close_watch_client', ['--shut', '127.0.0.1', String(server.port), hex('question')]);
    const half = await rec.waitFor(isType('half-closed', server.id));
    expect(half.stillWritable).toBeUndefined();
    expect((await run).lines).toEqual(['CONNECTED', 'SHUT', 'EOF']);
  });

  it('a client with allowHalfOpen reads the Python server reply sent after its FIN', async () => {
    const peer = await startServer('tcp_close_watch_server', '127.0.0.1', 0, 5000, ['--reply', hex('late reply')]);
    const client = await engine.open({
      kind: 'tcp-client',
      host: '127.0.0.1',
      port: peer.port,
      connectTimeoutMs: 5000,
      allowHalfOpen: true,
    });
    await engine.send(client.id, bytesOf('bye'));
    engine.closeConnection(client.id, undefined, 'end');
    await rec.waitFor(isType('closed', client.id));
    expect(rec.text(client.id, 'in')).toBe('late reply');
  });
});

describe('manual read mode (recv)', () => {
  it('three writes wait in the kernel unlogged until recv(4) returns exactly 4 bytes, then the rest', async () => {
    const server = await serverWith({ read: 'manual' });
    const run = runClient('tcp_close_watch_client', [
      '--wait',
      '1',
      '127.0.0.1',
      String(server.port),
      hex('Hello'),
      hex('World'),
      hex('!'),
    ]);
    const accepted = await rec.waitFor(isType('accepted', server.id));
    await sleep(300);
    expect(rec.data(server.id, 'in')).toEqual([]);
    expect(engine.info(server.id).counters.bytesIn).toBe(0);
    const four = await engine.recv(server.id, accepted.connectionId, 4, 1000);
    expect(text(four.bytes)).toBe('Hell');
    // A plain Uint8Array, as every command's bytes (the window's bridge carries no Buffer).
    expect(four.bytes.constructor).toBe(Uint8Array);
    expect(rec.data(server.id, 'in').map((d) => text(d.bytes))).toEqual(['Hell']);
    // The rest of every write comes in one read: a byte stream keeps no boundaries.
    const rest = await engine.recv(server.id, accepted.connectionId, 1024, 1000);
    expect(text(rest.bytes)).toBe('oWorld!');
    expect(rest).toMatchObject({ peerClosed: false, timedOut: false });
    const nothing = await engine.recv(server.id, accepted.connectionId, 1024, 100);
    expect(nothing).toMatchObject({ timedOut: true, peerClosed: false });
    expect(nothing.bytes.byteLength).toBe(0);
    // Our FIN: the client reads b'' and closes too; recv then returns b''.
    engine.closeConnection(server.id, accepted.connectionId, 'end');
    expect((await run).lines).toEqual(['CONNECTED', 'EOF']);
    const eof = await engine.recv(server.id, accepted.connectionId, 1024, 2000);
    expect(eof).toMatchObject({ peerClosed: true });
    expect(eof.bytes.byteLength).toBe(0);
    const again = await engine.recv(server.id, accepted.connectionId, 1024, 100);
    expect(again.peerClosed).toBe(true);
  });

  it('an auto-reply answers each recv as it answers a read', async () => {
    const server = await engine.open({
      kind: 'tcp-server',
      host: '127.0.0.1',
      port: 0,
      autoReply: { ...none, mode: 'echo' },
      read: 'manual',
    });
    const run = runClient('tcp_close_watch_client', ['--shut', '127.0.0.1', String(server.local!.port), hex('abcdef')]);
    const accepted = await rec.waitFor(isType('accepted', server.id));
    await sleep(200);
    expect(text((await engine.recv(server.id, accepted.connectionId, 3, 1000)).bytes)).toBe('abc');
    expect(text((await engine.recv(server.id, accepted.connectionId, 3, 1000)).bytes)).toBe('def');
    expect((await engine.recv(server.id, accepted.connectionId, 3, 1000)).peerClosed).toBe(true);
    const lines = (await run).lines;
    // The echoes may arrive in one read or two (a byte stream): together they are what was sent.
    expect(lines.slice(0, 2)).toEqual(['CONNECTED', 'SHUT']);
    expect(lines.at(-1)).toBe('EOF');
    expect(
      lines
        .slice(2, -1)
        .map((l) => l.replace(/^RECV /, ''))
        .join(''),
    ).toBe('abcdef');
    expect(rec.text(server.id, 'out')).toBe('abcdef');
  });

  it('a manual client recv(n) from a Python server that wrote once', async () => {
    const peer = await startServer('tcp_hello_server');
    const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: peer.port, connectTimeoutMs: 5000, read: 'manual' });
    await engine.send(client.id, bytesOf('hi'));
    const first = await engine.recv(client.id, undefined, 2, 2000);
    expect(first.bytes.byteLength).toBe(2);
    expect(rec.data(client.id, 'in').map((d) => d.bytes.byteLength)).toEqual([2]);
  });

  it('the router checks recv and closeConnection input: bad max, bad how, auto mode, UDP', async () => {
    const router = createRouter(engine);
    const auto = await serverWith();
    const badMax = await router.handle('recv', { sessionId: auto.id, max: 0 });
    expect(badMax).toMatchObject({ ok: false, error: { problem: { key: 'recvMaxRange' } } });
    const badHow = await router.handle('closeConnection', { sessionId: auto.id, how: 'close' });
    expect(badHow).toMatchObject({ ok: false, error: { problem: { key: 'closeHowBad' } } });
    const run = runClient('tcp_close_watch_client', ['127.0.0.1', String(auto.port)]);
    await rec.waitFor(isType('accepted', auto.id));
    const notManual = await router.handle('recv', { sessionId: auto.id });
    expect(notManual).toMatchObject({ ok: false, error: { problem: { key: 'recvNotManual' } } });
    await router.handle('closeConnection', { sessionId: auto.id, how: 'end' });
    await run;
    const udp = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: none });
    expect(await router.handle('recv', { sessionId: udp.id })).toMatchObject({ ok: false, error: { problem: { key: 'recvOnlyTcp' } } });
    expect(await router.handle('closeConnection', { sessionId: udp.id, how: 'reset' })).toMatchObject({
      ok: false,
      error: { problem: { key: 'onlyTcpClose' } },
    });
    const tls = await router.handle('openSession', { kind: 'tls-server', host: '127.0.0.1', port: 0, read: 'manual' });
    expect(tls).toMatchObject({ ok: false, error: { problem: { key: 'readManualTls' } } });
  });
});
