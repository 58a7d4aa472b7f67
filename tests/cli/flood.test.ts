// socket-lab flood: exact counts at a real receiver, a target rate, TCP against a slow reader (bounded memory), Ctrl+C, and one-line refusals.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runToEnd } from '../run-to-end';
import { eventually, expectOneErrorLine, freePort, root, run, useCli } from './run-cli';
import { udpCounterReceiver } from '../udp-counter-receiver';

useCli();

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const udpReceiver = (host: string) => udpCounterReceiver(host, closers);

const summaryLine = /^summary: in 0 messages 0 bytes, out (\d+) messages (\d+) bytes, rate (\d+)\/s, errors (\d+)\n$/;
const liveLine = /^flood: \d+\.\d s, out \d+ messages \d+ bytes, rate \d+\/s, errors 0$/;

describe('socket-lab flood over UDP', () => {
  it.each(['127.0.0.1', '::1'])('sends exactly --count counter datagrams to a receiver on %s, each numbered once', async (host) => {
    const receiver = await udpReceiver(host);
    const url = host.includes(':') ? `udp://[${host}]:${receiver.port}` : `udp://${host}:${receiver.port}`;
    // Paced, so that a receiver in a busy test process drops nothing: every datagram sent must arrive.
    const result = await run(['flood', url, '--size', '64', '--count', '5000', '--rate', '5000', '--payload', 'counter']);
    expect(result.code).toBe(0);
    const m = summaryLine.exec(result.stdout);
    expect(m, result.stdout).not.toBeNull();
    expect(m!.slice(1, 2).concat(m!.slice(2, 3), m!.slice(4, 5))).toEqual(['5000', '320000', '0']);
    await eventually(() => receiver.seqs.length === 5000, 'the receiver to get 5000 datagrams');
    expect(new Set(receiver.seqs).size).toBe(5000);
    expect(Math.min(...receiver.seqs)).toBe(0);
    expect(Math.max(...receiver.seqs)).toBe(4999);
    expect(receiver.bytes()).toBe(320_000);
  });

  it('holds --rate 2000: 2,000 sent in no less than a second, and --duration stops at rate x duration', async () => {
    const receiver = await udpReceiver('127.0.0.1');
    const started = Date.now();
    const result = await run(['flood', `udp://127.0.0.1:${receiver.port}`, '--size', '100', '--rate', '2000', '--count', '2000']);
    const seconds = (Date.now() - started) / 1000;
    expect(result.code).toBe(0);
    expect(Number(summaryLine.exec(result.stdout)?.[1])).toBe(2000);
    // Never ahead of the rate (message k leaves k / rate s after the start); bounded, a loaded machine being slower.
    expect(seconds).toBeGreaterThanOrEqual(0.95);
    expect(seconds).toBeLessThan(15);
    await eventually(() => receiver.seqs.length === 2000, 'every datagram sent to arrive');

    const timed = await run(['flood', `udp://127.0.0.1:${receiver.port}`, '--size', '100', '--rate', '2000', '--duration', '0.5']);
    expect(timed.code).toBe(0);
    const sent = Number(summaryLine.exec(timed.stdout)?.[1]);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(1000);
    await eventually(() => receiver.seqs.length === 2000 + sent, 'every datagram sent to arrive');
  });

  it('stops on Ctrl+C with its summary, and the receiver got exactly what it says', async () => {
    const receiver = await udpReceiver('127.0.0.1');
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'bin', 'socket-lab.js'),
        'flood',
        `udp://127.0.0.1:${receiver.port}`,
        '--size',
        '32',
        '--rate',
        '1000',
        '--payload',
        'counter',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    closers.push(() => child.kill('SIGKILL'));
    const finished = runToEnd(child, 'socket-lab flood', 10_000);
    await eventually(() => receiver.seqs.length >= 300, 'some datagrams to arrive');
    child.kill('SIGINT');
    const result = await finished;
    expect(result.code).toBe(0);
    const sent = Number(summaryLine.exec(result.stdout)?.[1]);
    expect(sent).toBeGreaterThanOrEqual(300);
    await eventually(() => receiver.seqs.length === sent, 'every datagram counted to arrive');
    expect(new Set(receiver.seqs).size).toBe(sent);
  });
});

/** Resident memory of a running process, in bytes (Linux /proc), or 0 once it is gone. */
function rssOf(child: ChildProcess): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

