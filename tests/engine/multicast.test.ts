// UDP multicast and broadcast on loopback, against the Python multicast peers and socat, through the
// in-process API (so the contract's checks run as for the window): groups joined at open and while
// open, leaving, TTL / loop / interface options, broadcast refused then allowed, keyed bad input.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/main/commands/api';
import { Engine } from '../../src/main/engine/engine';
import { nodeNetwork, type Network } from '../../src/main/engine/network';
import type { CommandError, Result, SessionInfo, SocketEvent } from '../../src/shared/contract';
import { runToEnd } from '../run-to-end';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';
import { bytesOf, isDataIn, isType, record, sleep, type Recorder } from './helpers';

let engine: Engine;
let api: Api;
let rec: Recorder;
/** Every option call the engine made on a UDP socket, as "name(args)". */
let calls: string[];

/** node:dgram, with a note of each multicast option set on a socket (the system offers no way to read them back). */
const watchedNetwork: Network = {
  ...nodeNetwork,
  createUdpSocket(options) {
    const socket = nodeNetwork.createUdpSocket(options);
    for (const name of ['setMulticastTTL', 'setMulticastLoopback', 'setMulticastInterface', 'setBroadcast'] as const) {
      const real = socket[name].bind(socket) as (arg: never) => unknown;
      (socket as unknown as Record<string, (arg: never) => unknown>)[name] = (arg) => {
        calls.push(`${name}(${String(arg)})`);
        return real(arg);
      };
    }
    return socket;
  },
};

beforeEach(() => {
  calls = [];
  engine = new Engine({ network: watchedNetwork });
  api = createApi(engine);
  rec = record(engine);
});

afterEach(async () => {
  await api.closeAll();
  await stopPeers();
});

