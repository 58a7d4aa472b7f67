// `socket-lab import packetsender` and `socket-lab send --workspace FILE --message NAME`, as a teacher and a
// student would run them: the real packets.ini Packet Sender writes becomes a workspace, what cannot be mapped
// is listed on stderr, and a saved message reaches a peer Socket Lab did not write with exactly its bytes.
// The fixtures' targets are public hosts: every send here gives a loopback URL beside the message.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../peers/spawn-peer';
import { checkWorkspace, type Workspace } from '../../src/shared/workspace';
import { eventually, expectOneErrorLine, root, run, useCli } from './run-cli';

useCli();

const fixtures = path.join(root, 'tests', 'fixtures', 'packet-sender');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'socket-lab-cli-workspace-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const received = (stdout: string): string[] =>
  [...stdout.matchAll(/^RECEIVED ([0-9a-f]*)$/gm)].map((m) => Buffer.from(m[1]!, 'hex').toString('latin1'));

async function importedLesson(): Promise<string> {
  const file = path.join(dir, 'lesson.socketlab.json');
  const result = await run(['import', 'packetsender', path.join(fixtures, 'packets.ini'), '-o', file]);
  expect(result.code).toBe(0);
  return file;
}

describe('socket-lab import packetsender', () => {
  it('writes the real packets.ini as a workspace, listing on stderr what it could not map', async () => {
    const file = path.join(dir, 'lesson.socketlab.json');
    const result = await run(['import', 'packetsender', path.join(fixtures, 'packets.ini'), '-o', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`imported 26 packets into "${file}", collection "Packet Sender"; 15 not fully mapped (listed on stderr)\n`);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(15);
    for (const line of lines) expect(line).toMatch(/^socket-lab: not mapped: "/);
    expect(lines).toContain(
      'socket-lab: not mapped: "HTTPS GitHub API": the HTTP request (HTTPS Get https://api.github.com:443/users/dannagle) cannot be mapped: imported without a target (its payload is the request body).',
    );
    expect(lines.filter((l) => l.includes("Packet Sender's SSL options"))).toHaveLength(5);
    const workspace = JSON.parse(await readFile(file, 'utf8')) as Workspace;
    expect(checkWorkspace(workspace, 'w').ok).toBe(true);
    expect(workspace.collections![0]!.messages).toHaveLength(26);
  });

  it('reads the JSON export too', async () => {
    const file = path.join(dir, 'export.socketlab.json');
    const result = await run(['import', 'packetsender', path.join(fixtures, 'export.json'), '-o', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^imported 3 packets into /);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
  });

  it('refuses to replace a file without --force, and replaces it with', async () => {
    const file = path.join(dir, 'taken.socketlab.json');
    await writeFile(file, 'mine');
    const refused = await run(['import', 'packetsender', path.join(fixtures, 'export.json'), '-o', file]);
    expectOneErrorLine(refused, 2, `socket-lab: The file "${file}" already exists: choose another name, or add --force to replace it.`);
    expect(await readFile(file, 'utf8')).toBe('mine');
    const forced = await run(['import', 'packetsender', path.join(fixtures, 'export.json'), '-o', file, '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ format: 'socket-lab-workspace', version: 1 });
  });

  it('says in one line what is wrong with its command line or its file', async () => {
    const notPs = path.join(dir, 'notes.txt');
    await writeFile(notPs, 'just some notes\n');
    const out = path.join(dir, 'w.socketlab.json');
    expectOneErrorLine(
      await run(['import', 'packetsender', notPs, '-o', out]),
      2,
      `socket-lab: "${notPs}" holds no Packet Sender packets: give its packets.ini (with a [NAMES] list) or a JSON export (an array of packets).`,
    );
    expectOneErrorLine(
      await run(['import', 'packetsender', path.join(dir, 'none.ini'), '-o', out]),
      2,
      /There is no file at ".*none\.ini"\.$/,
    );
    expectOneErrorLine(await run(['import', 'wireshark', notPs, '-o', out]), 2, /cannot import from "wireshark": use packetsender/);
    expectOneErrorLine(await run(['import', 'packetsender', notPs]), 2, /give the workspace file to write with -o WORKSPACE/);
    expectOneErrorLine(
      await run(['import', 'packetsender', notPs, '-o', path.join(dir, 'lesson.json')]),
      2,
      'socket-lab: -o: a workspace file\'s name ends in .socketlab.json (e.g. -o lesson.socketlab.json), not "lesson.json" (see socket-lab --help)',
    );
  });
});

describe('socket-lab send --workspace FILE --message NAME', () => {
  it('sends exactly the saved bytes over TCP, to the URL given beside it', async () => {
    const lesson = await importedLesson();
    const peer = await startServer('tcp_sink_server');
    const result = await run([
      'send',
      '--workspace',
      lesson,
      '--message',
      'TCP connection refused',
      `tcp://127.0.0.1:${peer.port}`,
      '--wait',
      '0',
    ]);
    expect(result.code).toBe(0);
    await eventually(() => received(peer.stdout()).length === 1, 'the peer to print what it received');
    expect(received(peer.stdout())).toEqual(['will not connect\r\n']);
  });

  it('sends a saved datagram over UDP, Packet Sender macros as written', async () => {
    const lesson = await importedLesson();
    const peer = await startServer('udp_sink_server');
    const result = await run([
      'send',
      '--workspace',
      lesson,
      '--message',
      'Packet Sender/UDP IPv4 localhost macro',
      `udp://127.0.0.1:${peer.port}`,
      '--wait',
      '0',
    ]);
    expect(result.code).toBe(0);
    await eventually(() => received(peer.stdout()).length === 1, 'the datagram');
    expect(received(peer.stdout())).toEqual(['{{TIME}} {{RANDOM}}']);
  });

  it('sends to the saved target, with the saved line ending', async () => {
    const peer = await startServer('tcp_sink_server');
    const file = path.join(dir, 'class.socketlab.json');
    const workspace: Workspace = {
      format: 'socket-lab-workspace',
      version: 1,
      collections: [
        {
          name: 'Lab 1',
          messages: [
            {
              name: 'greet',
              payload: { format: 'text', text: '안녕' },
              lineEnding: 'crlf',
              target: { protocol: 'tcp', host: '127.0.0.1', port: peer.port },
            },
          ],
        },
      ],
    };
    await writeFile(file, JSON.stringify(workspace));
    const result = await run(['send', '--workspace', file, '--message', 'greet', '--wait', '0']);
    expect(result.code).toBe(0);
    await eventually(() => received(peer.stdout()).length === 1, 'the peer to print what it received');
    expect(Buffer.from(received(peer.stdout())[0]!, 'latin1').toString('utf8')).toBe('안녕\r\n');
  });

  it('calls a name in several collections ambiguous (exit 2, the matches listed), and COLLECTION/NAME picks one', async () => {
    const file = path.join(dir, 'twice.socketlab.json');
    const message = (text: string) => ({ name: 'ping', payload: { format: 'text', text } });
    await writeFile(
      file,
      JSON.stringify({
        format: 'socket-lab-workspace',
        version: 1,
        collections: [
          { name: 'A', messages: [message('from A')] },
          { name: 'B', messages: [message('from B')] },
        ],
      }),
    );
    expectOneErrorLine(
      await run(['send', '--workspace', file, '--message', 'ping', 'udp://127.0.0.1:9']),
      2,
      'socket-lab: --message: "ping" names a message in several collections (A/ping, B/ping): write COLLECTION/NAME to pick one.',
    );
    const peer = await startServer('udp_sink_server');
    expect((await run(['send', '--workspace', file, '--message', 'B/ping', `udp://127.0.0.1:${peer.port}`, '--wait', '0'])).code).toBe(0);
    await eventually(() => received(peer.stdout()).length === 1, 'the datagram');
    expect(received(peer.stdout())).toEqual(['from B']);
  });

  it('lists close names for a name it does not know (exit 2)', async () => {
    const lesson = await importedLesson();
    expectOneErrorLine(
      await run(['send', '--workspace', lesson, '--message', 'DNS exmaple.com', 'udp://127.0.0.1:9']),
      2,
      `socket-lab: --message: No saved message is named "DNS exmaple.com" in "${lesson}": did you mean "Packet Sender/DNS example.com", "Packet Sender/DNS dannagle.com"?`,
    );
  });

  it('says a bad workspace file at its field, and a message with no target', async () => {
    const bad = path.join(dir, 'bad.socketlab.json');
    await writeFile(
      bad,
      JSON.stringify({
        format: 'socket-lab-workspace',
        version: 1,
        collections: [{ name: 'c', messages: [{ name: 'x', payload: { format: 'hex', text: '0g' } }] }],
      }),
    );
    expectOneErrorLine(
      await run(['send', '--workspace', bad, '--message', 'x']),
      2,
      `socket-lab: --workspace: "${bad}": collections.0.messages.0.payload.text: "g" at position 2 is not a hex digit (use 0-9 and A-F).`,
    );
    const newer = path.join(dir, 'newer.socketlab.json');
    await writeFile(newer, JSON.stringify({ format: 'socket-lab-workspace', version: 9 }));
    expectOneErrorLine(
      await run(['send', '--workspace', newer, '--message', 'x']),
      2,
      /version 9, saved by a newer Socket Lab: this one reads version 1\./,
    );
    const lesson = await importedLesson();
    expectOneErrorLine(await run(['send', '--workspace', lesson, '--message', 'HTTP GET']), 2, /"Packet Sender\/HTTP GET" has no target/);
    expectOneErrorLine(
      await run(['send', '--workspace', lesson, '--message', 'HTTP GET', '--text', 'x']),
      2,
      /--text cannot be given with --message/,
    );
  });
});
