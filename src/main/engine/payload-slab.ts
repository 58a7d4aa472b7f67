// How a received payload is kept for the log: small ones copied into a shared slab, big ones kept as
// the Buffer Node handed over (no copy). Measured (node --expose-gc, 400,000 datagrams of 64 B received,
// the newest 215,000 kept): keeping Node's own buffers took 254-264 MiB RSS, a copy each 211-215 MiB,
// copies into 64 KiB slabs 171-180 MiB, at the same CPU per datagram. Node reads each datagram (and
// each TCP read) into a fresh 64 KiB allocation shrunk to the bytes read: kept, it holds that
// allocation's fragment of the malloc heap and a native backing store per row; a slab holds neither.
// A big read fills its allocation, so it is kept as it is. Nothing is shared either way: without
// `onread`, node:net and node:dgram give every read its own memory.

/** Payloads up to this size are copied into a slab; bigger ones are kept as received. */
export const slabPayloadMax = 2048;
/** One slab: freed once the log has dropped every row in it (rows leave in order, so soon). */
const slabBytes = 64 * 1024;

export class PayloadSlab {
  private slab: ArrayBuffer | null = null;
  private used = 0;

  /** The received bytes as the log keeps them: a plain Uint8Array (a Buffer's toJSON would turn
   * the payload into an array of numbers on the web bridge). */
  keep(buf: Uint8Array): Uint8Array {
    const n = buf.byteLength;
    if (n > slabPayloadMax) return new Uint8Array(buf.buffer, buf.byteOffset, n);
    if (this.slab === null || this.used + n > slabBytes) {
      this.slab = new ArrayBuffer(slabBytes);
      this.used = 0;
    }
    const bytes = new Uint8Array(this.slab, this.used, n);
    bytes.set(buf);
    this.used += n;
    return bytes;
  }
}

/** Whether the bytes are a view into a larger buffer (a slab). */
export const isSharedView = (bytes: Uint8Array): boolean => bytes.byteLength !== bytes.buffer.byteLength;

/**
 * The bytes on an ArrayBuffer of their own, for whatever leaves the process: Electron's structured
 * clone copies a view's whole ArrayBuffer, which for a slab would be 64 KiB per small row.
 */
export const ownBuffer = (bytes: Uint8Array): Uint8Array => (isSharedView(bytes) ? bytes.slice() : bytes);
