// socket-lab send and serve with UDP groups and broadcast on loopback (the Python multicast peers,
// socat), a dual-stack [::] server, `socket-lab interfaces`, and every bad value as one line, exit 2.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runToEnd } from '../run-to-end';
import { runClient, startServer } from '../peers/spawn-peer';
import { eventually, expectOneErrorLine, run, serve, useCli } from './run-cli';

useCli();

const freshGroup = (): string =>
  `239.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;

describe('UDP groups from the command line', () => {
  it('serve --join GROUP,127.0.0.1 prints what the Python sender sends to the group', async () => {
    const group = freshGroup();
    const server = await serve([`udp://0.0.0.0:0`, '--join', `${group},127.0.0.1`]);
    await runClient('udp_multicast_sender', [group, String(server.port), 'to the group', '2']);
    await eventually(() => server.output().includes('to the group 2'), 'both datagrams printed');
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Joined the multicast group ${group} (127.0.0.1).`);
    expect(result.stdout).toMatch(/in 127\.0\.0\.1:\d+ 14 bytes: to the group 1\n/);
  });

  it('send to a group with --multicast-if 127.0.0.1 --ttl 1 --multicast-loop on reaches the Python receiver', async () => {
    const group = freshGroup();
    const receiver = await startServer('udp_multicast_receiver', group, 0, 5000, ['1']);
    const result = await run([
      'send',
      `udp://${group}:${receiver.port}`,
      '--text',
      'hello group',
      '--multicast-if',
      '127.0.0.1',
      '--ttl',
      '1',
      '--multicast-loop',
      'on',
      '--wait',
      '0',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    await eventually(() => receiver.stdout().includes('hello group'), 'the receiver to hear it');
    expect(receiver.stdout()).toMatch(/from 127\.0\.0\.1:\d+: hello group\n/);
  });

  it('send --broadcast to 127.255.255.255 reaches a socket on the wildcard; without it, one line and exit 1', async () => {
    const server = await serve(['udp://0.0.0.0:0']);
    const to = `udp://127.255.255.255:${server.port}`;
    const refused = await run(['send', to, '--text', 'no', '--wait', '0']);
    expectOneErrorLine(refused, 1, /^socket-lab: 127\.255\.255\.255:\d+ is a broadcast address, and broadcast is not enabled/);
    const sent = await run(['send', to, '--text', 'to all', '--wait', '0', '--broadcast']);
    expect(sent.code).toBe(0);
    // The wildcard bound for broadcast is said on stderr, once.
    expect(sent.stderr).toBe(
      'socket-lab: No bind address was given, so this socket is bound to 0.0.0.0 (every address of this computer): one bound to 127.0.0.1 or ::1 would hear no group or broadcast traffic.\n',
    );
    await eventually(() => server.output().includes('to all'), 'the broadcast to arrive');
    // And socat's own broadcast is heard the same way.
    const socat = spawn('socat', ['-u', '-', `UDP-DATAGRAM:127.255.255.255:${server.port},broadcast`], { stdio: ['pipe', 'pipe', 'pipe'] });
    socat.stdin.end('socat says hi');
    await runToEnd(socat, 'socat', 5000);
    await eventually(() => server.output().includes('socat says hi'), 'socat broadcast to arrive');
    await server.stop();
  });

  it.each([
    [['send', 'tcp://127.0.0.1:9', '--text', 'x', '--broadcast'], /^socket-lab: --broadcast applies to udp:\/\/ only/],
    [['serve', 'tcp://127.0.0.1:0', '--join', '239.1.2.3'], /^socket-lab: --join applies to udp:\/\/ only/],
    [['serve', 'udp://0.0.0.0:0', '--join', '10.1.2.3'], /^socket-lab: --join 10\.1\.2\.3: "10\.1\.2\.3" is not a multicast group/],
    [
      ['serve', 'udp://0.0.0.0:0', '--join', '239.1.2.3,::1'],
      /^socket-lab: --join 239\.1\.2\.3,::1: The group 239\.1\.2\.3 and the interface address ::1 are of different families/,
    ],
    [
      ['serve', 'udp://0.0.0.0:0', '--join', '239.1.2.3,192.0.2.77'],
      /^socket-lab: --join: 192\.0\.2\.77 is not an address of this computer/,
    ],
    [
      ['serve', 'udp://0.0.0.0:0', '--join', '239.1.2.3,127.0.0.1', '--join', '239.1.2.3,127.0.0.1'],
      /^socket-lab: --join: This socket has already joined 239\.1\.2\.3/,
    ],
    [
      ['serve', 'udp://0.0.0.0:0', '--ttl', '256'],
      /^socket-lab: --ttl: TTL "256" is out of range: use a whole number of hops from 0 to 255/,
    ],
    [['serve', 'udp://0.0.0.0:0', '--ttl', '-1'], /^socket-lab: --ttl: TTL "-1" is out of range/],
    [['serve', 'udp://0.0.0.0:0', '--multicast-loop', 'yes'], /^socket-lab: --multicast-loop must be on or off, not "yes"/],
    [['serve', 'udp://0.0.0.0:0', '--multicast-if', 'eth0'], /^socket-lab: --multicast-if: A local address must be an IP address/],
    [
      ['send', 'udp://127.0.0.1:9', '--text', 'x', '--multicast-if', '192.0.2.77'],
      /^socket-lab: --multicast-if: 192\.0\.2\.77 is not an address of this computer/,
    ],
  ])('%j: one line, exit 2', async (args, message) => {
    expectOneErrorLine(await run(args), 2, message);
  });
});

describe('IPv6 everywhere', () => {
  it('serve tcp://[::]:0 serves an IPv4 and an IPv6 client and prints each peer as it is', async () => {
    const server = await serve(['tcp://[::]:0', '--reply', 'upper']);
    for (const target of [`TCP4:127.0.0.1:${server.port}`, `TCP6:[::1]:${server.port}`]) {
      const socat = spawn('socat', ['-t', '2', '-', target], { stdio: ['pipe', 'pipe', 'pipe'] });
      socat.stdin.end('hi');
      expect((await runToEnd(socat, 'socat', 5000)).stdout).toBe('HI');
    }
    const result = await server.stop();
    expect(result.stdout).toMatch(/accepted 127\.0\.0\.1:\d+ \(c1\)\n/);
    expect(result.stdout).toMatch(/accepted \[::1\]:\d+ \(c2\)\n/);
    expect(result.stdout).not.toContain('::ffff:');
  });

  it('interfaces lists the loopback addresses, as text and as JSON', async () => {
    const text = await run(['interfaces']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^\S+\s+127\.0\.0\.1\s+IPv4\s+loopback\s+multicast$/m);
    expect(text.stdout).toMatch(/^\S+\s+::1\s+IPv6\s+loopback\s+no multicast$/m);
    const json = await run(['interfaces', '--format', 'json']);
    const list = JSON.parse(json.stdout) as {
      address: string;
      family: string;
      internal: boolean;
      multicast: boolean | null;
      name: string;
    }[];
    expect(list).toContainEqual(expect.objectContaining({ address: '127.0.0.1', family: 'IPv4', internal: true, multicast: true }));
    expectOneErrorLine(await run(['interfaces', '--format', 'hex']), 2, /^socket-lab: --format must be text or json, not "hex"/);
  });
});
