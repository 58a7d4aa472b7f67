// UDP sessions against the seed-style Python UDP servers and client, size limits, address in use.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { autoReplySchema, maxUdpPayloadIpv4, type AutoReplyInput } from '../../src/shared/contract';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';
import { bytesOf, isDataIn, isType, loopbacks, record, type Recorder } from './helpers';

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

const bind = async (host: string, autoReply: AutoReplyInput = { mode: 'none' }, port = 0) => {
  const info = await engine.open({ kind: 'udp', host, port, autoReply: autoReplySchema().parse(autoReply) });
  return { id: info.id, port: info.local!.port, info };
};

describe.each(loopbacks)('UDP socket and the Python UDP servers on %s', (host) => {
  it('gets upper case back from the seed 001 server, and replies to the last peer by default', async () => {
    const server = await startServer('udp_upper_server', host);
    const socket = await bind(host);
    expect(socket.info.state).toBe('open');
    expect(socket.info.local).toEqual({ host, port: socket.port });

    const report = await engine.send(socket.id, bytesOf('hello'), { kind: 'peer', host, port: server.port });
    expect(report).toEqual({ bytes: 5, recipients: 1 });
    const reply = await rec.waitFor(isDataIn(socket.id, 'HELLO'));
    expect(reply.peer).toEqual({ host, port: server.port });
    expect(engine.info(socket.id).lastPeer).toEqual({ host, port: server.port });

    // "default" goes to whoever sent last: the server
    await engine.send(socket.id, bytesOf('again'));
    await rec.waitFor(isDataIn(socket.id, 'AGAIN'));
    const info = engine.info(socket.id);
    expect(info.counters).toEqual({ bytesIn: 10, bytesOut: 10, messagesIn: 2, messagesOut: 2, bytesQueued: 0 });
    // one peer, counted per peer
    expect(info.connections).toHaveLength(1);
    expect(info.connections[0]).toMatchObject({ peer: { host, port: server.port }, messagesIn: 2, messagesOut: 2 });
  });

  it('gets "Hello, UDP Client!" from the seed 004 server', async () => {
    const server = await startServer('udp_hello_server', host);
    const socket = await bind(host);
    await engine.send(socket.id, bytesOf('Hello, UDP Server!'), { kind: 'peer', host, port: server.port });
    await rec.waitFor(isDataIn(socket.id, 'Hello, UDP Client!'));
    await rec.until(() => server.stderr().includes('received : Hello, UDP Server!'), 3000, 'the server to log the message');
  });

  it.each([
    [{ mode: 'echo' }, ['ping', 'pong'], ['REPLY ping', 'REPLY pong']],
    [{ mode: 'upper' }, ['hello'], ['REPLY HELLO']],
    [{ mode: 'prefix', text: 'ACK : ' }, ['hi'], ['REPLY ACK : hi']],
    [{ mode: 'fixed', text: 'Hello, UDP Client!' }, ['Hello', 'x'], ['REPLY Hello, UDP Client!', 'REPLY Hello, UDP Client!']],
  ] as [AutoReplyInput, string[], string[]][])('auto-reply %j answers udp_client.py', async (rule, messages, expected) => {
    const socket = await bind(host, rule);
    const run = await runClient('udp_client', [host, String(socket.port), ...messages]);
    expect(run.lines).toEqual(expected);
    expect(run.code).toBe(0);
    expect(engine.info(socket.id).counters.messagesIn).toBe(messages.length);
  });

  it('auto-reply none: the client hears nothing, the socket logs what came', async () => {
    const socket = await bind(host);
    const run = await runClient('udp_client', ['--timeout', '0.3', host, String(socket.port), 'anyone?']);
    expect(run.lines).toEqual(['NO REPLY']);
    await rec.waitFor(isDataIn(socket.id, 'anyone?'));
    expect(rec.data(socket.id, 'out')).toHaveLength(0);
  });

  it('changes its auto-reply rule while open', async () => {
    const socket = await bind(host, { mode: 'echo' });
    expect((await runClient('udp_client', [host, String(socket.port), 'a'])).lines).toEqual(['REPLY a']);
    const info = engine.setAutoReply(socket.id, autoReplySchema().parse({ mode: 'upper' }));
    expect(info.autoReply?.mode).toBe('upper');
    expect((await runClient('udp_client', [host, String(socket.port), 'b'])).lines).toEqual(['REPLY B']);
  });
});

