// Receive framing and send framing on TCP, against peers Socket Lab did not write: the Python
// length-prefixed server and burst client, socat piping bytes, and a client that resets.
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { decodeText } from '../../src/shared/codec';
import { autoReplySchema, openSessionInput, type AutoReplyInput, type OpenSessionRequest } from '../../src/shared/contract';
import { runToEnd } from '../run-to-end';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';
import { bytesOf, isType, record, type Recorder } from './helpers';

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

/** Opens through the contract's schema, as the window and the CLI do (its defaults and checks apply). */
const open = (request: OpenSessionRequest) => engine.open(openSessionInput().parse(request));

const listen = async (framing: string, autoReply: AutoReplyInput = { mode: 'none' }, maxFrame?: number) => {
  const info = await open({
    kind: 'tcp-server',
    host: '127.0.0.1',
    port: 0,
    autoReply: autoReplySchema().parse(autoReply),
    framing,
    ...(maxFrame ? { maxFrame } : {}),
  });
  return { id: info.id, port: String(info.local!.port), info };
};

const hex = (text: string): string => Buffer.from(text, 'latin1').toString('hex');
const messagesIn = (sessionId: string): string[] => rec.data(sessionId, 'in').map((e) => decodeText(e.bytes));

describe('receive framing on a TCP server, the Python burst client writing', () => {
  it('line: two lines in one write are two messages, a line split across writes is one, CRLF tolerated; echo answers per line', async () => {
    const server = await listen('line', { mode: 'echo' });
    expect(server.info.stream).toEqual({
      framing: 'line',
      maxFrame: 16 * 1024 * 1024,
      noDelay: true,
      keepAliveMs: null,
      allowHalfOpen: false,
      read: 'auto',
    });
    const run = await runClient('tcp_burst_client', ['127.0.0.1', server.port, hex('one\r\ntwo\nthr'), hex('ee\n')]);
    expect(messagesIn(server.id)).toEqual(['one', 'two', 'three']);
    // Each reply is the message framed again: its line ending added.
    expect(Buffer.from(run.lines.join(''), 'hex').toString()).toBe('one\ntwo\nthree\n');
    expect(engine.info(server.id).counters).toMatchObject({ messagesIn: 3, messagesOut: 3 });
  });

  it('fixed:4: ten bytes in two writes are two messages and a partial one at close', async () => {
    const server = await listen('fixed:4');
    await runClient('tcp_burst_client', ['127.0.0.1', server.port, hex('abcdef'), hex('ghij')]);
    await rec.waitFor(isType('closed', server.id));
    const data = rec.data(server.id, 'in');
    expect(data.map((e) => [decodeText(e.bytes), e.partial ?? false])).toEqual([
      ['abcd', false],
      ['efgh', false],
      ['ij', true],
    ]);
    // The log keeps the mark: a window fetching the row sees it partial too.
    const page = engine.rows(server.id, 0, 100);
    expect(page.rows.filter((r) => r.type === 'data').map((r) => r.type === 'data' && (r.partial ?? false))).toEqual([false, false, true]);
  });

  it('len:2 (big-endian): a header and body split across writes make one message', async () => {
    const server = await listen('len:2');
    await runClient('tcp_burst_client', ['127.0.0.1', server.port, '0005686902', '000000036f6b21']);
    expect(messagesIn(server.id)).toEqual(['hi\u0002\u0000\u0000', 'ok!']);
  });

  it('a frame over --max-frame closes that connection with the reason', async () => {
    const server = await listen('line', { mode: 'none' }, 8);
    await runClient('tcp_burst_client', ['127.0.0.1', server.port, hex('0123456789abcdef')]);
    const error = await rec.waitFor(isType('error', server.id));
    expect(error.code).toBe('FRAME_TOO_LARGE');
    expect(error.problem.key).toBe('frameTooLarge');
    expect(error.message).toContain('largest frame allowed (8 bytes)');
    const closed = await rec.waitFor(isType('closed', server.id));
    expect(closed.reason).toBe('error');
    expect(rec.data(server.id, 'in')).toHaveLength(0);
    // The server goes on listening: only that connection was closed.
    expect(engine.info(server.id).state).toBe('listening');
  });

  it('a length prefix larger than --max-frame is refused before its body is read', async () => {
    const server = await listen('len:2', { mode: 'none' }, 100);
    await runClient('tcp_burst_client', ['127.0.0.1', server.port, 'ffff41']);
    const error = await rec.waitFor(isType('error', server.id));
    expect(error.problem).toEqual({ key: 'frameTooLarge', params: { size: '65535', max: 100 } });
  });
});

