// Receive framing: every scheme cut at every possible chunk boundary gives the same messages; sends
// are framed the same way; over-long frames and bad settings are clear problems.
import { describe, expect, it } from 'vitest';
import { encodeText } from '../../src/shared/codec';
import { createFramer, formatFraming, frameForSend, parseFraming, type Framing } from '../../src/shared/framing';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function framing(spec: string, max?: number): Framing {
  const r = parseFraming(spec, max);
  if (!r.ok) throw new Error(`${spec}: ${r.problem.key}`);
  return r.framing;
}

/** Feeds `stream` to a fresh framer cut into the given chunk sizes; answers messages, partial rest and any error. */
function run(f: Framing, stream: Uint8Array, cuts: number[], max?: number) {
  const framer = createFramer(f, max);
  const messages: Uint8Array[] = [];
  let at = 0;
  let error: string | null = null;
  for (const size of [...cuts, stream.length]) {
    if (at >= stream.length || error) break;
    const chunk = stream.subarray(at, Math.min(stream.length, at + size));
    at += chunk.length;
    const tooLarge = framer.push(chunk, (m) => messages.push(m.slice()));
    if (tooLarge) error = tooLarge.problem.key;
  }
  return { messages, rest: framer.end(), error };
}

/** Every way to cut `stream` in two, and byte by byte: the framer's answer never depends on how reads fall. */
function everyCut(f: Framing, stream: Uint8Array) {
  const whole = run(f, stream, []);
  for (let cut = 1; cut < stream.length; cut++) expect(run(f, stream, [cut])).toEqual(whole);
  expect(run(f, stream, Array(stream.length).fill(1))).toEqual(whole);
  return whole;
}

describe('parseFraming / formatFraming', () => {
  it('reads every scheme and writes it back the same', () => {
    for (const spec of [
      'raw',
      'line',
      'delim:\\0',
      'delim:\\r\\n',
      'delim:END',
      'fixed:8',
      'len:1be',
      'len:2be',
      'len:2le',
      'len:4be+hdr',
      'len:4le+hdr',
    ]) {
      expect(formatFraming(framing(spec))).toBe(spec);
    }
    expect(framing('len:2')).toEqual({ kind: 'len', width: 2, endian: 'be', includesHeader: false });
    expect(framing('delim:\\x03')).toEqual({ kind: 'delim', delimiter: bytes(3) });
  });

  it('names what is wrong with a bad setting', () => {
    const problem = (spec: string, max?: number) => {
      const r = parseFraming(spec, max);
      return r.ok ? null : r.problem.key;
    };
    expect(problem('lines')).toBe('framingUnknown');
    expect(problem('delim:')).toBe('framingEmptyDelimiter');
    expect(problem('delim:\\q')).toBe('escapeUnknown');
    expect(problem('fixed:0')).toBe('framingFixedSize');
    expect(problem('fixed:abc')).toBe('framingFixedSize');
    expect(problem('fixed:2000', 1000)).toBe('framingFixedSize');
    expect(problem('len:3')).toBe('framingBadLength');
    expect(problem('len:2xx')).toBe('framingBadLength');
  });
});

