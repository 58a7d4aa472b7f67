import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeStrictUtf8,
  decodeText,
  encodePayload,
  encodeText,
  formatPayload,
  hexDump,
  parseEscaped,
  parseHex,
  toEscaped,
  toHex,
  type EncodeResult,
} from '../../src/shared/codec';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

function ok(result: EncodeResult): Uint8Array {
  if (!result.ok) throw new Error(`expected success, got: ${result.error.message}`);
  return result.bytes;
}

function err(result: EncodeResult) {
  if (result.ok) throw new Error(`expected an error, got bytes ${toHex(result.bytes)}`);
  return result.error;
}

describe('text', () => {
  it('encodes and decodes UTF-8, Korean included', () => {
    expect(encodeText('Hi')).toEqual(bytes(0x48, 0x69));
    expect(encodeText('안녕')).toEqual(bytes(0xec, 0x95, 0x88, 0xeb, 0x85, 0x95));
    expect(decodeText(bytes(0xec, 0x95, 0x88, 0xeb, 0x85, 0x95))).toBe('안녕');
    expect(encodePayload('ACK : hi', 'text')).toEqual({ ok: true, bytes: encodeText('ACK : hi') });
  });

  it('strict decoding refuses invalid UTF-8 instead of inventing characters', () => {
    expect(decodeStrictUtf8(bytes(0x68, 0x69))).toBe('hi');
    expect(decodeStrictUtf8(bytes(0xff, 0x41))).toBeNull();
    expect(decodeText(bytes(0xff, 0x41))).toBe('\ufffdA');
  });

  it('keeps a leading byte order mark (bytes on the wire are shown as they are)', () => {
    expect(decodeText(encodeText('\ufeffHi'))).toBe('\ufeffHi');
    expect(decodeStrictUtf8(encodeText('\ufeffHi'))).toBe('\ufeffHi');
    // ...and shows it, since it is invisible
    expect(toEscaped(encodeText('\ufeffHi'))).toBe('\\xEF\\xBB\\xBFHi');
  });

  it('round-trips any string of whole code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        expect(decodeText(encodeText(s))).toBe(s);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 32 }), (s) => {
        expect(decodeText(encodeText(s))).toBe(s);
      }),
      { numRuns: 50 }, // grapheme strings are slow to generate
    );
  });
});

describe('hex', () => {
  it('encodes bytes as upper-case pairs', () => {
    expect(toHex(bytes(0x48, 0x65, 0x0a, 0xff))).toBe('48 65 0A FF');
    expect(toHex(bytes(0x48, 0x65), '')).toBe('4865');
    expect(toHex(bytes())).toBe('');
  });

  it.each([
    ['48 65 6c', [0x48, 0x65, 0x6c]],
    ['48656c', [0x48, 0x65, 0x6c]],
    ['48:65:6C', [0x48, 0x65, 0x6c]],
    ['0x48,0x65', [0x48, 0x65]],
    ['0X48, 0X65', [0x48, 0x65]],
    ['48\n65\r\n6c\n', [0x48, 0x65, 0x6c]],
    ['\t48-65;6c  ', [0x48, 0x65, 0x6c]],
    ['DEADbeef', [0xde, 0xad, 0xbe, 0xef]],
    ['', []],
    ['  \n', []],
  ])('parses %j', (input, expected) => {
    expect(ok(parseHex(input))).toEqual(Uint8Array.from(expected));
  });

  it('names the position and the offending character of a non-hex digit', () => {
    const e = err(parseHex('48 6g'));
    expect(e.position).toBe(4);
    expect(e.offending).toBe('g');
    expect(e.message).toBe('"g" at position 5 is not a hex digit (use 0-9 and A-F).');
  });

  it('names the group with an odd number of digits', () => {
    const e = err(parseHex('48 656'));
    expect(e.offending).toBe('656');
    expect(e.position).toBe(5); // its last digit
    expect(e.message).toContain('"656" at position 4 has an odd number of hex digits');
    expect(err(parseHex('4')).message).toContain('e.g. 04');
  });

  it('rejects a 0x without digits', () => {
    const e = err(parseHex('48 0x'));
    expect(e.position).toBe(3);
    expect(e.offending).toBe('0x');
    expect(e.message).toContain('"0x" at position 4 is not followed by hex digits');
    expect(err(parseHex('0x zz')).offending).toBe('0x');
  });

  it('round-trips any bytes, whatever the separator', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(' ', '', ':', ', ', '\n'), (b, sep) => {
        expect(ok(parseHex(toHex(b, sep)))).toEqual(b);
      }),
    );
  });

  it('accepts lower case and 0x-prefixed bytes generated at random', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const text = [...b].map((x) => '0x' + x.toString(16).padStart(2, '0')).join(',');
        expect(ok(parseHex(text))).toEqual(b);
      }),
    );
  });
});

