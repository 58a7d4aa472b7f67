// socket-lab mistakes: each exits non-zero with exactly one line on stderr.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startServer } from '../peers/spawn-peer';
import { expectOneErrorLine, freePort, run, useCli } from './run-cli';

useCli();

describe('socket-lab mistakes: non-zero status, exactly one line on stderr', () => {
  it('bad URL', async () => {
    expectOneErrorLine(
      await run(['send', 'http://127.0.0.1:80', '--text', 'x']),
      2,
      'socket-lab: "http://127.0.0.1:80" is not a socket address: write it as tcp://HOST:PORT or udp://HOST:PORT (IPv6 in brackets: udp://[::1]:5005).',
    );
  });

  it('port 70000', async () => {
    expectOneErrorLine(
      await run(['send', 'tcp://127.0.0.1:70000', '--text', 'x']),
      2,
      'socket-lab: Port 70000 is out of range: use a whole number from 1 to 65535.',
    );
    expectOneErrorLine(
      await run(['serve', 'udp://127.0.0.1:70000']),
      2,
      /^socket-lab: Port 70000 is out of range: use a whole number from 0 to 65535/,
    );
  });

  it('bad hex', async () => {
    expectOneErrorLine(
      await run(['send', 'tcp://127.0.0.1:9', '--hex', '48 6g']),
      2,
      'socket-lab: --hex: "g" at position 5 is not a hex digit (use 0-9 and A-F).',
    );
    expectOneErrorLine(
      await run(['send', 'tcp://127.0.0.1:9', '--escaped', 'bad\\q']),
      2,
      /--escaped: "\\q" at position 4 is not a known escape/,
    );
  });

  it('bad options', async () => {
    expectOneErrorLine(
      await run(['send', 'tcp://127.0.0.1:9', '--text', 'a', '--hex', '61']),
      2,
      /give exactly one of --text, --hex, --escaped or --file/,
    );
    expectOneErrorLine(await run(['send', 'tcp://127.0.0.1:9', '--text', 'a', '--count', '0']), 2, /--count must be a whole number from 1/);
    expectOneErrorLine(await run(['send', 'tcp://127.0.0.1:9', '--text', 'a', '--bogus']), 2, /bogus.*\(see socket-lab --help\)$/);
    expectOneErrorLine(
      await run(['serve', 'tcp://127.0.0.1:0', '--reply', 'shout']),
      2,
      /--reply must be none, echo, upper, prefix:STR or fixed:STR/,
    );
    expectOneErrorLine(await run(['fly']), 2, 'socket-lab: unknown command "fly" (see socket-lab --help)');
  });

  it('a reply text the openSession schema refuses: one line about --reply, status 2, nothing opened', async () => {
    expectOneErrorLine(
      await run(['serve', 'udp://127.0.0.1:0', '--reply', 'prefix:\\xZZ']),
      2,
      'socket-lab: --reply text: "\\xZZ" at position 1 needs exactly two hex digits (e.g. \\x00, \\xFF). (see socket-lab --help)',
    );
    expectOneErrorLine(
      await run(['serve', 'tcp://127.0.0.1:0', '--reply', 'fixed:']),
      2,
      'socket-lab: --reply text: A fixed reply needs some text to send. (see socket-lab --help)',
    );
  });

  it('connection refused', async () => {
    const port = await freePort();
    expectOneErrorLine(
      await run(['send', `tcp://127.0.0.1:${port}`, '--text', 'x']),
      1,
      `socket-lab: Nothing is listening on 127.0.0.1:${port} (connection refused).`,
    );
  });

  it('a peer that closes mid-send: the cause said once (or nothing, if the close was clean)', async () => {
    // The seed 002 server reads 1024 bytes once and closes. Depending on timing the rest of our
    // data meets a reset (during or after our sends) or a clean close: each ends in one clear way.
    const server = await startServer('tcp_hello_server');
    for (const interval of ['0', '0', '20', '50']) {
      const result = await run([
        'send',
        `tcp://127.0.0.1:${server.port}`,
        '--text',
        'x'.repeat(3000),
        '--count',
        '5',
        '--interval',
        interval,
        '--wait',
        '300',
      ]);
      if (result.code === 0) {
        expect(result.stderr).toBe('');
        expect(result.stdout).toMatch(/^Hello, Client!\nsummary: in 1 messages 14 bytes, out \d+ messages \d+ bytes\n$/);
        continue;
      }
      expect(result.code).toBe(1);
      const lines = result.stderr.split('\n').slice(0, -1);
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^socket-lab: (The peer 127\.0\.0\.1:\d+ (reset the connection|has closed the connection, so the data could not be sent)|127\.0\.0\.1:\d+ closed the connection after \d of 5 sends)\.$/,
      );
    }
  });

  it('UDP datagram too large', async () => {
    const server = await startServer('udp_upper_server');
    expectOneErrorLine(
      await run(['send', `udp://127.0.0.1:${server.port}`, '--text', 'a'.repeat(65_508)]),
      1,
      'socket-lab: A UDP datagram over IPv4 carries at most 65,507 bytes; this one has 65,508. Split it, or use TCP.',
    );
  });

  it('connect timeout (--timeout)', async (ctx) => {
    // Fill the accept queue of a server that never accepts: the next connect gets no answer.
    const server = await startServer('tcp_never_accept_server');
    const fillers: net.Socket[] = [];
    try {
      let hanging = false;
      for (let i = 0; i < 8 && !hanging; i++) {
        const filler = net.connect({ host: '127.0.0.1', port: server.port });
        filler.on('error', () => undefined);
        fillers.push(filler);
        hanging = await new Promise<boolean>((resolve) => {
          filler.once('connect', () => resolve(false));
          filler.once('error', () => resolve(false));
          setTimeout(() => resolve(true), 300);
        });
      }
      if (!hanging) ctx.skip('this system answers every connect at once (no full-backlog drop)');
      expectOneErrorLine(
        await run(['send', `tcp://127.0.0.1:${server.port}`, '--text', 'x', '--timeout', '300']),
        1,
        `socket-lab: No answer from 127.0.0.1:${server.port} within 300 ms (connect timeout).`,
      );
    } finally {
      for (const f of fillers) f.destroy();
    }
  });

  it('address in use', async () => {
    const tcp = await startServer('tcp_ack_server');
    expectOneErrorLine(
      await run(['serve', `tcp://127.0.0.1:${tcp.port}`]),
      1,
      `socket-lab: Port ${tcp.port} on 127.0.0.1 is already in use by another program: pick another port, or 0 for any free one.`,
    );
    const udp = await startServer('udp_upper_server', '::1');
    expectOneErrorLine(
      await run(['serve', `udp://[::1]:${udp.port}`]),
      1,
      new RegExp(`^socket-lab: Port ${udp.port} on ::1 is already in use`),
    );
  });
});