describe('socket-lab flood over TCP', () => {
  it('waits for a slow reader (backpressure): memory stays bounded, and the reader gets what the summary counts', async () => {
    let received = 0;
    let slow: NodeJS.Timeout | undefined;
    const peers: net.Socket[] = [];
    const server = net.createServer((socket) => {
      peers.push(socket);
      socket.on('error', () => undefined);
      socket.pause();
      // About 1 MiB a second: far slower than the flood could write.
      slow = setInterval(() => {
        for (let taken = 0, chunk: Buffer | null; taken < 64 * 1024 && (chunk = socket.read() as Buffer | null) !== null;) {
          taken += chunk.length;
          received += chunk.length;
        }
      }, 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    closers.push(() => {
      clearInterval(slow);
      for (const p of peers) p.destroy();
      server.close();
    });
    const port = (server.address() as net.AddressInfo).port;
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'bin', 'socket-lab.js'),
        'flood',
        `tcp://127.0.0.1:${port}`,
        '--size',
        '1024',
        '--duration',
        '2',
        '--payload',
        'counter',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    closers.push(() => child.kill('SIGKILL'));
    const finished = runToEnd(child, 'socket-lab flood', 15_000);
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child))), 100);
    const result = await finished;
    clearInterval(sampler);
    expect(result.code).toBe(0);
    // Without waiting for 'drain' two seconds of writes would take gigabytes; Node itself takes about 50 MB.
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(200 * 1024 * 1024);
    const m = summaryLine.exec(result.stdout);
    expect(m, result.stdout).not.toBeNull();
    const [messages, bytes] = [Number(m![1]), Number(m![2])];
    expect(bytes).toBe(messages * 1024);
    expect(bytes).toBeGreaterThan(0);
    // The live line came once a second on stderr.
    expect(
      result.stderr
        .split('\n')
        .filter((l) => l !== '')
        .every((l) => liveLine.test(l)),
    ).toBe(true);
    expect(result.stderr).toMatch(/^flood: /);
    // Everything the system took reaches the reader, once it reads at full speed. A write is counted
    // when the kernel has taken all of it: one cut short by the close at the end (the reader was slow)
    // is not counted though part of it left, so the reader may get up to one write (64 KiB) more.
    clearInterval(slow!);
    for (const p of peers) p.on('data', (d: Buffer) => (received += d.length)).resume();
    await eventually(
      () => received >= bytes && peers.every((p) => p.readableEnded),
      `the reader to get ${bytes} bytes (has ${received})`,
      10_000,
    );
    expect(received - bytes).toBeLessThan(64 * 1024);
  });

  it('exits 1 with one line when nothing listens', async () => {
    const port = await freePort();
    const result = await run(['flood', `tcp://127.0.0.1:${port}`, '--size', '10', '--count', '1']);
    expectOneErrorLine(result, 1, `socket-lab: Nothing is listening on 127.0.0.1:${port} (connection refused).`);
  });
});

describe('socket-lab flood options', () => {
  it.each([
    [['udp://127.0.0.1:9', '--count', '5'], /give the size/],
    [['udp://127.0.0.1:9', '--size', '0'], /--size must be a whole number from 1 to 16777216, not "0"/],
    [['udp://127.0.0.1:9', '--size', 'big'], /--size must be a whole number/],
    [['udp://127.0.0.1:9', '--size', '70000'], /--size: A UDP datagram over IPv4 carries at most 65,507 bytes/],
    [['udp://127.0.0.1:9', '--size', '4', '--payload', 'counter'], /--size must be at least 8 with --payload counter/],
    [['udp://127.0.0.1:9', '--size', '64', '--payload', 'noise'], /--payload must be text, hex or counter, not "noise"/],
    [['udp://127.0.0.1:9', '--size', '64', '--payload', 'hex'], /--payload hex needs --hex BYTES/],
    [['udp://127.0.0.1:9', '--size', '64', '--hex', 'zz'], /--hex: "z" at position 1 is not a hex digit/],
    [['udp://127.0.0.1:9', '--size', '64', '--rate', '0'], /--rate must be a whole number from 1 to 1000000, not "0"/],
    [['udp://127.0.0.1:9', '--size', '64', '--count', '-5'], /--count must be a whole number from 1/],
    [['udp://127.0.0.1:9', '--size', '64', '--duration', 'soon'], /--duration must be a number of seconds/],
    [['udp://127.0.0.1:9', '--size', '64', '--count', '5', '--duration', '1'], /give --count or --duration, not both/],
    [['ftp://127.0.0.1:9', '--size', '64'], /./],
    [['--size', '64'], /give an address/],
  ])('refuses %j with one line and exit status 2', async (args, message) => {
    const result = await run(['flood', ...args]);
    expectOneErrorLine(result, 2, new RegExp(`^socket-lab: .*${message.source}`));
  });
});