describe('escaped text', () => {
  it('parses the usual escapes', () => {
    expect(ok(parseEscaped('hi\\r\\n'))).toEqual(bytes(0x68, 0x69, 0x0d, 0x0a));
    expect(ok(parseEscaped('\\t\\0\\\\\\"\\\''))).toEqual(bytes(0x09, 0x00, 0x5c, 0x22, 0x27));
    expect(ok(parseEscaped('\\a\\b\\f\\v\\e'))).toEqual(bytes(0x07, 0x08, 0x0c, 0x0b, 0x1b));
    expect(ok(parseEscaped('안녕\\n'))).toEqual(Uint8Array.from([...encodeText('안녕'), 0x0a]));
    expect(ok(parseEscaped(''))).toEqual(bytes());
  });

  it('reads \\xHH as one raw byte, not as a character', () => {
    expect(ok(parseEscaped('\\xff'))).toEqual(bytes(0xff));
    expect(ok(parseEscaped('\\x00A\\x7F'))).toEqual(bytes(0x00, 0x41, 0x7f));
    expect(ok(encodePayload('\\xC3\\xA9', 'escaped'))).toEqual(encodeText('é'));
  });

  it('points at a \\x without two hex digits', () => {
    const e = err(parseEscaped('ab\\x4'));
    expect(e.position).toBe(2);
    expect(e.offending).toBe('\\x4');
    expect(e.message).toBe('"\\x4" at position 3 needs exactly two hex digits (e.g. \\x00, \\xFF).');
    expect(err(parseEscaped('\\xzz')).offending).toBe('\\xzz');
  });

  it('points at an unknown escape', () => {
    const e = err(parseEscaped('ok \\q'));
    expect(e.position).toBe(3);
    expect(e.offending).toBe('\\q');
    expect(e.message).toContain('"\\q" at position 4 is not a known escape');
  });

  it('points at a lone trailing backslash', () => {
    const e = err(parseEscaped('abc\\'));
    expect(e.position).toBe(3);
    expect(e.offending).toBe('\\');
    expect(e.message).toContain('position 4');
  });

  it('shows control bytes, backslashes and invalid UTF-8 as escapes', () => {
    expect(toEscaped(bytes(0x68, 0x69, 0x0d, 0x0a))).toBe('hi\\r\\n');
    expect(toEscaped(bytes(0x00, 0x09, 0x5c, 0x1b, 0x7f))).toBe('\\0\\t\\\\\\x1B\\x7F');
    expect(toEscaped(bytes(0xff, 0x41))).toBe('\\xFFA');
    expect(toEscaped(encodeText('안녕 é'))).toBe('안녕 é');
    // U+0085 (a C1 control) is valid UTF-8 but invisible: escaped byte by byte
    expect(toEscaped(bytes(0xc2, 0x85))).toBe('\\xC2\\x85');
    // a truncated sequence
    expect(toEscaped(bytes(0xec, 0x95))).toBe('\\xEC\\x95');
  });

  it('round-trips any bytes: parseEscaped(toEscaped(b)) == b', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(ok(parseEscaped(toEscaped(b)))).toEqual(b);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips bytes that are mostly UTF-8 text', () => {
    const mixed = fc
      .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }).map(encodeText), fc.uint8Array({ maxLength: 3 })))
      .map((parts) => Uint8Array.from(parts.flatMap((p) => [...p])));
    fc.assert(
      fc.property(mixed, (b) => {
        expect(ok(parseEscaped(toEscaped(b)))).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the byte-by-byte definition, in long runs and in views into a larger buffer', () => {
    // The definition the table-driven toEscaped must keep: each byte or whole visible character on its own.
    const hex2 = (b: number): string => b.toString(16).padStart(2, '0').toUpperCase();
    const named: Record<number, string> = { 0x0d: '\\r', 0x0a: '\\n', 0x09: '\\t', 0x00: '\\0', 0x5c: '\\\\' };
    const reference = (b: Uint8Array): string => {
      let s = '';
      for (let i = 0; i < b.length;) {
        const c = b[i]!;
        if (c < 0x80) {
          s += named[c] ?? (c < 0x20 || c === 0x7f ? '\\x' + hex2(c) : String.fromCharCode(c));
          i++;
          continue;
        }
        const len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
        const ch = len > 0 && i + len <= b.length ? decodeStrictUtf8(b.subarray(i, i + len)) : null;
        if (ch !== null && !/[\u0080-\u009f\ufeff]/.test(ch)) {
          s += ch;
          i += len;
        } else {
          s += '\\x' + hex2(c);
          i++;
        }
      }
      return s;
    };
    const edgy = fc.constantFrom(0x00, 0x0a, 0x5c, 0x7f, 0x80, 0x9f, 0xa0, 0xbb, 0xbf, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff);
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.array(fc.oneof(edgy, fc.integer({ min: 0, max: 255 })), { maxLength: 120 }).map((a) => Uint8Array.from(a)),
      fc.string({ unit: 'grapheme', maxLength: 80 }).map(encodeText),
    );
    fc.assert(
      fc.property(payload, fc.nat(7), (b, offset) => {
        const view = new Uint8Array(b.length + offset + 3).subarray(offset, offset + b.length);
        view.set(b);
        expect(toEscaped(view)).toBe(reference(b));
        expect(toHex(view)).toBe(Array.from(b, hex2).join(' '));
        expect(toHex(view, '')).toBe(Array.from(b, hex2).join(''));
        expect(toHex(view, ', ')).toBe(Array.from(b, hex2).join(', '));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps escaped text of plain strings readable and reversible', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 32 }), (s) => {
        const escaped = toEscaped(encodeText(s));
        expect(decodeText(ok(parseEscaped(escaped)))).toBe(s);
      }),
    );
  });
});