/** A 239.x group of this test alone: another test joined on lo would otherwise hear the same port. */
const freshGroup = (): string =>
  `239.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;

const ok = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
};
const refused = <T>(result: Result<T>): CommandError => {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
};
const notices = (sessionId: string): string[] =>
  rec.events
    .filter((e): e is Extract<SocketEvent, { type: 'notice' }> => e.type === 'notice' && e.sessionId === sessionId)
    .map((e) => e.problem.key);

describe('multicast groups on 127.0.0.1', () => {
  it('joins 239.1.2.3 on 127.0.0.1 at open: the wildcard is bound (said in the log) and the Python sender is heard', async () => {
    const session = ok(await api.openSession({ kind: 'udp', port: 0, join: [{ group: '239.1.2.3', iface: '127.0.0.1' }] }));
    expect(session.local?.host).toBe('0.0.0.0');
    expect(session.groups).toEqual([{ group: '239.1.2.3', iface: '127.0.0.1' }]);
    expect(notices(session.id)).toEqual(['boundWildcardForGroups', 'joinedGroup']);

    const run = await runClient('udp_multicast_sender', ['239.1.2.3', String(session.local!.port), 'group hello', '3']);
    expect(run.lines).toEqual(['SENT 3']);
    await rec.until(() => rec.data(session.id, 'in').length === 3, 5000, 'three datagrams from the group');
    expect(rec.text(session.id, 'in')).toBe('group hello 1group hello 2group hello 3');
    expect(rec.data(session.id, 'in')[0]!.peer.host).toBe('127.0.0.1');
  });

  it('joins while open, hears the group, and after leaving hears it no more', async () => {
    const group = freshGroup();
    const session = ok(await api.openSession({ kind: 'udp', host: '0.0.0.0', port: 0 }));
    const port = String(session.local!.port);
    const joined = ok(await api.joinGroup({ sessionId: session.id, group, iface: '127.0.0.1' }));
    expect(joined.groups).toEqual([{ group, iface: '127.0.0.1' }]);
    await runClient('udp_multicast_sender', [group, port, 'in', '2']);
    await rec.until(() => rec.data(session.id, 'in').length === 2, 5000, 'two datagrams while joined');

    const left = ok(await api.leaveGroup({ sessionId: session.id, group, iface: '127.0.0.1' }));
    expect(left.groups).toEqual([]);
    expect(notices(session.id)).toEqual(['joinedGroup', 'leftGroup']);
    await runClient('udp_multicast_sender', [group, port, 'out', '2']);
    await sleep(300);
    expect(rec.data(session.id, 'in')).toHaveLength(2);
  });

  it('sends to a group the Python receiver joined: --multicast-if 127.0.0.1, --ttl and loop applied', async () => {
    const group = freshGroup();
    const receiver = await startServer('udp_multicast_receiver', group, 0, 5000, ['2']);
    const session = ok(
      await api.openSession({ kind: 'udp', host: '0.0.0.0', port: 0, multicastIf: '127.0.0.1', ttl: 1, multicastLoop: true }),
    );
    expect(calls).toEqual(['setMulticastTTL(1)', 'setMulticastLoopback(true)', 'setMulticastInterface(127.0.0.1)']);
    for (const text of ['to the group', 'again'])
      ok(await api.send({ sessionId: session.id, bytes: bytesOf(text), to: { kind: 'peer', host: group, port: receiver.port } }));
    const me = `127.0.0.1:${session.local!.port}`;
    await rec.until(() => receiver.stdout().includes('again'), 5000, 'the receiver to print both');
    expect(receiver.stdout()).toContain(`from ${me}: to the group\nfrom ${me}: again\n`);
  });

  it('applies --multicast-loop off and --broadcast (lo delivers its own traffic anyway, so the flag is read from the socket calls)', async () => {
    const session = ok(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, multicastLoop: false, broadcast: true }));
    expect(calls).toEqual(['setBroadcast(true)', 'setMulticastLoopback(false)']);
    expect(session.broadcast).toBe(true);
  });

  it('says each bad input where it was typed, keyed', async () => {
    const bad = async (request: Parameters<Api['openSession']>[0]) => refused(await api.openSession(request));
    expect(await bad({ kind: 'udp', port: 0, join: [{ group: '10.1.2.3' }] })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'join.0.group',
      problem: { key: 'multicastNotGroup' },
    });
    expect(await bad({ kind: 'udp', port: 0, join: [{ group: '239.1.2.3', iface: '::1' }] })).toMatchObject({
      field: 'join.0.iface',
      problem: { key: 'multicastInterfaceFamily' },
    });
    expect(await bad({ kind: 'udp', port: 0, ttl: 256 })).toMatchObject({ field: 'ttl', problem: { key: 'multicastTtlRange' } });
    expect(
      await bad({
        kind: 'udp',
        port: 0,
        join: [
          { group: '239.1.2.3', iface: '127.0.0.1' },
          { group: '239.1.2.3', iface: '127.0.0.1' },
        ],
      }),
    ).toMatchObject({
      field: 'join.1.group',
      problem: { key: 'multicastAlreadyJoined' },
    });
    // 192.0.2.77 is a documentation address: on no machine.
    expect(await bad({ kind: 'udp', port: 0, join: [{ group: '239.1.2.3', iface: '192.0.2.77' }] })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'join.0.iface',
      problem: { key: 'multicastInterfaceNotHere' },
    });
    expect(await bad({ kind: 'udp', port: 0, multicastIf: '192.0.2.77' })).toMatchObject({
      field: 'multicastIf',
      problem: { key: 'multicastInterfaceNotHere' },
    });
    expect(engine.list()).toEqual([]); // nothing kept of a refused open

    const session = ok(await api.openSession({ kind: 'udp', host: '0.0.0.0', port: 0 }));
    const group = freshGroup();
    ok(await api.joinGroup({ sessionId: session.id, group, iface: '127.0.0.1' }));
    expect(refused(await api.joinGroup({ sessionId: session.id, group, iface: '127.0.0.1' }))).toMatchObject({
      field: 'group',
      problem: { key: 'multicastAlreadyJoined', params: { group: `${group} (127.0.0.1)` } },
    });
    expect(refused(await api.leaveGroup({ sessionId: session.id, group: '239.9.9.9', iface: '127.0.0.1' }))).toMatchObject({
      field: 'group',
      problem: { key: 'multicastNotJoined' },
    });
    expect(refused(await api.joinGroup({ sessionId: session.id, group: 'ff02::1', iface: '::1' }))).toMatchObject({
      field: 'group',
      problem: { key: 'multicastFamily' },
    });
    expect(refused(await api.joinGroup({ sessionId: session.id, group: '224.0.0.300' }))).toMatchObject({ field: 'group' });
    const server = ok(await api.openSession({ kind: 'tcp-server', host: '127.0.0.1', port: 0 }));
    expect(refused(await api.joinGroup({ sessionId: server.id, group, iface: '127.0.0.1' }))).toMatchObject({
      problem: { key: 'multicastOnlyUdp' },
    });
  });

  it('a socket bound to 127.0.0.1 that joins a group says in the log that it will not hear it', async () => {
    const session = ok(
      await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, join: [{ group: freshGroup(), iface: '127.0.0.1' }] }),
    );
    expect(notices(session.id)).toEqual(['loopbackHearsNoGroups', 'joinedGroup']);
  });
});

/** Whether IPv6 multicast runs on the loopback interface here (on Linux it does not: ENETUNREACH). */
async function ipv6LoopbackMulticast(): Promise<boolean> {
  const socket = dgram.createSocket('udp6');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '::', () => resolve());
    });
    socket.setMulticastInterface('::%lo');
    await new Promise<void>((resolve, reject) => socket.send('probe', 9, 'ff02::1:3', (err) => (err ? reject(err) : resolve())));
    return true;
  } catch {
    return false;
  } finally {
    socket.close();
  }
}
const ipv6Multicast = await ipv6LoopbackMulticast();

describe('IPv6 multicast on ::1', () => {
  it.skipIf(!ipv6Multicast)(
    'joins ff05::1:3 on ::1 and hears its own datagram (skipped: IPv6 multicast does not run on lo here)',
    async () => {
      const session = ok(
        await api.openSession({
          kind: 'udp',
          port: 0,
          join: [{ group: 'ff05::1:3', iface: '::1' }],
          multicastIf: '::1',
          multicastLoop: true,
        }),
      );
      ok(
        await api.send({
          sessionId: session.id,
          bytes: bytesOf('v6 group'),
          to: { kind: 'peer', host: 'ff05::1:3', port: session.local!.port },
        }),
      );
      await rec.waitFor(isDataIn(session.id, 'v6 group'));
    },
  );

  it('an IPv6 group without a bind address binds ::', async () => {
    const result = await api.openSession({ kind: 'udp', port: 0, multicastIf: '::1' });
    expect(ok(result).local?.host).toBe('::');
  });
});

describe('broadcast on the loopback broadcast address 127.255.255.255', () => {
  it('is refused without --broadcast and sent with it; socat broadcasting is heard on the wildcard', async () => {
    const listener = ok(await api.openSession({ kind: 'udp', port: 0, broadcast: true }));
    expect(listener.local?.host).toBe('0.0.0.0');
    expect(listener.broadcast).toBe(true);
    expect(notices(listener.id)).toEqual(['boundWildcardForGroups']);
    const to = { kind: 'peer' as const, host: '127.255.255.255', port: listener.local!.port };

    const plain = ok(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0 }));
    expect(refused(await api.send({ sessionId: plain.id, bytes: bytesOf('no'), to }))).toMatchObject({
      code: 'EACCES',
      field: 'host',
      problem: { key: 'broadcastNotEnabled' },
    });

    const sender = ok(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0, broadcast: true }));
    ok(await api.send({ sessionId: sender.id, bytes: bytesOf('to everyone'), to }));
    await rec.waitFor(isDataIn(listener.id, 'to everyone'));

    const socat = spawn('socat', ['-u', '-', `UDP-DATAGRAM:127.255.255.255:${listener.local!.port},broadcast`], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    socat.stdin.end('from socat');
    expect((await runToEnd(socat, 'socat broadcast', 5000)).code).toBe(0);
    await rec.waitFor(isDataIn(listener.id, 'from socat'));
  });
});

describe('a dual-stack UDP socket on [::]', () => {
  it('hears an IPv4 and an IPv6 peer, shows the IPv4 one unmapped, and answers both', async () => {
    const session: SessionInfo = ok(await api.openSession({ kind: 'udp', host: '::', port: 0, autoReply: { mode: 'upper' } }));
    const port = String(session.local!.port);
    for (const [family, host] of [
      ['UDP4', '127.0.0.1'],
      ['UDP6', '[::1]'],
    ] as const) {
      const socat = spawn('socat', ['-t', '1', '-', `${family}-DATAGRAM:${host}:${port}`], { stdio: ['pipe', 'pipe', 'pipe'] });
      socat.stdin.write(`hi ${family}`);
      const run = runToEnd(socat, 'socat', 5000);
      await rec.waitFor(isDataIn(session.id, `hi ${family}`));
      await rec.until(
        () => rec.data(session.id, 'out').some((e) => new TextDecoder().decode(e.bytes) === `HI ${family}`),
        3000,
        'the reply',
      );
      socat.stdin.end();
      expect((await run).stdout).toBe(`HI ${family}`);
    }
    const peers = rec.data(session.id, 'in').map((e) => e.peer.host);
    expect(peers).toEqual(['127.0.0.1', '::1']);
    expect(rec.events.filter(isType('error'))).toEqual([]);
  });
});