describe('delim framing, socat piping bytes', () => {
  it('delim:\\0 cuts at each NUL; the rest after the last one is logged as partial when socat closes', async () => {
    const server = await listen('delim:\\0');
    const socat = spawn('socat', ['-u', '-', `TCP:127.0.0.1:${server.port}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    socat.stdin.end(Buffer.from('alpha\0beta\0gam'));
    await runToEnd(socat, 'socat', 10_000);
    await rec.waitFor(isType('closed', server.id));
    const data = rec.data(server.id, 'in');
    expect(data.map((e) => decodeText(e.bytes))).toEqual(['alpha', 'beta', 'gam']);
    expect(data.map((e) => e.partial ?? false)).toEqual([false, false, true]);
  });

  it('a send on a delim:\\r\\n connection gets the delimiter, which socat writes out', async () => {
    const server = await listen('delim:\\r\\n');
    const socat = spawn('socat', ['-u', `TCP:127.0.0.1:${server.port}`, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const done = runToEnd(socat, 'socat', 10_000);
    const accepted = await rec.waitFor(isType('accepted', server.id));
    await engine.send(server.id, bytesOf('one'), { kind: 'connection', connectionId: accepted.connectionId });
    await engine.send(server.id, bytesOf('two'), { kind: 'connection', connectionId: accepted.connectionId });
    engine.disconnect(server.id, accepted.connectionId);
    expect((await done).stdout).toBe('one\r\ntwo\r\n');
  });
});

describe('send framing, a TCP client against the Python length-prefixed server', () => {
  it('len:2 prefixes each send, and each "ACK : " answer is one message however it was read', async () => {
    const peer = await startServer('tcp_length_prefixed_server');
    const info = await open({ kind: 'tcp-client', host: '127.0.0.1', port: peer.port, framing: 'len:2' });
    await engine.send(info.id, bytesOf('hi'));
    await engine.send(info.id, bytesOf('안녕'));
    await rec.until(() => messagesIn(info.id).length >= 2, 5000, 'two answers');
    expect(messagesIn(info.id)).toEqual(['ACK : hi', 'ACK : 안녕']);
    // What went out is the wire bytes: the prefix and the message.
    expect(Buffer.from(rec.data(info.id, 'out')[0]!.bytes).toString('hex')).toBe('00026869');
    await rec.until(() => peer.stderr().includes('received : hi'), 5000, 'the server to log the message');
  });

  it('fixed:4 refuses a send of another size, and sends nothing', async () => {
    const peer = await startServer('tcp_ack_server');
    const info = await open({ kind: 'tcp-client', host: '127.0.0.1', port: peer.port, framing: 'fixed:4' });
    await expect(engine.send(info.id, bytesOf('abc'))).rejects.toMatchObject({
      code: 'FRAME_REFUSED',
      field: 'bytes',
      problem: { key: 'frameFixedMismatch', params: { size: 3, fixed: 4 } },
    });
    expect(rec.data(info.id, 'out')).toHaveLength(0);
    await engine.send(info.id, bytesOf('abcd'));
    // "ACK : abcd" is ten bytes: two whole frames of four, and two bytes that wait for more.
    await rec.until(() => messagesIn(info.id).length >= 2, 5000, 'two frames of the answer');
    expect(messagesIn(info.id)).toEqual(['ACK ', ': ab']);
  });
});

describe('TCP options and how a connection ended', () => {
  it('no-delay off and keep-alive on open and are shown in the session info', async () => {
    const peer = await startServer('tcp_ack_server');
    const info = await open({ kind: 'tcp-client', host: '127.0.0.1', port: peer.port, noDelay: false, keepAliveMs: 30_000 });
    expect(info.stream).toMatchObject({ noDelay: false, keepAliveMs: 30_000, framing: 'raw' });
    await engine.send(info.id, bytesOf('ping'));
    await rec.until(() => messagesIn(info.id).join('') === 'ACK : ping', 5000, 'the answer');
  });

  it('a peer that resets (SO_LINGER 0) is logged as a reset, one that closes as a half-close by the peer', async () => {
    const server = await listen('raw');
    await runClient('tcp_reset_client', ['127.0.0.1', server.port, hex('bye')]);
    const closed = await rec.waitFor(isType('closed', server.id));
    expect(closed.reason).toBe('reset');
    expect(rec.events.some((e) => e.type === 'error' && e.sessionId === server.id && e.code === 'ECONNRESET')).toBe(true);
    expect(rec.events.some((e) => e.type === 'half-closed' && e.sessionId === server.id)).toBe(false);

    await runClient('tcp_burst_client', ['127.0.0.1', server.port, hex('fine')]);
    await rec.until(() => rec.events.filter((e) => e.type === 'closed' && e.sessionId === server.id).length >= 2, 5000, 'second close');
    const second = rec.events.filter((e) => e.type === 'closed' && e.sessionId === server.id)[1]!;
    expect(second.type === 'closed' && second.reason).toBe('peer');
    expect(rec.events.some((e) => e.type === 'half-closed' && e.sessionId === server.id && e.by === 'peer')).toBe(true);
  });
});

describe('the schema refuses a bad framing where it was typed', () => {
  it.each([
    ['lines', 'framingUnknown'],
    ['len:3', 'framingBadLength'],
    ['fixed:0', 'framingFixedSize'],
    ['delim:', 'framingEmptyDelimiter'],
  ])('%s -> %s at the framing field', (framing, key) => {
    const parsed = openSessionInput().safeParse({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    expect(issue.path).toEqual(['framing']);
    expect((issue as { params?: { problem?: { key: string } } }).params?.problem?.key).toBe(key);
  });

  it('fixed:N above --max-frame is refused, and a max frame out of range too', () => {
    expect(
      openSessionInput().safeParse({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing: 'fixed:100', maxFrame: 10 }).success,
    ).toBe(false);
    const bad = openSessionInput().safeParse({ kind: 'tcp-client', host: '127.0.0.1', port: 1, maxFrame: 0 });
    expect(bad.error!.issues[0]!.path).toEqual(['maxFrame']);
  });
});