describe('formatPayload', () => {
  it('is the inverse of encodePayload for hex and escaped', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.constantFrom('hex' as const, 'escaped' as const), (b, format) => {
        expect(ok(encodePayload(formatPayload(b, format), format))).toEqual(b);
      }),
    );
    expect(formatPayload(encodeText('hi'), 'text')).toBe('hi');
  });
});

describe('hexDump', () => {
  it('prints offset, two groups of eight bytes and the ASCII gutter', () => {
    expect(hexDump(encodeText('Hello\r\n'))).toBe('00000000  48 65 6C 6C 6F 0D 0A' + ' '.repeat(30) + '|Hello..|');
    expect(hexDump(encodeText('0123456789ABCDEF'))).toBe('00000000  30 31 32 33 34 35 36 37  38 39 41 42 43 44 45 46  |0123456789ABCDEF|');
  });

  it('starts a new row every 16 bytes, keeping the columns aligned', () => {
    const dump = hexDump(Uint8Array.from({ length: 40 }, (_, i) => i + 0x3c)).split('\n');
    expect(dump).toHaveLength(3);
    expect(dump[0]!.startsWith('00000000  3C 3D')).toBe(true);
    expect(dump[1]!.startsWith('00000010  4C 4D')).toBe(true);
    expect(dump[2]).toBe('00000020  5C 5D 5E 5F 60 61 62 63' + ' '.repeat(27) + '|\\]^_`abc|');
    // the gutter starts in the same column on every row
    expect(new Set(dump.map((row) => row.indexOf('|'))).size).toBe(1);
  });

  it('shows non-printable bytes as dots and prints nothing for no bytes', () => {
    expect(hexDump(bytes(0x00, 0x41, 0xff, 0x7f))).toMatch(/\|\.A\.\.\|$/);
    expect(hexDump(bytes())).toBe('');
  });

  it('holds every byte exactly once, in order', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const hexPart = hexDump(b)
          .split('\n')
          .map((row) => row.slice(10, 10 + 48))
          .join(' ');
        expect(ok(parseHex(hexPart))).toEqual(b);
      }),
    );
  });
});

describe('line endings', () => {
  it('appends nothing, LF or CR LF', async () => {
    const { withLineEnding } = await import('../../src/shared/codec');
    const hi = new Uint8Array([0x68, 0x69]);
    expect([...withLineEnding(hi, 'none')]).toEqual([0x68, 0x69]);
    expect([...withLineEnding(hi, 'lf')]).toEqual([0x68, 0x69, 0x0a]);
    expect([...withLineEnding(hi, 'crlf')]).toEqual([0x68, 0x69, 0x0d, 0x0a]);
    expect([...withLineEnding(new Uint8Array(), 'crlf')]).toEqual([0x0d, 0x0a]);
  });
});