describe('UDP limits and mistakes', () => {
  it(`refuses a payload over ${maxUdpPayloadIpv4} bytes on IPv4 with EMSGSIZE and a clear sentence`, async () => {
    const a = await bind('127.0.0.1');
    const b = await bind('127.0.0.1');
    await expect(
      engine.send(a.id, new Uint8Array(maxUdpPayloadIpv4 + 1), { kind: 'peer', host: '127.0.0.1', port: b.port }),
    ).rejects.toMatchObject({
      code: 'EMSGSIZE',
      field: 'message',
      message: 'A UDP datagram over IPv4 carries at most 65,507 bytes; this one has 65,508. Split it, or use TCP.',
    });
    expect(engine.info(a.id).counters.messagesOut).toBe(0);

    // the largest datagram still goes through, whole
    const big = Uint8Array.from({ length: maxUdpPayloadIpv4 }, (_, i) => i % 251);
    await engine.send(a.id, big, { kind: 'peer', host: '127.0.0.1', port: b.port });
    const got = await rec.waitFor(isDataIn(b.id));
    expect(got.bytes).toEqual(big);
  });

  it('needs a destination before anyone has sent anything', async () => {
    const a = await bind('127.0.0.1');
    await expect(engine.send(a.id, bytesOf('x'))).rejects.toMatchObject({ code: 'NO_PEER', field: 'host' });
  });

  it('explains that an IPv4 socket cannot send to an IPv6 address', async () => {
    const a = await bind('127.0.0.1');
    await expect(engine.send(a.id, bytesOf('x'), { kind: 'peer', host: '::1', port: 9 })).rejects.toMatchObject({
      code: 'EAFNOSUPPORT',
      message: 'This UDP socket is IPv4 (bound to 127.0.0.1), so it cannot send to ::1: open one on an IPv6 address such as :: or ::1.',
    });
  });

  it.each(loopbacks)('says the UDP port on %s is in use by our own session', async (host) => {
    const first = await bind(host);
    await expect(bind(host, { mode: 'none' }, first.port)).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: `Port ${first.port} on ${host} is already in use by session ${first.id} (UDP) in Socket Lab: stop it, or pick another port (0 for any free one).`,
    });
    expect(engine.list()).toHaveLength(1);
  });

  it('refuses to send once closed, and reports the close', async () => {
    const a = await bind('::1');
    await engine.close(a.id);
    expect((await rec.waitFor(isType('closed', a.id))).reason).toBe('stopped');
    await expect(engine.send(a.id, bytesOf('x'), { kind: 'peer', host: '::1', port: 9 })).rejects.toMatchObject({ code: 'CLOSED' });
  });
});

describe('UDP peer list', () => {
  it('lists the newest 256 peers while the session counters count every datagram', async () => {
    const engine = new Engine();
    try {
      const session = await engine.open({
        kind: 'udp',
        host: '127.0.0.1',
        port: 0,
        autoReply: { mode: 'none', text: '', closeAfterReply: false },
      });
      const port = session.local!.port;
      const dgram = await import('node:dgram');
      let received = 0;
      engine.subscribe({ event: (e) => void (e.type === 'data' && e.direction === 'in' && received++) });
      // 300 senders, each its own port, each sending once (one after the other: nothing is dropped).
      for (let i = 0; i < 300; i++) {
        const s = dgram.createSocket('udp4');
        await new Promise<void>((r) => s.send('x', port, '127.0.0.1', () => r()));
        const before = Date.now();
        while (received < i + 1 && Date.now() - before < 2000) await new Promise((r) => setTimeout(r, 1));
        s.close();
      }
      const info = engine.info(session.id);
      expect(info.counters.messagesIn).toBe(300);
      expect(info.connections).toHaveLength(256);
      // The newest sender is last, the oldest 44 are no longer listed.
      expect(info.connections[255]!.peer).toEqual(info.lastPeer);
    } finally {
      await engine.closeAll();
    }
  });
});
