// socket-lab serve / send --export FILE: the session streamed to a file by its extension; the pcapng
// read back with tshark must give exactly the bytes each way, with no TCP analysis warnings.
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runClient, startServer } from '../peers/spawn-peer';
import { badChecksums, fieldsOf, followTcp, packetsMatching } from '../tshark';
import { eventually, expectOneErrorLine, run, serve, useCli } from './run-cli';

useCli();
// Each test reads its file back with several tshark runs (about a second each on a busy machine).
vi.setConfig({ testTimeout: 60_000 });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hello = Buffer.from('hello\r\n\x00\xff binary and text', 'latin1');

/** An echo server exporting to `file`, one client conversation of `payload` sent `repeat` times, then stopped. */
async function echoConversation(host: string, file: string, payload: Buffer, repeat = 1): Promise<string> {
  const server = await serve([`tcp://${host.includes(':') ? `[${host}]` : host}:0`, '--reply', 'echo', '--quiet', '--export', file]);
  const client = await runClient('tcp_echo_check_client', [host, String(server.port), payload.toString('hex'), String(repeat)]);
  expect(client.lines).toEqual([`ECHOED ${payload.length * repeat}`]);
  // The client has closed: a moment for the server to log it, so the FINs are in the file.
  await new Promise((r) => setTimeout(r, 300));
  const stopped = await server.stop();
  expect(stopped.code).toBe(0);
  return stopped.stderr;
}

describe('socket-lab serve --export FILE.pcapng', () => {
  it('gives tshark the conversation: handshake, the bytes both ways, FINs, no analysis flags, good checksums', async () => {
    const file = path.join(dir, 'x.pcapng');
    const stderr = await echoConversation('127.0.0.1', file, hello);
    expect(stderr).toMatch(new RegExp(`^socket-lab: exported \\d+ events \\(\\d+ bytes\\) to ${file.replaceAll('.', '\\.')}\\n$`));
    const { fromOpener, fromAnswerer } = followTcp(file);
    expect(fromOpener).toEqual(hello);
    expect(fromAnswerer).toEqual(hello);
    expect(packetsMatching(file, 'tcp.analysis.flags')).toBe('');
    expect(badChecksums(file)).toBe('');
    expect(fieldsOf(file, 'tcp.flags.syn == 1', ['tcp.srcport']).length).toBe(2);
    expect(fieldsOf(file, 'tcp.flags.fin == 1', ['ip.src']).length).toBe(2);
    // The app's events ride on packets as comments, and the section says the headers are made up.
    expect(fieldsOf(file, 'frame.comment contains "accepted"', ['frame.number'])).toEqual([['1']]);
    expect(packetsMatching(file, 'frame.number == 1')).toMatch(/\[SYN\]/);
  });

  it('splits a 1 MiB transfer into segments of at most 65,495 bytes and gives back every byte', async () => {
    const file = path.join(dir, 'big.pcapng');
    const block = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await echoConversation('127.0.0.1', file, block, 4096);
    const { fromOpener, fromAnswerer } = followTcp(file);
    const expected = Buffer.concat(Array.from({ length: 4096 }, () => block));
    expect(fromOpener.equals(expected)).toBe(true);
    expect(fromAnswerer.equals(expected)).toBe(true);
    const lengths = fieldsOf(file, 'tcp.len > 0', ['tcp.len']).map(([n]) => Number(n));
    expect(Math.max(...lengths)).toBe(65_495);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(2 * expected.length);
    expect(packetsMatching(file, 'tcp.analysis.flags')).toBe('');
  });

  it('writes IPv6 packets for a server on ::1, split at 65,515 bytes', async () => {
    const file = path.join(dir, 'v6.pcapng');
    await echoConversation('::1', file, Buffer.alloc(1000, 0x61), 100);
    const { fromOpener, fromAnswerer } = followTcp(file);
    expect(fromOpener.equals(Buffer.alloc(100_000, 0x61))).toBe(true);
    expect(fromAnswerer.length).toBe(100_000);
    expect(fieldsOf(file, 'tcp.len > 0', ['ipv6.src', 'tcp.len'])[0]).toEqual(['::1', '65515']);
    expect(packetsMatching(file, 'tcp.analysis.flags')).toBe('');
    expect(badChecksums(file)).toBe('');
  });

  it('ends a reset connection with an RST from the peer, still with no analysis flags', async () => {
    const file = path.join(dir, 'rst.pcapng');
    const server = await serve(['tcp://127.0.0.1:0', '--quiet', '--export', file]);
    const client = await runClient('tcp_reset_client', ['127.0.0.1', String(server.port), '616263']);
    expect(client.lines).toEqual(['RESET']);
    await new Promise((r) => setTimeout(r, 300));
    await server.stop();
    expect(followTcp(file).fromOpener.toString()).toBe('abc');
    expect(fieldsOf(file, 'tcp.flags.reset == 1', ['tcp.srcport'])).toEqual([[expect.any(String)]]);
    expect(fieldsOf(file, 'tcp.flags.fin == 1', ['tcp.srcport'])).toEqual([]);
    expect(packetsMatching(file, 'tcp.analysis.flags')).toBe('');
  });

  it('writes UDP datagrams with computed checksums, over IPv4 and IPv6', async () => {
    for (const host of ['127.0.0.1', '::1']) {
      const file = path.join(dir, `udp-${host === '::1' ? 6 : 4}.pcapng`);
      const server = await serve([`udp://${host.includes(':') ? `[${host}]` : host}:0`, '--reply', 'upper', '--quiet', '--export', file]);
      const client = await runClient('udp_client', [host, String(server.port), 'one', 'two']);
      expect(client.lines).toEqual(['REPLY ONE', 'REPLY TWO']);
      await server.stop();
      const payloads = fieldsOf(file, 'udp', ['udp.payload']).map(([hex]) => Buffer.from(hex!.replaceAll(':', ''), 'hex').toString());
      expect(payloads).toEqual(['one', 'ONE', 'two', 'TWO']);
      expect(badChecksums(file)).toBe('');
    }
  });
});

