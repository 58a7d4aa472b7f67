// pcapng blocks (little-endian): a section header with a comment, one raw-IP interface with
// nanosecond timestamps, and enhanced packet blocks with optional comments. Wireshark, tshark and
// tcpdump read them; no npm package writes pcapng, and these three blocks are all an export needs.

/** LINKTYPE_RAW: each packet starts at its IPv4 or IPv6 header, told apart by the version nibble. */
export const linktypeRaw = 101;

const optEnd = 0;
const optComment = 1;
const shbUserAppl = 4;
const ifTsresol = 9;

const utf8 = new TextEncoder();
const pad4 = (n: number): number => (n + 3) & ~3;

/** One option: code, length, value padded to 4 bytes. */
function option(code: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + pad4(value.length));
  const view = new DataView(out.buffer);
  view.setUint16(0, code, true);
  view.setUint16(2, value.length, true);
  out.set(value, 4);
  return out;
}

/** The options of a block, ended by opt_endofopt; none at all is no bytes. */
function options(list: Uint8Array[]): Uint8Array {
  if (list.length === 0) return new Uint8Array(0);
  return concat([...list, option(optEnd, new Uint8Array(0))]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A block: type, total length, body, total length again. */
function block(type: number, body: Uint8Array): Uint8Array {
  const length = 12 + body.length;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, length, true);
  out.set(body, 8);
  view.setUint32(length - 4, length, true);
  return out;
}

/** A comment's UTF-8 bytes, cut to what an option length (16 bits) holds. */
const commentBytes = (text: string): Uint8Array => {
  const bytes = utf8.encode(text);
  return bytes.length <= 0xfff0 ? bytes : bytes.subarray(0, 0xfff0);
};

/** The section header block: byte-order magic, version 1.0, unknown section length, a comment and the writing application. */
export function sectionHeader(comment: string, application: string): Uint8Array {
  const fixed = new Uint8Array(16);
  const view = new DataView(fixed.buffer);
  view.setUint32(0, 0x1a2b3c4d, true);
  view.setUint16(4, 1, true);
  view.setUint16(6, 0, true);
  view.setInt32(8, -1, true);
  view.setInt32(12, -1, true);
  return block(
    0x0a0d0d0a,
    concat([fixed, options([option(optComment, commentBytes(comment)), option(shbUserAppl, utf8.encode(application))])]),
  );
}

/** The one interface: raw IP, no snap length limit, timestamps in nanoseconds (if_tsresol = 9). */
export function interfaceDescription(): Uint8Array {
  const fixed = new Uint8Array(8);
  const view = new DataView(fixed.buffer);
  view.setUint16(0, linktypeRaw, true);
  view.setUint32(4, 0, true);
  return block(0x00000001, concat([fixed, options([option(ifTsresol, Uint8Array.of(9))])]));
}

/** An enhanced packet block on interface 0: the packet whole, at `timeNs` since the epoch, with an optional comment. */
export function enhancedPacket(timeNs: bigint, packet: Uint8Array, comment?: string): Uint8Array {
  const head = new Uint8Array(20);
  const view = new DataView(head.buffer);
  view.setUint32(0, 0, true);
  view.setUint32(4, Number(timeNs >> 32n), true);
  view.setUint32(8, Number(timeNs & 0xffffffffn), true);
  view.setUint32(12, packet.length, true);
  view.setUint32(16, packet.length, true);
  const data = new Uint8Array(pad4(packet.length));
  data.set(packet);
  const opts = comment === undefined ? new Uint8Array(0) : options([option(optComment, commentBytes(comment))]);
  return block(0x00000006, concat([head, data, opts]));
}
