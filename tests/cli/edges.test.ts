// socket-lab at its edges: a reader that goes away, option mistakes in one line, input said as
// typed and quoted short, empty messages, the broadcast refusal, and which address UDP binds.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { udpBindAddressFor } from '../../src/main/cli/send';
import { runToEnd } from '../run-to-end';
import { expectOneErrorLine, root, run, summary, useCli } from './run-cli';

useCli();

const bin = path.join(root, 'bin', 'socket-lab.js');

/** A UDP socket on loopback that records what it receives. */
async function udpPeer(host: '127.0.0.1' | '::1') {
  const socket = dgram.createSocket(host === '::1' ? 'udp6' : 'udp4');
  const received: { size: number; from: string }[] = [];
  socket.on('message', (msg, rinfo) => received.push({ size: msg.length, from: rinfo.address }));
  await new Promise<void>((r) => socket.bind(0, host, r));
  return { port: socket.address().port, received, close: () => socket.close() };
}

const sendDatagram = (port: number, text: string): Promise<void> =>
  new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.send(text, port, '127.0.0.1', () => {
      s.close();
      resolve();
    });
  });

describe('a reader that goes away (serve ... | head -1)', () => {
  it('ends quietly: status 0, no stack trace, nothing on stderr', async () => {
    // pipefail: the pipeline's status is the one of socket-lab, not of head.
    const script = `set -o pipefail; "${process.execPath}" "${bin}" serve udp://127.0.0.1:0 --reply echo | head -1`;
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const finished = runToEnd(child, 'serve | head -1', 10_000);
    let first = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no first line within 5 s')), 5000);
      child.stdout!.on('data', (d: Buffer) => {
        first += d.toString();
        if (first.includes('\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const port = Number(/:(\d+)\n$/.exec(first)?.[1]);
    expect(port).toBeGreaterThan(0);
    // head has gone: each datagram makes serve print a line into a closed pipe.
    const deadline = Date.now() + 8000;
    while (child.exitCode === null && Date.now() < deadline) {
      await sendDatagram(port, 'hello');
      await new Promise((r) => setTimeout(r, 100));
    }
    const result = await finished;
    expect(result.stdout).toBe(`listening on udp://127.0.0.1:${port}\n`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('send into a closed pipe ends quietly too', async () => {
    const peer = await udpPeer('127.0.0.1');
    try {
      const script = `set -o pipefail; "${process.execPath}" "${bin}" send udp://127.0.0.1:${peer.port} --text x --count 50 --interval 20 --format json --wait 0 | head -1`;
      const result = await runToEnd(spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] }), 'send | head -1', 10_000);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')).toHaveLength(2);
    } finally {
      peer.close();
    }
  });
});

describe('option mistakes print one line', () => {
  it.each([
    [['--count', '-5'], 'socket-lab: --count must be a whole number from 1 to 1000000, not "-5" (see socket-lab --help)'],
    [['--interval', '-1'], 'socket-lab: --interval must be a whole number from 0 to 3600000, not "-1" (see socket-lab --help)'],
    [['--wait', '-2'], 'socket-lab: --wait must be a whole number from 0 to 3600000, not "-2" (see socket-lab --help)'],
    [['--bogus'], 'socket-lab: unknown option "--bogus" (see socket-lab --help)'],
    [['--count'], 'socket-lab: --count needs a value (see socket-lab --help)'],
  ])('send %j', async (extra, line) => {
    expectOneErrorLine(await run(['send', 'tcp://127.0.0.1:9', '--text', 'x', ...extra]), 2, line);
  });

  it('a flag given a value, and an unknown option of serve', async () => {
    expectOneErrorLine(
      await run(['serve', 'tcp://127.0.0.1:0', '--close-after-reply=yes']),
      2,
      'socket-lab: --close-after-reply takes no value (see socket-lab --help)',
    );
    expectOneErrorLine(await run(['serve', 'tcp://127.0.0.1:0', '-x']), 2, 'socket-lab: unknown option "-x" (see socket-lab --help)');
  });

  it('a text that starts with "-" is still text', async () => {
    const peer = await udpPeer('127.0.0.1');
    try {
      const result = await run(['send', `udp://127.0.0.1:${peer.port}`, '--text', '-hello', '--wait', '0']);
      expect(result).toEqual({ code: 0, stdout: summary(0, 0, 1, 6), stderr: '' });
      await new Promise((r) => setTimeout(r, 100));
      expect(peer.received.map((m) => m.size)).toEqual([6]);
    } finally {
      peer.close();
    }
  });
});

describe('input said as typed, and quoted short', () => {
  it.each(['100000000000000000000', '1000000000000000000000000', '0070000'])('port %s is printed as given', async (port) => {
    expectOneErrorLine(
      await run(['send', `tcp://127.0.0.1:${port}`, '--text', 'x']),
      2,
      `socket-lab: Port ${port} is out of range: use a whole number from 1 to 65535.`,
    );
  });

  it('a 100 kB host comes back as one short line', async () => {
    const host = 'h'.repeat(100_000);
    const result = await run(['send', `tcp://${host}:80`, '--text', 'x']);
    expectOneErrorLine(result, 2, /^socket-lab: "h{48}… \(100,000 characters\)" is not a valid host name/);
    expect(result.stderr.length).toBeLessThan(300);
  });
});

describe('empty messages', () => {
  it('TCP: nothing to send is a command-line mistake (status 2), before connecting', async () => {
    const line = 'socket-lab: Nothing to send: a TCP message needs at least one byte (only UDP can send an empty datagram).';
    expectOneErrorLine(await run(['send', 'tcp://127.0.0.1:9', '--text', '']), 2, line);
    expectOneErrorLine(await run(['send', 'tcp://127.0.0.1:9', '--hex', '']), 2, line);
  });

  it.each(['127.0.0.1', '::1'] as const)('UDP on %s: an empty datagram is sent, and the peer receives it', async (host) => {
    const peer = await udpPeer(host);
    try {
      const url = host === '::1' ? `udp://[::1]:${peer.port}` : `udp://127.0.0.1:${peer.port}`;
      const result = await run(['send', url, '--text', '', '--wait', '0']);
      expect(result).toEqual({ code: 0, stdout: summary(0, 0, 1, 0), stderr: '' });
      const deadline = Date.now() + 2000;
      while (peer.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(peer.received).toEqual([{ size: 0, from: host }]);
    } finally {
      peer.close();
    }
  });
});

describe('UDP sends from the right address', () => {
  it('binds the loopback address of the family for a loopback destination, the wildcard otherwise', () => {
    expect(udpBindAddressFor('127.0.0.1')).toBe('127.0.0.1');
    expect(udpBindAddressFor('127.255.255.255')).toBe('127.0.0.1');
    expect(udpBindAddressFor('::1')).toBe('::1');
    expect(udpBindAddressFor('localhost')).toBe('127.0.0.1');
    expect(udpBindAddressFor('192.0.2.7')).toBe('0.0.0.0');
    expect(udpBindAddressFor('2001:db8::7')).toBe('::');
    expect(udpBindAddressFor('example.com')).toBe('0.0.0.0');
  });

  it.each([
    ['udp://127.0.0.1', '127.0.0.1'],
    ['udp://[::1]', '::1'],
  ] as const)('%s:PORT opens its socket on %s only', async (base, host) => {
    const peer = await udpPeer(host);
    try {
      const result = await run(['send', `${base}:${peer.port}`, '--text', 'hi', '--format', 'json', '--wait', '0']);
      expect(result.code).toBe(0);
      // Line 1 is the NDJSON header; the first event is the socket's own.
      const listening = JSON.parse(result.stdout.split('\n')[1]!) as { type: string; local: { host: string } };
      expect(listening).toMatchObject({ type: 'listening', local: { host } });
    } finally {
      peer.close();
    }
  });

  it('a datagram to the loopback broadcast address: broadcast is not enabled, nothing sent (status 1)', async () => {
    const result = await run(['send', 'udp://127.255.255.255:9301', '--text', 'hello', '--format', 'json', '--wait', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'socket-lab: 127.255.255.255:9301 is a broadcast address, and broadcast is not enabled for this socket: nothing was sent. ' +
        'Open the socket with broadcast allowed (--broadcast in socket-lab, "Allow broadcast" in the window\'s Advanced options), or send to one host.\n',
    );
    const lines = result.stdout.trimEnd().split('\n');
    const events = lines.map((l) => JSON.parse(l) as { type: string; direction?: string; problem?: { key: string } });
    expect(events.some((e) => e.type === 'data')).toBe(false);
    expect(events.find((e) => e.type === 'error')?.problem?.key).toBe('broadcastNotEnabled');
  });
});
