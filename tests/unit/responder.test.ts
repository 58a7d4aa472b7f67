// The auto-reply responder every kind asks: the seed servers' rules, parsed once when built.
import { describe, expect, it } from 'vitest';
import { buildResponder } from '../../src/main/engine/pipeline/responder';
import { decodeText, encodeText } from '../../src/shared/codec';
import { autoReplySchema, type AutoReplyInput } from '../../src/shared/contract';

const responderOf = (rule: AutoReplyInput) => buildResponder(autoReplySchema().parse(rule));

const reply = (rule: AutoReplyInput, text: string | Uint8Array): string | null => {
  const out = responderOf(rule)?.replyTo(typeof text === 'string' ? encodeText(text) : text)?.bytes ?? null;
  return out === null ? null : decodeText(out);
};

describe('the responder', () => {
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
    const out = responderOf({ mode: 'upper' })?.replyTo(Uint8Array.from([0x61, 0xff, 0x7a, 0x00]));
    expect(out?.bytes).toEqual(Uint8Array.from([0x41, 0xff, 0x5a, 0x00]));
  });

  it('keeps a leading byte order mark when upper-casing text', () => {
    expect(reply({ mode: 'upper' }, '\ufeffabc')).toBe('\ufeffABC');
  });

  it('is no responder at all for a rule that never answers, so the data path skips it', () => {
    expect(responderOf({ mode: 'none' })).toBeNull();
    expect(buildResponder(null)).toBeNull();
  });

  it('says to close after the reply when the rule asks, even with nothing to send', () => {
    expect(responderOf({ mode: 'none', closeAfterReply: true })?.replyTo(encodeText('x'))).toEqual({ bytes: null, close: true });
    expect(responderOf({ mode: 'echo', closeAfterReply: true })?.replyTo(encodeText('x'))?.close).toBe(true);
    expect(responderOf({ mode: 'echo' })?.replyTo(encodeText('x'))?.close).toBe(false);
  });

  it('parses the rule once: every fixed reply is the same bytes, and an echo is the message itself, uncopied', () => {
    const fixed = responderOf({ mode: 'fixed', text: 'OK\\r\\n' })!;
    expect(fixed.replyTo(encodeText('a'))?.bytes).toBe(fixed.replyTo(encodeText('b'))?.bytes);
    const message = encodeText('ping');
    expect(responderOf({ mode: 'echo' })?.replyTo(message)?.bytes).toBe(message);
  });
});
