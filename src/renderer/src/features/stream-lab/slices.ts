// The sender's plan: which writes the chips become. Each chip one write, or all in one; a chip's "slicer"
// positions cut it into more writes at those byte offsets (UTF-8 bytes, as they go on the wire).
import { encodeText } from '../../../../shared/codec';

export type SendMode = 'each' | 'all';

/** Why a chip's split positions cannot be used: their allowed range (1 .. bytes - 1), or null when fine. */
export type SliceProblem = { max: number } | null;

export type WritePlan = { ok: true; writes: Uint8Array[] } | { ok: false; problems: SliceProblem[] };

/** "2" or "1, 3": whole byte offsets inside the chip, increasing; empty: no cut. */
export function parseSlice(text: string, length: number): number[] | null {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const cuts: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return null;
    const at = Number(part);
    if (at < 1 || at >= length || (cuts.length > 0 && at <= cuts[cuts.length - 1]!)) return null;
    cuts.push(at);
  }
  return cuts;
}

export function planWrites(chips: string[], slices: string[], mode: SendMode): WritePlan {
  const bytes = chips.map((c) => encodeText(c));
  const cuts = bytes.map((b, i) => parseSlice(slices[i] ?? '', b.byteLength));
  if (cuts.some((c) => c === null)) {
    return { ok: false, problems: cuts.map((c, i) => (c === null ? { max: Math.max(0, bytes[i]!.byteLength - 1) } : null)) };
  }
  const pieces = (b: Uint8Array, at: number[]): Uint8Array[] => {
    const edges = [0, ...at, b.byteLength];
    return edges.slice(1).map((end, k) => b.subarray(edges[k]!, end));
  };
  if (mode === 'each') return { ok: true, writes: bytes.flatMap((b, i) => pieces(b, cuts[i]!)).filter((w) => w.byteLength > 0) };
  // All in one: the chips joined; a chip's cuts fall at their place in the joined bytes.
  const joined = new Uint8Array(bytes.reduce((n, b) => n + b.byteLength, 0));
  const at: number[] = [];
  let offset = 0;
  bytes.forEach((b, i) => {
    joined.set(b, offset);
    for (const c of cuts[i]!) at.push(offset + c);
    offset += b.byteLength;
  });
  return { ok: true, writes: pieces(joined, at).filter((w) => w.byteLength > 0) };
}