describe('framers', () => {
  it('raw: each read is a message, passed through untouched', () => {
    const framer = createFramer({ kind: 'raw' });
    const chunk = encodeText('abc');
    const seen: Uint8Array[] = [];
    framer.push(chunk, (m) => seen.push(m));
    expect(seen[0]).toBe(chunk);
    expect(framer.end()).toBeNull();
  });

  it('line: LF ends a message, a CR before it goes too, an empty line is a message, the rest is partial', () => {
    const r = everyCut(framing('line'), encodeText('hello\r\nworld\n\nlast'));
    expect(r.messages.map(text)).toEqual(['hello', 'world', '']);
    expect(text(r.rest!)).toBe('last');
  });

  it('delim: a multi-byte delimiter split across reads is found, and stripped', () => {
    const r = everyCut(framing('delim:\\r\\n\\r\\n'), encodeText('GET / HTTP/1.0\r\n\r\nnext\r\n\r\n\r\n'));
    expect(r.messages.map(text)).toEqual(['GET / HTTP/1.0', 'next']);
    expect(text(r.rest!)).toBe('\r\n');
    const nul = everyCut(framing('delim:\\0'), bytes(1, 2, 0, 0, 3, 0));
    expect(nul.messages).toEqual([bytes(1, 2), bytes(), bytes(3)]);
    expect(nul.rest).toBeNull();
  });

  it('fixed: every message is N bytes', () => {
    const r = everyCut(framing('fixed:3'), encodeText('abcdefgh'));
    expect(r.messages.map(text)).toEqual(['abc', 'def']);
    expect(text(r.rest!)).toBe('gh');
  });

  it('len: big- and little-endian prefixes of 1, 2 and 4 bytes, with and without the header counted', () => {
    expect(everyCut(framing('len:1'), bytes(2, 0x61, 0x62, 0, 1)).messages).toEqual([bytes(0x61, 0x62), bytes()]);
    const be = everyCut(framing('len:2'), bytes(0, 3, 1, 2, 3, 0, 1, 9, 0));
    expect(be.messages).toEqual([bytes(1, 2, 3), bytes(9)]);
    expect(be.rest).toEqual(bytes(0));
    expect(everyCut(framing('len:2le'), bytes(3, 0, 1, 2, 3)).messages).toEqual([bytes(1, 2, 3)]);
    expect(everyCut(framing('len:4be+hdr'), bytes(0, 0, 0, 6, 7, 8)).messages).toEqual([bytes(7, 8)]);
    expect(everyCut(framing('len:4le+hdr'), bytes(5, 0, 0, 0, 7)).messages).toEqual([bytes(7)]);
  });

  it('a frame past the largest allowed is an error, found as soon as it is known', () => {
    // A length prefix says so at once, before any body arrives.
    expect(run(framing('len:4'), bytes(0, 0x10, 0, 0), [], 1024).error).toBe('frameTooLarge');
    // A delimiter framer notices once it holds more than the limit without a delimiter.
    const long = run(framing('line'), encodeText('x'.repeat(100)), [60], 64);
    expect(long.error).toBe('frameTooLarge');
    // A header that counts itself cannot be shorter than itself.
    expect(run(framing('len:2+hdr'), bytes(0, 1), []).error).toBe('frameLengthBelowHeader');
    // Exactly the limit is fine.
    expect(run(framing('line'), encodeText(`${'x'.repeat(64)}\n`), [], 64).messages[0]!.length).toBe(64);
  });
});

describe('frameForSend', () => {
  const sent = (spec: string, message: Uint8Array) => frameForSend(framing(spec), message);

  it('adds what the receiving side strips, so a framer on the other end reads the message back', () => {
    for (const spec of ['raw', 'line', 'delim:\\0', 'delim:\\r\\n', 'fixed:5', 'len:1', 'len:2le', 'len:4be+hdr']) {
      const message = encodeText('hello');
      const framed = sent(spec, message);
      if (!framed.ok) throw new Error(spec);
      const back: Uint8Array[] = [];
      createFramer(framing(spec)).push(framed.bytes, (m) => back.push(m));
      expect(back.map(text), spec).toEqual(['hello']);
    }
    expect(sent('line', encodeText('hi'))).toEqual({ ok: true, bytes: encodeText('hi\n') });
    expect(sent('len:2', encodeText('hi'))).toEqual({ ok: true, bytes: bytes(0, 2, 0x68, 0x69) });
  });

  it('refuses what the framing cannot carry', () => {
    const wrongSize = sent('fixed:4', encodeText('hello'));
    expect(wrongSize.ok ? null : wrongSize.problem).toEqual({ key: 'frameFixedMismatch', params: { size: 5, fixed: 4 } });
    const tooLong = sent('len:1', new Uint8Array(256));
    expect(tooLong.ok ? null : tooLong.problem.key).toBe('frameLengthOverflow');
    expect(sent('len:1', new Uint8Array(255)).ok).toBe(true);
    expect(sent('len:1+hdr', new Uint8Array(255)).ok).toBe(false);
  });
});
