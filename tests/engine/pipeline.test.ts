// The stream pipeline of a TCP connection: the framer cuts what is read into messages, the encoder
// makes a message its wire bytes, and both plug into the connection without changing it.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rawPipeline, TcpConnection, type ConnectionOwner, type StreamPipeline } from '../../src/main/engine/kinds/tcp/connection';
import { rawEncoder } from '../../src/main/engine/pipeline/encoder';
import { rawFramer, type FramerFactory } from '../../src/main/engine/pipeline/framer';
import { buildResponder } from '../../src/main/engine/pipeline/responder';
import type { EventWithoutMeta } from '../../src/main/engine/session-base';
import { decodeText, encodeText } from '../../src/shared/codec';
import { autoReplySchema } from '../../src/shared/contract';
import { sleep } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A test framer: one message per "\n"-ended line, the newline left out. */
const lineFramer: FramerFactory = (deliver) => {
  let pending = '';
  return {
    push(chunk) {
      const lines = (pending + decodeText(chunk)).split('\n');
      pending = lines.pop()!;
      for (const line of lines) deliver(encodeText(line));
      return null;
    },
    end() {
      const rest = pending;
      pending = '';
      return rest === '' ? null : encodeText(rest);
    },
  };
};

/** Our TcpConnection on one end of a loopback pair, the plain socket at the other end for the test. */
async function connectedPair(pipeline?: StreamPipeline, echo = false) {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const socket = net.connect({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const peer = await accepted;
  cleanups.push(() => {
    socket.destroy();
    peer.destroy();
    server.close();
  });
  const events: EventWithoutMeta[] = [];
  const responder = echo ? buildResponder(autoReplySchema().parse({ mode: 'echo' })) : null;
  const owner: ConnectionOwner = {
    emit: (e) => void events.push(e),
    keep: (chunk) => chunk,
    responder: () => responder,
    onPeerHalfClose: () => undefined,
    onClosed: () => undefined,
    sent: () => undefined,
    queued: () => undefined,
  };
  const conn = new TcpConnection('c1', socket, { host: '127.0.0.1', port: 1 }, owner, pipeline);
  return { conn, peer, events };
}

/** Waits (on a loaded machine too) until `done` holds, for at most 5 s. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 5000; waited += 10) await sleep(10);
}

const dataIn = (events: EventWithoutMeta[]): string[] =>
  events.flatMap((e) => (e.type === 'data' && e.direction === 'in' ? [decodeText(e.bytes)] : []));

describe('the stream pipeline', () => {
  it('raw framing hands each read chunk through as it is, the very same bytes', () => {
    const seen: Uint8Array[] = [];
    const framer = rawFramer((m) => seen.push(m));
    const chunk = encodeText('one chunk');
    framer.push(chunk);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(chunk);
    expect(framer.end()).toBeNull();
  });

  it('a framer plugged into the connection decides the messages: lines, and the unended rest at FIN', async () => {
    const { peer, events } = await connectedPair({ ...rawPipeline, framer: lineFramer, encoder: rawEncoder });
    peer.write('first\nsec');
    await sleep(50);
    peer.end('ond\nthird');
    await until(() => dataIn(events).length >= 3);
    expect(dataIn(events)).toEqual(['first', 'second', 'third']);
  });

  it('an encoder plugged into the connection shapes what is sent and what the auto-reply sends, as logged', async () => {
    const crlf = { encode: (m: Uint8Array) => encodeText(`${decodeText(m)}\r\n`) };
    const { conn, peer, events } = await connectedPair({ ...rawPipeline, framer: lineFramer, encoder: crlf }, true);
    const received: string[] = [];
    peer.on('data', (chunk: Buffer) => received.push(chunk.toString('latin1')));
    await conn.send(encodeText('hello'));
    peer.write('ping\n');
    await until(() => received.join('').length >= 13 && events.filter((e) => e.type === 'data' && e.direction === 'out').length >= 2);
    expect(received.join('')).toBe('hello\r\nping\r\n');
    const out = events.flatMap((e) => (e.type === 'data' && e.direction === 'out' ? [decodeText(e.bytes)] : []));
    expect(out).toEqual(['hello\r\n', 'ping\r\n']);
  });
});
