// socket-lab send, against the seed-style Python servers.
import { describe, expect, it } from 'vitest';
import { startServer } from '../peers/spawn-peer';
import { run, summary, useCli } from './run-cli';

useCli();

describe('socket-lab send over TCP', () => {
  it('sends text and prints the reply of the seed 000 server', async () => {
    const server = await startServer('tcp_ack_server');
    const result = await run(['send', `tcp://127.0.0.1:${server.port}`, '--text', 'hello', '--wait', '300']);
    expect(result).toEqual({ code: 0, stdout: 'ACK : hello\n' + summary(1, 11, 1, 5), stderr: '' });
  });

  it('sends --hex bytes and --escaped text', async () => {
    const server = await startServer('tcp_ack_server', '::1');
    const hex = await run(['send', `tcp://[::1]:${server.port}`, '--hex', '0x68, 0x69', '--wait', '300']);
    expect(hex).toEqual({ code: 0, stdout: 'ACK : hi\n' + summary(1, 8, 1, 2), stderr: '' });
    const escaped = await run(['send', `tcp://[::1]:${server.port}`, '--escaped', 'hi\\r\\n', '--wait', '300']);
    expect(escaped).toEqual({ code: 0, stdout: 'ACK : hi\r\n' + summary(1, 10, 1, 4), stderr: '' });
  });

  it('repeats with --count and --interval on one connection', async () => {
    const server = await startServer('tcp_upper_server');
    const started = Date.now();
    const result = await run([
      'send',
      `tcp://127.0.0.1:${server.port}`,
      '--text',
      'hey',
      '--count',
      '3',
      '--interval',
      '150',
      '--wait',
      '300',
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // two pauses of 150 ms
    expect(result.code).toBe(0);
    // Three replies, one printed line per read: on a loaded machine two may reach us in one read
    // (TCP keeps no message boundaries), so the lines hold HEY three times and the reads are 2 or 3.
    const lines = result.stdout.trimEnd().split('\n');
    const last = lines.pop();
    expect(lines.join('')).toBe('HEYHEYHEY');
    expect(`${last}\n`).toBe(summary(lines.length, 9, 3, 9));
  });

  it('prints the reply as hex with --format hex', async () => {
    const server = await startServer('tcp_ack_server');
    const result = await run(['send', `tcp://127.0.0.1:${server.port}`, '--text', 'hi', '--format', 'hex', '--wait', '300']);
    expect(result).toEqual({ code: 0, stdout: '41 43 4B 20 3A 20 68 69\n' + summary(1, 8, 1, 2), stderr: '' });
  });

  it('prints NDJSON with --format json: a header, one event per line, the summary last', async () => {
    const server = await startServer('tcp_hello_server');
    const result = await run(['send', `tcp://127.0.0.1:${server.port}`, '--text', 'Hello, Server!', '--format', 'json']);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      type: 'header',
      version: 1,
      payload: 'hex',
      session: {
        kind: 'tcp-client',
        role: 'client',
        remote: { host: '127.0.0.1', port: server.port },
        framing: 'none: a message is a read chunk',
      },
    });
    expect(lines.at(-1)).toEqual({ type: 'summary', in: { messages: 1, bytes: 14 }, out: { messages: 1, bytes: 14 } });
    const events = lines.slice(1, -1);
    expect(events.map((e) => e.type)).toEqual(['opened', 'data', 'data', 'half-closed', 'closed']);
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(events[1]).toMatchObject({ direction: 'out', text: 'Hello, Server!', length: 14, bytes: '48656C6C6F2C2053657276657221' });
    expect(events[2]).toMatchObject({ direction: 'in', text: 'Hello, Client!', peer: { host: '127.0.0.1', port: server.port } });
    expect(events[4]).toMatchObject({ reason: 'peer' });
    for (const e of events) expect(typeof e.time === 'string' && !Number.isNaN(Date.parse(e.time))).toBe(true);
  });

  it('stops waiting as soon as the seed 002 server closes', async () => {
    const server = await startServer('tcp_hello_server');
    const started = Date.now();
    const result = await run(['send', `tcp://127.0.0.1:${server.port}`, '--text', 'Hello, Server!', '--wait', '5000']);
    expect(result).toEqual({ code: 0, stdout: 'Hello, Client!\n' + summary(1, 14, 1, 14), stderr: '' });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('says when the server closed before all --count sends', async () => {
    const server = await startServer('tcp_hello_server');
    const result = await run(['send', `tcp://127.0.0.1:${server.port}`, '--text', 'x', '--count', '3', '--interval', '300']);
    expect(result.stdout).toBe('Hello, Client!\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`socket-lab: 127.0.0.1:${server.port} closed the connection after 1 of 3 sends.\n`);
  });
});

describe('socket-lab send over UDP', () => {
  it.each(['127.0.0.1', '::1'])('gets the upper-case answer of the seed 001 server on %s', async (host) => {
    const server = await startServer('udp_upper_server', host);
    const url = host.includes(':') ? `udp://[${host}]:${server.port}` : `udp://${host}:${server.port}`;
    const result = await run(['send', url, '--text', 'hello udp', '--wait', '300']);
    expect(result).toEqual({ code: 0, stdout: 'HELLO UDP\n' + summary(1, 9, 1, 9), stderr: '' });
  });

  it('gets "Hello, UDP Client!" twice with --count 2', async () => {
    const server = await startServer('udp_hello_server');
    const result = await run(['send', `udp://127.0.0.1:${server.port}`, '--text', 'hi', '--count', '2', '--wait', '300']);
    expect(result).toEqual({ code: 0, stdout: 'Hello, UDP Client!\nHello, UDP Client!\n' + summary(2, 36, 2, 4), stderr: '' });
  });
});
