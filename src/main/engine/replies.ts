// Auto-reply rules: what a server sends back for each message it receives. Together
// none / echo / upper / prefix / fixed (+ close after reply) reproduce the classic teaching servers.
import { decodeStrictUtf8, encodeText, parseEscaped } from '../../shared/codec';
import type { AutoReplyRule } from '../../shared/contract';

/** The reply bytes for a received message, or null when the rule sends nothing. */
export function computeReply(rule: AutoReplyRule, received: Uint8Array): Uint8Array | null {
  switch (rule.mode) {
    case 'none':
      return null;
    case 'echo':
      return received;
    case 'upper':
      return toUpperCase(received);
    case 'prefix':
      return concat(ruleBytes(rule), received);
    case 'fixed':
      return ruleBytes(rule);
  }
}

/** Each rule's bytes, parsed the first time the rule answers rather than once per message. */
const parsedRules = new WeakMap<AutoReplyRule, Uint8Array>();

/** The rule's text is escaped text (so "\r\n" can end a reply); the schema already checked it. */
function ruleBytes(rule: AutoReplyRule): Uint8Array {
  let bytes = parsedRules.get(rule);
  if (bytes === undefined) {
    const parsed = parseEscaped(rule.text);
    bytes = parsed.ok ? parsed.bytes : encodeText(rule.text);
    parsedRules.set(rule, bytes);
  }
  return bytes;
}

/** Unicode upper case when the bytes are UTF-8 text (as Python's str.upper()); otherwise ASCII only, so binary survives. */
function toUpperCase(bytes: Uint8Array): Uint8Array {
  const text = decodeStrictUtf8(bytes);
  if (text !== null) return encodeText(text.toUpperCase());
  return bytes.map((b) => (b >= 0x61 && b <= 0x7a ? b - 0x20 : b));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
