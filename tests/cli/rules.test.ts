// socket-lab serve --rule: rule-based auto-replies driven by the Python line client, the UDP client
// and socat; each bad rule exits 2 with one line naming it.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runClient } from '../peers/spawn-peer';
import { runToEnd } from '../run-to-end';
import { eventually, expectOneErrorLine, run, serve, useCli } from './run-cli';

useCli();

describe('socket-lab serve --rule', () => {
  it('first matching rule answers, --reply echo answers the rest (Python line client)', async () => {
    const server = await serve([
      'tcp://127.0.0.1:0',
      '--rule',
      'prefix:PING=>fixed:PONG\\n',
      '--rule',
      'regex:^GET (\\S+)=>prefix:200 $1 ',
      '--reply',
      'echo',
    ]);
    const client = await runClient('tcp_line_client', ['127.0.0.1', String(server.port), 'PING 1', 'GET /index.html', 'hello']);
    expect(client.lines).toEqual(['REPLY PONG\\n', 'REPLY 200 /index.html GET /index.html', 'REPLY hello']);
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/ out 127\.0\.0\.1:\d+ 5 bytes: PONG\\n\n/);
  });

  it('with --frame line each line is answered, a delayed reply first (socat)', async () => {
    const server = await serve([
      'tcp://127.0.0.1:0',
      '--frame',
      'line',
      '--rule',
      'exact:slow=>fixed:SLOW @delay=300',
      '--rule',
      'contains:=>upper',
    ]);
    const socat = spawn('socat', ['-t', '3', '-', `TCP:127.0.0.1:${server.port}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    socat.stdout.on('data', (d: Buffer) => (out += d.toString()));
    socat.stdin.write('slow\nfast\n');
    await eventually(() => out === 'SLOW\nFAST\n', 'both replies, in order', 5000);
    socat.stdin.end();
    await runToEnd(socat, 'socat', 10_000);
    expect((await server.stop()).code).toBe(0);
  });

  it('answers UDP datagrams by rule', async () => {
    const server = await serve(['udp://127.0.0.1:0', '--rule', 'hex:0102=>hex:0a $0', '--rule', 'suffix:?=>fixed:yes']);
    const client = await runClient('udp_client', ['127.0.0.1', String(server.port), 'ready?']);
    expect(client.lines).toEqual(['REPLY yes']);
    expect((await server.stop()).code).toBe(0);
  });

  it('a bad rule exits 2 with one line naming the rule', async () => {
    expectOneErrorLine(
      await run(['serve', 'tcp://127.0.0.1:0', '--rule', 'exact:a=>echo', '--rule', 'exact:b']),
      2,
      'socket-lab: --rule: Rule 2 has no "=>": write MATCH=>REPLY (e.g. exact:ping=>fixed:pong\\r\\n).',
    );
    expectOneErrorLine(
      await run(['serve', 'tcp://127.0.0.1:0', '--rule', 'regex:(=>echo']),
      2,
      /^socket-lab: --rule: Rule 1: \/\(\/ is not a valid regular expression/,
    );
    expectOneErrorLine(
      await run(['serve', 'tcp://127.0.0.1:0', '--rule', 'prefix:a=>fixed:$1']),
      2,
      'socket-lab: --rule: Rule 1: the reply uses $1, but only a regex: match has groups ($0 is the whole message).',
    );
    expectOneErrorLine(
      await run(['serve', 'tcp://127.0.0.1:0', '--rule', 'exact:a=>echo @delay=soon']),
      2,
      /^socket-lab: --rule: Rule 1: "soon" is not a delay/,
    );
    expectOneErrorLine(
      await run(['serve', 'udp://127.0.0.1:0', '--rule', 'exact:a=>echo @close']),
      2,
      'socket-lab: --rule: Rule 1: @close closes a connection, and a UDP socket has none: remove @close from this rule.',
    );
  });
});
