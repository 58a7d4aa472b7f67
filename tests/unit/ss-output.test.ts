// Reading `ss -t -n -i -o -a` (the lab's OS view): its text as captured once, and its text now from real
// loopback sockets this test opens, so a change in ss's columns shows up here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionPorts, ssArguments } from '../../src/main/engine/os-sockets/os-sockets';
import { durationMs, parseSsOutput, portOf } from '../../src/main/engine/os-sockets/ss-output';
import { rfcNameOfSsState } from '../../src/shared/os-sockets';

// Captured from `ss -t -n -i -o -a '( sport = :47833 or dport = :47833 )'` (iproute2 6.1) with a client that sent 100 bytes.
const captured = [
  'State      Recv-Q Send-Q Local Address:Port  Peer Address:Port Process',
  'LISTEN     0      128        127.0.0.1:47833      0.0.0.0:*    ',
  '\t bbr cwnd:10',
  'ESTAB      100    0          127.0.0.1:47833    127.0.0.1:51574',
  '\t bbr wscale:10,10 rto:200 rtt:0.022/0.011 ato:40 mss:32768 cwnd:10 bytes_received:100 segs_out:1 segs_in:3 minrtt:0.022',
  'ESTAB      0      0          127.0.0.1:51574    127.0.0.1:47833',
  '\t cubic wscale:7,7 rto:204 rtt:1.5/0.75 mss:32768 cwnd:10 retrans:0/3 bytes_sent:100 bytes_acked:101',
  'TIME-WAIT  0      0          127.0.0.1:51570    127.0.0.1:47833 timer:(timewait,59sec,0)',
  '\t            ',
  'LISTEN     1      128            [::1]:56729         [::]:*    ',
  '\t bbr cwnd:10 unacked:1',
  '',
].join('\n');

describe("reading ss's output", () => {
  it('reads states, queues, addresses, RTT, retransmits and timers', () => {
    const rows = parseSsOutput(captured, [47833]);
    expect(rows.map((r) => r.state)).toEqual(['LISTEN', 'ESTAB', 'ESTAB', 'TIME-WAIT', 'LISTEN']);
    expect(rows[0]).toMatchObject({
      local: '127.0.0.1:47833',
      peer: '0.0.0.0:*',
      localPort: 47833,
      peerPort: null,
      recvQ: 0,
      sendQ: 128,
      mine: true,
    });
    expect(rows[1]).toMatchObject({ recvQ: 100, rttMs: 0.022, retransmits: 0, peerPort: 51574, mine: true, timer: null });
    expect(rows[2]).toMatchObject({ localPort: 51574, rttMs: 1.5, retransmits: 3, mine: false });
    expect(rows[3]).toMatchObject({
      localPort: 51570,
      rttMs: null,
      retransmits: null,
      timer: { name: 'timewait', ms: 59_000 },
      mine: false,
    });
    expect(rows[4]).toMatchObject({ local: '[::1]:56729', localPort: 56729, recvQ: 1 });
  });

  it('reads one-line output (ss -O) and leaves out lines of another shape', () => {
    const rows = parseSsOutput(
      [
        'ESTAB 0 12 127.0.0.1:5000 127.0.0.1:40000 timer:(on,200ms,0) cubic rtt:0.5/0.25 retrans:1/2',
        'garbage line',
        'ESTAB x 0 127.0.0.1:5000 127.0.0.1:40001',
      ].join('\n'),
      [5000],
    );
    expect(rows).toEqual([
      {
        state: 'ESTAB',
        local: '127.0.0.1:5000',
        peer: '127.0.0.1:40000',
        localPort: 5000,
        peerPort: 40000,
        recvQ: 0,
        sendQ: 12,
        rttMs: 0.5,
        retransmits: 2,
        timer: { name: 'on', ms: 200 },
        mine: true,
      },
    ]);
  });

  it('reads ports and durations as ss writes them', () => {
    expect(portOf('127.0.0.1%lo:5000')).toBe(5000);
    expect(portOf('[::ffff:127.0.0.1]:80')).toBe(80);
    expect(portOf('*:*')).toBeNull();
    expect(portOf('1.2.3.4:99999')).toBeNull();
    expect(durationMs('8.512ms')).toBeCloseTo(8.512);
    expect(durationMs('1min23sec')).toBe(83_000);
    expect(durationMs('soon')).toBeNull();
    expect(rfcNameOfSsState('ESTAB')).toBe('ESTABLISHED');
    expect(rfcNameOfSsState('FIN-WAIT-2')).toBe('FIN_WAIT_2');
    expect(rfcNameOfSsState('SYN-RECV')).toBe('SYN_RECEIVED');
  });

  it("asks ss for the session's ports only, with fixed arguments", () => {
    expect(sessionPorts({ local: { host: '127.0.0.1', port: 5000 }, connections: [] })).toEqual([5000]);
    expect(ssArguments([5000, 40001])).toEqual([
      '-t',
      '-n',
      '-i',
      '-o',
      '-a',
      '(',
      'sport',
      '=',
      ':5000',
      'or',
      'dport',
      '=',
      ':5000',
      'or',
      'sport',
      '=',
      ':40001',
      'or',
      'dport',
      '=',
      ':40001',
      ')',
    ]);
    expect(() => ssArguments([0])).toThrow();
  });
});

const ss = ['/usr/bin/ss', '/usr/sbin/ss', '/bin/ss', '/sbin/ss'].find((p) => existsSync(p));
const opened: net.Socket[] = [];
let listener: net.Server | null = null;
afterEach(async () => {
  for (const s of opened.splice(0)) s.destroy();
  await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
  listener = null;
});

describe.skipIf(process.platform !== 'linux' || !ss)('reading what ss prints now, about real loopback sockets', () => {
  it('finds the listener and both ends of a connection, with unread bytes in the receive queue', async () => {
    const accepted = new Promise<net.Socket>((resolve) => {
      listener = net.createServer((s) => {
        s.pause(); // leave the bytes in the kernel: Recv-Q shows them
        opened.push(s);
        resolve(s);
      });
    });
    await new Promise<void>((resolve) => listener!.listen(0, '127.0.0.1', resolve));
    const port = (listener!.address() as net.AddressInfo).port;
    const client = net.connect(port, '127.0.0.1');
    opened.push(client);
    await new Promise((resolve) => client.once('connect', resolve));
    await accepted;
    client.write('x'.repeat(100));
    let rows = parseSsOutput('', [port]);
    for (let tries = 0; tries < 40; tries++) {
      rows = parseSsOutput(execFileSync(ss!, ssArguments([port]), { encoding: 'utf8', timeout: 2000 }), [port]);
      if (rows.some((r) => r.state === 'ESTAB' && r.mine && r.recvQ === 100)) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(rows.find((r) => r.state === 'LISTEN')).toMatchObject({ localPort: port, mine: true, peerPort: null });
    expect(rows.find((r) => r.state === 'ESTAB' && r.mine)).toMatchObject({ recvQ: 100, peerPort: client.localPort });
    const clientEnd = rows.find((r) => r.state === 'ESTAB' && !r.mine);
    expect(clientEnd).toMatchObject({ localPort: client.localPort, peerPort: port, sendQ: 0 });
    expect(clientEnd?.rttMs).toBeGreaterThan(0);
  });
});
