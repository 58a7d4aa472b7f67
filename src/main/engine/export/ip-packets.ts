// Synthesized IPv4 / IPv6 packets carrying TCP segments or UDP datagrams, with every checksum computed:
// what the pcapng export writes for each piece of traffic Socket Lab saw (no npm package builds these).

/** An address as the packet carries it: 4 bytes (IPv4) or 16 (IPv6). */
export type IpBytes = Uint8Array;

/** The largest payload one packet carries: a 65,535-byte IP total length minus the IPv4 and TCP headers. */
export const maxTcpPayloadV4 = 65_535 - 20 - 20;
/** IPv6's payload length counts only what follows its 40-byte header: 65,535 minus the TCP header. */
export const maxTcpPayloadV6 = 65_535 - 20;
export const maxUdpPayloadV4 = 65_535 - 20 - 8;
export const maxUdpPayloadV6 = 65_535 - 8;

export const tcpFlags = { fin: 0x01, syn: 0x02, rst: 0x04, psh: 0x08, ack: 0x10 } as const;

/** The host as a packet address: `::ffff:` mapped IPv4 unmapped, an IPv6 zone id (`%eth0`) stripped; null when not an IP literal. */
export function ipBytes(host: string): IpBytes | null {
  let h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const zone = h.indexOf('%');
  if (zone !== -1) h = h.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(h);
  if (mapped) h = mapped[1]!;
  return h.includes(':') ? ipv6Bytes(h) : ipv4Bytes(h);
}

function ipv4Bytes(host: string): IpBytes | null {
  const parts = host.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i]!)) return null;
    const n = Number(parts[i]);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function ipv6Bytes(host: string): IpBytes | null {
  // A trailing dotted quad (::1.2.3.4) is the last two groups: written as hex, the rest is one grammar.
  let text = host;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const v4 = ipv4Bytes(quad[1]!);
    if (!v4) return null;
    const hex = (a: number, b: number): string => ((a << 8) | b).toString(16);
    text = text.slice(0, -quad[1]!.length) + `${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !rest) return null;
  const known = head.length + rest.length;
  if (halves.length === 2 ? known > 7 : known !== 8) return null;
  const all = [...head, ...new Array<number>(8 - known).fill(0), ...rest];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** The one's-complement sum of 16-bit big-endian words, folded; `sum` carries a running total. */
export function onesSum(bytes: Uint8Array, sum = 0): number {
  const n = bytes.length;
  for (let i = 0; i + 1 < n; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (n & 1) sum += bytes[n - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The Internet checksum (RFC 1071) of the bytes. */
export const internetChecksum = (bytes: Uint8Array): number => ~onesSum(bytes) & 0xffff;

/** The TCP / UDP checksum over the pseudo-header and the segment (its checksum field zero). */
function transportChecksum(src: IpBytes, dst: IpBytes, protocol: number, segment: Uint8Array): number {
  let sum = onesSum(src);
  sum = onesSum(dst, sum);
  const length = segment.length;
  if (src.length === 4) sum += protocol + length;
  else sum += (length >>> 16) + (length & 0xffff) + protocol;
  return ~onesSum(segment, sum) & 0xffff;
}

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  payload?: Uint8Array;
}

/** A TCP segment (20-byte header, no options) with its checksum. */
export function tcpSegment(src: IpBytes, dst: IpBytes, s: TcpSegment): Uint8Array {
  const payload = s.payload ?? new Uint8Array(0);
  const out = new Uint8Array(20 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, s.srcPort);
  view.setUint16(2, s.dstPort);
  view.setUint32(4, s.seq >>> 0);
  view.setUint32(8, s.flags & tcpFlags.ack ? s.ack >>> 0 : 0);
  out[12] = 5 << 4;
  out[13] = s.flags;
  view.setUint16(14, s.window);
  out.set(payload, 20);
  view.setUint16(16, transportChecksum(src, dst, 6, out));
  return out;
}

/** A UDP datagram with its checksum; a computed 0 is written 0xffff (0 means "none", an error over IPv6). */
export function udpDatagram(src: IpBytes, dst: IpBytes, srcPort: number, dstPort: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, srcPort);
  view.setUint16(2, dstPort);
  view.setUint16(4, out.length);
  out.set(payload, 8);
  const sum = transportChecksum(src, dst, 17, out);
  view.setUint16(6, sum === 0 ? 0xffff : sum);
  return out;
}

/** The transport segment wrapped in an IPv4 or IPv6 header (by the addresses' length); `id` is IPv4's identification. */
export function ipPacket(src: IpBytes, dst: IpBytes, protocol: 6 | 17, segment: Uint8Array, id: number): Uint8Array {
  if (src.length === 4) {
    const out = new Uint8Array(20 + segment.length);
    const view = new DataView(out.buffer);
    out[0] = 0x45;
    view.setUint16(2, out.length);
    view.setUint16(4, id & 0xffff);
    view.setUint16(6, 0x4000); // don't fragment
    out[8] = 64;
    out[9] = protocol;
    out.set(src, 12);
    out.set(dst, 16);
    view.setUint16(10, internetChecksum(out.subarray(0, 20)));
    out.set(segment, 20);
    return out;
  }
  const out = new Uint8Array(40 + segment.length);
  const view = new DataView(out.buffer);
  out[0] = 0x60;
  view.setUint16(4, segment.length);
  out[6] = protocol;
  out[7] = 64;
  out.set(src, 8);
  out.set(dst, 24);
  out.set(segment, 40);
  return out;
}
