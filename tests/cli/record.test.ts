// socket-lab serve --record FILE: every event on disk as NDJSON (base64 payloads), an existing file refused unless --overwrite.
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, expectOneErrorLine, run, serve, useCli } from './run-cli';

useCli();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-record-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('socket-lab serve --record', () => {
  it('writes every datagram to the file, header first and summary last, and says how many on stderr', async () => {
    const file = path.join(dir, 'lab.ndjson');
    const server = await serve(['udp://127.0.0.1:0', '--record', file, '--quiet']);
    const client = dgram.createSocket('udp4');
    const payloads = Array.from({ length: 20 }, (_, i) => Buffer.from([i, 0xff, 0x00, 0x0d, 0x0a]));
    for (const p of payloads) client.send(p, server.port, '127.0.0.1');
    // --quiet prints no events: the file shows them arrive (header, 20 lines, the last newline).
    await eventually(() => readFileSync(file, 'utf8').split('\n').length >= 22, 'the 20 datagrams in the file');
    client.close();
    const result = await server.stop();
    expect(result.code).toBe(0);
    // 20 datagrams and the socket's closing.
    expect(result.stderr).toBe(`socket-lab: recorded 21 events to ${file}\n`);
    const lines = (await readFile(file, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; bytes?: string });
    expect(lines[0]).toMatchObject({ type: 'header', payload: 'base64', session: { kind: 'udp' } });
    expect(lines.at(-1)).toEqual({ type: 'summary', in: { messages: 20, bytes: 100 }, out: { messages: 0, bytes: 0 } });
    expect(lines.filter((l) => l.type === 'data').map((l) => Buffer.from(l.bytes!, 'base64'))).toEqual(payloads);
    expect(lines.at(-2)).toMatchObject({ type: 'closed', reason: 'stopped' });
  });

  it('refuses a file that exists with one line and status 1, and replaces it with --overwrite', async () => {
    const file = path.join(dir, 'taken.ndjson');
    await writeFile(file, 'keep me\n');
    const refused = await run(['serve', 'udp://127.0.0.1:0', '--record', file]);
    expectOneErrorLine(refused, 1, `socket-lab: The file ${file} already exists: choose another name, or allow replacing it.`);
    expect(await readFile(file, 'utf8')).toBe('keep me\n');

    const server = await serve(['udp://127.0.0.1:0', '--record', file, '--overwrite']);
    await server.stop();
    expect((await readFile(file, 'utf8')).split('\n')[0]).toMatch(/^\{"type":"header"/);
  });

  it('says which folder is missing', async () => {
    const file = path.join(dir, 'no', 'such', 'x.ndjson');
    const result = await run(['serve', 'udp://127.0.0.1:0', '--record', file]);
    expectOneErrorLine(result, 1, `socket-lab: Cannot record to ${file}: the folder ${path.dirname(file)} does not exist.`);
  });
});
