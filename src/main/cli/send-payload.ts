// The payload of `send`: --text, --hex or --escaped, with {{counter}}, {{time}}, {{unixtime}} and
// {{random:N}} in text and escaped text expanded for each of the --count sends.
import { encodePayload, type PayloadFormat } from '../../shared/codec';
import { expandMacros, hasMacros } from '../../shared/macros';
import { problemText } from '../../shared/problems';
import { parseRepeatPayload } from '../../shared/repeat';
import { UsageError } from './args';
import { encodeIn } from '../engine/text/encoding';
import { defaultEncoding, type TextEncoding } from '../../shared/encodings';

export interface PayloadPlan {
  /** The bytes of send number `counter` (from 1). */
  message(counter: number): Uint8Array;
}

/**
 * Checked once: a bad macro or escape is one line naming its position; then each send only expands.
 * --text is written in `encoding` (--encoding); --hex and --escaped are bytes already.
 */
export function payloadPlan(input: string, format: PayloadFormat, encoding: TextEncoding = defaultEncoding): PayloadPlan {
  const parsed = parseRepeatPayload(input, format);
  if (!parsed.ok) throw new UsageError(`--${format}: ${problemText(parsed.problem)}`);
  const encode = (text: string): Uint8Array => {
    if (format === 'text' && encoding !== defaultEncoding) {
      const written = encodeIn(text, encoding);
      if (!written.ok) throw new UsageError(`--text: ${problemText(written.problem)}`);
      return written.bytes;
    }
    const encoded = encodePayload(text, format);
    // The template's text was checked above, and a macro expands to digits, ':' and '.' only.
    if (!encoded.ok) throw new UsageError(`--${format}: ${encoded.error.message}`);
    return encoded.bytes;
  };
  const template = parsed.template;
  if (template === null || !hasMacros(template)) {
    const bytes = encode(input);
    return { message: () => bytes };
  }
  return { message: (counter) => encode(expandMacros(template, { counter, now: new Date() })) };
}
