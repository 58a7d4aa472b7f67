// A session's encoding as the rules and reply texts need it: messages decoded for regex rules, group
// text and typed reply text written back in the same encoding (UTF-8 sessions keep the shared codec).
import type { LiteralEncoder } from '../../../shared/codec';
import type { TextEncoding } from '../../../shared/encodings';
import { utf8Codec, type TextCodec } from '../../../shared/rules';
import { decodeIn, encodeIn } from './encoding';

/** Decode and encode in `encoding`. Groups come from text decoded in the same encoding, so they write back;
 * only a U+FFFD (bytes that did not decode) cannot, and goes out as UTF-8 rather than vanish. */
export function codecIn(encoding: TextEncoding): TextCodec {
  if (encoding === 'utf-8') return utf8Codec;
  return {
    decode: (bytes) => decodeIn(bytes, encoding),
    encode: (text) => {
      const result = encodeIn(text, encoding);
      return result.ok ? result.bytes : new TextEncoder().encode(text);
    },
  };
}

/** Literal runs of escaped text (a reply, a sample) in `encoding`, a character it lacks said at its place in the whole text. */
export function literalIn(encoding: TextEncoding): LiteralEncoder | undefined {
  if (encoding === 'utf-8') return undefined;
  return (text, at) => {
    const result = encodeIn(text, encoding);
    if (result.ok) return result;
    const position = Number(result.problem.params?.position ?? 1) + at;
    return { ok: false, problem: { ...result.problem, params: { ...result.problem.params, position } } };
  };
}
