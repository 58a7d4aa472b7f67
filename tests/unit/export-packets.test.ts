// The pcapng export's packet layer: checksums against known vectors, addresses as packets carry
// them, UDP's computed zero written 0xffff, segments split at the IP size limits, CSV quoting.
import { describe, expect, it } from 'vitest';
import type { SocketEvent } from '../../src/shared/contract';
import { ConversationSynthesizer } from '../../src/main/engine/export/conversation';
import { csvField, exportFormatOf } from '../../src/main/engine/export/formats';
import { internetChecksum, ipBytes, ipPacket, onesSum, udpDatagram } from '../../src/main/engine/export/ip-packets';
import { enhancedPacket, sectionHeader } from '../../src/main/engine/export/pcapng';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

describe('checksums', () => {
  it('sums the RFC 1071 example to 0xddf2, checksum 0x220d', () => {
    const bytes = hex('0001 f203 f4f5 f6f7');
    expect(onesSum(bytes)).toBe(0xddf2);
    expect(internetChecksum(bytes)).toBe(0x220d);
  });

  it('gives the well-known IPv4 header its checksum 0xb861', () => {
    expect(internetChecksum(hex('4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7'))).toBe(0xb861);
  });

  it('writes IPv4 headers that check to zero', () => {
    const packet = ipPacket(ipBytes('10.0.0.1')!, ipBytes('10.0.0.2')!, 17, new Uint8Array(12), 7);
    expect(internetChecksum(packet.subarray(0, 20))).toBe(0);
  });

  it('writes a UDP checksum that computes to 0 as 0xffff, over IPv6 as over IPv4', () => {
    const src = ipBytes('::1')!;
    const dst = ipBytes('::1')!;
    // Find a 2-byte payload whose checksum computes to zero: the field must then say 0xffff.
    const probe = udpDatagram(src, dst, 1000, 2000, Uint8Array.of(0, 0));
    const sum = new DataView(probe.buffer).getUint16(6);
    const payload = Uint8Array.of(sum >> 8, sum & 0xff); // adding the checksum itself makes the sum 0xffff
    const datagram = udpDatagram(src, dst, 1000, 2000, payload);
    expect(new DataView(datagram.buffer).getUint16(6)).toBe(0xffff);
  });
});

describe('addresses', () => {
  it('unmaps ::ffff: addresses, strips zone ids and parses the short forms', () => {
    expect([...ipBytes('::ffff:127.0.0.1')!]).toEqual([127, 0, 0, 1]);
    expect(ipBytes('fe80::1%eth0')).toEqual(ipBytes('fe80::1'));
    expect([...ipBytes('::1')!]).toEqual([...new Array<number>(15).fill(0), 1]);
    expect(Buffer.from(ipBytes('2001:db8::8:800:200c:417a')!).toString('hex')).toBe('20010db80000000000080800200c417a');
    expect(Buffer.from(ipBytes('::1.2.3.4')!).toString('hex')).toBe('00000000000000000000000001020304');
    expect(ipBytes('localhost')).toBeNull();
    expect(ipBytes('1:2:3:4:5:6:7:8:9')).toBeNull();
  });
});

describe('the conversation', () => {
  const base = { sessionId: 's1', time: 1_700_000_000_000 };
  const run = (host: string, bytes: number): { lengths: number[]; flags: number[] } => {
    const packets: Uint8Array[] = [];
    const synth = new ConversationSynthesizer({ transport: 'tcp', client: false, local: { host, port: 80 } }, (_t, p) => packets.push(p));
    const peer = { host, port: 5000 };
    const events: SocketEvent[] = [
      { ...base, type: 'accepted', connectionId: 'c1', local: { host, port: 80 }, peer },
      { ...base, type: 'data', direction: 'in', connectionId: 'c1', peer, bytes: new Uint8Array(0) },
      { ...base, type: 'data', direction: 'in', connectionId: 'c1', peer, bytes: new Uint8Array(bytes) },
      { ...base, type: 'closed', connectionId: 'c1', peer, reason: 'reset' },
    ];
    for (const e of events) synth.event(e);
    const v4 = host.includes('.');
    return {
      lengths: packets.map((p) => p.length - (v4 ? 40 : 60)),
      flags: packets.map((p) => p[(v4 ? 20 : 40) + 13]!),
    };
  };

  it('a reset we sent (closed how reset) is one RST from our side, not FINs', () => {
    const packets: Uint8Array[] = [];
    const synth = new ConversationSynthesizer({ transport: 'tcp', client: false, local: { host: '127.0.0.1', port: 80 } }, (_t, p) =>
      packets.push(p),
    );
    const peer = { host: '127.0.0.1', port: 5000 };
    synth.event({ ...base, type: 'accepted', connectionId: 'c1', local: { host: '127.0.0.1', port: 80 }, peer });
    const before = packets.length;
    synth.event({ ...base, type: 'closed', connectionId: 'c1', peer, reason: 'local', how: 'reset' });
    const last = packets.slice(before);
    expect(last).toHaveLength(1);
    expect(last[0]![20 + 13]! & 0x04).toBe(0x04); // RST
    expect([...last[0]!.subarray(12, 16)]).toEqual([127, 0, 0, 1]);
    expect((last[0]![20]! << 8) | last[0]![21]!).toBe(80); // from our port
  });

  it('splits data at 65,495 bytes over IPv4 and 65,515 over IPv6, acknowledging each segment, and skips empty writes', () => {
    const v4 = run('127.0.0.1', 200_000);
    expect(v4.lengths.filter((n) => n > 0)).toEqual([65_495, 65_495, 65_495, 200_000 - 3 * 65_495]);
    const v6 = run('::1', 200_000);
    expect(v6.lengths.filter((n) => n > 0)).toEqual([65_515, 65_515, 65_515, 200_000 - 3 * 65_515]);
    // SYN, SYN-ACK, ACK, then segment / ACK pairs, then one RST-ACK.
    expect(v4.flags).toEqual([0x02, 0x12, 0x10, ...Array.from({ length: 4 }, () => [0x18, 0x10]).flat(), 0x14]);
  });
});

describe('files', () => {
  it('picks the format by the extension, any case', () => {
    expect(exportFormatOf('a.PCAPNG')).toBe('pcapng');
    expect(exportFormatOf('a.b.csv')).toBe('csv');
    expect(exportFormatOf('a.pcap')).toBeNull();
    expect(exportFormatOf('noext')).toBeNull();
  });

  it('quotes CSV fields as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('pads pcapng blocks to 4 bytes and repeats their length at the end', () => {
    for (const b of [sectionHeader('made up', 'Socket Lab'), enhancedPacket(123n, new Uint8Array(5), 'note')]) {
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      expect(b.length % 4).toBe(0);
      expect(view.getUint32(4, true)).toBe(b.length);
      expect(view.getUint32(b.length - 4, true)).toBe(b.length);
    }
  });
});
