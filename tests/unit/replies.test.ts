import { describe, expect, it } from 'vitest';
import { computeReply } from '../../src/main/engine/replies';
import { decodeText, encodeText } from '../../src/shared/codec';
import { autoReplySchema, type AutoReplyInput } from '../../src/shared/contract';

const reply = (rule: AutoReplyInput, text: string | Uint8Array): string | null => {
  const out = computeReply(autoReplySchema.parse(rule), typeof text === 'string' ? encodeText(text) : text);
  return out === null ? null : decodeText(out);
};

describe('computeReply', () => {
  it('reproduces the seed servers', () => {
    expect(reply({ mode: 'none' }, 'hi')).toBeNull();
    expect(reply({ mode: 'echo' }, 'hi')).toBe('hi');
    expect(reply({ mode: 'upper' }, 'hello, straße 안녕')).toBe('HELLO, STRASSE 안녕');
    expect(reply({ mode: 'prefix', text: 'ACK : ' }, 'hi')).toBe('ACK : hi');
    expect(reply({ mode: 'fixed', text: 'Hello, Client!' }, 'Hello, Server!')).toBe('Hello, Client!');
  });

  it('reads the rule text as escaped text', () => {
    expect(reply({ mode: 'fixed', text: 'OK\\r\\n' }, 'x')).toBe('OK\r\n');
    expect(reply({ mode: 'prefix', text: '\\x3E ' }, 'x')).toBe('> x');
  });

  it('upper-cases only ASCII letters in binary data, leaving other bytes alone', () => {
    const out = computeReply(autoReplySchema.parse({ mode: 'upper' }), Uint8Array.from([0x61, 0xff, 0x7a, 0x00]));
    expect(out).toEqual(Uint8Array.from([0x41, 0xff, 0x5a, 0x00]));
  });

  it('keeps a leading byte order mark when upper-casing text', () => {
    expect(reply({ mode: 'upper' }, '\ufeffabc')).toBe('\ufeffABC');
  });
});