describe('socket-lab --export in the other formats', () => {
  it('writes NDJSON (the shared format) and CSV (RFC 4180) that parse back to the bytes sent', async () => {
    const ndjson = path.join(dir, 'x.ndjson');
    const csv = path.join(dir, 'x.csv');
    const txt = path.join(dir, 'x.txt');
    const peer = await startServer('tcp_upper_server');
    for (const file of [ndjson, csv, txt]) {
      const result = await run(['send', `tcp://127.0.0.1:${peer.port}`, '--escaped', 'a,"b"\\n', '--wait', '300', '--export', file]);
      expect(result.code).toBe(0);
    }
    const lines = (await readFile(ndjson, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'header', payload: 'hex', session: { kind: 'tcp-client' } });
    expect(lines.filter((l) => l.type === 'data').map((l) => [l.direction, Buffer.from(l.bytes as string, 'hex').toString()])).toEqual([
      ['out', 'a,"b"\n'],
      ['in', 'A,"B"\n'],
    ]);
    expect(lines.at(-1)).toEqual({ type: 'summary', in: { messages: 1, bytes: 6 }, out: { messages: 1, bytes: 6 } });

    const text = await readFile(csv, 'utf8');
    expect(text.split('\r\n')[0]).toBe('time,seq,event,direction,peer,bytes,text,hex');
    const rows = parseCsv(text);
    const data = rows.filter((r) => r[2] === 'data');
    expect(data.map((r) => [r[3], r[5], r[6], r[7]])).toEqual([
      ['out', '6', 'a,"b"\n', '612C2262220A'],
      ['in', '6', 'A,"B"\n', '412C2242220A'],
    ]);
    expect(await readFile(txt, 'utf8')).toMatch(
      /^# Socket Lab: session s1, tcp-client .*\n.*connected to 127\.0\.0\.1:\d+.*\n.*out 127\.0\.0\.1:\d+ 6 bytes: a,"b"\\n\n/,
    );
  });

  it('refuses an unknown extension and a file it cannot make with one line and status 2, before any socket opens', async () => {
    const bad = await run(['serve', 'tcp://127.0.0.1:0', '--export', path.join(dir, 'x.pcap')]);
    expectOneErrorLine(bad, 2, /the file name must end in \.pcapng, \.ndjson, \.csv or \.txt/);
    const missing = path.join(dir, 'no', 'x.csv');
    const noFolder = await run(['send', 'tcp://127.0.0.1:9', '--text', 'x', '--export', missing]);
    expectOneErrorLine(noFolder, 2, `socket-lab: Cannot export to ${missing}: the folder ${path.dirname(missing)} does not exist.`);
    const taken = path.join(dir, 'taken.txt');
    await writeFile(taken, 'keep');
    expectOneErrorLine(await run(['serve', 'udp://127.0.0.1:0', '--export', taken]), 2, /already exists/);
    expect(await readFile(taken, 'utf8')).toBe('keep');
  });

  it('streams a live session: a datagram is on disk before the server stops', async () => {
    const file = path.join(dir, 'live.ndjson');
    const server = await serve(['udp://127.0.0.1:0', '--quiet', '--export', file]);
    const socket = dgram.createSocket('udp4');
    socket.send('ping', server.port, '127.0.0.1');
    // Written within moments, long before the run ends.
    await eventually(() => readFileSync(file, 'utf8').includes('"direction":"in"'), 'the datagram in the file');
    socket.close();
    await server.stop();
  });
});

/** RFC 4180 fields: quoted fields may hold commas, CRLF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}
